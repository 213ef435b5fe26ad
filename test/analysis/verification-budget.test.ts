/*
 * The KeyTrap bound is one bound for the whole analysis: the validator and the DNSSEC view's chain of links spend
 * one budget, and a verification made once is never made again. Every call to the one function that verifies a
 * signature (dns/dnssec.ts) is counted here.
 */
import {afterEach, describe, expect, it, vi} from 'vitest';

const made = vi.hoisted(() => ({calls: [] as string[]}));
vi.mock('../../source/dns/dnssec.js', async (importOriginal) => {
	const original = await importOriginal<typeof import('../../source/dns/dnssec.js')>();
	return {
		...original,
		verifySignature: (...args: Parameters<typeof original.verifySignature>) => {
			const [algorithm, key, data, signature] = args;
			made.calls.push(`${algorithm} ${key.toString('base64')} ${signature.toString('base64')} ${data.toString('base64')}`);
			return original.verifySignature(...args);
		},
	};
});

const {analyze} = await import('../../source/analysis/analyze.js');
const {VALIDATION_LIMITS} = await import('../../source/analysis/dnssec/verify-rrset.js');
const {buildWorld} = await import('../../source/lab/world.js');
const {CATALOGUE} = await import('../helpers/catalogue.js');
const {labTrace} = await import('../helpers/lab.js');

const world = buildWorld(CATALOGUE);
const anchors = {source: 'catalogue', records: world.trustAnchor};
/** The catalogue's KeyTrap story: dozens of forged signatures claiming the real key's tag on www.keytrap.cat. A. */
const keytrap = await labTrace('www.keytrap.cat.', 'A', {world, families: [4], timeoutMs: 250});
const total = VALIDATION_LIMITS.total;

/** The analysis in a fresh process, as far as its record of verifications goes: one made before is never made again. */
async function fresh() {
	vi.resetModules();
	return {...(await import('../../source/analysis/analyze.js')), ...(await import('../../source/analysis/dnssec/verify-rrset.js'))};
}

afterEach(() => {
	VALIDATION_LIMITS.total = total;
});

describe('one KeyTrap budget for the validator and the chain of links (www.keytrap.cat.)', () => {
	it('no signature is verified twice over the same data with the same key', () => {
		made.calls = [];
		const {chain} = analyze(keytrap, {anchors});
		expect(chain.zones.map((zone) => zone.zone)).toEqual(['.', 'cat.', 'keytrap.cat.']);
		expect(made.calls.length).toBeGreaterThan(0);
		expect(made.calls.length).toBeLessThanOrEqual(total);
		expect(made.calls.length - new Set(made.calls).size).toBe(0);
	});

	it('with the bound below what the story asks for, the whole analysis makes no more verifications than the bound', async () => {
		const first = await fresh();
		made.calls = [];
		first.analyze(keytrap, {anchors});
		const unbounded = made.calls.length;
		const second = await fresh();
		second.VALIDATION_LIMITS.total = Math.floor(unbounded / 2);
		made.calls = [];
		const {findings, chain} = second.analyze(keytrap, {anchors});
		expect(second.VALIDATION_LIMITS.total).toBeGreaterThan(0);
		expect(made.calls.length).toBe(second.VALIDATION_LIMITS.total);
		expect(findings.map((finding) => finding.code)).toContain('VALIDATION_LIMIT');
		// What the budget left unchecked reads "limit" in the view, never a verdict nobody reached.
		const verdicts = chain.zones.flatMap((zone) => zone.groups.flatMap((group) => group.signatures.map((signature) => signature.verdict)));
		expect(verdicts).toContain('limit');
		expect(chain.limited).toBe(true);
	});

	it('a second analysis in the same process makes no verification again, and judges as a fresh process does', async () => {
		const process = await fresh();
		made.calls = [];
		const first = process.analyze(keytrap, {anchors});
		const verified = made.calls.length;
		made.calls = [];
		const second = process.analyze(keytrap, {anchors});
		expect(verified).toBeGreaterThan(0);
		expect(made.calls).toEqual([]);
		expect(second.findings).toEqual(first.findings);
		expect(second.dnssec).toEqual(first.dnssec);
		// Its budget is charged as if it verified anew: with a bound below what the story needs, it stops where a fresh
		// process stops, though nothing it stops at costs it anything now.
		process.VALIDATION_LIMITS.total = Math.floor(verified / 2);
		const bounded = process.analyze(keytrap, {anchors});
		const alone = await fresh();
		alone.VALIDATION_LIMITS.total = Math.floor(verified / 2);
		const fromScratch = alone.analyze(keytrap, {anchors});
		expect(bounded.findings.map((finding) => finding.code)).toContain('VALIDATION_LIMIT');
		expect(bounded.findings).toEqual(fromScratch.findings);
		expect(bounded.dnssec).toEqual(fromScratch.dnssec);
	});
});
