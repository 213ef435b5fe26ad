import wrapAnsi from 'wrap-ansi';
import type {AnalysedTrace} from '../analysis/analyze.js';
import type {Finding} from '../analysis/finding.js';
import {presentName, presentRecord} from '../dns/present.js';
import type {Name} from '../dns/name.js';
import type {PathStep, Probe, Resolution, Server, Trace, Zone} from '../trace/model.js';
import {servedSerial} from '../trace/probe-facts.js';
import {sanitize} from '../dns/sanitize.js';
import {formatMs} from './format-ms.js';

export interface TextOptions {
	toolVersion: string;
}

/**
 * The plain-text view: `dig +trace` grown up. Per zone cut, one line per server and address with what it said to
 * the walk's question (rtt, rcode, flags, size, what it meant) and the zone serial it serves; then the outcome.
 */
export function renderTraceText({trace, analysis}: AnalysedTrace, options: TextOptions): string {
	const lines: string[] = [];
	const zones = new Map(trace.zones.map((zone) => [zone.name, zone]));
	const families = trace.options.families.map((family) => `IPv${family}`).join('+');
	lines.push(`; digdeeper ${options.toolVersion}: ${presentName(trace.query.name)} ${trace.query.type}${trace.query.unicode !== trace.query.name ? ` (${sanitize(trace.query.unicode)})` : ''}, every server at every address`);
	lines.push(
		`; hints: ${sanitize(trace.options.hints)} · port ${trace.options.port} · ${families} · DNSSEC ${trace.options.dnssec ? 'on' : 'off'} · timeout ${trace.options.timeoutMs} ms, ${trace.options.retries} ${trace.options.retries === 1 ? 'retry' : 'retries'}`,
	);
	for (const {family, reason} of trace.vantage.unavailableFamilies) {
		lines.push(`; this host has no IPv${family} connectivity (${sanitize(reason)}): IPv${family} probes were skipped, not blamed on servers`);
	}

	const main = trace.resolutions[0];
	if (main) renderSteps(lines, main, zones);

	lines.push('');
	lines.push(...renderOutcome(trace));
	lines.push(`;; DNSSEC: ${analysis.dnssec.outcome.status} — ${sanitize(analysis.dnssec.outcome.reason)} (trust anchor: ${sanitize(analysis.dnssec.anchors)})`);
	lines.push('', ...renderFindings(analysis.findings));

	const subtraces = trace.resolutions.filter((resolution) => resolution.purpose !== 'query');
	if (subtraces.length > 0) {
		lines.push('');
		lines.push(';; SUB-TRACES (name server addresses that had no glue, and differing delegations):');
		for (const resolution of subtraces) {
			const why = resolution.for ? ` for ${presentName(resolution.for.zone)}` : resolution.purpose === 'variant' ? ' (a differing delegation, followed too)' : '';
			const outcome = resolution.outcome;
			const result = outcome
				? outcome.status === 'answer'
					? outcome.records.filter((record) => record.type === resolution.question.type).map((record) => (record.data.kind === 'address' ? record.data.address : record.type)).join(', ') || 'answer'
					: outcome.status === 'failure'
						? `FAILED: ${sanitize(outcome.reason ?? '')}`
						: outcome.status.toUpperCase()
				: 'unfinished';
			lines.push(`;   ${presentName(resolution.question.name)} ${resolution.question.type}${why}: ${result}  [${resolution.steps.map((step) => presentName(step.zone)).join(' → ')}]`);
		}
	}

	for (const loop of trace.loops) lines.push(`;; LOOP (${loop.kind}): ${sanitize(loop.detail)}`);
	for (const hit of trace.limits) lines.push(`;; LIMIT ${hit.limit} (${hit.value}): ${sanitize(hit.detail)}`);

	const {stats} = trace;
	lines.push('');
	lines.push(
		`;; ${stats.queries} queries to ${countServers(trace)} server addresses in ${trace.zones.length} zones: ${stats.answered} answered, ${stats.failed} failed${stats.skipped ? `, ${stats.skipped} skipped` : ''}${stats.ignoredResponses ? `, ${stats.ignoredResponses} stray responses ignored` : ''}`,
	);
	lines.push(`;; outcome known at ${formatMs(trace.outcome.atMs)}, last probe finished at ${formatMs(trace.durationMs)}`);
	return `${lines.join('\n')}\n`;
}

function renderSteps(lines: string[], resolution: Resolution, zones: Map<Name, Zone>) {
	for (const step of resolution.steps) {
		const zone = zones.get(step.zone);
		if (!zone) continue;
		lines.push('');
		lines.push(zoneHeading(zone, step));
		const rows = zone.servers.map((server) => serverRow(server, step));
		const widths = columnWidths(rows);
		for (const row of rows) lines.push(`  ${row.map((cell, index) => (index < row.length - 1 ? cell.padEnd(widths[index]!) : cell)).join('  ').trimEnd()}`);
		for (const ns of zone.nameservers) {
			if (ns.addresses.length === 0 || ns.unresolved) lines.push(`  ${presentName(ns.name)}  no address: ${sanitize(ns.unresolved ?? 'not resolved')}`);
		}
		const followed = step.probe !== undefined ? findProbe(zone, step.probe) : undefined;
		const tail = step.result === 'failure' ? 'no usable answer from any server' : step.next ? `${step.result} → ${presentName(step.next)}` : step.result;
		lines.push(`  ;; ${presentName(step.question.name)} ${step.question.type}: ${tail}${followed ? ` (first from ${presentName(followed.server)} ${followed.address} at ${formatMs(step.atMs)})` : ''}`);
		if (step.variants.length > 1) {
			for (const variant of step.variants) {
				lines.push(`  ;;   variant: ${variant.kind}${variant.child ? ` → ${presentName(variant.child)}` : ''}${variant.ns ? ` NS ${variant.ns.map(presentName).join(' ')}` : ''} from ${variant.addresses.join(', ')}`);
			}
		}
	}
}

