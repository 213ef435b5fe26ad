import {describe, expect, it} from 'vitest';
import {createKeyReader, DRAFT_MAX, erasedLast, parseKeys, pastedLine, pastedText, PASTE_GAP_MS, typedInto} from '../../source/ui/key-press.js';


describe('parseKeys: raw terminal input into keys, in order', () => {
	it('splits typed text into one key per character', () => {
		expect(parseKeys('/bwc')).toEqual(['/', 'b', 'w', 'c']);
		expect(parseKeys('fj')).toEqual(['f', 'j']);
		expect(parseKeys('jjj\r')).toEqual(['j', 'j', 'j', 'return']);
	});

	it('keeps a character outside the BMP whole', () => {
		expect(parseKeys('é🦆x')).toEqual(['é', '🦆', 'x']);
	});

	it('reads Enter, Tab, Backspace and Ctrl-C from their control characters', () => {
		expect(parseKeys('a\tb\u007F\bc\u0003')).toEqual(['a', 'tab', 'b', 'backspace', 'backspace', 'c', 'ctrl-c']);
		expect(parseKeys('x\r\ny\n')).toEqual(['x', 'return', 'y', 'return']);
	});

	it('keeps escape sequences whole: arrows, paging, Home and End, with or without modifiers', () => {
		expect(parseKeys('\u001B[A\u001B[B\u001B[C\u001B[D')).toEqual(['up', 'down', 'right', 'left']);
		expect(parseKeys('\u001BOA\u001BOB')).toEqual(['up', 'down']);
		expect(parseKeys('\u001B[5~\u001B[6~\u001B[H\u001B[F\u001B[1~\u001B[4~')).toEqual(['pageUp', 'pageDown', 'home', 'end', 'home', 'end']);
		expect(parseKeys('\u001B[1;5A\u001B[3~\u001B[Z')).toEqual(['up', 'backspace', 'tab']);
		expect(parseKeys('j\u001B[Bk')).toEqual(['j', 'down', 'k']);
	});

	it('drops a sequence that is no key here whole, instead of typing what is inside it', () => {
		expect(parseKeys('\u001B[15~a\u001B[[Ab\u001BOPc')).toEqual(['a', 'b', 'c']);
	});

	it('reads Esc followed by a character as Esc, then the character', () => {
		expect(parseKeys('\u001B')).toEqual(['escape']);
		expect(parseKeys('\u001Bg')).toEqual(['escape', 'g']);
		expect(parseKeys('\u001B\u001B[A')).toEqual(['escape', 'up']);
	});

	it('drops other control characters', () => {
		expect(parseKeys('a\u0001\u0000\u0085b')).toEqual(['a', 'b']);
		// U+009B is CSI's 8-bit form: `U+009B b` is a sequence (no key), not a control and a b.
		expect(parseKeys('a\u009Bb')).toEqual(['a']);
	});
});

describe('what Ink reads from the terminal, as the explorer gets it', () => {
	it('reads named keys from their escape sequences', () => {
		expect(parseKeys('\u001B[B')).toEqual(['down']);
		expect(parseKeys('\u001B[5~')).toEqual(['pageUp']);
		expect(parseKeys('\u001B')).toEqual(['escape']);
		expect(parseKeys('\u001B[3~')).toEqual(['backspace']);
		expect(parseKeys('\r')).toEqual(['return']);
	});

	it('reads Ctrl-C as Ctrl-C and Alt with a character as Esc, then the character', () => {
		expect(parseKeys('j\u0003')).toEqual(['j', 'ctrl-c']);
		// Ctrl-Z is a key in raw mode (the terminal no longer stops the process): read as one, to suspend.
		expect(parseKeys('j\u001Ak')).toEqual(['j', 'ctrl-z', 'k']);
		expect(parseKeys('\u001Bg')).toEqual(['escape', 'g']);
	});

	it('drops control strings whole (OSC, DCS, APC: a terminal\'s reply to a colour query), ended by BEL or ST or not at all', () => {
		// Before, the ESC closed a prompt and "rgb" ran as r (trace again), g and b.
		expect(parseKeys('name\u001B]11;rgb:0000/0000/0000\u001B\\j')).toEqual(['n', 'a', 'm', 'e', 'j']);
		expect(parseKeys('\u001B]52;c;cXVpdA==\u0007q')).toEqual(['q']);
		expect(parseKeys('\u001BP1$r0m\u001B\\\u001B[A')).toEqual(['up']);
		expect(parseKeys('\u001B_Gi=1;OK')).toEqual([]);
	});

	it('drops colour sequences pasted with text (Ink\'s own key reader throws on them)', () => {
		expect(parseKeys('\u001B[30m')).toEqual([]);
		expect(parseKeys('\u001B[5m\u001B[31mab\u001B[0m')).toEqual(['a', 'b']);
	});
});

