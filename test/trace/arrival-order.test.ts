import {beforeAll, describe, expect, it} from 'vitest';
import {analyze} from '../../source/analysis/analyze.js';
import {parseUserName} from '../../source/dns/name.js';
import {INTERNET} from '../../source/lab/internet.js';
import {createLabTransport} from '../../source/lab/lab-transport.js';
import type {Trace} from '../../source/trace/model.js';
import {labTrace, labWorld} from '../helpers/lab.js';
import {withShuffledLatencies} from '../helpers/shuffled-latency.js';

/** Runs per story: each with every server's latency drawn again from its own seed. */
const RUNS = 20;
/** Lab milliseconds to real ones: latencies of 0-40 lab ms become 0-2 ms, enough to reorder every arrival. */
const LATENCY_SCALE = 0.05;
/** Traces at once, over every story: the dead servers' time-outs overlap. */
const AT_ONCE = 8;
/**
 * A reply the busy test process (or a busy machine) held back past the querier's first time-out (376 ms) is asked
 * again, so only the lab's dead servers time out.
 */
const RETRIES = 2;

/** What a trace concluded, without its timings: the outcome, its zone, and every finding (code, severity, zone, servers, message). */
function conclusions(trace: Trace): string[] {
	const {findings} = analyze(trace, {anchors: {source: 'lab', records: labWorld().trustAnchor}});
	const outcome = `outcome ${trace.outcome.status} at ${trace.outcome.zone ?? '-'}: ${trace.outcome.records.map((record) => `${record.name} ${record.type}`).join(', ')}`;
	return [outcome, ...findings.map((finding) => `${finding.severity} ${finding.code} ${finding.zone} [${[...finding.servers].sort().join(',')}] ${finding.message}`).sort()];
}

async function shuffledRun(name: string, type: string, seed: number): Promise<Trace> {
	const world = withShuffledLatencies(labWorld(), seed);
	return labTrace(name, type, {world, retries: RETRIES, transport: createLabTransport(world, {latencyScale: LATENCY_SCALE})});
}

/** Runs every task, never more than `limit` at once, results in order. */
async function limited<T>(tasks: Array<() => Promise<T>>, limit: number): Promise<T[]> {
	const results: T[] = [];
	let next = 0;
	const worker = async () => {
		while (next < tasks.length) {
			const index = next++;
			results[index] = await tasks[index]!();
		}
	};
	await Promise.all(Array.from({length: limit}, worker));
	return results;
}

const stories = INTERNET.stories.map((story) => ({name: parseUserName(story.name).name, type: story.type ?? 'A', title: story.title}));
const traces = new Map<string, Trace[]>();

describe('the findings are a function of the world, not of which server answers first', () => {
	// Every trace first, the analyses after: an analysis holds the one thread for tens of milliseconds, and a trace
	// running meanwhile would see its replies late and count time-outs no server caused.
	beforeAll(async () => {
		const tasks = stories.flatMap((story) => Array.from({length: RUNS}, (_, index) => async () => ({story, trace: await shuffledRun(story.name, story.type, index + 1)})));
		for (const {story, trace} of await limited(tasks, AT_ONCE)) traces.set(story.name, [...(traces.get(story.name) ?? []), trace]);
	}, 120_000);

	for (const story of stories) {
		it(`${story.name} ${story.type}: ${RUNS} runs with shuffled latencies conclude the same`, () => {
			const runs = traces.get(story.name)!.map(conclusions);
			const distinct = [...new Map(runs.map((run, index) => [JSON.stringify(run), {seed: index + 1, run}])).values()];
			expect(distinct.slice(1), `first run (seed ${distinct[0]!.seed}): ${JSON.stringify(distinct[0]!.run, undefined, 1)}`).toEqual([]);
		});
	}
});
