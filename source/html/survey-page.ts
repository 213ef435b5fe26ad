import path from 'node:path';
import {presentText} from '../dns/sanitize.js';
import {surveyReportContent, type ReportWords, type SurveyReportInput, type SurveyReportSection, type SurveyReportZone} from '../text/survey-report.js';
import {html, rawMarkup, type Html} from './html-text.js';
import {SURVEY_BODY} from './embedded-snapshot.js';
import {pageHead} from './page-head.js';

/**
 * The morning mail as one self-contained page: the same content as the Markdown report (surveyReportContent), its
 * code as <code>, everything HTML-escaped. Each zone's name links to its snapshot when -o DIR kept one: the page is
 * written in that directory, so the link is the snapshot's file name alone, the only address on the page. It has no
 * script at all; its one inline style sheet is allowed by its hash in a Content-Security-Policy that lets nothing else
 * load or run.
 */
export function renderSurveyPage(input: SurveyReportInput, options: {toolVersion: string}): string {
	const content = surveyReportContent(input);
	const linked = content.sections.some((section) => section.zones.some((zone) => zone.snapshot !== undefined));
	const page = html`${pageHead(words(content.title, false), {toolVersion: options.toolVersion})}
${rawMarkup(SURVEY_BODY)}
<header>
<h1>${words(content.title)}</h1>
<ul class="facts">${content.facts.map((fact) => html`<li>${words(fact)}</li>`)}</ul>
</header>
${content.sections.map(sectionHtml)}
<footer>Made by digdeeper ${presentText(options.toolVersion)}.${linked ? html` Each zone's name links to its snapshot beside this page: <code>digdeeper open FILE</code> reads it (validated and judged again, as any snapshot).` : html``}</footer>
</body>
</html>
`;
	return page.markup;
}

/** The words in HTML: the program's own as they are, the record's code as <code> (or as text where no markup may go), all escaped. */
function words(parts: ReportWords, markup = true): Html {
	return html`${parts.map((span) => (typeof span === 'string' ? html`${span}` : 'code' in span ? (markup ? html`<code>${presentText(span.code)}</code>` : html`${presentText(span.code)}`) : html`${presentText(span.prose)}`))}`;
}

function sectionHtml(section: SurveyReportSection): Html {
	const none = section.zones.length === 0 && section.items.length === 0;
	return html`<section>
<h2>${words(section.heading)}</h2>
${none ? html`<p>None.</p>` : html``}${section.zones.length === 0 ? html`` : html`<ol class="findings">${section.zones.map(zoneHtml)}</ol>`}${section.items.length === 0 ? html`` : html`<ul>${section.items.map((item) => html`<li>${words(item)}</li>`)}</ul>`}
</section>
`;
}

/**
 * A zone with its problems. Its snapshot is linked by file name alone (the page sits beside it), percent-encoded: a
 * snapshot's name is made of the zone's letters, digits, dots, hyphens and underscores, and could never be read as a
 * scheme or another directory.
 */
function zoneHtml(zone: SurveyReportZone): Html {
	const name = html`<code>${presentText(zone.zone)}</code>`;
	const title = zone.snapshot === undefined ? name : html`<a href="${presentText(encodeURIComponent(path.basename(zone.snapshot)))}">${name}</a>`;
	return html`<li class="finding ${presentText(zone.severity)}">
<h3>${title}${words(zone.headline)}</h3>
<ul>${zone.problems.map((problem) => html`<li>${words(problem)}</li>`)}</ul>
</li>
`;
}