function zoneHeading(zone: Zone, step: PathStep): string {
	const names = zone.nameservers.length;
	const from = zone.parent ? `delegated by ${presentName(zone.parent)}` : 'root hints';
	// Parent and child NS sets can only be compared once some server of the zone has told us its own.
	const childSeen = zone.parent !== undefined && zone.servers.some((server) => server.probes.some((probe) => probe.purpose === 'ns' && probe.kind === 'answer'));
	const marker = (listedBy: string[]) => (!childSeen ? '' : !listedBy.includes('child') ? ' (parent only)' : !listedBy.includes('parent') ? ' (child only)' : '');
	const listed = zone.nameservers.map((ns) => `${presentName(ns.name)}${marker(ns.listedBy)}`).join(' ');
	return `${presentName(step.zone)}  (${from}; ${names} name server${names === 1 ? '' : 's'}: ${listed})`;
}

function serverRow(server: Server, step: PathStep): string[] {
	const probe = server.probes.find((candidate) => candidate.question.name === step.question.name && candidate.question.type === step.question.type);
	const soa = server.probes.find((candidate) => candidate.purpose === 'soa');
	const serial = servedSerial(server);
	const serialText = serial !== undefined ? `serial ${serial}` : soa && soa.status !== 'answered' ? 'serial ?' : '';
	const origin = server.origin === 'hints' ? '' : `[${server.origin}]`;
	if (!probe) return [presentName(server.name), server.address, origin, '', 'not asked', '', '', '', serialText];
	if (probe.status !== 'answered') {
		return [presentName(server.name), server.address, origin, probe.rttMs !== undefined ? formatMs(probe.rttMs) : '', probe.status.toUpperCase(), '', '', sanitize(probe.error ?? ''), serialText];
	}
	const flags = [probe.response?.flags.aa ? 'aa' : '', probe.truncatedOverUdp ? 'tc→tcp' : probe.transport === 'tcp' ? 'tcp' : '', probe.ednsFallback ? 'no-edns' : ''].filter(Boolean).join(',');
	const meaning = probe.kind === 'referral' && probe.referral ? `referral → ${presentName(probe.referral)}` : (probe.kind ?? '');
	return [presentName(server.name), server.address, origin, formatMs(probe.rttMs ?? 0), probe.rcode ?? '', flags, `${probe.size ?? 0} B`, meaning, serialText];
}

function columnWidths(rows: string[][]): number[] {
	const widths: number[] = [];
	for (const row of rows) row.forEach((cell, index) => (widths[index] = Math.max(widths[index] ?? 0, cell.length)));
	return widths;
}

function renderOutcome(trace: Trace): string[] {
	const {outcome} = trace;
	const where = outcome.zone ? ` from ${presentName(outcome.zone)}` : '';
	switch (outcome.status) {
		case 'answer':
			return [`;; ANSWER${where} at ${formatMs(outcome.atMs)}:`, ...outcome.records.filter((record) => record.type !== 'RRSIG').map(presentRecord)];
		case 'nxdomain':
			return [`;; NXDOMAIN${where} at ${formatMs(outcome.atMs)}: ${presentName(trace.query.name)} does not exist`, ...outcome.records.map(presentRecord)];
		case 'nodata':
			return [`;; NODATA${where} at ${formatMs(outcome.atMs)}: ${presentName(trace.query.name)} exists but has no ${trace.query.type} records`, ...outcome.records.map(presentRecord)];
		case 'failure':
			return [`;; FAILURE at ${formatMs(outcome.atMs)}: ${sanitize(outcome.reason ?? 'the trace failed')}`];
		case 'pending':
			return [';; UNFINISHED: the trace was saved before the walk reached an outcome'];
	}
}

const SEVERITY_LABEL = {error: 'ERROR  ', warning: 'WARNING', info: 'INFO   '} as const;
const FIXER_LABEL: Record<Finding['fixers'][number], string> = {
	registry: 'the registry (TLD operator)',
	registrar: 'the registrar',
	'dns-operator': 'the DNS operator',
	'zone-owner': 'the zone owner',
	'this-host': 'this host',
};
/** Explanations wrap here: a comfortable reading width that also fits an 80-column terminal after the indent. */
const TEXT_WIDTH = 88;

/** Findings worst first: the one-line message, then the explanation for a learner and who can act. */
export function renderFindings(findings: Finding[]): string[] {
	if (findings.length === 0) return [';; FINDINGS: none'];
	const count = (severity: Finding['severity']) => findings.filter((finding) => finding.severity === severity).length;
	const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
	const lines = [`;; FINDINGS: ${plural(count('error'), 'error')}, ${plural(count('warning'), 'warning')}, ${plural(count('info'), 'note')}`];
	for (const finding of findings) {
		lines.push('', `${SEVERITY_LABEL[finding.severity]}  ${finding.code}  ${sanitize(finding.message)}`);
		const wrapped = wrapAnsi(sanitize(finding.explanation), TEXT_WIDTH, {hard: true}).split('\n');
		lines.push(...wrapped.map((line) => `         ${line}`));
		lines.push(`         Who can fix it: ${finding.fixers.map((fixer) => FIXER_LABEL[fixer]).join(', ')}.`);
	}
	return lines;
}

function findProbe(zone: Zone, id: number): Probe | undefined {
	for (const server of zone.servers) {
		const probe = server.probes.find((candidate) => candidate.id === id);
		if (probe) return probe;
	}
	return undefined;
}

function countServers(trace: Trace): number {
	return new Set(trace.zones.flatMap((zone) => zone.servers.map((server) => server.address))).size;
}
