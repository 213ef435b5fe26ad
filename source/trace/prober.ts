import type {Family} from '../dns/address.js';
import type {Name} from '../dns/name.js';
import type {Message} from '../dns/record.js';
import {nsidOf} from '../dns/nsid.js';
import {isNoRoute, type QueryOptions, type QueryResult, type Transport} from '../dns/transport.js';
import type {LimitHit, Probe, ProbePurpose, QuestionRef, Server, Trace} from './model.js';
import {isTcpCheck} from './probe-facts.js';
import type {Scheduler} from './scheduler.js';

export interface ProberConfig {
	transport: Transport;
	port: number;
	timeoutMs: number;
	retries: number;
	dnssec: boolean;
	maxQueries: number;
	/** The share of `maxQueries` only the walk's own questions and the chain of trust may use (see WalkLimits). */
	walkReserve: number;
	scheduler: Scheduler;
	/** The trace whose statistics, vantage and limits the probes count in. */
	trace: Trace;
	since: () => number;
	report: (event: {type: 'probe-started' | 'probe-finished'; probe: Probe}) => void;
	hitLimit: (hit: LimitHit) => void;
	/** After every probe whose query went out has its result recorded: what waited on it may move. */
	settled: () => void;
	/** The walk's question to the root's servers, already on its way (`askFirst`): each probe that asks it takes one. */
	headStarts?: HeadStarts;
}

/** Exchanges begun before the walk's model was built, each waiting for the probe that asks it. */
export interface HeadStarts {
	question: QuestionRef;
	/** By the server's name and address. */
	exchanges: Map<string, {startedMs: number; result: Promise<QueryResult>}>;
}

const headStartKey = (server: Pick<Server, 'name' | 'address'>) => `${server.name}|${server.address}`;

export interface Prober {
	/**
	 * Asks `server`, as a server of `zone`, one question: the probe is in the server's list at once, and `answered`
	 * runs with the response before the probe is reported finished. A probe that cannot go out for want of a route
	 * for the family is skipped on the spot; past the query limit no probe is made at all, only counted on the
	 * server (a hostile fan-out would otherwise store tens of thousands of skipped probes): undefined then. A check
	 * (any purpose but the walk's own and the chain of trust's) meets its limit earlier, at the reserve.
	 */
	send(zone: Name, server: Server, question: QuestionRef, purpose: ProbePurpose, answered: (probe: Probe, message: Message) => void): Probe | undefined;
}

/** The questions the outcome and its DNSSEC verdict rest on: they may spend the reserve. */
const OUTCOME_PURPOSES: ReadonlySet<ProbePurpose> = new Set(['walk', 'ds', 'dnskey']);

/** What each purpose asks of the transport: a TCP check goes over TCP only, every other probe over UDP first. */
function transportFor(purpose: ProbePurpose): Pick<QueryOptions, 'tcpOnly' | 'tcpAfterUdpTimeout'> {
	return isTcpCheck({purpose}) ? {tcpOnly: true} : {tcpAfterUdpTimeout: true};
}

type AskConfig = Pick<ProberConfig, 'transport' | 'port' | 'timeoutMs' | 'retries' | 'dnssec'>;

/** One probe's exchange: the question to the server's address, as its purpose asks (EDNS, DO, NSID; UDP or TCP). */
function ask(config: AskConfig, address: string, question: QuestionRef, purpose: ProbePurpose): Promise<QueryResult> {
	return config.transport.query({address, port: config.port}, question, {
		timeoutMs: config.timeoutMs,
		retries: config.retries,
		edns: true,
		dnssecOk: config.dnssec,
		nsid: true,
		...transportFor(purpose),
	});
}

/**
 * Sends the walk's question to the root's servers before the walk has built anything to record it in: building the
 * model (the trace, the root zone, its servers, the prober) is code a process runs for the first time, 0.5-0.8 ms of
 * the clock, and it now runs while the queries are out. The probe that asks a server the same question takes its
 * exchange, with the time it started (ProberConfig.headStarts).
 */
