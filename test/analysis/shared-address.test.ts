/*
 * Several name-server names can lead to one address: the delegation promises two or three servers, and one machine
 * (or one anycast route) answers under every name, so one failure takes the zone down. Zonemaster reports it
 * (DELEGATION02). A break test found digdeeper counting such a zone's "server addresses" name by name: three names on
 * one address read "all 3 server addresses sit in one network", and ZONE_UNREACHABLE beside it said "1 server address".
 */
import {describe, expect, it} from 'vitest';
import {withAnalysis} from '../../source/analysis/analyze.js';
import type {Finding} from '../../source/analysis/finding.js';
import {buildWorld, type ServerSpec} from '../../source/lab/world.js';
import {labTrace} from '../helpers/lab.js';

const ROOT_SERVER: ServerSpec = {name: 'a.root.lab.', ipv4: '127.77.211.1', ipv6: '2001:db8:211::1', zones: [{zone: '.'}]};

/** The TLD one., its name servers' names with their address records (`ns1 A 127.77.211.2`, one a line, as glue and in the zone), served by `servers`. */
function world(names: string, servers: ServerSpec[]) {
	const lines = names.split('\n').map((line) => line.split(' ') as [string, string, string]);
	const delegation = [...new Set(lines.map(([name]) => name))].map((name) => `one. NS ${name}.one.`);
	const addresses = lines.map(([name, type, address]) => `${name}.one. ${type} ${address}`);
	return buildWorld({
		roots: ['a.root.lab.'],
		stories: [],
		servers: [ROOT_SERVER, ...servers],
		zones: [
			{origin: '.', text: ['@ SOA a.root.lab. h.lab. 1 1 1 1 1', '@ NS a.root.lab.', 'a.root.lab. A 127.77.211.1', 'a.root.lab. AAAA 2001:db8:211::1', ...delegation, ...addresses].join('\n')},
			{origin: 'one.', text: ['@ SOA ns1.one. h.one. 1 1 1 1 1', ...delegation, ...addresses, 'www.one. A 192.0.2.1'].join('\n')},
		],
	});
}

const server = (name: string, ipv4: string, ipv6?: string): ServerSpec => ({name, ipv4, ...(ipv6 ? {ipv6} : {}), zones: [{zone: 'one.'}]});

async function singlePoints(built: ReturnType<typeof world>, families: Array<4 | 6> = [4]): Promise<Finding[]> {
	const trace = await labTrace('www.one', 'A', {world: built, families, dnssec: false});
	expect(trace.outcome.status).toBe('answer');
	return withAnalysis(trace, {anchors: {source: 'lab', records: built.trustAnchor}}).analysis.findings.filter((finding) => finding.code === 'SINGLE_POINT_OF_FAILURE' && finding.zone === 'one.');
}

