import type {AnalysedTrace} from '../analysis/analyze.js';
import {BOGUS_HEADLINE, dnssecStatusWords} from '../analysis/dnssec/dnssec-status.js';
import {presentName, presentRecord} from '../dns/present.js';
import {presentText, safe} from '../dns/sanitize.js';
import {outcomeTimes, outcomeWord} from '../text/format-ms.js';
import {lookupInWords, RDAP_UNREACHABLE, rdapUnreachable} from '../text/registration-text.js';
import {queriesSent, traceOrigin, type TakenWith} from '../text/trace-origin.js';
import {html, type Html} from './html-text.js';
import {whatIfHeadline} from '../what-if/describe-change.js';

/**
 * The page's head, in the report's words: the question, the outcome with its answer, the DNSSEC verdict, when and
 * from where the trace was taken and by which digdeeper, and which one judged it again for this page.
 */
export function reportHeader({trace, analysis}: AnalysedTrace, options: {toolVersion: string; takenWith: TakenWith}): Html {
	const {outcome} = trace;
	const origin = traceOrigin(trace, options.takenWith);
	const answer = outcome.status === 'answer' ? outcome.records.filter((record) => record.type !== 'RRSIG') : [];
	const dnssec = analysis.dnssec.outcome;
	const status = outcomeWord(trace);
	const unicode = trace.query.unicode !== trace.query.name ? html` <span class="dim">(${presentText(trace.query.unicode)})</span>` : html``;
	const judged = options.takenWith.version === options.toolVersion ? html`` : html`; judged again by digdeeper ${presentText(options.toolVersion)}`;
	const registration = trace.registration && trace.registration.lookups.length > 0 ? (rdapUnreachable(trace.registration) ? [presentText(RDAP_UNREACHABLE)] : trace.registration.lookups.map((lookup) => safe`${presentName(lookup.domain)}: ${lookupInWords(lookup)}`)) : [];
	return html`<header>
<h1>DNS trace: <code>${presentName(trace.query.name)} ${presentText(trace.query.type)}</code>${unicode}</h1>
<dl class="facts">
${trace.assumed && trace.assumed.length > 0 ? html`<dt>What-if</dt><dd><strong>${whatIfHeadline(trace)}</strong></dd>\n` : html``}<dt>Outcome</dt><dd class="outcome-${status}"><strong>${status}</strong>${outcome.zone ? html` from <code>${presentName(outcome.zone)}</code>` : html``}, ${outcomeTimes(trace)}${outcome.reason ? html` — ${presentText(outcome.reason)}` : html``}</dd>
${answer.length > 0 ? html`<dt>Answer</dt><dd><pre class="records">${answer.map((record) => html`${presentRecord(record)}\n`)}</pre></dd>` : html``}
<dt>DNSSEC</dt><dd class="dnssec-${presentText(dnssec.status)}"><strong>${presentText(dnssecStatusWords(dnssec.status))}</strong>${dnssec.status === 'bogus' ? html` — ${presentText(BOGUS_HEADLINE)}` : html``} (${presentText(dnssec.reason)})${trace.options.validateAt ? html`; judged as of ${presentText(trace.options.validateAt)} (--at)` : html``}</dd>
${registration.length > 0 ? html`<dt>Registration (RDAP)</dt><dd>${registration.map((line) => html`<div>${line}</div>`)}</dd>` : html``}
<dt>When</dt><dd>${origin.when}</dd>
<dt>Where</dt><dd>${origin.where}${judged}</dd>
<dt>Report</dt><dd>made by digdeeper ${presentText(options.toolVersion)}; ${queriesSent(trace)}</dd>
</dl>
</header>`;
}
