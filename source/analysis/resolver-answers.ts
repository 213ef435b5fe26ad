import {extendedErrors, type ExtendedError} from '../dns/extended-error.js';
import {isAtOrBelow, type Name} from '../dns/name.js';
import {presentName, presentRData} from '../dns/present.js';
import {deniedName, type Message, type ResourceRecord} from '../dns/record.js';
import {joinPresented, presentText, safe, type Presented} from '../dns/sanitize.js';
import type {Outcome, ResolverProbe, Trace} from '../trace/model.js';
import type {DnssecStatus} from './dnssec/dnssec-status.js';
import {largestCacheCap, soaNegativeSeconds} from './cached-failure.js';
import {describeDuration, describeTtl} from './serial-age.js';

/** What a resolver gave, in the outcome's own terms. */
export type Served = 'answer' | 'nxdomain' | 'nodata' | 'referral' | 'unfollowed-cname' | 'servfail' | 'refused' | 'other-rcode';

/**
 * How a resolver's answer stands beside what the authoritative servers say now: the same; something else (which it
 * may keep for `remainingSeconds` more); SERVFAIL because the chain of trust is bogus (what a validating resolver
 * must do); a failure of its own; an authoritative server's own data (`own-zone`: AA set, RA clear), which no cache
 * holds; no answer; not asked.
 */
export type ResolverVerdict = 'agrees' | 'differs' | 'bogus-servfail' | 'fails' | 'own-zone' | 'no-answer' | 'not-asked';

export interface ResolverReading {
	probe: ResolverProbe;
	verdict: ResolverVerdict;
	served?: Served;
	rcode?: string;
	/** AD: the resolver validated the answer. */
	ad?: boolean;
	/** RA: it says it recurses (for this host). */
	ra?: boolean;
	/** The zone a referral points to, when that is what it served. */
	referral?: Name;
	/** The records that answer the question: those owned by the name, and along its CNAME chain; no signatures. */
	records: ResourceRecord[];
	/**
	 * How much longer it may keep what it served: its smallest answer TTL, or a negative answer's min(SOA TTL, MINIMUM)
	 * (RFC 2308 5), as it counted them down; never past the resolvers' cap.
	 */
	remainingSeconds?: number;
	/** The TTL the reply asked for, when it is past every resolver's cap (RESOLVER_CACHE_CAPS) and `remainingSeconds` is the cap. */
	askedSeconds?: number;
	/** A negative answer without an SOA of the question's zone: how long it is kept cannot be read. */
	noUsableSoa?: true;
	/** When that ends: the moment it was asked plus the remaining TTL (ISO time). */
	until?: string;
	ede: ExtendedError[];
}

/** The records along the question's chain: owned by the name, then by each CNAME target in turn (bounded by the answer). */
function chainRecords(message: Message, name: Name): ResourceRecord[] {
	const records = message.answer.filter((record) => record.type !== 'RRSIG');
	const chain: ResourceRecord[] = [];
	let owner: Name | undefined = name;
	const visited = new Set<Name>();
	while (owner !== undefined && !visited.has(owner)) {
		visited.add(owner);
		const owned = records.filter((record) => record.name === owner);
		chain.push(...owned);
		const cname = owned.find((record) => record.type === 'CNAME');
		owner = cname?.data.kind === 'name' ? cname.data.target : undefined;
	}
	return chain;
}

/**
 * The SOA that may speak for a negative answer (RFC 2308 3): one owned by the name denied or an ancestor of it. After
 * a CNAME chain the denial is of its last target, so only that name's zones count: an SOA of the question's own zone
 * (which gave the CNAME, not the denial) says nothing about how long the denial is kept, nor does an unrelated one.
 */
function negativeSoa(message: Message, name: Name, records: readonly ResourceRecord[]): ResourceRecord | undefined {
	const denied = deniedName(name, records);
	return message.authority.find((record) => record.type === 'SOA' && record.data.kind === 'soa' && isAtOrBelow(denied, record.name));
}

/** How long it may keep what it served, capped as resolvers cap it; undefined for a failure, or when it cannot be read. */
function remainingOf(message: Message, name: Name, served: Served, records: readonly ResourceRecord[]): Pick<ResolverReading, 'remainingSeconds' | 'askedSeconds' | 'noUsableSoa'> {
	let asked: number;
	let kind: 'positive' | 'negative';
	if (served === 'answer') {
		asked = Math.min(...records.map((record) => record.ttl));
		kind = 'positive';
	} else if (served === 'nxdomain' || served === 'nodata') {
		const soa = negativeSoa(message, name, records);
		if (soa?.data.kind !== 'soa') return {noUsableSoa: true};
		asked = soaNegativeSeconds({ttl: soa.ttl, data: soa.data});
		kind = 'negative';
	} else return {};
	const cap = largestCacheCap(kind === 'negative');
	return asked > cap ? {remainingSeconds: cap, askedSeconds: asked} : {remainingSeconds: asked};
}

