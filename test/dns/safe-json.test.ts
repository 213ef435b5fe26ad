import {describe, expect, it} from 'vitest';
import {terminalSafeJson} from '../../source/dns/safe-json.js';
import {INVISIBLE_CLASSES, placements} from '../helpers/hostile-text.js';

/** What --json output must not carry raw: DEL, C1, bidi, invisible and format characters (C0 JSON escapes itself). */
// eslint-disable-next-line no-control-regex, no-misleading-character-class
const RAW = /[\u0000-\u001f\u007f-\u009f\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u2028-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff9-\ufffb\u{e0000}-\u{e007f}\u{e0100}-\u{e01ef}]/u;

describe('--json escapes what could steer a terminal, and stays the same JSON value', () => {
	for (const [name, points] of Object.entries(INVISIBLE_CLASSES)) {
		it(`for the ${name}`, () => {
			const value = {txt: points.flatMap((point) => placements(point)), nested: {name: points.map((point) => String.fromCodePoint(point)).join('')}};
			for (const indent of [undefined, 1]) {
				const json = terminalSafeJson(JSON.stringify(value, null, indent));
				// The indented form's own line breaks are JSON layout, outside every string.
				expect(json.replaceAll('\n', '')).not.toMatch(RAW);
				expect(JSON.parse(json)).toEqual(value);
			}
		});
	}

	it('writes each character as \\uXXXX, an astral one as its surrogate pair', () => {
		expect(terminalSafeJson(JSON.stringify('a\u202eb\u0085c\u{e0041}'))).toBe('"a\\u202eb\\u0085c\\udb40\\udc41"');
	});

	it('leaves ordinary non-ASCII text and the indented layout as they are', () => {
		const json = JSON.stringify({name: 'café 日本 😀 پاکستان'}, null, 1);
		expect(terminalSafeJson(json)).toBe(json);
	});
});
