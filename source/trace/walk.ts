import {isLoopback, type Family} from '../dns/address.js';
import {ancestry, isAtOrBelow, isStrictlyBelow, type Name} from '../dns/name.js';
import type {Message, ResourceRecord} from '../dns/record.js';
import type {RootHints} from '../dns/root-hints.js';
import {monotonicMs} from '../dns/monotonic-clock.js';
import type {Transport} from '../dns/transport.js';
import type {AddressPolicy} from '../dns/unusable-address.js';
import {classifyResponse, type Classification} from './classify.js';
import {DEFAULT_LIMITS, type WalkLimits} from './limits.js';
import type {
	LimitHit,
	Nameserver,
	Outcome,
	PathStep,
	Probe,
	ProbePurpose,
	QuestionRef,
	ReferralData,
	Resolution,
	ResolutionPurpose,
	Server,
	Trace,
	TraceOptions,
	Zone,
} from './model.js';
import {notSentForWant, TCP_CHECKS, USABLE_KINDS} from './probe-facts.js';
import {askFirst, createProber, type Prober} from './prober.js';
import {cutOf, linkOwners, startCursor, takeStep, type Decision} from './resolution-steps.js';
import {createScheduler, type Scheduler} from './scheduler.js';
import {variantsOf} from './variants.js';
import {createWaitForGraph, type WaitForGraph} from './wait-for-graph.js';
import {rehearsalSlices, warmUpWhileWaiting} from './warm-up.js';
import {byServerThenAddress} from './server-order.js';
import {listInWords} from './bounded-list.js';
import {
	addAddresses,
	closestZone,
	describeExhausted,
	describeUnresolved,
	describeUnusable,
	glueOf,
	listNameserver,
	openZone,
	ownNameservers,
	rootServersOf,
	servesOwnAddresses,
	type NameserverAddress,
} from './zone-book.js';

export type WalkEvent =
	| {type: 'started'; trace: Trace}
	| {type: 'probe-started'; probe: Probe}
	| {type: 'probe-finished'; probe: Probe}
	| {type: 'zone-added'; zone: Zone}
	| {type: 'outcome'; outcome: Outcome}
	| {type: 'finished'; trace: Trace};

/** What the TCP check asks (see `WalkConfig.tcpChecks`). */
export type TcpCheckScope = 'soa' | 'zone-data';

export interface WalkConfig {
	transport: Transport;
	hints: RootHints;
	port: number;
	families: Family[];
	timeoutMs: number;
	retries: number;
	dnssec: boolean;
	/**
	 * What the TCP check asks a server once its zone's SOA came back over UDP: the SOA alone (`soa`, the default: a
	 * trace), or the SOA, the NS set and, with DNSSEC, the DNSKEY set (`zone-data`: the survey's audit). Each is one
	 * more TCP connection per server address per zone.
	 */
	tcpChecks?: TcpCheckScope;
	limits?: Partial<WalkLimits>;
	/** Recorded in the trace's options: where the hints and the trust anchor came from, the lab's name. */
	describe?: Partial<Pick<TraceOptions, 'hints' | 'trustAnchor' | 'trustAnchorFiles' | 'lab' | 'trustAnchorRecords' | 'expiryWarningDays'>>;
	/** Monotonic milliseconds. */
	now?: () => number;
	/** Wall-clock start, for the snapshot. */
	date?: () => Date;
	onEvent?: (event: WalkEvent) => void;
}

/** What the walk asks one zone (every server, every question) and what came back. */
interface ZoneState {
	zone: Zone;
	questions: Array<{question: QuestionRef; purpose: ProbePurpose}>;
	asked: Set<string>;
	probes: Map<string, Probe[]>;
	/** What each answered probe meant, by probe id. */
	classified: Map<number, Classification>;
	/** The zone's decision per question, made once every server has answered it (see `decide`). */
	decisive: Map<string, {probe: Probe; classification: Classification}>;
	/** NS-name look-ups still running for this zone's name servers. */
	lookups: Set<Run>;
	/** Questions the query limit kept from at least one of the zone's servers. */
	unsent: Set<string>;
	/** The resolution that discovered the zone: sub-traces for its NS names nest under it. */
	discoveredBy: Run | undefined;
	/** The children each question was sent ahead to (`askAhead`), by question. */
	askedAhead: Map<string, Set<Name>>;
	/** The CNAME targets each question's responses were chased ahead to (`chaseAhead`), by question. */
	chasedAhead: Map<string, Set<Name>>;
	/** The questions asked here only because a CNAME was chased ahead (`chaseAhead`, and `askAhead` from those). */
	chased: Set<string>;
	/**
	 * Whether the zone was reached otherwise than by a chase ahead's referral: by the walk's own questions, its checks,
	 * a resolution entering it. Only such zones are where a resolution starts (`closestZoneState`): a zone a chase
	 * opened is opened sooner or later, or not at all, by which target a server gave first and how many were chased.
	 */
	reached: boolean;
	/** The resolutions that asked each of the walk's own questions here, by question: whom a referral may lead on. */
	askers: Map<string, Set<Run>>;
	/** Whether some server's referral named the zone: its parent delegates it. */
	referred: boolean;
	/** The zone whose servers answered from this one's data, where a cut (no referral) led here (`enterCut`). */
	cutFrom?: Name;
}

/** One resolution under way: the user's question, an NS-name look-up or a variant branch. */
interface Run {
	model: Resolution;
	depth: number;
	done: boolean;
	/** Zone cuts its path has descended (its cursor's, a CNAME's restart included): `maxZoneCuts` ends it at one more. */
	cuts: number;
}

/** A resolution waiting for a zone's first decisive response to one question. */
interface Waiter {
	run: Run;
	state: ZoneState;
	key: string;
	resolve: (decision: Decision) => void;
}

