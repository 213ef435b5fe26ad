import {describe, expect, it} from 'vitest';
import {withAnalysis, type Analysis} from '../../source/analysis/analyze.js';
import type {FindingCode} from '../../source/analysis/finding.js';
import {HOSTILE} from '../../source/lab/hostile-world.js';
import {buildWorld} from '../../source/lab/world.js';
import {labTrace} from '../helpers/lab.js';

const world = buildWorld(HOSTILE);

async function traced(name: string, type = 'A') {
	const started = performance.now();
	const analysed = withAnalysis(await labTrace(name, type, {world, families: [4], timeoutMs: 250}), {anchors: {source: 'hostile lab', records: world.trustAnchor}});
	return {...analysed, ms: performance.now() - started};
}

const codes = (analysis: Analysis) => analysis.findings.map((finding) => finding.code);
const finding = (analysis: Analysis, code: FindingCode) => analysis.findings.find((candidate) => candidate.code === code);

describe('malformed replies become MALFORMED_RESPONSE and the walk carries on with the honest server', () => {
	for (const label of ['truncated', 'tcptc', 'pointer', 'counts', 'label', 'longname', 'rdata', 'shorta', 'smuggle', 'shortns', 'twoopt', 'ednsver']) {
		it(`${label}.evil.`, async () => {
			const {trace, analysis} = await traced(`www.${label}.evil.`);
			expect(trace.outcome.status).toBe('answer');
			const malformed = finding(analysis, 'MALFORMED_RESPONSE');
			expect(malformed).toMatchObject({zone: `${label}.evil.`, servers: [world.servers.find((server) => server.name === `ns1.${label}.evil.`)!.addresses[0]]});
			const probes = trace.zones.find((zone) => zone.name === `${label}.evil.`)!.servers[0]!.probes;
			expect(probes.every((probe) => probe.status === 'malformed' && probe.raw !== undefined)).toBe(true);
		});
	}
});

describe('what a malformed reply carries is never used', () => {
	it('a two-byte A record is not an address: the answer is the honest server\'s', async () => {
		const {trace} = await traced('www.shorta.evil.');
		expect(trace.outcome.records.map((record) => record.data)).toEqual([{kind: 'address', address: '192.0.2.1'}]);
		const probe = trace.zones.find((zone) => zone.name === 'shorta.evil.')!.servers[0]!.probes[0]!;
		expect(probe.error).toMatch(/answer record 1 \(A\) has RDLENGTH 2; its RDATA is 4 bytes, at byte \d+$/u);
	});

	it('an empty reply that says TC=1 over TCP too is cut short, not NODATA: the answer is the honest server\'s', async () => {
		const {trace, analysis} = await traced('www.tcptc.evil.');
		expect(trace.outcome.records.map((record) => record.data)).toEqual([{kind: 'address', address: '192.0.2.1'}]);
		expect(codes(analysis)).not.toContain('ANSWER_MISMATCH');
		// ns1 answers over TCP, brokenly: MALFORMED_RESPONSE says so; it is no server whose TCP port is closed.
		expect(codes(analysis)).not.toContain('TRUNCATED_NO_TCP');
		const probe = trace.zones.find((zone) => zone.name === 'tcptc.evil.')!.servers[0]!.probes[0]!;
		expect(probe).toMatchObject({status: 'malformed', transport: 'tcp', truncatedOverUdp: true, error: 'TC=1 over TCP: a TCP reply is never truncated (RFC 7766 8), so this one may be cut short anywhere; its data is not used'});
		expect(finding(analysis, 'MALFORMED_RESPONSE')?.message).toContain('cannot be used: undecodable, or cut short over TCP');
	});

	it('a record smuggled inside another never reaches the answer', async () => {
		const {trace} = await traced('www.smuggle.evil.');
		expect(JSON.stringify(trace)).not.toMatch(/bank\.example|6\.6\.6\.6/u);
		expect(trace.outcome.records.map((record) => record.data)).toEqual([{kind: 'address', address: '192.0.2.1'}]);
	});

	it('a referral whose NS name overruns its RDATA is never followed', async () => {
		const {trace} = await traced('www.shortns.evil.');
		expect(trace.outcome.status).toBe('answer');
		expect(trace.zones.map((zone) => zone.name)).not.toContain('www.shortns.evil.');
		expect(JSON.stringify(trace)).not.toContain('attacker');
		const probe = trace.zones.find((zone) => zone.name === 'shortns.evil.')!.servers[0]!.probes[0]!;
		expect(probe.error).toMatch(/the target name in authority record 1 \(NS\) has a \d+-byte label that runs past the end of its RDATA, at byte \d+$/u);
	});

	it('two OPT records are refused, with the byte where the second starts', async () => {
		const {trace} = await traced('www.twoopt.evil.');
		const probe = trace.zones.find((zone) => zone.name === 'twoopt.evil.')!.servers[0]!.probes[0]!;
		expect(probe.error).toMatch(/a second OPT record \(RFC 6891: at most one\), at byte \d+$/u);
	});

	it('an EDNS version 1 reply to a version 0 query is refused, at its version byte', async () => {
		const {trace} = await traced('www.ednsver.evil.');
		const probe = trace.zones.find((zone) => zone.name === 'ednsver.evil.')!.servers[0]!.probes[0]!;
		expect(probe.error).toMatch(/EDNS version 1 in the response to a version 0 query \(RFC 6891 6\.1\.3\), at byte \d+$/u);
		const raw = Buffer.from(probe.raw!, 'base64');
		expect(raw[Number(/at byte (\d+)$/u.exec(probe.error!)![1])]).toBe(1);
	});
});

