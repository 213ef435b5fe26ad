import {registrableDomain} from '../analysis/registrable-domain.js';
import {nameserverDomains} from '../analysis/registration-status.js';
import {decodeLaidOut} from '../dns/codec.js';
import {toUnicode} from '../dns/name.js';
import {checkResponse, unusableReply} from '../dns/response-check.js';
import {describeProblem} from '../dns/wire-layout.js';
import {DEFAULT_LIMITS} from '../trace/limits.js';
import {unsupportedListing} from '../trace/delegation-evidence.js';
import type {Probe, ResolverProbe, Trace, WhatIfChange} from '../trace/model.js';
import {ASSUMED_DOWN, downedAddresses, isTcpCheck, savedWhileRunning, statsOf} from '../trace/probe-facts.js';
import {canonicalAddress, familyOf} from '../dns/address.js';
import {closestZone} from '../trace/zone-book.js';
import {rederiveTrace} from '../trace/rederive.js';
import {restoreNsid} from './nsid-option.js';
import {registrationResult} from '../rdap/parse-domain.js';
import {timingProblem} from './snapshot-timings.js';
import {describeSchemaError, FIELD_SINCE, jsonPath, PURPOSE_SINCE, READABLE_SCHEMAS, snapshotSchema, type SnapshotFile} from './schema.js';
import {applyChanges} from '../what-if/apply-changes.js';

export {SNAPSHOT_SCHEMA, serializeSnapshot} from './write-snapshot.js';

export class SnapshotError extends Error {
	override name = 'SnapshotError';
}

/** Snapshots larger than this are refused before parsing: a real trace of an ordinary name is well under 1 MB. */
export const MAX_SNAPSHOT_BYTES = 64 * 1024 * 1024;

const damaged = (what: string, path: ReadonlyArray<PropertyKey>) => new SnapshotError(`damaged snapshot: ${what} (where: ${jsonPath(path)})`);

type StoredProbe = SnapshotFile['zones'][number]['servers'][number]['probes'][number];

/**
 * Turns a parsed snapshot back into the model the walk produced. The file is validated first; responses are
 * decoded again from their raw bytes (the source of truth), never taken from the file's decoded form, and what the
 * walk concluded from them (each probe's kind, rcode and size, each step's result, every outcome, the counts of
 * queries answered, failed and skipped) is judged again: the file's outcome, findings and stats are written for other
 * readers and never read back.
 */
/**
 * A trace stores a probe only for a query it sent or counted (the walk stops at DEFAULT_LIMITS.maxQueries), so a file
 * with far more is not one digdeeper wrote: it is refused before validation, whose cost grows with every probe.
 */
const MAX_SNAPSHOT_PROBES = DEFAULT_LIMITS.maxQueries * 4;

/** The probes a file claims, counted without trusting its shape. */
function countProbes(data: object): number {
	const zones = (data as {zones?: unknown}).zones;
	if (!Array.isArray(zones)) return 0;
	let count = 0;
	for (const zone of zones) {
		const servers = (zone as {servers?: unknown} | null)?.servers;
		if (!Array.isArray(servers)) continue;
		for (const server of servers) {
			const probes = (server as {probes?: unknown} | null)?.probes;
			if (Array.isArray(probes)) count += probes.length;
		}
	}
	return count;
}

