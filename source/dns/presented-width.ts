import {eastAsianWidth} from 'get-east-asian-width';
import stringWidth from 'string-width';
import {headOfPresented, PRESENTED_ESCAPE, slicePresented, tailOfPresented, type Presented} from './sanitize.js';

/*
 * Presented text measured and cut in terminal columns: a query name in Unicode (`例え.テスト.`) takes two columns a
 * character, where its length counts one, and a row measured by length ran past the terminal's edge and lost its end.
 * Kept apart from sanitize.ts, as wrapping is: the display-width tables are for views, and output that never lays out
 * text (--json) never needs them.
 *
 * Measured on the wide side. Terminals draw code point by code point (tmux: `क्ष` two columns, `👍🏽` four), where
 * string-width, which Ink lays out with, counts a character as one (`क्ष` one column, `👍🏽` two): a row measured
 * narrower than it is drawn wraps, and pushes every row below it down. Measured wider than a terminal draws it, a row
 * only takes a shorter form, and Ink, measuring narrower still, never cuts it.
 */

/** Text that is one column a character, which most presented text is: measured and cut by its length. */
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/u;

let characters: Intl.Segmenter | undefined;

/** Widths of characters already measured: a name or a path repeats a few (string-width takes 4 µs a character). */
const characterWidths = new Map<string, number>();
const CHARACTERS_KEPT = 4096;

/**
 * A code point no emoji starts or is made of, visible, no Hangul jamo: its width is its East Asian width, as
 * string-width gives it. Measured so without string-width, whose first non-ASCII call compiles its test of every RGI
 * emoji, 15 ms: a plain-text trace's first `→` paid it, where its words are ASCII but for a few arrows and dots.
 */
const PLAIN_CODE_POINT = /^[^\p{Extended_Pictographic}\p{Emoji_Component}\p{Default_Ignorable_Code_Point}\p{Control}\p{Format}\p{Mark}\p{Surrogate}\u1100-\u11ff\ua960-\ua97f\ud7b0-\ud7ff]$/u;

/** A character as a reader sees it (a letter and its marks, an emoji and its skin tone): the wider of the two counts. */
function characterWidth(character: string): number {
	let width = characterWidths.get(character);
	if (width !== undefined) return width;
	width = PLAIN_CODE_POINT.test(character) ? eastAsianWidth(character.codePointAt(0)!) : stringWidth(character);
	if (character.length > 1 || DRAWN_WIDER.test(character)) {
		let apart = 0;
		for (const point of character) apart += DRAWN_WIDER.test(point) ? 2 : stringWidth(point);
		width = Math.max(width, apart);
	}
	if (characterWidths.size >= CHARACTERS_KEPT) characterWidths.clear();
	characterWidths.set(character, width);
	return width;
}

/**
 * Characters string-width counts one column (East Asian ambiguous) that terminals draw two (tmux with glibc's
 * widths): the circled numbers on black squares, U+3248-324F. Found by comparing every code point's count with where
 * tmux put the cursor after it; every other difference is a character presentation escapes.
 */
const DRAWN_WIDER = /[\u3248-\u324f]/u;

/**
 * What joins code points into one character: marks, regional indicators (flags), skin tones, Hangul jamo, and
 * anything that is no character of its own (controls, joiners). Text without any is cut between code points, each
 * its own character, without a segmenter (about 2 µs a character: 4 KB of CJK took 7 ms).
 */
const JOINING = /[^\p{Grapheme_Base}]|[\p{M}\p{Regional_Indicator}\p{Emoji_Modifier}\u1100-\u11ff\ua960-\ua97f\ud7b0-\ud7ff]/u;

/** Widths of the runs of text that are not ASCII, as measured: a header's every form holds the same name and path. */
const runWidths = new Map<string, number>();
const RUNS_KEPT = 512;

/** The columns a presented text takes on a terminal: a CJK character two, an accent none, an escape its length. */
export function presentedWidth(text: Presented): number {
	if (PRINTABLE_ASCII.test(text)) return text.length;
	// Runs of ASCII are one column a character (escapes too); a character and its marks are never split by this: a
	// mark is not ASCII, and an ASCII letter's width is the same with its marks as without.
	let width = 0;
	for (const [run] of text.matchAll(/[\x20-\x7e]+|[^\x20-\x7e]+/gu)) {
		if (PRINTABLE_ASCII.test(run)) {
			width += run.length;
			continue;
		}
		let measured = runWidths.get(run);
		if (measured === undefined) {
			measured = 0;
			for (const piece of piecesOf(run as Presented)) measured += piece.width;
			if (runWidths.size >= RUNS_KEPT) runWidths.clear();
			runWidths.set(run, measured);
		}
		width += measured;
	}
	return width;
}

interface Piece {
	start: number;
	end: number;
	width: number;
}

/**
 * Where a presented text may be cut, in order from `from`: around the escapes its presentation made (`\027` cut
 * reads as another byte) and between the characters a reader sees, each with its columns. A backslash before anything
 * but ASCII is a character of the text (a path's), not an escape: `\例` is three columns, and `例` stays whole with
 * its marks.
 */