function servedOf(message: Message, name: Name, records: readonly ResourceRecord[], type: string): {served: Served; referral?: Name} {
	if (message.rcode === 'NXDOMAIN') return {served: 'nxdomain'};
	if (message.rcode === 'SERVFAIL') return {served: 'servfail'};
	if (message.rcode === 'REFUSED') return {served: 'refused'};
	if (message.rcode !== 'NOERROR') return {served: 'other-rcode'};
	if (records.some((record) => record.type === type)) return {served: 'answer'};
	// A denial has its SOA (RFC 2308 3); without one, a reply may be no resolver's at all.
	if (hasSoa(message)) return {served: 'nodata'};
	const referral = referredTo(message, name, records);
	if (referral !== undefined) return {served: 'referral', referral};
	// A CNAME whose target it did not look up: an authoritative server's answer (RA clear), not a resolver's.
	if (!message.flags.ra && records.some((record) => record.type === 'CNAME')) return {served: 'unfollowed-cname'};
	return {served: 'nodata'};
}

const hasSoa = (message: Message) => message.authority.some((record) => record.type === 'SOA');

/** An empty answer with no SOA: no denial a resolver keeps (RFC 2308 5), said as what it is, never as a NODATA held. */
export const isEmptyWithoutSoa = (reading: ResolverReading): boolean => reading.served === 'nodata' && reading.probe.response !== undefined && !hasSoa(reading.probe.response);

/**
 * The zone a reply with no answer and no SOA points to: a referral (RFC 1034 4.3.2), not authoritative, whose NS set
 * is of the name or a zone above it. What a server that does not recurse for this host gives (an authoritative server,
 * or a resolver that serves only its own clients). Read as NODATA, it was "still serves the NODATA" beside an answer,
 * as if the resolver had cached a denial. An NS set of another zone refers nowhere this name is.
 */
function referredTo(message: Message, name: Name, records: readonly ResourceRecord[]): Name | undefined {
	if (message.flags.aa || records.some((record) => record.type === 'CNAME')) return undefined;
	return message.authority.find((record) => record.type === 'NS' && isAtOrBelow(name, record.name))?.name;
}

/**
 * The answer RRset as comparable text: its records' owner, type and data, each once, sorted. An RRset is a set: a
 * record sent twice (with another TTL) is the same record, and TTLs differ and mean nothing here.
 */
function rrsetKey(records: readonly ResourceRecord[], type: string): string {
	return [...new Set(records.filter((record) => record.type === type).map((record) => `${record.name} ${record.type} ${presentRData(record.data)}`))].sort().join('\n');
}

/**
 * Whether what a resolver served is what the walk concluded. A denial is the same only along the same CNAME chain:
 * an NXDOMAIN for another target (an old CNAME it still holds) is not the servers' NXDOMAIN.
 */
function sameAsOutcome(served: Served, records: readonly ResourceRecord[], outcome: Outcome, type: string): boolean {
	if (served === 'answer') return outcome.status === 'answer' && rrsetKey(records, type) === rrsetKey(outcome.records, type);
	return served === outcome.status && rrsetKey(records, 'CNAME') === rrsetKey(outcome.records, 'CNAME');
}

/**
 * "www.example.com. CNAME gone.example.net. then " before a denial reached through a chain; nothing without one. A
 * chain that comes back to a name it passed is said to be a loop, and a name with two CNAMEs (RFC 2181 10.1 allows
 * one) is named: a resolver serving either is serving something broken.
 */
function chainBefore(records: readonly ResourceRecord[]): Presented {
	const links = chainLinks(records);
	return links.length === 0 ? links : safe`${links} then `;
}

