/** Keys that are not a character typed. */
export type NamedKey = 'up' | 'down' | 'left' | 'right' | 'pageUp' | 'pageDown' | 'home' | 'end' | 'return' | 'escape' | 'tab' | 'backspace' | 'ctrl-c' | 'ctrl-z';

/**
 * One key: a named key, a character typed (a string of one code point), or text pasted (`paste:` and the text, as
 * the terminal marks it with bracketed paste). No named key is one character long or holds a colon, so none of them
 * collide and a key is a plain value a table can hold: a paste is in no keymap, so outside a prompt it does nothing.
 */
export type KeyPress = NamedKey | (string & {});

const PASTE = 'paste:';

/** The text of a paste, or undefined for any other key. */
export const pastedText = (key: KeyPress): string | undefined => (key.startsWith(PASTE) ? key.slice(PASTE.length) : undefined);

/**
 * What a one-line prompt takes of a paste: its first line, without control characters. A pasted "ns1\nRq" ran R
 * (a report written) and q (the explorer quit) after the find; a path copied with its line break is still the path.
 */
export const pastedLine = (text: string): string => text.split(/\r\n|[\r\n]/u, 1)[0]!.replace(/[\p{Cc}\p{Cf}]/gu, '');

/** A prompt's draft with its last character erased: a whole code point (an emoji's two halves were erased one at a time). */
export const erasedLast = (draft: string): string => [...draft].slice(0, -1).join('');

/** The most a one-line prompt holds, in characters: a find term, a file's path (a 100 KB paste is neither). */
export const DRAFT_MAX = 1024;

/** A prompt's draft with `text` typed at its end, held to DRAFT_MAX characters (never cutting one in two). */
export const typedInto = (draft: string, text: string): string => (draft.length + text.length <= DRAFT_MAX ? draft + text : [...draft, ...text].slice(0, DRAFT_MAX).join(''));

/**
 * Bracketed paste (xterm's mode 2004): the terminal writes a paste between these, so its text is never read as keys.
 * Set while a screen reads keys, and reset whenever the terminal goes back to the shell.
 */
export const BRACKETED_PASTE_ON = '\u001B[?2004h';
export const BRACKETED_PASTE_OFF = '\u001B[?2004l';
const PASTE_START = '\u001B[200~';
const PASTE_END = '\u001B[201~';

/**
 * How long a paste may pause between chunks (a slow link) before what came is taken as the whole paste: longer than
 * a sequence's gap, as a paste of kilobytes comes in many reads.
 */
export const PASTE_GAP_MS = 500;

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
	return readKeys(sevenBit(chunk)).keys;
}

/**
 * How long a sequence cut at the end of one chunk may go on in the next. Ink hands its input on as pieces, split at
 * every ESC: a terminal's reply `ESC ] 11;rgb:… BEL` comes as `ESC ]`, then `11;rgb:… BEL`, at once (the same read),
 * and a read that ends inside a sequence (`ESC`, `ESC [`, `ESC [ 5`) has that part handed on alone, a turn later; the
 * rest of what the terminal wrote follows within milliseconds. A person who types Alt-] or Esc and then a key takes a
 * tenth of a second at the least. Esc itself is pressed this much later: at 25 ms it was the slowest key (the bench's
 * key press to frame, p95 31 ms, every Esc among the slowest); 15 lets a frame follow it within the target.
 */
export const CONTROL_STRING_GAP_MS = 15;

/**
 * The 8-bit forms of the introducers (ECMA-48 C1: CSI, SS3, OSC, DCS, SOS, PM, APC) and of ST, as their 7-bit ESC
 * forms: a terminal set to send 8-bit controls (S8C1T) writes an arrow as U+009B `A`, which was otherwise a control
 * dropped and an `A` typed. Other C1 controls are no key and stay dropped.
 */
const EIGHT_BIT = /[\u008F\u0090\u0098\u009B-\u009F]/gu;
const sevenBit = (text: string): string => text.replace(EIGHT_BIT, (control) => `${ESC}${String.fromCharCode(control.charCodeAt(0) - 0x40)}`);

/** A control string's text, ended: what an open string dropped at expiry may still have coming, late (below). */
const LATE_CONTROL_STRING_REST = /^[^\u0007\u001B]+(?:\u0007|\u001B\\)/u;

