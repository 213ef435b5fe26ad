import type {Line, Segment} from '../ui/views/lines.js';
import {html, joinHtml, rawMarkup, type Html} from './html-text.js';

/**
 * The explorer's lines (the zone grid, a response in dig's format) as preformatted markup: the same text, each
 * segment's style a class, so the page shows what the terminal shows and a cell that differs from the other
 * servers stands out the same way. The text was presented when the line was built; html() escapes it for HTML.
 */
export function linesHtml(lines: readonly Line[]): Html {
	return html`<pre class="lines">${joinHtml(lines.map((line) => html`<span class="line">${line.map(segmentHtml)}</span>`), html`\n`)}</pre>`;
}

function segmentHtml(segment: Segment): Html {
	const classes = [segment.color, segment.bold ? 'bold' : undefined, segment.dim ? 'dim' : undefined, segment.inverse ? 'differs' : undefined].filter((name) => name !== undefined);
	if (classes.length === 0) return html`${segment.text}`;
	// The class names are the style's own words (a colour of the union, bold, dim), never text from the trace.
	return html`<span class="${rawMarkup(classes.join(' '))}">${segment.text}</span>`;
}
