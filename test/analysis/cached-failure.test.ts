import {describe, expect, it} from 'vitest';
import {withAnalysis, type Analysis} from '../../source/analysis/analyze.js';
import {cachedFailure, negativeTtl, probesById} from '../../source/analysis/cached-failure.js';
import {cachedFailureBrief, cachedFailureInWords} from '../../source/analysis/finding-catalogue.js';
import {createFinding} from '../../source/analysis/finding.js';
import {createView} from '../../source/analysis/trace-view.js';
import {parseUserName} from '../../source/dns/name.js';
import {INTERNET} from '../../source/lab/internet.js';
import {readLabKeys} from '../../source/lab/key-cache.js';
import {buildWorld} from '../../source/lab/world.js';
import type {Message, ResourceRecord} from '../../source/dns/record.js';
import type {Probe, Trace} from '../../source/trace/model.js';
import {labTrace, labWorld} from '../helpers/lab.js';

const traces = new Map<string, Promise<Trace>>();
const traceOf = (name: string) => {
	if (!traces.has(name)) traces.set(name, labTrace(parseUserName(name).name, 'A', {timeoutMs: 250}));
	return traces.get(name)!;
};
const analysed = async (name: string): Promise<Analysis> => withAnalysis(await traceOf(name), {anchors: {source: 'lab', records: labWorld().trustAnchor}}).analysis;

const cachedOf = async (name: string, code: string, zone: string) => {
	const found = (await analysed(name)).findings.find((finding) => finding.code === code && finding.zone === zone);
	if (!found) throw new Error(`no ${code} on ${zone} in ${name}`);
	return found.cached;
};

const message = (answer: ResourceRecord[], authority: ResourceRecord[]): Message => ({
	id: 1,
	opcode: 'QUERY',
	rcode: 'NOERROR',
	flags: {qr: true, aa: true, tc: false, rd: false, ra: false, ad: false, cd: false},
	question: [{name: 'www.example.org.', type: 'A', class: 'IN'}],
	answer,
	authority,
	additional: [],
});

const probe = (id: number, kind: Probe['kind'], response: Message): Probe => ({id, zone: 'example.org.', server: 'ns1.example.org.', address: '127.77.12.1', question: {name: 'www.example.org.', type: 'A'}, purpose: 'walk', startedMs: 0, status: 'answered', kind, response});