/** The CNAME chain in words ("a. CNAME b., b. CNAME c."), a loop or a doubled name said; nothing without one. */
function chainLinks(records: readonly ResourceRecord[]): Presented {
	const cnames = records.filter((record) => record.type === 'CNAME');
	const links = cnames.map((record) => safe`${presentName(record.name)} CNAME ${presentRData(record.data)}`);
	if (links.length === 0) return safe``;
	const owners = cnames.map((record) => record.name);
	const doubled = owners.find((owner, index) => owners.indexOf(owner) !== index);
	const last = cnames.at(-1)?.data;
	const loop = last?.kind === 'name' && owners.includes(last.target);
	const odd = doubled !== undefined ? safe` (two CNAMEs for ${presentName(doubled)}: malformed)` : loop ? safe` (a loop)` : safe``;
	return safe`${joinPresented(links.slice(0, 3), safe`, `)}${links.length > 3 ? safe` and ${links.length - 3} more` : safe``}${odd}`;
}

/** One resolver's reply judged against the trace's outcome and DNSSEC verdict. Pure: the bytes were kept. */
export function readResolver(trace: Trace, dnssec: DnssecStatus, probe: ResolverProbe): ResolverReading {
	if (probe.status === 'not-asked') return {probe, verdict: 'not-asked', records: [], ede: []};
	const message = probe.response;
	if (probe.status !== 'answered' || !message) return {probe, verdict: 'no-answer', records: [], ede: []};
	const {type} = trace.query;
	const records = chainRecords(message, trace.query.name);
	const {served, referral} = servedOf(message, trace.query.name, records, type);
	const ede = extendedErrors(message);
	// An answer, or a denial with the SOA of a zone at or above the name denied (RFC 2308 3), authoritative (AA) from a
	// server that does not recurse for this host (RA clear): an authoritative server asked as a resolver. It is its
	// zone's data, kept in no cache of its own: read as a resolver's, it "kept the failure for 41 minutes more: after a
	// fix, its users see the failure until then". A denial without such an SOA is read as before (no usable SOA).
	const ownZone = message.flags.aa && !message.flags.ra && (served === 'answer' || ((served === 'nxdomain' || served === 'nodata') && negativeSoa(message, trace.query.name, records) !== undefined));
	const remaining = ownZone ? {} : remainingOf(message, trace.query.name, served, records);
	const {remainingSeconds} = remaining;
	const asked = Date.parse(probe.askedAt);
	const until = remainingSeconds === undefined || Number.isNaN(asked) ? undefined : new Date(asked + remainingSeconds * 1000).toISOString();
	const verdict: ResolverVerdict = ownZone
		? 'own-zone'
		: served === 'servfail'
			? dnssec === 'bogus'
				? 'bogus-servfail'
				: trace.outcome.status === 'failure'
					? 'agrees'
					: 'fails'
			: served === 'refused' || served === 'other-rcode' || served === 'referral' || served === 'unfollowed-cname'
				? 'fails'
				: sameAsOutcome(served, records, trace.outcome, type)
					? 'agrees'
					: 'differs';
	return {probe, verdict, served, rcode: message.rcode, ad: message.flags.ad, ra: message.flags.ra, records, ...remaining, ...(until ? {until} : {}), ...(referral !== undefined ? {referral} : {}), ede};
}

/** Whether an authoritative server asked as a resolver (`own-zone`) serves what the walk concluded. */
export function ownZoneAgrees(reading: ResolverReading, trace: Trace): boolean {
	return reading.served !== undefined && sameAsOutcome(reading.served, reading.records, trace.outcome, trace.query.type);
}

/** Every resolver the trace asked, judged; none when it asked none. */
export function readResolvers(trace: Trace, dnssec: DnssecStatus): ResolverReading[] {
	return (trace.resolvers ?? []).map((probe) => readResolver(trace, dnssec, probe));
}

/** A moment as people read it in a log: "2026-11-30 14:25 UTC". */
const momentInWords = (iso: string): Presented => presentText(`${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`);

/**
 * "for about 41 minutes more (2460 s, until 2026-11-30 14:25 UTC)"; past the cap, "for at most 3 hours more
 * (resolvers cap it; the reply asks for 2147483647 s, until …)"; without a usable SOA, that it cannot be told.
 */
function remainingInWords(reading: ResolverReading): Presented {
	if (reading.noUsableSoa) return safe`(no usable SOA: remaining time unknown)`;
	if (reading.remainingSeconds === undefined) return safe``;
	if (reading.remainingSeconds === 0) return safe`for no time at all (TTL 0)`;
	const until = reading.until ? safe`, until ${momentInWords(reading.until)}` : safe``;
	if (reading.askedSeconds !== undefined) return safe`for at most ${presentText(describeTtl(reading.remainingSeconds))} more (resolvers cap it; the reply asks for ${reading.askedSeconds} s${until})`;
	return safe`for ${presentText(describeDuration(reading.remainingSeconds))} more (${reading.remainingSeconds} s${until})`;
}

