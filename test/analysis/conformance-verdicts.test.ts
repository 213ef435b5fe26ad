import {readFileSync, writeFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {withAnalysis} from '../../source/analysis/analyze.js';
import {buildConformanceWorld, CONFORMANCE_CASES, WORLDS, type ConformanceWorld, type WorldName} from '../helpers/conformance-cases.js';
import {conformanceTable, digdeeperVerdict, refereeExpects} from '../helpers/conformance-table.js';
import {labTrace} from '../helpers/lab.js';

const worlds = new Map<WorldName, ConformanceWorld>(WORLDS.map((name) => [name, buildConformanceWorld(name)]));

describe('digdeeper reaches the designed verdict on every conformance case (in process, no tools)', () => {
	for (const test of CONFORMANCE_CASES) {
		it(`${test.rule}: ${test.title} (${test.name} ${test.type}) is ${test.verdict}`, async () => {
			const world = worlds.get(test.world)!;
			const analysed = withAnalysis(await labTrace(test.name, test.type, {world: world.lab, families: [4]}), {anchors: {source: 'conformance', records: world.anchors}});
			expect(digdeeperVerdict(analysed), analysed.analysis.dnssec.outcome.reason).toBe(test.verdict);
		});
	}
});

describe('every bogus verdict comes with an error finding that says why (what validating resolvers answer SERVFAIL for)', () => {
	for (const test of CONFORMANCE_CASES.filter((candidate) => candidate.verdict === 'bogus')) {
		it(`${test.title} (${test.name} ${test.type})`, async () => {
			const world = worlds.get(test.world)!;
			const {analysis} = withAnalysis(await labTrace(test.name, test.type, {world: world.lab, families: [4]}), {anchors: {source: 'conformance', records: world.anchors}});
			expect(analysis.findings.filter((finding) => finding.severity === 'error').map((finding) => finding.code)).not.toEqual([]);
		});
	}

	it('names the missing proof of a wildcard CNAME, which no SOA question stumbles on (it answers every type)', async () => {
		const world = worlds.get('rooted')!;
		for (const [zone, detail] of [
			['wcnamebad.', 'expanded from *.wcnamebad., with no NSEC or NSEC3 proving that x.wcnamebad. does not exist'],
			['wcnamebad3.', 'expanded from *.wcnamebad3., with no NSEC or NSEC3 proving that x.wcnamebad3. does not exist'],
		]) {
			const {analysis} = withAnalysis(await labTrace(`x.${zone}`, 'A', {world: world.lab, families: [4]}), {anchors: {source: 'conformance', records: world.anchors}});
			const errors = analysis.findings.filter((finding) => finding.severity === 'error').map((finding) => [finding.code, finding.message]);
			expect(errors).toEqual([['DENIAL_INVALID', `${zone}: ns.${zone} (127.79.1.2): x.${zone} CNAME, synthesised from a wildcard: ${detail}`]]);
		}
	});
});

describe('docs/conformance.md', () => {
	it('is the table of a run where Unbound, delv and digdeeper all reach every designed verdict (the referees run in test/integration/conformance.test.ts)', () => {
		const agreed = conformanceTable(CONFORMANCE_CASES.map((test) => ({test, unbound: refereeExpects(test.verdict), delv: refereeExpects(test.verdict), digdeeper: test.verdict})));
		const doc = new URL('../../docs/conformance.md', import.meta.url);
		if (process.env['DIGDEEPER_WRITE_CONFORMANCE'] === '1') writeFileSync(doc, agreed);
		expect(readFileSync(doc, 'utf8')).toBe(agreed);
	});
});

describe('a CNAME loop: no answer for any resolver, and every link judged', () => {
	it('each CNAME of the loop validates, so the verdict is secure, and its reason says there is no RRset to validate', async () => {
		const world = worlds.get('rooted')!;
		const {trace, analysis} = withAnalysis(await labTrace('a.loop.', 'A', {world: world.lab, families: [4]}), {anchors: {source: 'conformance', records: world.anchors}});
		expect(trace.outcome.status).toBe('failure');
		expect(analysis.dnssec.outcome).toEqual({
			status: 'secure',
			reason: expect.stringMatching(/^a\.loop\. CNAME, b\.loop\. CNAME validate; but the CNAME chain loops \(a\.loop\. → b\.loop\. → a\.loop\.\): there is no final RRset to validate, and every resolver answers SERVFAIL, validating or not$/u),
		});
	});
});

describe('a wildcard CNAME in the middle of a chain needs the proof a wildcard answer needs (RFC 4035 5.3.4)', () => {
	const outcome = async (name: string) => {
		const world = worlds.get('rooted')!;
		return withAnalysis(await labTrace(name, 'A', {world: world.lab, families: [4]}), {anchors: {source: 'conformance', records: world.anchors}}).analysis.dnssec.outcome;
	};

	it('with the proof, the link says which wildcard it came from and what proves the name does not exist', async () => {
		expect((await outcome('x.wcname3.')).reason).toMatch(/^x\.wcname3\. CNAME validates; x\.wcname3\. validates: expanded from \*\.wcname3\.; an NSEC3 covers the next closer name x\.wcname3\.; www\.secure\. A validates \(valid, signed by key \d+\)$/u);
		expect((await outcome('x.wcname.')).reason).toMatch(/^x\.wcname\. CNAME and www\.wcname\. A validate \(valid, signed by key \d+\); x\.wcname\. validates: expanded from \*\.wcname\.; NSEC \S+ → \S+ proves x\.wcname\. does not exist$/u);
	});

	it('without it, the chain is bogus at that link, whatever follows', async () => {
		expect(await outcome('x.wcnamebad.')).toEqual({status: 'bogus', reason: 'no server of wcnamebad. gives a reply that validates: the wildcard answer is not proven: expanded from *.wcnamebad., with no NSEC or NSEC3 proving that x.wcnamebad. does not exist, from ns.wcnamebad. (127.79.1.2)'});
		expect((await outcome('x.wcnamebad3.')).status).toBe('bogus');
	});
});

describe('a wildcard answer is only as good as the signatures on its proof (RFC 4035 5.3.4 and 5.4)', () => {
	const outcome = async (name: string) => {
		const world = worlds.get('rooted')!;
		return withAnalysis(await labTrace(name, 'A', {world: world.lab, families: [4]}), {anchors: {source: 'conformance', records: world.anchors}}).analysis.dnssec.outcome;
	};

	it('the answer\'s own signature is good, the NSEC that proves no closer match has an expired one: bogus, naming that NSEC', async () => {
		expect(await outcome('x.wildstale.')).toEqual({status: 'bogus', reason: 'no server of wildstale. gives a reply that validates: www.wildstale. NSEC: expired 2020-02-01T00:00:00.000Z (RFC 4035 §5.3.1), from ns.wildstale. (127.79.1.2)'});
	});

	it('the same with NSEC3: the record covering the next closer name is named by its hashed owner', async () => {
		expect((await outcome('x.wildstale3.')).reason).toMatch(/^no server of wildstale3\. gives a reply that validates: [0-9a-v]{32}\.wildstale3\. NSEC3: expired 2020-02-01T00:00:00\.000Z \(RFC 4035 §5\.3\.1\), from ns\.wildstale3\. \(127\.79\.1\.2\)$/u);
	});
});

describe('where the referees disagree, digdeeper follows the RFC and says so', () => {
	it('an NXDOMAIN proven by an NSEC3 opt-out span is insecure, not secure (RFC 5155 9.2: Unbound sets no AD; delv 9.18 calls it validated)', async () => {
		const world = worlds.get('rooted')!;
		const {analysis} = withAnalysis(await labTrace('nosuch.optout.', 'A', {world: world.lab, families: [4]}), {anchors: {source: 'conformance', records: world.anchors}});
		expect(analysis.dnssec.outcome.status).toBe('insecure');
		expect(analysis.dnssec.outcome.reason).toMatch(/^the NXDOMAIN rests on an NSEC3 opt-out span \(closest encloser optout\., nosuch\.optout\. and \*\.optout\. covered\), which cannot rule out an unsigned delegation \(RFC 5155 §9\.2\)$/u);
	});
});
