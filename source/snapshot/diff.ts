import type {Name} from '../dns/name.js';
import {presentRecord} from '../dns/present.js';
import type {Server, Trace, Zone} from '../trace/model.js';
import {servedSerial, walkProbe} from '../trace/probe-facts.js';
import {sanitize} from '../text/sanitize.js';

export type ChangeKind =
	| 'outcome'
	| 'dnssec'
	| 'zone'
	| 'delegation'
	| 'glue'
	| 'ds'
	| 'dnskey'
	| 'serial'
	| 'reachability'
	| 'rtt'
	| 'finding-appeared'
	| 'finding-resolved';

/** One difference between two traces of the same name; `server` is an address when the change is a server's. */
export interface Change {
	kind: ChangeKind;
	zone?: Name;
	server?: string;
	before: string;
	after: string;
}

/** A round trip that moved by this much and by this factor is worth a line; jitter below it is not. */
const RTT_CHANGE_MS = 50;
const RTT_CHANGE_FACTOR = 2;

/** What changed between two traces of the same name: "before and after the outage" as data. */
export function diffTraces(before: Trace, after: Trace): Change[] {
	const changes: Change[] = [];
	const outcome = (trace: Trace) => `${trace.outcome.status}${trace.outcome.zone ? ` from ${trace.outcome.zone}` : ''}: ${trace.outcome.records.filter((record) => record.type !== 'RRSIG').map((record) => presentRecord(record).replaceAll('\t', ' ')).join(', ') || trace.outcome.reason || '—'}`;
	if (outcome(before) !== outcome(after)) changes.push({kind: 'outcome', before: outcome(before), after: outcome(after)});
	if ((before.outcome.dnssec ?? '—') !== (after.outcome.dnssec ?? '—')) changes.push({kind: 'dnssec', before: before.outcome.dnssec ?? '—', after: after.outcome.dnssec ?? '—'});

	const zones = [...new Set([...before.zones, ...after.zones].map((zone) => zone.name))];
	for (const name of zones) {
		const a = before.zones.find((zone) => zone.name === name);
		const b = after.zones.find((zone) => zone.name === name);
		if (!a || !b) {
			changes.push({kind: 'zone', zone: name, before: a ? 'reached' : 'not reached', after: b ? 'reached' : 'not reached'});
			continue;
		}
		compare(changes, 'delegation', name, undefined, delegation(before, a), delegation(after, b));
		compare(changes, 'glue', name, undefined, glue(before, a), glue(after, b));
		compare(changes, 'ds', name, undefined, dsTags(before, a), dsTags(after, b));
		const servers = [...new Set([...a.servers, ...b.servers].map((server) => server.address))];
		for (const address of servers) {
			const x = a.servers.find((server) => server.address === address);
			const y = b.servers.find((server) => server.address === address);
			const label = (server: Server | undefined) => (server ? `${server.name} ${server.address}` : address);
			compare(changes, 'reachability', name, label(y ?? x), reachability(x), reachability(y));
			compare(changes, 'serial', name, label(y ?? x), serial(x), serial(y));
			compare(changes, 'dnskey', name, label(y ?? x), keyTags(x), keyTags(y));
			const rttBefore = walkProbe(x)?.rttMs;
			const rttAfter = walkProbe(y)?.rttMs;
			if (rttBefore !== undefined && rttAfter !== undefined && Math.abs(rttAfter - rttBefore) >= RTT_CHANGE_MS && Math.max(rttAfter, rttBefore) / Math.max(1, Math.min(rttAfter, rttBefore)) >= RTT_CHANGE_FACTOR) {
				changes.push({kind: 'rtt', zone: name, server: label(y), before: `${Math.round(rttBefore)} ms`, after: `${Math.round(rttAfter)} ms`});
			}
		}
	}

	const key = (finding: Trace['findings'][number]) => `${finding.code}|${finding.zone}`;
	const beforeFindings = new Map(before.findings.map((finding) => [key(finding), finding]));
	const afterFindings = new Map(after.findings.map((finding) => [key(finding), finding]));
	for (const [id, finding] of afterFindings) if (!beforeFindings.has(id)) changes.push({kind: 'finding-appeared', zone: finding.zone, before: '—', after: `${finding.severity} ${finding.code}: ${finding.message}`});
	for (const [id, finding] of beforeFindings) if (!afterFindings.has(id)) changes.push({kind: 'finding-resolved', zone: finding.zone, before: `${finding.severity} ${finding.code}: ${finding.message}`, after: '—'});
	return changes;
}

