import {compareCanonical} from '../dns/canonical.js';
import type {Name} from '../dns/name.js';
import type {ResourceRecord} from '../dns/record.js';
import type {Probe, Zone} from '../trace/model.js';
import type {CachedFailure, Finding, FixChange, KeptFrom} from './finding.js';
import {probesByIdIn} from '../trace/probe-facts.js';
import type {TraceView} from './trace-view.js';

/** A TTL and the record it was read from: the longest a resolver may keep what that record told it. */
export interface Kept {
	seconds: number;
	from: KeptFrom;
}

/**
 * The most a resolver keeps what it caches, whatever the TTL asks, by default: BIND's max-cache-ttl (1 week) and
 * max-ncache-ttl (3 hours); Unbound's cache-max-ttl (1 day) and cache-max-negative-ttl (1 hour). A TTL above the
 * largest is waited out only up to it.
 */
export const RESOLVER_CACHE_CAPS: Record<'positive' | 'negative', ReadonlyArray<{resolver: string; seconds: number}>> = {
	positive: [
		{resolver: 'BIND', seconds: 604_800},
		{resolver: 'Unbound', seconds: 86_400},
	],
	negative: [
		{resolver: 'BIND', seconds: 10_800},
		{resolver: 'Unbound', seconds: 3_600},
	],
};

/** The most any resolver of RESOLVER_CACHE_CAPS keeps a negative answer, or a record: what a longer TTL is waited out to. */
export function largestCacheCap(negative: boolean): number {
	return Math.max(...RESOLVER_CACHE_CAPS[negative ? 'negative' : 'positive'].map((entry) => entry.seconds));
}

/** The longest users may meet a fixed failure from a cache: the TTL kept, or the largest resolver's cap when it asks for more. */
export function longestAfterFix(kept: Kept): number {
	return Math.min(kept.seconds, largestCacheCap(kept.from.negative));
}

/** A record's TTL as read, with what it held on the wire where the decode read it as 0. */
function keptFrom(record: ResourceRecord, from: KeptFrom): Kept {
	return {seconds: record.ttl, from: record.wireTtl === undefined ? from : {...from, wireTtl: record.wireTtl}};
}

/**
 * The longest of several, or undefined when there are none. Of equal ones, the first in DNSSEC's canonical order of
 * owner names (a zone's apex before the names under it), then by type: which probe came back first must not change
 * what a trace of the same answers says.
 */
function longest(kept: ReadonlyArray<Kept | undefined>): Kept | undefined {
	const before = (a: Kept, b: Kept) => {
		const byName = compareCanonical(a.from.name, b.from.name);
		return byName < 0 || (byName === 0 && a.from.type < b.from.type);
	};
	return kept.reduce<Kept | undefined>((best, next) => (next !== undefined && (best === undefined || next.seconds > best.seconds || (next.seconds === best.seconds && before(next, best))) ? next : best), undefined);
}

/** The records' own TTLs, the longest, as read from the RRset named (in whose copy, where that matters). */
function ttlOf(records: readonly ResourceRecord[], name: Name, type: string, copy?: KeptFrom['copy']): Kept | undefined {
	return longest(records.filter((record) => record.name === name && record.type === type).map((record) => keptFrom(record, {name, type, negative: false, ...(copy ? {copy} : {})})));
}

/** The parent's copy of a zone's records, in its referral; the root has none. */
const parentCopy = (zone: Zone): KeptFrom['copy'] => (zone.parent === undefined ? undefined : {by: 'parent', parent: zone.parent});

/** How long a resolver caches a negative answer (RFC 2308 5): the SOA's MINIMUM, capped by the SOA record's own TTL. */
export function soaNegativeSeconds(soa: {ttl: number; data: {minimum: number}}): number {
	return Math.min(soa.ttl, soa.data.minimum);
}

