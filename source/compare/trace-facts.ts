import type {AnalysedTrace} from '../analysis/analyze.js';
import {longestAfterFix} from '../analysis/cached-failure.js';
import {cachedFailureInWords} from '../analysis/finding-catalogue.js';
import {outcomeCauses} from '../analysis/failure-cause.js';
import {registryStatusInWords} from '../analysis/registration-status.js';
import {isEmptyWithoutSoa, measuredCacheInWords, ownZoneAgrees, readResolvers, type ResolverReading} from '../analysis/resolver-answers.js';
import type {Name} from '../dns/name.js';
import {presentRecord} from '../dns/present.js';
import type {RegistrationLookup} from '../rdap/registration.js';
import type {Server, Trace, Zone} from '../trace/model.js';
import {parentDsTags, servedSerial, servesPurpose, USABLE_KINDS, walkProbe} from '../trace/probe-facts.js';
import {outcomeZoneWord} from '../trace/outcome.js';

export type FactKind = 'outcome' | 'dnssec' | 'zone' | 'delegation' | 'glue' | 'ds' | 'serials' | 'reachability' | 'serial' | 'dnskey' | 'registration' | 'resolver' | 'finding';

/** How a fact reads at a glance: the colour of its cell in a timeline. */
export type Tone = 'ok' | 'warn' | 'bad' | 'none';

/**
 * One thing a trace says, reduced to a value that can be compared with the same fact in another trace: a diff is
 * the facts whose values differ, and a watch keeps only the latest facts, not the trace they came from.
 */
export interface Fact {
	kind: FactKind;
	zone?: Name;
	/**
	 * For a server's or a resolver's fact: its address (the key) and how it is shown ("name address", "address (label)");
	 * for a registration, the domain asked, as both.
	 */
	address?: string;
	server?: string;
	value: string;
	tone: Tone;
	/** For reachability: the walk question's round trip, which a diff compares with a tolerance instead of exactly. */
	rttMs?: number;
	/**
	 * For a finding: how long users may still meet it after its fix, from resolvers' caches, in words, so a watch can
	 * say it when the finding is gone; absent when no resolver caches it or the trace cannot tell for how long.
	 */
	afterFix?: string;
	/** For a finding: the longest, in seconds, that a resolver may keep it after its fix (the TTL, or the resolvers' cap). */
	afterFixSeconds?: number;
}

/** Every fact of a trace, keyed by what it is about, in display order (trace, then zone by zone, then findings). */
export type FactSet = Map<string, Fact>;

export function factKey(fact: Pick<Fact, 'kind' | 'zone' | 'address' | 'value'>): string {
	return `${fact.kind} ${fact.zone ?? ''} ${fact.address ?? ''}${fact.kind === 'finding' ? ` ${fact.value.split(':')[0]}` : ''}`;
}

