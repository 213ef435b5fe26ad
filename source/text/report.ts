import type {AnalysedTrace} from '../analysis/analyze.js';
import type {Finding} from '../analysis/finding.js';
import {presentRecord} from '../dns/present.js';
import type {Trace} from '../trace/model.js';
import {isUsable, servedSerial} from '../trace/probe-facts.js';
import {sanitize} from '../dns/sanitize.js';
import {formatMs} from './format-ms.js';

export type ReportFormat = 'markdown' | 'text';

/**
 * A self-contained summary to paste into a ticket or a chat: the question, the outcome, the delegation path, the
 * findings with their evidence (server, address, rtt, serial), and the command that reproduces the trace. The raw
 * data stays in the snapshot, which the report names.
 */
export function renderReport({trace, analysis}: AnalysedTrace, options: {format: ReportFormat; toolVersion: string; snapshot?: string}): string {
	const md = options.format === 'markdown';
	const lines: string[] = [];
	const h = (level: number, text: string) => lines.push('', md ? `${'#'.repeat(level)} ${text}` : `${text}\n${(level === 1 ? '=' : '-').repeat(text.length)}`);
	const code = (text: string) => (md ? `\`${text}\`` : text);
	const outcome = trace.outcome;

	lines.push(md ? `# DNS trace: ${sanitize(trace.query.name)} ${trace.query.type}` : `DNS trace: ${sanitize(trace.query.name)} ${trace.query.type}`);
	lines.push('');
	lines.push(`${md ? '- ' : ''}When: ${trace.startedAt}, digdeeper ${options.toolVersion}, ${trace.options.families.map((family) => `IPv${family}`).join('+')}${trace.options.lab ? ', in the digdeeper lab' : ''}`);
	lines.push(`${md ? '- ' : ''}Outcome: ${outcome.status.toUpperCase()}${outcome.zone ? ` from ${outcome.zone}` : ''} after ${formatMs(outcome.atMs)}${outcome.reason ? ` — ${sanitize(outcome.reason)}` : ''}`);
	if (outcome.status === 'answer') lines.push(`${md ? '- ' : ''}Answer: ${outcome.records.filter((record) => record.type !== 'RRSIG').map((record) => code(presentRecord(record).replaceAll('\t', ' '))).join(', ')}`);
	lines.push(`${md ? '- ' : ''}DNSSEC: ${analysis.dnssec.outcome.status} (${sanitize(analysis.dnssec.outcome.reason)})`);
	const errors = analysis.findings.filter((finding) => finding.severity === 'error').length;
	const warnings = analysis.findings.filter((finding) => finding.severity === 'warning').length;
	lines.push(`${md ? '- ' : ''}Findings: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}; ${trace.stats.queries} queries to every server of ${trace.zones.length} zones`);

	h(2, 'Delegation path');
	const path = trace.resolutions[0]?.steps ?? [];
	for (const step of path) {
		const zone = trace.zones.find((candidate) => candidate.name === step.zone);
		const answering = zone?.servers.filter((server) => server.probes.some(isUsable)).length ?? 0;
		lines.push(`${md ? '1. ' : '  '}${code(step.zone)}: ${answering}/${zone?.servers.length ?? 0} server addresses answering; ${step.result === 'referral' ? `referral to ${step.next}` : step.result === 'cname' ? `CNAME to ${step.next}` : step.result}`);
	}

	const important = analysis.findings.filter((finding) => finding.severity !== 'info');
	h(2, important.length > 0 ? 'Findings' : 'Findings: none');
	for (const finding of important) lines.push(...findingSection(trace, finding, md));
	const notes = analysis.findings.filter((finding) => finding.severity === 'info');
	if (notes.length > 0) {
		lines.push('', md ? '**Notes:**' : 'Notes:');
		for (const note of notes) lines.push(`${md ? '- ' : '  '}${note.code}: ${sanitize(note.message)}`);
	}

	h(2, 'Reproduce');
	lines.push('', md ? '```' : '', reproduce(trace), md ? '```' : '');
	lines.push(options.snapshot ? `Full data (every response, raw bytes included): ${code(options.snapshot)} — open it with ${code(`digdeeper open ${options.snapshot}`)}.` : 'Full data: attach the snapshot (digdeeper … --json -o FILE).');
	return `${lines.join('\n').replace(/\n{3,}/gu, '\n\n').trim()}\n`;
}

function findingSection(trace: Trace, finding: Finding, md: boolean): string[] {
	const lines = ['', md ? `### ${finding.severity.toUpperCase()} ${finding.code} — ${sanitize(finding.zone)}` : `${finding.severity.toUpperCase()} ${finding.code} — ${sanitize(finding.zone)}`, '', sanitize(finding.message), '', sanitize(finding.explanation), '', `Who can fix it: ${finding.fixers.join(', ')}.`];
	const evidence = trace.zones.flatMap((zone) => zone.servers.flatMap((server) => server.probes.filter((probe) => finding.evidence.includes(probe.id)).map((probe) => ({server, probe}))));
	if (evidence.length === 0) return lines;
	lines.push('');
	const rows = evidence.slice(0, 12).map(({server, probe}) => [sanitize(server.name), server.address, `${sanitize(probe.question.name)} ${probe.question.type}`, probe.status === 'answered' ? `${probe.rcode} ${probe.kind}` : probe.status, probe.rttMs !== undefined ? formatMs(probe.rttMs) : '—', String(servedSerial(server) ?? '—')]);
	if (md) {
		lines.push('| server | address | question | result | rtt | serial |', '|---|---|---|---|---|---|', ...rows.map((row) => `| ${row.join(' | ')} |`));
	} else {
		const widths = rows[0]!.map((_, index) => Math.max(...rows.map((row) => row[index]!.length)));
		lines.push(...rows.map((row) => `  ${row.map((cell, index) => cell.padEnd(widths[index]!)).join('  ')}`));
	}
	if (evidence.length > 12) lines.push(`${md ? '' : '  '}… and ${evidence.length - 12} more probes in the snapshot.`);
	return lines;
}

/** The command that takes the same trace again. */
export function reproduce(trace: Trace): string {
	const parts = ['digdeeper', trace.query.name.replace(/\.$/u, ''), trace.query.type];
	if (trace.options.lab) parts.push('--lab');
	else {
		if (trace.options.hints !== 'built-in') parts.push('--hints', trace.options.hints);
		if (trace.options.port !== 53) parts.push('--port', String(trace.options.port));
	}
	if (trace.options.families.length === 1) parts.push(`-${trace.options.families[0]}`);
	if (!trace.options.dnssec) parts.push('--no-dnssec');
	parts.push('--text');
	return parts.join(' ');
}
