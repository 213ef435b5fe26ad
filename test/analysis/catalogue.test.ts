import {describe, expect, it} from 'vitest';
import {withAnalysis, type AnalysedTrace} from '../../source/analysis/analyze.js';
import type {FindingCode} from '../../source/analysis/finding.js';
import {partiesInWords} from '../../source/analysis/finding-catalogue.js';
import type {ResourceRecord} from '../../source/dns/record.js';
import {joinPresented, safe} from '../../source/dns/sanitize.js';
import {buildWorld, labTrustAnchors, type WorldSpec} from '../../source/lab/world.js';
import {renderReport} from '../../source/text/report.js';
import {findingLines} from '../../source/ui/views/lines.js';
import {CATALOGUE} from '../helpers/catalogue.js';
import {renderTraceText} from '../../source/text/trace-text.js';
import {labTrace} from '../helpers/lab.js';

const world = buildWorld(CATALOGUE);

async function analysed(name: string, type = 'A', now?: number): Promise<AnalysedTrace> {
	const trace = await labTrace(name, type, {world, families: [4], timeoutMs: 250});
	return withAnalysis(trace, {anchors: {source: 'catalogue', records: world.trustAnchor}, ...(now === undefined ? {} : {now})});
}

const TEXT = {toolVersion: 'test'};
const finding = ({analysis}: AnalysedTrace, code: FindingCode) => analysis.findings.find((candidate) => candidate.code === code);

