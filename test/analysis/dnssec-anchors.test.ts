import {describe, expect, it} from 'vitest';
import {withAnalysis, type AnalysedTrace} from '../../source/analysis/analyze.js';
import {UNANCHORED_REASON} from '../../source/analysis/dnssec/dnssec-status.js';
import type {ResourceRecord} from '../../source/dns/record.js';
import {exitStatus} from '../../source/commands/exit-status.js';
import {INTERNET} from '../../source/lab/internet.js';
import {dsRecord} from '../../source/lab/signer.js';
import {buildWorld, keysOf, labTrustAnchors, type LabWorld, type SigningSpec} from '../../source/lab/world.js';
import {renderReport} from '../../source/text/report.js';
import {renderTraceText} from '../../source/text/trace-text.js';
import {labTrace, labWorld} from '../helpers/lab.js';

async function analysed(name: string, anchors: ResourceRecord[], world: LabWorld = labWorld(), type = 'A'): Promise<AnalysedTrace> {
	const trace = await labTrace(name, type, {world, timeoutMs: 250});
	return withAnalysis(trace, {anchors: {source: 'test anchors', records: anchors}});
}

const zoneReport = ({analysis}: AnalysedTrace, zone: string) => analysis.dnssec.zones.find((entry) => entry.zone === zone);
const findingsOf = ({analysis}: AnalysedTrace, code: string) => analysis.findings.filter((entry) => entry.code === code);

/** An anchor's records with one field changed: a digest that no key matches, another algorithm or digest type. */
function altered(record: ResourceRecord, change: {algorithm?: number; digestType?: number; digest?: string}): ResourceRecord {
	if (record.data.kind !== 'ds') throw new Error('not a DS');
	return {...record, data: {...record.data, ...change}};
}

const dsOf = (records: ResourceRecord[]) => records.filter((record) => record.type === 'DS');

describe('validation starts at the closest trust anchor (RFC 4035 4.3, 5)', () => {
	it('an anchor for example.com. alone: the zone is secure, its chain starts there, and the zones above are outside validation', async () => {
		const traced = await analysed('www.example.com', labTrustAnchors(labWorld(), ['example.com']));
		expect(traced.analysis.dnssec.outcome.status).toBe('secure');
		expect(traced.analysis.dnssec.outcome.reason).toMatch(/^www\.example\.com\. A validates \(valid, signed by key \d+\)$/u);
		expect(zoneReport(traced, 'example.com.')).toMatchObject({status: 'secure', chainStart: 'example.com.'});
		expect(zoneReport(traced, 'example.com.')?.reason).toBe("every server's DNSKEY RRset validates from the trust anchor");
		for (const zone of ['.', 'com.']) {
			expect(zoneReport(traced, zone)).toMatchObject({status: 'unanchored', reason: UNANCHORED_REASON});
			expect(zoneReport(traced, zone)?.chainStart).toBeUndefined();
		}
	});

	it('a name below no anchor is outside validation: not indeterminate, not broken, exit status 0', async () => {
		const traced = await analysed('www.secondary.org', labTrustAnchors(labWorld(), ['example.com']));
		expect(traced.analysis.dnssec.outcome).toEqual({status: 'unanchored', reason: `.: ${UNANCHORED_REASON}`});
		expect(traced.analysis.dnssec.zones.map((zone) => zone.status)).toEqual(['unanchored', 'unanchored', 'unanchored']);
		expect(exitStatus(traced)).toBe(0);
		expect(renderTraceText(traced, {toolVersion: 'test'})).toContain(`;; DNSSEC: outside validation — .: ${UNANCHORED_REASON} (trust anchor: test anchors)`);
		expect(renderReport(traced, {format: 'text', toolVersion: 'test'})).toContain(`DNSSEC: outside validation (.: ${UNANCHORED_REASON})`);
		expect(traced.analysis.findings.filter((entry) => entry.severity === 'error')).toEqual([]);
	});

	it('two anchors both apply: each zone chains from the closest one at or above it', async () => {
		const traced = await analysed('www.example.com', labTrustAnchors(labWorld(), ['.', 'example.com']));
		expect(traced.analysis.dnssec.outcome.status).toBe('secure');
		expect(traced.analysis.dnssec.zones.map((zone) => `${zone.zone} ${zone.status} ${zone.chainStart}`)).toEqual(['. secure .', 'com. secure .', 'example.com. secure example.com.']);
	});

	it('the lab root anchor alone: every zone chains from the root, as before', async () => {
		const traced = await analysed('www.example.com', labWorld().trustAnchor);
		expect(traced.analysis.dnssec.zones.map((zone) => `${zone.zone} ${zone.status} ${zone.chainStart}`)).toEqual(['. secure .', 'com. secure .', 'example.com. secure .']);
	});

	it('an anchor below a bogus zone makes it secure whatever its parent says; without it the zone is bogus', async () => {
		const withRootOnly = await analysed('www.rollover.net', labWorld().trustAnchor);
		expect(withRootOnly.analysis.dnssec.outcome.status).toBe('bogus');
		const anchoredBelow = await analysed('www.rollover.net', labTrustAnchors(labWorld(), ['.', 'rollover.net']));
		expect(zoneReport(anchoredBelow, 'rollover.net.')).toMatchObject({status: 'secure', chainStart: 'rollover.net.'});
		expect(anchoredBelow.analysis.dnssec.outcome.status).toBe('secure');
		expect(exitStatus(anchoredBelow)).toBe(0);
	});
});

