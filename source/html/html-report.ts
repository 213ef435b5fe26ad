import type {AnalysedTrace} from '../analysis/analyze.js';
import {presentName} from '../dns/present.js';
import {presentText} from '../dns/sanitize.js';
import type {TakenWith} from '../text/trace-origin.js';
import {snapshotElement} from './embedded-snapshot.js';
import {findingsHtml} from './findings-html.js';
import {html, rawMarkup} from './html-text.js';
import {inlineSvg} from './inline-svg.js';
import {pageHead} from './page-head.js';
import {PAGE_SCRIPT} from './page-script.js';
import {reportHeader} from './report-header.js';
import {zonesHtml} from './zones-html.js';

export interface HtmlReportOptions {
	/** This program's version: it judged the trace again for the page. */
	toolVersion: string;
	/** The program that took the trace (a snapshot's own record). */
	takenWith: TakenWith;
	/** The snapshot's JSON text, carried in the page so `digdeeper open` reads the trace back. */
	snapshot: string;
	/** The delegation graph as SVG, made by the graph layer; without it the page says the graph was not drawn. */
	graphSvg?: string;
}

/**
 * One self-contained HTML page for someone without digdeeper: the header, the delegation graph, the findings worst
 * first, each zone's comparison grid with every response in dig's format, and the snapshot itself. It opens offline:
 * its style and script are inline, allowed by their hashes in a Content-Security-Policy that lets nothing else load
 * or run, and it reads the same with JavaScript off.
 */
export function renderHtmlReport(analysed: AnalysedTrace, options: HtmlReportOptions): string {
	const {trace} = analysed;
	const graph = options.graphSvg === undefined ? html`<p class="graph-missing">The delegation graph was not drawn for this report.</p>` : html`<figure class="graph">${inlineSvg(options.graphSvg)}</figure>`;
	const page = html`${pageHead(html`digdeeper: ${presentName(trace.query.name)} ${presentText(trace.query.type)}`, {toolVersion: options.toolVersion, script: PAGE_SCRIPT})}
<body>
${reportHeader(analysed, options)}
<nav class="toolbar" id="toolbar"><a href="#graph">Delegation graph</a> · <a href="#findings">Findings</a> · <a href="#zones">Zones</a> </nav>
<section id="graph">
<h2>Delegation graph</h2>
${graph}
</section>
${findingsHtml(analysed)}
${zonesHtml(analysed)}
<footer>The trace itself is in this page: <code>digdeeper open FILE.html</code> reads it back (validated and judged again, as any snapshot).</footer>
${rawMarkup(snapshotElement(options.snapshot))}
<script>${rawMarkup(PAGE_SCRIPT)}</script>
</body>
</html>
`;
	return page.markup;
}

