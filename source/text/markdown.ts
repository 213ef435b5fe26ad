import {presentText, replacePresented, safe, type Presented} from '../dns/sanitize.js';

/*
 * Markdown for reports, on top of terminal safety: text is presented first (so it is safe on a terminal too), then
 * escaped so that, pasted into a ticket, text from the network cannot open a link, an image, raw HTML or a new table
 * column, nor restyle the report. Backslash escapes of ASCII punctuation are CommonMark's (§2.4) and GFM's.
 */

/**
 * Punctuation that starts Markdown: emphasis, code, links and images, HTML and autolinks, headings, lists, block
 * quotes, tables, strikethrough, entities (`&lt;`), setext underlines (`=`, `-`) and extended e-mail autolinks (`@`).
 * The backslash comes first in the class only for reading; each match is escaped once.
 */
const MARKDOWN_PUNCTUATION = /[\\`*_[\]()<>#+\-!|~&=@]/gu;

/**
 * Presented text with its Markdown escaped, for inside a line. Fit for a table cell too: every `|` and every
 * backslash is escaped, so GFM's row splitter sees no bare pipe.
 */
export function markdownText(text: Presented): Presented {
	const escaped = replacePresented(text, MARKDOWN_PUNCTUATION, safe`\\$&`);
	// GFM links bare URLs and `www.` names by themselves (extended autolinks): a backslash breaks the trigger.
	return replacePresented(replacePresented(escaped, /:(?=\/\/)/gu, safe`\\:`), /\b(www)\./giu, safe`$1\\.`);
}

/** Presented text escaped as a paragraph of its own: `1.` at its start would begin a list (`#`, `>`, `-` are escaped anyway). */
export function markdownParagraph(text: Presented): Presented {
	return replacePresented(markdownText(text), /^(\d+)\./gu, safe`$1\\.`);
}

/** Text from the network or a file, presented and then escaped for Markdown. */
export function presentMarkdown(text: string): Presented {
	return markdownText(presentText(text));
}

/**
 * Presented text as a code span that no backtick inside can close: the fence is one backtick longer than the
 * longest run inside, and when the content starts or ends with a backtick or a space, a space pads each side so
 * the content is kept whole (CommonMark §6.1 strips one from each side). Inside a code span nothing else is Markdown.
 */
export function markdownCode(text: Presented): Presented {
	const longest = Math.max(0, ...Array.from(text.matchAll(/`+/gu), (run) => run[0].length));
	const fence = presentText('`'.repeat(longest + 1));
	return /^$|^[` ]|[` ]$/u.test(text) ? safe`${fence} ${text} ${fence}` : safe`${fence}${text}${fence}`;
}
