import stringWidth from 'string-width';
import {describe, expect, it} from 'vitest';
import {countedAsDrawn, headWithin, presentedWidth, tailWithin, wrapInColumns} from '../../source/dns/presented-width.js';
import {presentText, safe, slicePresented, type Presented} from '../../source/dns/sanitize.js';
import {middleTruncated, paragraph} from '../../source/ui/views/lines.js';

/** A query name in Unicode as the explorer's header shows it: two columns a character, one a character of its length. */
const CJK = presentText('www.例え例え例え.テスト.');
/** A name with an emoji label: each emoji is two UTF-16 units and two columns. */
const EMOJI = presentText('😀😀😀.例え.テスト.');

const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/u;

describe('presented text in terminal columns', () => {
	it('measures as Ink lays it out: a CJK character or an emoji two columns, an accent none, an escape its length', () => {
		expect(presentedWidth(safe`ns1.example.com.`)).toBe(16);
		expect(CJK.length).toBe(15);
		expect(presentedWidth(CJK)).toBe(24);
		expect(presentedWidth(EMOJI)).toBe(19);
		expect(presentedWidth(presentText('cafe\u0301'))).toBe(4);
		// A terminal control is shown as its escape, four characters wide, never as the control.
		expect(presentText('a\u0007b')).toBe('a\\007b');
		expect(presentedWidth(presentText('a\u0007b'))).toBe(6);
	});

	it('measures on the wide side, as terminals draw code point by code point: a conjunct, a skin tone', () => {
		// string-width counts each as one character (1 and 2 columns); tmux draws क्ष two columns and 👍🏽 four. Measured
		// narrower than drawn, a header wrapped and pushed every row below it down.
		expect(stringWidth('क्ष')).toBe(1);
		expect(presentedWidth(presentText('क्ष'))).toBe(2);
		expect(presentedWidth(presentText('क्षत्रिय.भारत.'))).toBe(12);
		expect(stringWidth('👍🏽')).toBe(2);
		expect(presentedWidth(presentText('👍🏽👍🏽.example.'))).toBe(17);
		// A flag is two regional indicators, two columns either way.
		expect(presentedWidth(presentText('🇯🇵.'))).toBe(3);
		// An emoji is never cut from its skin tone.
		expect(headWithin(presentText('👍🏽👍🏽'), 5)).toBe('👍🏽');
		expect(tailWithin(presentText('👍🏽👍🏽'), 3)).toBe('');
	});

	it('shows the marks drawn over the digits after them (prepended concatenation marks) as escapes: they measure none and are drawn one', () => {
		expect(presentText('cut\u0600\u0600!')).toBe('cut\\u{600}\\u{600}!');
		expect(presentedWidth(presentText('\u0600'.repeat(60)))).toBe(60 * '\\u{600}'.length);
	});

	it('takes a backslash before a character for what it is, not an escape: a path\'s `\\例` is three columns', () => {
		const path = presentText('a\\例'.repeat(30));
		expect(path).toBe('a\\例'.repeat(30));
		expect(presentedWidth(path)).toBe(120);
		for (const columns of [5, 20, 41]) expect(stringWidth(middleTruncated(path, columns))).toBeLessThanOrEqual(columns);
		expect(tailWithin(presentText('x\\👍🏽'), 4)).toBe('👍🏽');
		expect(tailWithin(presentText('x\\👍🏽'), 5)).toBe('\\👍🏽');
	});

	it('finds a long text\'s tail as the whole text gives it: the most that fits, from a character\'s start, never inside an escape', () => {
		const long = presentText(`/home/${'例え'.repeat(600)}/${'дом'.repeat(300)}/क्षत्रिय/${'👍🏽'.repeat(40)}/snapshot\u0007.json`);
		const starts = new Set([...new Intl.Segmenter('en', {granularity: 'grapheme'}).segment(long)].map(({index}) => index));
		const escape = long.lastIndexOf('\\007');
		for (const columns of [0, 1, 6, 7, 9, 10, 30, 61, 200, 700]) {
			const tail = tailWithin(long, columns);
			const start = long.length - tail.length;
			expect(long.endsWith(tail)).toBe(true);
			expect(stringWidth(tail)).toBeLessThanOrEqual(columns);
			expect(start === long.length || starts.has(start)).toBe(true);
			expect(start > escape && start < escape + 4).toBe(false);
			// One character more (the escape whole, where it is the one before) would not fit.
			const before = start === escape + 4 ? escape : Math.max(...[...starts].filter((index) => index < start));
			if (start > 0) expect(presentedWidth(slicePresented(long, before))).toBeGreaterThan(columns);
		}
		expect(tailWithin(long, 10)).toBe('t\\007.json');
		expect(tailWithin(long, 30)).toBe('👍🏽👍🏽👍🏽/snapshot\\007.json');
	});

	it('cuts a start to the columns given, never inside a character or an escape', () => {
		expect(headWithin(CJK, 8)).toBe('www.例え');
		// Nine columns leave room for half of the next character: it goes whole, not in half.
		expect(headWithin(CJK, 9)).toBe('www.例え');
		expect(headWithin(EMOJI, 3)).toBe('😀');
		expect(headWithin(presentText('ab\u0007cd'), 4)).toBe('ab');
		expect(headWithin(presentText('ab\u0007cd'), 6)).toBe('ab\\007');
		expect(headWithin(presentText('cafe\u0301s'), 4)).toBe('cafe\u0301');
		expect(headWithin(safe`example.com.`, 7)).toBe('example');
		expect(headWithin(CJK, 0)).toBe('');
	});

	it('cuts an end the same way', () => {
		expect(tailWithin(CJK, 8)).toBe('.テスト.');
		expect(tailWithin(CJK, 7)).toBe('テスト.');
		expect(tailWithin(CJK, 6)).toBe('スト.');
		expect(tailWithin(EMOJI, 14)).toBe('.例え.テスト.');
		expect(tailWithin(EMOJI, 15)).toBe('😀.例え.テスト.');
		expect(tailWithin(presentText('ab\u0007cd'), 5)).toBe('cd');
		expect(tailWithin(safe`example.com.`, 4)).toBe('com.');
		expect(tailWithin(CJK, 0)).toBe('');
	});

	it('cuts a name in its middle to at most the columns given, its first label and its zone kept', () => {
		for (const name of [CJK, EMOJI]) {
			for (let columns = 1; columns < presentedWidth(name); columns++) {
				const cut = middleTruncated(name, columns);
				expect(stringWidth(cut)).toBeLessThanOrEqual(columns);
				// Never half a character: an emoji's surrogate pair cut in two prints U+FFFD.
				expect(cut).not.toMatch(loneSurrogate);
			}
		}
		// The head's half is 7 columns, of which `www.例` takes 6: the seventh goes to the tail.
		expect(middleTruncated(CJK, 15)).toBe('www.例….テスト.');
		expect(middleTruncated(EMOJI, 11)).toBe('😀😀…スト.');
		expect(middleTruncated(CJK, 24)).toBe(CJK);
		// An ASCII name is cut as it always was.
		expect(middleTruncated(safe`ns1.p05.dynect.net.`, 13)).toBe('ns1.p0…t.net.');
		// An escape is never cut in two: `\00` then `7` would read as another byte.
		expect(middleTruncated(presentText('ns1.a\u0007b.example.'), 9)).toBe('ns1.…ple.');
		expect(middleTruncated(presentText('ns1.a\u0007b.example.'), 15)).toBe('ns1.a….example.');
		expect(middleTruncated(presentText('ns1.a\u0007b.example.'), 18)).toBe('ns1.a\\007…example.');
	});
});

