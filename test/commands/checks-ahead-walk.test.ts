/*
 * A trace's walk with its signature checks made while it waits (commands/trace-command.ts, `checkingAhead`): once
 * the answer is in, the checks run between the replies, and the analysis after the walk finds them made. Every
 * call to the one function that verifies a signature (dns/dnssec.ts) is counted.
 */
import {describe, expect, it, vi} from 'vitest';

const verified = vi.hoisted(() => ({count: 0}));
vi.mock('../../source/dns/dnssec.js', async (importOriginal) => (await import('../helpers/counted-verifications.js')).countingVerifications(importOriginal, verified));

const {withAnalysis} = await import('../../source/analysis/analyze.js');
const {checkingAhead} = await import('../../source/commands/trace-command.js');
const {createLabTransport} = await import('../../source/lab/lab-transport.js');
const {labTrace, labWorld} = await import('../helpers/lab.js');
type WalkEvent = import('../../source/trace/walk.js').WalkEvent;

describe("a trace's walk, checking signatures while it waits for its last replies", () => {
	it("makes www.example.com's verifications in the walk's tail, none once it has ended, and passes every event on", async () => {
		const world = labWorld();
		const seen: WalkEvent['type'][] = [];
		let atFinish: number | undefined;
		verified.count = 0;
		// The lab's own latencies: the walk's last replies come after its answer, and the checks run meanwhile.
		const trace = await labTrace('www.example.com', 'A', {
			transport: createLabTransport(world, {latencyScale: 1}),
			onEvent: checkingAhead((event) => {
				seen.push(event.type);
				if (event.type === 'finished') atFinish = verified.count;
			}).onEvent,
		});
		// Nothing is checked once the walk has finished: what is left is the analysis's.
		await new Promise((resolve) => setTimeout(resolve, 20));
		const duringWalk = verified.count;
		expect(atFinish).toBe(duringWalk);
		verified.count = 0;
		const {analysis} = withAnalysis(trace, {anchors: {source: 'lab', records: world.trustAnchor}});
		expect(analysis.dnssec.outcome.status).toBe('secure');
		// The analysis makes 20 verifications for this trace: on a quiet machine all of them are made during the walk's
		// tail (on a busy one, as many as its turns allowed: 2-7 beside a whole test run), and the analysis makes only
		// those left, never one twice.
		expect(duringWalk).toBeGreaterThan(0);
		expect(duringWalk + verified.count).toBe(20);
		expect(seen[0]).toBe('started');
		expect(seen.at(-1)).toBe('finished');
		expect(seen.filter((type) => type === 'outcome')).toHaveLength(1);
	});

	it('checks nothing before the answer is in: the walk to it is not slowed by a single check', async () => {
		const world = labWorld();
		let beforeOutcome: number | undefined;
		verified.count = 0;
		await labTrace('www.rollover.net', 'A', {
			transport: createLabTransport(world, {latencyScale: 0.1}),
			onEvent: checkingAhead((event) => {
				if (event.type === 'outcome') beforeOutcome = verified.count;
			}).onEvent,
		});
		expect(beforeOutcome).toBe(0);
		expect(verified.count).toBeGreaterThan(0);
	});
});