export function fromSnapshot(data: unknown): {trace: Trace; tool: {name: string; version: string; node?: string}} {
	if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new SnapshotError('not a digdeeper snapshot: the top level is not an object');
	const schema = Object.hasOwn(data, 'schema') ? (data as {schema?: unknown}).schema : undefined;
	if (typeof schema !== 'string' || !schema.startsWith('digdeeper/snapshot@')) {
		throw new SnapshotError('not a digdeeper snapshot: no "schema": "digdeeper/snapshot@N" field');
	}
	if (!(READABLE_SCHEMAS as readonly string[]).includes(schema)) throw new SnapshotError(`snapshot format ${schema.slice(0, 64)} is not supported by this version (it reads ${READABLE_SCHEMAS.slice(0, -1).join(', ')} and ${READABLE_SCHEMAS.at(-1)})`);
	const probes = countProbes(data);
	if (probes > MAX_SNAPSHOT_PROBES) throw new SnapshotError(`damaged snapshot: ${probes} probes, more than any trace makes (at most ${MAX_SNAPSHOT_PROBES})`);
	for (const [field, since] of Object.entries(FIELD_SINCE)) {
		if (Object.hasOwn(data, field) && READABLE_SCHEMAS.indexOf(schema as (typeof READABLE_SCHEMAS)[number]) < READABLE_SCHEMAS.indexOf(since)) throw damaged(`"${field}" is not in ${schema}`, [field]);
	}
	const parsed = snapshotSchema.safeParse(data);
	if (!parsed.success) throw new SnapshotError(`damaged snapshot: ${describeSchemaError(parsed.error)}`);
	const {schema: _schema, outcome: _outcome, stats, tool, query, messages, zones, resolutions, limits, resolvers, registration, ...rest} = parsed.data;
	const counts = countsProblem(stats);
	if (counts) throw damaged(counts.what, counts.path);
	// The addresses the file's what-if took down, which its probes are checked against.
	const down = new Set(assumedDown(parsed.data));
	checkReferences(parsed.data, down);
	checkVantage(parsed.data);
	// The question a file says it traced is the one its first resolution asked, or its views would show one name's
	// trace under another's.
	const asked = resolutions[0]?.question;
	if (asked && (asked.name !== query.name || asked.type !== query.type)) {
		throw damaged(`the query ${JSON.stringify(`${query.name} ${query.type}`)} is not what the trace asked (${JSON.stringify(`${asked.name} ${asked.type}`)})`, ['query']);
	}
	const restored = zones.map((zone, zoneIndex) => ({
		...zone,
		servers: zone.servers.map((server, serverIndex) => ({
			...server,
			probes: server.probes.map((stored, probeIndex) => restoreProbe(stored, messages, ['zones', zoneIndex, 'servers', serverIndex, 'probes', probeIndex])),
		})),
	}));
	// Every judgement starts undecided here and is made by rederiveTrace: step results, variants, outcomes.
	const trace: Trace = {
		...rest,
		...(down.size > 0 ? {assumedDown: [...down].sort()} : {}),
		query: {...query, unicode: toUnicode(query.name)},
		zones: restored,
		// Counted again from the probes as restored (an answer without bytes is now a failure), never the file's.
		stats: statsOf({zones: restored}),
		resolutions: resolutions.map((resolution) => ({...resolution, steps: resolution.steps.map((step) => ({...step, result: 'failure' as const, variants: []}))})),
		outcome: {status: 'pending', records: [], atMs: 0},
		limits: limits as Trace['limits'],
		...(resolvers ? {resolvers: resolvers.map((stored, index) => restoreResolverProbe(stored, query, ['resolvers', index]))} : {}),
		// What each registry's answer says is read again from its body, never from the file.
		...(registration ? {registration: {bootstrap: registration.bootstrap, ...(registration.bootstrapFile === undefined ? {} : {bootstrapFile: registration.bootstrapFile}), lookups: registration.lookups.map((lookup) => ({...lookup, result: registrationResult(lookup.exchange, lookup.domain)}))}} : {}),
	};
	const rederived = rederiveTrace(trace);
	// A server or name server is the trace's only where its responses (judged again) name it, as the walk learns them.
	const unsupported = unsupportedListing(rederived);
	if (unsupported) throw damaged(unsupported.what, unsupported.path);
	// Times checked against each other once it is known whether the trace was saved while it ran (its outcome judged again).
	const timing = timingProblem(parsed.data, savedWhileRunning(rederived));
	if (timing) throw damaged(timing.what, timing.path);
	checkLookups(rederived);
	// A what-if's changes are applied again to its responses (idempotent on what they already changed) and judged again.
	return {trace: rederived.assumed ? applyChanges(rederived, []) : rederived, tool};
}

