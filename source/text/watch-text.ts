import type {Change} from '../compare/diff.js';
import type {WatchRound} from '../compare/watch-history.js';
import {terminalSafeJson} from '../dns/safe-json.js';
import {padPresented, presentText, safe, type Presented} from '../dns/sanitize.js';
import type {Trace} from '../trace/model.js';
import {changeText} from './diff-text.js';

/**
 * A watch as a log: one line per event, each starting with the trace's time and round, so `grep`, `tail -f` and
 * a log shipper all work. The first round says what is watched and where it stands; later rounds only what changed.
 */
export function watchStartLine(trace: Trace, round: WatchRound): Presented {
	const {error, warning} = round.findings;
	return safe`${prefix(round)}watching ${presentText(trace.query.name)} ${presentText(trace.query.type)}: ${presentText(round.outcome.value)} · ${error} error${error === 1 ? safe`` : safe`s`}, ${warning} warning${warning === 1 ? safe`` : safe`s`}\n`;
}

export function watchNoteLine(round: WatchRound): Presented {
	return round.note ? safe`${prefix(round)}${presentText(round.note)}\n` : safe``;
}

export function watchChangeLine(round: WatchRound, change: Change): Presented {
	return safe`${prefix(round)}${padPresented(presentText(change.zone ?? '-'), 16)} ${changeText(change)}\n`;
}

/** The same events as JSON, one object per line (NDJSON). */
export function watchJsonLine(round: WatchRound, event: {kind: string; zone?: string; server?: string; before?: string; after: string}): string {
	return `${terminalSafeJson(JSON.stringify({at: round.at, round: round.index, ...event}))}\n`;
}

const prefix = (round: WatchRound) => safe`${presentText(round.at)}  round ${presentText(String(round.index).padEnd(4))} `;
