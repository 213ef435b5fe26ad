import wrapAnsi from 'wrap-ansi';

/**
 * Text that is safe to print on a terminal. Views print nothing else: the styled lines of the explorer, its Ink
 * text and the text outputs (--text, reports, diffs, watch logs) accept only this type. It comes from one of two
 * places, both here: `presentText` (and the DNS presentation forms in present.ts built on it), which escapes text
 * from the wire or from a file, and the `safe` template, whose literal parts are the program's own words. Any plain
 * `string` is untrusted by default, so forgetting to escape a new field is a type error, not a review comment.
 */
export type Presented = string & {readonly __presented: true};

/**
 * Characters that can steer a terminal or reorder what a reader sees: C0 and C1 controls (ESC starts ANSI/OSC
 * sequences, OSC 52 writes the clipboard), DEL, bidi embeddings/overrides/isolates (the "Trojan Source" trick),
 * and zero-width characters that hide text. They are escaped visibly, never dropped, so the reader still sees
 * that something odd was there.
 */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/gu;

function escapeChar(char: string): string {
	const code = char.codePointAt(0)!;
	return code < 256 ? `\\${code.toString().padStart(3, '0')}` : `\\u{${code.toString(16)}}`;
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

export function trimPresented(text: Presented, side: 'end' | 'both' = 'both'): Presented {
	return (side === 'end' ? text.trimEnd() : text.trim()) as Presented;
}

/** Wrapped to a width (by display width, so wide characters count right), one presented text per line. */
export function wrapPresented(text: Presented, width: number, options: {hard: boolean; trim?: boolean}): Presented[] {
	return wrapAnsi(text, width, options).split('\n') as Presented[];
}
