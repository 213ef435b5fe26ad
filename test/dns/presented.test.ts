import {describe, expect, it} from 'vitest';
import {presentCharacterString, presentName, presentRecord} from '../../source/dns/present.js';
import {headOfPresented, joinPresented, padPresented, presentText, replacePresented, safe, slicePresented, trimPresented, type Presented} from '../../source/dns/sanitize.js';
import {wrapPresented} from '../../source/dns/wrap-presented.js';
import {renderFindings} from '../../source/text/trace-text.js';
import {heading, paragraph, plain, type Segment} from '../../source/ui/views/lines.js';

/** What a hostile server or snapshot file can put in any string: an OSC title, a C1 CSI and a bidi override. */
const WIRE: string = '\u001b]0;pwned\u0007 \u009b31m \u202eevil';
const SHOWN = '\\027]0;pwned\\007 \\15531m \\u{202e}evil';

/*
 * The lines marked @ts-expect-error are the point of these tests: `npm run typecheck` (tsc over test/ too) fails
 * if any of them compiles, that is, if a raw string could reach a view again. What each would print, were it
 * allowed, is asserted beside it.
 */
describe('the compiler refuses unescaped text', () => {
	it('in a styled line, a heading or a paragraph', () => {
		// @ts-expect-error a string from the wire is not presented text
		expect(plain(WIRE)[0]!.text).toBe(WIRE);
		// @ts-expect-error the same for a heading
		expect(heading(WIRE)[0]!.text).toBe(WIRE);
		// @ts-expect-error and for a paragraph
		expect(paragraph(WIRE, Number.POSITIVE_INFINITY)[0]![0]!.text).toBe(WIRE);
		expect(plain(presentText(WIRE))[0]!.text).toBe(SHOWN);
	});

	it('in a segment built by hand', () => {
		// @ts-expect-error a segment's text is presented text
		const segment: Segment = {text: WIRE, bold: true};
		expect(segment.text).toBe(WIRE);
	});

	it('in the safe template, whose pieces must be presented (or numbers)', () => {
		// @ts-expect-error only the template's literal parts are trusted
		expect(safe`zone ${WIRE}`).toBe(`zone ${WIRE}`);
		expect(safe`zone ${presentText(WIRE)} at ${12} ms`).toBe(`zone ${SHOWN} at 12 ms`);
	});

	it('in a line of a text output (--text, a report, a diff)', () => {
		const lines: Presented[] = renderFindings([]);
		// @ts-expect-error a report line is presented text
		lines.push(`## ${WIRE}`);
		// @ts-expect-error nor can raw text be joined into one
		expect(joinPresented([WIRE], safe`\n`)).toBe(WIRE);
		expect(lines).toEqual([';; FINDINGS: none', `## ${WIRE}`]);
	});

	it('given to a presentation twice, which would escape its escapes', () => {
		// A character-string is its presentation form already, but for its quotes (character-string.ts).
		const text = presentCharacterString('say \\"hi\\"');
		expect(text).toBe('"say \\"hi\\""');
		// @ts-expect-error a presented string is not presented again
		expect(presentCharacterString(text)).toBe('""say \\"hi\\"""');
		// A Name is its presentation form already (name.ts), so presenting it shows it as it is, once.
		const name = presentName('a\\.b.example.');
		expect(name).toBe('a\\.b.example.');
		// @ts-expect-error a presented name is not presented again either
		expect(presentName(name)).toBe('a\\.b.example.');
	});
});

describe('presented text', () => {
	it('escapes what came off the wire once, visibly', () => {
		expect(presentText(WIRE)).toBe(SHOWN);
		expect(presentCharacterString(WIRE)).toBe(`"${SHOWN}"`);
		expect(presentRecord({name: 'www.example.', ttl: 60, class: 'IN', type: 'TXT', data: {kind: 'txt', strings: [WIRE]}})).toBe(`www.example.\t60\tIN\tTXT\t"${SHOWN}"`);
	});

	it('is not escaped again when it goes into a template or is joined', () => {
		const name = presentName('\u001b[31mred.example.');
		expect(safe`→ ${name}`).toBe('→ \\027[31mred.example.');
		expect(joinPresented([name, name], safe`, `)).toBe('\\027[31mred.example., \\027[31mred.example.');
	});

	it('keeps the program’s own tabs and line breaks, which presenting it again would escape', () => {
		const record = presentRecord({name: 'example.', ttl: 60, class: 'IN', type: 'A', data: {kind: 'address', address: '192.0.2.1'}});
		expect(replacePresented(record, '\t', safe` `)).toBe('example. 60 IN A 192.0.2.1');
		expect(presentText(record)).toBe('example.\\00960\\009IN\\009A\\009192.0.2.1');
	});

	it('stays presented when padded, cut, trimmed or wrapped', () => {
		const text = presentText(WIRE);
		expect(padPresented(safe`ok`, 4)).toBe('ok  ');
		expect(slicePresented(text, 0, 6)).toBe('\\027]0');
		expect(trimPresented(safe`  ok  `, 'end')).toBe('  ok');
		expect(wrapPresented(text, 12, {hard: true})).toEqual(['\\027]0;pwned', '\\007 \\15531m', '\\u{202e}evil']);
	});
});

describe('presented text cut at an edge', () => {
	it('ends before an escape the cut would fall inside: \\25 cut from \\255 would read as another byte', () => {
		const txt = presentText('"ab\\255\\"c\\u{202e}d"');
		expect(headOfPresented(txt, 4)).toBe('"ab');
		expect(headOfPresented(txt, 5)).toBe('"ab');
		expect(headOfPresented(txt, 7)).toBe('"ab\\255');
		expect(headOfPresented(txt, 8)).toBe('"ab\\255');
		expect(headOfPresented(txt, 11)).toBe('"ab\\255\\"c');
		expect(headOfPresented(txt, 14)).toBe('"ab\\255\\"c');
		expect(headOfPresented(txt, 100)).toBe(txt);
	});

	it('ends before a character the cut would fall inside: half an emoji prints as U+FFFD', () => {
		const txt = presentText('a😀b');
		expect(headOfPresented(txt, 2)).toBe('a');
		expect(headOfPresented(txt, 3)).toBe('a😀');
	});
});