export function traceFacts({trace, analysis}: AnalysedTrace): FactSet {
	const dnssec = analysis.dnssec.outcome.status;
	const facts: FactSet = new Map();
	const add = (fact: Fact) => facts.set(factKey(fact), fact);
	// A denial is a warning in itself (a name may be meant not to exist); with an error that can be its cause (a
	// delegation the registry pulled), it is the outage, drawn as bad in the timeline, not as "partly wrong". An error
	// about a zone the walk never rested on (a differing delegation's, one below the denial) is no cause of it.
	const denialIsFailure = outcomeCauses(trace, analysis.findings).length > 0;
	add({kind: 'outcome', value: outcomeText(trace), tone: trace.outcome.status === 'answer' ? 'ok' : trace.outcome.status === 'failure' || denialIsFailure ? 'bad' : 'warn'});
	if (trace.options.dnssec) add({kind: 'dnssec', value: dnssec, tone: dnssec === 'bogus' ? 'bad' : dnssec === 'secure' ? 'ok' : 'none'});
	for (const zone of trace.zones) {
		add({kind: 'zone', zone: zone.name, value: 'reached', tone: 'ok'});
		add({kind: 'delegation', zone: zone.name, value: delegation(trace, zone), tone: 'none'});
		add({kind: 'glue', zone: zone.name, value: glue(trace, zone), tone: 'none'});
		if (trace.options.dnssec) add({kind: 'ds', zone: zone.name, value: dsTags(trace, zone), tone: 'none'});
		const serials = serialSummary(zone);
		if (serials) add({kind: 'serials', zone: zone.name, ...serials});
		for (const server of zone.servers) {
			const about = {zone: zone.name, address: server.address, server: `${server.name} ${server.address}`};
			const walked = walkProbe(server);
			add({kind: 'reachability', ...about, ...reachability(server), ...(walked?.status === 'answered' && walked.rttMs !== undefined ? {rttMs: walked.rttMs} : {})});
			add({kind: 'serial', ...about, value: String(servedSerial(server) ?? '—'), tone: 'none'});
			if (trace.options.dnssec) add({kind: 'dnskey', ...about, value: keyCount(server), tone: 'none'});
		}
	}
	for (const lookup of trace.registration?.lookups ?? []) add({kind: 'registration', address: lookup.domain, server: lookup.domain, ...registration(trace, lookup)});
	for (const reading of readResolvers(trace, dnssec)) {
		const {probe} = reading;
		const address = probe.port === 53 ? probe.address : `${probe.address}#${probe.port}`;
		add({kind: 'resolver', address, server: probe.label === probe.address ? address : `${address} (${probe.label})`, ...resolverVerdict(reading, trace)});
	}
	// What the resolvers asked keep, measured, beside what the records say any resolver may keep.
	const measured = measuredCacheInWords(trace, dnssec);
	for (const finding of analysis.findings) {
		const words = 'seconds' in finding.cached ? cachedFailureInWords(finding.cached) : undefined;
		const afterFix = measured && finding.cached.change === 'negative-answer' ? `${words ?? ''} ${measured}`.trim() : words;
		// A server brought back answers at once: only the removal of one is waited out, so no "until" is said for it.
		const seconds = 'seconds' in finding.cached && finding.cached.seconds > 0 && finding.cached.change !== 'server-removal' ? longestAfterFix(finding.cached) : undefined;
		add({kind: 'finding', zone: finding.zone, value: `${finding.code}: ${finding.severity} ${finding.message}`, tone: finding.severity === 'error' ? 'bad' : finding.severity === 'warning' ? 'warn' : 'none', ...(afterFix === undefined ? {} : {afterFix}), ...(seconds === undefined ? {} : {afterFixSeconds: seconds})});
	}
	return facts;
}

/** What a fact reads as when the trace does not have it. */
export function absentValue(kind: FactKind): string {
	return kind === 'zone' ? 'not reached' : kind === 'reachability' ? 'not asked' : '—';
}

function outcomeText(trace: Trace): string {
	const {outcome} = trace;
	const records = outcome.records.filter((record) => record.type !== 'RRSIG').map((record) => presentRecord(record).replaceAll('\t', ' '));
	return `${outcome.status}${outcome.zone ? ` ${outcomeZoneWord(outcome)} ${outcome.zone}` : ''}: ${records.join(', ') || outcome.reason || '—'}`;
}

/** The registry's word on a domain: its statuses as RDAP gives them, or what the lookup came to instead. */
function registration(trace: Trace, lookup: RegistrationLookup): Pick<Fact, 'value' | 'tone'> {
	const {result} = lookup;
	// A status that takes the domain out of the DNS (a hold, a deletion, an expiry) is the bad news; any other is not.
	const held = registryStatusInWords(trace, lookup.domain) !== undefined;
	if (result.kind === 'found') return {value: `status ${result.facts.statuses.join(', ') || 'none given'}`, tone: held ? 'bad' : 'ok'};
	if (result.kind === 'not-found') return {value: 'not registered (RDAP: not found)', tone: 'bad'};
	return {value: `RDAP ${result.kind === 'no-server' ? 'has no server for it' : result.kind}`, tone: 'none'};
}

/**
 * A resolver's answer beside the authoritative servers', as it reads in a watch: "agrees (NXDOMAIN)", "still serves the
 * NXDOMAIN". How long it keeps it counts down from one trace to the next, so it is left out: it is not a change.
 */