describe('findings the stories do not show', () => {
	for (const [zone, code, severity, servers] of [
		['tcp.cat.', 'TRUNCATED_NO_TCP', 'error', ['127.77.231.1']],
		['edns.cat.', 'EDNS_UNSUPPORTED', 'warning', ['127.77.233.1']],
		['garbage.cat.', 'MALFORMED_RESPONSE', 'warning', ['127.77.235.1']],
		['closed.cat.', 'SERVER_UNREACHABLE', 'warning', ['127.77.237.1']],
		['servfail.cat.', 'SERVER_FAILURE', 'warning', ['127.77.239.1']],
		['notimp.cat.', 'SERVER_ERROR_RCODE', 'warning', ['127.77.249.3']],
		['soa.cat.', 'SOA_MISMATCH', 'warning', ['127.77.240.1', '127.77.241.1']],
		// The other server serves the signed zone, and validating resolvers retry it: at risk, not broken.
		['partial.cat.', 'DNSSEC_PARTIAL', 'warning', ['127.77.247.1']],
		['nosig.cat.', 'RRSIG_MISSING', 'warning', ['127.77.231.2']],
		['nscname.cat.', 'NS_NAME_IS_CNAME', 'warning', ['127.77.242.2', '127.77.243.2']],
		['bigref.cat.', 'REFERRAL_TOO_LARGE', 'warning', ['127.77.228.1', '127.77.229.1']],
		['ednsignore.cat.', 'EDNS_UNSUPPORTED', 'warning', ['127.77.247.2']],
		['rsa.cat.', 'DNSKEY_RSA_SHORT', 'warning', ['127.77.248.2', '127.77.249.2']],
		['udp.cat.', 'SERVER_UDP_FAILS_TCP_WORKS', 'warning', ['127.77.231.3']],
		['notcp.cat.', 'SERVER_NO_TCP', 'warning', ['127.77.233.3']],
		['cds.cat.', 'CDS_NO_MATCHING_DNSKEY', 'warning', ['127.77.234.3', '127.77.235.3']],
		['cds.cat.', 'CDS_DS_MISMATCH', 'info', ['127.77.234.3', '127.77.235.3']],
		['cdsonly.cat.', 'CDS_INCONSISTENT', 'warning', ['127.77.236.3', '127.77.237.3']],
	] as const) {
		it(`${code}: ${zone}`, async () => {
			const trace = await analysed(`www.${zone}`, 'A');
			expect(finding(trace, code)).toMatchObject({zone, severity, servers: [...servers]});
		});
	}

	it('TRUNCATED_NO_TCP names the server that truncates over UDP and has no TCP', async () => {
		const {trace, analysis} = await analysed('www.tcp.cat.');
		expect(finding({trace, analysis}, 'TRUNCATED_NO_TCP')?.message).toBe('tcp.cat.: ns2.tcp.cat. (127.77.231.1) truncated an answer over UDP and then did not answer over TCP');
		// It answered every query over UDP: not a server that is unreachable or never answers.
		expect(analysis.findings.filter((entry) => entry.zone === 'tcp.cat.').map((entry) => entry.code)).toEqual(['TRUNCATED_NO_TCP', 'OUT_OF_BAILIWICK_DATA', 'SINGLE_POINT_OF_FAILURE']);
		// Nor does its row say it is unreachable: it answered, with TC=1, and then TCP failed.
		const row = renderTraceText({trace, analysis}, TEXT).split('\n').find((line) => line.includes('127.77.231.1'));
		expect(row).toMatch(/TCP UNREACHABLE +tc→tcp +TC=1 over UDP; over TCP: ECONNREFUSED/u);
	});

	it('SERVER_ERROR_RCODE names the server and the code it answers, where a trace had failed with no finding saying why', async () => {
		const traced = await analysed('www.notimp.cat.');
		const {analysis} = traced;
		expect(finding(traced, 'SERVER_ERROR_RCODE')?.message).toBe('notimp.cat.: ns2.notimp.cat. (127.77.249.3) answers NOTIMP (11 of 11 queries)');
		// Not a server that is dead: it answered every query, with NOTIMP.
		expect(analysis.findings.filter((entry) => entry.zone === 'notimp.cat.').map((entry) => entry.code)).toEqual(['SERVER_ERROR_RCODE', 'OUT_OF_BAILIWICK_DATA', 'SINGLE_POINT_OF_FAILURE']);
	});

	it('a server that answers the question with an error in plain DNS too rejected the question, not EDNS: no EDNS_UNSUPPORTED', async () => {
		const {trace} = await analysed('www.notimp.cat.');
		// As the transport records a FORMERR without OPT, asked again without EDNS and answered FORMERR again.
		const zones = trace.zones.map((zone) => ({...zone, servers: zone.servers.map((server) => (server.address !== '127.77.249.3' ? server : {...server, probes: server.probes.map((probe) => ({...probe, ednsFallback: true}))}))}));
		const {analysis} = withAnalysis({...trace, zones}, {anchors: {source: 'catalogue', records: world.trustAnchor}});
		const codes = analysis.findings.filter((entry) => entry.zone === 'notimp.cat.').map((entry) => entry.code);
		expect(codes).toContain('SERVER_ERROR_RCODE');
		expect(codes).not.toContain('EDNS_UNSUPPORTED');
		// A server that answered the plain query is still one that rejects EDNS (edns.cat.'s, above).
	});

	it('SERVER_UDP_FAILS_TCP_WORKS names the server whose UDP is dropped, and it is not blamed as dead', async () => {
		const {trace, analysis} = await analysed('www.udp.cat.');
		expect(finding({trace, analysis}, 'SERVER_UDP_FAILS_TCP_WORKS')?.message).toBe('udp.cat.: ns2.udp.cat. (127.77.231.3) let 11 of 11 queries time out over UDP and answered them over TCP');
		// No SERVER_TIMEOUT: every question it was asked was answered (the other two are every catalogue zone's).
		expect(analysis.findings.filter((entry) => entry.zone === 'udp.cat.').map((entry) => entry.code)).toEqual(['SERVER_UDP_FAILS_TCP_WORKS', 'OUT_OF_BAILIWICK_DATA', 'SINGLE_POINT_OF_FAILURE']);
		expect(trace.outcome.status).toBe('answer');
	});

	it('SERVER_NO_TCP names the server whose TCP check failed, and does not count that probe as a failing query', async () => {
		const {analysis} = await analysed('www.notcp.cat.');
		expect(finding({analysis} as AnalysedTrace, 'SERVER_NO_TCP')?.message).toBe('notcp.cat.: ns2.notcp.cat. (127.77.233.3) answers over UDP but not over TCP (SOA over TCP: the TCP connection was refused)');
		// No SERVER_UNREACHABLE for the refused TCP connection (the other two are every catalogue zone's).
		expect(analysis.findings.filter((entry) => entry.zone === 'notcp.cat.').map((entry) => entry.code)).toEqual(['SERVER_NO_TCP', 'OUT_OF_BAILIWICK_DATA', 'SINGLE_POINT_OF_FAILURE']);
	});

	it('SERVER_NO_TCP is an error when no server of the zone answers over TCP', async () => {
		const spec = structuredClone(CATALOGUE);
		for (const server of spec.servers.filter((candidate) => candidate.name.endsWith('.notcp.cat.'))) server.noTcp = true;
		const built = buildWorld(spec);
		const trace = await labTrace('www.notcp.cat.', 'A', {world: built, families: [4], timeoutMs: 250});
		const {analysis} = withAnalysis(trace, {anchors: {source: 'catalogue', records: built.trustAnchor}});
		expect(analysis.findings.find((entry) => entry.code === 'SERVER_NO_TCP')).toMatchObject({severity: 'error', servers: ['127.77.232.3', '127.77.233.3']});
	});

	it('GLUE_MISMATCH: the parent glue and the zone disagree on a server address', async () => {
		expect(finding(await analysed('www.glue.cat.'), 'GLUE_MISMATCH')?.message).toBe('glue.cat.: glue for ns2.glue.cat. at cat. says 127.77.243.1, the zone itself says 127.77.226.9');
	});

	it('NS_SET_MISMATCH: the delegation and the zone list different servers', async () => {
		expect(finding(await analysed('www.nsset.cat.'), 'NS_SET_MISMATCH')?.message).toBe('nsset.cat.: the delegation at cat. and the zone\'s own NS set differ; only the parent lists ns2.nsset.cat.; only the zone lists ns3.nsset.cat.');
	});

	it('REFERRAL_INCONSISTENT: one parent server does not delegate the zone', async () => {
		const found = finding(await analysed('www.referral.cat.'), 'REFERRAL_INCONSISTENT');
		expect(found?.servers).toEqual(['127.77.228.1', '127.77.229.1']);
		expect(found?.message).toContain('b.nic.cat. (127.77.229.1) NXDOMAIN');
	});

	it('DNSKEY_MISSING: a DS at the parent and no key at any server is an error, and bogus', async () => {
		const trace = await analysed('www.nokeys.cat.');
		expect(finding(trace, 'DNSKEY_MISSING')).toMatchObject({severity: 'error', zone: 'nokeys.cat.'});
		expect(trace.analysis.dnssec.outcome.status).toBe('bogus');
	});

	it('DNSKEY_MISSING: a DS at the parent for a zone whose servers answer the name asked but not the DNSKEY question says how they answer, and is bogus, as validators say', async () => {
		// One server answers www.dropped.cat. (a zone of its own) and refuses the rest; the other refers upward. Unbound:
		// SERVFAIL, "No DNSKEY record for key dropped.cat. while building chain of trust"; delv: resolution failed. Before,
		// indeterminate and a warning, exit 0 (a break test).
		const trace = await analysed('www.dropped.cat.');
		const found = finding(trace, 'DNSKEY_MISSING');
		expect(found).toMatchObject({severity: 'error', zone: 'dropped.cat.'});
		expect(found?.message).toMatch(/^dropped\.cat\.: cat\. publishes DS \d+, but no server of the zone answers for it \(1 answers REFUSED, 1 answers with an upward referral to its DNSKEY question\), so no DNSKEY could be fetched, though one of its server addresses answers other questions in it: validating resolvers fail every answer from it$/u);
		expect(trace.analysis.dnssec.outcome.status).toBe('bogus');
		expect(trace.analysis.dnssec.zones.find((zone) => zone.zone === 'dropped.cat.')?.status).toBe('bogus');
	});

	describe('where a trust anchor, not a parent, vouches for the zone: the root, or a zone given its own anchor', () => {
		// The catalogue world with these zones served unsigned by every server, traced with these anchors (the
		// anchor's source as a trace records it: the built-in IANA key, a --trust-anchor file).
		async function unsignedUnderAnchor(unsigned: string, anchors: (built: ReturnType<typeof buildWorld>) => ResourceRecord[]): Promise<AnalysedTrace> {
			const spec: WorldSpec = structuredClone(CATALOGUE);
			for (const server of spec.servers) server.zones = server.zones.map((zone) => (zone.zone === unsigned ? {...zone, unsigned: true} : zone));
			const built = buildWorld(spec);
			const trace = await labTrace('www.nsset.cat.', 'A', {world: built, families: [4], timeoutMs: 250});
			return withAnalysis({...trace, options: {...trace.options, trustAnchor: '/etc/root.anchor'}}, {anchors: {source: '/etc/root.anchor', records: anchors(built)}});
		}
		// What the trace's text, its report and the explorer's findings overlay say of who can fix a finding.
		const whoCanFix = (traced: AnalysedTrace, code: FindingCode) => {
			const found = finding(traced, code)!;
			const flat = (text: string) => text.replace(/\s+/gu, ' ');
			const overlay = findingLines(found, traced.trace).map((line) => joinPresented(line.map((segment) => segment.text), safe``)).join('\n');
			return [renderTraceText(traced, TEXT), renderReport(traced, {format: 'text', toolVersion: 'test'}), overlay].map((text) => flat(text).match(/Who can fix it: [^\n]*?(?=\. Once it is fixed| Once it is fixed|$)/u)?.[0]);
		};

		it('DNSKEY_MISSING at the root: the root\'s servers serve no key, and its DNS operator or whoever sets the anchor fixes it, no registrar', async () => {
			const traced = await unsignedUnderAnchor('.', (built) => built.trustAnchor);
			const found = finding(traced, 'DNSKEY_MISSING');
			expect(found).toMatchObject({zone: '.', severity: 'error', fixers: ['dns-operator', 'trust-anchor']});
			expect(found?.message).toMatch(/^\.: a\.root\.cat-lab\. \(127\.77\.227\.1\): the trust anchor holds DS \d+, but no server of the zone serves a DNSKEY$|^\.: the trust anchor holds DS \d+, but no server of the zone serves a DNSKEY$/u);
			expect(found?.explanation).not.toMatch(/\bthe registrar\b|\bthe parent\b/u);
			expect(partiesInWords(found!.parties)).toBe('the DNS operator: root.cat-lab; whoever sets the trust anchor (resolver operators, or your --trust-anchor file): /etc/root.anchor');
			// The text, the report and the explorer's overlay say the same.
			const said = whoCanFix(traced, 'DNSKEY_MISSING');
			expect(said[0]).toContain('Who can fix it: the DNS operator: root.cat-lab; whoever sets the trust anchor (resolver operators, or your --trust-anchor file): /etc/root.anchor');
			expect(new Set(said).size).toBe(1);
			// Nothing at the root names a registrar or a DS at a parent.
			for (const each of traced.analysis.findings.filter((entry) => entry.zone === '.')) expect(partiesInWords(each.parties), each.code).not.toMatch(/registrar|registry/u);
		});

		it('DS_NO_MATCHING_DNSKEY at the root: an anchor for a key the root does not serve is the anchor\'s to update', async () => {
			const wrong: ResourceRecord = {name: '.', type: 'DS', class: 'IN', ttl: 172800, data: {kind: 'ds', keyTag: 12345, algorithm: 13, digestType: 2, digest: 'ab'.repeat(32)}};
			const traced = await unsignedUnderAnchor('none.', () => [wrong]);
			const found = finding(traced, 'DS_NO_MATCHING_DNSKEY');
			expect(found).toMatchObject({zone: '.', severity: 'error', fixers: ['trust-anchor', 'dns-operator'], change: 'dnskey'});
			expect(found?.message).toMatch(/DS 12345\/13\/2 of the trust anchor matches no DNSKEY of the zone \(keys served: \d+, \d+\)$/u);
			expect(partiesInWords(found!.parties)).toBe('whoever sets the trust anchor (resolver operators, or your --trust-anchor file): /etc/root.anchor; the DNS operator: root.cat-lab');
			// The anchor is no DS a resolver caches: the fix is seen as the root's keys expire from caches.
			expect(found?.cached).toMatchObject({change: 'dnskey', from: {name: '.', type: 'DNSKEY'}});
		});

		it('DNSKEY_MISSING on a TLD given an anchor of its own: the anchor, not the root\'s DS, says it is signed', async () => {
			const traced = await unsignedUnderAnchor('cat.', (built) => labTrustAnchors(built, ['cat.']));
			expect(finding(traced, 'DNSKEY_MISSING')).toMatchObject({zone: 'cat.', fixers: ['dns-operator', 'trust-anchor']});
			expect(finding(traced, 'DNSKEY_MISSING')?.message).toMatch(/the trust anchor holds DS \d+, but no server of the zone serves a DNSKEY$/u);
		});

		it('DNSKEY_MISSING on a TLD with a DS at the root: the DNS operator, or the TLD\'s owner through whoever runs this root (the catalogue\'s, not IANA\'s)', async () => {
			const traced = await unsignedUnderAnchor('cat.', (built) => built.trustAnchor);
			const found = finding(traced, 'DNSKEY_MISSING');
			expect(found).toMatchObject({zone: 'cat.', fixers: ['dns-operator', 'zone-owner', 'private-root']});
			expect(found?.message).toMatch(/^cat\.: \. publishes DS \d+, but no server of the zone serves a DNSKEY$/u);
			expect(found?.explanation).toContain('Either re-sign the zone (DNS operator) or remove the DS at the root, through whoever runs this root. This zone is a TLD, so it has no registrar: the zone owner asks whoever runs this root for every change');
			expect(partiesInWords(found!.parties)).toBe("the DNS operator: nic.cat; the zone owner: hostmaster@nic.cat; whoever runs this root (not IANA's: its NS set names no root-servers.net server): h@cat-lab");
		});
	});

	it('REFERRAL_INCONSISTENT on a TLD: the root\'s servers disagree, and their operators fix it, not the TLD manager', async () => {
		// A second root server serves an old copy of the root that does not delegate cat. yet.
		const spec: WorldSpec = structuredClone(CATALOGUE);
		const root = spec.zones.find((zone) => zone.origin === '.')!;
		root.text = root.text.replace('@ NS a.root.cat-lab.\n', '@ NS a.root.cat-lab.\n@ NS b.root.cat-lab.\nb.root.cat-lab. A 127.77.227.2\n');
		const old = root.text.split('\n').filter((line) => !line.startsWith('cat.') && !line.includes('nic.cat.')).join('\n');
		spec.servers.push({name: 'b.root.cat-lab.', ipv4: '127.77.227.2', zones: [{zone: '.', copy: {origin: '.', text: old}}]});
		spec.roots = ['a.root.cat-lab.', 'b.root.cat-lab.'];
		const built = buildWorld(spec);
		const trace = await labTrace('www.cat.', 'A', {world: built, families: [4], timeoutMs: 250});
		const found = finding(withAnalysis(trace, {anchors: {source: 'catalogue', records: built.trustAnchor}}), 'REFERRAL_INCONSISTENT');
		expect(found).toMatchObject({zone: 'cat.', fixers: ['dns-operator']});
		expect(found?.message).toBe('cat.: the . servers disagree about www.cat.: a.root.cat-lab. (127.77.227.1) refer to cat. (a.nic.cat. b.nic.cat.); b.root.cat-lab. (127.77.227.2) NXDOMAIN');
		expect(partiesInWords(found!.parties)).toBe('the DNS operator: root.cat-lab');
		expect(found?.explanation).toMatch(/^The root's servers should all give the same delegation for a TLD\. /u);
	});

	it('REFERRAL_INCONSISTENT two levels below a TLD: the servers of the parent, no TLD, disagree, and its DNS operator fixes it, not the TLD registry', async () => {
		// referral.cat. delegates sub.referral.cat., but its second server runs an old copy of referral.cat. without it.
		const spec: WorldSpec = structuredClone(CATALOGUE);
		const parent = spec.zones.find((zone) => zone.origin === 'referral.cat.')!;
		const old = parent.text;
		parent.text = `${old}\nsub NS ns.sub.referral.cat.\nns.sub A 127.77.226.40`;
		spec.servers.find((server) => server.name === 'ns2.referral.cat.')!.zones = [{zone: 'referral.cat.', copy: {origin: 'referral.cat.', text: old}}];
		spec.zones.push({origin: 'sub.referral.cat.', text: '@ SOA ns.sub.referral.cat. h.sub.referral.cat. 1 7200 3600 1209600 3600\n@ NS ns.sub.referral.cat.\nns A 127.77.226.40\nwww A 192.0.2.2'});
		spec.servers.push({name: 'ns.sub.referral.cat.', ipv4: '127.77.226.40', zones: [{zone: 'sub.referral.cat.'}]});
		const built = buildWorld(spec);
		const trace = await labTrace('www.sub.referral.cat.', 'A', {world: built, families: [4], timeoutMs: 250});
		const {analysis} = withAnalysis(trace, {anchors: {source: 'catalogue', records: built.trustAnchor}});
		const found = analysis.findings.find((entry) => entry.code === 'REFERRAL_INCONSISTENT' && entry.zone === 'sub.referral.cat.');
		expect(found).toMatchObject({fixers: ['dns-operator'], servers: ['127.77.250.1', '127.77.251.1']});
		expect(found?.message).toBe('sub.referral.cat.: the referral.cat. servers disagree about www.sub.referral.cat.: ns1.referral.cat. (127.77.250.1) refer to sub.referral.cat. (ns.sub.referral.cat.); ns2.referral.cat. (127.77.251.1) NXDOMAIN');
		expect(partiesInWords(found!.parties)).toBe('the DNS operator: referral.cat');
		expect(found?.explanation).toContain('the DNS operator of the parent, referral.cat., must fix it: no registry is involved, as referral.cat. is no TLD.');
		// One level up, the parent is the TLD: its registry runs it.
		const above = analysis.findings.find((entry) => entry.code === 'REFERRAL_INCONSISTENT' && entry.zone === 'referral.cat.');
		expect(above).toMatchObject({fixers: ['registry', 'dns-operator']});
		expect(partiesInWords(above!.parties)).toBe('the registry (TLD operator): .cat, hostmaster@nic.cat; the DNS operator: nic.cat');
	});

	it('at the root, a root server that times out and root servers that disagree on the NS set name the root servers\' operators and whoever runs this root (not IANA\'s), never a registrar', async () => {
		// Three root servers: b. is down, and c. serves a copy of the root whose NS set leaves b. out.
		const spec: WorldSpec = structuredClone(CATALOGUE);
		const root = spec.zones.find((zone) => zone.origin === '.')!;
		const servers = '@ NS a.root.cat-lab.\n@ NS b.root.cat-lab.\n@ NS c.root.cat-lab.\nb.root.cat-lab. A 127.77.227.2\nc.root.cat-lab. A 127.77.227.3\n';
		root.text = root.text.replace('@ NS a.root.cat-lab.\n', servers);
		const without = root.text.replace('@ NS b.root.cat-lab.\n', '');
		spec.servers.push({name: 'b.root.cat-lab.', ipv4: '127.77.227.2', down: true, zones: [{zone: '.'}]});
		spec.servers.push({name: 'c.root.cat-lab.', ipv4: '127.77.227.3', zones: [{zone: '.', copy: {origin: '.', text: without}}]});
		spec.roots = ['a.root.cat-lab.', 'b.root.cat-lab.', 'c.root.cat-lab.'];
		const built = buildWorld(spec);
		const trace = await labTrace('www.cat.', 'A', {world: built, families: [4], timeoutMs: 250});
		const traced = withAnalysis(trace, {anchors: {source: 'catalogue', records: built.trustAnchor}});
		const timeout = traced.analysis.findings.find((entry) => entry.code === 'SERVER_TIMEOUT' && entry.zone === '.');
		// The catalogue's root is its own (root.cat-lab), not IANA's: its NS set is whoever runs it's to change.
		expect(timeout).toMatchObject({severity: 'warning', servers: ['127.77.227.2'], fixers: ['dns-operator', 'private-root']});
		expect(partiesInWords(timeout!.parties)).toBe("the DNS operator: root.cat-lab; whoever runs this root (not IANA's: its NS set names no root-servers.net server): h@cat-lab");
		expect(timeout?.explanation).toMatch(/^1 of the zone's 3 server addresses times out: .* The root has no parent, no delegation and no registrar: the DNS operator running this root server \(each root server has its own\) must bring it back, or whoever runs this root must take it out of the root's NS set, which resolvers' root hints then follow\.$/u);
		const mismatch = traced.analysis.findings.find((entry) => entry.code === 'NS_SET_MISMATCH' && entry.zone === '.');
		expect(mismatch).toMatchObject({fixers: ['dns-operator']});
		expect(partiesInWords(mismatch!.parties)).toBe('the DNS operator: root.cat-lab');
		// What the text says of them, as the report and the explorer say it.
		expect(renderTraceText(traced, TEXT).replace(/\s+/gu, ' ')).toContain("Who can fix it: the DNS operator: root.cat-lab; whoever runs this root (not IANA's: its NS set names no root-servers.net server): h@cat-lab");
		for (const each of traced.analysis.findings.filter((entry) => entry.zone === '.')) {
			expect(partiesInWords(each.parties), each.code).not.toMatch(/registrar|registry|TLD manager/u);
			expect(each.explanation, each.code).not.toMatch(/\bthe registrar\b|\bregistry\b|\bthe delegation\b/u);
		}
	});

	it('DENIAL_INVALID: NXDOMAIN from a signed zone without its NSEC records', async () => {
		const trace = await analysed('nosuch.nodenial.cat.');
		expect(finding(trace, 'DENIAL_INVALID')).toMatchObject({severity: 'error', servers: ['127.77.233.2']});
	});

	it('ALGORITHM_DEPRECATED: a zone signed with RSASHA1', async () => {
		expect(finding(await analysed('www.sha1.cat.'), 'ALGORITHM_DEPRECATED')?.message).toContain('uses algorithm 5');
	});

	it('NSEC3_ITERATIONS: NSEC3 with extra iterations (RFC 9276)', async () => {
		expect(finding(await analysed('nosuch.iterations.cat.'), 'NSEC3_ITERATIONS')?.message).toContain('NSEC3 with 10 extra iterations');
	});

	it('OUT_OF_BAILIWICK_DATA: a referral padded with an address the parent has no authority over is ignored and noted', async () => {
		const {analysis} = await analysed('www.tcp.cat.');
		const found = analysis.findings.find((candidate) => candidate.code === 'OUT_OF_BAILIWICK_DATA' && candidate.zone === 'tcp.cat.');
		expect(found).toMatchObject({severity: 'info', zone: 'tcp.cat.', servers: ['127.77.228.1']});
		expect(found?.message).toContain('www.bank.example. 192.0.2.66');
	});

	it('OUT_OF_BAILIWICK_DATA: the same padding on the parent server\'s own answers is noted with the zone it answers for', async () => {
		const {analysis} = await analysed('www.tcp.cat.');
		const found = analysis.findings.find((candidate) => candidate.code === 'OUT_OF_BAILIWICK_DATA' && candidate.zone === 'cat.');
		expect(found).toMatchObject({severity: 'info', servers: ['127.77.228.1']});
		expect(found?.message).toBe('cat.: a.nic.cat. (127.77.228.1) sent records outside cat., ignored: additional: www.bank.example. 192.0.2.66');
	});

	it('VALIDATION_LIMIT: dozens of forged signatures on one RRset stop validation early, cheaply', async () => {
		const started = performance.now();
		const trace = await analysed('www.keytrap.cat.');
		expect(finding(trace, 'VALIDATION_LIMIT')?.severity).toBe('warning');
		expect(performance.now() - started).toBeLessThan(3000);
	});

	it('a CNAME into a name its parent denies: the missing delegation is the target\'s, not the alias\'s (RFC 6604)', async () => {
		const traced = await analysed('alias.cat.');
		expect(finding(traced, 'DELEGATION_MISSING')?.message).toBe('gone.cat.: the cat. servers say it does not exist (NXDOMAIN for gone.cat., the target of alias.cat.\'s CNAME); the registry does not delegate it');
		expect(renderTraceText(traced, TEXT)).toContain(': alias.cat. is an alias of gone.cat., which does not exist');
		expect(renderTraceText(await analysed('c.loop.cat.'), TEXT)).toContain(': c.loop.cat. is an alias of nowhere.loop.cat., which does not exist');
	});

	it('LOOP_DETECTED: a CNAME chain that comes back to itself', async () => {
		expect(finding(await analysed('a.loop.cat.'), 'LOOP_DETECTED')?.message).toBe('CNAME loop: the CNAME/DNAME chain returns to a.loop.cat. (a.loop.cat. → b.loop.cat. → a.loop.cat.)');
	});

	it('LIMIT_REACHED: a trace cut short by its query budget says so', async () => {
		const walked = await labTrace('www.tcp.cat.', 'A', {world, families: [4], limits: {maxQueries: 10}});
		const limits = (trace: typeof walked) => withAnalysis(trace, {anchors: {source: 'catalogue', records: world.trustAnchor}}).analysis.findings.filter((candidate) => candidate.code === 'LIMIT_REACHED').map((candidate) => candidate.message);
		expect(limits(walked)).toEqual([
			'the trace stopped at a limit (queries, 7): checks stopped after 7 queries; the last 3 were kept for the question itself and its chain of trust',
			'the trace stopped at a limit (queries, 10): the trace stopped sending after 10 queries',
		]);
		// Met in the other order (the walk's own questions spent the budget before a check was refused): said the same way.
		expect(limits({...walked, limits: [...walked.limits].reverse()})).toEqual(limits(walked));
	});

	it('RRSIG_NOT_YET_VALID: judged before the signatures were made', async () => {
		const before = Math.floor(world.signedAt.getTime() / 1000) - 86_400;
		const trace = await analysed('www.tcp.cat.', 'A', before);
		expect(trace.analysis.dnssec.outcome.status).toBe('bogus');
		expect(trace.analysis.dnssec.zones[0]).toMatchObject({zone: '.', status: 'bogus'});
		expect(finding(trace, 'RRSIG_NOT_YET_VALID')?.severity).toBe('error');
	});

	it('RRSIG_EXPIRING_SOON: judged two days before they run out', async () => {
		const late = Math.floor(world.signedAt.getTime() / 1000) + 19 * 86_400;
		const trace = await analysed('www.partial.cat.', 'A', late);
		expect(finding(trace, 'RRSIG_EXPIRING_SOON')?.severity).toBe('warning');
	});

	it('RRSIG_EXPIRING_SOON: the window is the one the trace was taken with (--expiry-warning), three days by default', async () => {
		const {trace} = await analysed('www.partial.cat.');
		const judged = (days: number | undefined, daysLeft: number) => {
			const options = {...trace.options, ...(days === undefined ? {} : {expiryWarningDays: days})};
			const now = Math.floor(world.signedAt.getTime() / 1000) + (21 - daysLeft) * 86_400;
			return withAnalysis({...trace, options}, {anchors: {source: 'catalogue', records: world.trustAnchor}, now});
		};
		expect(finding(judged(undefined, 2), 'RRSIG_EXPIRING_SOON')).toBeDefined();
		expect(finding(judged(undefined, 4), 'RRSIG_EXPIRING_SOON')).toBeUndefined();
		expect(finding(judged(1, 2), 'RRSIG_EXPIRING_SOON')).toBeUndefined();
		expect(finding(judged(10, 9), 'RRSIG_EXPIRING_SOON')?.message).toContain('expires');
	});

	it('SOA_MISMATCH names the field the servers disagree on, and who serves which', async () => {
		expect(finding(await analysed('www.soa.cat.'), 'SOA_MISMATCH')?.message).toBe('soa.cat.: servers at serial 7 disagree on the contact (hostmaster.soa.cat. at ns1.soa.cat. (127.77.240.1); someone-else.soa.cat. at ns2.soa.cat. (127.77.241.1))');
	});

	it('NS_NAME_IS_CNAME: the zone says its name server is an alias, and of what', async () => {
		expect(finding(await analysed('www.nscname.cat.'), 'NS_NAME_IS_CNAME')?.message).toBe('nscname.cat.: the name server ns2.nscname.cat. is an alias (CNAME to host.nscname.cat., from ns1.nscname.cat. (127.77.242.2) and ns2.nscname.cat. (127.77.243.2))');
	});

	it('REFERRAL_TOO_LARGE: four 50-octet names fill a referral past 512 octets; the usual two short names fit', async () => {
		expect(finding(await analysed('www.bigref.cat.'), 'REFERRAL_TOO_LARGE')?.message).toBe('bigref.cat.: the smallest referral cat. can give for it without EDNS takes 547 octets (4 name servers and their glue), more than the 512 a UDP message without EDNS holds');
		expect(finding(await analysed('www.tcp.cat.'), 'REFERRAL_TOO_LARGE')).toBeUndefined();
	});

	it('EDNS_UNSUPPORTED: a server that answers an EDNS query without an OPT record ignored EDNS', async () => {
		expect(finding(await analysed('www.ednsignore.cat.'), 'EDNS_UNSUPPORTED')?.message).toBe('ednsignore.cat.: ns2.ednsignore.cat. (127.77.247.2) ignored EDNS(0): answered without an OPT record');
	});

	it('CDS_NO_MATCHING_DNSKEY and CDS_DS_MISMATCH: a CDS and CDNSKEY for a key the zone does not have, both named', async () => {
		const trace = await analysed('www.cds.cat.');
		const servers = 'ns1.cds.cat. (127.77.234.3) and ns2.cds.cat. (127.77.235.3)';
		expect(finding(trace, 'CDS_NO_MATCHING_DNSKEY')?.message).toBe(`cds.cat.: CDS 12345 13 2 ${'AB'.repeat(32)} matches no DNSKEY (${servers}); CDNSKEY 257 3 13 ${Buffer.alloc(64, 7).toString('base64')} matches no DNSKEY (${servers})`);
		expect(finding(trace, 'CDS_DS_MISMATCH')?.message).toMatch(new RegExp(`^cds\\.cat\\.: ${servers.replaceAll(/[.()]/gu, '\\$&')} publish CDS 12345 13 2 ${'AB'.repeat(32)}; the parent's DS is \\d+ 13 2 [0-9A-F]{64}$`, 'u'));
		// Both types published, and the same on both servers.
		expect(finding(trace, 'CDS_INCONSISTENT')).toBeUndefined();
	});

	it('CDS_INCONSISTENT: a CDS without a CDNSKEY; the delete record (RFC 8078) matches no key by design and is not blamed for it', async () => {
		const trace = await analysed('www.cdsonly.cat.');
		expect(finding(trace, 'CDS_INCONSISTENT')?.message).toBe('cdsonly.cat.: ns1.cdsonly.cat. (127.77.236.3) publishes CDS but no CDNSKEY; ns2.cdsonly.cat. (127.77.237.3) publishes CDS but no CDNSKEY');
		expect(finding(trace, 'CDS_NO_MATCHING_DNSKEY')).toBeUndefined();
	});

	it('EDNS_UNSUPPORTED, not SERVER_TIMEOUT: a server that never answers with EDNS and answers without it', async () => {
		const {analysis} = await analysed('www.ednsdrop.cat.');
		expect(finding({analysis} as AnalysedTrace, 'EDNS_UNSUPPORTED')).toMatchObject({
			servers: ['127.77.239.3'],
			message: 'ednsdrop.cat.: ns2.ednsdrop.cat. (127.77.239.3) never answers with EDNS; answers without it (a middlebox or firewall that drops queries carrying OPT, or a path that loses datagrams: each question\'s tries with EDNS went unanswered)',
		});
		// Nor SERVER_NO_TCP: its TCP check asked with EDNS too (the other two are every catalogue zone's).
		expect(analysis.findings.filter((entry) => entry.zone === 'ednsdrop.cat.').map((entry) => entry.code)).toEqual(['EDNS_UNSUPPORTED', 'OUT_OF_BAILIWICK_DATA', 'SINGLE_POINT_OF_FAILURE']);
	});

	it('a zone with none of these problems shows none of their findings', async () => {
		const codes = (await analysed('www.tcp.cat.')).analysis.findings.map((found) => found.code);
		for (const code of ['NS_NAME_IS_CNAME', 'REFERRAL_TOO_LARGE', 'EDNS_UNSUPPORTED', 'DNSKEY_RSA_SHORT', 'SOA_MISMATCH', 'CDS_INCONSISTENT', 'CDS_NO_MATCHING_DNSKEY', 'CDS_DS_MISMATCH'] as const) expect(codes).not.toContain(code);
	});

	it('DNSKEY_RSA_SHORT: a zone signed with 1024-bit RSA keys; 2048-bit keys pass', async () => {
		expect(finding(await analysed('www.rsa.cat.'), 'DNSKEY_RSA_SHORT')?.message).toMatch(/^rsa\.cat\.: DNSKEY \d+ \(RSASHA256\) has a 1024-bit modulus, served by ns1\.rsa\.cat\. \(127\.77\.248\.2\) and ns2\.rsa\.cat\. \(127\.77\.249\.2\); DNSKEY \d+ \(RSASHA256\) has a 1024-bit modulus, .*: below 2048 bits$/u);
		expect(finding(await analysed('www.sha1.cat.'), 'DNSKEY_RSA_SHORT')).toBeUndefined();
	});
});
