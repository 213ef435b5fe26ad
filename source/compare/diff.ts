import type {AnalysedTrace} from '../analysis/analyze.js';
import {describeTtl} from '../analysis/serial-age.js';
import type {Name} from '../dns/name.js';
import {absentValue, factKey, traceFacts, type Fact, type FactKind, type FactSet} from './trace-facts.js';

export type ChangeKind = Exclude<FactKind, 'finding'> | 'rtt' | 'finding-appeared' | 'finding-severity' | 'finding-resolved';

/** One difference between two traces of the same name; `server` is "name address" when the change is a server's. */
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
export function diffTraces(before: AnalysedTrace, after: AnalysedTrace): Change[] {
	return diffFacts(traceFacts(before), traceFacts(after), after.trace.startedAt);
}

/**
 * The changes between two sets of facts: the trace's own first, then zone by zone (a zone reached on one side only
 * is one change, not one per server), then findings that appeared and that were resolved. `at` is when the later
 * facts were seen (its trace's start): a resolved finding then says until when users may still meet it.
 */
export function diffFacts(before: FactSet, after: FactSet, at?: string): Change[] {
	const keys = [...new Set([...before.keys(), ...after.keys()])];
	const zones = [...new Set(keys.map((key) => (before.get(key) ?? after.get(key))!.zone).filter((zone): zone is Name => zone !== undefined))];
	const reached = (facts: FactSet, zone: Name) => facts.has(factKey({kind: 'zone', zone, value: 'reached'}));
	const reachedOnOneSide = new Set(zones.filter((zone) => reached(before, zone) !== reached(after, zone)));
	const rank = (fact: Fact) => (fact.kind === 'finding' ? zones.length + 1 : fact.zone === undefined ? 0 : zones.indexOf(fact.zone) + 1);
	const ordered = keys.map((key) => ({key, fact: (after.get(key) ?? before.get(key))!})).sort((a, b) => rank(a.fact) - rank(b.fact));

	// A server that stopped (or started) answering is one change: its serial and keys going to "—" are not news.
	const reachabilityChanged = new Set(keys.filter((key) => key.startsWith('reachability ') && before.get(key)?.value !== after.get(key)?.value).map((key) => key.slice('reachability '.length)));
	const changes: Change[] = [];
	const findings: Change[] = [];
	for (const {key, fact} of ordered) {
		const [x, y] = [before.get(key), after.get(key)];
		if (fact.kind === 'finding') {
			const text = (finding: Fact) => finding.value.replace(/^(\S+): (\S+) /u, '$2 $1: ');
			if (!x) findings.push({kind: 'finding-appeared', ...zoneOf(fact), before: '—', after: text(y!)});
			// Still there, but worse or better (a warning that became an error: the zone's last server went too). Its words
			// alone (a count, a time) change too often to be news.
			else if (y && severityOf(x) !== severityOf(y)) findings.push({kind: 'finding-severity', ...zoneOf(fact), before: text(x), after: text(y)});
			else if (!y) {
				const until = at === undefined || x.afterFixSeconds === undefined ? undefined : untilInWords(at, x.afterFixSeconds);
				findings.push({kind: 'finding-resolved', ...zoneOf(fact), before: text(x), after: [until, x.afterFix].filter((words) => words !== undefined).join(' ') || '—'});
			}
			continue;
		}
		if (fact.kind !== 'zone' && fact.zone !== undefined && reachedOnOneSide.has(fact.zone)) continue;
		const [was, now] = [x?.value ?? absentValue(fact.kind), y?.value ?? absentValue(fact.kind)];
		const silenced = (fact.kind === 'serial' || fact.kind === 'dnskey') && reachabilityChanged.has(`${fact.zone} ${fact.address}`) && (was === '—' || now === '—');
		if (silenced) continue;
		const about = {...zoneOf(fact), ...(fact.server ? {server: fact.server} : {})};
		if (was !== now) changes.push({kind: fact.kind, ...about, before: was, after: now});
		if (x?.rttMs !== undefined && y?.rttMs !== undefined && rttMoved(x.rttMs, y.rttMs)) changes.push({kind: 'rtt', ...about, before: `${Math.round(x.rttMs)} ms`, after: `${Math.round(y.rttMs)} ms`});
	}
	return [...changes, ...(['finding-appeared', 'finding-severity', 'finding-resolved'] as const).flatMap((kind) => findings.filter((change) => change.kind === kind))];
}

/** A finding fact's severity: its value is "CODE: severity message" (trace-facts.ts). */
const severityOf = (finding: Fact) => finding.value.split(' ', 2)[1];

/** A finding-severity change's severities, before and after: each side reads "severity CODE: message". */
export const severitiesOf = (change: Change): {was: string; now: string} => ({was: change.before.split(' ', 1)[0]!, now: change.after.split(' ', 1)[0]!});

/**
 * The one rule every view of changes follows: a round trip that moved is not a change of the DNS (the servers said
 * the same); it is listed apart, as "same answers, rtt differs", and marks nothing as changed.
 */
export function changesTheDns(change: Change): boolean {
	return change.kind !== 'rtt';
}

/**
 * "Users may see the old answer until 16:16 UTC (1 hour after the trace of 15:15:50 UTC that saw it fixed)." The fix
 * came at the latest when it was seen, so a cache filled just before it lasts at most this long; the minute is rounded up,
 * and the date is said when it is not the day the fix was seen.
 */
function untilInWords(at: string, seconds: number): string | undefined {
	const until = oldAnswerUntil(at, seconds);
	return until === undefined ? undefined : `Users may see the old answer until ${until} (${describeTtl(seconds)} after the trace of ${at.slice(11, 19)} UTC that saw it fixed).`;
}

/** When a cache filled just before a fix seen at `at` runs out: "16:16 UTC", or "2026-12-01 00:05 UTC" on another day. */
export function oldAnswerUntil(at: string, seconds: number): string | undefined {
	const seen = Date.parse(at);
	if (Number.isNaN(seen)) return undefined;
	const until = new Date(Math.ceil((seen + seconds * 1000) / 60_000) * 60_000).toISOString();
	return `${until.slice(0, 10) === at.slice(0, 10) ? '' : `${until.slice(0, 10)} `}${until.slice(11, 16)} UTC`;
}

const zoneOf = (fact: Fact) => (fact.zone === undefined ? {} : {zone: fact.zone});

function rttMoved(before: number, after: number): boolean {
	return Math.abs(after - before) >= RTT_CHANGE_MS && Math.max(after, before) / Math.max(1, Math.min(after, before)) >= RTT_CHANGE_FACTOR;
}