/** Everything one walk knows, handed explicitly to each part that needs it. */
interface WalkState {
	config: WalkConfig;
	limits: WalkLimits;
	/** Which addresses are never queried: loopback too, unless the root itself is there. */
	addressPolicy: AddressPolicy;
	trace: Trace;
	emit: (event: WalkEvent) => void;
	since: () => number;
	scheduler: Scheduler;
	prober: Prober;
	zones: Map<Name, ZoneState>;
	waiters: Set<Waiter>;
	/** Which resolution waits on which NS-name look-ups: breaks dependency cycles. */
	graph: WaitForGraph<Run>;
	/** NS-name look-ups by name and type: each runs once, however many zones list the name. */
	addressLookups: Map<string, Run>;
	/** Look-ups' questions out and not back (`asksLookUp`), by question: an answer may still give a server an address. */
	pendingLookUps: Map<string, Set<number>>;
	/**
	 * The CNAME/DNAME links before each question a resolution asks, by question (the fewest, when several reach it):
	 * how much of `maxCnameChain` a chase ahead (`chaseAhead`) from its CNAME would have left.
	 */
	links: Map<string, number>;
	/** How many CNAME targets were chased ahead (`chaseAhead`), walk-wide. */
	chases: number;
	/** Chases held back while a look-up may still reach a zone closer to their target (`sendChase`). */
	heldChases: Array<{state: ZoneState; question: QuestionRef; next: QuestionRef}>;
}

const questionKey = (question: QuestionRef) => `${question.name}|${question.type}`;

/**
 * The iterative walk: from the root hints down every zone cut, asking every name server at every address. Each
 * zone's decision is made over all its servers' responses (`decide`); the zone's other questions keep running and
 * fill in the model.
 */
export async function walk(query: {name: Name; type: string; unicode?: string}, config: WalkConfig): Promise<Trace> {
	const limits: WalkLimits = {...DEFAULT_LIMITS, ...config.limits};
	const now = config.now ?? monotonicMs;
	const started = now();
	const since = () => Math.round((now() - started) * 1000) / 1000;
	// The lab's hints pair 127.77.x.y with documentation IPv6 addresses, so one loopback root is enough.
	const addressPolicy = {loopback: config.hints.servers.some((server) => server.addresses.some(isLoopback))};
	// The question leaves for the root's servers now, before the model it is recorded in is built (askFirst): the
	// walk asks them first, and nothing else in this turn (their other questions wait a turn), up to the query limit
	// and no more than the probes allowed in flight: the root servers past those are asked as the scheduler frees a
	// slot, as they always were (hints of 20 names at 6 addresses each had sent 120 at once past a concurrency of 48).
	const rootServers = rootServersOf(config.hints, config.families, addressPolicy, limits.maxNsNamesPerZone, limits.maxAddressesPerNameserver);
	const headStarts = askFirst({...config, since}, {name: query.name, type: query.type}, rootServers, Math.min(limits.maxQueries, limits.concurrency));
	const emit = config.onEvent ?? (() => {});
	const scheduler = createScheduler(limits.concurrency);
	const trace = startTrace(query, config);

	// The model grows in place; a live view holds on to it from here.
	emit({type: 'started', trace});

	const state: WalkState = {
		config,
		limits,
		addressPolicy,
		trace,
		emit,
		since,
		scheduler,
		prober: createProber({
			transport: config.transport,
			port: config.port,
			timeoutMs: config.timeoutMs,
			retries: config.retries,
			dnssec: config.dnssec,
			maxQueries: limits.maxQueries,
			walkReserve: limits.walkReserve,
			scheduler,
			trace,
			since,
			report: (event) => {
				if (asksLookUp(state, event.probe)) trackPending(state, event.type, event.probe);
				emit(event);
			},
			hitLimit: (hit) => hitLimit(trace, hit),
			settled: () => recheck(state),
			headStarts,
		}),
		zones: new Map(),
		waiters: new Set(),
		graph: createWaitForGraph(),
		addressLookups: new Map(),
		pendingLookUps: new Map(),
		links: new Map(),
		chases: 0,
		heldChases: [],
	};

	// The root's own questions are added once the walk's has gone out. They wait a turn anyway, and putting them off
	// cost the first datagram 0.3-0.5 ms (a process's first setImmediate, in Node's timers, is 0.2-0.3 ms of it).
	const root = ensureZone(state, '.', undefined, undefined, true, false);
	const learnHint = (server: RootHints['servers'][number]) =>
		learnNameserver(
			state,
			root,
			server.name,
			'hints',
			server.addresses.map((address) => ({address, origin: 'hints' as const})),
		);
	// The question goes to the first root server the hints give an address for at once, and to each other as it is
	// learnt: the first query does not wait for every hint to be read. Not before one has an address: a zone with no
	// server asked would be decided exhausted on the spot.
	const hints = [...config.hints.servers];
	while (hints.length > 0 && root.zone.servers.length === 0) learnHint(hints.shift()!);
	const resolved = resolve(state, startRun(state, 'query', {name: query.name, type: query.type}, 0));
	addStandingQuestions(state, root);
	for (const server of hints) learnHint(server);
	// The first replies are read by code already run, on a made-up referral, while they are awaited; then the walk is
	// rehearsed on it (warm-up.ts).
	warmUpWhileWaiting(
		() => trace.stats.answered + trace.stats.failed === 0,
		() => rehearsalSlices(config, walk),
	);
	await resolved;
	await scheduler.idle();

	for (const resolution of trace.resolutions) {
		for (const step of resolution.steps) {
			step.variants = variantsOf(state.zones.get(step.zone)?.probes.get(questionKey(step.question)) ?? []);
		}
	}
	trace.durationMs = since();
	emit({type: 'finished', trace});
	return trace;
}

