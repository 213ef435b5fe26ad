/*
 * A network that lets only TCP through (a firewall dropping every datagram to port 53) makes every UDP query time out,
 * to every server, and the walk then asks over TCP and is answered. A break test on such a network got a slow answer
 * and no finding at all: per server, SERVER_UDP_FAILS_TCP_WORKS is held back when UDP works nowhere, as it is then not
 * each server's UDP. Servers of unrelated zones all silent over UDP and all answering over TCP is this host's UDP, as
 * the same over TCP is this host's TCP (VANTAGE_TCP_BLOCKED).
 */
import {describe, expect, it} from 'vitest';
import {withAnalysis} from '../../source/analysis/analyze.js';
import {buildWorld, type ServerSpec} from '../../source/lab/world.js';
import {labTrace} from '../helpers/lab.js';

/** A root, TLD one. and zone x.one., each with two servers; `server` adds to each zone's servers' spec. */
function world(server: (zone: string) => Partial<ServerSpec>) {
	const pair = (zone: string, host: string, octet: number): ServerSpec[] => [1, 2].map((n) => ({name: `${host}${n}.${zone === '.' ? 'root.lab.' : zone}`, ipv4: `127.77.${218 + n}.${octet}`, ...server(zone), zones: [{zone}]}));
	return buildWorld({
		roots: ['a1.root.lab.'],
		stories: [],
		servers: [...pair('.', 'a', 1), ...pair('one.', 'ns', 2), ...pair('x.one.', 'ns', 3)],
		zones: [
			{origin: '.', text: '@ SOA a1.root.lab. h.lab. 1 1 1 1 1\n@ NS a1.root.lab.\n@ NS a2.root.lab.\na1.root.lab. A 127.77.219.1\na2.root.lab. A 127.77.220.1\none. NS ns1.one.\none. NS ns2.one.\nns1.one. A 127.77.219.2\nns2.one. A 127.77.220.2'},
			{origin: 'one.', text: '@ SOA ns1.one. h.one. 1 1 1 1 1\n@ NS ns1.one.\n@ NS ns2.one.\nns1 A 127.77.219.2\nns2 A 127.77.220.2\nx NS ns1.x\nx NS ns2.x\nns1.x A 127.77.219.3\nns2.x A 127.77.220.3'},
			{origin: 'x.one.', text: '@ SOA ns1.x.one. h.x.one. 1 1 1 1 1\n@ NS ns1.x.one.\n@ NS ns2.x.one.\nns1 A 127.77.219.3\nns2 A 127.77.220.3\nwww A 192.0.2.1'},
		],
	});
}

async function traced(built: ReturnType<typeof world>) {
	const trace = await labTrace('www.x.one', 'A', {world: built, families: [4], dnssec: false, timeoutMs: 100});
	const findings = withAnalysis(trace, {anchors: {source: 'lab', records: built.trustAnchor}}).analysis.findings.filter((finding) => finding.code !== 'SINGLE_POINT_OF_FAILURE');
	return {trace, findings};
}

describe("this host's UDP blocked", () => {
	it('no server of any zone answers over UDP, all over TCP: one VANTAGE_UDP_BLOCKED, and no server blamed', async () => {
		const {trace, findings} = await traced(world(() => ({dropUdp: true})));
		expect(trace.outcome.status).toBe('answer');
		expect(findings.map((finding) => [finding.severity, finding.code, finding.zone, finding.servers, finding.fixers])).toEqual([['warning', 'VANTAGE_UDP_BLOCKED', '.', [], ['your-network']]]);
		expect(findings[0]!.message).toBe('this host got no answer over UDP: 36 queries to 6 server addresses of 3 zones (., one. and x.one.) timed out over UDP and were answered over TCP; UDP port 53 is probably blocked on the way out');
		expect(findings[0]!.explanation).toContain('UDP port 53 from here that is blocked');
	});

	it("one zone's servers dropping UDP, where the others answer over it: that zone's SERVER_UDP_FAILS_TCP_WORKS, and nothing about this host", async () => {
		const {findings} = await traced(world((zone) => (zone === 'x.one.' ? {dropUdp: true} : {})));
		expect(findings.map((finding) => `${finding.severity} ${finding.code} ${finding.zone}`)).toEqual(['warning SERVER_UDP_FAILS_TCP_WORKS x.one.']);
	});

	it('servers silent over TCP too, with UDP blocked here, are not called dead: their UDP could not be checked', async () => {
		const {trace, findings} = await traced(world((zone) => ({dropUdp: true, ...(zone === 'x.one.' ? {noTcp: true} : {})})));
		expect(trace.outcome.status).toBe('failure');
		expect(findings.map((finding) => `${finding.severity} ${finding.code} ${finding.zone}`)).toEqual(['warning VANTAGE_UDP_BLOCKED .']);
		expect(findings[0]!.message).toMatch(/ of 2 zones \(\. and one\.\) timed out over UDP and were answered over TCP; UDP port 53 is probably blocked on the way out; 2 more server addresses answered over neither, and their UDP could not be checked from here$/u);
	});

	it('one machine serving every zone is not enough to tell this host from that machine', async () => {
		const built = buildWorld({
			roots: ['box.lab.'],
			stories: [],
			servers: [{name: 'box.lab.', ipv4: '127.77.224.1', dropUdp: true, zones: [{zone: '.'}, {zone: 'one.'}, {zone: 'x.one.'}]}],
			zones: [
				{origin: '.', text: '@ SOA box.lab. h.lab. 1 1 1 1 1\n@ NS box.lab.\nbox.lab. A 127.77.224.1\none. NS box.lab.'},
				{origin: 'one.', text: '@ SOA box.lab. h.one. 1 1 1 1 1\n@ NS box.lab.\nx NS box.lab.'},
				{origin: 'x.one.', text: '@ SOA box.lab. h.x.one. 1 1 1 1 1\n@ NS box.lab.\nwww A 192.0.2.1'},
			],
		});
		const {trace, findings} = await traced(built as ReturnType<typeof world>);
		expect(trace.outcome.status).toBe('answer');
		expect(findings.map((finding) => finding.code)).not.toContain('VANTAGE_UDP_BLOCKED');
	});
});
