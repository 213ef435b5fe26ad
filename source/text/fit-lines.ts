import {presentedWidth, wrapInColumns} from '../dns/presented-width.js';
import {presentText, safe, slicePresented, type Presented} from '../dns/sanitize.js';

/*
 * Plain text fitted to a terminal's width (`--text`, `--step --text` on a terminal; a pipe or a file gets each line
 * whole, as dig prints it). Wrapped by the columns a terminal draws, between words where it can and between
 * characters where a word is wider than the row: never inside an escape (`\027`, `\u{202e}`) or a character with its
 * marks, and never with a space added where a word was cut (wrap-presented.ts's wrap-ansi path cuts an escape of
 * ASCII text, and joining its rows again put a space inside a long name).
 */

/** Narrower than this, a terminal gets this: a server row's figures alone take about as much. */
export const MIN_WIDTH = 60;

/**
 * Text wrapped to `width`: its first row after `indent`, the rest after `hang`. The rows are the text's own
 * characters in order, only the spaces where a row breaks left out.
 */
export function hanging(text: Presented, width: number, indent: string, hang: string): Presented[] {
	const [first = safe``] = wrapInColumns(text, width - indent.length);
	// The first row is the text's start (its words, as spaced in the text): the rest wraps at the hang's width.
	const rest = slicePresented(text, first.length).replace(/^ +/u, '') as Presented;
	const continued = rest === '' ? [] : wrapInColumns(rest, width - hang.length);
	return [safe`${presentText(indent)}${first}`, ...continued.map((row) => safe`${presentText(hang)}${row}`)];
}

/**
 * Lines fitted to `width`, each too wide wrapped with its continuations after `hangOf(line)` (a view says what its
 * continuations line up under); a line holding a tab (a record, as dig prints it) is never cut: it is data to copy whole.
 */
export function fitLines(lines: readonly Presented[], width: number, hangOf: (line: Presented, indent: string) => string): Presented[] {
	const fitted = Math.max(MIN_WIDTH, width);
	return lines.flatMap((line) => {
		if (presentedWidth(line) <= fitted || line.includes('\t')) return [line];
		const indent = /^ */u.exec(line)![0];
		return hanging(slicePresented(line, indent.length), fitted, indent, hangOf(line, indent));
	});
}