function startTrace(query: {name: Name; type: string; unicode?: string}, config: WalkConfig): Trace {
	return {
		query: {name: query.name, type: query.type, unicode: query.unicode ?? query.name},
		options: {
			hints: config.describe?.hints ?? config.hints.source,
			...(config.describe?.trustAnchor ? {trustAnchor: config.describe.trustAnchor} : {}),
			...(config.describe?.trustAnchorFiles ? {trustAnchorFiles: config.describe.trustAnchorFiles} : {}),
			port: config.port,
			families: config.families,
			timeoutMs: config.timeoutMs,
			retries: config.retries,
			dnssec: config.dnssec,
			...(config.describe?.lab ? {lab: config.describe.lab} : {}),
			// From the first event on: a snapshot saved while the walk runs is judged against the same anchors.
			...(config.describe?.trustAnchorRecords ? {trustAnchorRecords: config.describe.trustAnchorRecords} : {}),
			...(config.describe?.expiryWarningDays === undefined ? {} : {expiryWarningDays: config.describe.expiryWarningDays}),
		},
		startedAt: isoTime((config.date ?? (() => new Date()))()),
		durationMs: 0,
		vantage: {unavailableFamilies: []},
		zones: [],
		resolutions: [],
		outcome: {status: 'pending', records: [], atMs: 0},
		limits: [],
		loops: [],
		stats: {queries: 0, answered: 0, failed: 0, skipped: 0, ignoredResponses: 0},
	};
}

/**
 * A time as Date#toISOString writes it, from its UTC fields: V8's own takes a fifth of a millisecond the first time a
 * process calls it, and a trace is stamped before its first query. Years outside 0-9999 take V8's (their own form).
 */
export function isoTime(date: Date): string {
	const year = date.getUTCFullYear();
	if (!(year >= 0 && year <= 9999)) return date.toISOString();
	const two = (value: number) => String(value).padStart(2, '0');
	const day = `${String(year).padStart(4, '0')}-${two(date.getUTCMonth() + 1)}-${two(date.getUTCDate())}`;
	return `${day}T${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())}.${String(date.getUTCMilliseconds()).padStart(3, '0')}Z`;
}

function hitLimit(trace: Trace, hit: LimitHit) {
	if (!trace.limits.some((known) => known.limit === hit.limit && known.detail === hit.detail)) trace.limits.push(hit);
}

// Zones and servers: the zone book, and every new server asked every question ----------------------------------

function ensureZone(walk: WalkState, name: Name, parent: Name | undefined, discoveredBy: Run | undefined, reached: boolean, standing = true): ZoneState {
	const existing = walk.zones.get(name);
	if (existing) {
		existing.reached ||= reached;
		return existing;
	}
	const zone = openZone(name, parent);
	const state: ZoneState = {
		zone,
		questions: [],
		asked: new Set(),
		probes: new Map(),
		classified: new Map(),
		decisive: new Map(),
		lookups: new Set(),
		unsent: new Set(),
		discoveredBy,
		askedAhead: new Map(),
		chasedAhead: new Map(),
		chased: new Set(),
		reached,
		askers: new Map(),
		referred: false,
	};
	walk.zones.set(name, state);
	walk.trace.zones.push(zone);
	walk.emit({type: 'zone-added', zone});
	if (standing) addStandingQuestions(walk, state);
	return state;
}

/** What every zone is asked of every server, beside the walk's own question: its SOA, NS set and keys. */
function addStandingQuestions(walk: WalkState, state: ZoneState) {
	const {name} = state.zone;
	addQuestion(walk, state, {name, type: 'SOA'}, 'soa');
	addQuestion(walk, state, {name, type: 'NS'}, 'ns');
	if (walk.config.dnssec) {
		addQuestion(walk, state, {name, type: 'DNSKEY'}, 'dnskey');
		// RFC 7344: what the zone asks its parent to publish as DS, checked against its keys and the parent's DS.
		addQuestion(walk, state, {name, type: 'CDS'}, 'cds');
		addQuestion(walk, state, {name, type: 'CDNSKEY'}, 'cds');
	}
}

function addQuestion(walk: WalkState, state: ZoneState, question: QuestionRef, purpose: ProbePurpose) {
	const key = questionKey(question);
	const known = state.questions.find((entry) => questionKey(entry.question) === key);
	if (!known) state.questions.push({question, purpose});
	// The walk's own question outranks the zone's check of the same (a trace of `ZONE SOA`, `ZONE NS`, `. DNSKEY`): a
	// server learnt later is asked it as the walk's, at once and out of the walk's reserve, not a turn later as a check.
	else if (purpose === 'walk') known.purpose = 'walk';
	for (const server of state.zone.servers) sendProbe(walk, state, server, question, purpose);
}

function learnNameserver(walk: WalkState, state: ZoneState, name: Name, listedBy: Nameserver['listedBy'][number], addresses: NameserverAddress[]) {
	const {maxNsNamesPerZone} = walk.limits;
	const listing = listNameserver(state.zone, name, listedBy, maxNsNamesPerZone);
	if (!listing) {
		hitLimit(walk.trace, {limit: 'ns-names-per-zone', value: maxNsNamesPerZone, detail: `${state.zone.name} lists more than ${maxNsNamesPerZone} name servers; the rest were not followed`});
		return;
	}
	const {entry, added} = listing;
	if (added && servesOwnAddresses(state.zone, name)) {
		addQuestion(walk, state, {name, type: 'A'}, 'ns-address');
		addQuestion(walk, state, {name, type: 'AAAA'}, 'ns-address');
	}
	learnAddresses(walk, state, entry, addresses);
	// A name given only unusable addresses is not looked up again: they are its addresses, and they are reported.
	if (listedBy !== 'hints' && entry.addresses.length === 0 && !entry.unusable && entry.subtraces.length === 0) lookUpAddresses(walk, state, entry);
	// A look-up of the name already under way gave the zones listing it its answers so far: this one gets them too.
	if (added) {
		for (const type of ['A', 'AAAA']) if (walk.addressLookups.has(`${name}|${type}`)) catchUp(walk, {name, type}, [state]);
	}
}

