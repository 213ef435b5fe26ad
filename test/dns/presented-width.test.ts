import stringWidth from 'string-width';
import {describe, expect, it} from 'vitest';
import {headWithin, presentedWidth, tailWithin} from '../../source/dns/presented-width.js';
import {presentText, safe} from '../../source/dns/sanitize.js';
import {middleTruncated} from '../../source/ui/views/lines.js';

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
		expect(middleTruncated(CJK, 15)).toBe('www.例…テスト.');
		expect(middleTruncated(EMOJI, 11)).toBe('😀😀…スト.');
		expect(middleTruncated(CJK, 24)).toBe(CJK);
		// An ASCII name is cut as it always was.
		expect(middleTruncated(safe`ns1.p05.dynect.net.`, 13)).toBe('ns1.p0…t.net.');
		// An escape is never cut in two: `\00` then `7` would read as another byte.
		expect(middleTruncated(presentText('ns1.a\u0007b.example.'), 9)).toBe('ns1.…ple.');
		expect(middleTruncated(presentText('ns1.a\u0007b.example.'), 15)).toBe('ns1.a…xample.');
		expect(middleTruncated(presentText('ns1.a\u0007b.example.'), 18)).toBe('ns1.a\\007…example.');
	});
});
