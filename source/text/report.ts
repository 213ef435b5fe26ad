import {readResolvers, resolverHead, resolverInWords} from '../analysis/resolver-answers.js';
import type {AnalysedTrace} from '../analysis/analyze.js';
import {cachedFailureInWords, partiesInWords} from '../analysis/finding-catalogue.js';
import type {AnalysedFinding, Finding} from '../analysis/finding.js';
import {BOGUS_HEADLINE, dnssecStatusWords} from '../analysis/dnssec/dnssec-status.js';
import {lookupInWords, RDAP_UNREACHABLE, rdapUnreachable} from './registration-text.js';
import {presentName, presentRecord} from '../dns/present.js';
import {joinPresented, padPresented, presentText, replacePresented, safe, trimPresented, type Presented} from '../dns/sanitize.js';
import {addresslessNameservers, serverCounts} from '../trace/probe-facts.js';
import {reproduce, shellWord} from './commands-to-run.js';
import {outcomeTimes, outcomeWord} from './format-ms.js';
import {markdownCode, markdownParagraph, markdownText} from './markdown.js';
import {findingEvidence, type FindingEvidence} from './report-evidence.js';
import {queriesSent, traceOrigin, type TakenWith} from './trace-origin.js';
import {whatIfHeadline} from '../what-if/describe-change.js';

export type ReportFormat = 'markdown' | 'text';

export interface ReportOptions {
	format: ReportFormat;
	/** This program's version: it judged the trace again. */
	toolVersion: string;
	/** The program that took the trace (a snapshot's own record); when absent, this one. */
	takenWith?: TakenWith;
	snapshot?: string;
}

/**
 * A self-contained summary to paste into a ticket or a chat: the question, when and from where it was asked, the
 * outcome, the delegation path, the findings with their evidence (each probe shown once, each server a finding names
 * shown, each with the dig command its operator can run) and each explanation once, and the command that
 * reproduces the trace. The raw data stays in the snapshot, which the report names.
 */