function learnAddresses(walk: WalkState, state: ZoneState, entry: Nameserver, addresses: NameserverAddress[]) {
	const {maxAddressesPerNameserver} = walk.limits;
	const servers = addAddresses(state.zone, entry, addresses, walk.config.families, walk.addressPolicy, maxAddressesPerNameserver);
	if (entry.addressesSkipped) {
		hitLimit(walk.trace, {limit: 'addresses-per-nameserver', value: maxAddressesPerNameserver, detail: `a name server has more than ${maxAddressesPerNameserver} addresses; the rest were counted, not asked`});
	}
	for (const server of servers) {
		for (const {question, purpose} of state.questions) sendProbe(walk, state, server, question, purpose);
	}
	if (servers.length > 0) recheck(walk);
}

function learnDelegation(walk: WalkState, parent: ZoneState, referral: ReferralData, question: QuestionRef, purpose: ProbePurpose) {
	const key = questionKey(question);
	const asker = [...walk.waiters].find((waiter) => waiter.state === parent && waiter.key === key)?.run;
	const child = ensureZone(walk, referral.child, parent.zone.name, asker ?? parent.discoveredBy, !chaseOnly(parent, key, purpose));
	child.referred = true;
	// The walk's own question is the child's before its servers are: each goes out as its server is learnt, the first
	// while the rest of the referral is still being read (a child with thirteen servers and their glue).
	if (purpose === 'walk') askAhead(walk, parent, referral.child, question);
	for (const ns of referral.ns) learnNameserver(walk, child, ns, 'parent', glueOf(referral, ns));
	if (walk.config.dnssec) addQuestion(walk, parent, {name: referral.child, type: 'DS'}, 'ds');
}

/**
 * A referral for a resolution's question sends that question to the child's servers at once, before the parent's
 * decision: the decision waits for every parent server (a dead one costs its time-out), and whichever child it picks,
 * every child some server referred to is walked with this very question (the path, or a variant: `decide`). So the
 * probes are the ones the walk sends anyway, only sooner: the answer is in hand one fastest round trip per cut after
 * the start, while the decisions that record the path still come over every response, in any arrival order.
 */
function askAhead(walk: WalkState, parent: ZoneState, child: Name, question: QuestionRef) {
	const state = walk.zones.get(child);
	if (!state) return;
	// Never further than a resolution may go: a zone deeper than the cut limit, or more children of one question than
	// the variants a decision may walk (a hostile chain of cuts, a parent referring everywhere), waits for its decision.
	const {maxZoneCuts, maxVariantBranches} = walk.limits;
	const ahead = parent.askedAhead.get(questionKey(question)) ?? new Set<Name>();
	if (zoneDepth(walk, state) > maxZoneCuts || (!ahead.has(child) && ahead.size > maxVariantBranches)) return;
	// Nor for a resolution whose path already used its cuts (those before a CNAME count): the referral ends it.
	const askers = parent.askers.get(questionKey(question));
	if (askers && ![...askers].some((run) => run.cuts < maxZoneCuts)) return;
	ahead.add(child);
	parent.askedAhead.set(questionKey(question), ahead);
	if (chaseOnly(parent, questionKey(question), 'walk')) state.chased.add(questionKey(question));
	addQuestion(walk, state, question, 'walk');
}

/** Whether a question was asked in a zone only for a chase ahead: no resolution asked it there (yet). */
const chaseOnly = (state: ZoneState, key: string, purpose: ProbePurpose) => purpose === 'walk' && state.chased.has(key) && !state.askers.get(key)?.size;

/**
 * A CNAME or DNAME for a resolution's question sends the question for its target at once, to the closest zone the
 * walk reached (not one another chase opened), before the zone's decision: as with `askAhead`, every target any
 * server gave is asked (whichever the decision follows, the rest are asked all the same, in any arrival order), so
 * the answer is in hand one fastest round trip after the first CNAME. A resolution that follows the CNAME starts in
 * the closest zone reached at its decision, as it would without the chase: the same one, unless the walk reached a
 * closer zone meanwhile. Never past the chain a resolution may follow; a zone's servers giving more targets than the
 * variants a decision may walk, or a walk with more chases than every resolution could follow (a hostile fan-out),
 * wait for the decisions.
 */
function chaseAhead(walk: WalkState, state: ZoneState, question: QuestionRef, classification: Classification) {
	const {target} = classification;
	const before = walk.links.get(questionKey(question));
	if (!target || before === undefined) return;
	const {maxCnameChain, maxVariantBranches} = walk.limits;
	const links = before + linkOwners(classification.records).length;
	const chased = state.chasedAhead.get(questionKey(question)) ?? new Set<Name>();
	state.chasedAhead.set(questionKey(question), chased);
	if (links > maxCnameChain || chased.has(target) || chased.size > maxVariantBranches || walk.chases >= maxCnameChain * (maxVariantBranches + 1)) return;
	chased.add(target);
	walk.chases++;
	const next = {name: target, type: question.type};
	noteLinks(walk, next, links);
	sendChase(walk, state, question, next);
}

/**
 * Sends a chase's question to the closest zone reached, unless a look-up still running may reach a closer one (one
 * of a name that shares an ancestor with the target below that zone): then the chase waits for it, as the decision
 * does for the look-ups of the zone's own servers, so the chase asks where the resolution will rather than one query
 * more in a farther zone, by arrival order. Once the decision came, the resolution asks the target itself.
 */
function sendChase(walk: WalkState, state: ZoneState, question: QuestionRef, next: QuestionRef) {
	if (state.decisive.has(questionKey(question))) return;
	const zone = closestZoneState(walk, next.name);
	const closer = ancestry(next.name).filter((ancestor) => isStrictlyBelow(ancestor, zone.zone.name));
	if ([...walk.addressLookups.values()].some((run) => !run.done && closer.some((ancestor) => isAtOrBelow(run.model.question.name, ancestor)))) {
		walk.heldChases.push({state, question, next});
		return;
	}
	zone.chased.add(questionKey(next));
	addQuestion(walk, zone, next, 'walk');
}

/** Records how many CNAME/DNAME links lead to a question, keeping the fewest. */
function noteLinks(walk: WalkState, question: QuestionRef, links: number) {
	const key = questionKey(question);
	walk.links.set(key, Math.min(links, walk.links.get(key) ?? links));
}