/**
 * The file's `stats` are written for other readers and never read back: the reader counts its own from the probes
 * (`statsOf`), as it judges their outcomes again. They differ, without harm, from what a file of digdeeper's may
 * say: the first builds counted a query when it left (a file saved while it ran counted its probes still out), a
 * what-if written before it counted its probes kept the measured walk's queries to servers it took away, and an
 * answer a stricter decoder refuses is a failure now. So a file is not refused for counts that disagree with its
 * probes. It is refused for counts no build ever wrote: every build counts a query before its answer or failure, so
 * more of those than queries is a doctored block, whatever its probes hold.
 */
function countsProblem(stats: SnapshotFile['stats']): {what: string; path: PropertyKey[]} | undefined {
	if (stats.answered + stats.failed <= stats.queries) return undefined;
	return {what: `${stats.answered} queries answered and ${stats.failed} failed, of ${stats.queries} sent`, path: ['stats', 'queries']};
}

/**
 * A family this host had no route for is one a probe found so: the prober records it (`vantage.unavailableFamilies`)
 * only as it skips a probe to an address of that family, in these words with the same reason, and skips each later one
 * so. Said without such a probe, a file would have every view say a family was not routed here ("routes: IPv4; no IPv6
 * route", `--text`'s "IPv6 probes were skipped") and excuse its servers, whatever its probes show. Each family once. A
 * what-if is not held to it: its made-up time-outs replace a downed server's skipped probes, and a name server it
 * removes or no longer learns takes its servers' probes away.
 */
function checkVantage(file: SnapshotFile): void {
	const seen = new Set<number>();
	for (const [index, {family, reason}] of file.vantage.unavailableFamilies.entries()) {
		const path = ['vantage', 'unavailableFamilies', index];
		if (seen.has(family)) throw damaged(`IPv${family} is said twice to have no route from this host`, [...path, 'family']);
		seen.add(family);
		if (file.assumed) continue;
		const words = `not sent: this host has no IPv${family} connectivity (${reason})`;
		const found = file.zones.some((zone) => zone.servers.some((server) => server.probes.some((probe) => probe.status === 'skipped' && probe.error === words && familyOf(probe.address) === family)));
		if (!found) throw damaged(`IPv${family} is said to have no route from this host, and no probe to an IPv${family} address was skipped for it`, path);
	}
}

/**
 * Each registration lookup is one the trace itself would have made (registration-lookups.ts): the traced name's
 * registrable domain, and the name servers' domains `nameserverDomains` picks from the trace judged again; each
 * domain once. Any other is not what digdeeper asked, and its registry's words would be shown as this trace's.
 */
function checkLookups(trace: Trace): void {
	const lookups = trace.registration?.lookups ?? [];
	const queried = registrableDomain(trace.query.name);
	const nameservers = lookups.some((lookup) => lookup.reason === 'nameserver') ? nameserverDomains(trace, queried === undefined ? [] : [queried]) : [];
	const seen = new Set<string>();
	for (const [index, {domain, reason}] of lookups.entries()) {
		const path = ['registration', 'lookups', index, 'domain'];
		if (seen.has(domain)) throw damaged(`the registration of ${domain} is looked up twice`, path);
		seen.add(domain);
		if (reason === 'query' && domain !== queried) throw damaged(`a registration lookup of ${domain} for the query, where the trace asks about ${queried ?? 'no registrable domain'}`, path);
		if (reason === 'nameserver' && !nameservers.includes(domain)) throw damaged(`a registration lookup of ${domain} for name servers, which the trace never asks about (it asks about ${nameservers.length === 0 ? 'none' : nameservers.join(' ')})`, path);
	}
}

/**
 * A probe with its response decoded again from the raw bytes. An answered probe whose bytes are missing, no
 * longer decode, or are a response the querier now refuses (a stricter decoder than the one that wrote the file) is
 * shown as what it now is, a malformed response, never with what the file says the message was.
 */