export function renderReport({trace, analysis}: AnalysedTrace, options: ReportOptions): Presented {
	const md = options.format === 'markdown';
	const lines: Presented[] = [];
	const h = (level: number, text: Presented) => lines.push(safe``, md ? safe`${presentText('#'.repeat(level))} ${text}` : safe`${text}\n${presentText((level === 1 ? '=' : '-').repeat(text.length))}`);
	const code = (text: Presented) => (md ? markdownCode(text) : text);
	const prose = (text: Presented) => (md ? markdownText(text) : text);
	const item = md ? safe`- ` : safe``;
	const outcome = trace.outcome;

	lines.push(safe`${md ? safe`# ` : safe``}DNS trace: ${prose(presentText(trace.query.name))} ${prose(presentText(trace.query.type))}`);
	lines.push(safe``);
	if (trace.assumed && trace.assumed.length > 0) lines.push(md ? safe`**${prose(whatIfHeadline(trace))}**` : whatIfHeadline(trace), safe``);
	const takenWith = options.takenWith ?? {version: options.toolVersion};
	const origin = traceOrigin(trace, takenWith);
	lines.push(safe`${item}When: ${prose(origin.when)}`);
	lines.push(safe`${item}Where: ${prose(origin.where)}${takenWith.version !== options.toolVersion ? safe`; judged again by digdeeper ${prose(presentText(options.toolVersion))}` : safe``}`);
	lines.push(safe`${item}Outcome: ${outcomeWord(trace)}${outcome.zone ? safe` from ${prose(presentName(outcome.zone))}` : safe``}, ${prose(outcomeTimes(trace))}${outcome.reason ? safe` — ${prose(presentText(outcome.reason))}` : safe``}`);
	if (outcome.status === 'answer') lines.push(safe`${item}Answer: ${joinPresented(outcome.records.filter((record) => record.type !== 'RRSIG').map((record) => code(replacePresented(presentRecord(record), '\t', safe` `))), safe`, `)}`);
	const dnssec = analysis.dnssec.outcome;
	lines.push(safe`${item}DNSSEC: ${prose(presentText(dnssecStatusWords(dnssec.status)))}${dnssec.status === 'bogus' ? safe` — ${prose(presentText(BOGUS_HEADLINE))}` : safe``} (${prose(presentText(dnssec.reason))})`);
	if (trace.options.validateAt) lines.push(safe`${item}DNSSEC judged as of ${prose(presentText(trace.options.validateAt))} (--at)`);
	const errors = analysis.findings.filter((finding) => finding.severity === 'error').length;
	const warnings = analysis.findings.filter((finding) => finding.severity === 'warning').length;
	lines.push(safe`${item}Findings: ${errors} error${errors === 1 ? safe`` : safe`s`}, ${warnings} warning${warnings === 1 ? safe`` : safe`s`}; ${queriesSent(trace)}`);

	if (trace.registration && trace.registration.lookups.length > 0) {
		h(2, safe`Registration (RDAP)`);
		if (rdapUnreachable(trace.registration)) lines.push(prose(presentText(RDAP_UNREACHABLE)));
		else for (const lookup of trace.registration.lookups) lines.push(safe`${item}${code(presentName(lookup.domain))}: ${prose(lookupInWords(lookup))}`);
	}

	h(2, safe`Delegation path`);
	const path = trace.resolutions[0]?.steps ?? [];
	for (const step of path) {
		const zone = trace.zones.find((candidate) => candidate.name === step.zone);
		const {answering, asked, notAsked} = serverCounts(zone?.servers ?? []);
		const addressless = addresslessNameservers(zone);
		lines.push(safe`${md ? safe`1. ` : safe`  `}${code(presentName(step.zone))}: ${answering}/${asked} server addresses answering${notAsked > 0 ? safe` (${notAsked} not asked)` : safe``}${addressless > 0 ? safe`, ${addressless} name ${addressless === 1 ? safe`server` : safe`servers`} with no address` : safe``}; ${step.result === 'referral' ? safe`referral to ${prose(presentName(step.next ?? ''))}` : step.result === 'cname' ? safe`CNAME to ${prose(presentName(step.next ?? ''))}` : step.result === 'cut' ? safe`answered from the data of ${prose(presentName(step.next ?? ''))}, which its servers also serve` : prose(presentText(step.result))}`);
	}

	const important = analysis.findings.filter((finding) => finding.severity !== 'info');
	h(2, important.length > 0 ? safe`Findings` : safe`Findings: none`);
	const evidence = findingEvidence(trace, important);
	const explained = new Map<string, Finding>();
	for (const finding of important) {
		lines.push(...findingSection(finding, evidence.get(finding)!, explained.get(finding.explanation), md, trace.options.lab !== undefined));
		if (!explained.has(finding.explanation)) explained.set(finding.explanation, finding);
	}
	const notes = analysis.findings.filter((finding) => finding.severity === 'info');
	if (notes.length > 0) {
		lines.push(safe``, md ? safe`**Notes:**` : safe`Notes:`);
		for (const note of notes) lines.push(safe`${md ? safe`- ` : safe`  `}${presentText(note.code)}: ${prose(presentText(note.message))}`);
	}

	const resolvers = readResolvers(trace, analysis.dnssec.outcome.status);
	if (resolvers.length > 0) {
		h(2, safe`What resolvers serve`);
		lines.push(safe``);
		for (const reading of resolvers) lines.push(safe`${md ? safe`- ` : safe`  `}${prose(resolverHead(reading))}: ${prose(resolverInWords(reading, trace, analysis.dnssec.outcome.status))}`);
	}

	h(2, safe`Reproduce`);
	lines.push(safe``, md ? safe`\`\`\`` : safe``, reproduce(trace), md ? safe`\`\`\`` : safe``);
	lines.push(options.snapshot ? safe`Full data (every response, raw bytes included): ${code(presentText(options.snapshot))} — open it with ${code(safe`digdeeper open ${shellWord(presentText(options.snapshot))}`)}.` : safe`Full data: attach the snapshot (digdeeper … --json -o FILE).`);
	return safe`${trimPresented(replacePresented(joinPresented(lines, safe`\n`), /\n{3,}/gu, safe`\n\n`))}\n`;
}

/**
 * How a finding is named, in its heading and where another refers to it: its severity, code and zone. The severity
 * and code are the catalogue's own words (`SERIAL_MISMATCH`: an underscore inside a word is no emphasis).
 */
function findingLabel(finding: Finding, prose: (text: Presented) => Presented): Presented {
	return safe`${presentText(finding.severity.toUpperCase())} ${presentText(finding.code)} — ${prose(presentText(finding.zone))}`;
}

function findingSection(finding: AnalysedFinding, evidence: FindingEvidence, explainedUnder: Finding | undefined, md: boolean, lab: boolean): Presented[] {
	const prose = (text: Presented) => (md ? markdownText(text) : text);
	const paragraph = (text: Presented) => (md ? markdownParagraph(text) : text);
	const title = findingLabel(finding, prose);
	const explanation = explainedUnder ? safe`Explained under ${findingLabel(explainedUnder, prose)} above.` : paragraph(presentText(finding.explanation));
	const lines = [safe``, md ? safe`### ${title}` : title, safe``, paragraph(presentText(finding.message)), safe``, explanation, safe``, safe`Who can fix it: ${prose(presentText(partiesInWords(finding.parties)))}.`];
	const cached = cachedFailureInWords(finding.cached);
	if (cached !== undefined) lines.push(safe``, paragraph(presentText(cached)));
	if (evidence.rows.length > 0) {
		lines.push(safe``);
		const rows = evidence.rows.map((row) => [row.server, row.address, row.questions, row.result, row.via, row.rtt, row.serial, row.nsid]);
		if (md) {
			// Every cell escaped (pipes and backslashes included), so a row has exactly its nine unescaped `|`.
			lines.push(safe`| server | address | questions | result | via | rtt | serial | NSID |`, safe`|---|---|---|---|---|---|---|---|`, ...rows.map((row) => safe`| ${joinPresented(row.map(prose), safe` | `)} |`));
		} else {
			const widths = rows[0]!.map((_, index) => Math.max(...rows.map((row) => row[index]!.length)));
			lines.push(...rows.map((row) => safe`  ${joinPresented(row.map((cell, index) => padPresented(cell, widths[index]!)), safe`  `)}`));
		}
		if (evidence.moreServers > 0) lines.push(safe``, safe`And the evidence of ${evidence.moreServers} more server ${evidence.moreServers === 1 ? safe`address` : safe`addresses`}, in the snapshot.`);
	}
	for (const {under, servers, more} of evidence.shownBefore) {
		lines.push(safe``, safe`Also the evidence shown under ${findingLabel(under, prose)} above, from ${joinPresented(servers.map(prose), safe`, `)}${more > 0 ? safe` and ${more} more` : safe``}.`);
	}
	if (evidence.digs.length > 0) {
		lines.push(safe``, safe`To see it for yourself${lab ? safe` (in the lab, with ${md ? safe`\`digdeeper lab serve\`` : safe`digdeeper lab serve`} running)` : safe``}:`);
		// A code span per command, none that a backtick in a name can close (a fenced block would end at a line that starts with three).
		lines.push(...evidence.digs.map((dig) => (md ? safe`- ${markdownCode(dig)}` : safe`  ${dig}`)));
	}
	return lines;
}