function resolverVerdict(reading: ResolverReading, trace: Trace): Pick<Fact, 'value' | 'tone'> {
	const rcode = reading.rcode ?? '—';
	switch (reading.verdict) {
		case 'agrees':
			return {value: `agrees (${rcode})`, tone: 'ok'};
		case 'differs':
			if (isEmptyWithoutSoa(reading)) return {value: 'an empty answer, no SOA', tone: 'warn'};
			return {value: `still serves ${reading.served === 'answer' ? 'another answer' : reading.served === 'nodata' ? 'the NODATA' : `the ${rcode}`}`, tone: 'warn'};
		case 'bogus-servfail':
			return {value: 'SERVFAIL for the bogus chain', tone: 'ok'};
		case 'fails':
			return {value: reading.served === 'referral' ? 'a referral: does not recurse' : reading.served === 'unfollowed-cname' ? 'a CNAME not followed: does not recurse' : `fails (${rcode})`, tone: 'bad'};
		// Whether it serves what the walk found is the change a watch reports (a stale server catching up, or going stale).
		case 'own-zone':
			return {value: `its own zone's ${rcode}, ${ownZoneAgrees(reading, trace) ? 'the same as the walk' : 'not the walk\'s'} (AA, RA clear): no resolver`, tone: 'warn'};
		case 'no-answer':
			return {value: `no answer (${reading.probe.status})`, tone: 'bad'};
		case 'not-asked':
			return {value: 'not asked', tone: 'none'};
	}
}

function reachability(server: Server): Pick<Fact, 'value' | 'tone'> {
	const probe = walkProbe(server) ?? server.probes[0];
	if (!probe || probe.status === 'pending' || probe.status === 'skipped') return {value: 'not asked', tone: 'none'};
	if (probe.status !== 'answered') return {value: probe.status, tone: 'bad'};
	return {value: probe.kind ?? 'answered', tone: probe.kind && USABLE_KINDS.has(probe.kind) ? 'ok' : 'bad'};
}

/** "2024020100 everywhere" when the zone's servers agree; otherwise each serial with how many serve it, newest first. */
function serialSummary(zone: Zone): Pick<Fact, 'value' | 'tone'> | undefined {
	const counts = new Map<number, number>();
	for (const server of zone.servers) {
		const serial = servedSerial(server);
		if (serial !== undefined) counts.set(serial, (counts.get(serial) ?? 0) + 1);
	}
	if (counts.size === 0) return undefined;
	if (counts.size === 1) return {value: `${[...counts.keys()][0]} everywhere`, tone: 'ok'};
	return {value: [...counts].sort(([a], [b]) => b - a).map(([serial, count]) => `${serial} on ${count}`).join(', '), tone: 'warn'};
}

function keyCount(server: Server): string {
	const count = server.probes.find((probe) => servesPurpose(probe, 'dnskey'))?.response?.answer.filter((record) => record.type === 'DNSKEY').length;
	return count === undefined ? '—' : `${count} key${count === 1 ? '' : 's'}`;
}

/** The referrals the parent's servers gave for the zone, every variant. */
function referrals(trace: Trace, zone: Zone) {
	const parent = trace.zones.find((candidate) => candidate.name === zone.parent);
	return (parent?.servers ?? []).flatMap((server) => server.probes).filter((probe) => probe.kind === 'referral' && probe.referral === zone.name);
}

/** The NS set the parent's servers gave for the zone (all variants, sorted). */
function delegation(trace: Trace, zone: Zone): string {
	const names = new Set<string>();
	for (const probe of referrals(trace, zone)) for (const record of probe.response?.authority ?? []) if (record.type === 'NS' && record.name === zone.name && record.data.kind === 'name') names.add(record.data.target);
	return [...names].sort().join(' ') || (zone.parent ? 'no delegation seen' : 'root hints');
}

function glue(trace: Trace, zone: Zone): string {
	const entries = new Set<string>();
	for (const probe of referrals(trace, zone)) for (const record of probe.response?.additional ?? []) if (record.data.kind === 'address') entries.add(`${record.name} ${record.data.address}`);
	return [...entries].sort().join(', ') || '—';
}

function dsTags(trace: Trace, zone: Zone): string {
	return parentDsTags(trace, zone).join(' ') || '—';
}
