/** Keys that are not a character typed. */
export type NamedKey = 'up' | 'down' | 'left' | 'right' | 'pageUp' | 'pageDown' | 'home' | 'end' | 'return' | 'escape' | 'tab' | 'backspace' | 'ctrl-c' | 'ctrl-z';

/**
 * One key: a named key, or a character typed (a string of one code point). No named key is one character long, so
 * the two never collide and a key is a plain value a table can hold.
 */
export type KeyPress = NamedKey | (string & {});

const ESC = '\u001B';

/** CSI and SS3 sequences by their final byte (the modifiers before it do not change which key it is). */
const BY_FINAL: Record<string, NamedKey> = {A: 'up', B: 'down', C: 'right', D: 'left', H: 'home', F: 'end', Z: 'tab'};
/** `ESC [ n ~` sequences by their number (xterm, rxvt and the Linux console disagree on Home and End). */
const BY_NUMBER: Record<string, NamedKey> = {1: 'home', 7: 'home', 4: 'end', 8: 'end', 5: 'pageUp', 6: 'pageDown', 3: 'backspace'};
/**
 * Control characters that are keys. Backspace sends DEL on most terminals and BS on some; the Delete key (`ESC [ 3 ~`)
 * erases too, as it always has here: all three are one key.
 */
const CONTROL: Record<string, NamedKey> = {'\r': 'return', '\n': 'return', '\t': 'tab', '\u007F': 'backspace', '\b': 'backspace', '\u0003': 'ctrl-c', '\u001A': 'ctrl-z'};

/**
 * Splits raw terminal input into keys, in order: "/bwc" is four keys, "jjj\r" four, an escape sequence one. A
 * sequence that is no key here (F5, a mouse report, a control string) is dropped whole rather than read as the
 * characters in it; Esc followed by a character is Esc, then that character (a fast typist, not Alt).
 */
export function parseKeys(chunk: string): KeyPress[] {
	const keys: KeyPress[] = [];
	let index = 0;
	while (index < chunk.length) {
		if (chunk.startsWith('\r\n', index)) {
			keys.push('return');
			index += 2;
			continue;
		}
		if (chunk[index] === ESC) {
			// ECMA-48 control strings (OSC, DCS, SOS, PM, APC: a terminal's reply to a colour query, pasted text that carries
			// one), to BEL or ST, or to the end of the chunk: dropped whole. Read as keys, a pasted OSC's ESC closed the
			// prompt and its letters ran as commands (r traced again, q quit).
			const controlString = /^\u001B[\]PX^_][^\u0007\u001B]*(?:\u0007|\u001B\\|(?=\u001B)|$)/u.exec(chunk.slice(index));
			if (controlString) {
				index += controlString[0].length;
				continue;
			}
			// ECMA-48 CSI (parameters, intermediates, a final byte; PuTTY's and Cygwin's "ESC [ [" too), or SS3.
			const sequence = /^\u001B(?:\[(\[?)([\x30-\x3F]*)[\x20-\x2F]*([\x40-\x7E])|O([\x40-\x7E]))/u.exec(chunk.slice(index));
			if (!sequence) {
				keys.push('escape');
				index += 1;
				continue;
			}
			const [whole, legacy, parameters = '', final, ss3] = sequence;
			const named = final === '~' ? BY_NUMBER[parameters.split(';')[0]!] : legacy ? undefined : BY_FINAL[final ?? ss3!];
			if (named) keys.push(named);
			index += whole.length;
			continue;
		}
		const character = String.fromCodePoint(chunk.codePointAt(index)!);
		index += character.length;
		const control = CONTROL[character];
		if (control) keys.push(control);
		else if (!/\p{Cc}/u.test(character)) keys.push(character);
	}
	return keys;
}
