import {describe, expect, it} from 'vitest';
import {withAnalysis, type AnalysedTrace} from '../../source/analysis/analyze.js';
import {buildWorld} from '../../source/lab/world.js';
import type {Trace} from '../../source/trace/model.js';
import {labTrace} from '../helpers/lab.js';

/*
 * ns1.one. serves one. (signed) and child.one., whose NS set names a server no one can find: the walk goes back to
 * ns1.one.'s answer from child.one.'s data (test/trace/undelegated-cut.test.ts). That answer is signed with
 * child.one.'s keys, so a validator judges it as child.one.'s: its DS from one., its DNSKEY from the servers it asks,
 * ns1.one. What Unbound gives for each world is measured in test/integration/undelegated-cut-unbound.test.ts.
 */
const ROOT = '@ SOA a.root.lab. h.lab. 1 1 1 1 1\n@ NS a.root.lab.\na.root.lab. A 127.77.209.1\none. NS ns1.one.\nns1.one. A 127.77.209.2';
const ONE = '@ SOA ns1.one. h.one. 1 1 1 1 1\n@ NS ns1.one.\nns1.one. A 127.77.209.2';
const SIGNED = {algorithm: 13};

function world(one: string, childSigning: {algorithm: number; dsDigests?: number[]}, grandchild = false) {
	const served = [{zone: 'one.'}, {zone: 'child.one.'}, ...(grandchild ? [{zone: 'g.child.one.'}] : [])];
	return buildWorld({
		roots: ['a.root.lab.'],
		stories: [],
		servers: [
			{name: 'a.root.lab.', ipv4: '127.77.209.1', zones: [{zone: '.'}]},
			{name: 'ns1.one.', ipv4: '127.77.209.2', zones: served},
		],
		zones: [
			{origin: '.', text: ROOT, signing: SIGNED},
			{origin: 'one.', text: one, signing: SIGNED},
			{origin: 'child.one.', text: '@ SOA ns1.one. h.child.one. 1 1 1 1 1\n@ NS ns.child.one.\nwww A 192.0.2.1', signing: childSigning},
			...(grandchild ? [{origin: 'g.child.one.', text: '@ SOA ns1.one. h.g.child.one. 1 1 1 1 1\n@ NS ns.g.child.one.\nwww A 192.0.2.2'}] : []),
		],
	});
}

/** one. delegates child.one. to ns1.one. with a DS. */
const DELEGATED = world(`${ONE}\nchild NS ns1.one.`, SIGNED);
/** one. has no delegation and no DS for child.one., which is signed all the same. */
const NOT_DELEGATED = world(ONE, {...SIGNED, dsDigests: []});
/** one. delegates child.one. with a DS; ns1.one. also serves g.child.one., which child.one. does not delegate. */
const GRANDCHILD = world(`${ONE}\nchild NS ns1.one.`, SIGNED, true);

async function traced(built: ReturnType<typeof world>, name: string): Promise<AnalysedTrace> {
	const trace = await labTrace(name, 'A', {world: built, families: [4], dnssec: true, timeoutMs: 250});
	return withAnalysis(trace, {anchors: {source: 'lab', records: built.trustAnchor}});
}

const lastProbe = (trace: Trace) => trace.zones.flatMap((zone) => zone.servers.flatMap((server) => server.probes)).find((probe) => probe.id === trace.resolutions[0]!.steps.at(-1)!.probe)!;

