/*
 * A network that lets only TCP through (a firewall dropping every datagram to port 53) makes every UDP query time out,
 * to every server, and the walk then asks over TCP and is answered. A break test on such a network got a slow answer
 * and no finding at all: per server, SERVER_UDP_FAILS_TCP_WORKS is held back when UDP works nowhere, as it is then not
 * each server's UDP. Servers of unrelated zones all silent over UDP and all answering over TCP is this host's UDP, as
 * the same over TCP is this host's TCP (VANTAGE_TCP_BLOCKED).
 */
import {describe, expect, it} from 'vitest';
import {withAnalysis} from '../../source/analysis/analyze.js';
import {failureUsersWaitOn} from '../../source/analysis/failure-cause.js';
import type {Family} from '../../source/dns/address.js';
import type {Endpoint} from '../../source/dns/transport.js';
import type {Trace} from '../../source/trace/model.js';
import {parseSnapshot} from '../../source/snapshot/snapshot.js';
import {serializeSnapshot} from '../../source/snapshot/write-snapshot.js';
import {applyChanges} from '../../source/what-if/apply-changes.js';
import {labTrace} from '../helpers/lab.js';
import {TOOL} from '../helpers/snapshots.js';
import {hostFiltered, isIpv6, oneMachineWorld, threeZoneWorld as world} from '../helpers/transport-worlds.js';

/** `lost`: the UDP datagrams this host's network drops on the way out (TCP always gets through). */
async function traced(built: ReturnType<typeof world>, {lost, families = [4]}: {lost?: (to: Endpoint, payload: Uint8Array) => boolean; families?: Family[]} = {}) {
	const trace = await labTrace('www.x.one', 'A', {world: built, families, dnssec: false, timeoutMs: 100, ...(lost ? {transport: hostFiltered(built, {udpLost: lost})} : {})});
	return {trace, ...analysed(trace, built)};
}

function analysed(trace: Trace, built: ReturnType<typeof world>) {
	const {analysis} = withAnalysis(trace, {anchors: {source: 'lab', records: built.trustAnchor}});
	return {findings: analysis.findings.filter((finding) => finding.code !== 'SINGLE_POINT_OF_FAILURE'), cause: failureUsersWaitOn(trace, analysis.findings)};
}

