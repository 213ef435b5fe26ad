import {describe, expect, it} from 'vitest';
import {withAnalysis, type AnalysedTrace} from '../../source/analysis/analyze.js';
import {parseSnapshot} from '../../source/snapshot/snapshot.js';
import {serializeSnapshot} from '../../source/snapshot/write-snapshot.js';
import {renderTraceText} from '../../source/text/trace-text.js';
import type {Trace} from '../../source/trace/model.js';
import {rederiveTrace} from '../../source/trace/rederive.js';
import {explainLines} from '../../source/ui/views/explain-view.js';
import {labTrace, withoutSignatures} from '../helpers/lab.js';
import {DELEGATED, DELEGATED_DEAD_NS, NO_NS, ON_THE_PARENT_SERVER, UNFINDABLE} from '../helpers/undelegated-worlds.js';

async function traced(built: typeof UNFINDABLE, name: string, type = 'A', dnssec = true): Promise<AnalysedTrace> {
	const trace = await labTrace(name, type, {world: built, families: [4], dnssec, timeoutMs: 250});
	return withAnalysis(trace, {anchors: {source: 'lab', records: built.trustAnchor}});
}

const path = (trace: Trace) => trace.resolutions[0]!.steps.map((step) => `${step.zone} ${step.result}`);
const addresses = (trace: Trace) => withoutSignatures(trace.outcome.records).map((record) => (record.data.kind === 'address' ? record.data.address : record.type));
const notDelegated = ({analysis}: AnalysedTrace) => analysis.findings.filter((finding) => finding.code === 'ZONE_NOT_DELEGATED');

describe('a cut found from an SOA, whose child its own name servers do not answer for', () => {
	it("ends in the parent's servers' answer when the child's name server cannot be found, not in a failure", async () => {
		const {trace} = await traced(UNFINDABLE, 'www.child.one');
		expect(path(trace)).toEqual(['. referral', 'one. cut', 'child.one. failure', 'one. answer']);
		expect(trace.outcome).toMatchObject({status: 'answer', zone: 'one.'});
		expect(addresses(trace)).toEqual(['192.0.2.1']);
	});

	it("ends in the parent's servers' NODATA and NXDOMAIN the same way", async () => {
		const nodata = await traced(UNFINDABLE, 'www.child.one', 'TXT');
		expect(path(nodata.trace)).toEqual(['. referral', 'one. cut', 'child.one. failure', 'one. nodata']);
		expect(nodata.trace.outcome).toMatchObject({status: 'nodata', zone: 'one.', records: []});
		const nxdomain = await traced(UNFINDABLE, 'nope.child.one');
		expect(path(nxdomain.trace)).toEqual(['. referral', 'one. cut', 'child.one. failure', 'one. nxdomain']);
		expect(nxdomain.trace.outcome).toMatchObject({status: 'nxdomain', zone: 'one.'});
	});

	it('ends in the answer when the child has no NS set at all', async () => {
		const {trace} = await traced(NO_NS, 'www.child.one');
		expect(path(trace)).toEqual(['. referral', 'one. cut', 'child.one. failure', 'one. answer']);
		expect(addresses(trace)).toEqual(['192.0.2.1']);
	});

	it('says the parent does not delegate the zone, and that users get the parent servers\' answer', async () => {
		const analysed = await traced(UNFINDABLE, 'www.child.one');
		expect(notDelegated(analysed)).toMatchObject([
			{
				severity: 'warning',
				zone: 'child.one.',
				servers: ['127.77.209.2'],
				message: "child.one.: the one. servers answer www.child.one. A from their own copy of child.one., but one. does not delegate it (NXDOMAIN for child.one. DS); its own name servers give no answer, so users get the one. servers' answer",
				fixers: ['zone-owner', 'dns-operator'],
			},
		]);
	});

	it('says so without DNSSEC too, where no DS question shows whether the parent delegates it', async () => {
		const analysed = await traced(NO_NS, 'www.child.one', 'A', false);
		expect(analysed.trace.outcome.status).toBe('answer');
		expect(notDelegated(analysed).map((finding) => finding.message)).toEqual([
			"child.one.: the one. servers answer www.child.one. A from their own copy of child.one. and refer no resolver to it; its own name servers give no answer, so users get the one. servers' answer",
		]);
	});

	it('reads the same path and outcome again from the saved responses', async () => {
		const steps = (trace: Trace) => trace.resolutions[0]!.steps.map((step) => `${step.zone} ${step.result} ${step.next ?? '-'}`);
		const {trace} = await traced(UNFINDABLE, 'www.child.one');
		const again = rederiveTrace(JSON.parse(JSON.stringify(trace)) as Trace);
		expect(steps(again)).toEqual(['. referral one.', 'one. cut child.one.', 'child.one. failure -', 'one. answer -']);
		expect(again.outcome).toEqual(trace.outcome);
		// A NODATA from the child's data names the cut again: back at the parent, it is taken as it is, not as another cut.
		const nodata = (await traced(UNFINDABLE, 'www.child.one', 'TXT')).trace;
		const nodataAgain = rederiveTrace(JSON.parse(JSON.stringify(nodata)) as Trace);
		expect(steps(nodataAgain)).toEqual(['. referral one.', 'one. cut child.one.', 'child.one. failure -', 'one. nodata -']);
		expect(nodataAgain.outcome).toEqual(nodata.outcome);
	});

	it('opens from a snapshot with the same path, outcome and finding', async () => {
		const analysed = await traced(UNFINDABLE, 'www.child.one');
		const {trace} = parseSnapshot(serializeSnapshot(analysed, {name: 'digdeeper', version: 'test'}));
		expect(path(trace)).toEqual(['. referral', 'one. cut', 'child.one. failure', 'one. answer']);
		expect(trace.outcome).toMatchObject({status: 'answer', zone: 'one.'});
		const reopened = withAnalysis(trace, {anchors: {source: 'lab', records: UNFINDABLE.trustAnchor}});
		expect(notDelegated(reopened).map((finding) => finding.message)).toEqual(notDelegated(analysed).map((finding) => finding.message));
	});

	it('tells in --text that the walk came back to the parent, and why', async () => {
		const text = renderTraceText(await traced(UNFINDABLE, 'www.child.one'), {toolVersion: 'test'});
		expect(text).toContain(';; www.child.one. A: cut → child.one. (followed ns1.one. 127.77.209.2');
		expect(text).toContain(';; www.child.one. A: no usable answer from any server');
		expect(text).toContain(';; www.child.one. A: answer, back from child.one., whose own servers gave none: what resolvers get (followed ns1.one. 127.77.209.2');
		expect(text).toContain(';; ANSWER from one.');
	});

	it("tells in the explain pane of the parent that the walk came back to its servers' answer", async () => {
		const {trace, analysis} = await traced(UNFINDABLE, 'www.child.one');
		const pane = explainLines(trace, analysis, {kind: 'zone', zone: 'one.'}).map((line) => line.map((segment) => segment.text).join('')).join('\n');
		expect(pane).toContain("The walk asked child.one.'s servers the question again; they gave no answer, so the walk came back: the answer these servers gave is the one resolvers get");
		expect(pane).not.toContain('nothing is wrong');
	});
});

