/*
 * The signature checks made while the walk waits (analysis/dnssec/checks-ahead.ts) are worth something only if the
 * analysis then verifies none of them again, and are right only if it says exactly what it says without them. Every
 * call to the one function that verifies a signature (dns/dnssec.ts) is counted here, and each case starts from a
 * process that has verified nothing (fresh modules).
 */
import {describe, expect, it, vi} from 'vitest';

const verified = vi.hoisted(() => ({count: 0}));
vi.mock('../../source/dns/dnssec.js', async (importOriginal) => (await import('../helpers/counted-verifications.js')).countingVerifications(importOriginal, verified));

const {INTERNET} = await import('../../source/lab/internet.js');
const {buildWorld} = await import('../../source/lab/world.js');
const {CATALOGUE} = await import('../helpers/catalogue.js');
const {labTrace, labWorld} = await import('../helpers/lab.js');
type Trace = import('../../source/trace/model.js').Trace;
type Probe = import('../../source/trace/model.js').Probe;

/** An analysis module and a checker, as a process that has verified nothing has them. */
async function fresh() {
	vi.resetModules();
	return {...(await import('../../source/analysis/analyze.js')), ...(await import('../../source/analysis/dnssec/checks-ahead.js'))};
}

const probesOf = (trace: Trace): Probe[] => trace.zones.flatMap((zone) => zone.servers.flatMap((server) => server.probes));

/** What the analysis says and how many verifications it made: alone, then after every check ahead. */
async function judged(trace: Trace, anchors: {source: string; records: import('../../source/dns/record.js').ResourceRecord[]}) {
	const alone = await fresh();
	verified.count = 0;
	const withoutChecks = JSON.stringify(alone.withAnalysis(trace, {anchors}).analysis);
	const analysisAlone = verified.count;

	const ahead = await fresh();
	const checks = ahead.checksAhead();
	for (const probe of probesOf(trace)) checks.add(probe);
	verified.count = 0;
	let steps = 0;
	let mostInAStep = 0;
	for (let before = 0; checks.step(); before = verified.count) {
		steps++;
		mostInAStep = Math.max(mostInAStep, verified.count - before);
	}
	const checkedAhead = verified.count;
	verified.count = 0;
	const afterChecks = JSON.stringify(ahead.withAnalysis(trace, {anchors}).analysis);
	return {same: afterChecks === withoutChecks, analysisAlone, checkedAhead, analysisAfter: verified.count, steps, mostInAStep};
}

