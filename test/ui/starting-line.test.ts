import stringWidth from 'string-width';
import {describe, expect, it} from 'vitest';
import {startingLine} from '../../source/ui/views/starting-line.js';

describe('the line written before the explorer loads', () => {
	it('is the name as given where it fits, and the terminal\'s width where it does not', () => {
		expect(startingLine('www.example.com', 80)).toBe('digdeeper www.example.com  ·  starting…');
		// Exactly as wide as the terminal: whole, without "…" (its · and … had been counted two columns each).
		expect(startingLine('www.example.com', 39)).toBe('digdeeper www.example.com  ·  starting…');
		expect(startingLine('www.example.com', 38)).toBe('digdeeper www.example.c…  ·  starting…');
		// Not a terminal (no width): whole.
		expect(startingLine('www.some-very-long-label-for-testing.example.com', undefined)).toBe('digdeeper www.some-very-long-label-for-testing.example.com  ·  starting…');
		// Before, at 40 columns it wrapped: "digdeeper www.some-very-long-label-for-t" / "esting.example.com  ·  starting…".
		expect(startingLine('www.some-very-long-label-for-testing.example.com', 40)).toBe('digdeeper www.some-very-l…  ·  starting…');
	});

	it('is never wider than the terminal, even for a name string-width counts narrow, and escapes what is not text', () => {
		for (const columns of [30, 40, 60]) {
			for (const title of ['क्षत्रियक्षत्रियक्षत्रिय.प्रधानमंत्री.भारत', '👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽.example', 'www.例え例え例え例え例え例え.テスト']) {
				expect(stringWidth(startingLine(title, columns))).toBeLessThanOrEqual(columns);
			}
		}
		expect(startingLine('\u001b]0;pwned\u0007', 80)).toBe('digdeeper \\027]0;pwned\\007  ·  starting…');
		expect(startingLine('www.example.com', 12)).toBe('starting…');
	});

	it('cuts a name of flags between flags, never inside one (a regional indicator alone is a letter in a box)', () => {
		const flags = '🇬🇲🇧🇼🇸🇲🇵🇼🇬🇲🇧🇼🇸🇲🇵🇼🇬🇲🇧🇼🇸🇲🇵🇼.example';
		for (const columns of [36, 37, 38, 39, 40, 41, 42, 43]) {
			const line = startingLine(flags, columns);
			const head = line.slice('digdeeper '.length, line.indexOf('…'));
			// Whole flags only: an even count of regional indicators, each pair one of the name's.
			expect([...head].length % 2).toBe(0);
			expect(flags.startsWith(head)).toBe(true);
			expect(stringWidth(line)).toBeLessThanOrEqual(columns);
		}
		// Before: at 39 columns the head was 🇬🇲🇧🇼🇸🇲 and a P in a box.
		expect(startingLine(flags, 39)).toBe('digdeeper 🇬🇲🇧🇼🇸🇲…  ·  starting…');
	});
});
