import {describe, expect, it} from 'vitest';
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
/**
 * Long enough that a busy test process (every story runs at once, and the analyses share one thread) never turns a
 * slow reply into a time-out: only the lab's dead servers time out.
 */
const TIMEOUT_MS = 1500;

/** What a trace concluded, without its timings: the outcome, its zone, and every finding (code, severity, zone, servers, message). */
function conclusions(trace: Trace): string[] {
	const {findings} = analyze(trace, {anchors: {source: 'lab', records: labWorld().trustAnchor}});
	const outcome = `outcome ${trace.outcome.status} at ${trace.outcome.zone ?? '-'}: ${trace.outcome.records.map((record) => `${record.name} ${record.type}`).join(', ')}`;
	return [outcome, ...findings.map((finding) => `${finding.severity} ${finding.code} ${finding.zone} [${[...finding.servers].sort().join(',')}] ${finding.message}`).sort()];
}

async function shuffledRun(name: string, type: string, seed: number): Promise<string[]> {
	const world = withShuffledLatencies(labWorld(), seed);
	return conclusions(await labTrace(name, type, {world, timeoutMs: TIMEOUT_MS, transport: createLabTransport(world, {latencyScale: LATENCY_SCALE})}));
}

describe('the findings are a function of the world, not of which server answers first', () => {
	for (const story of INTERNET.stories) {
		const type = story.type ?? 'A';
		it.concurrent(`${story.name} ${type}: ${RUNS} runs with shuffled latencies conclude the same`, async () => {
			const name = parseUserName(story.name).name;
			const runs: string[][] = [];
			for (let seed = 1; seed <= RUNS; seed++) runs.push(await shuffledRun(name, type, seed));
			const distinct = [...new Map(runs.map((run, index) => [JSON.stringify(run), {seed: index + 1, run}])).values()];
			expect(distinct.map(({seed, run}) => ({seed, run})).slice(1), `first run (seed ${distinct[0]!.seed}): ${JSON.stringify(distinct[0]!.run, undefined, 1)}`).toEqual([]);
		});
	}
});