function* piecesOf(text: Presented, from = 0): Generator<Piece> {
	characters ??= new Intl.Segmenter('en', {granularity: 'grapheme'});
	let at = from;
	const charactersUpTo = function* (end: number): Generator<Piece> {
		const part = text.slice(at, end);
		if (!JOINING.test(part)) {
			let start = at;
			for (const point of part) {
				yield {start, end: start + point.length, width: characterWidth(point)};
				start += point.length;
			}
			return;
		}
		for (const {segment, index} of characters!.segment(part)) yield {start: at + index, end: at + index + segment.length, width: characterWidth(segment)};
	};
	for (const match of text.slice(from).matchAll(PRESENTED_ESCAPE)) {
		if (!PRINTABLE_ASCII.test(match[0])) continue;
		const start = from + match.index;
		yield* charactersUpTo(start);
		yield {start, end: start + match[0].length, width: match[0].length};
		at = start + match[0].length;
	}
	yield* charactersUpTo(text.length);
}

/** A presented text padded with spaces to `columns` as drawn: padded by its length, a CJK cell pushed its neighbours right. */
export function padToColumns(text: Presented, columns: number): Presented {
	return `${text}${' '.repeat(Math.max(0, columns - presentedWidth(text)))}` as Presented;
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

/**
 * Where a tail of `columns` is looked for first, in a long text: the start of the last run of ASCII that begins at
 * least this many code units a column before the end (a long path's every character was measured for the few at its
 * end: 25 ms for 4 KB of CJK). A run of ASCII begins a character (no mark or joiner comes before one, and the
 * characters that would join one, prepended marks, are escaped) and no escape crosses into it. Where that is not
 * enough (characters with many marks), the whole text.
 */
const UNITS_A_COLUMN = 8;

function nearTheEnd(text: Presented, columns: number): number {
	const ascii = (index: number) => {
		const code = text.charCodeAt(index);
		return code >= 0x20 && code <= 0x7e;
	};
	for (let index = text.length - UNITS_A_COLUMN * (columns + 1); index > 0; index--) if (ascii(index) && !ascii(index - 1)) return index;
	return 0;
}

/** The longest end of a presented text that fits `columns`, never cutting an escape or a character. */
export function tailWithin(text: Presented, columns: number): Presented {
	if (PRINTABLE_ASCII.test(text)) return tailOfPresented(text, Math.max(0, text.length - Math.max(0, columns)));
	const near = nearTheEnd(text, Math.max(0, columns));
	for (const from of near > 0 ? [near, 0] : [0]) {
		const pieces = [...piecesOf(text, from)];
		let used = 0;
		let start = text.length;
		let index = pieces.length - 1;
		for (; index >= 0; index--) {
			const piece = pieces[index]!;
			if (used + piece.width > columns) break;
			used += piece.width;
			start = piece.start;
		}
		// Every piece from `near` fitted: the tail may go on before it, so it is looked for in the whole text.
		if (index >= 0 || from === 0) return slicePresented(text, start);
	}
	return slicePresented(text, text.length);
}

/**
 * Whether string-width, which Ink and wrap-ansi measure with, counts this text as a terminal draws it, and a cut
 * between code points (wrap-ansi's, in a long word) splits none of its characters: text without joining characters
 * (marks, skin tones, flags, jamo) or the few it counts narrower.
 */
export function countedAsDrawn(text: string): boolean {
	return !JOINING.test(text) && !DRAWN_WIDER.test(text);
}

/**
 * Text wrapped to `width` columns as a terminal draws it, for text string-width miscounts (`countedAsDrawn`): a row
 * of Devanagari conjuncts wrapped by wrap-ansi was drawn wider than the pane, past the terminal's edge, and a cut
 * split a conjunct. Words go on a row while they fit, a space between them; a word wider than a row fills what is left
 * of it and then whole rows, cut between characters; a character wider than the row stands alone on one. `trim`:
 * rows without the spaces at their ends.
 */
export function wrapInColumns(text: Presented, width: number, {trim = true}: {trim?: boolean} = {}): Presented[] {
	const columns = Math.max(1, width);
	const rows: Presented[] = [];
	for (const line of text.split('\n') as Presented[]) {
		let row = '' as Presented;
		let used = 0;
		const put = (piece: Presented, lead: boolean) => {
			row = `${row}${lead ? ' ' : ''}${piece}` as Presented;
			used += (lead ? 1 : 0) + presentedWidth(piece);
		};
		const end = () => {
			rows.push(trim ? (row.trim() as Presented) : row);
			row = '' as Presented;
			used = 0;
		};
		for (const [index, word] of (line.split(' ') as Presented[]).entries()) {
			let rest = word;
			let lead = index > 0 && row.length > 0;
			for (;;) {
				const room = columns - used - (lead ? 1 : 0);
				if (presentedWidth(rest) <= room) {
					put(rest, lead);
					break;
				}
				// A word that fits a row of its own starts one; a longer one fills what is left of this row first, cut
				// between characters, and a character wider than a whole row stands alone on one.
				let head = presentedWidth(rest) <= columns && row.length > 0 ? ('' as Presented) : headWithin(rest, Math.max(0, room));
				if (head.length === 0 && row.length === 0) head = firstCharacter(rest);
				if (head.length > 0) put(head, lead);
				rest = slicePresented(rest, head.length);
				end();
				lead = false;
				if (rest.length === 0) break;
			}
		}
		end();
	}
	return rows;
}

/** A text's first character whole (an escape, or a letter with its marks). */
function firstCharacter(text: Presented): Presented {
	const first = piecesOf(text).next();
	return first.done ? ('' as Presented) : slicePresented(text, 0, first.value.end);
}
