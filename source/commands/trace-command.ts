import {setFlagsFromString} from 'node:v8';
import type {AnalysedTrace} from '../analysis/analyze.js';
import type {ChecksAhead} from '../analysis/dnssec/checks-ahead.js';
import {combineTrustAnchors, ianaRootAnchors, parseTrustAnchors, type TrustAnchors} from '../analysis/dnssec/trust-anchors.js';
import type {Family} from '../dns/address.js';
import {parseUserName} from '../dns/name.js';
import {createNetworkTransport, systemDeps} from '../dns/network-transport.js';
import {builtInRootHints, parseRootHints, type RootHints} from '../dns/root-hints.js';
import {presentText} from '../dns/sanitize.js';
import type {Link, Transport} from '../dns/transport.js';
import {parseUserType} from '../dns/types.js';
import type {ChangingLab} from '../lab/changing-lab.js';
import {readFileBounded} from '../files/read-file-bounded.js';
import type {Registration} from '../rdap/registration.js';
import {checkOutput, writeFileAtomic} from '../files/write-file-atomic.js';
import {OPTION_LIMITS} from '../trace/limits.js';
import type {Trace} from '../trace/model.js';
import {walk, type WalkConfig} from '../trace/walk.js';
import {TOOL} from '../version.js';
import type {ResolverPlan} from './ask-resolvers.js';
import {labNameNotice} from './lab-name-notice.js';
import {checkPort} from './port-option.js';
import type {RdapSettings} from './registration-lookups.js';
import {writeStandard} from '../files/standard-streams.js';
import {unreadableFile} from './unreadable-file.js';
import {UsageError} from './usage-error.js';
import {resolveValidationTime, type ValidationTime} from './validation-time.js';

export interface TraceRequest {
	name: string;
	type?: string;
	lab: boolean;
	json: boolean;
	output?: string;
	force: boolean;
	hints?: string;
	/** --trust-anchor files, all of them together; with --lab they replace the lab's root key. */
	trustAnchors?: string[];
	/** `@SERVER`: the root's name servers asked of SERVER (as `dig +trace @SERVER`), instead of the hints. */
	server?: string;
	port: number;
	families: Family[];
	timeoutMs: number;
	retries: number;
	dnssec: boolean;
	latencyScale: number;
	/** With --lab: trace through a generated root of this many TLDs (and this seed) instead of the stories' lab. */
	labTlds?: {tlds: number; seed?: number};
	/** --expiry-warning: days ahead a signature's expiry is reported; absent: the default. */
	expiryWarningDays?: number;
	/** --at: signatures judged as of then instead of when the trace started. */
	at?: ValidationTime;
	/** --resolvers LIST: recursive resolvers asked the question after the walk (ask-resolvers.ts). */
	resolvers?: string;
	/** Ask the registries (RDAP) about the domain: the CLI's default for a trace; --no-rdap, a survey and a watch's later rounds leave it off. */
	rdap?: boolean;
	/** --rdap-bootstrap: the RDAP bootstrap file to use instead of IANA's. */
	rdapBootstrap?: string;
	/** --step: the trace told one step at a time (the explorer starts in its step-through; text is the learner's transcript). */
	step?: boolean;
	/** --what-if CHANGE, each as typed: the trace shown is the measured one with these changes (what-if-option.ts). */
	whatIf?: string[];
}

interface Io {
	stdout: (text: string) => void;
	/** The terminal's width when standard output is one: the text is fitted to it (trace-text.ts). */
	columns?: number;
	/** Where the one-line cause goes when the trace reached no server at all (standard error unless given). */
	stderr?: (text: string) => void;
}

/** Everything the user typed, parsed and checked before any packet is sent. */
export interface PreparedTrace {
	query: {name: string; type: string; unicode: string};
	hints: RootHints;
	transport: Transport;
	port: number;
	describe: {hints?: string; trustAnchor?: string; trustAnchorFiles?: string[]; lab?: string};
	anchors: TrustAnchors;
	/** With --lab: the lab's world, which a watch can change between traces. */
	lab?: ChangingLab;
	/** --resolvers: whom to ask after each walk. */
	resolvers?: ResolverPlan;
	/** Where the registries are asked (RDAP); absent with --no-rdap. */
	rdap?: RdapSettings;
	/** Said beside the trace: a --lab name under no zone of the lab (`labNameNotice`). */
	notice?: string;
}

