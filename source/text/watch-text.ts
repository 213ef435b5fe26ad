import type {Change} from '../compare/diff.js';
import {changeText} from './diff-text.js';
import type {Trace} from '../trace/model.js';
import type {WatchRound} from '../compare/watch-history.js';
import {sanitize} from '../dns/sanitize.js';

/**
 * A watch as a log: one line per event, each starting with the trace's time and round, so `grep`, `tail -f` and
 * a log shipper all work. The first round says what is watched and where it stands; later rounds only what changed.
 */
export function watchStartLine(trace: Trace, round: WatchRound): string {
	const {error, warning} = round.findings;
	return `${prefix(round)}watching ${sanitize(trace.query.name)} ${trace.query.type}: ${sanitize(round.outcome.value)} · ${error} error${error === 1 ? '' : 's'}, ${warning} warning${warning === 1 ? '' : 's'}\n`;
}

export function watchNoteLine(round: WatchRound): string {
	return round.note ? `${prefix(round)}${sanitize(round.note)}\n` : '';
}

export function watchChangeLine(round: WatchRound, change: Change): string {
	return `${prefix(round)}${sanitize(change.zone ?? '-').padEnd(16)} ${changeText(change)}\n`;
}

/** The same events as JSON, one object per line (NDJSON). */
export function watchJsonLine(round: WatchRound, event: {kind: string; zone?: string; server?: string; before?: string; after: string}): string {
	return `${JSON.stringify({at: round.at, round: round.index, ...event})}\n`;
}

const prefix = (round: WatchRound) => `${round.at}  round ${String(round.index).padEnd(4)} `;
