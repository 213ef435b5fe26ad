/*
 * A network that lets only UDP through (a firewall, a hotel or captive network) makes every TCP query fail, to every
 * server. A break test on such a network was told SERVER_NO_TCP, an error, for the root, com. and example.com., each
 * with its DNS operator to fix it: servers of unrelated operators failing together over TCP, while all of them answer
 * over UDP, is this host's TCP, as one family failing everywhere is this host's (VANTAGE_IPV4_BLOCKED).
 */
import {describe, expect, it} from 'vitest';
import {withAnalysis} from '../../source/analysis/analyze.js';
import {buildWorld} from '../../source/lab/world.js';
import {labTrace} from '../helpers/lab.js';
import {hostFiltered, isIpv6, oneMachineWorld, threeZoneWorld} from '../helpers/transport-worlds.js';

/** The three zones, `noTcp` saying whose servers have no TCP listener. */
const world = (noTcp: (zone: string) => boolean) => threeZoneWorld((zone) => (noTcp(zone) ? {noTcp: true} : {}));

async function findings(built: ReturnType<typeof world>, expect_: 'answer' | 'truncating' = 'answer') {
	const trace = await labTrace('www.x.one', 'A', {world: truncating(built, expect_ === 'truncating'), families: [4], dnssec: false, timeoutMs: 100});
	expect(trace.outcome.status).toBe(expect_ === 'answer' ? 'answer' : 'failure');
	return withAnalysis(trace, {anchors: {source: 'lab', records: built.trustAnchor}}).analysis.findings.filter((finding) => finding.code !== 'SINGLE_POINT_OF_FAILURE');
}

/** The world with x.one.'s servers answering every UDP query TC=1 (`truncate`), so every answer needs TCP. */
function truncating(built: ReturnType<typeof world>, truncate: boolean): ReturnType<typeof world> {
	if (!truncate) return built;
	return buildWorld({...built.spec, servers: built.spec.servers.map((server) => (server.zones.some(({zone}) => zone === 'x.one.') ? {...server, truncateUdp: true} : server))});
}

describe("this host's TCP blocked", () => {
	it('no server of any zone answers over TCP: one VANTAGE_TCP_BLOCKED, and no zone blamed', async () => {
		const found = await findings(world(() => true));
		expect(found.map((finding) => [finding.severity, finding.code, finding.servers, finding.fixers])).toEqual([['warning', 'VANTAGE_TCP_BLOCKED', [], ['your-network']]]);
		expect(found[0]!.message).toBe('this host got no answer over TCP: 6 queries over TCP to 6 server addresses of 3 zones (., one. and x.one.) refused, while the same servers answer over UDP; TCP port 53 is probably blocked on the way out');
	});

	it("one zone's servers without TCP, where the others answer over it: that zone's SERVER_NO_TCP, and nothing about this host", async () => {
		const found = await findings(world((zone) => zone === 'x.one.'));
		expect(found.map((finding) => `${finding.severity} ${finding.code} ${finding.zone}`)).toEqual(['error SERVER_NO_TCP x.one.']);
	});

	it('one machine serving every zone without TCP is that machine, not this host', async () => {
		const found = await findings(oneMachineWorld({noTcp: true}));
		expect(found.map((finding) => finding.code)).not.toContain('VANTAGE_TCP_BLOCKED');
		expect(found.map((finding) => finding.code)).toContain('SERVER_NO_TCP');
	});

	it("a zone whose every answer is cut short over UDP, with this host's TCP blocked, is not called unreachable", async () => {
		const found = await findings(world(() => true), 'truncating');
		expect(found.map((finding) => `${finding.severity} ${finding.code} ${finding.zone}`)).toEqual(['warning VANTAGE_TCP_BLOCKED .']);
		expect(found[0]!.message).toMatch(/, and \d+ answers too large for UDP \(TC=1\) could not be had from here$/u);
	});

	it('TCP over IPv6 refused here, over IPv4 answered: VANTAGE_TCP_BLOCKED over IPv6, and no IPv6 server blamed', async () => {
		const built = threeZoneWorld(() => ({}), {ipv6: true});
		const trace = await labTrace('www.x.one', 'A', {world: built, families: [4, 6], dnssec: false, timeoutMs: 100, transport: hostFiltered(built, {tcpRefused: isIpv6})});
		const found = withAnalysis(trace, {anchors: {source: 'lab', records: built.trustAnchor}}).analysis.findings.filter((finding) => finding.code !== 'SINGLE_POINT_OF_FAILURE');
		expect(found.map((finding) => `${finding.severity} ${finding.code} ${finding.zone}`)).toEqual(['warning VANTAGE_TCP_BLOCKED .']);
		expect(found[0]!.message).toBe('this host got no answer over TCP over IPv6: 6 queries over TCP to 6 server addresses of 3 zones (., one. and x.one.) refused, while the same servers answer over UDP; TCP port 53 is probably blocked on the way out over IPv6, as TCP over IPv4 is answered');
		expect(found[0]!.explanation).toContain('TCP port 53 over IPv6 from here that is blocked');
	});

	it('TCP refused over both families, IPv6 at one zone only: every failure is this host\'s, that zone\'s IPv6 servers too', async () => {
		const dualStack = threeZoneWorld(() => ({}), {ipv6: true});
		// IPv6 (its server addresses and AAAA glue) at x.one.'s two servers only.
		const built = buildWorld({
			...dualStack.spec,
			servers: dualStack.spec.servers.map((server) => (server.zones.some(({zone}) => zone === 'x.one.') ? server : {...server, ipv6: undefined})),
			zones: dualStack.spec.zones.map((zone) => ({...zone, text: zone.text.split('\n').filter((line) => !/AAAA 2001:db8::\d:[12]$/u.test(line)).join('\n')})),
		});
		const trace = await labTrace('www.x.one', 'A', {world: built, families: [4, 6], dnssec: false, timeoutMs: 100, transport: hostFiltered(built, {tcpRefused: () => true})});
		const found = withAnalysis(trace, {anchors: {source: 'lab', records: built.trustAnchor}}).analysis.findings.filter((finding) => finding.code !== 'SINGLE_POINT_OF_FAILURE');
		expect(found.map((finding) => `${finding.severity} ${finding.code} ${finding.zone}`)).toEqual(['warning VANTAGE_TCP_BLOCKED .']);
		expect(found[0]!.message).toMatch(/^this host got no answer over TCP: 8 queries over TCP to 8 server addresses of 3 zones /u);
	});

	it('two zones without TCP beside one with it: still the zones, not this host', async () => {
		const found = await findings(world((zone) => zone !== '.'));
		expect(found.map((finding) => `${finding.severity} ${finding.code} ${finding.zone}`)).toEqual(['error SERVER_NO_TCP one.', 'error SERVER_NO_TCP x.one.']);
	});
});
