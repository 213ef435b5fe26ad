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

/** Makes any string safe to print: unsafe characters become `\027` or `\u{202e}`. */
export function sanitize(text: string): string {
	return text.replace(UNSAFE, escapeChar);
}
