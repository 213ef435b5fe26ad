import {describe, expect, it} from 'vitest';
import {withAnalysis, type AnalysedTrace} from '../../source/analysis/analyze.js';
import {buildWorld} from '../../source/lab/world.js';
import {parseSnapshot, serializeSnapshot} from '../../source/snapshot/snapshot.js';
import {digCommand} from '../../source/text/commands-to-run.js';
import type {Probe, Trace} from '../../source/trace/model.js';
import {isTcpCheck, transportsOf} from '../../source/trace/probe-facts.js';
import {explainLines} from '../../source/ui/views/explain-view.js';
import {responseLines, type Line} from '../../source/ui/views/lines.js';
import {CATALOGUE} from '../helpers/catalogue.js';
import {labTrace, labWorld, serverOf, zoneOf} from '../helpers/lab.js';

const world = buildWorld(CATALOGUE);
const anchors = {source: 'catalogue', records: world.trustAnchor};
const survey = (name: string, options: Parameters<typeof labTrace>[2] = {}) => labTrace(name, 'A', {world, families: [4], timeoutMs: 250, tcpChecks: 'zone-data', ...options});
const analysed = async (name: string): Promise<AnalysedTrace> => withAnalysis(await survey(name), {anchors});
const probesOf = (traced: Trace): Probe[] => traced.zones.flatMap((zone) => zone.servers.flatMap((server) => server.probes));
const text = (lines: Line[]) => lines.map((line) => line.map((segment) => segment.text).join('')).join('\n');
const checksAt = (traced: Trace, zone: string, address: string) =>
	serverOf(zoneOf(traced, zone), address)
		.probes.filter(isTcpCheck)
		.map((probe) => `${probe.purpose} ${probe.question.name} ${probe.question.type} ${probe.transport}`);
const codesOf = ({analysis}: AnalysedTrace, zone: string) => analysis.findings.filter((finding) => finding.zone === zone).map((finding) => finding.code);

describe('the TCP checks of a survey (tcpChecks: zone-data)', () => {
	it('ask every server address of every zone its zone\'s SOA, NS and DNSKEY once each, over TCP only', async () => {
		const traced = await survey('www.tcpstale.cat.');
		for (const zone of traced.zones) {
			for (const server of zone.servers) {
				expect(checksAt(traced, zone.name, server.address), `${zone.name} ${server.address}`).toEqual([
					`soa-tcp ${zone.name} SOA tcp`,
					`ns-tcp ${zone.name} NS tcp`,
					`dnskey-tcp ${zone.name} DNSKEY tcp`,
				]);
			}
		}
	});

	it('leave the DNSKEY out when DNSSEC is off', async () => {
		const traced = await survey('www.tcpstale.cat.', {dnssec: false});
		expect(checksAt(traced, 'tcpstale.cat.', '127.77.241.3')).toEqual(['soa-tcp tcpstale.cat. SOA tcp', 'ns-tcp tcpstale.cat. NS tcp']);
	});

	it('a trace asks the SOA alone: 32 more TCP queries for www.example.com would be over a fifth more, on a command people wait on', async () => {
		const [trace, audit] = await Promise.all([labTrace('www.example.com'), labTrace('www.example.com', 'A', {tcpChecks: 'zone-data'})]);
		const count = (traced: Trace, purpose: string) => probesOf(traced).filter((probe) => probe.purpose === purpose).length;
		expect([count(trace, 'soa-tcp'), count(trace, 'ns-tcp'), count(trace, 'dnskey-tcp')]).toEqual([16, 0, 0]);
		expect([count(audit, 'soa-tcp'), count(audit, 'ns-tcp'), count(audit, 'dnskey-tcp')]).toEqual([16, 16, 16]);
		expect([trace.stats.queries, audit.stats.queries]).toEqual([144, 176]);
		const healthy = withAnalysis(audit, {anchors: {source: 'lab', records: labWorld().trustAnchor}});
		expect(healthy.analysis.findings.map((finding) => finding.code)).not.toContain('TCP_UDP_ANSWERS_DIFFER');
		expect(healthy.analysis.findings.map((finding) => finding.code)).not.toContain('SERVER_NO_TCP');
	});

	it('are evidence, never learned from: a stale backend\'s NS set adds no name server, its referral no zone', async () => {
		const stale = await survey('www.tcpstale.cat.');
		expect(zoneOf(stale, 'tcpstale.cat.').nameservers.map((ns) => ns.name)).toEqual(['ns1.tcpstale.cat.', 'ns2.tcpstale.cat.']);
		const referred = await survey('www.tcpreferral.cat.');
		expect(referred.zones.map((zone) => zone.name)).toEqual(['.', 'cat.', 'tcpreferral.cat.']);
		expect(referred.outcome).toMatchObject({status: 'answer', zone: 'tcpreferral.cat.'});
	});
});