describe('a character string-width need not be asked about', () => {
	it('measures every code point of planes 0 to 2 as string-width does (the circled numbers on black two, as drawn)', () => {
		const differing: string[] = [];
		for (let point = 0xa0; point < 0x30000; point++) {
			if (point >= 0xd800 && point <= 0xdfff) continue;
			const character = String.fromCodePoint(point);
			// Characters presentation escapes (controls, format, bidi) never reach a measure as themselves.
			if (presentText(character) !== character) continue;
			const expected = /[\u3248-\u324f]/u.test(character) ? 2 : stringWidth(character);
			if (presentedWidth(character as Presented) !== expected) differing.push(point.toString(16));
		}
		expect(differing).toEqual([]);
	});
});

describe('text wrapped in columns as a terminal draws them', () => {
	/** What a server may put in a TXT string: Devanagari conjuncts, each one character of two code points' columns. */
	const CONJUNCTS = presentText(`"${'क्ष'.repeat(60)}" "v=spf1 -all"`);
	const startsWithMark = /^[\p{M}\p{Emoji_Modifier}]/u;

	it('wraps a paragraph of conjuncts within the pane as tmux draws it, never splitting one', () => {
		for (const width of [7, 20, 41, 60]) {
			const rows = paragraph(CONJUNCTS, width).map((line) => line.map((segment) => segment.text).join(''));
			for (const row of rows) {
				expect(presentedWidth(row as Presented)).toBeLessThanOrEqual(width);
				expect(row).not.toMatch(startsWithMark);
			}
			expect(rows.join('').replaceAll(' ', '')).toBe(CONJUNCTS.replaceAll(' ', ''));
		}
		// string-width, which wrap-ansi wrapped with, counts a conjunct one column: its rows were drawn twice as wide.
		expect(paragraph(CONJUNCTS, 41).map((line) => line.map((segment) => segment.text).join(''))).toEqual([`"${'क्ष'.repeat(20)}`, 'क्ष'.repeat(20), `${'क्ष'.repeat(20)}"`, '"v=spf1 -all"']);
	});

	it('puts a character wider than the row on a row of its own, and keeps words whole where they fit', () => {
		expect(wrapInColumns(presentText('👍🏽 a b'), 3)).toEqual(['👍🏽', 'a b']);
		expect(wrapInColumns(presentText('क्ष क्ष क्ष'), 5)).toEqual(['क्ष क्ष', 'क्ष']);
		expect(wrapInColumns(presentText('क्ष क्ष क्ष'), 4)).toEqual(['क्ष', 'क्ष', 'क्ष']);
		expect(wrapInColumns(presentText('e\u0301te\u0301 e\u0301te\u0301'), 3)).toEqual(['e\u0301te\u0301', 'e\u0301te\u0301']);
		expect(wrapInColumns(safe`ab\ncd ef`, 10)).toEqual(['ab', 'cd ef']);
	});

	it('counts the circled numbers on black squares two columns, as terminals draw them', () => {
		expect(stringWidth('㉈')).toBe(1);
		expect(presentedWidth(presentText('㉈㉉/s.json'))).toBe(11);
		expect(middleTruncated(presentText('㉈'.repeat(20)), 9)).toBe('㉈㉈…㉈㉈');
		expect(countedAsDrawn('㉈')).toBe(false);
		expect(countedAsDrawn('例え ns1.example.com. дом')).toBe(true);
	});
});
