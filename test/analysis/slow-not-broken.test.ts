/*
 * A server that is slow, or on a lossy path, lets some queries time out. That is what its time-out findings say; it
 * is no evidence of a broken protocol. A break test ran a trace with --timeout at a server's own latency, and twenty
 * traces at once against one lab: the trace then said a firewall dropped EDNS, that root servers had no TCP, and that
 * the root's DS was "left behind for a zone that is gone", where dig showed each server answering both.
 *
 * Each case edits a healthy trace's probes the way a time-out leaves them, then analyses it.
 */
import {describe, expect, it} from 'vitest';
import {withAnalysis} from '../../source/analysis/analyze.js';
import type {Probe, Server, Trace} from '../../source/trace/model.js';
import {isTcpCheck} from '../../source/trace/probe-facts.js';
import {labTrace, labWorld} from '../helpers/lab.js';

const world = labWorld();
const anchors = {source: 'lab', records: world.trustAnchor};
const healthy = await labTrace('www.example.com', 'A', {families: [4]});

/** A copy of the healthy trace, edited. */
function edited(edit: (trace: Trace) => void): Trace {
	const trace = structuredClone(healthy);
	edit(trace);
	return trace;
}
const serverAt = (trace: Trace, zone: string, index = 0): Server => trace.zones.find((candidate) => candidate.name === zone)!.servers[index]!;
const timedOut = (probe: Probe, udp = true) => {
	Object.assign(probe, {status: 'timeout', error: 'no response within 1500 ms over UDP', udpTimedOut: udp});
	for (const key of ['response', 'raw', 'rttMs', 'kind', 'rcode', 'size', 'referral', 'transport'] as const) delete probe[key];
};
/** What an answer to the plain query sent after a query's EDNS tries timed out looks like: no OPT record. */
const answeredPlain = (probe: Probe) => Object.assign(probe, {ednsDropped: true, ednsFallback: true, response: {...probe.response!, edns: undefined}});
const codes = (trace: Trace, zone: string) => withAnalysis(trace, {anchors}).analysis.findings.filter((finding) => finding.zone === zone).map((finding) => finding.code);
const answered = (server: Server) => server.probes.filter((probe) => probe.status === 'answered' && !isTcpCheck(probe));

