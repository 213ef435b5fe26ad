import type {AnalysedTrace} from '../analysis/analyze.js';
import {cachedFailureInWords, partiesInWords} from '../analysis/finding-catalogue.js';
import type {AnalysedFinding, Finding} from '../analysis/finding.js';
import {presentName} from '../dns/present.js';
import {joinPresented, presentText, safe, type Presented} from '../dns/sanitize.js';
import {findingEvidence, type FindingEvidence} from '../text/report-evidence.js';
import {html, type Html} from './html-text.js';

/**
 * The findings, worst first (the analysis's order), each in --report's words: its message, the explanation, who can
 * fix it and when users will see the fix, and its evidence (each probe shown once, under the first finding that
 * names it; a later one refers to it) with the dig command each server's operator can run.
 */
export function findingsHtml({trace, analysis}: AnalysedTrace): Html {
	const {findings} = analysis;
	const evidence = findingEvidence(trace, findings);
	const count = (severity: AnalysedFinding['severity']) => findings.filter((finding) => finding.severity === severity).length;
	return html`<section id="findings">
<h2>Findings: ${counted(count('error'), 'error')}, ${counted(count('warning'), 'warning')}, ${counted(count('info'), 'note')}</h2>
${findings.length === 0 ? html`<p>None.</p>` : html`<ol class="findings">${findings.map((finding) => findingHtml(finding, evidence.get(finding)!, trace.options.lab !== undefined))}</ol>`}
</section>`;
}

/** "1 note", "2 notes": the word is the program's own. */
function counted(n: number, word: 'error' | 'warning' | 'note'): Html {
	return html`${n} ${presentText(n === 1 ? word : `${word}s`)}`;
}

function findingLabel(finding: Finding): Html {
	return html`<span class="severity ${presentText(finding.severity)}">${presentText(finding.severity.toUpperCase())}</span> <code>${presentText(finding.code)}</code> — <code>${presentName(finding.zone)}</code>`;
}

function findingHtml(finding: AnalysedFinding, evidence: FindingEvidence, lab: boolean): Html {
	const cached = cachedFailureInWords(finding.cached);
	const columns: Array<keyof FindingEvidence['rows'][number]> = ['server', 'address', 'questions', 'result', 'via', 'rtt', 'serial', 'nsid'];
	const cell = (text: Presented) => html`<td>${text}</td>`;
	return html`<li class="finding ${presentText(finding.severity)}">
<h3>${findingLabel(finding)}</h3>
<p class="message">${presentText(finding.message)}</p>
<p>${presentText(finding.explanation)}</p>
<p>Who can fix it: ${presentText(partiesInWords(finding.parties))}.</p>
${cached === undefined ? html`` : html`<p class="cached">${presentText(cached)}</p>`}
${evidence.rows.length === 0 ? html`` : html`<table class="evidence"><thead><tr><th>server</th><th>address</th><th>questions</th><th>result</th><th>via</th><th>rtt</th><th>serial</th><th>NSID</th></tr></thead><tbody>${evidence.rows.map((row) => html`<tr data-server="${row.address}">${columns.map((column) => cell(row[column]))}</tr>`)}</tbody></table>`}
${evidence.shownBefore.map(({under, servers}) => html`<p class="dim">Also the evidence shown under ${findingLabel(under)} above, from ${joinPresented(servers, safe`, `)}.</p>`)}
${evidence.digs.length === 0 ? html`` : html`<p>To see it for yourself${lab ? html` (in the lab, with <code>digdeeper lab serve</code> running)` : html``}:</p><pre class="digs">${evidence.digs.map((dig) => html`${dig}\n`)}</pre>`}
</li>`;
}