function restoreProbe(stored: StoredProbe, messages: SnapshotFile['messages'], path: PropertyKey[]): Probe {
	const {message, messageId, nsidOption, ...kept} = stored;
	// A probe never sent has no round trip; builds before session 37 wrote the time to its refusal as one.
	const {rttMs, ...unsent} = kept;
	const probe = kept.status === 'skipped' ? unsent : kept;
	if (message !== undefined && !STATUS_CARRIES[kept.status].bytes) throw damaged(`a probe ${statusWords(kept.status)} carries a response`, [...path, 'message']);
	if (message === undefined) return probe.status === 'answered' ? {...probe, status: 'malformed', error: 'the snapshot keeps no response bytes for this answer'} : probe;
	const entry = messages.get(message);
	if (!entry) throw damaged(`a probe refers to message ${JSON.stringify(message)}, which is not in "messages"`, [...path, 'message']);
	const shared = Buffer.from(entry.raw, 'base64');
	// The writer keeps each message with ID 0 and the ID apart, in the probe: bytes carrying another ID contradict it.
	const storedId = shared.byteLength >= 2 ? shared.readUInt16BE(0) : 0;
	if (storedId !== 0) throw damaged(`message ${JSON.stringify(message)} carries ID ${storedId} in its bytes, where the probe's messageId says ${messageId ?? 'nothing'} (messages are kept with ID 0)`, ['messages', message, 'raw']);
	const bytes = nsidOption ? restoreNsid(shared, nsidOption) : shared;
	if (!bytes) throw damaged(`a probe's NSID option does not fit inside message ${JSON.stringify(message)}'s OPT record`, [...path, 'nsidOption']);
	if (bytes.byteLength >= 2) bytes.writeUInt16BE(messageId ?? 0, 0);
	const raw = bytes.toString('base64');
	if (probe.status !== 'answered') return {...probe, raw, size: bytes.byteLength};
	let decoded: ReturnType<typeof decodeLaidOut>;
	try {
		decoded = decodeLaidOut(bytes);
	} catch (error) {
		return {...probe, status: 'malformed', error: `the saved response does not decode: ${(error as Error).message}`, raw, size: bytes.byteLength};
	}
	// Judged as the querier judges a reply: one this version refuses is malformed. (One that answers another question
	// is left to the re-derivation, which finds that the saved path does not follow from it.)
	const mismatch = checkResponse(decoded.message, decoded.layout, probe.question);
	if (mismatch?.kind === 'malformed') {
		return {...probe, status: 'malformed', error: `the saved response is not a valid response: ${describeProblem(mismatch.problem)}`, raw, size: bytes.byteLength};
	}
	// A probe that names no transport went out over UDP first: TC=1 is unusable either way.
	const unusable = unusableReply(decoded.message, probe.transport ?? 'udp');
	if (unusable) return {...probe, status: 'malformed', error: unusable, raw, size: bytes.byteLength};
	return {...probe, response: decoded.message, rcode: decoded.message.rcode, raw, size: bytes.byteLength};
}

/**
 * What a probe of each outcome, or a resolver's, may carry: what digdeeper writes with it (prober.ts `record` and
 * `skip`, ask-resolvers.ts) and nothing else, since a view shows whatever a probe carries beside its status.
 *
 * - bytes: only a reply read keeps them (answered, or malformed when it did not decode or was refused): a probe never
 *   sent, or one that timed out or failed to reach its server, got none, and bytes kept for it would be shown as a
 *   server's words it never said. (A TC=1 reply over UDP is not kept: the query's outcome is TCP's.)
 * - error: why there is no answer. An answer has none: the prober writes one only with a failure or a skip (the reader
 *   gives one to an answer it now judges malformed, after this check), and one from a file would travel on beside the
 *   answer into every file written from it (`open --json`, a report's page), as the server's or the walk's words.
 * - exchange: what a query that came back leaves: its transport, attempts, round trip, finish and the querier's flags
 *   (EXCHANGE_FIELDS). A probe still out has none yet: with them it was shown PENDING beside a failure's words, its
 *   attempts and its wait (a break test). A resolver never asked has none either. A skip may: the loopback guard and a
 *   missing route refuse a query once the querier has tried it, and the prober records that try before the skip.
 */