/** A sequence a chunk ends inside: an ESC alone, or a CSI or SS3 without its final byte. */
const CUT_SEQUENCE = /\u001B(?:\[\[?[\x30-\x3F]*[\x20-\x2F]*|O)?$/u;

/** parseKeys for a stream of chunks, with what is cut at one chunk's end taken up by the next. */
export interface KeyReader {
	/** The keys of a chunk; a sequence cut at its end is held, as the next chunk may go on with it. */
	read(chunk: string): KeyPress[];
	/**
	 * What is held, once nothing came to go on with it: an ESC alone is the Esc key, anything else (a sequence cut short,
	 * a control string left open) is no key and is dropped.
	 */
	expire(): KeyPress[];
	/** Whether anything is held or open: expire it once the gap has passed with no chunk. */
	waiting(): boolean;
	/** How long to wait before expiring what is held: a sequence's gap, or a paste's. */
	gapMs(): number;
}

/**
 * A KeyReader: a control string split across chunks is dropped whole, the rest of it too (read alone, `11;rgb:…` were
 * keys: 1, 1, r traced again, g, b), and a sequence cut at a chunk's end joins the chunk after it: `]11;rgb:…` after an
 * ESC is a control string too, `[A` or `A` after `ESC [` the up arrow, `\` the end of an open string (ST), where the
 * ESC had been read as Esc (an overlay closed, a prompt cancelled) and the rest as keys. Whether the next chunk goes
 * on with it is decided by `expire` not having been called, not by the clock: a busy moment (a survey's zone opened,
 * 100 ms) delays the chunk's reading, not its coming.
 */
export function createKeyReader(): KeyReader {
	let open = false;
	let held = '';
	/** A control string was left open when it expired: the next chunk may be its end, come late (a slow link). */
	let expiredOpen = false;
	/** The text of a paste begun and not ended yet. */
	let pasting: string | undefined;

	/** The keys of text outside any paste, what is cut at its end held for the next chunk. */
	const keysOf = (text: string): KeyPress[] => {
		let rest = sevenBit(text);
		// Text ended by BEL or ST is no one's typing (BEL is Ctrl-G, a key of its own): it is the string's late end, whose
		// letters were keys (`11;rgb:…`: r traced again). Keys typed after an Alt-] that expired have no such end.
		if (expiredOpen) rest = rest.slice(LATE_CONTROL_STRING_REST.exec(rest)?.[0].length ?? 0);
		expiredOpen = false;
		let stillOpen = false;
		if (open) {
			const string = CONTROL_STRING_REST.exec(rest)![0];
			rest = rest.slice(string.length);
			// Not ended (no BEL, ST or other ESC in this chunk, but perhaps the ESC of its ST): the next chunk may end it.
			stillOpen = !/[\u0007\u001B]/u.test(string) && (rest === '' || rest === ESC);
		}
		const cut = CUT_SEQUENCE.exec(rest)?.[0] ?? '';
		const read = readKeys(rest.slice(0, rest.length - cut.length));
		held = cut;
		open = read.open || stillOpen;
		return read.keys;
	};

	/** What is held or open given up: an ESC alone is the Esc key, anything else no key. */
	const giveUp = (): KeyPress[] => {
		// The ESC of an open string's ST with no `\` after it ends the string; it was no key.
		const keys: KeyPress[] = held === ESC && !open ? ['escape'] : [];
		expiredOpen = open && held !== ESC;
		held = '';
		open = false;
		return keys;
	};

	return {
		read(chunk) {
			// The 8-bit forms are read outside pastes only (keysOf): a pasted U+009B 201~ is text, not a paste's end.
			let rest = held + chunk;
			held = '';
			const keys: KeyPress[] = [];
			// A paste is text, whatever it holds (ESC, Enter, letters that are commands): kept whole to its end marker.
			for (;;) {
				if (pasting === undefined) {
					const start = rest.indexOf(PASTE_START);
					if (start === -1) return [...keys, ...keysOf(rest)];
					keys.push(...keysOf(rest.slice(0, start)), ...giveUp());
					pasting = '';
					rest = rest.slice(start + PASTE_START.length);
				}
				const end = rest.indexOf(PASTE_END);
				if (end === -1) {
					// The end marker may be cut at the chunk's end: as much of it as is there is held for the next chunk.
					let cut = PASTE_END.length - 1;
					while (cut > 0 && !rest.endsWith(PASTE_END.slice(0, cut))) cut--;
					pasting += rest.slice(0, rest.length - cut);
					held = rest.slice(rest.length - cut);
					return keys;
				}
				keys.push(`${PASTE}${pasting}${rest.slice(0, end)}`);
				pasting = undefined;
				rest = rest.slice(end + PASTE_END.length);
			}
		},
		expire() {
			if (pasting === undefined) return giveUp();
			// A paste whose end marker never came (PASTE_GAP_MS with nothing more): what came of it is the paste.
			const text = `${PASTE}${pasting}${held}`;
			pasting = undefined;
			held = '';
			return [text];
		},
		waiting: () => held !== '' || open || pasting !== undefined,
		gapMs: () => (pasting === undefined ? CONTROL_STRING_GAP_MS : PASTE_GAP_MS),
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