export async function prepareTrace(request: TraceRequest, how: PrepareHow = {}): Promise<PreparedTrace> {
	const prepared = await prepareWalk(request, how);
	if (request.resolvers === undefined) return prepared;
	const {planResolvers} = await import('./ask-resolvers.js');
	return {...prepared, resolvers: await planResolvers(request.resolvers, prepared.lab)};
}

/**
 * `link`: the real network's sockets on a thread of their own (dns/threaded-link.ts, started by the caller as early as
 * it can: 40-50 ms to the first datagram), for a walk that shares this thread with a screen being drawn (the
 * explorer): its frames would otherwise make the round trips of the replies that came meanwhile that much longer. A
 * command that only prints keeps its sockets here: the thread's start would only add to its time. Unused by the lab.
 */
export interface PrepareHow {
	link?: Link;
}

async function prepareWalk(request: TraceRequest, how: PrepareHow): Promise<PreparedTrace> {
	let parsed;
	try {
		parsed = parseUserName(request.name);
	} catch (error) {
		throw new UsageError(`invalid name: ${(error as Error).message}`);
	}
	let type;
	try {
		type = parseUserType(request.type ?? 'A');
	} catch (error) {
		throw new UsageError(`invalid type: ${(error as Error).message}`);
	}
	checkPort(request.port);
	if (request.whatIf) (await import('./what-if-option.js')).checkChangeForms(request.whatIf);
	const {maxTimeoutMs, minTimeoutMs, maxRetries, maxLatencyScale, maxExpiryWarningDays} = OPTION_LIMITS;
	if (!Number.isFinite(request.timeoutMs) || request.timeoutMs < minTimeoutMs || request.timeoutMs > maxTimeoutMs) {
		const seconds = request.timeoutMs > 0 && request.timeoutMs < minTimeoutMs && request.timeoutMs * 1000 <= maxTimeoutMs ? ` (it counts milliseconds: ${request.timeoutMs} s is --timeout ${request.timeoutMs * 1000})` : '';
		throw new UsageError(`invalid --timeout ${request.timeoutMs}: use ${minTimeoutMs} to ${maxTimeoutMs} milliseconds${seconds}`);
	}
	if (!Number.isInteger(request.retries) || request.retries < 0 || request.retries > maxRetries) throw new UsageError(`invalid --retries ${request.retries}: use 0 to ${maxRetries}`);
	if (request.expiryWarningDays !== undefined && (!Number.isInteger(request.expiryWarningDays) || request.expiryWarningDays < 0 || request.expiryWarningDays > maxExpiryWarningDays)) throw new UsageError(`invalid --expiry-warning ${request.expiryWarningDays}: use 0 to ${maxExpiryWarningDays} days`);
	if (!Number.isFinite(request.latencyScale) || request.latencyScale < 0 || request.latencyScale > maxLatencyScale) throw new UsageError(`invalid --latency-scale ${request.latencyScale}: use 0 to ${maxLatencyScale}`);

	const query = {name: parsed.name, type, unicode: parsed.unicode};
	// Read before the lab is built or a packet sent: a bad file is a usage error, whatever else was asked.
	const given = request.trustAnchors && request.trustAnchors.length > 0 ? await readTrustAnchors(request.trustAnchors) : undefined;
	// The files as a list, for the command that takes the trace again: a description is no file list.
	const anchorFiles = given && request.trustAnchors ? {trustAnchorFiles: [...request.trustAnchors]} : {};
	// RDAP, the lab's registries following the lab's world as it changes.
	const rdapFor = async (lab?: ChangingLab) => {
		if (request.rdap !== true) return {};
		const settings = await (await import('./registration-lookups.js')).prepareRdap(request, lab?.world);
		return settings ? {rdap: settings} : {};
	};
	if (request.lab) {
		if (request.hints) throw new UsageError('--hints does not apply to --lab: the lab brings its own root');
		if (request.server !== undefined) throw new UsageError(`@${request.server} does not apply to --lab: the lab brings its own root`);
		// The lab (its zones, and the keys made for them) is loaded only when asked for.
		const lab = request.labTlds ? await generatedLab(request.labTlds, request.latencyScale) : await storiesLab(request.latencyScale);
		const world = lab.world();
		const anchor = world.trustAnchor.find((record) => record.data.kind === 'ds');
		const source = anchor && anchor.data.kind === 'ds' ? `lab root KSK, key tag ${anchor.data.keyTag}` : 'lab';
		// A user's anchors replace the lab's root key: an island of trust below the root, or a wrong key on purpose.
		const anchors = given ?? {source, records: world.trustAnchor.filter((record) => record.type === 'DS')};
		const notice = request.labTlds ? undefined : labNameNotice(parsed.name, world.zones, world.spec.stories);
		return {
			...(notice ? {notice} : {}),
			query,
			hints: world.hints,
			transport: lab.transport,
			lab,
			port: 53,
			describe: {hints: 'lab', lab: request.labTlds ? `generated root: --lab-tlds ${request.labTlds.tlds}${request.labTlds.seed === undefined ? '' : ` --lab-seed ${request.labTlds.seed}`}` : 'internet', trustAnchor: anchors.source, ...anchorFiles},
			anchors,
			...(await rdapFor(lab)),
		};
	}
	if (request.hints && request.server !== undefined) throw new UsageError(`@${request.server} and --hints both say where the root is: give one`);
	let hints = request.hints ? await readHints(request.hints) : builtInRootHints();
	const anchors = given ?? ianaRootAnchors();
	const transport = createNetworkTransport(request.families, systemDeps, how.link);
	if (request.server !== undefined) {
		const {primeRootHints, serverAddresses} = await import('../dns/prime-root.js');
		const addresses = await serverAddresses(request.server, request.families);
		hints = await primeRootHints(transport, {text: request.server, addresses}, request.port, {timeoutMs: request.timeoutMs, retries: request.retries});
	}
	return {query, hints, transport, port: request.port, describe: {trustAnchor: anchors.source, ...anchorFiles}, anchors, ...(await rdapFor())};
}

