import {htmlEscape} from 'escape-goat';
import type {Presented} from '../dns/sanitize.js';

/**
 * Markup for the HTML report. Only the `html` template (and `rawMarkup`, for what the program itself wrote) makes
 * it: the template's literal parts are the program's own markup, and every piece put in it is markup already, a
 * number, or presented text (presentText's visible escapes, `\027` and `\u{202e}`, kept), which is HTML-escaped with
 * escape-goat on the way in. So text from the wire or a file can only ever be text: a TXT record holding `<script>`
 * shows as `<script>`. Markup is an object, not a branded string, so the template tells the two apart as it runs,
 * not only when it is compiled.
 */
export interface Html {
	readonly markup: string;
}

type Piece = Html | Presented | number | readonly Html[];

export function html(literals: TemplateStringsArray, ...values: readonly Piece[]): Html {
	return {markup: values.reduce<string>((text, value, index) => `${text}${piece(value)}${literals[index + 1] ?? ''}`, literals[0] ?? '')};
}

function piece(value: Piece): string {
	if (typeof value === 'number') return String(value);
	if (typeof value === 'string') return htmlEscape(value);
	return 'markup' in value ? value.markup : value.map((part) => part.markup).join('');
}

/** Markup the program wrote whole (its style sheet, its script, the graph's SVG the graph layer made): taken as it is. */
export function rawMarkup(text: string): Html {
	return {markup: text};
}

export function joinHtml(parts: readonly Html[], separator: Html = {markup: ''}): Html {
	return {markup: parts.map((part) => part.markup).join(separator.markup)};
}