describe('anchors and DS sets a validator cannot use make a zone insecure, not bogus (RFC 4035 5.2, RFC 6840 5.2)', () => {
	const exampleAnchor = () => dsOf(labTrustAnchors(labWorld(), ['example.com']));

	it('an anchor with only algorithm 3 (DSA): insecure, with a finding that says which algorithm and why', async () => {
		const traced = await analysed('www.example.com', exampleAnchor().map((record) => altered(record, {algorithm: 3})));
		const [anchor] = exampleAnchor();
		const tag = anchor?.data.kind === 'ds' ? anchor.data.keyTag : 0;
		expect(zoneReport(traced, 'example.com.')).toMatchObject({
			status: 'insecure',
			chainStart: 'example.com.',
			reason: `its trust anchor has only records a validator does not check (DS ${tag} (algorithm 3: DSA, which validators must not validate (RFC 8624 §3.1))): insecure, not bogus (RFC 4035 §5.2)`,
		});
		expect(traced.analysis.dnssec.outcome.status).toBe('insecure');
		expect(exitStatus(traced)).toBe(0);
		const [unsupported] = findingsOf(traced, 'ALGORITHM_UNSUPPORTED');
		expect(unsupported?.message).toBe(`example.com.: its trust anchor has only DS ${tag} (algorithm 3: DSA, which validators must not validate (RFC 8624 §3.1)): not checked, so the zone is insecure (RFC 4035 §5.2)`);
		expect(unsupported?.severity).toBe('info');
	});

	it('an anchor whose DS has only an unknown digest type: insecure, the digest named', async () => {
		const traced = await analysed('www.example.com', exampleAnchor().map((record) => altered(record, {digestType: 99})));
		expect(zoneReport(traced, 'example.com.')?.status).toBe('insecure');
		expect(findingsOf(traced, 'ALGORITHM_UNSUPPORTED')[0]?.message).toContain('(digest type 99: not a digest type digdeeper implements)');
	});

	it('an anchor with algorithm 8 and 253 keys validates by the one it implements', async () => {
		const mixed = [...exampleAnchor(), altered(exampleAnchor()[0]!, {algorithm: 253})];
		const traced = await analysed('www.example.com', mixed);
		expect(zoneReport(traced, 'example.com.')?.status).toBe('secure');
		expect(traced.analysis.dnssec.outcome.status).toBe('secure');
	});

	it('a SHA-1 DS beside a SHA-256 DS of the same key is ignored (RFC 4509 3): a wrong SHA-1 digest harms nothing', async () => {
		const [sha256] = exampleAnchor();
		const wrongSha1 = altered(sha256!, {digestType: 1, digest: '00'.repeat(20)});
		const traced = await analysed('www.example.com', [wrongSha1, sha256!]);
		expect(zoneReport(traced, 'example.com.')?.status).toBe('secure');
		expect(findingsOf(traced, 'DS_NO_MATCHING_DNSKEY')).toEqual([]);
	});

	it('…and a right SHA-1 digest cannot rescue a wrong SHA-256 one: bogus', async () => {
		const world = labWorld();
		const [sha256] = exampleAnchor();
		const ksk = world.keys.get('example.com.')!.ksk;
		const rightSha1 = dsRecord('example.com.', ksk, 1);
		const traced = await analysed('www.example.com', [rightSha1, altered(sha256!, {digest: '00'.repeat(32)})]);
		expect(zoneReport(traced, 'example.com.')?.status).toBe('bogus');
		expect(traced.analysis.dnssec.outcome.status).toBe('bogus');
	});
});