/** How many cuts below the root a zone is, by the parents the walk opened it under. */
function zoneDepth(walk: WalkState, state: ZoneState): number {
	let depth = 0;
	for (let parent = state.zone.parent; parent !== undefined && depth <= walk.limits.maxZoneCuts; parent = walk.zones.get(parent)?.zone.parent) depth++;
	return depth;
}

// Probes -------------------------------------------------------------------------------------------------------

/**
 * The walk's own question goes out first: when a referral arrives, the child's standing questions (SOA, NS,
 * DNSKEY, NS addresses, the parent's DS) wait one turn of the event loop, so the question the answer depends on
 * is sent before dozens of others are even created.
 */
function sendProbe(walk: WalkState, state: ZoneState, server: Server, question: QuestionRef, purpose: ProbePurpose) {
	if (purpose === 'walk') sendNow(walk, state, server, question, purpose);
	else walk.scheduler.later(() => sendNow(walk, state, server, question, purpose));
}

function sendNow(walk: WalkState, state: ZoneState, server: Server, question: QuestionRef, purpose: ProbePurpose) {
	const key = questionKey(question);
	const askedKey = `${server.name}|${server.address}|${key}`;
	if (state.asked.has(askedKey)) return;
	state.asked.add(askedKey);
	const probe = walk.prober.send(state.zone.name, server, question, purpose, (answered, message) => {
		learnFrom(walk, state, answered, message);
		// The zone's SOA, whichever purpose asked it first (the walk's own question, when the trace is for the SOA).
		if (key === questionKey({name: state.zone.name, type: 'SOA'}) && answered.transport === 'udp') walk.scheduler.later(() => checkTcp(walk, state, server));
	});
	if (!probe) {
		state.unsent.add(key);
		return;
	}
	const list = state.probes.get(key) ?? [];
	list.push(probe);
	state.probes.set(key, list);
}

/**
 * A server whose SOA came back over UDP is asked it once more over TCP only (RFC 7766 makes TCP mandatory; Zonemaster
 * CONNECTIVITY02), and with `tcpChecks: 'zone-data'` its NS and DNSKEY sets too, so a TCP listener fed by another,
 * stale backend shows. The answers are evidence about the server: judged but never learned from, and no resolution
 * waits on them. One whose SOA already came over TCP (TC=1, or UDP timed out) has shown its TCP.
 */
function checkTcp(walk: WalkState, state: ZoneState, server: Server) {
	const askedKey = `${server.name}|${server.address}|tcp`;
	if (state.asked.has(askedKey)) return;
	state.asked.add(askedKey);
	const types: Array<keyof typeof TCP_CHECKS> = walk.config.tcpChecks === 'zone-data' ? ['SOA', 'NS', ...(walk.config.dnssec ? ['DNSKEY' as const] : [])] : ['SOA'];
	for (const type of types) walk.prober.send(state.zone.name, server, {name: state.zone.name, type}, TCP_CHECKS[type], (answered, message) => judge(state, answered, message));
}

/** What a response means relative to the zone asked, recorded on the probe. */
function judge(state: ZoneState, probe: Probe, message: Message): Classification {
	const classification = classifyResponse(message, state.zone.name, probe.question);
	probe.kind = classification.kind;
	if (classification.referral) probe.referral = classification.referral.child;
	if (classification.outOfBailiwick.length > 0) probe.outOfBailiwick = classification.outOfBailiwick;
	return classification;
}

/** What a response means for the walk: a decision for those waiting on the question, and zone data to learn. */
function learnFrom(walk: WalkState, state: ZoneState, probe: Probe, message: Message) {
	const classification = judge(state, probe, message);

	state.classified.set(probe.id, classification);
	const cut = probe.question.type === 'NS' && isStrictlyBelow(probe.question.name, state.zone.name) ? walk.zones.get(probe.question.name) : undefined;
	if (classification.referral) {
		learnDelegation(walk, state, classification.referral, probe.question, probe.purpose);
	} else if ((probe.purpose === 'walk' || asksLookUp(walk, probe)) && seeksCut(state, probe.question, classification) && cut?.zone.parent !== state.zone.name) {
		// (A look-up's question may have reached this server as the zone's own address check: its answer seeks the cut all
		// the same, so when the `SOA name` goes out does not hang on which purpose asked the server first.)
		// Not for `CHILD NS` once the cut is open under this zone (`enterCut`): its answer is the child's NS set, not a
		// decision `seekCut` looks below, so the SOA would be a probe the walk never needed.
		const soa = {name: probe.question.name, type: 'SOA'};
		// Asked for whoever asked the question answered: they are the ones `seekCut` will ask it for.
		const askers = askersOf(state, soa);
		for (const run of askersOf(state, probe.question)) askers.add(run);
		if (chaseOnly(state, questionKey(probe.question), probe.purpose)) state.chased.add(questionKey(soa));
		addQuestion(walk, state, soa, 'walk');
	}
	// A look-up's question may have reached this server as the zone's own address check: its CNAME is chased all the same.
	if ((probe.purpose === 'walk' || asksLookUp(walk, probe)) && classification.kind === 'cname') chaseAhead(walk, state, probe.question, classification);
	if (asksLookUp(walk, probe) && classification.kind === 'answer') {
		// A look-up's answer from any server gives the name its addresses at once, as `askAhead` sends a question down a
		// referral: the zones that list the name are asked from then on, not after the look-up's decision.
		learnLookedUp(walk, probe.question, classification.records, state);
	}
	if (probe.purpose === 'ns' && classification.kind === 'answer') {
		for (const {name, addresses} of ownNameservers(state.zone.name, classification.records, message.additional)) learnNameserver(walk, state, name, 'child', addresses);
	} else if (cut?.zone.parent === state.zone.name && classification.kind === 'answer') {
		// A cut found in the child's own data: the parent's servers that serve the child give its own NS set.
		for (const {name, addresses} of ownNameservers(cut.zone.name, classification.records, message.additional)) learnNameserver(walk, cut, name, 'child', addresses);
	} else if (probe.purpose === 'ns-address' && classification.kind === 'answer') {
		const entry = state.zone.nameservers.find((candidate) => candidate.name === probe.question.name);
		if (!entry) return;
		const addresses = classification.records.flatMap((rr) => (rr.data.kind === 'address' && rr.type === probe.question.type ? [{address: rr.data.address, origin: 'child' as const}] : []));
		learnAddresses(walk, state, entry, addresses);
	}
}

