import {describe, expect, it} from 'vitest';
import {presentText} from '../../source/dns/sanitize.js';
import {INVISIBLE_CLASSES, placements} from '../helpers/hostile-text.js';

function shown(point: number): string {
	return point < 256 ? `\\${point.toString().padStart(3, '0')}` : `\\u{${point.toString(16)}}`;
}

describe('invisible and format characters are shown visibly', () => {
	for (const [name, points] of Object.entries(INVISIBLE_CLASSES)) {
		it(`escapes every one of the ${name}, wherever it sits`, () => {
			const variants = points.map((point) => placements(point));
			expect(variants.flat().length).toBeGreaterThanOrEqual(20);
			for (const [index, point] of points.entries()) {
				const [start, middle, end, doubled] = variants[index]!;
				expect(presentText(start!)).toBe(`${shown(point)}bank`);
				expect(presentText(middle!)).toBe(`ba${shown(point)}nk`);
				expect(presentText(end!)).toBe(`bank${shown(point)}`);
				expect(presentText(doubled!)).toBe(`b${shown(point)}${shown(point)}ank`);
			}
		});
	}

	it('escapes an astral character whole, not its two surrogate halves', () => {
		expect(presentText('a\u{e0062}\u{e0061}\u{e006e}\u{e006b}z')).toBe('a\\u{e0062}\\u{e0061}\\u{e006e}\\u{e006b}z');
		expect(presentText('\u{e0100}')).toBe('\\u{e0100}');
	});

	it('leaves ordinary non-ASCII text readable', () => {
		for (const text of ['café', 'é', '日本', '😀', 'Bücher', 'پاکستان', 'ελληνικά', 'русский', '한국어', '🇧🇼', '👍🏽', 'ß', 'ﬁ']) {
			expect(presentText(text)).toBe(text);
		}
	});
});
