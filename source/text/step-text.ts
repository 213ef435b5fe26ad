import {presentName} from '../dns/present.js';
import {presentText, safe, type Presented} from '../dns/sanitize.js';
import {fitLines} from './fit-lines.js';
import {whatIfHeadline} from '../what-if/describe-change.js';
import type {Trace} from '../trace/model.js';
import {stepsOf, type Step} from './step-through.js';
import {outcomeZoneWord} from '../trace/outcome.js';

/** How a step's role is marked in the transcript: the resolver's path stands out from what digdeeper adds beside it. */
export const ROLE_MARK: Record<Step['role'], string> = {path: 'path', beside: 'compare', checks: 'compare', dnssec: 'dnssec'};

/**
 * A learner's transcript of the step-through (`--step --text`): a heading, then each step numbered, its role, what was
 * asked and what it meant, the words under it, and where a side trip begins and ends. Plain text to share.
 */
export function stepTranscript(trace: Trace, steps: readonly Step[]): Presented[] {
	// A return from a cut shows again the response it takes: each query is counted once.
	const queries = new Set(steps.flatMap((step) => step.probes)).size;
	const path = trace.resolutions[0]?.steps.map((step) => presentName(step.zone)) ?? [];
	const lines: Presented[] = [
		safe`Step-through of ${presentText(trace.query.unicode)} ${presentText(trace.query.type)}: ${queries} queries in ${steps.length} steps; the resolver's path: ${presentText(path.join(' → '))}`,
		safe`Each step is a query on the resolver's path (path), the queries digdeeper adds beside it to compare servers (compare), or DNSSEC data a validating resolver fetches too (dnssec).`,
	];
	const width = String(steps.length).length;
	for (const step of steps) {
		const indent = presentText(' '.repeat(width + 2));
		lines.push(safe``);
		if (step.enters) lines.push(safe`${indent}↪ ${step.enters}`);
		lines.push(safe`${presentText(String(step.number).padStart(width))}. [${presentText(ROLE_MARK[step.role])}] ${step.title}`);
		for (const words of step.words) lines.push(safe`${indent}${words}`);
		if (step.leaves) lines.push(safe`${indent}↩ ${step.leaves}`);
	}
	const {outcome} = trace;
	// A snapshot saved while the trace ran has no outcome yet: its steps are those taken so far.
	if (outcome.status === 'pending') {
		lines.push(safe``, safe`The outcome: UNFINISHED (saved while tracing): these are the steps taken so far.`);
		return lines;
	}
	const said = safe`The outcome: ${presentText(outcome.status.toUpperCase())}${outcome.zone ? safe` ${presentText(outcomeZoneWord(outcome))} ${presentName(outcome.zone)}` : safe``}${outcome.reason ? safe`: ${presentText(outcome.reason)}` : safe``}`;
	// A name's own dot ends the sentence ("from example.com.").
	lines.push(safe``, said.endsWith('.') ? said : safe`${said}.`);
	return lines;
}

/** `--step --text`: the transcript of a finished trace, as printed. */
export function renderStepText(trace: Trace, width?: number): string {
	// A what-if's steps are not what happened: the transcript says so before its first step.
	const assumed = trace.assumed && trace.assumed.length > 0 ? [whatIfHeadline(trace), safe``] : [];
	const lines = [...assumed, ...stepTranscript(trace, stepsOf(trace))];
	return `${(width === undefined ? lines : fitLines(lines, width, stepHang)).join('\n')}\n`;
}

/** Where a wrapped line of the transcript goes on: under a step's text, past its number, or under its own indent. */
const stepHang = (line: Presented, indent: string): string => ' '.repeat(/^ *\d+\. /u.exec(line)?.[0].length ?? indent.length);