describe('createKeyReader: keys of a stream of chunks', () => {
	it('drops a control string Ink split at its ESCs, the rest of it too', () => {
		// Ink hands a terminal's colour reply on as `ESC ]`, then its text: the text alone read as 1, 1, r (trace again)…
		const reader = createKeyReader();
		expect(reader.read('\u001B]')).toEqual([]);
		expect(reader.read('11;rgb:0000/0000/0000\u0007j')).toEqual(['j']);
		// …ended by ST, which comes as a piece of its own.
		expect(reader.read('\u001B]')).toEqual([]);
		expect(reader.read('11;rgb:ffff/ffff/ffff')).toEqual([]);
		expect(reader.read('\u001B\\')).toEqual([]);
		expect(reader.read('k')).toEqual(['k']);
	});

	it('ends a control string at any other ESC, which is read as ever', () => {
		const reader = createKeyReader();
		expect(reader.read('\u001BP1$r')).toEqual([]);
		expect(reader.read('0m\u001B[A')).toEqual(['up']);
		expect(reader.read('r')).toEqual(['r']);
	});

	it('reads keys typed after Alt-] as keys once the open string has expired: a person is slower than the gap', () => {
		const reader = createKeyReader();
		expect(reader.read('\u001B]')).toEqual([]);
		expect(reader.waiting()).toBe(true);
		expect(reader.expire()).toEqual([]);
		expect(reader.read('rq')).toEqual(['r', 'q']);
	});

	it('joins a sequence cut at a chunk\'s end to the chunk after it: a control string, an arrow, the end of a string', () => {
		const reader = createKeyReader();
		// A read that ends with ESC has it handed on by itself: before, it was Esc, and `]11;rgb:…` keys (r traced again).
		expect(reader.read('\u001B')).toEqual([]);
		expect(reader.waiting()).toBe(true);
		expect(reader.read(']11;rgb:qqqq/0000/0000\u0007')).toEqual([]);
		expect(reader.waiting()).toBe(false);
		expect(reader.read('\u001B')).toEqual([]);
		expect(reader.read('[A')).toEqual(['up']);
		// Cut inside a CSI or an SS3 (`ESC [`, `ESC [ 5`, `ESC [ 1 ;`, `ESC O`): before, Esc and then D opened the diff prompt.
		expect(reader.read('\u001B[')).toEqual([]);
		expect(reader.read('D')).toEqual(['left']);
		expect(reader.read('\u001B[5')).toEqual([]);
		expect(reader.read('~')).toEqual(['pageUp']);
		expect(reader.read('\u001B[1;')).toEqual([]);
		expect(reader.read('5A')).toEqual(['up']);
		expect(reader.read('\u001BO')).toEqual([]);
		expect(reader.read('H')).toEqual(['home']);
		// The ESC of an open string's ST, alone: it was Esc (an overlay closed, a prompt cancelled), and `\` a key.
		expect(reader.read('\u001B]')).toEqual([]);
		expect(reader.read('11;rgb:0000')).toEqual([]);
		expect(reader.read('\u001B')).toEqual([]);
		expect(reader.read('\\')).toEqual([]);
		expect(reader.read('j')).toEqual(['j']);
	});

	it("drops a control string's end that came after the gap (a slow link), where it ends with BEL or ST", () => {
		const reader = createKeyReader();
		expect(reader.read('\u001B]')).toEqual([]);
		expect(reader.expire()).toEqual([]);
		// Before, 1, 1, ;, r (trace again), g, b… were keys.
		expect(reader.read('11;rgb:0000/0000/0000\u0007j')).toEqual(['j']);
		expect(reader.read('r')).toEqual(['r']);
		reader.read('\u001B]');
		reader.expire();
		expect(reader.read('11;rgb:ffff/ffff/ffff\u001B\\q')).toEqual(['q']);
		// Only the chunk right after: later text ended by BEL is as it always was (its letters keys, BEL none).
		reader.read('\u001B]');
		reader.expire();
		expect(reader.read('k')).toEqual(['k']);
		expect(reader.read('ab\u0007')).toEqual(['a', 'b']);
	});

	it('reads the 8-bit forms of CSI, SS3 and the control strings as their ESC forms (a terminal sending 8-bit controls)', () => {
		expect(parseKeys('\u009BA\u009B5~\u008FH')).toEqual(['up', 'pageUp', 'home']);
		// An OSC ended by the 8-bit ST, and a DCS: dropped whole, where their text was keys.
		expect(parseKeys('\u009D11;rgb:0000/0000/0000\u009Cj\u00901$r0m\u009Ck')).toEqual(['j', 'k']);
		// Cut at a chunk's end, as the 7-bit forms are.
		const reader = createKeyReader();
		expect(reader.read('\u009B')).toEqual([]);
		expect(reader.read('B')).toEqual(['down']);
		// Other C1 controls are no key, as before.
		expect(parseKeys('\u0085x\u0084')).toEqual(['x']);
	});

	it('gives up what it holds once nothing went on with it: an ESC alone is Esc, the rest no key', () => {
		const reader = createKeyReader();
		expect(reader.read('\u001B')).toEqual([]);
		expect(reader.expire()).toEqual(['escape']);
		expect(reader.expire()).toEqual([]);
		expect(reader.waiting()).toBe(false);
		// A key after it, whenever it comes: Esc and then the key, as one chunk "ESC j" is.
		expect(reader.read('\u001B')).toEqual([]);
		expect(reader.read('j')).toEqual(['escape', 'j']);
		// An arrow cut short and never finished: nothing.
		expect(reader.read('\u001B[1;')).toEqual([]);
		expect(reader.expire()).toEqual([]);
		// An open string's ESC with no `\` after it ends the string: no key.
		reader.read('\u001BP1$r');
		expect(reader.read('\u001B')).toEqual([]);
		expect(reader.expire()).toEqual([]);
		expect(reader.read('k')).toEqual(['k']);
	});
});