// NS-name sub-traces -----------------------------------------------------------------------------------------

function lookUpAddresses(walk: WalkState, state: ZoneState, entry: Nameserver) {
	const {maxSubtraceDepth} = walk.limits;
	const depth = (state.discoveredBy?.depth ?? 0) + 1;
	for (const family of walk.config.families) {
		const type = family === 4 ? 'A' : 'AAAA';
		const key = `${entry.name}|${type}`;
		const existing = walk.addressLookups.get(key);
		if (!existing && depth > maxSubtraceDepth) {
			hitLimit(walk.trace, {limit: 'subtrace-depth', value: maxSubtraceDepth, detail: `looking up ${entry.name} would nest sub-traces ${depth} deep`});
			entry.unresolved = `not looked up: sub-traces nested deeper than ${maxSubtraceDepth}`;
			continue;
		}
		const run = existing ?? startRun(walk, 'ns-address', {name: entry.name, type}, depth, {zone: state.zone.name, nameserver: entry.name});
		walk.addressLookups.set(key, run);
		if (!entry.subtraces.includes(run.model.id)) entry.subtraces.push(run.model.id);
		if (run.done) deliverAddresses(walk, run);
		else state.lookups.add(run);
		if (!existing) {
			catchUp(walk, run.model.question);
			void resolve(walk, run, undefined, (finished) => deliverAddresses(walk, finished));
		}
	}
}

/**
 * A look-up that starts after servers were already asked its question (a zone's check of its own servers' addresses,
 * the walk's own question), or a zone that lists the name after some answered it, takes their answers as if they came
 * now, and the look-up counts those still out as its own (`pendingLookUps`): what a zone that lists the name learns
 * does not depend on whether they came before the look-up started or the zone was opened.
 */
function catchUp(walk: WalkState, question: QuestionRef, zones: Iterable<ZoneState> = walk.zones.values()) {
	const key = questionKey(question);
	const listing = [...zones];
	for (const state of walk.zones.values()) {
		for (const probe of state.probes.get(key) ?? []) {
			if (!asksLookUp(walk, probe)) continue;
			const classification = state.classified.get(probe.id);
			if (probe.status === 'pending') trackPending(walk, 'probe-started', probe);
			else if (classification?.kind === 'answer') learnLookedUp(walk, question, classification.records, state, listing);
			else if (classification?.kind === 'cname') {
				// The look-up's own question is where its chain starts: its CNAMEs are chased as if they came now.
				noteLinks(walk, question, 0);
				chaseAhead(walk, state, question, classification);
			}
		}
	}
}

/**
 * The addresses of a looked-up name feed every zone that lists it: each answer to the look-up's question as it comes,
 * from any server of any zone asked it (so a name whose servers disagree is asked at every address one gave, in any
 * arrival order), and the look-up's outcome (a CNAME's target's) when it finishes. An answer from a zone's own server
 * about a name inside it is the zone's own data (`child`) to that zone, as its own check would have had it (a server
 * is asked a question once, for whichever came first): where an address came from does not go by arrival order.
 */
function learnLookedUp(walk: WalkState, question: QuestionRef, records: ResourceRecord[], from?: ZoneState, zones: Iterable<ZoneState> = walk.zones.values()) {
	const addresses = records.flatMap((rr) => (rr.data.kind === 'address' && rr.type === question.type ? [rr.data.address] : []));
	for (const state of zones) {
		const entry = state.zone.nameservers.find((candidate) => candidate.name === question.name);
		const origin = state === from && servesOwnAddresses(state.zone, question.name) ? 'child' : 'subtrace';
		if (entry) learnAddresses(walk, state, entry, addresses.map((address) => ({address, origin})));
	}
}

/** A finished address look-up feeds every zone that lists the name, and lets the chases it held back go. */
function deliverAddresses(walk: WalkState, run: Run) {
	const {name} = run.model.question;
	learnLookedUp(walk, run.model.question, run.model.outcome?.records ?? []);
	for (const {state, question, next} of walk.heldChases.splice(0)) sendChase(walk, state, question, next);
	for (const state of walk.zones.values()) {
		state.lookups.delete(run);
		const entry = state.zone.nameservers.find((candidate) => candidate.name === name);
		if (!entry) continue;
		const stillRunning = entry.subtraces.some((id) => [...walk.addressLookups.values()].some((lookup) => lookup.model.id === id && !lookup.done));
		if (entry.addresses.length === 0 && !stillRunning) {
			const outcomes = entry.subtraces.map((id) => walk.trace.resolutions[id]?.outcome).filter((outcome): outcome is Outcome => Boolean(outcome));
			entry.unresolved = entry.unusable ? describeUnusable(entry) : describeUnresolved(name, outcomes);
		}
	}
	recheck(walk);
}

// Resolutions --------------------------------------------------------------------------------------------------

function startRun(walk: WalkState, purpose: ResolutionPurpose, question: QuestionRef, depth: number, forRef?: Resolution['for']): Run {
	const model: Resolution = {id: walk.trace.resolutions.length, purpose, question, ...(forRef ? {for: forRef} : {}), steps: []};
	walk.trace.resolutions.push(model);
	return {model, depth, done: false, cuts: 0};
}

/** The resolutions that asked the zone this question (`askZone`), kept with the zone. */
function askersOf(state: ZoneState, question: QuestionRef): Set<Run> {
	const key = questionKey(question);
	const askers = state.askers.get(key) ?? new Set<Run>();
	state.askers.set(key, askers);
	return askers;
}