const STATUS_CARRIES: Readonly<Record<StoredProbe['status'] | ResolverProbe['status'], {bytes: boolean; error: boolean; exchange: boolean}>> = {
	pending: {bytes: false, error: false, exchange: false},
	answered: {bytes: true, error: false, exchange: true},
	malformed: {bytes: true, error: true, exchange: true},
	timeout: {bytes: false, error: true, exchange: true},
	unreachable: {bytes: false, error: true, exchange: true},
	network: {bytes: false, error: true, exchange: true},
	skipped: {bytes: false, error: true, exchange: true},
	'not-asked': {bytes: false, error: true, exchange: false},
};

/** The fields of a stored probe (or a resolver's) that only an exchange that ended leaves (the prober's `record`). */
const EXCHANGE_FIELDS = ['transport', 'attempts', 'rttMs', 'finishedMs', 'truncatedOverUdp', 'ednsFallback', 'ednsDropped', 'udpTimedOut', 'plainUdpAnswered', 'ignored', 'shared'] as const;

/** The first field a probe carries that its status does not (STATUS_CARRIES), with its words: undefined if none. */
function fieldBeyondStatus(probe: Partial<Record<(typeof EXCHANGE_FIELDS)[number] | 'error', unknown>> & {status: keyof typeof STATUS_CARRIES}): {field: string; what: string} | undefined {
	const carries = STATUS_CARRIES[probe.status];
	const ended = probe.status === 'pending' ? 'only a probe whose query came back has' : 'only a query asked leaves';
	if (probe.error !== undefined && !carries.error) return {field: 'error', what: `carries an error, which only a ${probe.status === 'pending' ? 'probe that failed or was skipped' : 'probe without an answer'} has`};
	if (carries.exchange) return undefined;
	const field = EXCHANGE_FIELDS.find((name) => probe[name] !== undefined);
	return field === undefined ? undefined : {field, what: `carries ${field}, which ${ended}`};
}

/** A probe's outcome in the words of a refusal: "a probe that timed out carries a response". */
function statusWords(status: string): string {
	switch (status) {
		case 'skipped':
			return 'skipped before it was sent';
		case 'not-asked':
			return 'never asked';
		case 'answered':
			return 'that was answered';
		case 'malformed':
			return 'whose reply was malformed';
		case 'timeout':
			return 'that timed out';
		case 'unreachable':
			return 'whose server was unreachable';
		case 'pending':
			return 'still waiting for its reply';
		default:
			return 'that failed on the network';
	}
}

/**
 * A resolver's reply decoded again from its bytes and checked as the querier checks one (RD=1, the traced question):
 * bytes that do not decode, or a reply the querier would refuse, are shown as malformed, never as the file says.
 */
function restoreResolverProbe(stored: NonNullable<SnapshotFile['resolvers']>[number], question: {name: string; type: string}, path: PropertyKey[]): ResolverProbe {
	const {raw, ...probe} = stored;
	const beyond = fieldBeyondStatus(probe);
	if (beyond) throw damaged(`a resolver probe ${statusWords(probe.status)} ${beyond.what}`, [...path, beyond.field]);
	if (raw !== undefined && !STATUS_CARRIES[probe.status].bytes) throw damaged(`a resolver probe ${statusWords(probe.status)} carries a response`, [...path, 'raw']);
	if (raw === undefined) return probe.status === 'answered' ? {...probe, status: 'malformed', error: 'the snapshot keeps no response bytes for this answer'} : probe;
	if (probe.status !== 'answered') return {...probe, raw};
	let decoded: ReturnType<typeof decodeLaidOut>;
	try {
		decoded = decodeLaidOut(Buffer.from(raw, 'base64'));
	} catch (error) {
		return {...probe, raw, status: 'malformed', error: `the saved response does not decode: ${(error as Error).message}`};
	}
	const mismatch = checkResponse(decoded.message, decoded.layout, question);
	if (mismatch) return {...probe, raw, status: 'malformed', error: `the saved response is not a valid response to the question: ${mismatch.kind === 'malformed' ? describeProblem(mismatch.problem) : 'it answers another question'}`};
	const unusable = unusableReply(decoded.message, probe.transport ?? 'udp');
	if (unusable) return {...probe, raw, status: 'malformed', error: unusable};
	return {...probe, raw, response: decoded.message};
}