/**
 * The stories' lab, with the keys of earlier runs (kept for the next when this one had to make any), each zone's copy
 * signed when first asked about: a trace reaches a few of the lab's zones, and signing them all before the walk held
 * the explorer's first frame 90 ms (bench/README.md, "Session 44"). The in-process lab's round trips stay its
 * latencies (lab-link.ts); `lab serve`, whose round trips are measured on loopback, signs every copy before it listens.
 */
async function storiesLab(latencyScale: number): Promise<ChangingLab> {
	const [{createChangingLab}, {INTERNET}, cache] = await Promise.all([import('../lab/changing-lab.js'), import('../lab/internet.js'), import('../lab/key-cache.js')]);
	const kept = await cache.readLabKeys();
	const lab = createChangingLab(INTERNET, {latencyScale, lazySigning: true, ...(kept ? {keys: kept} : {})});
	if (cache.keysChanged(kept, lab.world())) await cache.writeLabKeys(lab.world());
	return lab;
}

/** `--lab --lab-tlds N`: the generated root (generated-lab.ts). */
async function generatedLab(request: {tlds: number; seed?: number}, latencyScale: number): Promise<ChangingLab> {
	const [{labTldsProblem}, {generatedChangingLab}] = await Promise.all([import('../lab/generated-root.js'), import('../lab/generated-lab.js')]);
	const problem = labTldsProblem(request);
	if (problem) throw new UsageError(problem);
	return generatedChangingLab({...request, latencyScale});
}

/** A --hints file, read and parsed: any problem is a usage error that names the file. */
async function readHints(file: string): Promise<RootHints> {
	let text;
	try {
		text = await readFileBounded(file, OPTION_LIMITS.maxHintsBytes);
	} catch (error) {
		throw unreadableFile('hints file', file, error);
	}
	try {
		return parseRootHints(text, file);
	} catch (error) {
		throw new UsageError(`invalid hints file: ${(error as Error).message}`);
	}
}

/** Every --trust-anchor file, read and parsed: any problem is a usage error that names the file (and the line). */
async function readTrustAnchors(files: string[]): Promise<TrustAnchors> {
	const sets: TrustAnchors[] = [];
	for (const file of files) {
		let text;
		try {
			text = await readFileBounded(file, OPTION_LIMITS.maxTrustAnchorBytes);
		} catch (error) {
			throw unreadableFile('trust-anchor file', file, error);
		}
		try {
			sets.push(parseTrustAnchors(text, file));
		} catch (error) {
			throw new UsageError(`invalid trust-anchor file: ${(error as Error).message}`);
		}
	}
	try {
		return combineTrustAnchors(sets);
	} catch (error) {
		throw new UsageError(`invalid trust-anchor files: ${(error as Error).message}`);
	}
}

/**
 * What every walk of a prepared request is given, a trace's or a survey's: where to ask, how, and how it describes
 * itself. A survey is an audit and its TCP check asks every server address the zone's SOA, NS and DNSKEY over TCP; a
 * trace asks the SOA alone: the other two would add two TCP connections per server address of every zone on the way
 * (over a fifth more queries for www.example.com in the lab, 144 to 176, every one a TCP handshake) to a command
 * people wait on, and the SOA's serial already shows a TCP listener serving a stale copy.
 */