/** A query carrying an OPT record (ARCOUNT, the header's last two bytes, not zero: the walk adds no other record). */
const withEdns = (_to: Endpoint, payload: Uint8Array) => payload[10] !== 0 || payload[11] !== 0;

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

	it("servers silent over TCP too, with UDP blocked here: their zone is unreachable from here, and the vantage says their UDP was not checked", async () => {
		const {trace, findings, cause} = await traced(world((zone) => ({dropUdp: true, ...(zone === 'x.one.' ? {noTcp: true} : {})})));
		expect(trace.outcome.status).toBe('failure');
		expect(findings.map((finding) => `${finding.severity} ${finding.code} ${finding.zone}`)).toEqual(['error SERVER_UNREACHABLE x.one.', 'error ZONE_UNREACHABLE x.one.', 'warning VANTAGE_UDP_BLOCKED .']);
		expect(findings.at(-1)!.message).toMatch(/ of 2 zones \(\. and one\.\) timed out over UDP and were answered over TCP; UDP port 53 is probably blocked on the way out; 2 more server addresses answered over neither, and their UDP could not be checked from here$/u);
		expect(cause?.code).toBe('SERVER_UNREACHABLE');
		// Silence over UDP and a refusal over TCP: not "nothing listens there", which a refusal over UDP would say.
		expect(findings[0]!.message).toMatch(/^x\.one\.: ns1\.x\.one\. \(127\.77\.219\.3\) is unreachable \(\d+ of \d+ queries got no answer over UDP and were refused over TCP\)/u);
	});

	it("a dead zone behind a UDP block is still a dead zone: its servers' time-outs and the failure's cause stay", async () => {
		const {trace, findings, cause} = await traced(world((zone) => ({dropUdp: true, ...(zone === 'x.one.' ? {down: true} : {})})));
		expect(trace.outcome.status).toBe('failure');
		expect(findings.map((finding) => `${finding.severity} ${finding.code} ${finding.zone}`)).toEqual(['error SERVER_TIMEOUT x.one.', 'error ZONE_UNREACHABLE x.one.', 'warning VANTAGE_UDP_BLOCKED .']);
		expect(cause?.code).toBe('SERVER_TIMEOUT');
	});

	it("a what-if's servers assumed down are no evidence: downing x.one. behind the block is x.one.'s outage, not unchecked UDP", async () => {
		const built = world(() => ({dropUdp: true}));
		const {trace} = await traced(built);
		const assumed = applyChanges(trace, [{kind: 'zone-down', zone: 'x.one.'}]);
		const {findings} = analysed(assumed, built);
		expect(findings.map((finding) => `${finding.severity} ${finding.code} ${finding.zone}`)).toEqual(['error SERVER_TIMEOUT x.one.', 'error ZONE_UNREACHABLE x.one.', 'warning VANTAGE_UDP_BLOCKED .']);
		expect(findings.at(-1)!.message).not.toContain('could not be checked');
	});

	it('queries with EDNS lost, plain UDP answered beside the TCP tries: UDP crosses the path, and is not called blocked', async () => {
		const built = world(() => ({}));
		const {trace, findings} = await traced(built, {lost: withEdns});
		expect(trace.outcome.status).toBe('answer');
		expect(trace.zones.flatMap((zone) => zone.servers.flatMap((server) => server.probes)).filter((probe) => probe.plainUdpAnswered).length).toBeGreaterThan(0);
		expect(findings.map((finding) => finding.code)).not.toContain('VANTAGE_UDP_BLOCKED');
		const reopened = parseSnapshot(serializeSnapshot({trace, analysis: undefined}, TOOL)).trace;
		expect(analysed(reopened, built).findings.map((finding) => finding.code)).not.toContain('VANTAGE_UDP_BLOCKED');
	});

	it('a file that says the plain query was answered, of probes that got no answer, is not believed', async () => {
		// ns2.x.one. is down: its probes time out.
		const built = world((zone, n) => ({dropUdp: true, ...(zone === 'x.one.' && n === 2 ? {down: true} : {})}));
		const {trace} = await traced(built);
		const file = JSON.parse(serializeSnapshot({trace, analysis: undefined}, TOOL)) as {zones: Array<{servers: Array<{probes: Array<Record<string, unknown>>}>}>};
		// Every probe claims a plain UDP answer: of an answer over TCP after UDP time-outs it is believed; of the rest not.
		for (const probe of file.zones.flatMap((zone) => zone.servers.flatMap((server) => server.probes))) probe['plainUdpAnswered'] = true;
		const reopened = parseSnapshot(JSON.stringify(file)).trace;
		const kept = reopened.zones.flatMap((zone) => zone.servers.flatMap((server) => server.probes)).filter((probe) => probe.plainUdpAnswered);
		expect(kept.length).toBeGreaterThan(0);
		expect(kept.every((probe) => probe.status === 'answered' && probe.transport === 'tcp' && probe.udpTimedOut)).toBe(true);
		expect(reopened.zones.flatMap((zone) => zone.servers).filter((server) => server.address === '127.77.220.3').flatMap((server) => server.probes).some((probe) => probe.plainUdpAnswered)).toBe(false);
	});

	it("one zone's servers drop UDP queries with EDNS and answer plain ones and TCP: EDNS_UNSUPPORTED for them, not UDP dropped, run after run", async () => {
		const xOne = (to: Endpoint) => to.address.endsWith('.3');
		for (let run = 0; run < 5; run++) {
			const {findings} = await traced(world(() => ({})), {lost: (to, payload) => xOne(to) && withEdns(to, payload)});
			expect(findings.map((finding) => `${finding.severity} ${finding.code} ${finding.zone}`)).toEqual(['warning EDNS_UNSUPPORTED x.one.']);
		}
	});

	it('UDP over IPv4 blocked here, over IPv6 answered: VANTAGE_UDP_BLOCKED over IPv4, and no IPv4 server blamed', async () => {
		const {trace, findings} = await traced(world(() => ({}), {ipv6: true}), {lost: (to) => !isIpv6(to), families: [4, 6]});
		expect(trace.outcome.status).toBe('answer');
		expect(findings.map((finding) => `${finding.severity} ${finding.code} ${finding.zone}`)).toEqual(['warning VANTAGE_UDP_BLOCKED .']);
		expect(findings[0]!.message).toMatch(/^this host got no answer over UDP over IPv4: \d+ queries to 6 server addresses of 3 zones \(\., one\. and x\.one\.\) timed out over UDP and were answered over TCP; UDP port 53 is probably blocked on the way out over IPv4, as UDP over IPv6 is answered$/u);
		expect(findings[0]!.explanation).toContain('UDP port 53 over IPv4 from here that is blocked');
	});

	it('one machine serving every zone is not enough to tell this host from that machine', async () => {
		const {trace, findings} = await traced(oneMachineWorld({dropUdp: true}));
		expect(trace.outcome.status).toBe('answer');
		expect(findings.map((finding) => finding.code)).not.toContain('VANTAGE_UDP_BLOCKED');
	});
});
