/**
 * Text that is safe to print on a terminal. Views print nothing else: the styled lines of the explorer, its Ink
 * text and the text outputs (--text, reports, diffs, watch logs) accept only this type. It comes from one of two
 * places, both here: `presentText` (and the DNS presentation forms in present.ts built on it), which escapes text
 * from the wire or from a file, and the `safe` template, whose literal parts are the program's own words. Any plain
 * `string` is untrusted by default, so forgetting to escape a new field is a type error, not a review comment.
 */
export type Presented = string & {readonly __presented: true};

/**
 * Characters that can steer a terminal, reorder what a reader sees, or hide text: escaped visibly, never dropped, so
 * the reader still sees that something odd was there. One table, one range a row, each with why it is here.
 */
export const UNSAFE_RANGES: ReadonlyArray<readonly [first: number, last: number]> = [
	[0x00_00, 0x00_1f], // C0 controls: ESC starts ANSI/OSC sequences (OSC 52 writes the clipboard), BEL, CR overwrites
	[0x00_7f, 0x00_9f], // DEL and C1 controls (0x9b is a one-byte CSI on some terminals)
	[0x00_ad, 0x00_ad], // soft hyphen: invisible unless a line breaks at it
	[0x03_4f, 0x03_4f], // combining grapheme joiner: invisible
	[0x06_00, 0x06_05], // prepended concatenation marks (Arabic number signs): drawn over the digits after them, and
	[0x06_dd, 0x06_dd], // measured zero columns where terminals draw one, so a row of them pushed a header off screen
	[0x07_0f, 0x07_0f], // (Syriac abbreviation mark)
	[0x08_90, 0x08_91], // (Arabic pound and piastre marks above)
	[0x08_e2, 0x08_e2], // (Arabic disputed end of ayah)
	[0x06_1c, 0x06_1c], // Arabic letter mark: a bidi control
	[0x11_5f, 0x11_60], // Hangul choseong/jungseong fillers: blank, used to hide text
	[0x17_b4, 0x17_b5], // Khmer inherent vowels: invisible
	[0x18_0b, 0x18_0f], // Mongolian variation selectors and vowel separator: invisible
	[0x20_0b, 0x20_0f], // zero-width space, non-joiner, joiner; LRM and RLM (bidi marks)
	[0x20_28, 0x20_2e], // line and paragraph separators (break lines); LRE, RLE, PDF, LRO, RLO ("Trojan Source")
	[0x20_60, 0x20_6f], // word joiner, invisible operators, LRI/RLI/FSI/PDI isolates, deprecated format characters
	[0x31_64, 0x31_64], // Hangul filler: blank
	[0xfe_00, 0xfe_0f], // variation selectors: invisible, change how the character before them looks
	[0xfe_ff, 0xfe_ff], // zero-width no-break space (byte order mark)
	[0xff_a0, 0xff_a0], // halfwidth Hangul filler: blank
	[0xff_f9, 0xff_fb], // interlinear annotation anchor, separator, terminator: hide the text between them
	[0x1_10_bd, 0x1_10_bd], // Kaithi number signs: prepended concatenation marks too
	[0x1_10_cd, 0x1_10_cd],
	[0xe_00_00, 0xe_00_7f], // tags: invisible copies of ASCII, used to smuggle text past a reader (and into prompts)
	[0xe_01_00, 0xe_01_ef], // variation selectors supplement: invisible, can carry a byte each
	// Noncharacters (Unicode 23.7: for a program's internal use, never interchanged): terminals draw nothing for them
	// (tmux drops them), so "x" and "x\u{fffe}" would look alike. U+FDD0-FDEF, then the last two of each plane.
	[0xfd_d0, 0xfd_ef],
	...Array.from({length: 17}, (_, plane) => [plane * 0x1_00_00 + 0xff_fe, plane * 0x1_00_00 + 0xff_ff] as const),
];

function hex(code: number): string {
	return `\\u{${code.toString(16)}}`;
}

/** The table as one character class; the `u` flag makes it match astral code points, not their surrogate halves. */
const UNSAFE = new RegExp(`[${UNSAFE_RANGES.map(([first, last]) => (first === last ? hex(first) : `${hex(first)}-${hex(last)}`)).join('')}]`, 'gu');

