/*
 * No Markdown parser is installed, so reports are checked structurally: these read Markdown the way CommonMark
 * does for the few constructs a report uses (backslash escapes, code spans, table rows).
 */

/** A backslash escape of ASCII punctuation, or a code span (a run of backticks closed by a run of the same length). */
const ESCAPE_OR_CODE_SPAN = /\\([!-/:-@[-`{-~])|(?<!`)(`+)(?!`)([\s\S]*?)(?<!`)\2(?!`)/gu;

/** The text outside code spans, with each code span replaced by a placeholder: where Markdown syntax can act. */
export function outsideCodeSpans(markdown: string): string {
	return markdown.replace(/\\\\|\\`/gu, '..').replace(/(?<!`)(`+)(?!`)[\s\S]*?(?<!`)\1(?!`)/gu, '«code»');
}

/** What a reader of the rendered Markdown sees as text: backslash escapes removed, code spans as their content. */
export function markdownShown(markdown: string): string {
	return markdown.replace(ESCAPE_OR_CODE_SPAN, (_whole, escaped?: string, _fence?: string, content?: string) => {
		if (escaped !== undefined) return escaped;
		return /^ .*[^ ].* $/su.test(content!) ? content!.slice(1, -1) : content!;
	});
}

/** The `|` a GFM table row splits at: those not escaped by a backslash (an escaped backslash does not escape it). */
export function unescapedPipes(row: string): number {
	return Array.from(row.matchAll(/\\[\s\S]|\|/gu)).filter((match) => match[0] === '|').length;
}