function compare(changes: Change[], kind: ChangeKind, zone: Name, server: string | undefined, before: string, after: string) {
	if (before !== after) changes.push({kind, zone, ...(server ? {server} : {}), before, after});
}

function reachability(server: Server | undefined): string {
	if (!server) return 'not asked';
	const probe = walkProbe(server) ?? server.probes[0];
	if (!probe) return 'not asked';
	return probe.status === 'answered' ? (probe.kind === 'referral' ? 'referral' : (probe.kind ?? 'answered')) : probe.status;
}

function serial(server: Server | undefined): string {
	return String(servedSerial(server) ?? '—');
}

function keyTags(server: Server | undefined): string {
	const tags = server?.probes.find((probe) => probe.purpose === 'dnskey')?.response?.answer.filter((record) => record.type === 'DNSKEY').length;
	return tags === undefined ? '—' : `${tags} key${tags === 1 ? '' : 's'}`;
}

/** The NS set the parent's servers gave for the zone (all variants, sorted). */
function delegation(trace: Trace, zone: Zone): string {
	const parent = trace.zones.find((candidate) => candidate.name === zone.parent);
	const names = new Set<string>();
	for (const server of parent?.servers ?? []) for (const probe of server.probes) if (probe.kind === 'referral' && probe.referral === zone.name) for (const record of probe.response?.authority ?? []) if (record.type === 'NS' && record.name === zone.name && record.data.kind === 'name') names.add(record.data.target);
	return [...names].sort().join(' ') || (zone.parent ? 'no delegation seen' : 'root hints');
}

function glue(trace: Trace, zone: Zone): string {
	const parent = trace.zones.find((candidate) => candidate.name === zone.parent);
	const entries = new Set<string>();
	for (const server of parent?.servers ?? []) for (const probe of server.probes) if (probe.kind === 'referral' && probe.referral === zone.name) for (const record of probe.response?.additional ?? []) if (record.data.kind === 'address') entries.add(`${record.name} ${record.data.address}`);
	return [...entries].sort().join(', ') || '—';
}

function dsTags(trace: Trace, zone: Zone): string {
	const parent = trace.zones.find((candidate) => candidate.name === zone.parent);
	const tags = new Set<number>();
	for (const server of parent?.servers ?? []) for (const probe of server.probes) if (probe.purpose === 'ds' && probe.question.name === zone.name) for (const record of probe.response?.answer ?? []) if (record.data.kind === 'ds') tags.add(record.data.keyTag);
	return [...tags].sort((x, y) => x - y).join(' ') || '—';
}

/** The diff as text: one line per change, grouped by zone. */
export function renderDiff(before: Trace, after: Trace, changes: Change[]): string {
	const lines = [`; digdeeper diff: ${sanitize(before.query.name)} ${before.query.type}, ${before.startedAt} → ${after.startedAt}`];
	if (changes.length === 0) return `${lines[0]}\n;; no difference\n`;
	let zone: string | undefined;
	for (const change of changes) {
		if (change.zone !== zone) {
			zone = change.zone;
			lines.push('', zone ? `${sanitize(zone)}` : 'the trace');
		}
		lines.push(`  ${change.kind.padEnd(17)} ${change.server ? `${sanitize(change.server)}: ` : ''}${sanitize(change.before)} → ${sanitize(change.after)}`);
	}
	return `${lines.join('\n')}\n`;
}