/** The negative TTL of a probe's denial, from the SOA in its authority section (the record kept when its TTL is the one). */
export function negativeTtl(probe: Probe): Kept | undefined {
	const soa = probe.response?.authority.find((record) => record.type === 'SOA');
	if (soa?.data.kind !== 'soa') return undefined;
	const from = {name: soa.name, type: 'SOA', negative: true};
	return soa.ttl <= soa.data.minimum ? keptFrom(soa, from) : {seconds: soaNegativeSeconds({ttl: soa.ttl, data: soa.data}), from};
}

/** The delegation as the parent gives it: its NS records for the zone and the glue for their names. */
function delegationTtl(view: TraceView, zone: Zone): Kept | undefined {
	const copy = parentCopy(zone);
	return longest(
		view.referrals(zone).flatMap(({probe}) => {
			const authority = probe.response?.authority ?? [];
			const targets = new Set(authority.filter((record) => record.type === 'NS' && record.name === zone.name).map((record) => (record.data.kind === 'name' ? record.data.target : '')));
			const glue = (probe.response?.additional ?? []).filter((record) => (record.type === 'A' || record.type === 'AAAA') && targets.has(record.name));
			return [ttlOf(authority, zone.name, 'NS', copy), ...glue.map((record) => keptFrom(record, {name: record.name, type: record.type, negative: false, ...(copy ? {copy} : {})}))];
		}),
	);
}

/** The NS set, as the parent refers to the zone and as the zone's own servers give it: a removed server is asked until both expire. */
function nsTtl(view: TraceView, zone: Zone): Kept | undefined {
	const own = view.probes(zone, 'ns').map(({probe}) => ttlOf(probe.response?.answer ?? [], zone.name, 'NS', {by: 'zone'}));
	const parent = view.referrals(zone).map(({probe}) => ttlOf(probe.response?.authority ?? [], zone.name, 'NS', parentCopy(zone)));
	return longest([...own, ...parent]);
}

/** The DS set at the parent, from its answers to "zone DS" and its referrals; with no DS, the parent's negative TTL. */
function dsTtl(view: TraceView, zone: Zone): Kept | undefined {
	const answers = view.dsProbes(zone).map(({probe}) => probe);
	const ds = longest([...answers.map((probe) => ttlOf(probe.response?.answer ?? [], zone.name, 'DS')), ...view.referrals(zone).map(({probe}) => ttlOf(probe.response?.authority ?? [], zone.name, 'DS'))]);
	return ds ?? longest(answers.filter((probe) => probe.kind === 'nodata' || probe.kind === 'nxdomain').map(negativeTtl));
}

/** The zone's DNSKEY set as its servers give it. */
function dnskeyTtl(view: TraceView, zone: Zone): Kept | undefined {
	return longest(view.probes(zone, 'dnskey').map(({probe}) => ttlOf(probe.response?.answer ?? [], zone.name, 'DNSKEY')));
}

/**
 * The signed RRsets of the finding's responses: each as long as its TTL, capped by its signature's original TTL (a
 * validator never keeps data longer than the signer said, RFC 4035 5.3.3).
 */
function signedTtl(probes: readonly Probe[]): Kept | undefined {
	return longest(
		probes.flatMap((probe) => {
			const records = probe.response?.answer ?? [];
			// The smallest original TTL of the signatures over each RRset, read once per response (hostile ones are large).
			const originals = new Map<string, number>();
			for (const sig of records) {
				if (sig.data.kind !== 'rrsig') continue;
				const key = `${sig.name} ${sig.data.typeCovered}`;
				originals.set(key, Math.min(originals.get(key) ?? Number.POSITIVE_INFINITY, sig.data.originalTtl));
			}
			return records
				.filter((record) => record.type !== 'RRSIG')
				.map((record) => {
					const from = {name: record.name, type: record.type, negative: false};
					const original = originals.get(`${record.name} ${record.type}`) ?? Number.POSITIVE_INFINITY;
					return record.ttl <= original ? keptFrom(record, from) : {seconds: original, from};
				});
		}),
	);
}

/** The answers of the finding's responses, their records' TTL. */
function answerTtl(probes: readonly Probe[]): Kept | undefined {
	return longest(probes.flatMap((probe) => (probe.response?.answer ?? []).filter((record) => record.type !== 'RRSIG').map((record) => keptFrom(record, {name: record.name, type: record.type, negative: false}))));
}