describe('how long users see a failure after its fix, from the TTLs the servers gave', () => {
	it('a negative answer: the denying zone\'s SOA MINIMUM, capped by the SOA record\'s own TTL (RFC 2308 5)', () => {
		const soa = (ttl: number, minimum: number): ResourceRecord => ({name: 'example.org.', type: 'SOA', class: 'IN', ttl, data: {kind: 'soa', mname: 'ns1.example.org.', rname: 'hostmaster.example.org.', serial: 1, refresh: 7200, retry: 3600, expire: 1209600, minimum}});
		expect(negativeTtl(probe(1, 'nxdomain', message([], [soa(300, 3600)])))?.seconds).toBe(300);
		expect(negativeTtl(probe(1, 'nxdomain', message([], [soa(86400, 900)])))?.seconds).toBe(900);
		expect(negativeTtl(probe(1, 'nxdomain', message([], [])))).toBeUndefined();
	});

	it('puri.sm, suspended: resolvers that cached the NXDOMAIN see it restored within 1 hour, the negative TTL of sm.', async () => {
		const cached = await cachedOf('www.puri.sm', 'DELEGATION_MISSING', 'puri.sm.');
		expect(cached).toEqual({change: 'negative-answer', seconds: 3600, from: {name: 'sm.', type: 'SOA', negative: true}});
		expect(cachedFailureInWords(cached)).toBe('Once it is fixed, resolvers that cached the denial see the change within 1 hour (3600 s: the negative TTL of sm.).');
		// The explorer's outcome row has room for a few characters only.
		expect(cachedFailureBrief(cached)).toBe('fix seen ≤ 1 h');
		const negative = {change: 'negative-answer', from: {name: 'sm.', type: 'SOA', negative: true}} as const;
		expect(cachedFailureBrief({...negative, seconds: 2460})).toBe('fix seen ≤ 41 min');
		expect(cachedFailureBrief({...negative, seconds: 59})).toBe('fix seen ≤ 59 s');
		expect(cachedFailureBrief({change: 'delegation', seconds: 172800, from: {name: 'com.', type: 'NS', negative: false}})).toBe('fix seen ≤ 2 d');
	});

	/** puri.sm's story with sm.'s SOA record TTL and MINIMUM set to one figure, its denial's negative TTL. */
	const deniedWith = async (ttl: number) => {
		const keys = await readLabKeys();
		const zones = INTERNET.zones.map((zone) => (zone.origin === 'sm.' ? {...zone, text: zone.text.replace(/@ +SOA +(\S+ \S+ \d+ \d+ \d+ \d+) \d+/u, `@ ${ttl} SOA $1 ${ttl}`)} : zone));
		const world = buildWorld({...INTERNET, zones}, keys ? {keys} : {});
		const trace = await labTrace('www.puri.sm.', 'A', {world});
		const found = withAnalysis(trace, {anchors: {source: 'lab', records: world.trustAnchor}}).analysis.findings.find((finding) => finding.code === 'DELEGATION_MISSING');
		return found!.cached;
	};

	it('a TTL of 0: users see the fix at once, as the records say not to cache them', async () => {
		const cached = await deniedWith(0);
		expect(cached).toEqual({change: 'negative-answer', seconds: 0, from: {name: 'sm.', type: 'SOA', negative: true}});
		expect(cachedFailureInWords(cached)).toBe('Once it is fixed, resolvers see the change at once: the records say not to cache them (0 s: the negative TTL of sm.).');
		expect(cachedFailureBrief(cached)).toBe('fix seen at once');
	});

	it('a TTL of 68 years: the resolvers\' caps bound it, and the words give both', async () => {
		const cached = await deniedWith(2147483647);
		expect(cached).toEqual({change: 'negative-answer', seconds: 2147483647, from: {name: 'sm.', type: 'SOA', negative: true}});
		expect(cachedFailureInWords(cached)).toBe('Once it is fixed, resolvers that cached the denial see the change within 3 hours at most: resolvers cap negative caching (BIND 3 hours, Unbound 1 hour); the negative TTL of sm. asks for about 68 years (2147483647 s).');
		expect(cachedFailureBrief(cached)).toBe('fix seen ≤ 3 h');
		const keys = {change: 'dnskey', seconds: 2147483647, from: {name: 'sm.', type: 'DNSKEY', negative: false}} as const;
		expect(cachedFailureInWords(keys)).toBe('Once it is fixed, resolvers that cached the keys see the change within 7 days at most: resolvers cap how long they cache a record (BIND 7 days, Unbound 1 day); the TTL of sm. DNSKEY asks for about 68 years (2147483647 s).');
	});

	it('a TTL with its top bit set is read as 0 (RFC 2181 8): the words say what the record held, not that it held 0', async () => {
		const cached = await deniedWith(4294967295);
		expect(cached).toEqual({change: 'negative-answer', seconds: 0, from: {name: 'sm.', type: 'SOA', negative: true, wireTtl: 4294967295}});
		expect(cachedFailureInWords(cached)).toBe('Once it is fixed, resolvers see the change at once: the records say not to cache them (the negative TTL of sm.: the record held 4294967295 s, which has its top bit set and is read as 0, RFC 2181 §8).');
	});

	it('a delegation change (twitter.com\'s name servers): the NS TTL of the referral from com., 2 days', async () => {
		const cached = await cachedOf('www.twitter.com', 'NS_NAME_UNRESOLVABLE', 'twitter.com.');
		expect(cached).toEqual({change: 'delegation', seconds: 172800, from: {name: 'twitter.com.', type: 'NS', negative: false, copy: {by: 'parent', parent: 'com.'}}});
		expect(cachedFailureInWords(cached)).toBe('Once it is fixed, resolvers that cached the old delegation see the change within 2 days (172800 s: the TTL of twitter.com. NS as com. delegates it).');
	});

	it('a server removal (dynect.net\'s dead servers): the NS TTL', async () => {
		const cached = await cachedOf('www.twitter.com', 'SERVER_TIMEOUT', 'dynect.net.');
		expect(cached).toEqual({change: 'server-removal', seconds: 172800, from: {name: 'dynect.net.', type: 'NS', negative: false, copy: {by: 'parent', parent: 'net.'}}});
		expect(cachedFailureInWords(cached)).toBe('Once it is fixed, a server brought back answers at once; one removed from the NS set is still asked, by resolvers that cached the NS set, for up to 2 days (172800 s: the TTL of dynect.net. NS as net. delegates it).');
	});

	it('says whose copy of the NS set it cites: bw.\'s own servers give 86400, the root delegates it with 172800', async () => {
		const trace = await traceOf('www.nic.bw');
		const bw = trace.zones.find((zone) => zone.name === 'bw.')!;
		const own = bw.servers.flatMap((server) => server.probes).flatMap((probe) => probe.response?.answer ?? []).filter((record) => record.name === 'bw.' && record.type === 'NS');
		expect(new Set(own.map((record) => record.ttl))).toEqual(new Set([86400]));
		const cached = await cachedOf('www.nic.bw', 'SERVER_TIMEOUT', 'bw.');
		expect(cachedFailureInWords(cached)).toBe('Once it is fixed, a server brought back answers at once; one removed from the NS set is still asked, by resolvers that cached the NS set, for up to 2 days (172800 s: the TTL of bw. NS as the root delegates it).');
		expect(cachedFailureInWords({change: 'server-removal', seconds: 86400, from: {name: 'bw.', type: 'NS', negative: false, copy: {by: 'zone'}}})).toBe('Once it is fixed, a server brought back answers at once; one removed from the NS set is still asked, by resolvers that cached the NS set, for up to 1 day (86400 s: the TTL of bw. NS as bw.\'s servers give it).');
	});

	it('a DS change: the DS TTL at the parent (rollover.net\'s stale DS in net.)', async () => {
		expect(await cachedOf('www.rollover.net', 'DS_NO_MATCHING_DNSKEY', 'rollover.net.')).toEqual({change: 'ds', seconds: 86400, from: {name: 'rollover.net.', type: 'DS', negative: false}});
	});

	it('a DS to add where there is none (.bw): the root\'s negative TTL for the DS, 1 day, which resolvers cap at 3 hours', async () => {
		const cached = await cachedOf('www.nic.bw', 'DNSSEC_WITHOUT_DS', 'bw.');
		expect(cached).toEqual({change: 'ds', seconds: 86400, from: {name: '.', type: 'SOA', negative: true}});
		expect(cachedFailureInWords(cached)).toBe('Once it is fixed, resolvers that cached the DS set see the change within 3 hours at most: resolvers cap negative caching (BIND 3 hours, Unbound 1 hour); the negative TTL of . asks for 1 day (86400 s).');
	});

	it('a key change: the DNSKEY TTL of the zone', async () => {
		const trace = await traceOf('www.secondary.org');
		const rolled = createFinding({code: 'ALGORITHM_DEPRECATED', zone: 'secondary.org.', servers: [], message: 'secondary.org.: RSASHA1', evidence: []});
		expect(cachedFailure(createView(trace), rolled, probesById(createView(trace)))).toEqual({change: 'dnskey', seconds: 3600, from: {name: 'secondary.org.', type: 'DNSKEY', negative: false}});
	});

	it('a signature fix: validating resolvers kept the failure, 5 minutes at most, not the rejected RRset for its TTL (secondary.org\'s expired DNSKEY signatures, 3600 s)', async () => {
		// A break test: "within 1 hour (3600 s: the TTL of secondary.org. DNSKEY)"; Unbound keeps a failure 60 s, BIND 1 s.
		const cached = await cachedOf('www.secondary.org', 'RRSIG_EXPIRED', 'secondary.org.');
		expect(cached).toEqual({change: 'signature', seconds: 300, from: {name: 'secondary.org.', type: 'DNSKEY', negative: false, failure: true}});
		expect(cachedFailureInWords(cached)).toBe(
			'Once it is fixed, validating resolvers that rejected the badly signed records see the change within 5 minutes (300 s: the most a validating resolver keeps a failed validation, by RFC 2308 section 7.1 and RFC 9520, or the TTL of secondary.org. DNSKEY where shorter; no resolver keeps rejected records for their TTL).',
		);
	});

	it('a signature fix is capped by the signature\'s original TTL where that is shorter still, as validators cap it (RFC 4035 5.3.3)', async () => {
		const trace = await traceOf('www.secondary.org');
		const a: ResourceRecord = {name: 'www.example.org.', type: 'A', class: 'IN', ttl: 7200, data: {kind: 'address', address: '192.0.2.1'}};
		const sig: ResourceRecord = {name: 'www.example.org.', type: 'RRSIG', class: 'IN', ttl: 7200, data: {kind: 'rrsig', typeCovered: 'A', algorithm: 13, labels: 3, originalTtl: 120, expiration: 0, inception: 0, keyTag: 1, signerName: 'example.org.', signature: ''}};
		const bad = createFinding({code: 'RRSIG_INVALID', zone: 'example.org.', servers: [], message: 'bad', evidence: [9001], facts: {stakes: 'chain', chainOfTrust: true, anotherServerValidates: false, besideAnswer: false}});
		expect(cachedFailure(createView(trace), bad, new Map([[9001, probe(9001, 'answer', message([a, sig], []))]]))).toEqual({change: 'signature', seconds: 120, from: {name: 'www.example.org.', type: 'A', negative: false, failure: true}});
	});

	it('servers that answer differently: the TTL of the answer they give (example.net\'s stale secondary)', async () => {
		expect(await cachedOf('www.example.net', 'ANSWER_MISMATCH', 'example.net.')).toEqual({change: 'answer', seconds: 3600, from: {name: 'www.example.net.', type: 'A', negative: false}});
	});

	it('a record never received: says so rather than guess', async () => {
		const trace = await traceOf('www.secondary.org');
		const underChain = {stakes: 'chain', chainOfTrust: true, anotherServerValidates: false, besideAnswer: false} as const;
		const denied = createFinding({code: 'RRSIG_MISSING', zone: 'example.org.', servers: [], message: 'unsigned denial', evidence: [9002], facts: underChain});
		const cached = cachedFailure(createView(trace), denied, new Map([[9002, probe(9002, 'nodata', message([], []))]]));
		expect(cached).toEqual({change: 'signature', unknown: 'the responses that show it carry no answer records'});
		expect(cachedFailureInWords(cached)).toBe('Once it is fixed, how long validating resolvers that rejected the badly signed records keep the old state is not in the trace: the responses that show it carry no answer records.');
		const unseen = createFinding({code: 'RRSIG_MISSING', zone: 'example.org.', servers: [], message: 'no response', evidence: [], facts: underChain});
		expect(cachedFailure(createView(trace), unseen, probesById(createView(trace)))).toEqual({change: 'signature', unknown: 'the trace holds no response that shows it'});
		const atRoot = createFinding({code: 'GLUE_MISMATCH', zone: '.', servers: [], message: 'root glue', evidence: []});
		expect(cachedFailure(createView(trace), atRoot, probesById(createView(trace)))).toEqual({change: 'delegation', unknown: 'the trace holds no referral to the zone from its parent'});
	});

	it('signatures no validator checks (.bw, .ls and .td are unsigned at the root): no failure is cached, nothing said', async () => {
		for (const [name, zone] of [['www.nic.bw', 'bw.'], ['nic.ls', 'ls.'], ['nic.td', 'td.']] as const) {
			const partial = (await analysed(name)).findings.find((finding) => finding.code === 'DNSSEC_PARTIAL' && finding.zone === zone);
			expect(partial?.explanation).toContain("The zone's parent proves it unsigned");
			expect(partial?.cached).toEqual({change: 'none'});
			expect(cachedFailureInWords(partial!.cached)).toBeUndefined();
		}
	});

	it('a server serving no DNSSEC material under a chain of trust: the TTLs of what that server answered (the finding names no probe)', async () => {
		const trace = await traceOf('www.nic.bw');
		const view = createView(trace);
		const partial = (await analysed('www.nic.bw')).findings.find((finding) => finding.code === 'DNSSEC_PARTIAL')!;
		expect(partial.evidence).toEqual([]);
		const underChain = createFinding({code: 'DNSSEC_PARTIAL', zone: 'bw.', servers: partial.servers, message: partial.message, evidence: [], facts: {stakes: 'chain', chainOfTrust: true, anotherServerValidates: true}});
		expect(cachedFailure(view, underChain, probesById(view))).toEqual({change: 'signature', seconds: 300, from: {name: 'bw.', type: 'NS', negative: false, failure: true}});
	});

	it("what a registry says of a domain the DNS still delegates: nothing cached, nothing said (a denial that never came was said to be cached)", async () => {
		const trace = await traceOf('www.secondary.org');
		for (const code of ['DOMAIN_EXPIRED', 'REGISTRY_HOLD', 'REGISTRAR_HOLD', 'DOMAIN_PENDING_DELETE'] as const) {
			const registry = createFinding({code, zone: 'secondary.org.', servers: [], message: 'rdap', evidence: []});
			const cached = cachedFailure(createView(trace), registry, probesById(createView(trace)));
			expect(cached, code).toEqual({change: 'none'});
			expect(cachedFailureInWords(cached), code).toBeUndefined();
		}
	});

	it('this host, its network and advice: nothing cached, nothing said', async () => {
		const cached = await cachedOf('www.nic.bw', 'SERIAL_MISMATCH', 'bw.');
		expect(cached).toEqual({change: 'none'});
		expect(cachedFailureInWords(cached)).toBeUndefined();
		const trace = await traceOf('www.secondary.org');
		const blocked = createFinding({code: 'VANTAGE_DNS_BLOCKED', facts: {port: 53, hints: 'built-in', asked: 13}, zone: '.', servers: [], message: 'blocked', evidence: []});
		expect(cachedFailure(createView(trace), blocked, probesById(createView(trace)))).toEqual({change: 'none'});
	});
});
