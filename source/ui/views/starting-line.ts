import {headOfPresented, presentText, safe, type Presented} from '../../dns/sanitize.js';

/** What follows the name on the line written before the explorer loads. */
const STARTING = safe`  ·  starting…`;

/**
 * At most the columns a terminal draws a text in: one a printable ASCII character (an escape is ASCII), two any other
 * code point, as no terminal draws one wider. Not string-width (presented-width.ts): loading it, its Unicode sets
 * built as it loads, put the first line 38 ms later, and this line is gone at the first frame.
 */
function mostColumns(text: Presented, upTo = text.length): {columns: number; end: number} {
	let columns = 0;
	let end = 0;
	for (const character of text) {
		const width = character.charCodeAt(0) <= 0x7e ? 1 : 2;
		if (columns + width > upTo) break;
		columns += width;
		end += character.length;
	}
	return {columns, end};
}

/** A regional indicator: two of them are one flag (🇬🇲), one alone a letter in a box. */
const isRegionalIndicator = (codePoint: number | undefined): boolean => codePoint !== undefined && codePoint >= 0x1f1e6 && codePoint <= 0x1f1ff;

/** `end`, moved back where it would cut a flag in two (each regional indicator is two UTF-16 units). */
function wholeFlags(text: string, end: number): number {
	if (!isRegionalIndicator(text.codePointAt(end))) return end;
	let before = 0;
	while (isRegionalIndicator(text.codePointAt(end - 2 * (before + 1)))) before++;
	return before % 2 === 1 ? end - 2 : end;
}

/**
 * The line written before the explorer loads, in `columns`: the name as given (escaped, not yet checked), cut at its
 * end where the terminal may be narrower. Wider, it wrapped onto a second row until the first frame replaced it, and a
 * name of characters string-width counts narrow (Devanagari conjuncts) wrapped where its count said it fit.
 */
export function startingLine(title: string, columns: number | undefined): Presented {
	const name = presentText(title);
	// The program's own words take their length: its · and … are one column, as every view of it counts them.
	const room = (columns ?? 0) - 'digdeeper '.length - STARTING.length;
	if (columns === undefined || mostColumns(name, Number.POSITIVE_INFINITY).columns <= room) return safe`digdeeper ${name}${STARTING}`;
	// Fewer than a few characters of the name say nothing: the line says what is happening.
	if (room < 4) return headOfPresented(safe`starting…`, Math.max(0, columns));
	return safe`digdeeper ${headOfPresented(name, wholeFlags(name, mostColumns(name, room - 1).end))}…${STARTING}`;
}
