/* Writing a snapshot: kept apart from reading it, so a trace never loads the schema validator. */
import {createHash} from 'node:crypto';
import type {Analysis} from '../analysis/analyze.js';
import type {DnssecStatus} from '../analysis/dnssec/validate.js';
import type {Message} from '../dns/record.js';
import {NSID_OPTION} from '../dns/nsid.js';
import {terminalSafeJson} from '../dns/safe-json.js';
import {readResolvers, resolverInWords, type ResolverVerdict} from '../analysis/resolver-answers.js';
import type {Outcome, Probe, ResolverProbe, Trace} from '../trace/model.js';
import {savedWhileRunning} from '../trace/probe-facts.js';
import {cutNsid, type CutNsid} from './nsid-option.js';

export const SNAPSHOT_SCHEMA = 'digdeeper/snapshot@4';
/** A what-if's format (schema.ts): a reader that predates it refuses the file rather than show a hypothesis as measured. */
export const WHAT_IF_SNAPSHOT_SCHEMA = 'digdeeper/snapshot@5';

/** Why the outcome of a trace saved while it ran is a failure, for readers that know no `pending`; it keeps the 0 the walk dates an undecided one with. */
export const STILL_RUNNING = 'the trace is still running';

/**
 * A probe as stored: everything but the response, which lives once in `messages` (many servers give the same
 * answer byte for byte, apart from the query ID), plus that ID so the exact bytes come back.
 */
export type StoredProbe = Omit<Probe, 'response' | 'raw' | 'nsid'> & {message?: string; messageId?: number; nsidOption?: CutNsid};

export interface StoredMessage {
	/** The wire bytes with the ID set to 0, base64. */
	raw: string;
	/** The decoded message (ID 0), for readers that do not decode DNS themselves. */
	decoded?: Message;
}

/**
 * The file: the trace, with what the analysis made of it for readers that do not analyse (`--json` consumers,
 * earlier versions). This version's reader re-derives the outcome and the analysis and never reads them back.
 */
export interface Snapshot extends Omit<Trace, 'zones' | 'outcome'>, Partial<Omit<Analysis, 'findings'>> {
	schema: typeof SNAPSHOT_SCHEMA | typeof WHAT_IF_SNAPSHOT_SCHEMA;
	/** The program that wrote the file; `node` since it was recorded (absent in older files). */
	tool: {name: string; version: string; node?: string};
	/** `validatingResolversServfail`: the DNSSEC verdict is bogus, so validating resolvers answer SERVFAIL for the name. */
	outcome: Omit<Outcome, 'status'> & {status: Exclude<Outcome['status'], 'pending'>; dnssec?: DnssecStatus; validatingResolversServfail?: boolean};
	findings: Analysis['findings'];
	zones: Array<Omit<Trace['zones'][number], 'servers'> & {servers: Array<Omit<Trace['zones'][number]['servers'][number], 'probes'> & {probes: StoredProbe[]}>}>;
	messages: Record<string, StoredMessage>;
	/** `--resolvers`: each reply's raw bytes (read back), decoded, and how it compares (for readers; never read back). */
	resolvers?: StoredResolverProbe[];
}

export type StoredResolverProbe = Omit<ResolverProbe, 'response'> & {decoded?: Message; reading?: {verdict: ResolverVerdict; words: string; remainingSeconds?: number; until?: string; ede: Array<{code: number; text: string}>}};

/** The resolvers' replies as stored: the raw bytes are the truth; the decoded form and the reading are for other readers. */
function storedResolvers(trace: Trace, analysis: Analysis | undefined): StoredResolverProbe[] {
	const dnssec = analysis?.dnssec.outcome.status ?? 'not-checked';
	return readResolvers(trace, dnssec).map((reading) => {
		const {response, ...probe} = reading.probe;
		const {verdict, remainingSeconds, until, ede} = reading;
		const words = resolverInWords(reading, trace, dnssec);
		return {...probe, ...(response ? {decoded: response} : {}), reading: {verdict, words, ...(remainingSeconds === undefined ? {} : {remainingSeconds}), ...(until ? {until} : {}), ede: ede.map(({code, text}) => ({code, text}))}};
	});
}