describe('TCP_UDP_ANSWERS_DIFFER', () => {
	it('names the server whose TCP reaches a stale backend: another serial, another NS set, no keys; evidence both probes of each question', async () => {
		const result = await analysed('www.tcpstale.cat.');
		const found = result.analysis.findings.find((finding) => finding.code === 'TCP_UDP_ANSWERS_DIFFER');
		expect(found).toMatchObject({severity: 'warning', zone: 'tcpstale.cat.', servers: ['127.77.241.3'], fixers: ['dns-operator']});
		const keys = serverOf(zoneOf(result.trace, 'tcpstale.cat.'), '127.77.241.3').probes.find((probe) => probe.purpose === 'dnskey')!.response!.answer.filter((record) => record.type === 'DNSKEY');
		expect(keys).toHaveLength(2);
		expect(found?.message).toMatch(
			/^tcpstale\.cat\.: ns2\.tcpstale\.cat\. \(127\.77\.241\.3\) answers tcpstale\.cat\. SOA with serial 7 over UDP, serial 6 over TCP; ns2\.tcpstale\.cat\. \(127\.77\.241\.3\) answers tcpstale\.cat\. NS with ns1\.tcpstale\.cat\., ns2\.tcpstale\.cat\. over UDP, ns1\.tcpstale\.cat\. over TCP; ns2\.tcpstale\.cat\. \(127\.77\.241\.3\) answers tcpstale\.cat\. DNSKEY with key \d+, key \d+ over UDP, NOERROR nodata over TCP$/u,
		);
		const evidence = probesOf(result.trace).filter((probe) => found!.evidence.includes(probe.id));
		expect(evidence.map((probe) => `${probe.question.type} ${probe.transport}${isTcpCheck(probe) ? ' check' : ''}`).sort()).toEqual(['DNSKEY tcp check', 'DNSKEY udp', 'NS tcp check', 'NS udp', 'SOA tcp check', 'SOA udp']);
		// The serials differ only over TCP: no SERIAL_MISMATCH, no ANSWER_MISMATCH, and the other server is not named.
		expect(codesOf(result, 'tcpstale.cat.')).not.toContain('SERIAL_MISMATCH');
		expect(codesOf(result, 'tcpstale.cat.')).not.toContain('ANSWER_MISMATCH');
	});

	it('is the one finding a stale TCP backend gets: its unsigned, older answers are not validated as well', async () => {
		const audit = await analysed('www.tcpstale.cat.');
		const trace = withAnalysis(await labTrace('www.tcpstale.cat.', 'A', {world, families: [4], timeoutMs: 250}), {anchors});
		for (const result of [audit, trace]) {
			const atStale = result.analysis.findings.filter((finding) => finding.servers.includes('127.77.241.3'));
			expect(atStale.map((finding) => finding.code)).toEqual(['TCP_UDP_ANSWERS_DIFFER', 'SINGLE_POINT_OF_FAILURE']);
			const checks = new Set(serverOf(zoneOf(result.trace, 'tcpstale.cat.'), '127.77.241.3').probes.filter(isTcpCheck).map((probe) => probe.id));
			expect(result.analysis.findings.filter((finding) => finding.evidence.some((id) => checks.has(id))).map((finding) => finding.code)).toEqual(['TCP_UDP_ANSWERS_DIFFER']);
		}
	});

	it('a TCP backend serving the same records with expired signatures is no other answer, and is validated: RRSIG_EXPIRED from its checks', async () => {
		const spec = structuredClone(CATALOGUE);
		spec.servers.find((server) => server.name === 'ns2.tcpstale.cat.')!.tcpBackend = {zones: [{zone: 'tcpstale.cat.', expiredSignaturesAt: ['tcpstale.cat.']}]};
		const built = buildWorld(spec);
		const traced = await labTrace('www.tcpstale.cat.', 'A', {world: built, families: [4], timeoutMs: 250, tcpChecks: 'zone-data'});
		const {analysis} = withAnalysis(traced, {anchors: {source: 'catalogue', records: built.trustAnchor}});
		const found = analysis.findings.filter((finding) => finding.zone === 'tcpstale.cat.' && finding.severity !== 'info');
		expect(found.map((finding) => [finding.code, finding.servers])).toEqual([['RRSIG_EXPIRED', ['127.77.241.3']]]);
		expect(found[0]!.message).toBe(
			'tcpstale.cat.: ns2.tcpstale.cat. (127.77.241.3): tcpstale.cat. SOA (expired 2020-02-01T00:00:00.000Z); tcpstale.cat. NS (expired 2020-02-01T00:00:00.000Z); tcpstale.cat. DNSKEY (expired 2020-02-01T00:00:00.000Z)',
		);
		expect(probesOf(traced).filter((probe) => found[0]!.evidence.includes(probe.id)).map((probe) => probe.purpose)).toEqual(['soa-tcp', 'ns-tcp', 'dnskey-tcp']);
	});

	it('a referral over TCP (the parent\'s server behind TCP), where UDP answers, is another answer', async () => {
		const found = (await analysed('www.tcpreferral.cat.')).analysis.findings.find((finding) => finding.code === 'TCP_UDP_ANSWERS_DIFFER');
		expect(found?.servers).toEqual(['127.77.245.3']);
		expect(found?.message).toBe(
			'tcpreferral.cat.: ns2.tcpreferral.cat. (127.77.245.3) answers tcpreferral.cat. SOA with serial 7 over UDP, a referral up the tree over TCP; ns2.tcpreferral.cat. (127.77.245.3) answers tcpreferral.cat. NS with ns1.tcpreferral.cat., ns2.tcpreferral.cat. over UDP, a referral up the tree over TCP; ns2.tcpreferral.cat. (127.77.245.3) answers tcpreferral.cat. DNSKEY with NOERROR nodata over UDP, a referral up the tree over TCP',
		);
	});

	it('an answer over TCP that does not decode is no TCP: SERVER_NO_TCP names every question, and nothing differs', async () => {
		const result = await analysed('www.tcpgarbage.cat.');
		expect(result.analysis.findings.find((finding) => finding.code === 'SERVER_NO_TCP')?.message).toBe(
			'tcpgarbage.cat.: ns2.tcpgarbage.cat. (127.77.243.3) answers over UDP but not over TCP (SOA, NS and DNSKEY over TCP: the answer does not decode)',
		);
		expect(codesOf(result, 'tcpgarbage.cat.')).not.toContain('TCP_UDP_ANSWERS_DIFFER');
		// Its TCP fails in the grid, though its UDP answers; the failed checks are no failing queries of the server.
		expect(transportsOf(serverOf(zoneOf(result.trace, 'tcpgarbage.cat.'), '127.77.243.3'))).toEqual({udp: 'answers', tcp: 'fails'});
		expect(codesOf(result, 'tcpgarbage.cat.')).not.toContain('MALFORMED_RESPONSE');
	});

	it('is not said where an answer came over TCP after TC=1: that is no answer over UDP to compare', async () => {
		const spec = structuredClone(CATALOGUE);
		spec.servers.find((server) => server.name === 'ns2.tcpstale.cat.')!.truncateUdp = true;
		const built = buildWorld(spec);
		const traced = await labTrace('www.tcpstale.cat.', 'A', {world: built, families: [4], timeoutMs: 250, tcpChecks: 'zone-data'});
		const {analysis} = withAnalysis(traced, {anchors: {source: 'catalogue', records: built.trustAnchor}});
		expect(analysis.findings.map((finding) => finding.code)).not.toContain('TCP_UDP_ANSWERS_DIFFER');
	});
});

