import {parseUserName} from '../../source/dns/name.js';
import {INTERNET} from '../../source/lab/internet.js';
import type {Trace} from '../../source/trace/model.js';
import {labTrace} from './lab.js';

export type OutcomeClass = 'answer' | 'denial' | 'failure';

export interface StoryPlan {
	label: string;
	name: string;
	type: string;
	/** The outcomes a single-path tracer may reach: ours, and failure where some server of the path misbehaves. */
	allowed: OutcomeClass[];
	/** The walk needed sub-traces to find name-server addresses (no glue). */
	needsSubtraces: boolean;
}

const MISBEHAVING = new Set(['refused', 'upward-referral', 'lame', 'servfail', 'error']);

function classOf(trace: Trace): OutcomeClass {
	return trace.outcome.status === 'answer' ? 'answer' : trace.outcome.status === 'failure' ? 'failure' : 'denial';
}

/** Traces every story over IPv4 and says what a reference tracer (which asks one server per cut) may conclude. */
export async function planStories(): Promise<StoryPlan[]> {
	return Promise.all(
		INTERNET.stories.map(async (story) => {
			const name = parseUserName(story.name).name;
			const type = story.type ?? 'A';
			const trace = await labTrace(name, type, {families: [4]});
			const main = trace.resolutions[0]!;
			const zonesOnPath = new Set(main.steps.map((step) => step.zone));
			// A reference tracer asks one server per cut: a server that answers wrongly, or never answers (it may time
			// out on it before trying another), can end its walk where ours went on.
			// So can a cut whose servers answer the same question in different kinds (a parent's servers that also serve
			// the child answer from its data, the others refer): which one it picks decides where its walk goes.
			const misbehaves =
				main.steps.some((step) => step.variants.some((variant) => MISBEHAVING.has(variant.kind))) ||
				main.steps.some((step) => new Set(step.variants.map((variant) => variant.kind)).size > 1) ||
				trace.zones.some((zone) =>
					zonesOnPath.has(zone.name) &&
					zone.servers.some((server) => server.probes.some((probe) => probe.purpose === 'walk' && probe.status !== 'answered')),
				);
			const expected = classOf(trace);
			return {
				label: `${story.name} ${type}`,
				name: name.slice(0, -1),
				type,
				allowed: misbehaves && expected !== 'failure' ? [expected, 'failure'] : [expected],
				needsSubtraces: trace.zones.some((zone) => zonesOnPath.has(zone.name) && zone.nameservers.some((ns) => ns.subtraces.length > 0)),
			};
		}),
	);
}

/** A tracer's last word, from the records it printed: the answer, a denial (a trailing SOA), or nothing. */
export function printedOutcome(lines: string[][], name: string, type: string): OutcomeClass {
	if (lines.some((fields) => fields[0]!.toLowerCase() === `${name}.` && (fields[3] === type || fields[3] === 'CNAME'))) return 'answer';
	return lines.at(-1)?.[3] === 'SOA' ? 'denial' : 'failure';
}

export function recordLines(stdout: string): string[][] {
	return stdout
		.split('\n')
		.filter((line) => /^\S*\.\s+\d+\s+IN\s+/u.test(line))
		.map((line) => line.split(/\s+/u));
}