describe('two aliases for one name (RFC 2181 10.1)', () => {
	it('are found, named with both targets and the server that sent them; the walk follows the first, as Unbound does', async () => {
		const {trace, analysis} = await traced('www.twocname.evil.');
		expect(trace.outcome.records.filter((record) => record.type === 'A').map((record) => record.data)).toEqual([{kind: 'address', address: '192.0.2.21'}]);
		const found = finding(analysis, 'CNAME_MULTIPLE');
		const ns1 = world.servers.find((server) => server.name === 'ns1.twocname.evil.')!.addresses[0]!;
		expect(found).toMatchObject({
			severity: 'warning',
			zone: 'twocname.evil.',
			servers: [ns1],
			message: `www.twocname.evil. has 2 CNAME records (to blue.twocname.evil., green.twocname.evil.), from ns1.twocname.evil. (${ns1}): a name may have one alias (RFC 2181 10.1)`,
			explanation: expect.stringContaining('Other servers of the zone answer it without a second alias, so a BIND resolver gets its answer from them'),
		});
	});

	it('are an error when every server that answers the name sends more than one: BIND resolvers answer SERVFAIL', async () => {
		const spec = {...HOSTILE, servers: HOSTILE.servers.map((server) => (server.name === 'ns2.twocname.evil.' ? {...server, zones: [{zone: 'twocname.evil.'}]} : server))};
		const both = buildWorld(spec);
		const {analysis} = withAnalysis(await labTrace('www.twocname.evil.', 'A', {world: both, families: [4], timeoutMs: 250}), {anchors: {source: 'hostile lab', records: both.trustAnchor}});
		expect(finding(analysis, 'CNAME_MULTIPLE')).toMatchObject({severity: 'error', servers: expect.arrayContaining(both.servers.filter((server) => server.name.endsWith('.twocname.evil.')).map((server) => server.addresses[0]))});
	});

	it('are a warning when the other server answers the name with its own records, no alias: BIND resolvers get their answer there', async () => {
		const spec = {...HOSTILE, servers: HOSTILE.servers.map((server) => (server.name === 'ns2.twocname.evil.' ? {...server, zones: server.zones.map((entry) => ({...entry, copy: {...entry.copy!, text: entry.copy!.text.replace('www CNAME blue', 'www A 192.0.2.30')}}))} : server))};
		const other = buildWorld(spec);
		const {analysis} = withAnalysis(await labTrace('www.twocname.evil.', 'A', {world: other, families: [4], timeoutMs: 250}), {anchors: {source: 'hostile lab', records: other.trustAnchor}});
		expect(finding(analysis, 'CNAME_MULTIPLE')).toMatchObject({severity: 'warning', explanation: expect.stringContaining('Other servers of the zone answer it without a second alias')});
	});

	it('one alias is no finding', async () => {
		const {analysis} = await traced('www.tcptc.evil.');
		expect(codes(analysis)).not.toContain('CNAME_MULTIPLE');
	});
});