/** The lab with a few zones changed: mixed and unsupported algorithms, NSEC3 above the limit, CNAME and DNAME links. */
function variedWorld(): LabWorld {
	const signing: Record<string, SigningSpec> = {
		'example.com.': {algorithm: 13, foreignAlgorithm: 253},
		'desec.org.': {algorithm: 13, foreignAlgorithm: 3, dsDigests: []},
		'cdnhost.net.': {algorithm: 15, nsec3: {iterations: 200}},
	};
	const links = `
insecure   CNAME www.example.org.
broken     CNAME www.rollover.net.
old        DNAME cdnhost.net.
loop1      CNAME loop2
loop2      CNAME loop1
`;
	const zones = INTERNET.zones.map((zone) => {
		const changed = signing[zone.origin] ? {...zone, signing: signing[zone.origin]} : zone;
		return zone.origin === 'shop.com.' ? {...changed, text: `${changed.text}${links}`} : changed;
	});
	return buildWorld({...INTERNET, zones}, {keys: keysOf(labWorld())});
}

let varied: LabWorld | undefined;
const world = () => (varied ??= variedWorld());
const rootAnchor = () => world().trustAnchor;

describe('zones signed with algorithms a validator does not implement', () => {
	it('signed with 13 and 253 (DS for both at the parent): secure by 13; the 253 signatures are ignored, not invalid', async () => {
		const traced = await analysed('www.example.com', rootAnchor(), world());
		expect(zoneReport(traced, 'example.com.')?.status).toBe('secure');
		expect(traced.analysis.dnssec.outcome.status).toBe('secure');
		expect(traced.analysis.findings.map((entry) => entry.code).filter((code) => code.startsWith('RRSIG') || code === 'DS_NO_MATCHING_DNSKEY')).toEqual([]);
	});

	it('a DS set with only algorithm 3: the zone is insecure, not bogus, and the finding says why', async () => {
		const traced = await analysed('ns1.desec.org', rootAnchor(), world());
		expect(zoneReport(traced, 'desec.org.')).toMatchObject({status: 'insecure', chainStart: '.'});
		expect(zoneReport(traced, 'desec.org.')?.reason).toMatch(/^the DS set at org\. has only records a validator does not check \(DS \d+ \(algorithm 3: DSA, which validators must not validate \(RFC 8624 §3\.1\)\)\): insecure, not bogus \(RFC 4035 §5\.2\)$/u);
		expect(traced.analysis.dnssec.outcome.status).toBe('insecure');
		expect(findingsOf(traced, 'ALGORITHM_UNSUPPORTED').map((entry) => entry.zone)).toEqual(['desec.org.']);
	});
});

describe('NSEC3 above the iterations validators accept (Unbound 1.17 and BIND 9.18: 150) is insecure', () => {
	it('an NXDOMAIN proven with 200 iterations: insecure, and the reason says why', async () => {
		const traced = await analysed('nothing.cdnhost.net', rootAnchor(), world());
		expect(traced.trace.outcome.status).toBe('nxdomain');
		expect(traced.analysis.dnssec.outcome).toEqual({status: 'insecure', reason: 'the denial is not checked: its NSEC3 has 200 iterations (more than 150), which validators treat as insecure (RFC 9276)'});
		expect(findingsOf(traced, 'NSEC3_ITERATIONS')[0]?.severity).toBe('error');
	});
});

