import {USABLE_KINDS} from './probe-facts.js';
import {familyOf, type Family} from '../dns/address.js';
import {ancestry, isAtOrBelow, type Name} from '../dns/name.js';
import type {ResourceRecord} from '../dns/record.js';
import type {RootHints} from '../dns/root-hints.js';
import type {QueryResult, Transport} from '../dns/transport.js';
import {classifyResponse, type Classification} from './classify.js';
import {advance, exhaustedReason, startPath} from './outcome.js';
import {DEFAULT_LIMITS, type WalkLimits} from './limits.js';
import type {
	AddressOrigin,
	LimitName,
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
import {createScheduler} from './scheduler.js';
import {variantsOf} from './variants.js';

export type WalkEvent =
	| {type: 'started'; trace: Trace}
	| {type: 'probe-started'; probe: Probe}
	| {type: 'probe-finished'; probe: Probe}
	| {type: 'zone-added'; zone: Zone}
	| {type: 'outcome'; outcome: Outcome}
	| {type: 'finished'; trace: Trace};

export interface WalkConfig {
	transport: Transport;
	hints: RootHints;
	port: number;
	families: Family[];
	timeoutMs: number;
	retries: number;
	dnssec: boolean;
	limits?: Partial<WalkLimits>;
	/** Recorded in the trace's options: where the hints and the trust anchor came from, the lab's name. */
	describe?: Partial<Pick<TraceOptions, 'hints' | 'trustAnchor' | 'lab'>>;
	/** Monotonic milliseconds. */
	now?: () => number;
	/** Wall-clock start, for the snapshot. */
	date?: () => Date;
	onEvent?: (event: WalkEvent) => void;
}


interface ZoneState {
	zone: Zone;
	questions: Array<{question: QuestionRef; purpose: ProbePurpose}>;
	asked: Set<string>;
	probes: Map<string, Probe[]>;
	/** The first decisive response per question, in arrival order. */
	decisive: Map<string, {probe: Probe; classification: Classification}>;
	/** Referral children already followed (or branched to) per question. */
	followed: Map<string, Set<Name>>;
	/** NS-name lookups still running for this zone's name servers. */
	lookups: Set<Run>;
	/** The resolution that discovered the zone: sub-traces for its NS names nest under it. */
	discoveredBy: Run | undefined;
}

interface Run {
	model: Resolution;
	depth: number;
	done: boolean;
	/** Lookups this run is waiting for (the wait-for graph used to break dependency cycles). */
	blockedOn: Set<Run>;
}

interface Waiter {
	run: Run;
	state: ZoneState;
	key: string;
	resolve: (decision: Decision) => void;
}

type Decision = {probe: Probe; classification: Classification} | {exhausted: true; reason: string};

const questionKey = (question: QuestionRef) => `${question.name}|${question.type}`;

/**
 * The iterative walk: from the root hints down every zone cut, asking every name server at every address. The
 * first decisive response moves the walk on; the other probes keep running and fill in the model.
 */
export async function walk(query: {name: Name; type: string; unicode?: string}, config: WalkConfig): Promise<Trace> {
	const limits: WalkLimits = {...DEFAULT_LIMITS, ...config.limits};
	const now = config.now ?? (() => performance.now());
	const started = now();
	const since = () => Math.round((now() - started) * 1000) / 1000;
	const emit = config.onEvent ?? (() => {});
	const scheduler = createScheduler(limits.concurrency);

	const trace: Trace = {
		query: {name: query.name, type: query.type, unicode: query.unicode ?? query.name},
		options: {
			hints: config.describe?.hints ?? config.hints.source,
			...(config.describe?.trustAnchor ? {trustAnchor: config.describe.trustAnchor} : {}),
			port: config.port,
			families: config.families,
			timeoutMs: config.timeoutMs,
			retries: config.retries,
			dnssec: config.dnssec,
			...(config.describe?.lab ? {lab: config.describe.lab} : {}),
		},
		startedAt: (config.date ?? (() => new Date()))().toISOString(),
		durationMs: 0,
		vantage: {unavailableFamilies: []},
		zones: [],
		resolutions: [],
		outcome: {status: 'pending', records: [], atMs: 0},
		limits: [],
		loops: [],
		stats: {queries: 0, answered: 0, failed: 0, skipped: 0, ignoredResponses: 0},
	};

	// The model grows in place; a live view holds on to it from here.
	emit({type: 'started', trace});

	const zones = new Map<Name, ZoneState>();
	const waiters = new Set<Waiter>();
	const addressLookups = new Map<string, Run>();
	const succeededFamilies = new Set<Family>();
	let activity = 0;
	let idleResolve: (() => void) | undefined;
	let probeIds = 0;

	const begin = () => {
		activity++;
	};
	const end = () => {
		activity--;
		if (activity === 0) idleResolve?.();
	};

	const hitLimit = (limit: LimitName, value: number, detail: string) => {
		if (!trace.limits.some((hit) => hit.limit === limit && hit.detail === detail)) trace.limits.push({limit, value, detail});
	};

	// Zones and servers ------------------------------------------------------------------------------------------

	const ensureZone = (name: Name, parent: Name | undefined, discoveredBy: Run | undefined): ZoneState => {
		const existing = zones.get(name);
		if (existing) return existing;
		const zone: Zone = {name, ...(parent ? {parent} : {}), nameservers: [], servers: []};
		const state: ZoneState = {
			zone,
			questions: [],
			asked: new Set(),
			probes: new Map(),
			decisive: new Map(),
			followed: new Map(),
			lookups: new Set(),
			discoveredBy,
		};
		zones.set(name, state);
		trace.zones.push(zone);
		emit({type: 'zone-added', zone});
		addQuestion(state, {name, type: 'SOA'}, 'soa');
		addQuestion(state, {name, type: 'NS'}, 'ns');
		if (config.dnssec) addQuestion(state, {name, type: 'DNSKEY'}, 'dnskey');
		return state;
	};

	const addQuestion = (state: ZoneState, question: QuestionRef, purpose: ProbePurpose) => {
		const key = questionKey(question);
		if (!state.questions.some((entry) => questionKey(entry.question) === key)) state.questions.push({question, purpose});
		for (const server of state.zone.servers) sendProbe(state, server, question, purpose);
	};

	const addNameserver = (
		state: ZoneState,
		name: Name,
		listedBy: Nameserver['listedBy'][number],
		addresses: Array<{address: string; origin: AddressOrigin}>,
	) => {
		let entry = state.zone.nameservers.find((candidate) => candidate.name === name);
		if (!entry) {
			if (state.zone.nameservers.length >= limits.maxNsNamesPerZone) {
				hitLimit('ns-names-per-zone', limits.maxNsNamesPerZone, `${state.zone.name} lists more than ${limits.maxNsNamesPerZone} name servers; the rest were not followed`);
				return;
			}
			entry = {name, listedBy: [], addresses: [], subtraces: []};
			state.zone.nameservers.push(entry);
			// The root's server names live in other zones (root-servers.net.); the hints already give their addresses.
			if (state.zone.name !== '.' && isAtOrBelow(name, state.zone.name)) {
				addQuestion(state, {name, type: 'A'}, 'ns-address');
				addQuestion(state, {name, type: 'AAAA'}, 'ns-address');
			}
		}
		if (!entry.listedBy.includes(listedBy)) entry.listedBy.push(listedBy);
		for (const {address, origin} of addresses) addAddress(state, entry, address, origin);
		if (listedBy !== 'hints' && entry.addresses.length === 0 && entry.subtraces.length === 0) lookUpAddresses(state, entry);
	};

	const addAddress = (state: ZoneState, entry: Nameserver, address: string, origin: AddressOrigin) => {
		const family = familyOf(address);
		let known = entry.addresses.find((candidate) => candidate.address === address);
		if (!known) {
			known = {address, family, origins: []};
			entry.addresses.push(known);
		}
		if (!known.origins.includes(origin)) known.origins.push(origin);
		delete entry.unresolved;
		if (!config.families.includes(family)) return;
		if (state.zone.servers.some((server) => server.name === entry.name && server.address === address)) return;
		const server: Server = {name: entry.name, address, family, origin, probes: []};
		state.zone.servers.push(server);
		for (const {question, purpose} of state.questions) sendProbe(state, server, question, purpose);
		recheck();
	};

	// Probes -------------------------------------------------------------------------------------------------------

	// The walk's own question goes out first: when a referral arrives, the child's standing questions (SOA, NS,
	// DNSKEY, NS addresses, the parent's DS) wait one turn of the event loop, so the question the answer depends on
	// is sent before dozens of others are even created.
	const deferred: Array<() => void> = [];
	const sendProbe = (state: ZoneState, server: Server, question: QuestionRef, purpose: ProbePurpose) => {
		if (purpose === 'walk') return sendNow(state, server, question, purpose);
		if (deferred.length === 0) {
			begin();
			setImmediate(() => {
				for (const send of deferred.splice(0)) send();
				end();
			});
		}
		deferred.push(() => sendNow(state, server, question, purpose));
	};
	const sendNow = (state: ZoneState, server: Server, question: QuestionRef, purpose: ProbePurpose) => {
		const key = questionKey(question);
		const askedKey = `${server.name}|${server.address}|${key}`;
		if (state.asked.has(askedKey)) return;
		state.asked.add(askedKey);

		const probe: Probe = {
			id: ++probeIds,
			zone: state.zone.name,
			server: server.name,
			address: server.address,
			question,
			purpose,
			startedMs: since(),
			status: 'pending',
		};
		server.probes.push(probe);
		const list = state.probes.get(key) ?? [];
		list.push(probe);
		state.probes.set(key, list);

		const unavailable = trace.vantage.unavailableFamilies.find((entry) => entry.family === server.family);
		if (unavailable) {
			skip(probe, `not sent: this host has no IPv${server.family} connectivity (${unavailable.reason})`);
			return;
		}
		if (trace.stats.queries >= limits.maxQueries) {
			hitLimit('queries', limits.maxQueries, `the trace stopped sending after ${limits.maxQueries} queries`);
			skip(probe, `not sent: the trace reached its limit of ${limits.maxQueries} queries`);
			return;
		}
		trace.stats.queries++;
		emit({type: 'probe-started', probe});
		begin();
		void scheduler
			.run(
				() =>
					config.transport.query({address: server.address, port: config.port}, question, {
						timeoutMs: config.timeoutMs,
						retries: config.retries,
						edns: true,
						dnssecOk: config.dnssec,
					}),
				purpose === 'walk',
			)
			.then((result) => {
				record(state, server, probe, result);
				end();
			});
	};

	const skip = (probe: Probe, reason: string) => {
		probe.status = 'skipped';
		probe.error = reason;
		probe.finishedMs = probe.startedMs;
		trace.stats.skipped++;
		emit({type: 'probe-finished', probe});
	};

	const record = (state: ZoneState, server: Server, probe: Probe, result: QueryResult) => {
		probe.transport = result.transport;
		probe.attempts = result.attempts;
		probe.rttMs = Math.round(result.rttMs * 1000) / 1000;
		probe.finishedMs = since();
		if (result.truncatedOverUdp) probe.truncatedOverUdp = true;
		if (result.ednsFallback) probe.ednsFallback = true;
		if (result.ignored > 0) probe.ignored = result.ignored;
		trace.stats.ignoredResponses += result.ignored;

		if (!result.ok) {
			if (result.raw) {
				probe.raw = Buffer.from(result.raw).toString('base64');
				probe.size = result.raw.byteLength;
			}
			// A host without a route for a whole family is a property of where we stand, not of the server.
			if (result.error === 'network' && !succeededFamilies.has(server.family)) {
				if (!trace.vantage.unavailableFamilies.some((entry) => entry.family === server.family)) {
					trace.vantage.unavailableFamilies.push({family: server.family, reason: result.detail});
				}
				trace.stats.queries--;
				skip(probe, `not sent: this host has no IPv${server.family} connectivity (${result.detail})`);
				recheck();
				return;
			}
			probe.status = result.error;
			probe.error = result.detail;
			trace.stats.failed++;
			emit({type: 'probe-finished', probe});
			recheck();
			return;
		}

		succeededFamilies.add(server.family);
		const message = result.message;
		probe.status = 'answered';
		probe.rcode = message.rcode;
		probe.size = result.raw.byteLength;
		probe.raw = Buffer.from(result.raw).toString('base64');
		probe.response = message;
		trace.stats.answered++;

		const classification = classifyResponse(message, state.zone.name, probe.question);
		probe.kind = classification.kind;
		if (classification.referral) probe.referral = classification.referral.child;

		const key = questionKey(probe.question);
		// The decision is recorded before the delegation is learned: learning adds servers and re-checks waiters,
		// which must already see this response as decisive.
		const first = USABLE_KINDS.has(classification.kind) && !state.decisive.has(key);
		if (first) state.decisive.set(key, {probe, classification});
		if (classification.referral) learnDelegation(state, classification.referral, key);
		if (!first && classification.referral) branchIfNew(state, probe.question, classification.referral.child);
		if (probe.purpose === 'ns' && classification.kind === 'answer') {
			learnChildNameservers(state, classification.records, message.additional);
		} else if (probe.purpose === 'ns-address' && classification.kind === 'answer') {
			const entry = state.zone.nameservers.find((candidate) => candidate.name === probe.question.name);
			if (entry) {
				for (const rr of classification.records) {
					if (rr.data.kind === 'address' && rr.type === probe.question.type) addAddress(state, entry, rr.data.address, 'child');
				}
			}
		}
		emit({type: 'probe-finished', probe});
		recheck();
	};

	const learnDelegation = (parent: ZoneState, referral: ReferralData, key: string) => {
		const asker = [...waiters].find((waiter) => waiter.state === parent && waiter.key === key)?.run;
		const child = ensureZone(referral.child, parent.zone.name, asker ?? parent.discoveredBy);
		for (const ns of referral.ns) {
			const glue = referral.glue.filter((entry) => entry.name === ns).map((entry) => ({address: entry.address, origin: 'glue' as const}));
			addNameserver(child, ns, 'parent', glue);
		}
		if (config.dnssec) addQuestion(parent, {name: referral.child, type: 'DS'}, 'ds');
	};

	/** NS names the zone lists for itself, with the addresses it gives for the ones inside it. */
	const learnChildNameservers = (state: ZoneState, records: ResourceRecord[], additional: ResourceRecord[]) => {
		for (const rr of records) {
			if (rr.type !== 'NS' || rr.name !== state.zone.name || rr.data.kind !== 'name') continue;
			const name = rr.data.target;
			const addresses = isAtOrBelow(name, state.zone.name)
				? additional
						.filter((extra) => extra.name === name && (extra.type === 'A' || extra.type === 'AAAA') && extra.data.kind === 'address')
						.map((extra) => ({address: extra.data.kind === 'address' ? extra.data.address : '', origin: 'child' as const}))
				: [];
			addNameserver(state, name, 'child', addresses);
		}
	};

	// NS-name sub-traces -----------------------------------------------------------------------------------------

	const lookUpAddresses = (state: ZoneState, entry: Nameserver) => {
		const parentRun = state.discoveredBy;
		const depth = (parentRun?.depth ?? 0) + 1;
		for (const family of config.families) {
			const type = family === 4 ? 'A' : 'AAAA';
			const key = `${entry.name}|${type}`;
			let run = addressLookups.get(key);
			if (!run) {
				if (depth > limits.maxSubtraceDepth) {
					hitLimit('subtrace-depth', limits.maxSubtraceDepth, `looking up ${entry.name} would nest sub-traces ${depth} deep`);
					entry.unresolved = `not looked up: sub-traces nested deeper than ${limits.maxSubtraceDepth}`;
					continue;
				}
				run = startRun('ns-address', {name: entry.name, type}, depth, {zone: state.zone.name, nameserver: entry.name});
				addressLookups.set(key, run);
				if (!entry.subtraces.includes(run.model.id)) entry.subtraces.push(run.model.id);
				state.lookups.add(run);
				void resolve(run, undefined, deliverAddresses);
				continue;
			}
			if (!entry.subtraces.includes(run.model.id)) entry.subtraces.push(run.model.id);
			if (run.done) deliverAddresses(run);
			else state.lookups.add(run);
		}
	};

	/** A finished address look-up feeds every zone that lists the name. */
	const deliverAddresses = (run: Run) => {
		const name = run.model.question.name;
		const outcome = run.model.outcome;
		for (const state of zones.values()) {
			state.lookups.delete(run);
			const entry = state.zone.nameservers.find((candidate) => candidate.name === name);
			if (!entry) continue;
			for (const rr of outcome?.records ?? []) {
				if (rr.data.kind === 'address' && rr.type === run.model.question.type) addAddress(state, entry, rr.data.address, 'subtrace');
			}
			const stillRunning = entry.subtraces.some((id) => [...addressLookups.values()].some((candidate) => candidate.model.id === id && !candidate.done));
			if (entry.addresses.length === 0 && !stillRunning) {
				entry.unresolved = describeUnresolved(name, entry.subtraces);
			}
		}
		recheck();
	};

	const describeUnresolved = (name: Name, ids: number[]): string => {
		const outcomes = ids.map((id) => trace.resolutions[id]?.outcome).filter((outcome): outcome is Outcome => Boolean(outcome));
		const failure = outcomes.find((outcome) => outcome.status === 'failure');
		if (failure) return `${name} could not be resolved (${failure.zone ?? 'the walk'} failed)`;
		if (outcomes.some((outcome) => outcome.status === 'nxdomain')) return `${name} does not exist (NXDOMAIN from ${outcomes.find((outcome) => outcome.status === 'nxdomain')?.zone ?? '?'})`;
		return `${name} has no address records`;
	};

	// Resolutions ------------------------------------------------------------------------------------------------

	const startRun = (purpose: ResolutionPurpose, question: QuestionRef, depth: number, forRef?: Resolution['for']): Run => {
		const model: Resolution = {id: trace.resolutions.length, purpose, question, ...(forRef ? {for: forRef} : {}), steps: []};
		trace.resolutions.push(model);
		return {model, depth, done: false, blockedOn: new Set()};
	};

	const closestZone = (name: Name): ZoneState => {
		for (const candidate of ancestry(name)) {
			const state = zones.get(candidate);
			if (state && state.zone.nameservers.length > 0) return state;
		}
		return zones.get('.')!;
	};

	const askZone = (run: Run, state: ZoneState, question: QuestionRef): Promise<Decision> => {
		addQuestion(state, question, 'walk');
		return new Promise((resolveDecision) => {
			waiters.add({run, state, key: questionKey(question), resolve: resolveDecision});
			recheck();
		});
	};

	const reaches = (from: Run, target: Run, seen = new Set<Run>()): boolean => {
		if (from === target) return true;
		if (seen.has(from)) return false;
		seen.add(from);
		for (const next of from.blockedOn) if (reaches(next, target, seen)) return true;
		return false;
	};

	const evaluate = (waiter: Waiter): Decision | undefined => {
		const decisive = waiter.state.decisive.get(waiter.key);
		if (decisive) return decisive;
		const probes = waiter.state.probes.get(waiter.key) ?? [];
		if (probes.some((probe) => probe.status === 'pending')) {
			waiter.run.blockedOn = new Set();
			return undefined;
		}
		const pending = [...waiter.state.lookups].filter((run) => !run.done);
		const effective = pending.filter((run) => !reaches(run, waiter.run));
		if (effective.length > 0) {
			waiter.run.blockedOn = new Set(effective);
			return undefined;
		}
		if (pending.length > 0) {
			const names = pending.map((run) => run.model.question.name);
			trace.loops.push({
				kind: 'ns-dependency',
				names: [waiter.state.zone.name, ...names],
				detail: `reaching ${waiter.state.zone.name} needs the address of ${names.join(', ')}, whose look-up in turn depends on reaching ${waiter.state.zone.name}`,
			});
		}
		return {exhausted: true, reason: exhaustedReason(waiter.state.zone, probes)};
	};

	const recheck = () => {
		for (const waiter of [...waiters]) {
			const decision = evaluate(waiter);
			if (!decision) continue;
			waiters.delete(waiter);
			waiter.run.blockedOn = new Set();
			waiter.resolve(decision);
		}
	};

	/** Runs one resolution to its outcome; `afterwards` runs before the activity count drops, so idleness is real. */
	const resolve = async (run: Run, from?: ZoneState, afterwards?: (run: Run) => void): Promise<void> => {
		begin();
		const path = startPath(run.model.question);
		let state = from ?? closestZone(path.question.name);
		const finish = (outcome: Outcome) => {
			run.model.outcome = outcome;
			if (run.model.id === 0) {
				trace.outcome = outcome;
				emit({type: 'outcome', outcome});
			}
		};

		for (;;) {
			const question = path.question;
			const decision = await askZone(run, state, question);
			const step: PathStep = {zone: state.zone.name, question, result: 'failure', atMs: since(), variants: []};
			run.model.steps.push(step);
			if ('exhausted' in decision) {
				finish({status: 'failure', records: path.chain, reason: decision.reason, zone: state.zone.name, atMs: step.atMs});
				break;
			}
			const {probe, classification} = decision;
			step.result = classification.kind;
			step.probe = probe.id;
			const move = advance(path, classification, limits);
			if (move.next) step.next = move.next;
			if (classification.kind === 'referral' && move.next) followedSet(state, question).add(move.next);
			if (move.limit) hitLimit(move.limit.limit, move.limit.value, move.limit.detail);
			if (move.loop) trace.loops.push(move.loop);
			if (move.end) {
				finish({...move.end, zone: state.zone.name, atMs: step.atMs});
				break;
			}
			state = move.into === 'zone' ? zones.get(move.next)! : closestZone(move.next);
		}
		run.done = true;
		afterwards?.(run);
		end();
	};

	const followedSet = (state: ZoneState, question: QuestionRef): Set<Name> => {
		const key = questionKey(question);
		let set = state.followed.get(key);
		if (!set) {
			set = new Set();
			state.followed.set(key, set);
		}
		return set;
	};

	/** A server that refers somewhere the followed response did not: walk that delegation too, so no variant hides. */
	const branchIfNew = (state: ZoneState, question: QuestionRef, child: Name) => {
		const followed = followedSet(state, question);
		const first = state.decisive.get(questionKey(question));
		if (followed.has(child) || first?.classification.referral?.child === child) return;
		const branches = trace.resolutions.filter((resolution) => resolution.purpose === 'variant').length;
		if (branches >= limits.maxVariantBranches) {
			hitLimit('variants', limits.maxVariantBranches, `more than ${limits.maxVariantBranches} differing delegations; the rest were recorded but not followed`);
			return;
		}
		followed.add(child);
		void resolve(startRun('variant', question, 1), zones.get(child));
	};

	// The walk itself ----------------------------------------------------------------------------------------------

	const root = ensureZone('.', undefined, undefined);
	for (const server of config.hints.servers) {
		addNameserver(
			root,
			server.name,
			'hints',
			server.addresses.map((address) => ({address, origin: 'hints' as const})),
		);
	}

	const main = startRun('query', {name: query.name, type: query.type}, 0);
	const idle = new Promise<void>((resolveIdle) => {
		idleResolve = resolveIdle;
	});
	await resolve(main);
	if (activity > 0) await idle;

	for (const resolution of trace.resolutions) {
		for (const step of resolution.steps) {
			step.variants = variantsOf(zones.get(step.zone)?.probes.get(questionKey(step.question)) ?? []);
		}
	}
	trace.durationMs = since();
	emit({type: 'finished', trace});
	return trace;
}
