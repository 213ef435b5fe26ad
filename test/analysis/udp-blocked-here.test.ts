/*
 * A network that lets only TCP through (a firewall dropping every datagram to port 53) makes every UDP query time out,
 * to every server, and the walk then asks over TCP and is answered. A break test on such a network got a slow answer
 * and no finding at all: per server, SERVER_UDP_FAILS_TCP_WORKS is held back when UDP works nowhere, as it is then not
 * each server's UDP. Servers of unrelated zones all silent over UDP and all answering over TCP is this host's UDP, as
 * the same over TCP is this host's TCP (VANTAGE_TCP_BLOCKED).
 */
import {describe, expect, it} from 'vitest';
import {withAnalysis} from '../../source/analysis/analyze.js';
import {labTrace} from '../helpers/lab.js';
import {oneMachineWorld, threeZoneWorld as world} from '../helpers/transport-worlds.js';

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
		const {trace, findings} = await traced(oneMachineWorld({dropUdp: true}));
		expect(trace.outcome.status).toBe('answer');
		expect(findings.map((finding) => finding.code)).not.toContain('VANTAGE_UDP_BLOCKED');
	});
});