/** Changes that take servers down: only a what-if with one has addresses assumed down. */
const DOWNING: ReadonlySet<WhatIfChange['kind']> = new Set(['down', 'down-address', 'zone-down']);

/**
 * The addresses a file's what-if took down, as the file's servers write them: those it records (`assumedDown`), each
 * one its changes explain, or else a damaged file; in a file written before they were recorded, those of its probes
 * that say so which its changes explain (the others are refused by checkReferences). A file with no change that takes
 * a server down has none.
 */
function assumedDown(file: SnapshotFile): string[] {
	const downing = file.assumed?.some((change) => DOWNING.has(change.kind)) === true;
	if (file.assumedDown && !downing) throw damaged('addresses are said to be taken down, which no change of the file takes down', ['assumedDown']);
	if (!downing) return [];
	const explained = explainedDown(file);
	if (!file.assumedDown) return [...new Set(file.zones.flatMap((zone) => zone.servers.flatMap((server) => server.probes.filter((probe) => probe.error?.startsWith(ASSUMED_DOWN)).flatMap((probe) => explained.get(canonicalAddress(probe.address)) ?? []))))];
	return file.assumedDown.flatMap((address, index) => {
		const servers = explained.get(canonicalAddress(address));
		if (!servers) throw damaged(`${address} is said to be taken down, which no change of the file takes down`, ['assumedDown', index]);
		return servers;
	});
}

/**
 * The server addresses the file's changes can have taken down, canonical, each with the forms its servers write: those
 * of the servers they name, by name, address or zone; and, for a zone-down whose zone the file does not hold, those of
 * the zone above it that it holds, where that zone gave no answer at all. The zone is missing only when it was never
 * reached, its parent's servers down with it (nic.gm.'s servers are gm.'s); a parent that answered reached it, and
 * a zone-down of a zone it never named would pass the parent's measured failures off as assumed (a break test).
 */
function explainedDown(file: SnapshotFile): Map<string, string[]> {
	const changes = file.assumed ?? [];
	const zones = new Map(file.zones.map((zone) => [zone.name, zone]));
	const addresses = new Set(downedAddresses(file, changes));
	for (const change of changes) {
		if (change.kind !== 'zone-down' || zones.has(change.zone)) continue;
		const above = zones.get(closestZone(change.zone, (name) => zones.get(name)));
		if (!above || above.servers.some((server) => server.probes.some((probe) => probe.status === 'answered'))) continue;
		for (const server of above.servers) addresses.add(server.address);
	}
	const explained = new Map<string, string[]>();
	for (const address of addresses) explained.set(canonicalAddress(address), [...(explained.get(canonicalAddress(address)) ?? []), address]);
	return explained;
}

/**
 * What the model takes for granted and a schema cannot say: each probe is one of its server's, in its zone, under
 * an id no other probe has, carrying only what a probe of its status carries (STATUS_CARRIES); each resolution has
 * its own id; every id a name server or a step gives exists; a probe said assumed down is a what-if's made-up time-out at an address its what-if took down (`down`).
 */