describe('signatures checked while the walk waits', () => {
	it("leave www.example.com's analysis nothing to verify, and change nothing it says", async () => {
		const world = labWorld();
		const trace = await labTrace('www.example.com', 'A');
		const result = await judged(trace, {source: 'lab', records: world.trustAnchor});
		expect(result.same).toBe(true);
		// Each of the analysis's verifications made once ahead (the root's, com.'s and example.com.'s keys and data).
		expect(result.analysisAlone).toBeGreaterThan(10);
		expect(result.checkedAhead).toBe(result.analysisAlone);
		expect(result.analysisAfter).toBe(0);
	});

	it('change nothing any story of the lab says, and leave none of them a verification to make', async () => {
		const world = labWorld();
		const anchors = {source: 'lab', records: world.trustAnchor};
		const results = [];
		for (const story of INTERNET.stories) {
			const trace = await labTrace(story.name, story.type ?? 'A', {timeoutMs: 250});
			results.push({story: story.name, ...(await judged(trace, anchors))});
		}
		expect(results).toHaveLength(20);
		for (const {story, same, analysisAfter} of results) expect({story, same, analysisAfter}).toEqual({story, same: true, analysisAfter: 0});
		// Bogus and expired signatures are checked ahead as well as good ones: the cryptography's answer is kept either way.
		const expired = results.find((result) => result.story === 'www.secondary.org');
		expect(expired?.checkedAhead).toBeGreaterThan(0);
	});

	it('find the signatures of an owner name holding a `|`, as a validator does (a name may, shown unescaped)', async () => {
		// Before, the RRset's key was split at its first `|`: a|b.example.com.'s A had no RRSIG found (RRSIG_MISSING).
		const spec = structuredClone(INTERNET);
		const zone = spec.zones.find((candidate) => candidate.origin === 'example.com.')!;
		zone.text += '\na|b 300 IN A 192.0.2.7\n';
		const world = buildWorld(spec);
		const trace = await labTrace('a|b.example.com.', 'A', {world});
		const result = await judged(trace, {source: 'lab', records: world.trustAnchor});
		expect(result.same).toBe(true);
		const {withAnalysis} = await fresh();
		const {analysis} = withAnalysis(trace, {anchors: {source: 'lab', records: world.trustAnchor}});
		expect(analysis.dnssec.outcome.status).toBe('secure');
		expect(analysis.findings.map((finding) => finding.code)).not.toContain('RRSIG_MISSING');
	});

	it("wait for the keys of their signer: a signed answer is checked once its zone's DNSKEY set has come", async () => {
		const trace = await labTrace('www.example.com', 'A');
		const {checksAhead} = await fresh();
		const checks = checksAhead();
		const answer = probesOf(trace).find((probe) => probe.zone === 'example.com.' && probe.question.type === 'A' && probe.status === 'answered')!;
		const keys = probesOf(trace).find((probe) => probe.zone === 'example.com.' && probe.question.type === 'DNSKEY' && probe.status === 'answered')!;
		checks.add(answer);
		verified.count = 0;
		expect(checks.step()).toBe(false);
		checks.add(keys);
		expect(checks.step()).toBe(true);
		expect(verified.count).toBe(1);
	});

	it('stop at their own bound on a KeyTrap zone, and leave the rest to the analysis and its budget', async () => {
		const world = buildWorld(CATALOGUE);
		const trace = await labTrace('www.keytrap.cat.', 'A', {world, families: [4], timeoutMs: 250});
		const result = await judged(trace, {source: 'catalogue', records: world.trustAnchor});
		expect(result.same).toBe(true);
		expect(result.checkedAhead).toBeGreaterThan(0);
		expect(result.checkedAhead).toBeLessThanOrEqual(256);
		expect(result.analysisAlone).toBeGreaterThan(0);
		// One verification a turn of the event loop, however many keys share the forged signatures' tag.
		expect(result.mostInAStep).toBe(1);
	});

	it('keep at most 4,096 checks: past that they start again, and each still says what the cryptography says', async () => {
		// A watch or a survey runs for hours: what is kept is cleared when full, never grown (verify-rrset.ts).
		vi.resetModules();
		const {checkAhead, newBudget, verifyRRset} = await import('../../source/analysis/dnssec/verify-rrset.js');
		const {generateSigningKey} = await import('../../source/dns/dnssec.js');
		const {dnskeyRecord, signRRset} = await import('../../source/lab/signer.js');
		const zsk = generateSigningKey(15, 256);
		const key = dnskeyRecord('example.com.', zsk);
		const window = {inception: 1_700_000_000, expiration: 1_900_000_000};
		const signed = (index: number) => {
			const rrset: import('../../source/dns/record.js').ResourceRecord[] = [{name: `h${index}.example.com.`, type: 'A', class: 'IN', ttl: 300, data: {kind: 'address', address: '192.0.2.1'}}];
			return {rrset, signature: signRRset(rrset, 'example.com.', zsk, window)};
		};
		const checks = Array.from({length: 4097}, (_, index) => signed(index));
		const [first, last] = [checks[0]!, checks[4096]!];
		verified.count = 0;
		expect(checkAhead(first.rrset, first.signature, key)).toBe(true);
		expect(checkAhead(first.rrset, first.signature, key)).toBe(false);
		for (const {rrset, signature} of checks.slice(1, 4096)) checkAhead(rrset, signature, key);
		// 4,096 held: the first is still known.
		expect(checkAhead(first.rrset, first.signature, key)).toBe(false);
		expect(verified.count).toBe(4096);
		// The 4,097th clears them: the first is verified again.
		expect(checkAhead(last.rrset, last.signature, key)).toBe(true);
		expect(checkAhead(first.rrset, first.signature, key)).toBe(true);
		expect(verified.count).toBe(4098);
		// And judged as it is: the first signature over its own RRset is valid; over the last's RRset, it is not.
		const now = 1_800_000_000;
		expect(verifyRRset(first.rrset, [first.signature], [key], 'example.com.', now, newBudget()).verdict).toBe('valid');
		const moved = {...first.signature, name: last.rrset[0]!.name};
		expect(verifyRRset(last.rrset, [moved], [key], 'example.com.', now, newBudget()).verdict).toBe('invalid');
	});
});