describe("an answer taken back from the parent's servers is validated with the child's keys", () => {
	it("asks the parent's servers for the child's DNSKEY set when the walk goes back to them", async () => {
		const {trace} = await traced(DELEGATED, 'www.child.one');
		expect(trace.resolutions[0]!.steps.map((step) => `${step.zone} ${step.result}`)).toEqual(['. referral', 'one. cut', 'child.one. failure', 'one. answer']);
		const asked = trace.zones.find((zone) => zone.name === 'one.')!.servers.flatMap((server) => server.probes).filter((probe) => probe.question.name === 'child.one.' && probe.question.type === 'DNSKEY');
		expect(asked.map((probe) => `${probe.server} ${probe.kind}`)).toEqual(['ns1.one. answer']);
	});

	it('is secure when the parent has a DS for the child and the keys its servers serve sign the answer', async () => {
		const {analysis} = await traced(DELEGATED, 'www.child.one');
		expect(analysis.dnssec.outcome.status).toBe('secure');
		expect(analysis.dnssec.outcome.reason).toMatch(/^www\.child\.one\. A validates/u);
	});

	it("checks the denial's NSEC signatures with those keys: one that fails makes the NXDOMAIN bogus", async () => {
		const analysed = await traced(DELEGATED, 'nope.child.one');
		expect(analysed.trace.outcome.status).toBe('nxdomain');
		expect(analysed.analysis.dnssec.outcome.status).toBe('secure');
		const response = lastProbe(analysed.trace).response!;
		const signature = response.authority.find((record) => record.data.kind === 'rrsig' && record.data.typeCovered === 'NSEC')!;
		expect(signature.name).toBe('child.one.');
		if (signature.data.kind !== 'rrsig') throw new Error('not an RRSIG');
		const bytes = Buffer.from(signature.data.signature, 'base64');
		bytes[0]! ^= 0xff;
		signature.data.signature = bytes.toString('base64');
		const {analysis} = withAnalysis(analysed.trace, {anchors: {source: 'lab', records: DELEGATED.trustAnchor}});
		expect(analysis.dnssec.outcome.status).toBe('bogus');
		expect(analysis.dnssec.outcome.reason).toMatch(/^no server of one\. gives a reply that validates: child\.one\. NSEC: /u);
	});

	it("is bogus, the NXDOMAIN too, when the parent denies the child's name: no chain of trust reaches its keys", async () => {
		for (const name of ['www.child.one', 'nope.child.one']) {
			const {analysis} = await traced(NOT_DELEGATED, name);
			expect(analysis.dnssec.outcome).toEqual({
				status: 'bogus',
				reason: 'child.one.: one. does not delegate child.one.: its servers deny the name (NXDOMAIN for child.one. DS from ns1.one. (127.77.209.2)), so no chain of trust reaches the keys of child.one., whose data the answer is, and validators reject it (Unbound: SERVFAIL)',
			});
		}
	});
});

describe('ZONE_NOT_DELEGATED for a zone its parent does not delegate', () => {
	const notDelegated = ({analysis}: AnalysedTrace) => analysis.findings.filter((finding) => finding.code === 'ZONE_NOT_DELEGATED');

	it('names the closest enclosing zone, the one whose servers deny its DS, as the one that should delegate it', async () => {
		const analysed = await traced(GRANDCHILD, 'www.g.child.one');
		expect(analysed.trace.outcome.status).toBe('answer');
		const [finding] = notDelegated(analysed);
		expect(finding?.message).toBe("g.child.one.: the one. servers answer www.g.child.one. A from their own copy of g.child.one., but child.one. does not delegate it (NXDOMAIN for g.child.one. DS); its own name servers give no answer, so users get the one. servers' answer");
		expect(finding?.explanation).toContain('The zone owner must have child.one. delegate the zone');
		expect(analysed.analysis.dnssec.outcome.status).toBe('bogus');
		expect(analysed.analysis.dnssec.outcome.reason).toMatch(/^g\.child\.one\.: child\.one\. does not delegate g\.child\.one\.: its servers deny the name/u);
	});

	it('is an error, fixed only once validators forget the denial, when the parent is signed and validators reject the zone', async () => {
		const analysed = await traced(NOT_DELEGATED, 'www.child.one');
		expect(analysed.analysis.dnssec.outcome.status).toBe('bogus');
		expect(notDelegated(analysed)).toMatchObject([{severity: 'error', zone: 'child.one.', change: 'negative-answer'}]);
		expect(notDelegated(analysed)[0]!.explanation).toContain('a validating resolver finds no chain of trust to this zone\'s data, rejects every answer from it, signed or not, and answers SERVFAIL');
	});
});