function checkReferences(file: SnapshotFile, down: ReadonlySet<string>): void {
	const probes = new Map<number, StoredProbe>();
	const zones = new Set<string>();
	for (const [zoneIndex, zone] of file.zones.entries()) {
		if (zones.has(zone.name)) throw damaged(`zone ${zone.name} appears twice`, ['zones', zoneIndex, 'name']);
		zones.add(zone.name);
		for (const [serverIndex, server] of zone.servers.entries()) {
			for (const [probeIndex, probe] of server.probes.entries()) {
				const path = ['zones', zoneIndex, 'servers', serverIndex, 'probes', probeIndex];
				if (probes.has(probe.id)) throw damaged(`probe id ${probe.id} is used twice`, [...path, 'id']);
				if (probe.zone !== zone.name) throw damaged(`a probe of zone ${zone.name} says it asked ${probe.zone}`, [...path, 'zone']);
				if (probe.address !== server.address) throw damaged(`a probe of ${server.address} says it was sent to ${probe.address}`, [...path, 'address']);
				if (probe.server !== server.name) throw damaged(`a probe of ${server.name} says it was sent to ${probe.server}`, [...path, 'server']);
				const beyond = fieldBeyondStatus(probe);
				if (beyond) throw damaged(`a probe of ${probe.address} ${statusWords(probe.status)} ${beyond.what}`, [...path, beyond.field]);
				// Only a what-if writes these words, as a time-out of an address it takes down: on any other probe they would
				// have a measured time-out or answer read "assumed down (what-if)".
				// Every error a probe gets is digdeeper's own words, in ASCII: a letter from another script passes a look-alike
				// ("аssumed down", with a Cyrillic а) off as them, and no check of the words could see it.
				if (probe.error !== undefined && /[^\x20-\x7e]/u.test(probe.error)) throw damaged(`a probe of ${probe.address} has an error in words digdeeper does not write (a character outside printable ASCII)`, [...path, 'error']);
				// Any wording of them (" Assumed down (what-if)"): printed as the file gives it, it reads the same.
				if (probe.error !== undefined && /assumed\s+down/iu.test(probe.error)) {
					if (!probe.error.startsWith(ASSUMED_DOWN) || probe.status !== 'timeout' || probe.rttMs !== undefined) throw damaged(`a probe of ${probe.address} says it was assumed down, which only a what-if's made-up time-out says (worded so, with no round trip)`, [...path, 'error']);
					if (!down.has(probe.address)) throw damaged(`a probe of ${probe.address} says it was assumed down, which the file's what-if does not take down`, [...path, 'error']);
				}
				const since = PURPOSE_SINCE[probe.purpose];
				if (since && READABLE_SCHEMAS.indexOf(file.schema) < READABLE_SCHEMAS.indexOf(since)) throw damaged(`probe purpose ${probe.purpose} is not in ${file.schema}`, [...path, 'purpose']);
				probes.set(probe.id, probe);
			}
		}
	}
	const resolutions = new Set<number>();
	for (const [index, resolution] of file.resolutions.entries()) {
		if (resolutions.has(resolution.id)) throw damaged(`resolution id ${resolution.id} is used twice`, ['resolutions', index, 'id']);
		resolutions.add(resolution.id);
	}
	for (const [zoneIndex, zone] of file.zones.entries()) {
		for (const [nsIndex, nameserver] of zone.nameservers.entries()) {
			for (const [subIndex, id] of nameserver.subtraces.entries()) {
				if (!resolutions.has(id)) throw damaged(`a name server refers to resolution ${id}, which is not in the file`, ['zones', zoneIndex, 'nameservers', nsIndex, 'subtraces', subIndex]);
			}
		}
	}
	for (const [index, resolution] of file.resolutions.entries()) {
		for (const [stepIndex, step] of resolution.steps.entries()) {
			if (step.probe === undefined) continue;
			const path = ['resolutions', index, 'steps', stepIndex, 'probe'];
			const probe = probes.get(step.probe);
			if (!probe) throw damaged(`a step refers to probe ${step.probe}, which is not in the file`, path);
			if (isTcpCheck(probe)) throw damaged(`a step refers to probe ${step.probe}, a TCP check, which no step follows`, path);
			// The step's own question, or `SOA name`, which the walk asks to find a cut below a positive answer (a step
			// that follows it and is no cut is the replay's to end, `replayOutcome`).
			if (probe.zone !== step.zone || probe.question.name !== step.question.name || (probe.question.type !== step.question.type && probe.question.type !== 'SOA')) {
				throw damaged(`a step of ${step.zone} ${step.question.name} ${step.question.type} refers to probe ${step.probe}, which asked another question`, path);
			}
		}
	}
}

export function parseSnapshot(text: string): {trace: Trace; tool: {name: string; version: string; node?: string}} {
	if (text.length > MAX_SNAPSHOT_BYTES) throw new SnapshotError(`snapshot too large (${text.length} bytes; the limit is ${MAX_SNAPSHOT_BYTES})`);
	let data: unknown;
	try {
		data = JSON.parse(text);
	} catch (error) {
		throw new SnapshotError(`not valid JSON: ${(error as Error).message}`);
	}
	return fromSnapshot(data);
}