export function toSnapshot({trace, analysis}: {trace: Trace; analysis: Analysis | undefined}, tool: Snapshot['tool']): Snapshot {
	const messages: Record<string, StoredMessage> = {};
	// Each response laid out (to cut its NSID) and hashed once, by its bytes with the ID set to 0: the servers of a zone
	// mostly send the same bytes for a question (the 72 probes of a trace of www.example.com hold 25 different
	// responses). A survey writes a snapshot per zone: 10-20 % of each write, warm.
	const stored = new Map<string, {key: string; nsid: CutNsid | undefined}>();
	const zones = trace.zones.map((zone) => ({
		...zone,
		servers: zone.servers.map((server) => ({
			...server,
			probes: server.probes.map((probe): StoredProbe => {
				const {response, raw, nsid: _nsid, ...rest} = probe;
				if (raw === undefined) return rest;
				const whole = Buffer.from(raw, 'base64');
				const messageId = whole.byteLength >= 2 ? whole.readUInt16BE(0) : 0;
				if (whole.byteLength >= 2) whole.writeUInt16BE(0, 0);
				const seen = whole.toString('latin1');
				let message = stored.get(seen);
				if (!message) {
					const {bytes, nsid} = cutNsid(whole);
					const key = createHash('sha256').update(bytes).digest('base64url').slice(0, 16);
					const decoded = response ? {...response, id: 0, ...(response.edns ? {edns: {...response.edns, options: response.edns.options.filter((option) => option.code !== NSID_OPTION)}} : {})} : undefined;
					messages[key] ??= {raw: bytes.toString('base64'), ...(decoded ? {decoded} : {})};
					message = {key, nsid};
					stored.set(seen, message);
				}
				return {...rest, message: message.key, messageId, ...(message.nsid ? {nsidOption: message.nsid} : {})};
			}),
		})),
	}));
	// A trace saved while it runs keeps the form earlier readers know: a failure "still running".
	const outcome = trace.outcome.status === 'pending' ? {...trace.outcome, status: 'failure' as const, reason: STILL_RUNNING} : {...trace.outcome, status: trace.outcome.status};
	const analysed = analysis ? {outcome: {...outcome, dnssec: analysis.dnssec.outcome.status, validatingResolversServfail: analysis.dnssec.outcome.status === 'bogus'}, findings: analysis.findings, dnssec: analysis.dnssec, dependencies: analysis.dependencies} : {outcome, findings: []};
	const {resolvers: _resolvers, ...walked} = trace;
	// The walk sets its duration when it ends: one saved while it runs lasted as far as its last reply.
	if (savedWhileRunning(trace)) walked.durationMs = trace.zones.reduce((last, zone) => zone.servers.reduce((inner, server) => server.probes.reduce((latest, probe) => Math.max(latest, probe.finishedMs ?? 0), inner), last), trace.durationMs);
	return {schema: trace.assumed ? WHAT_IF_SNAPSHOT_SCHEMA : SNAPSHOT_SCHEMA, tool, ...walked, ...analysed, zones, messages, ...(trace.resolvers ? {resolvers: storedResolvers(trace, analysis)} : {})};
}

export function serializeSnapshot(analysed: {trace: Trace; analysis: Analysis | undefined}, tool: Snapshot['tool']): string {
	return `${terminalSafeJson(JSON.stringify(toSnapshot(analysed, tool)))}\n`;
}

/** The name a snapshot is kept under: the traced name and the moment the trace started, so names never collide. */
export function snapshotFileName(trace: {query: {name: string}; startedAt: string; assumed?: readonly unknown[]}): string {
	const name = trace.query.name.replace(/\.$/u, '').replace(/[^a-z0-9.-]/giu, '_') || 'root';
	// A what-if of the trace has the same name and start: named apart, by its changes, or `e` after `w` said "already
	// written" of the file that held the measured trace (and the other way round).
	// One set of changes, one tag, in whatever order they were applied.
	const whatIf = trace.assumed && trace.assumed.length > 0 ? `-what-if-${createHash('sha256').update(trace.assumed.map((change) => JSON.stringify(change)).sort().join('\n')).digest('hex').slice(0, 8)}` : '';
	return `digdeeper-${name}-${trace.startedAt.replace(/[:.]/gu, '-')}${whatIf}.json`;
}

