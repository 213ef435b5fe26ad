import type {Trace} from '../trace/model.js';
import {applyChanges} from '../what-if/apply-changes.js';
import {CHANGE_USAGE, parseChange} from '../what-if/parse-change.js';
import {UsageError} from './usage-error.js';

/**
 * `--what-if "CHANGE"` (repeatable): each change's kind checked before any packet is sent, so a typo costs no walk;
 * the rest (a name or address the trace must have) once the trace is there.
 */
export function checkChangeKinds(texts: readonly string[]): void {
	for (const text of texts) {
		const kind = text.trim().split(/\s+/u)[0] ?? '';
		if (!CHANGE_USAGE.some(([known]) => known === kind)) throw new UsageError(`invalid --what-if "${text}": no such change ${JSON.stringify(kind)}: use ${CHANGE_USAGE.map(([known]) => known).join(', ')}`);
	}
}

/** The trace as it would be with the changes typed: every change read against it first, the first wrong one a usage error. */
export function assumeChanges(trace: Trace, texts: readonly string[]): Trace {
	const changes = texts.map((text) => {
		const parsed = parseChange(text, trace);
		if ('problem' in parsed) throw new UsageError(parsed.problem);
		return parsed.change;
	});
	return applyChanges(trace, changes);
}
