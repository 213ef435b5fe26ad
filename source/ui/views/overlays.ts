import type {Probe} from '../../trace/model.js';
import {presentName} from '../../dns/present.js';
import {joinPresented, presentText, safe, type Presented} from '../../dns/sanitize.js';
import {headWithin, padToColumns, presentedWidth} from '../../dns/presented-width.js';
import {wrapPresented} from '../../dns/wrap-presented.js';
import {groupLongWords, heading, middleTruncated, plain, RESPONSE_PARTS, responseParts, type Line} from './lines.js';
import {symbol} from './symbols.js';

/**
 * Marked probes (or servers' main probes) side by side; lines that differ between them are highlighted. Each column
 * is headed by its server's name (cut in its middle to fit, so both ends stay) and address, so at 80 columns one
 * still knows which column is which.
 */
export function compareLines(probes: Probe[], width: number, port = 53): Line[] {
	if (probes.length < 2) return [plain(safe`Mark two or more servers or probes with space, then press c.`)];
	// As many columns as fit the pane at MIN_COLUMN each (every one, in a wide pane); those left out are said, not cut off
	// at the pane's edge (four marked at 80 columns lost the fourth's right half).
	const fitting = Math.max(2, Math.min(probes.length, Math.floor((width + 3) / (MIN_COLUMN + 3))));
	const shown = probes.slice(0, fitting);
	const left = probes.length - shown.length;
	const columnWidth = Math.max(MIN_COLUMN, Math.floor((width - 3 * (shown.length - 1)) / shown.length));
	return compareShown(shown, columnWidth, port, left);
}

/** The narrowest a column of the comparison gets: a response's lines wrap within it. */
const MIN_COLUMN = 16;

function compareShown(probes: Probe[], columnWidth: number, port: number, left: number): Line[] {
	const heads = probes.map((probe) => [middleTruncated(presentName(probe.server), columnWidth), middleTruncated(presentText(probe.address), columnWidth)]);
	const text = (line: Line) => joinPresented(line.map((segment) => segment.text), safe``);
	// Each column part by part (header, question, answer, authority, additional, footer), so a part starts on the same row
	// in every column: a referral's authority section stood beside an answer's answer section, a time-out's nothing
	// beside its neighbour's footer. The response's own first line repeats the server; below the heads the header
	// names only the question and the zone.
	const columns = probes.map((probe) => {
		const parts = new Map(responseParts(probe, port).map(({part, lines}) => [part, lines.map(text)]));
		parts.set('header', [safe`${presentName(probe.question.name)} ${presentText(probe.question.type)} (${presentName(probe.zone)})`, ...(parts.get('header') ?? []).slice(1)]);
		return parts;
	});
	const lines: Line[] = [heading(safe`Comparing ${probes.length} responses (differing lines highlighted)`), ...(left > 0 ? [plain(safe`${left} more marked: no room here`)] : []), plain(safe``)];
	for (const row of [0, 1]) lines.push(sideBySide(heads.map((head) => head[row]!), columnWidth, row === 0 ? {bold: true} : {dim: true}));
	lines.push(sideBySide(heads.map(() => safe``), columnWidth, {}));
	for (const part of RESPONSE_PARTS) {
		// A part one response lacks is blank in its column, as many rows as the longest of the others.
		const cellsOf = columns.map((parts) => parts.get(part) ?? []);
		const height = Math.max(...cellsOf.map((cells) => cells.length));
		for (let index = 0; index < height; index++) lines.push(...compareRow(cellsOf.map((cells) => cells[index] ?? safe``), columnWidth));
	}
	return lines;
}

/** The same line of each response, side by side: highlighted when they differ, each wrapped within its column. */
function compareRow(cells: Presented[], columnWidth: number): Line[] {
	// IDs and times differ by nature; compare what the servers said.
	const comparable = cells.map((cell) => cell.replace(/id: \d+/u, '').replace(/Query time: .*/u, '').replace(/SERVER: .*/u, ''));
	// A line too long for its column goes on in rows under itself, every row highlighted with it: cut at the column's
	// edge, `status: NOERROR` and `status: REFUSED` read alike at 80 columns, in a line marked as differing.
	const wrapped = cells.map((cell) => (presentedWidth(cell) <= columnWidth ? [cell] : wrapPresented(groupLongWords(cell, columnWidth), columnWidth, {hard: true, trim: true})));
	const style = new Set(comparable).size > 1 ? {inverse: true} : {};
	return Array.from({length: Math.max(...wrapped.map((rows) => rows.length))}, (_, row) => sideBySide(wrapped.map((rows) => rows[row] ?? safe``), columnWidth, style));
}

/** One row of the comparison: each cell cut and padded to its column, a rule between columns. */
function sideBySide(cells: Presented[], columnWidth: number, style: {bold?: boolean; dim?: boolean; inverse?: boolean}): Line {
	const line: Line = [];
	cells.forEach((cell, column) => {
		line.push({text: padToColumns(headWithin(cell, columnWidth), columnWidth), ...style});
		if (column < cells.length - 1) line.push({text: safe` ${presentText(symbol('divider'))} `, dim: true});
	});
	return line;
}