/**
 * The responses that show a finding: its evidence; for one that names servers but no probe (DNSSEC_PARTIAL is about
 * what a server serves as a whole), what those servers answered in its zone.
 */
function responsesOf(view: TraceView, finding: Finding, probesById: ReadonlyMap<number, Probe>): Probe[] {
	if (finding.evidence.length > 0) return finding.evidence.map((id) => probesById.get(id)).filter((probe): probe is Probe => probe !== undefined);
	const zone = view.zone(finding.zone);
	const named = new Set(finding.servers);
	return zone ? view.probes(zone).filter(({server}) => named.has(server.address)).map(({probe}) => probe) : [];
}

/** Why the trace cannot tell, per kind of change: the record it would need was never received. */
const UNKNOWN: Record<Exclude<FixChange, 'none'>, string> = {
	'negative-answer': 'no negative answer in the trace carried its zone\'s SOA',
	delegation: 'the trace holds no referral to the zone from its parent',
	'server-removal': 'the trace holds no NS records for the zone',
	ds: 'the trace holds neither a DS for the zone nor its parent\'s signed denial of one',
	dnskey: 'no server of the zone gave its DNSKEY set',
	signature: 'the responses that show it carry no answer records',
	answer: 'the responses that show it carry no answer',
};

/**
 * How long after its fix users may still meet a finding: the longest a resolver may keep the failure cached, read
 * from the records in the trace, for the kind of change the catalogue says fixes it.
 */
export function cachedFailure(view: TraceView, finding: Finding, probesById: ReadonlyMap<number, Probe>, byZone = new Map<string, Kept | undefined>()): CachedFailure {
	const {change} = finding;
	if (change === 'none') return {change};
	const zone = view.zone(finding.zone);
	// What depends on the zone alone is read once per zone and kind: a hostile trace has many findings on one zone.
	const once = (read: (zone: Zone) => Kept | undefined): Kept | undefined => {
		if (!zone) return undefined;
		const key = `${change} ${zone.name}`;
		if (!byZone.has(key)) byZone.set(key, read(zone));
		return byZone.get(key);
	};
	const evidence = responsesOf(view, finding, probesById);
	const kept = ((): Kept | undefined => {
		switch (change) {
			case 'negative-answer':
				return longest(evidence.filter((probe) => probe.kind === 'nxdomain' || probe.kind === 'nodata').map(negativeTtl));
			case 'delegation':
				return once((known) => delegationTtl(view, known));
			case 'server-removal':
				return once((known) => nsTtl(view, known));
			case 'ds':
				return once((known) => dsTtl(view, known));
			case 'dnskey':
				return once((known) => dnskeyTtl(view, known));
			case 'signature': {
				// A validator keeps no data it rejected: it keeps the failure, briefly (RFC 2308 7.1, RFC 9520: at most 5
				// minutes; Unbound's val-bogus-ttl is 60 s, BIND's servfail-ttl 1 s), and a copy it validated before the
				// signatures went bad only until they expired (RFC 4035 5.3.3). A break test was told "within 1 day", the
				// records' TTL.
				const signed = signedTtl(evidence);
				return signed && {seconds: Math.min(signed.seconds, FAILURE_CACHE_SECONDS), from: {...signed.from, failure: true}};
			}
			case 'answer':
				return answerTtl(evidence);
		}
	})();
	if (kept) return {change, seconds: kept.seconds, from: kept.from};
	const noResponse = (change === 'signature' || change === 'answer') && evidence.length === 0;
	return {change, unknown: noResponse ? 'the trace holds no response that shows it' : UNKNOWN[change]};
}

/** The longest a validating resolver keeps a failed validation (RFC 2308 7.1, RFC 9520 3.2). */
export const FAILURE_CACHE_SECONDS = 300;

/** Every probe of the trace by its id, for reading a finding's evidence. */
export function probesById(view: TraceView): Map<number, Probe> {
	return probesByIdIn(view.trace.zones);
}
