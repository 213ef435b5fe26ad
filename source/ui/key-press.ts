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

/** ECMA-48's control strings: OSC, DCS, SOS, PM, APC, to BEL or ST, or (`open`) still going at the chunk's end. */
const CONTROL_STRING = /^\u001B[\]PX^_][^\u0007\u001B]*(?:(\u0007|\u001B\\)|(?=\u001B)|$)/u;
/** The rest of a control string begun in an earlier chunk: its text to its end, or to the chunk's. */
const CONTROL_STRING_REST = /^[^\u0007\u001B]*(?:\u0007|\u001B\\)?/u;

/**
 * Splits raw terminal input into keys, in order: "/bwc" is four keys, "jjj\r" four, an escape sequence one. A
 * sequence that is no key here (F5, a mouse report, a control string) is dropped whole rather than read as the
 * characters in it; Esc followed by a character is Esc, then that character (a fast typist, not Alt).
 */
export function parseKeys(chunk: string): KeyPress[] {
	return readKeys(chunk).keys;
}

/**
 * How long a control string left open at the end of one chunk may go on in the next. Ink hands its input on as
 * pieces, split at every ESC: a terminal's reply `ESC ] 11;rgb:… BEL` comes as `ESC ]`, then `11;rgb:… BEL`, at
 * once (the same read). A person who types Alt-] and then a key takes a tenth of a second at the least.
 */
export const CONTROL_STRING_GAP_MS = 25;

/**
 * parseKeys for a stream of chunks: a control string split across them is dropped whole, the rest of it too. Read
 * alone, `11;rgb:…` were keys: 1, 1, r (trace again), g, b.
 */
export function createKeyReader(): (chunk: string, atMs: number) => KeyPress[] {
	let openAt: number | undefined;
	return (chunk, atMs) => {
		let rest = chunk;
		if (openAt !== undefined && atMs - openAt <= CONTROL_STRING_GAP_MS) {
			const text = CONTROL_STRING_REST.exec(rest)![0];
			rest = rest.slice(text.length);
			// Still going (no BEL, ST or other ESC in this chunk): the next chunk may end it.
			if (rest.length === 0 && !/[\u0007\u001B]/u.test(text)) {
				openAt = atMs;
				return [];
			}
		}
		const read = readKeys(rest);
		openAt = read.open ? atMs : undefined;
		return read.keys;
	};
}

/** The keys of one chunk, and whether it ends inside a control string. */
function readKeys(chunk: string): {keys: KeyPress[]; open: boolean} {
	const keys: KeyPress[] = [];
	let open = false;
	let index = 0;
	while (index < chunk.length) {
		if (chunk.startsWith('\r\n', index)) {
			keys.push('return');
			index += 2;
			continue;
		}
		if (chunk[index] === ESC) {
			// Control strings (a terminal's reply to a colour query, pasted text that carries one), to BEL or ST, or to the
			// end of the chunk: dropped whole. Read as keys, a pasted OSC's ESC closed the prompt and its letters ran as
			// commands (r traced again, q quit).
			const controlString = CONTROL_STRING.exec(chunk.slice(index));
			if (controlString) {
				index += controlString[0].length;
				open = controlString[1] === undefined && index === chunk.length;
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
	return {keys, open};
}