describe('TTLs with the top bit set are 0, and the reply is used (RFC 2181 8)', () => {
	it('every record of ns1\'s replies is kept with TTL 0; its servers are not called malformed', async () => {
		const {trace, analysis} = await traced('www.ttltop.evil.');
		expect(trace.outcome.status).toBe('answer');
		expect(finding(analysis, 'MALFORMED_RESPONSE')).toBeUndefined();
		const probes = trace.zones.find((zone) => zone.name === 'ttltop.evil.')!.servers[0]!.probes;
		expect(probes.length).toBeGreaterThan(0);
		for (const probe of probes) {
			expect(probe.status).toBe('answered');
			const {answer, authority, additional} = probe.response!;
			expect([...answer, ...authority, ...additional].map((record) => record.ttl)).toEqual([...answer, ...authority, ...additional].map(() => 0));
		}
		const www = probes.find((probe) => probe.question.type === 'A' && probe.question.name === 'www.ttltop.evil.')!;
		expect(www.response!.answer).toEqual([{name: 'www.ttltop.evil.', type: 'A', class: 'IN', ttl: 0, wireTtl: 2 ** 31 + 3600, data: {kind: 'address', address: '192.0.2.1'}}]);
	});
});

describe('forged and poisoned replies', () => {
	it('ignores and counts replies with another ID, another question, or from another address, and keeps the real one', async () => {
		const {trace} = await traced('www.spoof.evil.');
		const liar = trace.zones.find((zone) => zone.name === 'spoof.evil.')!.servers[0]!;
		// Over UDP: another ID, another question, another source address. The TCP check's connection is its own source,
		// so there only the first two can be told apart.
		const overUdp = liar.probes.filter((probe) => probe.transport === 'udp');
		const overTcp = liar.probes.filter((probe) => probe.transport === 'tcp');
		expect(overUdp.length).toBeGreaterThan(0);
		expect(overUdp.every((probe) => probe.status === 'answered' && probe.ignored === 3)).toBe(true);
		expect(overTcp.map((probe) => [probe.purpose, probe.ignored])).toEqual([['soa-tcp', 2]]);
		expect(trace.stats.ignoredResponses).toBe(3 * overUdp.length + 2);
		expect(trace.outcome.records.some((record) => record.name === 'www.bank.example.')).toBe(false);
	});
});