describe('a slow or lossy server is not said to break a protocol', () => {
	it('the healthy trace has none of these findings', () => {
		expect(codes(healthy, 'com.')).not.toContain('EDNS_UNSUPPORTED');
		expect(codes(healthy, 'com.')).not.toContain('SERVER_NO_TCP');
		expect(codes(healthy, 'example.com.')).not.toContain('DNSKEY_MISSING');
	});

	it('EDNS: one query answered plain after its EDNS tries timed out, at a server that answers others with EDNS, is no firewall dropping OPT', () => {
		expect(codes(edited((trace) => answeredPlain(answered(serverAt(trace, 'com.'))[0]!)), 'com.')).not.toContain('EDNS_UNSUPPORTED');
		// Every answer plain: that is a server behind such a firewall, as before.
		expect(codes(edited((trace) => answered(serverAt(trace, 'com.')).forEach(answeredPlain)), 'com.')).toContain('EDNS_UNSUPPORTED');
	});

	it('TCP: a TCP check that timed out at a server whose UDP queries time out too is no server without TCP; a refused one is', () => {
		const tcpCheckTimedOut = (trace: Trace) => timedOut(serverAt(trace, 'com.').probes.find(isTcpCheck)!, false);
		const udpTimedOut = (trace: Trace) => timedOut(answered(serverAt(trace, 'com.')).at(-1)!);
		expect(codes(edited((trace) => (tcpCheckTimedOut(trace), udpTimedOut(trace))), 'com.')).not.toContain('SERVER_NO_TCP');
		// Where UDP never timed out, the TCP check's time-out is the finding it always was.
		expect(codes(edited(tcpCheckTimedOut), 'com.')).toContain('SERVER_NO_TCP');
		// A refused connection is an answer from the host: said whatever UDP did.
		const refused = (trace: Trace) => Object.assign(serverAt(trace, 'com.').probes.find(isTcpCheck)!, {status: 'refused', error: 'connection refused'});
		expect(codes(edited((trace) => (timedOut(serverAt(trace, 'com.').probes.find(isTcpCheck)!, false), refused(trace), udpTimedOut(trace))), 'com.')).toContain('SERVER_NO_TCP');
	});

	it("DNSKEY: a zone whose DNSKEY questions all timed out, while its servers answer the rest, is not one whose keys are gone: indeterminate, no DNSKEY_MISSING", () => {
		const trace = edited((edit) => {
			for (const server of edit.zones.find((zone) => zone.name === 'example.com.')!.servers) for (const probe of server.probes) if (probe.question.type === 'DNSKEY') timedOut(probe);
		});
		const {analysis} = withAnalysis(trace, {anchors});
		expect(analysis.findings.filter((finding) => finding.zone === 'example.com.').map((finding) => finding.code)).not.toContain('DNSKEY_MISSING');
		expect(analysis.dnssec.zones.find((zone) => zone.zone === 'example.com.')?.status).toBe('indeterminate');
	});

	it('DNSKEY: where one server answers the DNSKEY question without the keys (REFUSED) and the others time out, it is said, and the verdict waits on the silent ones', () => {
		const trace = edited((edit) => {
			const servers = edit.zones.find((zone) => zone.name === 'example.com.')!.servers;
			servers.forEach((server, index) => {
				for (const probe of server.probes.filter((candidate) => candidate.question.type === 'DNSKEY')) {
					if (index === 0) Object.assign(probe, {kind: 'refused', rcode: 'REFUSED', response: {...probe.response!, rcode: 'REFUSED', answer: [], flags: {...probe.response!.flags, aa: false}}});
					else timedOut(probe);
				}
			});
		});
		const {analysis} = withAnalysis(trace, {anchors});
		const missing = analysis.findings.find((finding) => finding.zone === 'example.com.' && finding.code === 'DNSKEY_MISSING');
		expect(missing?.message).toMatch(/no server of the zone answers for it \(1 answers REFUSED to its DNSKEY question; \d+ gave no answer to it\)/u);
		expect(analysis.dnssec.zones.find((zone) => zone.zone === 'example.com.')?.status).toBe('indeterminate');
	});

	it("DNSKEY: a server whose own DNSKEY question got no reply (lost, or never sent) has its signatures checked with the keys the zone validated with, not called invalid", () => {
		// One root server's DNSKEY reply lost (or never sent: this host out of sockets), while it answered the rest: its
		// DS for com. and its referrals were RRSIG_INVALID, "no DNSKEY with tag …", against a key set it never gave.
		const trace = edited((edit) => {
			for (const probe of serverAt(edit, '.', 1).probes) if (probe.question.type === 'DNSKEY') timedOut(probe);
		});
		expect(codes(healthy, '.')).not.toContain('RRSIG_INVALID');
		expect(codes(trace, '.')).not.toContain('RRSIG_INVALID');
		const {analysis} = withAnalysis(trace, {anchors});
		expect(analysis.dnssec.zones.find((zone) => zone.zone === '.')?.status).toBe('secure');
		// A signature that does fail with the zone's keys is still said: the same server's DS signature damaged.
		const damaged = edited((edit) => {
			const server = serverAt(edit, '.', 1);
			for (const probe of server.probes) if (probe.question.type === 'DNSKEY') timedOut(probe);
			const ds = server.probes.find((probe) => probe.question.type === 'DS' && probe.status === 'answered')!;
			const signature = ds.response!.answer.find((record) => record.type === 'RRSIG')!;
			if (signature.data.kind !== 'rrsig') throw new Error('no RRSIG');
			ds.response = {...ds.response!, answer: ds.response!.answer.map((record) => (record === signature ? {...record, data: {...signature.data, signature: Buffer.alloc(256, 1).toString('base64')}} : record))};
		});
		expect(codes(damaged, '.')).toContain('RRSIG_INVALID');
	});

	it('DNSKEY: such a server serving its answer unsigned is RRSIG_MISSING, and one validating copy of it keeps another server\'s bad signature a warning', () => {
		const keysLost = (trace: Trace, index: number) => {
			for (const probe of serverAt(trace, 'example.com.', index).probes) if (probe.question.type === 'DNSKEY') timedOut(probe);
		};
		const walkAnswer = (trace: Trace, index: number) => serverAt(trace, 'example.com.', index).probes.find((probe) => probe.purpose === 'walk' && probe.status === 'answered' && probe.question.type === 'A')!;
		const findings = (trace: Trace) => withAnalysis(trace, {anchors}).analysis.findings.filter((finding) => finding.zone === 'example.com.' && finding.code.startsWith('RRSIG_'));
		// A stale, unsigned copy on the server whose keys were not heard: said (it was hidden once no keys meant "invalid").
		const unsigned = edited((edit) => {
			keysLost(edit, 1);
			const answer = walkAnswer(edit, 1);
			answer.response = {...answer.response!, answer: answer.response!.answer.filter((record) => record.type !== 'RRSIG')};
		});
		expect(findings(unsigned).map((finding) => [finding.code, finding.severity, finding.servers])).toEqual([['RRSIG_MISSING', 'warning', [serverAt(unsigned, 'example.com.', 1).address]]]);
		// A bad signature on the other server, while this one's copy validates with the zone's keys: resolvers retry this
		// one, so a warning, whichever of the two lost its DNSKEY reply.
		const bad = edited((edit) => {
			keysLost(edit, 1);
			const answer = walkAnswer(edit, 0);
			answer.response = {...answer.response!, answer: answer.response!.answer.map((record) => (record.data.kind === 'rrsig' ? {...record, data: {...record.data, signature: Buffer.alloc(64, 1).toString('base64')}} : record))};
		});
		expect(findings(bad).map((finding) => [finding.code, finding.severity])).toEqual([['RRSIG_INVALID', 'warning']]);
	});
});