describe('pastes, as a terminal marks them (bracketed paste)', () => {
	const START = '\u001B[200~';
	const END = '\u001B[201~';

	it('are one key holding their text, whatever it holds: letters that are commands, Enter, ESC', () => {
		const reader = createKeyReader();
		// Before, "ns1\nRq" pasted into the find prompt found ns1, then wrote a report (R) and quit (q).
		expect(reader.read(`${START}ns1\rRq${END}`)).toEqual(['paste:ns1\rRq']);
		expect(pastedText('paste:ns1\rRq')).toBe('ns1\rRq');
		expect(pastedText('p')).toBeUndefined();
		expect(reader.read(`j${START}a\u001B[Ab${END}k`)).toEqual(['j', 'paste:a\u001B[Ab', 'k']);
		expect(reader.waiting()).toBe(false);
	});

	it('are taken whole across chunks, the end marker cut anywhere, and wait a paste\'s gap, not a key\'s', () => {
		const reader = createKeyReader();
		expect(reader.read(`${START}www.exa`)).toEqual([]);
		expect(reader.waiting()).toBe(true);
		expect(reader.gapMs()).toBe(PASTE_GAP_MS);
		expect(reader.read('mple.com\u001B[20')).toEqual([]);
		expect(reader.read('1~q')).toEqual(['paste:www.example.com', 'q']);
		expect(reader.gapMs()).toBeLessThan(PASTE_GAP_MS);
		// The start marker cut as well.
		expect(reader.read('\u001B[20')).toEqual([]);
		expect(reader.read(`0~x${END}`)).toEqual(['paste:x']);
	});

	it('end with what came when the end marker never does', () => {
		const reader = createKeyReader();
		reader.read(`${START}abc\u001B[2`);
		expect(reader.expire()).toEqual(['paste:abc\u001B[2']);
		expect(reader.read('q')).toEqual(['q']);
	});

	it('end only at the 7-bit end marker: a pasted U+009B 201~ (8-bit CSI) is text, and what follows it no key', () => {
		// A break test: the 8-bit form read as ESC [ 201 ~ ended the paste, and R and q after it wrote a report and quit.
		const reader = createKeyReader();
		expect(reader.read(`${START}ns1\u009B201~\rRq${END}`)).toEqual(['paste:ns1\u009B201~\rRq']);
		expect(pastedLine('ns1\u009B201~\rRq')).toBe('ns1201~');
		expect(pastedLine('a\u0090b\u009Dc')).toBe('abc');
	});

	it('erase a whole character with Backspace: an emoji is one (its two halves were erased one at a time)', () => {
		expect(erasedLast('ab😀')).toBe('ab');
		expect(erasedLast('a')).toBe('');
		expect(erasedLast('')).toBe('');
	});

	it('give a prompt no more than it holds: DRAFT_MAX characters, none cut in two', () => {
		expect(typedInto('', 'm'.repeat(100_000))).toHaveLength(DRAFT_MAX);
		expect(typedInto('ab', 'c')).toBe('abc');
		expect([...typedInto('', '😀'.repeat(DRAFT_MAX + 5))]).toHaveLength(DRAFT_MAX);
		expect(typedInto('x'.repeat(DRAFT_MAX), 'y')).toBe('x'.repeat(DRAFT_MAX));
	});

	it('give a one-line prompt their first line, without control characters', () => {
		expect(pastedLine('ns1\nRq')).toBe('ns1');
		expect(pastedLine('/tmp/a b.json\r\n')).toBe('/tmp/a b.json');
		expect(pastedLine('a\u001B[31mb\u200Bc')).toBe('a[31mbc');
	});
});

