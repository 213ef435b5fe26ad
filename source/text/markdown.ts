import {presentText, replacePresented, safe, type Presented} from '../dns/sanitize.js';

/*
 * Markdown for reports, on top of terminal safety: text is presented first (so it is safe on a terminal too), then
 * escaped so that, pasted into a ticket, text from the network cannot open a link, an image, raw HTML or a new table
 * column, nor restyle the report. Backslash escapes of ASCII punctuation are CommonMark's (§2.4) and GFM's.
 */

/**
 * Punctuation that means something to Markdown wherever it stands in a line: emphasis (`*`, `_`), code, links and
 * images (`[`; with it escaped, `](` and `![` open nothing), HTML and autolinks (`<`, and `>` with it), table cells
 * (`|`), strikethrough (`~`) and entities (`&lt;`). What acts only at a line's start (`#`, `-`, `+`, `=`, `1.`) is left
 * alone inside a line, and so are `(`, `)`, `!` and `-` everywhere: escaped, they showed readers of the raw mail
 * backslashes that meant nothing.
 */
const INLINE_PUNCTUATION = /[`*_[\]<>|~&]/gu;
/** A backslash escapes only ASCII punctuation after it (CommonMark §2.4), and at a text's end the next text's. */
const ESCAPING_BACKSLASH = /\\(?=[!-/:-@[-`{-~]|$)/gu;
/** GFM's extended e-mail autolink needs a local part just before the `@`: after a backslash it has none. */
const MAIL_AT = /(?<=[\w.+-])@/gu;

/**
 * Presented text with its Markdown escaped, for inside a line. Fit for a table cell too: every `|` is escaped, and a
 * backslash that could escape it (or anything else) is escaped itself, so GFM's row splitter sees no bare pipe.
 */
export function markdownText(text: Presented): Presented {
	const escaped = replacePresented(replacePresented(replacePresented(text, ESCAPING_BACKSLASH, safe`\\\\`), INLINE_PUNCTUATION, safe`\\$&`), MAIL_AT, safe`\\@`);
	// GFM links bare URLs and `www.` names by themselves (extended autolinks): a backslash breaks the trigger.
	return replacePresented(replacePresented(escaped, /:(?=\/\/)/gu, safe`\\:`), /\b(www)\./giu, safe`$1\\.`);
}

/**
 * Presented text escaped as a paragraph of its own, starting a line: what would begin a heading (`#`), a list (`-`,
 * `+`, `1.`, `1)`), a block quote (`>`, escaped anyway) or a setext underline (`=`) is escaped at its start.
 */
export function markdownParagraph(text: Presented): Presented {
	return replacePresented(replacePresented(markdownText(text), /^[#+=-]/gu, safe`\\$&`), /^(\d+)([.)])/gu, safe`$1\\$2`);
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