function escapeChar(char: string): string {
	const code = char.codePointAt(0)!;
	return code < 256 ? `\\${code.toString().padStart(3, '0')}` : `\\u{${code.toString(16)}}`;
}

/** One character: whether the rule escapes it (character-string.ts writes such a character as its bytes, \DDD each). */
const UNSAFE_CHARACTER = new RegExp(`^${UNSAFE.source}$`, 'u');

export function isUnsafeCharacter(char: string): boolean {
	return UNSAFE_CHARACTER.test(char);
}

/** The one escaping rule: unsafe characters become `\027` or `\u{202e}`. */
export function presentText(text: string): Presented {
	return text.replace(UNSAFE, escapeChar) as Presented;
}

/** The program's own text with presented pieces (and numbers) in it: `safe\`${presentName(zone)} answered\``. */
export function safe(literals: TemplateStringsArray, ...values: ReadonlyArray<Presented | number>): Presented {
	return values.reduce<string>((text, value, index) => `${text}${value}${literals[index + 1] ?? ''}`, literals[0] ?? '') as Presented;
}

/*
 * Reshaping presented text keeps it presented: it has no unsafe character, and joining, padding, cutting,
 * trimming, replacing a part with presented text and wrapping (which adds line breaks; wrap-ansi would keep escape
 * sequences, but there are none) never make one. Presenting it again instead would escape the program's own tabs
 * and line breaks.
 */

export function joinPresented(parts: readonly Presented[], separator: Presented): Presented {
	return parts.join(separator) as Presented;
}

export function padPresented(text: Presented, width: number): Presented {
	return text.padEnd(width) as Presented;
}

export function replacePresented(text: Presented, pattern: RegExp | string, replacement: Presented): Presented {
	return text.replaceAll(pattern, replacement) as Presented;
}

export function slicePresented(text: Presented, start: number, end?: number): Presented {
	return text.slice(start, end) as Presented;
}

/** One escape in presented text: `\DDD` (a byte), `\u{202e}` (a character shown by its code), `\` and what it quotes. */
export const PRESENTED_ESCAPE = /\\(?:\d{3}|u\{[0-9a-f]+\}|[^\d])/gu;

/**
 * The first `end` characters of presented text, or fewer where `end` falls inside an escape or a character (an
 * emoji's surrogate pair): `\25` cut from `\255` reads as another byte, and half a character prints as U+FFFD. For
 * text cut at an edge with `…`.
 */
export function headOfPresented(text: Presented, end: number): Presented {
	for (const match of text.matchAll(PRESENTED_ESCAPE)) {
		if (match.index >= end) break;
		if (match.index + match[0].length > end) return slicePresented(text, 0, match.index);
	}
	const high = text.charCodeAt(end - 1);
	return slicePresented(text, 0, high >= 0xd8_00 && high <= 0xdb_ff ? end - 1 : end);
}

/**
 * Presented text from `start` on, or from later where `start` falls inside an escape or a character (an emoji's
 * surrogate pair): the tail's `…\027` stays whole, and no half character prints as U+FFFD.
 */
export function tailOfPresented(text: Presented, start: number): Presented {
	for (const match of text.matchAll(PRESENTED_ESCAPE)) {
		if (match.index >= start) break;
		if (match.index + match[0].length > start) return slicePresented(text, match.index + match[0].length);
	}
	const low = text.charCodeAt(start);
	return slicePresented(text, low >= 0xdc_00 && low <= 0xdf_ff ? start + 1 : start);
}

export function trimPresented(text: Presented, side: 'end' | 'both' = 'both'): Presented {
	return (side === 'end' ? text.trimEnd() : text.trim()) as Presented;
}

/** What wraps a presented text to a width (wrap-ansi: by display width, so wide characters count right). */
export type Wrapper = (text: string, width: number, options: {hard: boolean; trim?: boolean}) => string;

/**
 * Wrapping that keeps text presented, one presented text per line, given the wrapper (wrap-presented.ts gives
 * wrap-ansi): this module stays free of it, so output that never wraps (--json) never loads it and the display-width
 * tables and Unicode segmenter it brings (about 10 ms at start-up).
 */
export function presentedWrapper(wrap: Wrapper) {
	return (text: Presented, width: number, options: {hard: boolean; trim?: boolean}): Presented[] => wrap(text, width, options).split('\n') as Presented[];
}
