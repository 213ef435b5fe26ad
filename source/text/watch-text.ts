import type {DnssecStatus} from '../analysis/dnssec/dnssec-status.js';
import type {Change} from '../compare/diff.js';
import type {WatchRound} from '../compare/watch-history.js';
import {terminalSafeJson} from '../dns/safe-json.js';
import {padPresented, presentText, safe, type Presented} from '../dns/sanitize.js';
import type {Trace} from '../trace/model.js';
import {changeText} from './diff-text.js';

/**
 * What every line of a round carries besides its event: the round's DNSSEC verdict and, with --at, the moment its
 * signatures were judged as of. A fixed moment (--at 2026-12-01) is the same for every round and is said once, on
 * the first line; one relative to the trace (--at +7d) moves with each round and is on every line.
 */
export interface RoundVerdict {
	dnssec: DnssecStatus;
	/** --at made a moment for this round's trace (ISO 8601, UTC). */
	validateAt?: string;
	/** Whether --at was a distance from each trace's time rather than one moment. */
	relativeAt: boolean;
}

/** The verdict column is as wide as the longest verdict, so the zones and changes after it line up. */
const VERDICT_WIDTH = 'indeterminate'.length;

/**
 * A watch as a log: one line per event, each starting with the trace's time, its round and its DNSSEC verdict, so
 * `grep`, `tail -f` and a log shipper all work. The first round says what is watched and where it stands; later
 * rounds only what changed.
 */
export function watchStartLine(trace: Trace, round: WatchRound, verdict: RoundVerdict): Presented {
	const {error, warning} = round.findings;
	const judged = verdict.validateAt !== undefined && !verdict.relativeAt ? safe` · signatures judged as of ${presentText(verdict.validateAt)}` : safe``;
	return safe`${prefix(round, verdict)}watching ${presentText(trace.query.name)} ${presentText(trace.query.type)}: ${presentText(round.outcome.value)} · ${error} error${error === 1 ? safe`` : safe`s`}, ${warning} warning${warning === 1 ? safe`` : safe`s`}${judged}\n`;
}

export function watchNoteLine(round: WatchRound, verdict: RoundVerdict): Presented {
	return round.note ? safe`${prefix(round, verdict)}${presentText(round.note)}\n` : safe``;
}

export function watchChangeLine(round: WatchRound, verdict: RoundVerdict, change: Change): Presented {
	return safe`${prefix(round, verdict)}${padPresented(presentText(change.zone ?? '-'), 16)} ${changeText(change)}\n`;
}

/**
 * The same events as JSON, one object per line (NDJSON): each object stands alone (a reader may see only the lines
 * a filter kept), so each carries its round's verdict and, with --at, the moment it was judged as of.
 */
export function watchJsonLine(round: WatchRound, verdict: RoundVerdict, event: {kind: string; zone?: string; server?: string; before?: string; after: string}): string {
	return `${terminalSafeJson(JSON.stringify({at: round.at, round: round.index, dnssec: verdict.dnssec, ...(verdict.validateAt === undefined ? {} : {validateAt: verdict.validateAt}), ...event}))}\n`;
}

function prefix(round: WatchRound, verdict: RoundVerdict): Presented {
	const judged = verdict.validateAt !== undefined && verdict.relativeAt ? safe` as of ${presentText(verdict.validateAt)}` : safe``;
	return safe`${presentText(round.at)}  round ${presentText(String(round.index).padEnd(4))} ${padPresented(presentText(verdict.dnssec), VERDICT_WIDTH)}${judged} `;
}
