/**
 * The snapshot a page carries, so `digdeeper open report.html` reads the trace back. It sits in one data block,
 * which no browser runs and the Content-Security-Policy does not govern. Every `<` in the JSON is written `\u003c`
 * (the same JSON value), so no text in it can close the element or open another.
 */
export const SNAPSHOT_ELEMENT_ID = 'digdeeper-snapshot';
const OPENING = `<script type="application/json" id="${SNAPSHOT_ELEMENT_ID}">`;
const CLOSING = '</script>';

/** The element that carries a snapshot's JSON text in the page. */
export function snapshotElement(json: string): string {
	return `${OPENING}${json.replaceAll('<', '\\u003c')}${CLOSING}`;
}

/** Whether a file's text is an HTML page rather than a snapshot's JSON: what it starts with (after any comments) decides. */
export function looksLikeHtml(text: string): boolean {
	return /^\uFEFF?\s*(?:<!--[\s\S]*?-->\s*)*<(?:!doctype\s+html|html)[\s>]/iu.test(text);
}

/**
 * Any tag that names an element digdeeper-snapshot, however quoted: there must be exactly one, and it ours. Only an
 * `id` attribute inside a tag counts: a zone's TXT record that says `id=digdeeper-snapshot` is escaped text on the
 * page (its `<` is `&lt;`, and `\u003c` in the JSON), and `data-id` is another attribute.
 */
const ANY_SNAPSHOT_ID = /<[a-z][^<>]*?\sid\s*=\s*["']?digdeeper-snapshot(?=["'\s/>])/giu;

/** How a survey's page (survey-page.ts) opens its body: a page of many zones, with no trace of its own to read back. */
export const SURVEY_BODY = '<body class="survey">';

/**
 * A page's snapshot JSON, or what is wrong with the page (in words for the one line that refuses it): exactly one
 * element with the id, written exactly as a page is, closed, and no larger than the snapshot limit. Nothing else in
 * the page is read, and the JSON is then validated like any snapshot file's.
 */
export function extractSnapshot(text: string, limit: number): {json: string} | {problem: string} {
	const named = [...text.matchAll(ANY_SNAPSHOT_ID)].length;
	if (named === 0 && text.includes(SURVEY_BODY)) return {problem: `a survey's page, which carries no trace of its own: open a zone's snapshot beside it, or the survey's directory (digdeeper open DIR)`};
	if (named === 0) return {problem: `an HTML page with no embedded snapshot (no element with id="${SNAPSHOT_ELEMENT_ID}"): not a digdeeper report`};
	if (named > 1) return {problem: `an HTML page with ${named} elements named ${SNAPSHOT_ELEMENT_ID}: a report has one`};
	const start = text.indexOf(OPENING);
	if (start === -1) return {problem: `its ${SNAPSHOT_ELEMENT_ID} element is not the one a report writes (${OPENING})`};
	const from = start + OPENING.length;
	const end = text.indexOf(CLOSING, from);
	if (end === -1) return {problem: `its ${SNAPSHOT_ELEMENT_ID} element is never closed`};
	if (end - from > limit) return {problem: `its embedded snapshot is too large (${end - from} characters; the limit is ${limit})`};
	return {json: text.slice(from, end)};
}