export function askFirst(config: AskConfig & {since: () => number}, question: QuestionRef, servers: Iterable<Pick<Server, 'name' | 'address'>>, most: number): HeadStarts {
	const exchanges: HeadStarts['exchanges'] = new Map();
	for (const server of servers) {
		if (exchanges.size >= most) break;
		const key = headStartKey(server);
		if (!exchanges.has(key)) exchanges.set(key, {startedMs: config.since(), result: ask(config, server.address, question, 'walk')});
	}
	return {question, exchanges};
}

export function createProber(config: ProberConfig): Prober {
	const {trace, scheduler} = config;
	const stats = trace.stats;
	const succeededFamilies = new Set<Family>();
	let ids = 0;
	// Queries out and not back yet: they count against the limit before the statistics can count them.
	let inFlight = 0;
	/**
	 * Responses already held, by their bytes after the ID: a thousand servers of one zone sending the same 70 KB
	 * answer share one decoded copy of its records instead of holding a thousand (the snapshot de-duplicates the
	 * same way when it is written).
	 */
	const held = new Map<string, Message>();
	const shared = (raw: Uint8Array, message: Message): Message => {
		// The bytes themselves as the key (one byte a character): no digest to compute, and hashing's first call in a
		// process costs a quarter of a millisecond on the way from the first reply to the next query.
		const key = Buffer.from(raw.buffer, raw.byteOffset + 2, raw.byteLength - 2).toString('latin1');
		const known = held.get(key);
		if (!known) {
			held.set(key, message);
			return message;
		}
		return {...known, id: message.id};
	};

	const skip = (probe: Probe, reason: string) => {
		probe.status = 'skipped';
		probe.error = reason;
		// It never left, so it has no round trip: the time to its refusal, kept as one, is longer than the probe's own
		// span (it ends where it started), and its snapshot did not open (snapshot-timings.ts).
		delete probe.rttMs;
		probe.finishedMs = probe.startedMs;
		stats.skipped++;
		config.report({type: 'probe-finished', probe});
	};

	const unavailable = (family: Family) => trace.vantage.unavailableFamilies.find((entry) => entry.family === family);

	const record = (server: Server, probe: Probe, result: QueryResult, answered: (probe: Probe, message: Message) => void) => {
		probe.transport = result.transport;
		probe.attempts = result.attempts;
		probe.rttMs = Math.round(result.rttMs * 1000) / 1000;
		probe.finishedMs = config.since();
		if (result.truncatedOverUdp) probe.truncatedOverUdp = true;
		if (result.ednsFallback) probe.ednsFallback = true;
		if (result.ednsDropped) probe.ednsDropped = true;
		if (result.udpTimedOut) probe.udpTimedOut = true;
		if (result.plainUdpAnswered) probe.plainUdpAnswered = true;
		if (result.ignored > 0) probe.ignored = result.ignored;
		if (result.shared) probe.shared = {measuredAt: result.shared.measuredAt};
		stats.ignoredResponses += result.ignored;

		if (!result.ok) {
			if (result.raw) {
				probe.raw = Buffer.from(result.raw).toString('base64');
				probe.size = result.raw.byteLength;
			}
			// Refused by this program (loopback only): the query never left, so it is not counted and blames no one.
			if (result.notSent) {
				skip(probe, `not sent: ${result.detail}`);
				return;
			}
			// A host without a route for a whole family is a property of where we stand, not of the server: the query
			// never left, so it is not counted.
			if (result.error === 'network' && isNoRoute(result.code) && !succeededFamilies.has(server.family)) {
				if (!unavailable(server.family)) trace.vantage.unavailableFamilies.push({family: server.family, reason: result.detail});
				skip(probe, `not sent: this host has no IPv${server.family} connectivity (${result.detail})`);
				return;
			}
			stats.queries++;
			probe.status = result.error;
			probe.error = result.detail;
			stats.failed++;
			config.report({type: 'probe-finished', probe});
			return;
		}

		stats.queries++;
		succeededFamilies.add(server.family);
		probe.status = 'answered';
		probe.rcode = result.message.rcode;
		probe.size = result.raw.byteLength;
		probe.raw = Buffer.from(result.raw).toString('base64');
		probe.response = shared(result.raw, result.message);
		const nsid = nsidOf(result.message);
		if (nsid !== undefined) probe.nsid = nsid;
		stats.answered++;
		answered(probe, probe.response);
		config.report({type: 'probe-finished', probe});
	};

	const checkLimit = Math.floor(config.maxQueries * (1 - config.walkReserve));
	const kept = config.maxQueries - checkLimit;
	/**
	 * The limits this purpose has reached, the one that stops it last. A check past the whole budget is past the
	 * reserve too, and says so: whether the first check refused came before or after the walk's own questions spent
	 * the reserve is only the order concurrent queries came back in, and the same trace reports the same limits. With
	 * no reserve (nothing kept), checks stop at the budget like everything else.
	 */
	const reached = (purpose: ProbePurpose): LimitHit[] => {
		const spent = stats.queries + inFlight;
		const hits: LimitHit[] = [];
		if (kept > 0 && spent >= checkLimit && !OUTCOME_PURPOSES.has(purpose)) {
			hits.push({limit: 'queries', value: checkLimit, detail: `checks stopped after ${checkLimit} queries; the last ${kept} were kept for the question itself and its chain of trust`});
		}
		if (spent >= config.maxQueries) hits.push({limit: 'queries', value: config.maxQueries, detail: `the trace stopped sending after ${config.maxQueries} queries`});
		return hits;
	};

	/** A head start, for the walk's probe of the same question to the same root server; each once. */
	const takeHeadStart = (zone: Name, server: Server, question: QuestionRef, purpose: ProbePurpose) => {
		const early = config.headStarts;
		if (!early || purpose !== 'walk' || zone !== '.' || question.name !== early.question.name || question.type !== early.question.type) return undefined;
		const key = headStartKey(server);
		const exchange = early.exchanges.get(key);
		early.exchanges.delete(key);
		return exchange;
	};

	return {
		send(zone, server, question, purpose, answered) {
			const hits = reached(purpose);
			if (hits.length > 0) {
				const {detail} = hits.at(-1)!;
				for (const hit of hits) config.hitLimit(hit);
				server.questionsSkipped = {count: (server.questionsSkipped?.count ?? 0) + 1, reason: detail};
				stats.skipped++;
				return undefined;
			}
			const early = takeHeadStart(zone, server, question, purpose);
			const probe: Probe = {
				id: ++ids,
				zone,
				server: server.name,
				address: server.address,
				question,
				purpose,
				startedMs: early?.startedMs ?? config.since(),
				status: 'pending',
			};
			server.probes.push(probe);

			const noRoute = unavailable(server.family);
			if (noRoute) {
				skip(probe, `not sent: this host has no IPv${server.family} connectivity (${noRoute.reason})`);
				return probe;
			}
			inFlight++;
			config.report({type: 'probe-started', probe});
			const release = scheduler.hold();
			// Settled and released whatever the ending does: a throw in it is a bug to see, not a walk that waits on.
			const done = (end: () => void) => {
				inFlight--;
				try {
					end();
				} finally {
					config.settled();
					release();
				}
			};
			void scheduler
				.run(() => early?.result ?? ask(config, server.address, question, purpose), purpose === 'walk')
				.then(
					(result) => done(() => record(server, probe, result, answered)),
					// A query that could not even be made (a name no message can carry: over 255 octets once a DNAME
					// rewrote it, not ASCII from a caller) never left: skipped with why, never a walk waiting forever.
					(error: unknown) => done(() => skip(probe, `not sent: ${error instanceof Error ? error.message : String(error)}`)),
				);
			return probe;
		},
	};
}