describe('a cut found from an SOA, whose child answers for itself', () => {
	it("takes the child's answer as before, and says when the parent does not delegate it", async () => {
		const analysed = await traced(ON_THE_PARENT_SERVER, 'www.child.one');
		expect(path(analysed.trace)).toEqual(['. referral', 'one. cut', 'child.one. answer']);
		expect(analysed.trace.outcome).toMatchObject({status: 'answer', zone: 'child.one.'});
		expect(addresses(analysed.trace)).toEqual(['192.0.2.1']);
		expect(notDelegated(analysed).map((finding) => finding.message)).toEqual([
			'child.one.: the one. servers answer www.child.one. A from their own copy of child.one., but one. does not delegate it (NXDOMAIN for child.one. DS): only servers that serve both zones give its data',
		]);
	});

	it('is no finding when the parent delegates the child to the server that serves both (the control)', async () => {
		const analysed = await traced(DELEGATED, 'www.child.one');
		expect(path(analysed.trace)).toEqual(['. referral', 'one. cut', 'child.one. answer']);
		expect(analysed.trace.outcome).toMatchObject({status: 'answer', zone: 'child.one.'});
		expect(addresses(analysed.trace)).toEqual(['192.0.2.1']);
		expect(notDelegated(analysed)).toEqual([]);
	});

	it("comes back to the parent's answer when a delegated child's own servers are dead, and leaves it to their findings", async () => {
		const analysed = await traced(DELEGATED_DEAD_NS, 'www.child.one');
		expect(path(analysed.trace)).toEqual(['. referral', 'one. cut', 'child.one. failure', 'one. answer']);
		expect(addresses(analysed.trace)).toEqual(['192.0.2.1']);
		// one. answers child.one. DS with NODATA: it has the name, a delegation.
		expect(notDelegated(analysed)).toEqual([]);
		expect(analysed.analysis.findings.filter((finding) => finding.zone === 'child.one.').map((finding) => finding.code)).toContain('ZONE_UNREACHABLE');
	});

	it("does not take the parent servers' NXDOMAIN from the child's data for a missing delegation of the child", async () => {
		// child.one.'s own SOA comes with the NXDOMAIN: nope.child.one. is missing from child.one., which one. delegates.
		const analysed = await traced(DELEGATED_DEAD_NS, 'nope.child.one');
		expect(path(analysed.trace)).toEqual(['. referral', 'one. cut', 'child.one. failure', 'one. nxdomain']);
		expect(analysed.analysis.findings.filter((finding) => finding.code === 'DELEGATION_MISSING')).toEqual([]);
	});
});

describe('a look-up of a name inside a child only a cut led to', () => {
	const lookUp = (trace: Trace) => trace.resolutions.find((resolution) => resolution.purpose === 'ns-address' && resolution.question.name === 'ns.child.one.' && resolution.question.type === 'A')!;

	it("starts at the parent's servers, as resolvers do, so a name their copy does not hold is NXDOMAIN from one., not a failure in the child", async () => {
		const {trace, analysis} = await traced(UNFINDABLE, 'www.child.one');
		expect(lookUp(trace).steps.map((step) => `${step.zone} ${step.result}`)).toEqual(['one. cut', 'child.one. failure', 'one. nxdomain']);
		expect(analysis.findings.find((finding) => finding.code === 'NS_NAME_UNRESOLVABLE')?.message).toBe('child.one.: ns.child.one. does not exist (NXDOMAIN from one.) — no name server of the zone can be found');
	});

	it('takes the same steps again from the saved responses', async () => {
		const {trace} = await traced(UNFINDABLE, 'www.child.one');
		const again = rederiveTrace(JSON.parse(JSON.stringify(trace)) as Trace);
		expect(lookUp(again).steps).toEqual(lookUp(trace).steps);
		expect(lookUp(again).outcome).toEqual(lookUp(trace).outcome);
	});
});
