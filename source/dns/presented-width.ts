import stringWidth from 'string-width';
import {headOfPresented, PRESENTED_ESCAPE, slicePresented, tailOfPresented, type Presented} from './sanitize.js';

/*
 * Presented text measured and cut in terminal columns, as Ink lays it out (string-width, the one Ink measures with):
 * a query name in Unicode (`例え.テスト.`) takes two columns a character, where its length counts one, and a row
 * measured by length ran past the terminal's edge and lost its end. Kept apart from sanitize.ts, as wrapping is: the
 * display-width tables are for views, and output that never lays out text (--json) never needs them.
 */

/** Text that is one column a character, which most presented text is: measured and cut by its length. */
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/u;

let characters: Intl.Segmenter | undefined;

/** The columns a presented text takes on a terminal: a CJK character two, a combining mark none, an escape its length. */
export function presentedWidth(text: Presented): number {
	return PRINTABLE_ASCII.test(text) ? text.length : stringWidth(text);
}

interface Piece {
	start: number;
	end: number;
	width: number;
}

/**
 * Where a presented text may be cut, in order: around its escapes (`\027` cut reads as another byte) and between the
 * characters a reader sees (a flag, an emoji with a skin tone, a letter with its accent), each with its columns.
 */
function piecesOf(text: Presented): Piece[] {
	characters ??= new Intl.Segmenter('en', {granularity: 'grapheme'});
	const pieces: Piece[] = [];
	let at = 0;
	const addCharacters = (end: number) => {
		for (const {segment, index} of characters!.segment(text.slice(at, end))) pieces.push({start: at + index, end: at + index + segment.length, width: stringWidth(segment)});
	};
	for (const match of text.matchAll(PRESENTED_ESCAPE)) {
		addCharacters(match.index);
		pieces.push({start: match.index, end: match.index + match[0].length, width: match[0].length});
		at = match.index + match[0].length;
	}
	addCharacters(text.length);
	return pieces;
}

/** The longest start of a presented text that fits `columns`, never cutting an escape or a character. */
export function headWithin(text: Presented, columns: number): Presented {
	if (PRINTABLE_ASCII.test(text)) return headOfPresented(text, Math.max(0, columns));
	let used = 0;
	let end = 0;
	for (const piece of piecesOf(text)) {
		if (used + piece.width > columns) break;
		used += piece.width;
		end = piece.end;
	}
	return slicePresented(text, 0, end);
}

/** The longest end of a presented text that fits `columns`, never cutting an escape or a character. */
export function tailWithin(text: Presented, columns: number): Presented {
	if (PRINTABLE_ASCII.test(text)) return tailOfPresented(text, Math.max(0, text.length - Math.max(0, columns)));
	let used = 0;
	let start = text.length;
	for (const piece of piecesOf(text).reverse()) {
		if (used + piece.width > columns) break;
		used += piece.width;
		start = piece.start;
	}
	return slicePresented(text, start);
}
