import {UNSAFE_RANGES} from './sanitize.js';

/**
 * The unsafe characters JSON.stringify leaves raw: it escapes C0 controls (and lone surrogates) itself, and the C0
 * range is left out here because the indented form's own line breaks are outside strings and must stay raw.
 */
const RAW_IN_JSON = new RegExp(
	`[${UNSAFE_RANGES.filter(([first]) => first > 0x1f)
		.map(([first, last]) => `\\u{${first.toString(16)}}-\\u{${last.toString(16)}}`)
		.join('')}]`,
	'gu',
);

function jsonEscape(char: string): string {
	let escaped = '';
	// One \uXXXX per UTF-16 unit: an astral character becomes its surrogate pair, as JSON spells it.
	for (let index = 0; index < char.length; index++) escaped += `\\u${char.charCodeAt(index).toString(16).padStart(4, '0')}`;
	return escaped;
}

/**
 * JSON text (JSON.stringify's output) with DEL, C1, bidi, invisible and format characters written as `\uXXXX`: the
 * same JSON value, but `cat`, `less` or a terminal showing `--json` output is not steered by a hostile server's
 * text. Outside strings JSON has none of these characters, so every one replaced is inside a string.
 */
export function terminalSafeJson(json: string): string {
	return json.replace(RAW_IN_JSON, jsonEscape);
}