/**
 * The closest zone of a name the walk reached (`ZoneState.reached`), where a resolution starts. A zone only a cut led
 * to is not one: no referral names its servers, so resolvers stay with the servers that answered from its data, and
 * a resolution (a name server's look-up, a CNAME's target) starts there too, taking the cut as the user's question
 * did, and back to those servers' answer if the zone's own give none.
 */
function closestZoneState(walk: WalkState, name: Name): ZoneState {
	let state = walk.zones.get(closestZone(name, (candidate) => {
		const reached = walk.zones.get(candidate);
		return reached?.reached ? reached.zone : undefined;
	}))!;
	while (state.cutFrom !== undefined && !state.referred) state = walk.zones.get(state.cutFrom)!;
	return state;
}

function askZone(walk: WalkState, run: Run, state: ZoneState, question: QuestionRef): Promise<Decision> {
	askersOf(state, question).add(run);
	addQuestion(walk, state, question, 'walk');
	return new Promise((resolveDecision) => {
		walk.waiters.add({run, state, key: questionKey(question), resolve: resolveDecision});
		recheck(walk);
	});
}

/**
 * The zone's decision for a waiter, or undefined while anything that could still change it runs: a server asked the
 * question, a question that finds the zone more servers (its NS, its servers' addresses), or a look-up of a server's
 * name. The decision is then made over every response (`decide`), so it never depends on which server answered first.
 */
function evaluate(walk: WalkState, waiter: Waiter): Decision | undefined {
	const decisive = waiter.state.decisive.get(waiter.key);
	if (decisive) return decisive;
	const probes = waiter.state.probes.get(waiter.key) ?? [];
	if (probes.some((probe) => probe.status === 'pending') || findsServers(walk, waiter.state)) {
		walk.graph.remove(waiter.run);
		return undefined;
	}
	const judgement = walk.graph.judge(
		waiter.run,
		[...waiter.state.lookups].filter((run) => !run.done),
	);
	if (judgement.state === 'waiting') {
		walk.graph.wait(waiter.run, judgement.on);
		return undefined;
	}
	// A look-up that waits on this very decision cannot add a server in time: decide on the servers there are.
	const decision = decide(walk, waiter.state, waiter.key, probes);
	if (decision) return decision;
	// A zone the query limit kept from asking every server is not proven unreachable: that is the limit's finding. Nor
	// one whose question this host could not send to every server (out of file descriptors): at ulimit -n 20, td.'s
	// glued servers never asked made a loop through gransy1.ns.td. that a normal trace does not have.
	if (judgement.state === 'cycle' && !waiter.state.unsent.has(waiter.key) && !probes.some(notSentForWant)) {
		const zone = waiter.state.zone.name;
		// The A and AAAA look-ups of one name are one link of the cycle.
		const names = [...new Set(judgement.through.map((run) => run.model.question.name))];
		// Every waiter caught in a cycle through this zone finds it, each with the names still out: one loop per zone,
		// recorded once with every name (a referral to 300 glueless names under the zone itself was 20 loops, each of the
		// names left).
		const known = walk.trace.loops.find((loop) => loop.kind === 'ns-dependency' && loop.names[0] === zone);
		const all = [...new Set([...(known?.names.slice(1) ?? []), ...names])];
		const loop = {kind: 'ns-dependency' as const, names: [zone, ...all], detail: `reaching ${zone} needs the address of ${listInWords(all, {last: ', '})}, whose look-up in turn depends on reaching ${zone}`};
		if (known) Object.assign(known, loop);
		else walk.trace.loops.push(loop);
	}
	return {exhausted: true, reason: describeExhausted(waiter.state.zone, probes)};
}

/**
 * Whether a question that can find the zone more servers is still out: its NS set, its servers' own addresses, or,
 * once the look-ups of its server names are done, their question at a server the look-ups did not need (a variant
 * delegation's, asked ahead: each answer gives addresses, `learnLookedUp`). While a look-up runs, `evaluate` waits
 * for it, or finds the cycle it is part of.
 */
const findsServers = (walk: WalkState, state: ZoneState) =>
	[...state.probes.values()].some((list) => list.some((probe) => probe.status === 'pending' && (probe.purpose === 'ns' || probe.purpose === 'ns-address'))) ||
	(state.lookups.size === 0 && state.zone.nameservers.some((entry) => entry.subtraces.length > 0 && (walk.pendingLookUps.has(`${entry.name}|A`) || walk.pendingLookUps.has(`${entry.name}|AAAA`))));

/**
 * Whether a probe asks a name server look-up's question: the look-up's own, or the zone's check of its servers'
 * addresses (a server is asked a question once, for whichever came first). Its answer gives the name addresses.
 */
const asksLookUp = (walk: WalkState, probe: Probe) => (probe.purpose === 'walk' || probe.purpose === 'ns-address') && walk.addressLookups.has(questionKey(probe.question));

/** Keeps `pendingLookUps`: a probe counts from its start until it finishes (a skipped one never started). */
function trackPending(walk: WalkState, event: 'probe-started' | 'probe-finished', probe: Probe) {
	const key = questionKey(probe.question);
	const pending = walk.pendingLookUps.get(key) ?? new Set<number>();
	if (event === 'probe-started') pending.add(probe.id);
	else pending.delete(probe.id);
	if (pending.size > 0) walk.pendingLookUps.set(key, pending);
	else walk.pendingLookUps.delete(key);
}

/**
 * THE rule that turns a zone's responses to one question into its decision, over all of them and never by arrival
 * order: a referral wins over any other usable response (only a referral says where the cut is, and a parent
 * server that also serves the child answers from the child's data instead of referring: a resolver that meets the
 * referral goes down to the child's own servers, as Unbound does); among equals, the server first in name and
 * address order. Every other child some server referred to is walked too, as a variant. Undefined when no server
 * gave a usable response.
 */