export function walkSettings(prepared: PreparedTrace, request: Pick<TraceRequest, 'families' | 'timeoutMs' | 'retries' | 'dnssec' | 'expiryWarningDays'>, use: 'trace' | 'survey') {
	return {
		tcpChecks: use === 'survey' ? ('zone-data' as const) : ('soa' as const),
		transport: prepared.transport,
		hints: prepared.hints,
		port: prepared.port,
		families: request.families,
		timeoutMs: request.timeoutMs,
		retries: request.retries,
		dnssec: request.dnssec,
		describe: {...prepared.describe, ...(request.expiryWarningDays === undefined ? {} : {expiryWarningDays: request.expiryWarningDays})},
	};
}

/**
 * One trace with a preparation: the walk, then the analysis with the anchors it was prepared with. What runs only
 * after the walk (the analysis, the registries' and resolvers' look-ups, a what-if) is loaded after it, not before its
 * first query, and not while it runs: a reply read while the thread compiles a module would have its round trip
 * measured that much longer (loading the analysis during the walk made the first replies' read 2-4 ms longer).
 */
export async function traceOnce(prepared: PreparedTrace, request: TraceRequest, onEvent?: WalkConfig['onEvent'], onRegistration?: (registration: Registration) => void): Promise<AnalysedTrace> {
	const settings = walkSettings(prepared, request, 'trace');
	// The registry is asked beside the walk, so it adds no time when the walk is the slower; the rest after it.
	const registration = prepared.rdap ? (await import('./registration-lookups.js')).startRegistration(prepared.rdap, prepared.query.name) : undefined;
	const first = registration?.first.then((lookup) => lookup && {bootstrap: prepared.rdap!.bootstrap.source, lookups: [lookup]});
	void first?.then((early) => early && onRegistration?.(early));
	// V8 gives a function its inline caches (its feedback vector) only once it has run for a while: a saving of memory
	// for a page's run-once code, a cost to a walk whose functions each run a handful of times a zone cut, reading every
	// property the slow, generic way until then. From here on a function has them from its first call: the time to
	// answer came 1-1.5 ms nearer its bound and the trace ran 3 ms shorter (bench/README.md, "Session 32"). Not from the
	// start of the process, whose code runs once (that cost --version 6 ms), and not in the code cache the build makes
	// (source/cli.ts), which V8 takes only under the flags it was made with.
	setFlagsFromString('--no-lazy-feedback-allocation');
	const ahead = request.dnssec ? checkingAhead(onEvent) : undefined;
	const events = ahead?.onEvent ?? onEvent;
	let traced: Trace;
	try {
		traced = await walk(prepared.query, {...settings, describe: {...settings.describe, trustAnchorRecords: prepared.anchors.records}, ...(events ? {onEvent: events} : {})});
	} finally {
		// A walk that failed emits no `finished`: its checks stop with it all the same.
		ahead?.stop();
	}
	const [{withAnalysis}, resolvers, whatIf] = await Promise.all([import('../analysis/analyze.js'), prepared.resolvers ? import('./ask-resolvers.js') : undefined, request.whatIf && request.whatIf.length > 0 ? import('./what-if-option.js') : undefined]);
	// Given onRegistration (the explorer), the trace is not held back for the registries: what they say is handed over
	// when it comes, with what had come by the end of the walk kept in the trace.
	const complete = registration?.complete(traced);
	if (complete && onRegistration) void complete.then(onRegistration);
	const kept = complete && (onRegistration ? await Promise.race([first, Promise.resolve(undefined)]) : await complete);
	const walked = kept ? {...traced, registration: kept} : traced;
	// --at is kept with the trace (a relative one made a moment from the trace's own start), so its snapshot
	// re-opens judged as it was shown.
	const judged = request.at ? {...walked, options: {...walked.options, validateAt: resolveValidationTime(request.at, walked.startedAt)}} : walked;
	const asked = prepared.resolvers && resolvers ? await resolvers.askResolvers(judged, prepared.resolvers, prepared.transport, request) : judged;
	// A name server --what-if adds is asked as the walk asked the zone's others, through the same transport.
	const askWith = {transport: prepared.transport, port: prepared.port, timeoutMs: request.timeoutMs, retries: request.retries, dnssec: request.dnssec};
	const trace = request.whatIf && whatIf ? await whatIf.assumeChangesAsking(asked, request.whatIf, askWith) : asked;
	return withAnalysis(trace, {anchors: prepared.anchors});
}