/** What it served, briefly: the records (at most a few), or the rcode in words. */
function servedInWords(reading: ResolverReading, type: string): Presented {
	switch (reading.served) {
		case 'answer': {
			// Each record once: one sent twice (with another TTL) is the same record.
			const each = [...new Set(reading.records.map((record) => safe`${presentName(record.name)} ${presentText(record.type)} ${presentRData(record.data)}`))];
			return safe`${joinPresented(each.slice(0, 4), safe`, `)}${each.length > 4 ? safe` and ${each.length - 4} more` : safe``}`;
		}
		case 'nxdomain':
			return safe`${chainBefore(reading.records)}the NXDOMAIN`;
		case 'nodata':
			return safe`${chainBefore(reading.records)}the NODATA (no ${presentText(type)} record)`;
		default:
			return presentText(reading.rcode ?? 'nothing');
	}
}

/** The Extended DNS Errors, as "EDE 6 (DNSSEC Bogus): its text". */
export function edeInWords(ede: readonly ExtendedError[]): Presented {
	return joinPresented(
		ede.map((error) => safe`EDE ${error.code}${error.name ? safe` (${presentText(error.name)})` : safe``}${error.text ? safe`: ${presentText(error.text)}` : safe``}`),
		safe`; `,
	);
}

/** The records of the question's type, each once (a few of them), as "A 192.0.2.10, A 192.0.2.11". */
function answerInWords(records: readonly ResourceRecord[], type: string): Presented {
	const seen = new Set<string>();
	const shown: Presented[] = [];
	for (const record of records) {
		if (record.type !== type) continue;
		const data = presentRData(record.data);
		if (seen.has(`${record.name} ${data}`)) continue;
		seen.add(`${record.name} ${data}`);
		shown.push(safe`${presentText(record.type)} ${data}`);
	}
	if (shown.length === 0) return safe`an answer`;
	return safe`${joinPresented(shown.slice(0, 4), safe`, `)}${shown.length > 4 ? safe` and ${shown.length - 4} more` : safe``}`;
}

/** What the authoritative servers say now, briefly: for an answer, its records. */
function outcomeInWords(outcome: Outcome, type: string): Presented {
	return outcome.status === 'answer' ? answerInWords(outcome.records, type) : outcome.status === 'failure' ? safe`no usable answer` : outcome.status === 'pending' ? safe`nothing yet` : safe`${chainBefore(outcome.records)}${presentText(outcome.status.toUpperCase())}`;
}

/**
 * One resolver in one sentence, compared with the authoritative servers: "still serves the NXDOMAIN for 41 more
 * minutes (…)", "agrees", a bogus chain's SERVFAIL explained. Every piece from the wire presented.
 */
