import {padPresented, presentText, safe, type Presented} from '../../dns/sanitize.js';
import {wrapPresented} from '../../dns/wrap-presented.js';
import {KEYMAP, keyLabel, leavingLine} from '../keymap.js';
import {heading, plain, type Line} from './lines.js';
import {SYMBOLS} from './symbols.js';

/**
 * The help overlay: how to leave, then the keys, generated from the keymap, so it cannot drift from what the keys do
 * (two columns if too tall); then every symbol the views draw, generated from the table they take them from. A
 * description too long for its column (the right one, at 80 columns) goes on under itself, never under the keys'
 * column, where the pane's own wrapping had put it.
 */
export function helpLines(height = Number.POSITIVE_INFINITY, width = Number.POSITIVE_INFINITY): Line[] {
	const labelWidth = Math.max(...KEYMAP.map((binding) => binding.label.length)) + 2;
	// First, beside the heading where it fits (leavingLine).
	const title = safe`Keys`;
	const beside = title.length + HEADING_GAP.length + LEAVING.length <= width;
	const top: Line[] = beside ? [[...heading(title), {text: HEADING_GAP}, {text: presentText(LEAVING)}]] : [heading(title), ...rowsOf(LEAVING, width).map((row): Line => [{text: row}])];
	const rightRoom = width - labelWidth * 2 - DESCRIPTION_WIDTH - COLUMN_GAP.length;
	// One column if it fits the height, or if a second would leave its descriptions too little room (a 60-column pane):
	// a list to scroll reads better than words stacked one a row.
	const single = KEYMAP.length + 1 + top.length <= height || rightRoom < MIN_ROOM;
	const rows = single ? KEYMAP.length : Math.ceil(KEYMAP.length / 2);
	const body = Array.from({length: rows}, (_, index): Line[] => {
		if (single) return keyRows(KEYMAP[index], labelWidth, width - labelWidth, 0);
		const left = keyRows(KEYMAP[index], labelWidth, DESCRIPTION_WIDTH, DESCRIPTION_WIDTH);
		const right = keyRows(KEYMAP[index + rows], labelWidth, rightRoom, 0);
		const blank: Line = [{text: presentText(' '.repeat(labelWidth + DESCRIPTION_WIDTH))}];
		return Array.from({length: Math.max(left.length, right.length)}, (_, row): Line => (right[row] ? [...(left[row] ?? blank), {text: COLUMN_GAP}, ...right[row]] : (left[row] ?? [])));
	}).flat();
	// The blank line above the keys gives way first, so they still fit the first screen (whose last line says how many
	// more follow).
	const gap = 1 + top.length + body.length <= height - 1 ? [plain(safe``)] : [];
	return [...top, ...gap, ...body, plain(safe``), ...legendLines(width)];
}

const LEAVING = leavingLine(keyLabel('escape'));
const HEADING_GAP = safe`   `;

/** The room a key's description has in the left column of two, and what divides the columns. */
const DESCRIPTION_WIDTH = 22;
const COLUMN_GAP = safe`   `;

/**
 * A key of the keymap as rows: its label, then its description cut at spaces to `room` characters (at least
 * MIN_ROOM), each row after the first under the description and each padded to `padTo`.
 */
function keyRows(binding: (typeof KEYMAP)[number] | undefined, labelWidth: number, room: number, padTo: number): Line[] {
	if (!binding) return [];
	return rowsOf(binding.description, Math.max(MIN_ROOM, room)).map((row, index): Line => [{text: presentText((index === 0 ? binding.label : '').padEnd(labelWidth)), bold: true}, {text: padPresented(row, padTo)}]);
}

/** The least room a description is cut to: the right column's at 67 columns. */
const MIN_ROOM = 20;

/** A description in rows of at most `room` columns, cut at spaces, as every pane wraps its text. */
const rowsOf = (text: string, room: number): Presented[] => wrapPresented(presentText(text), room, {hard: true, trim: true});

/** What each symbol on the screen means, one a line. */
export function legendLines(width = Number.POSITIVE_INFINITY): Line[] {
	const entries = Object.values(SYMBOLS);
	const symbolWidth = Math.max(...entries.map((entry) => entry.symbol.length)) + 2;
	// A meaning too long for the pane goes on under itself, not under the symbols (as the keys' descriptions do).
	return [
		heading(safe`Symbols`),
		plain(safe``),
		...entries.flatMap((entry) => rowsOf(entry.meaning, Math.max(MIN_ROOM, width - symbolWidth)).map((row, index): Line => [{text: presentText((index === 0 ? entry.symbol : '').padEnd(symbolWidth)), bold: true}, {text: row}])),
	];
}
