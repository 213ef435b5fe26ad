import type {Trace, WhatIfChange} from '../trace/model.js';
import {applyChanges} from '../what-if/apply-changes.js';
import {changeFormProblem, parseChange} from '../what-if/parse-change.js';
import {askAddedServers, type AskSettings} from './ask-added-servers.js';
import {UsageError} from './usage-error.js';

/**
 * `--what-if "CHANGE"` (repeatable): each change's form (its kind, its words: names, an address, a DS, a moment)
 * checked before any packet is sent, so a typo costs no walk; the rest (a name or address the trace must have) once
 * the trace is there.
 */
export function checkChangeForms(texts: readonly string[]): void {
	for (const text of texts) {
		const problem = changeFormProblem(text);
		if (problem !== undefined) throw new UsageError(problem);
	}
}

/** Every change typed, read against the trace: the first wrong one a usage error. */
function readChanges(trace: Trace, texts: readonly string[]): WhatIfChange[] {
	const changes: WhatIfChange[] = [...(trace.assumed ?? [])];
	for (const text of texts) {
		const parsed = parseChange(text, trace, changes);
		if ('problem' in parsed) throw new UsageError(parsed.problem);
		changes.push(parsed.change);
	}
	return changes.slice(trace.assumed?.length ?? 0);
}

/** The trace as it would be with the changes typed, nothing sent: a saved trace's (an added name server's answers stay unknown). */
export function assumeChanges(trace: Trace, texts: readonly string[]): Trace {
	return applyChanges(trace, readChanges(trace, texts));
}

/**
 * The trace as it would be with the changes typed, on a live trace: a name server an `ns-add` adds is asked first,
 * through the transport the walk used (ask-added-servers.ts), so what it answers is judged, not assumed.
 */
export async function assumeChangesAsking(trace: Trace, texts: readonly string[], settings: AskSettings): Promise<Trace> {
	const changes = readChanges(trace, texts);
	return applyChanges(trace, changes, await askAddedServers(trace, changes, settings));
}