export function resolverInWords(reading: ResolverReading, trace: Trace, dnssec: DnssecStatus): Presented {
	const {probe} = reading;
	const ede = reading.ede.length > 0 ? safe` [${edeInWords(reading.ede)}]` : safe``;
	switch (reading.verdict) {
		case 'not-asked':
			return safe`not asked: ${presentText(probe.error ?? 'not asked')}`;
		case 'no-answer':
			return safe`no answer: ${presentText(probe.status === 'timeout' ? 'time-out' : probe.status)}${probe.error ? safe` (${presentText(probe.error)})` : safe``}`;
		case 'bogus-servfail':
			return safe`SERVFAIL, as a validating resolver must: the chain of trust is bogus, so it refuses the data${ede}`;
		case 'fails':
			if (reading.served === 'referral' || reading.served === 'unfollowed-cname') {
				const what = reading.served === 'referral' ? safe`a referral to ${presentName(reading.referral ?? '.')}, not an answer` : safe`${chainLinks(reading.records)}, not followed`;
				// RA set beside a referral is a server at odds with itself: it says it recurses, and did not.
				return reading.ra ? safe`${what}, though it says it recurses (RA set): it is no resolver for this host${ede}` : safe`${what}: it does not recurse for this host (RA clear), so it is no resolver for it${ede}`;
			}
			return reading.served === 'refused'
				? safe`REFUSED: it does not answer this host's questions${ede}`
				: safe`${presentText(reading.rcode ?? 'failure')} where the authoritative servers give ${outcomeInWords(trace.outcome, trace.query.type)}${ede}`;
		case 'agrees': {
			if (reading.served === 'servfail') return safe`agrees: SERVFAIL, as no server gives a usable answer${ede}`;
			const kept = reading.noUsableSoa ? safe`; no usable SOA: remaining time unknown` : reading.remainingSeconds === undefined ? safe`` : reading.remainingSeconds === 0 ? safe`; it does not cache it (TTL 0)` : safe`; it keeps it ${remainingInWords(reading)}`;
			// A failure it agrees on is one its users keep seeing after a fix, until its TTL runs out.
			const afterFix = reading.served !== 'answer' && reading.remainingSeconds ? safe`: after a fix, its users see the failure until then` : safe``;
			const unvalidated = dnssec === 'bogus' && reading.served === 'answer' && !reading.ad ? safe`; it does not validate (the chain is bogus)` : safe``;
			return safe`agrees${kept}${afterFix}${unvalidated}${ede}`;
		}
		case 'own-zone': {
			const what = ownZoneAgrees(reading, trace) ? safe`the same as the walk found` : safe`${servedInWords(reading, trace.query.type)}, where the walk found ${outcomeInWords(trace.outcome, trace.query.type)}`;
			return safe`from its own zone (AA set, RA clear), ${what}: an authoritative server, not a resolver for this host, with no cached copy to wait out${ede}`;
		}
		case 'differs': {
			// No SOA, no denial a resolver keeps (RFC 2308 5): what it sent is said as it is, not as a NODATA it holds.
			if (isEmptyWithoutSoa(reading)) return safe`${emptyInWords(reading, probe)}, where the authoritative servers give ${outcomeInWords(trace.outcome, trace.query.type)}${ede}`;
			const kept = reading.remainingSeconds === undefined && !reading.noUsableSoa ? safe`` : safe` ${remainingInWords(reading)}`;
			return safe`still serves ${servedInWords(reading, trace.query.type)}${kept}, where the authoritative servers now give ${outcomeInWords(trace.outcome, trace.query.type)}${ede}`;
		}
	}
}

/**
 * An empty NOERROR with no SOA that is no referral: "an empty answer (after www.shop.com. CNAME x.net.) without an SOA,
 * with an NS set of other.org.: no denial it can keep". Its NS set, when it sent one, is named: it is what came instead.
 */
function emptyInWords(reading: ResolverReading, probe: ResolverProbe): Presented {
	const links = chainLinks(reading.records);
	const ns = probe.response?.authority.find((record) => record.type === 'NS')?.name;
	return safe`an empty answer${links.length > 0 ? safe` (after ${links})` : safe``} without an SOA${ns !== undefined ? safe`, with an NS set of ${presentName(ns)}` : safe``}: no denial it can keep`;
}

/** The line's head: who, where, what came back (rcode, AD, round trip). */
export function resolverHead(reading: ResolverReading): Presented {
	const {probe} = reading;
	const where = probe.port === 53 ? presentText(probe.address) : safe`${presentText(probe.address)}#${probe.port}`;
	const who = probe.label === probe.address ? safe`` : safe` (${presentText(probe.label)})`;
	const got = reading.rcode === undefined ? safe`` : safe` ${presentText(reading.rcode)}${reading.ad ? safe` AD` : safe``}${probe.rttMs === undefined ? safe`` : safe` ${Math.round(probe.rttMs)} ms`}`;
	return safe`${where}${who}${got}`;
}

/**
 * When users of the resolvers asked will see a fix of the trace's failure, as measured: each resolver that serves the
 * failure (NXDOMAIN, NODATA, SERVFAIL with no bogus chain to blame) and until when its TTL lets it keep it. Undefined
 * when the trace got an answer or no resolver serves the failure with a TTL.
 */
export function measuredCacheInWords(trace: Trace, dnssec: DnssecStatus): string | undefined {
	if (trace.outcome.status === 'answer') return undefined;
	const keeping = readResolvers(trace, dnssec).filter((reading) => reading.served !== undefined && reading.served !== 'answer' && reading.until !== undefined && (reading.remainingSeconds ?? 0) > 0);
	if (keeping.length === 0) return undefined;
	const each = keeping.map((reading) => `${reading.probe.label === reading.probe.address ? reading.probe.address : `${reading.probe.address} (${reading.probe.label})`} until ${reading.until!.slice(0, 10)} ${reading.until!.slice(11, 19)} UTC`);
	return `Measured (--resolvers): ${each.join(', ')} keep${keeping.length === 1 ? 's' : ''} the failure cached.`;
}