describe('abuse and runaway stay within the limits', () => {
	it('NXNSAttack: follows only 20 of 300 glueless NS names, with a bounded query count', async () => {
		const {trace, analysis} = await traced('www.nxns.evil.');
		expect(finding(analysis, 'LIMIT_REACHED')?.message).toContain('ns-names-per-zone, 20');
		expect(trace.zones.find((zone) => zone.name === 'nxns.evil.')!.nameservers).toHaveLength(20);
		expect(trace.stats.queries).toBeLessThan(100);
	});

	it('a referral fan-out: each of the 20 NS names keeps 6 of its addresses and counts the others it was offered', {timeout: 60_000}, async () => {
		// Two thousand lab answers of up to 64 KB each: seconds of work, more on a loaded CI machine (hence its own time-out).
		// Every server answers, but a 64 KB referral takes a busy machine more than 250 ms to build and read: the wait
		// is long enough that the bound, not the clock, is what the test measures. The query budget is raised too: under
		// the default one (3000) the checks stop at 2250, and on a loaded machine, where replies slower than the first
		// wait (376 ms) are asked again, the names whose own address answers are then left unasked change from run to
		// run (a name showed only its referral's 22, twice in CI). The bound on queries has tests of its own.
		const analysed = withAnalysis(await labTrace('www.fanout.evil.', 'A', {world, families: [4], timeoutMs: 5000, limits: {maxQueries: 8000}}), {anchors: {source: 'hostile lab', records: world.trustAnchor}});
		const {trace, analysis} = analysed;
		const zone = trace.zones.find((candidate) => candidate.name === 'fanout.evil.')!;
		expect(zone.nameservers).toHaveLength(20);
		// A message stops at 64 KB, so a referral carries only part of the 100 addresses of each name: what is
		// counted is what arrived beyond the six kept, never more than the 94 the name has.
		for (const entry of zone.nameservers) {
			expect(entry.addresses).toHaveLength(6);
			expect(entry.addressesSkipped?.count).toBeGreaterThan(40);
			expect(entry.addressesSkipped?.count).toBeLessThanOrEqual(94);
		}
		// Only the kept addresses become servers (this trace asks over IPv4 alone).
		expect(zone.servers).toHaveLength(zone.nameservers.flatMap((entry) => entry.addresses.filter((address) => address.family === 4)).length);
		expect(analysis.findings.filter((candidate) => candidate.code === 'LIMIT_REACHED').map((candidate) => candidate.message)).toContain(
			'the trace stopped at a limit (addresses-per-nameserver, 6): a name server has more than 6 addresses; the rest were counted, not asked',
		);
	});

	it('referrals back up the tree are never followed, so they cannot loop', async () => {
		const {trace, analysis} = await traced('www.upward.evil.');
		expect(codes(analysis)).toEqual(expect.arrayContaining(['UPWARD_REFERRAL', 'ZONE_UNREACHABLE']));
		expect(trace.resolutions[0]!.steps.map((step) => step.zone)).toEqual(['.', 'evil.', 'upward.evil.']);
	});

	it('a CNAME chain of 15 stops at 11 links, even when one server sends most of it at once', async () => {
		const {trace, analysis} = await traced('c0.chain.evil.');
		expect(trace.outcome).toMatchObject({status: 'failure', reason: 'CNAME chain longer than 11'});
		expect(finding(analysis, 'LIMIT_REACHED')?.message).toContain('cname-chain, 11');
	});

	it('a zone cut chain 100 deep stops at 32 cuts, with a bounded query count', async () => {
		const {trace, analysis, ms} = await traced(HOSTILE.stories.find((story) => story.title.includes('100 deep'))!.name);
		expect(trace.outcome.reason).toBe('stopped after 32 zone cuts');
		expect(finding(analysis, 'LIMIT_REACHED')?.message).toContain('zone-cuts, 32');
		// About ten queries a cut: the walk, SOA, NS, DNSKEY, CDS, CDNSKEY and DS of each signed zone.
		expect(trace.stats.queries).toBeLessThan(350);
		expect(ms).toBeLessThan(5000);
	});

	it('KeyTrap: 41 keys sharing a tag and 65 signatures cost a bounded number of checks and end indeterminate', async () => {
		const {trace, analysis, ms} = await traced('www.keytrap.evil.');
		const keys = trace.zones.find((zone) => zone.name === 'keytrap.evil.')!.servers[0]!.probes.find((probe) => probe.purpose === 'dnskey')!.response!.answer.filter((record) => record.type === 'DNSKEY');
		expect(keys).toHaveLength(42);
		expect(finding(analysis, 'VALIDATION_LIMIT')).toBeDefined();
		expect(analysis.dnssec.outcome.status).toBe('indeterminate');
		expect(ms).toBeLessThan(2000);
	});

	it('a 64 KB answer arrives whole over TCP', async () => {
		const {trace} = await traced('big.big.evil.', 'TXT');
		const probe = trace.zones.find((zone) => zone.name === 'big.evil.')!.servers[0]!.probes.find((candidate) => candidate.question.type === 'TXT')!;
		expect(probe).toMatchObject({status: 'answered', transport: 'tcp', truncatedOverUdp: true});
		expect(probe.size).toBeGreaterThan(60_000);
		expect(trace.outcome.records.filter((record) => record.type === 'TXT')).toHaveLength(230);
	});
});