describe('views of the TCP checks', () => {
	it('the dig view, the explanation and the dig command name the check with its question', async () => {
		const traced = await survey('www.tcpgarbage.cat.');
		const [ns, failed] = ['127.77.242.3', '127.77.243.3'].map((address) => serverOf(zoneOf(traced, 'tcpgarbage.cat.'), address).probes.find((probe) => probe.purpose === 'ns-tcp')!);
		expect(text(responseLines(ns!))).toContain(';; SERVER: 127.77.242.3#53 (NS over TCP, the TCP check)');
		expect(text(responseLines(failed!))).toContain(';; 1 attempt: NS over TCP, the TCP check');
		expect(text(explainLines(traced, undefined, {kind: 'probe', zone: 'tcpgarbage.cat.', address: '127.77.242.3', probe: ns!.id}))).toContain('Why: NS over TCP, the TCP check: the zone\'s NS set asked again over TCP only');
		expect(digCommand(traced, ns!)).toBe('dig @127.77.242.3 +norec +dnssec +tcp tcpgarbage.cat. NS');
	});
});

describe('snapshots of the TCP checks', () => {
	it('keep every check through a round trip (digdeeper/snapshot@4), judged the same again', async () => {
		const result = await analysed('www.tcpstale.cat.');
		const file = serializeSnapshot(result, {name: 'digdeeper', version: 'test'});
		expect(JSON.parse(file).schema).toBe('digdeeper/snapshot@4');
		const reopened = withAnalysis(parseSnapshot(file).trace, {anchors});
		const pick = (probes: Probe[]) => probes.map((probe) => [probe.id, probe.purpose, probe.transport, probe.status, probe.kind]);
		expect(pick(probesOf(reopened.trace))).toEqual(pick(probesOf(result.trace)));
		expect(reopened.analysis.findings.map((finding) => [finding.code, finding.message])).toEqual(result.analysis.findings.map((finding) => [finding.code, finding.message]));
	});

	it('written before the NS and DNSKEY checks (digdeeper/snapshot@2) still open, their SOA check judged as before', async () => {
		const traced = await labTrace('www.notcp.cat.', 'A', {world, families: [4], timeoutMs: 250});
		const file = JSON.parse(serializeSnapshot({trace: traced, analysis: undefined}, {name: 'digdeeper', version: 'old'}));
		file.schema = 'digdeeper/snapshot@2';
		const reopened = withAnalysis(parseSnapshot(JSON.stringify(file)).trace, {anchors});
		expect(probesOf(reopened.trace).filter(isTcpCheck).map((probe) => probe.purpose)).toEqual(probesOf(traced).filter(isTcpCheck).map(() => 'soa-tcp'));
		expect(reopened.analysis.findings.find((finding) => finding.code === 'SERVER_NO_TCP')?.message).toBe('notcp.cat.: ns2.notcp.cat. (127.77.233.3) answers over UDP but not over TCP (SOA over TCP: the TCP connection was refused)');
	});

	it('tell a TCP connection the server cut from one it refused: the check\'s own error, not "refused"', async () => {
		const traced = await labTrace('www.notcp.cat.', 'A', {world, families: [4], timeoutMs: 250});
		const check = serverOf(zoneOf(traced, 'notcp.cat.'), '127.77.233.3').probes.find((probe) => probe.purpose === 'soa-tcp')!;
		Object.assign(check, {status: 'network', error: 'ECONNCLOSED: the server closed the TCP connection without a complete answer'});
		const {analysis} = withAnalysis(traced, {anchors});
		expect(analysis.findings.find((finding) => finding.code === 'SERVER_NO_TCP')?.message).toBe('notcp.cat.: ns2.notcp.cat. (127.77.233.3) answers over UDP but not over TCP (SOA over TCP: the TCP connection failed (ECONNCLOSED: the server closed the TCP connection without a complete answer))');
	});

	it('do not tell the operator only to open TCP port 53 when the check got a reply that says TC=1: TCP is open, its reply is broken', async () => {
		const traced = await labTrace('www.notcp.cat.', 'A', {world, families: [4], timeoutMs: 250});
		const check = serverOf(zoneOf(traced, 'notcp.cat.'), '127.77.233.3').probes.find((probe) => probe.purpose === 'soa-tcp')!;
		Object.assign(check, {status: 'malformed', error: 'TC=1 over TCP: a TCP reply is never truncated (RFC 7766 8), so this one may be cut short anywhere; its data is not used'});
		const found = withAnalysis(traced, {anchors}).analysis.findings.find((finding) => finding.code === 'SERVER_NO_TCP');
		expect(found?.message).toBe('notcp.cat.: ns2.notcp.cat. (127.77.233.3) answers over UDP but not over TCP (SOA over TCP: the answer says TC=1, cut short)');
		expect(found?.explanation).toContain('none, or one that does not decode or says TC=1, cut short where no TCP reply may be');
		expect(found?.explanation).toContain('The DNS operator must make TCP port 53 answer: open it (and the firewall in front of the server must let it through), or repair what answers there.');
	});

	it('refuse a check its format predates: an NS or DNSKEY check in a file labelled @2, a SOA check in one labelled @1', async () => {
		const traced = await survey('www.tcpstale.cat.');
		const file = JSON.parse(serializeSnapshot({trace: traced, analysis: undefined}, {name: 'digdeeper', version: 'test'}));
		const relabelled = (schema: string) => JSON.stringify({...file, schema});
		expect(() => parseSnapshot(relabelled('digdeeper/snapshot@2'))).toThrow(/^damaged snapshot: probe purpose ns-tcp is not in digdeeper\/snapshot@2 \(where: zones\[0\]\.servers\[0\]\.probes\[\d+\]\.purpose\)$/u);
		expect(() => parseSnapshot(relabelled('digdeeper/snapshot@1'))).toThrow(/^damaged snapshot: probe purpose soa-tcp is not in digdeeper\/snapshot@1 \(where: /u);
	});

	it('refuse a step that follows an NS check', async () => {
		const traced = await labTrace('tcpstale.cat.', 'NS', {world, families: [4], timeoutMs: 250, tcpChecks: 'zone-data'});
		const file = JSON.parse(serializeSnapshot({trace: traced, analysis: undefined}, {name: 'digdeeper', version: 'test'}));
		const check = file.zones.flatMap((zone: {servers: Array<{probes: Array<{purpose: string; id: number; zone: string}>}>}) => zone.servers.flatMap((server) => server.probes)).find((probe: {purpose: string; zone: string}) => probe.purpose === 'ns-tcp' && probe.zone === 'tcpstale.cat.');
		file.resolutions[0].steps.at(-1).probe = check.id;
		expect(() => parseSnapshot(JSON.stringify(file))).toThrow(/a TCP check, which no step follows/u);
	});
});