/**
 * The walk's events, passed on, and the analysis's signature checks made while the walk waits on servers once the
 * answer is in (analysis/dnssec/checks-ahead.ts): one signature with one key a turn of the event loop, after any
 * reply already read, so a round trip measured meanwhile is longer by one verification at most (0.05-0.2 ms; the
 * process's first, 1-4 ms, as OpenSSL starts), and the time to the answer not at all. They take a fifth of the
 * analysis off the time after the walk. Stopped by the walk's end (`finished`), or by `stop` where it failed.
 */
export function checkingAhead(onEvent: WalkConfig['onEvent']): {onEvent: NonNullable<WalkConfig['onEvent']>; stop: () => void} {
	let trace: Trace | undefined;
	let ahead: ChecksAhead | undefined;
	let turn: NodeJS.Immediate | undefined;
	let stopped = false;
	const check = () => {
		turn = undefined;
		if (ahead?.step()) turn = setImmediate(check);
	};
	const stop = () => {
		stopped = true;
		if (turn) clearImmediate(turn);
		turn = undefined;
		ahead = undefined;
	};
	return {
		stop,
		onEvent: (event) => {
			onEvent?.(event);
			if (stopped) return;
			if (event.type === 'started') trace = event.trace;
			else if (event.type === 'outcome' && trace) {
				// Imported now, as the analysis is after the walk: nothing of it is loaded before the first query. What
				// finished before it came is in the trace.
				const walked = trace;
				void import('../analysis/dnssec/checks-ahead.js').then(({checksAhead}) => {
					if (stopped) return;
					const started = checksAhead();
					for (const zone of walked.zones) for (const server of zone.servers) for (const probe of server.probes) started.add(probe);
					ahead = started;
					turn ??= setImmediate(check);
				});
			} else if (event.type === 'probe-finished' && ahead) {
				ahead.add(event.probe);
				turn ??= setImmediate(check);
			} else if (event.type === 'finished') {
				// What is not checked by now the analysis checks itself.
				stop();
			}
		},
	};
}

/** What a trace command prints instead of the JSON snapshot, loading the module that renders it (--json wraps no text). */
export type Render = (analysed: AnalysedTrace) => Promise<string>;

/** The trace as text, or as the step-through's transcript. */
async function renderText(analysed: AnalysedTrace, step: boolean, columns: number | undefined): Promise<string> {
	if (step) return (await import('../text/step-text.js')).renderStepText(analysed.trace, columns);
	return (await import('../text/trace-text.js')).renderTraceText(analysed, {toolVersion: TOOL.version, takenWith: TOOL, ...(columns === undefined ? {} : {width: columns})});
}

/**
 * A trace printed: the JSON snapshot (--json), the text, or what `render` makes (a report). The snapshot's writer and
 * the renderer are loaded after the walk, as the analysis is (`traceOnce`).
 */
export async function runTrace(request: TraceRequest, io: Io, render: Render = (analysed) => renderText(analysed, request.step === true, io.columns)): Promise<AnalysedTrace> {
	const prepared = await prepareTrace(request);
	let analysed: AnalysedTrace;
	try {
		// Refused before the trace rather than after it: a name taken, or one --force must not replace.
		if (request.output) await checkOutput(request.output, {force: request.force});
		analysed = await traceOnce(prepared, request);
	} finally {
		// The registries' answers are in the trace, or there is no trace: nothing more is asked of them.
		prepared.rdap?.asker.close();
	}
	const snapshot = request.json || request.output ? (await import('../snapshot/write-snapshot.js')).serializeSnapshot(analysed, TOOL) : '';
	if (request.output) await writeFileAtomic(request.output, snapshot, {force: request.force});
	io.stdout(request.json ? snapshot : await render(analysed));
	const {wholeVantage} = await import('../analysis/vantage.js');
	// When this host reached no server at all, the failure is where we stand, not the DNS: said in one line, apart
	// from the trace (which --json keeps machine-readable on stdout). It carries the socket's own error text:
	// escaped like anything else not written here.
	const vantage = wholeVantage(analysed.analysis.findings);
	const stderr = io.stderr ?? ((text: string) => writeStandard('stderr', text));
	if (vantage) stderr(`digdeeper: ${presentText(vantage.message)}\n`);
	if (prepared.notice) stderr(`digdeeper: ${presentText(prepared.notice)}\n`);
	return analysed;
}
