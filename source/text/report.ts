import type {AnalysedTrace} from '../analysis/analyze.js';
import type {Finding} from '../analysis/finding.js';
import {BOGUS_HEADLINE, dnssecStatusWords} from '../analysis/dnssec/dnssec-status.js';
import {presentName, presentNsid, presentRecord} from '../dns/present.js';
import {joinPresented, padPresented, presentText, replacePresented, safe, trimPresented, type Presented} from '../dns/sanitize.js';
import type {Probe, Trace} from '../trace/model.js';
import {isUsable, servedSerial} from '../trace/probe-facts.js';
import {formatMs} from './format-ms.js';
import {markdownCode, markdownParagraph, markdownText} from './markdown.js';

export type ReportFormat = 'markdown' | 'text';

/**
 * A self-contained summary to paste into a ticket or a chat: the question, the outcome, the delegation path, the
 * findings with their evidence (server, address, rtt, serial), and the command that reproduces the trace. The raw
 * data stays in the snapshot, which the report names.
 */
export function renderReport({trace, analysis}: AnalysedTrace, options: {format: ReportFormat; toolVersion: string; snapshot?: string}): Presented {
	const md = options.format === 'markdown';
	const lines: Presented[] = [];
	const h = (level: number, text: Presented) => lines.push(safe``, md ? safe`${presentText('#'.repeat(level))} ${text}` : safe`${text}\n${presentText((level === 1 ? '=' : '-').repeat(text.length))}`);
	const code = (text: Presented) => (md ? markdownCode(text) : text);
	const prose = (text: Presented) => (md ? markdownText(text) : text);
	const item = md ? safe`- ` : safe``;
	const outcome = trace.outcome;

	lines.push(safe`${md ? safe`# ` : safe``}DNS trace: ${prose(presentText(trace.query.name))} ${prose(presentText(trace.query.type))}`);
	lines.push(safe``);
	lines.push(safe`${item}When: ${prose(presentText(trace.startedAt))}, digdeeper ${prose(presentText(options.toolVersion))}, ${joinPresented(trace.options.families.map((family) => safe`IPv${family}`), safe`+`)}${trace.options.lab ? safe`, in the digdeeper lab` : safe``}`);
	lines.push(safe`${item}Outcome: ${presentText(outcome.status.toUpperCase())}${outcome.zone ? safe` from ${prose(presentName(outcome.zone))}` : safe``} after ${formatMs(outcome.atMs)}${outcome.reason ? safe` — ${prose(presentText(outcome.reason))}` : safe``}`);
	if (outcome.status === 'answer') lines.push(safe`${item}Answer: ${joinPresented(outcome.records.filter((record) => record.type !== 'RRSIG').map((record) => code(replacePresented(presentRecord(record), '\t', safe` `))), safe`, `)}`);
	const dnssec = analysis.dnssec.outcome;
	lines.push(safe`${item}DNSSEC: ${prose(presentText(dnssecStatusWords(dnssec.status)))}${dnssec.status === 'bogus' ? safe` — ${prose(presentText(BOGUS_HEADLINE))}` : safe``} (${prose(presentText(dnssec.reason))})`);
	if (trace.options.validateAt) lines.push(safe`${item}DNSSEC judged as of ${prose(presentText(trace.options.validateAt))} (--at)`);
	const errors = analysis.findings.filter((finding) => finding.severity === 'error').length;
	const warnings = analysis.findings.filter((finding) => finding.severity === 'warning').length;
	lines.push(safe`${item}Findings: ${errors} error${errors === 1 ? safe`` : safe`s`}, ${warnings} warning${warnings === 1 ? safe`` : safe`s`}; ${trace.stats.queries} queries to every server of ${trace.zones.length} zones`);

	h(2, safe`Delegation path`);
	const path = trace.resolutions[0]?.steps ?? [];
	for (const step of path) {
		const zone = trace.zones.find((candidate) => candidate.name === step.zone);
		const answering = zone?.servers.filter((server) => server.probes.some(isUsable)).length ?? 0;
		lines.push(safe`${md ? safe`1. ` : safe`  `}${code(presentName(step.zone))}: ${answering}/${zone?.servers.length ?? 0} server addresses answering; ${step.result === 'referral' ? safe`referral to ${prose(presentName(step.next ?? ''))}` : step.result === 'cname' ? safe`CNAME to ${prose(presentName(step.next ?? ''))}` : step.result === 'cut' ? safe`answered from the data of ${prose(presentName(step.next ?? ''))}, which its servers also serve` : prose(presentText(step.result))}`);
	}

	const important = analysis.findings.filter((finding) => finding.severity !== 'info');
	h(2, important.length > 0 ? safe`Findings` : safe`Findings: none`);
	for (const finding of important) lines.push(...findingSection(trace, finding, md));
	const notes = analysis.findings.filter((finding) => finding.severity === 'info');
	if (notes.length > 0) {
		lines.push(safe``, md ? safe`**Notes:**` : safe`Notes:`);
		for (const note of notes) lines.push(safe`${md ? safe`- ` : safe`  `}${presentText(note.code)}: ${prose(presentText(note.message))}`);
	}

	h(2, safe`Reproduce`);
	lines.push(safe``, md ? safe`\`\`\`` : safe``, reproduce(trace), md ? safe`\`\`\`` : safe``);
	lines.push(options.snapshot ? safe`Full data (every response, raw bytes included): ${code(presentText(options.snapshot))} — open it with ${code(safe`digdeeper open ${presentText(options.snapshot)}`)}.` : safe`Full data: attach the snapshot (digdeeper … --json -o FILE).`);
	return safe`${trimPresented(replacePresented(joinPresented(lines, safe`\n`), /\n{3,}/gu, safe`\n\n`))}\n`;
}

function findingSection(trace: Trace, finding: Finding, md: boolean): Presented[] {
	const prose = (text: Presented) => (md ? markdownText(text) : text);
	const paragraph = (text: Presented) => (md ? markdownParagraph(text) : text);
	// The severity and code are the catalogue's own words (`SERIAL_MISMATCH`: an underscore inside a word is no emphasis).
	const title = safe`${presentText(finding.severity.toUpperCase())} ${presentText(finding.code)} — ${prose(presentText(finding.zone))}`;
	const lines = [safe``, md ? safe`### ${title}` : title, safe``, paragraph(presentText(finding.message)), safe``, paragraph(presentText(finding.explanation)), safe``, safe`Who can fix it: ${prose(presentText(finding.fixers.join(', ')))}.`];
	const evidence = trace.zones.flatMap((zone) => zone.servers.flatMap((server) => server.probes.filter((probe) => finding.evidence.includes(probe.id)).map((probe) => ({server, probe}))));
	if (evidence.length === 0) return lines;
	lines.push(safe``);
	const rows = evidence.slice(0, 12).map(({server, probe}) => [
		presentText(server.name),
		presentText(server.address),
		safe`${presentName(probe.question.name)} ${presentText(probe.question.type)}`,
		probe.status === 'answered' ? presentText(`${probe.rcode} ${probe.kind}`) : presentText(probe.status),
		via(probe),
		probe.rttMs !== undefined ? formatMs(probe.rttMs) : safe`—`,
		presentText(String(servedSerial(server) ?? '—')),
		// Which instance of an anycast address answered: what its operator needs to find the stale one.
		probe.nsid !== undefined ? presentNsid(probe.nsid) : safe`—`,
	]);
	if (md) {
		// Every cell escaped (pipes and backslashes included), so a row has exactly its nine unescaped `|`.
		lines.push(safe`| server | address | question | result | via | rtt | serial | NSID |`, safe`|---|---|---|---|---|---|---|---|`, ...rows.map((row) => safe`| ${joinPresented(row.map(prose), safe` | `)} |`));
	} else {
		const widths = rows[0]!.map((_, index) => Math.max(...rows.map((row) => row[index]!.length)));
		lines.push(...rows.map((row) => safe`  ${joinPresented(row.map((cell, index) => padPresented(cell, widths[index]!)), safe`  `)}`));
	}
	if (evidence.length > 12) lines.push(safe`${md ? safe`` : safe`  `}… and ${evidence.length - 12} more probes in the snapshot.`);
	return lines;
}

/** The transport a probe's result came over, and why when it was not plain UDP. */
function via(probe: Probe): Presented {
	if (!probe.transport) return safe`—`;
	const why = probe.purpose === 'soa-tcp' ? safe` (TCP check)` : probe.udpTimedOut ? safe` (UDP timed out)` : probe.truncatedOverUdp ? safe` (after TC=1)` : safe``;
	return safe`${presentText(probe.transport.toUpperCase())}${why}`;
}

/** The command that takes the same trace again. */
export function reproduce(trace: Trace): Presented {
	const parts = ['digdeeper', trace.query.name.replace(/\.$/u, ''), trace.query.type];
	if (trace.options.lab) parts.push('--lab');
	else {
		if (trace.options.hints !== 'built-in') parts.push('--hints', trace.options.hints);
		if (trace.options.port !== 53) parts.push('--port', String(trace.options.port));
	}
	if (trace.options.families.length === 1) parts.push(`-${trace.options.families[0]}`);
	if (!trace.options.dnssec) parts.push('--no-dnssec');
	if (trace.options.validateAt) parts.push('--at', trace.options.validateAt);
	parts.push('--text');
	return presentText(parts.join(' '));
}