describe('CNAME and DNAME chains are validated link by link; the outcome is the weakest link', () => {
	it('a signed CNAME into a signed zone: secure, each link named', async () => {
		const traced = await analysed('www.shop.com', rootAnchor(), world());
		expect(traced.analysis.dnssec.outcome.status).toBe('secure');
		expect(traced.analysis.dnssec.outcome.reason).toMatch(/^www\.shop\.com\. CNAME validates; shop\.cdnhost\.net\. A validates \(valid, signed by key \d+\)$/u);
	});

	it('a signed CNAME in a secure zone pointing into an insecure zone: insecure', async () => {
		const traced = await analysed('insecure.shop.com', rootAnchor(), world());
		expect(traced.trace.outcome.status).toBe('answer');
		expect(traced.analysis.dnssec.outcome).toEqual({status: 'insecure', reason: expect.stringMatching(/^example\.org\.: no DS at org\.: proven unsigned delegation/u)});
	});

	it('a CNAME into a bogus zone: bogus, exit status 1', async () => {
		const traced = await analysed('broken.shop.com', rootAnchor(), world());
		expect(traced.analysis.dnssec.outcome.status).toBe('bogus');
		expect(traced.analysis.dnssec.outcome.reason).toMatch(/^rollover\.net\.: no server's DNSKEY RRset validates \(no DNSKEY matches the DS \(\d+(, \d+)*\)\): rollover\.net\. DNSKEY from .* \(RFC 4035 §5\.2\)$/u);
		expect(exitStatus(traced)).toBe(1);
	});

	it('a CNAME link outside every anchor: outside validation, though the target zone is secure', async () => {
		const traced = await analysed('www.shop.com', labTrustAnchors(world(), ['cdnhost.net']), world());
		expect(traced.analysis.dnssec.outcome).toEqual({status: 'unanchored', reason: `.: ${UNANCHORED_REASON}`});
	});

	it('a DNAME: its RRset validates, and the unsigned CNAME synthesised from it is accepted (RFC 6672 5.3.1)', async () => {
		const traced = await analysed('shop.old.shop.com', rootAnchor(), world());
		expect(traced.trace.outcome.status).toBe('answer');
		expect(traced.analysis.dnssec.outcome.status).toBe('secure');
		expect(traced.analysis.dnssec.outcome.reason).toMatch(/^old\.shop\.com\. DNAME validates; shop\.cdnhost\.net\. A validates/u);
		expect(findingsOf(traced, 'RRSIG_MISSING')).toEqual([]);
	});

	it('a CNAME loop is a failure: the verdict is its links\' (each known), and its reason says there is no RRset to validate', async () => {
		const traced = await analysed('loop1.shop.com', rootAnchor(), world());
		expect(traced.trace.outcome.status).toBe('failure');
		expect(traced.analysis.dnssec.outcome).toEqual({status: 'secure', reason: 'loop1.shop.com. CNAME, loop2.shop.com. CNAME validate; but the CNAME chain loops (loop1.shop.com. → loop2.shop.com. → loop1.shop.com.): there is no final RRset to validate, and every resolver answers SERVFAIL, validating or not'});
		expect(exitStatus(traced)).toBe(1);
	});
});

describe('anchors a validator cannot use or cannot prime', () => {
	it('an anchor at a name that is no zone cut cannot be primed: bogus, as Unbound answers SERVFAIL ("failed to prime trust anchor")', async () => {
		const root = labWorld().trustAnchor;
		// The example.com. KSK's DS, renamed to www.example.com.: the closest anchor to the name, at no zone cut.
		const renamed = dsOf(labTrustAnchors(labWorld(), ['example.com'])).map((record) => ({...record, name: 'www.example.com.'}));
		const traced = await analysed('www.example.com', [...root, ...renamed]);
		expect(traced.analysis.dnssec.outcome).toEqual({
			status: 'bogus',
			reason: 'the trust anchor for www.example.com. cannot be primed: www.example.com. is no zone cut (example.com. answers for it), so there is no DNSKEY set there to check it against (RFC 4035 §4.3; validators answer SERVFAIL)',
		});
		expect(exitStatus(traced)).toBe(1);
		// With that anchor alone, the name is not outside validation either: the anchor is at the very name asked.
		expect((await analysed('www.example.com', renamed)).analysis.dnssec.outcome.status).toBe('bogus');
	});

	it('an anchor with only an unsupported algorithm is ignored where an anchor above covers the zone: the chain from the root decides (Unbound: "the anchor is ignored")', async () => {
		const world = labWorld();
		const useless = dsOf(labTrustAnchors(world, ['example.com'])).map((record) => altered(record, {algorithm: 253}));
		const traced = await analysed('www.example.com', [...world.trustAnchor, ...useless]);
		expect(traced.analysis.dnssec.outcome.status).toBe('secure');
		expect(zoneReport(traced, 'example.com.')).toMatchObject({status: 'secure', chainStart: '.'});
		expect(findingsOf(traced, 'ALGORITHM_UNSUPPORTED').map((finding) => finding.message)).toEqual([expect.stringMatching(/^example\.com\.: its trust anchor has only DS \d+ \(algorithm 253: PRIVATEDNS, a private algorithm no public validator implements\): the anchor is ignored, and the chain from \. decides \(RFC 4035 §5\.2\)$/u)]);
	});
});
