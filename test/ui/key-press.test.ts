import type {Key} from 'ink';
import {describe, expect, it} from 'vitest';
import {keysOf, parseKeys} from '../../source/ui/key-press.js';

const NO_KEY: Key = {upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageDown: false, pageUp: false, home: false, end: false, return: false, escape: false, ctrl: false, shift: false, tab: false, backspace: false, delete: false, meta: false, super: false, hyper: false, capsLock: false, numLock: false};

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
		expect(parseKeys('a\u0001\u0000\u009Bb')).toEqual(['a', 'b']);
	});
});

describe('keysOf: the keys in what Ink useInput hands over', () => {
	it('takes named keys from the flags Ink sets on an escape sequence', () => {
		expect(keysOf('', {...NO_KEY, downArrow: true})).toEqual(['down']);
		expect(keysOf('', {...NO_KEY, pageUp: true})).toEqual(['pageUp']);
		expect(keysOf('', {...NO_KEY, escape: true, meta: true})).toEqual(['escape']);
		expect(keysOf('', {...NO_KEY, delete: true})).toEqual(['backspace']);
		expect(keysOf('\r', {...NO_KEY, return: true})).toEqual(['return']);
	});

	it('splits a run of text that arrived as one chunk', () => {
		expect(keysOf('/bwc', NO_KEY)).toEqual(['/', 'b', 'w', 'c']);
		expect(keysOf('jjj\r', NO_KEY)).toEqual(['j', 'j', 'j', 'return']);
		expect(keysOf('j\u0003', NO_KEY)).toEqual(['j', 'ctrl-c']);
	});

	it('reads Ctrl-C as Ctrl-C, not as c, and ignores the other Ctrl letters', () => {
		expect(keysOf('c', {...NO_KEY, ctrl: true})).toEqual(['ctrl-c']);
		expect(keysOf('a', {...NO_KEY, ctrl: true})).toEqual([]);
	});

	it('reads Alt with a character (Esc, then the character, in one chunk) as both keys', () => {
		expect(keysOf('g', {...NO_KEY, meta: true})).toEqual(['escape', 'g']);
	});
});