describe('name servers that share an address', () => {
	it('two names on one address: a warning that the zone has one server under two names, with the address once', async () => {
		const [finding, ...more] = await singlePoints(world('ns1 A 127.77.211.2\nns2 A 127.77.211.2', [server('ns1.one.', '127.77.211.2')]));
		expect(more).toEqual([]);
		expect(finding).toMatchObject({
			severity: 'warning',
			servers: ['127.77.211.2'],
			message: 'one.: both name servers (ns1.one., ns2.one.) have the same address, 127.77.211.2: one server under 2 names',
			fixers: ['zone-owner', 'dns-operator'],
		});
		expect(finding!.explanation).toContain('DELEGATION02');
	});

	it('three names on one address are one address, not "all 3 server addresses" in one network', async () => {
		const found = await singlePoints(world('ns1 A 127.77.211.2\nns2 A 127.77.211.2\nns3 A 127.77.211.2', [server('ns1.one.', '127.77.211.2')]));
		expect(found.map((finding) => finding.message)).toEqual(['one.: all 3 name servers (ns1.one., ns2.one., ns3.one.) have the same address, 127.77.211.2: one server under 3 names']);
	});

	it('a third name without an address is left to NS_NAME_UNRESOLVABLE: the two with one are one server', async () => {
		const found = await singlePoints(world('ns1 A 127.77.211.2\nns2 A 127.77.211.2\nns3 TXT nothing', [server('ns1.one.', '127.77.211.2')]));
		expect(found.map((finding) => finding.message)).toEqual(['one.: both name servers with an address (ns1.one., ns2.one.) have the same address, 127.77.211.2: one server under 2 names']);
	});

	it('two names with the same IPv4 and IPv6 addresses are one dual-stacked server', async () => {
		const found = await singlePoints(
			world('ns1 A 127.77.211.2\nns1 AAAA 2001:db8:211::2\nns2 A 127.77.211.2\nns2 AAAA 2001:db8:211::2', [server('ns1.one.', '127.77.211.2', '2001:db8:211::2')]),
			[4, 6],
		);
		expect(found.map((finding) => [finding.message, finding.servers])).toEqual([
			['one.: both name servers (ns1.one., ns2.one.) have the same addresses, 127.77.211.2 and 2001:db8:211::2: one server under 2 names', ['127.77.211.2', '2001:db8:211::2']],
		]);
	});

	it('two names with the same two IPv4 addresses: not one server, but names that add none', async () => {
		const found = await singlePoints(world('ns1 A 127.77.211.2\nns1 A 127.77.212.3\nns2 A 127.77.211.2\nns2 A 127.77.212.3', [server('ns1.one.', '127.77.211.2'), server('ns1.one.', '127.77.212.3')]));
		expect(found.map((finding) => finding.message)).toEqual(['one.: both name servers (ns1.one., ns2.one.) have the same addresses, 127.77.211.2 and 127.77.212.3: the names add no server to them']);
	});

	it('two names with one IPv4 address and different IPv6 ones: one server over IPv4, where many resolvers still are', async () => {
		const found = await singlePoints(
			world('ns1 A 127.77.211.2\nns1 AAAA 2001:db8:211::2\nns2 A 127.77.211.2\nns2 AAAA 2001:db8:212::3', [server('ns1.one.', '127.77.211.2', '2001:db8:211::2'), {name: 'ns2.one.', ipv6: '2001:db8:212::3', zones: [{zone: 'one.'}]}]),
			[4, 6],
		);
		expect(found.map((finding) => [finding.severity, finding.servers, finding.message])).toEqual([
			['warning', ['127.77.211.2'], 'one.: both name servers (ns1.one., ns2.one.) have the same IPv4 address, 127.77.211.2: over IPv4, one server under 2 names'],
		]);
	});

	it('two servers in one /24 are still "both server addresses in one network", and only that', async () => {
		const found = await singlePoints(world('ns1 A 127.77.211.2\nns2 A 127.77.211.3', [server('ns1.one.', '127.77.211.2'), server('ns2.one.', '127.77.211.3')]));
		expect(found.map((finding) => [finding.severity, finding.message])).toEqual([['warning', 'one.: both server addresses sit in one network, 127.77.211.0/24']]);
		expect(found[0]!.explanation).toContain('/24');
	});

	it('names that share an address beside a server elsewhere are not one server, and the addresses span two networks: no finding', async () => {
		const found = await singlePoints(
			world('ns1 A 127.77.211.2\nns2 A 127.77.211.2\nns3 A 127.77.212.3', [server('ns1.one.', '127.77.211.2'), server('ns3.one.', '127.77.212.3')]),
		);
		expect(found).toEqual([]);
	});

	it('three names on two addresses in one network: one network, counting each address once', async () => {
		const found = await singlePoints(
			world('ns1 A 127.77.211.2\nns2 A 127.77.211.2\nns3 A 127.77.211.3', [server('ns1.one.', '127.77.211.2'), server('ns3.one.', '127.77.211.3')]),
		);
		expect(found.map((finding) => [finding.message, finding.servers])).toEqual([['one.: both server addresses sit in one network, 127.77.211.0/24', ['127.77.211.2', '127.77.211.3']]]);
	});
});