function decide(walk: WalkState, state: ZoneState, key: string, probes: Probe[]): {probe: Probe; classification: Classification} | undefined {
	const usable = probes
		.flatMap((probe) => {
			const classification = state.classified.get(probe.id);
			return probe.status === 'answered' && classification && USABLE_KINDS.has(classification.kind) ? [{probe, classification}] : [];
		})
		.sort((a, b) => rank(a.probe, a.classification) - rank(b.probe, b.classification) || byServerThenAddress(a.probe, b.probe));
	const chosen = usable[0];
	if (!chosen) return undefined;
	state.decisive.set(key, chosen);
	const children = new Set(usable.flatMap(({classification}) => (classification.referral ? [classification.referral.child] : [])));
	children.delete(chosen.classification.referral?.child ?? '');
	for (const child of [...children].sort()) branch(walk, chosen.probe.question, child);
	return chosen;
}

/** A referral first, then a response from a child's data (its SOA names the cut), then the rest. */
const rank = (probe: Probe, classification: Classification) => (classification.kind === 'referral' ? 0 : cutOf(probe.question, classification) ? 1 : 2);

function recheck(walk: WalkState) {
	for (const waiter of [...walk.waiters]) {
		// A decision can start a variant's walk, which re-checks the waiters itself.
		if (!walk.waiters.has(waiter)) continue;
		const decision = evaluate(walk, waiter);
		if (!decision) continue;
		walk.waiters.delete(waiter);
		walk.graph.remove(waiter.run);
		waiter.resolve(decision);
	}
}

/** Runs one resolution to its outcome; `afterwards` runs before its hold is released, so idleness is real. */
async function resolve(walk: WalkState, run: Run, from?: ZoneState, afterwards?: (run: Run) => void): Promise<void> {
	const release = walk.scheduler.hold();
	let cursor = startCursor(run.model.question);
	let state = from ?? closestZoneState(walk, cursor.question.name);
	for (;;) {
		state.reached = true;
		noteLinks(walk, cursor.question, linkOwners(cursor.chain).length);
		const asked = await askZone(walk, run, state, cursor.question);
		const decision = cursor.asItIs ? asked : await seekCut(walk, run, state, cursor.question, asked);
		const step: PathStep = {zone: state.zone.name, question: cursor.question, result: 'failure', atMs: walk.since(), variants: []};
		run.model.steps.push(step);
		const {result, probe, next, move} = takeStep(cursor, decision, walk.limits);
		step.result = result;
		if (probe !== undefined) step.probe = probe;
		if (next !== undefined) step.next = next;
		if (move.to === 'outcome') {
			if (move.limit) hitLimit(walk.trace, move.limit);
			if (move.loop) walk.trace.loops.push(move.loop);
			finish(walk, run, {...move.outcome, zone: state.zone.name, atMs: step.atMs});
			break;
		}
		if (result === 'cut' && move.to === 'child') await enterCut(walk, run, state, move.zone);
		// Back from a child its cut led to: the answer taken there is the child's data, signed with the child's keys, which
		// a validator asks of the servers it is at (the parent's, which serve the child too), as it follows the signer.
		if (move.to === 'back' && walk.config.dnssec) addQuestion(walk, walk.zones.get(move.zone)!, {name: state.zone.name, type: 'DNSKEY'}, 'walk');
		cursor = move.cursor;
		run.cuts = cursor.cuts;
		state = move.to === 'target' ? closestZoneState(walk, cursor.question.name) : walk.zones.get(move.zone)!;
	}
	run.done = true;
	afterwards?.(run);
	release();
}

/**
 * The zone's decision, or the response that shows its servers answered from a child zone's data. A NODATA or
 * NXDOMAIN carries the SOA of the zone it came from; a positive answer carries none, so for a name below the zone its
 * servers are asked `SOA name`, the question resolvers find a cut with (RFC 9156 2.3): its SOA (the answer at the
 * child's apex, the authority of a NODATA below it) names the child. No referral having come, this is the only way
 * to learn a cut whose every parent server also serves the child.
 */
async function seekCut(walk: WalkState, run: Run, state: ZoneState, question: QuestionRef, decision: Decision): Promise<Decision> {
	if ('exhausted' in decision || !seeksCut(state, question, decision.classification)) return decision;
	const apex = await askZone(walk, run, state, {name: question.name, type: 'SOA'});
	return 'exhausted' in apex || !cutOf(question, apex.classification) ? decision : apex;
}

/**
 * Whether a response leads the walk to ask the zone `SOA name` (`seekCut`): a positive answer below the zone. Asked as
 * soon as any server gives one, as `askAhead` asks a child, not after the decision: then it is in hand when the
 * decision comes.
 */
const seeksCut = (state: ZoneState, question: QuestionRef, classification: Classification) =>
	classification.kind === 'answer' && question.type !== 'SOA' && isStrictlyBelow(question.name, state.zone.name);

/**
 * A cut learned from the child's own data rather than a referral: the child opened under the zone, its name servers
 * from the NS set the zone's servers (which serve it) give, its DS asked of the zone, as the parent's side of the cut.
 */
async function enterCut(walk: WalkState, run: Run, parent: ZoneState, child: Name) {
	ensureZone(walk, child, parent.zone.name, run, true).cutFrom ??= parent.zone.name;
	if (walk.config.dnssec) addQuestion(walk, parent, {name: child, type: 'DS'}, 'ds');
	await askZone(walk, run, parent, {name: child, type: 'NS'});
}

function finish(walk: WalkState, run: Run, outcome: Outcome) {
	run.model.outcome = outcome;
	if (run.model.id === 0) {
		walk.trace.outcome = outcome;
		walk.emit({type: 'outcome', outcome});
	}
}

/** A server that refers somewhere the decision did not: walk that delegation too, so no variant hides. */
function branch(walk: WalkState, question: QuestionRef, child: Name) {
	const {maxVariantBranches} = walk.limits;
	if (walk.trace.resolutions.filter((resolution) => resolution.purpose === 'variant').length >= maxVariantBranches) {
		hitLimit(walk.trace, {limit: 'variants', value: maxVariantBranches, detail: `more than ${maxVariantBranches} differing delegations; the rest were recorded but not followed`});
		return;
	}
	void resolve(walk, startRun(walk, 'variant', question, 1), walk.zones.get(child));
}
