import type {Change} from '../compare/diff.js';
import {sanitize} from '../dns/sanitize.js';
import type {Trace} from '../trace/model.js';

/** One change as a line: "reachability  ns2.example.com. 127.77.110.2: answer → timeout"; a finding by itself. */
export function changeText(change: Change, pad = 17): string {
	if (change.kind === 'finding-appeared') return `${change.kind.padEnd(pad)} ${sanitize(change.after)}`;
	if (change.kind === 'finding-resolved') return `${change.kind.padEnd(pad)} ${sanitize(change.before)}`;
	return `${change.kind.padEnd(pad)} ${change.server ? `${sanitize(change.server)}: ` : ''}${sanitize(change.before)} → ${sanitize(change.after)}`;
}

/** The diff as text: one line per change, grouped by zone. */
export function renderDiff(before: Trace, after: Trace, changes: Change[]): string {
	const lines = [`; digdeeper diff: ${sanitize(before.query.name)} ${before.query.type}, ${before.startedAt} → ${after.startedAt}`];
	if (changes.length === 0) return `${lines[0]}\n;; no difference\n`;
	// Trace-level changes have no zone; they get a heading of their own like any zone's.
	let zone: string | undefined | null = null;
	for (const change of changes) {
		if (change.zone !== zone) {
			zone = change.zone;
			lines.push('', zone ? `${sanitize(zone)}` : 'the trace');
		}
		lines.push(`  ${changeText(change)}`);
	}
	return `${lines.join('\n')}\n`;
}
