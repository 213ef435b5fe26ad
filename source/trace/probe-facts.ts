import {isAtOrBelow, isStrictlyBelow} from '../dns/name.js';
import {RAN_OUT} from '../dns/transport.js';
import type {Probe, ProbePurpose, ResponseKind, Server, TcpCheckPurpose, Trace, WhatIfChange, Zone} from './model.js';

/** The kinds of response a walk can move on with; everything else (lame, refused, …) leaves it waiting for another server. */
export const USABLE_KINDS: ReadonlySet<ResponseKind> = new Set<ResponseKind>(['answer', 'cname', 'referral', 'nxdomain', 'nodata']);

/**
 * How a what-if writes a probe of a server it takes down (what-if/apply-changes.ts): its error starts so. Nothing
 * was sent: the probe stands for the time-outs a dead server would cost.
 */
export const ASSUMED_DOWN = 'assumed down (what-if, not measured)';

/**
 * A probe a what-if made up for a server it assumes down, by its words. Only apply-changes.ts writes them, of an
 * address in its trace's `assumedDown`; a file whose probe says so of any other address is refused (snapshot.ts), so
 * the words alone tell, wherever the probe is read.
 */
export const isAssumedDown = (probe: Pick<Probe, 'status' | 'error'>): boolean => probe.status === 'timeout' && probe.error?.startsWith(ASSUMED_DOWN) === true;

/**
 * A probe never sent because this host had no socket to send it with (out of file descriptors, buffer space or memory,
 * after waiting for one within its time-out: querier.ts), by its words, as the prober writes them.
 */
const NOT_SENT_FOR_WANT = `not sent: ${RAN_OUT}`;
export const notSentForWant = (probe: Pick<Probe, 'status' | 'error'>): boolean => probe.status === 'skipped' && probe.error?.startsWith(NOT_SENT_FOR_WANT) === true;

/**
 * Whether every server of a zone was asked something and not one gave a usable answer to anything: the zone is shown
 * down from here, whatever a question that never left (`notSentForWant`) would have met. One server's time-out, beside
 * a server never asked, shows nothing of the zone (a break test's snapshot: a dead server's queries hold their sockets
 * until they time out, just as the live server's find none).
 */
export function zoneShownDown(zone: Pick<Zone, 'servers'>): boolean {
	const sent = zone.servers.map((server) => server.probes.filter((probe) => probe.status !== 'skipped' && probe.status !== 'pending'));
	return sent.length > 0 && sent.every((probes) => probes.length > 0) && !sent.some((probes) => probes.some(isUsable));
}

/** What this host ran out of, from such a probe's words: "file descriptors". */
export const wantOf = (probe: Pick<Probe, 'error'>): string | undefined => (probe.error?.startsWith(NOT_SENT_FOR_WANT) ? /^([a-z ]+) \(/u.exec(probe.error.slice(NOT_SENT_FOR_WANT.length))?.[1] : undefined);

/** Every address a change takes down: a machine that is down is down for every zone it serves. */
export function downedAddresses(trace: Pick<Trace, 'zones'>, changes: readonly WhatIfChange[]): Set<string> {
	const down = new Set<string>();
	for (const change of changes) {
		for (const zone of trace.zones) {
			for (const server of zone.servers) {
				if ((change.kind === 'down' && server.name === change.server) || (change.kind === 'down-address' && server.address === change.address) || (change.kind === 'zone-down' && zone.name === change.zone)) down.add(server.address);
			}
		}
	}
	return down;
}

/** Did this server's answer count: authoritative data, a referral, or an authoritative denial? */
export function isUsable(probe: Probe): boolean {
	return probe.status === 'answered' && USABLE_KINDS.has(probe.kind!);
}

/**
 * Does this server answer for its zone: at least one of its responses is one the walk could move on with. A lame server
 * (the zone's data without authority, a refusal) does not, whatever it echoes. The one rule by which the tree, the
 * survey and the report count a zone's servers answering.
 */
function isAnswering(server: Server): boolean {
	return server.probes.some(isUsable);
}

/**
 * Was this server never asked: every query to it was skipped, none left this host (no route for its family, loopback
 * only, a limit). It is no failing server: the tree and the survey count a zone's servers answering of those asked.
 */
function wasNotAsked(server: Server): boolean {
	return server.probes.length > 0 && server.probes.every((probe) => probe.status === 'skipped');
}

/**
 * A zone's server addresses counted the one way the tree, the report and the survey count them: answering, of those
 * asked. Addresses, not servers: two name servers at one address (ns1 and ns2 of a zone on one host) are one address,
 * answering when either name's probes were answered, not asked when neither's were.
 */
export function serverCounts(servers: readonly Server[]): {answering: number; asked: number; notAsked: number} {
	const byAddress = [...serversByAddress(servers).values()];
	const notAsked = byAddress.filter((named) => named.every(wasNotAsked)).length;
	return {answering: byAddress.filter((named) => named.some(isAnswering)).length, asked: byAddress.length - notAsked, notAsked};
}

/** The servers at each address, in the order the addresses first appear: a count of addresses counts these keys. */
export function serversByAddress<T extends Pick<Server, 'address'>>(servers: readonly T[]): Map<string, T[]> {
	const byAddress = new Map<string, T[]>();
	for (const server of servers) byAddress.set(server.address, [...(byAddress.get(server.address) ?? []), server]);
	return byAddress;
}

/**
 * The zone's name servers that have no address at all, their look-ups done (NXDOMAIN, no data): servers of the zone
 * that cannot answer, which the tree and the survey count beside its addresses (td. with two of four names gone read
 * "2/2 answering").
 */
export function addresslessNameservers(zone: Pick<Zone, 'nameservers'> | undefined): number {
	return zone?.nameservers.filter((nameserver) => nameserver.addresses.length === 0 && nameserver.unresolved !== undefined).length ?? 0;
}

/** The probe carrying the walk's own question to this server. */
export function walkProbe(server: Server | undefined): Probe | undefined {
	return server?.probes.find((probe) => probe.purpose === 'walk');
}

/**
 * The probe that asked this server its zone's SOA: the zone's own question, or the walk's when the trace is for the
 * zone's SOA and the walk asked it first (a server is asked a question once, under the purpose that asked it first).
 */
export function isZoneSoaProbe(probe: Probe): boolean {
	return servesPurpose(probe, 'soa') && probe.question.type === 'SOA' && probe.question.name === probe.zone;
}

/** The question type each standing check asks at its zone's apex. */
const APEX_CHECKS: Partial<Record<ProbePurpose, readonly string[]>> = {soa: ['SOA'], ns: ['NS'], dnskey: ['DNSKEY'], cds: ['CDS', 'CDNSKEY']};

/**
 * Did this probe ask what a check of this purpose asks: the check itself, or the walk's own question when it is the
 * same question (a trace of `ZONE NS`, `ZONE DNSKEY`, `CHILD DS`, a server's own name's A or AAAA). A server is asked
 * each question once, under the purpose that asked it first, and a busy walk's own question often goes first (it is
 * sent to a referral's child at once, the zone's checks a turn later): reading the check alone would then see no NS
 * set, no keys, no DS, no address of its own server from that server, which it gave.
 */
export function servesPurpose(probe: Probe, purpose: ProbePurpose): boolean {
	if (probe.purpose === purpose) return true;
	if (probe.purpose !== 'walk') return false;
	if (purpose === 'ds') return probe.question.type === 'DS' && isStrictlyBelow(probe.question.name, probe.zone);
	// Any A or AAAA in the zone could be a server's: the readers pick their server's name (`servesOwnAddresses`).
	if (purpose === 'ns-address') return (probe.question.type === 'A' || probe.question.type === 'AAAA') && probe.zone !== '.' && isAtOrBelow(probe.question.name, probe.zone);
	return probe.question.name === probe.zone && (APEX_CHECKS[purpose]?.includes(probe.question.type) ?? false);
}

/** The key tags of the DS records the parent's servers gave for `zone` when asked, in order; none for a root or none served. */
export function parentDsTags(trace: Pick<Trace, 'zones'>, zone: Pick<Zone, 'name' | 'parent'>): number[] {
	const parent = trace.zones.find((candidate) => candidate.name === zone.parent);
	const tags = new Set<number>();
	for (const server of parent?.servers ?? []) for (const probe of server.probes) if (servesPurpose(probe, 'ds') && probe.question.name === zone.name) for (const record of probe.response?.answer ?? []) if (record.data.kind === 'ds') tags.add(record.data.keyTag);
	return [...tags].sort((x, y) => x - y);
}

/** The SOA serial this server serves for its zone, when it answered the SOA question. */
export function servedSerial(server: Server | undefined): number | undefined {
	const probe = server?.probes.find(isZoneSoaProbe);
	const soa = probe?.response?.answer.find((record) => record.type === 'SOA' && record.name === probe.zone);
	return soa?.data.kind === 'soa' ? soa.data.serial : undefined;
}

/**
 * A probe that got no usable answer, in a word or two: `timeout`, `unreachable`; `tcp unreachable` for a server that
 * answered over UDP with TC=1 and then failed over TCP. It did answer: "unreachable" alone would say it never did.
 */
export function failedStatusWords(probe: Pick<Probe, 'status' | 'truncatedOverUdp' | 'transport'>): string {
	return `${truncatedThenFailed(probe) ? 'tcp ' : ''}${probe.status}`;
}

/**
 * Answered over UDP with TC=1, then asked over TCP and no usable answer came: the server is there and answers, only
 * not over TCP (TRUNCATED_NO_TCP). A probe skipped, or one whose last try was not TCP, is not one, whatever a file says.
 */
export function truncatedThenFailed(probe: Pick<Probe, 'status' | 'truncatedOverUdp' | 'transport'>): boolean {
	return probe.truncatedOverUdp === true && probe.transport === 'tcp' && probe.status !== 'answered' && probe.status !== 'skipped' && probe.status !== 'pending';
}

/** Each TCP check's purpose by the question it asks again at the zone's apex. */
export const TCP_CHECKS: Readonly<Record<'SOA' | 'NS' | 'DNSKEY', TcpCheckPurpose>> = {SOA: 'soa-tcp', NS: 'ns-tcp', DNSKEY: 'dnskey-tcp'};

const TCP_CHECK_PURPOSES: ReadonlySet<ProbePurpose> = new Set(Object.values(TCP_CHECKS));

/**
 * Was this probe a TCP check: a question of the zone's asked again over TCP only, once it came back over UDP. Its
 * answer is evidence about the server's TCP (SERVER_NO_TCP, TCP_UDP_ANSWERS_DIFFER), never one of the walk's answers,
 * never a step's, and its failure is no symptom of the server's UDP.
 */
export function isTcpCheck(probe: Pick<Probe, 'purpose'>): boolean {
	return TCP_CHECK_PURPOSES.has(probe.purpose);
}

/** The records of the type asked, at the name asked: an answer's data (TTLs and signatures aside). */
export const answeredRecords = (probe: Probe) => probe.response!.answer.filter((record) => record.name === probe.question.name && record.type === probe.question.type);

/** A response as compared across transports: its kind, and for an answer its data in one order. */
function answerKey(probe: Probe): string {
	if (probe.kind !== 'answer') return `${probe.rcode} ${probe.kind} ${probe.referral ?? ''}`;
	return JSON.stringify(answeredRecords(probe).map((record) => JSON.stringify(record.data)).sort());
}

/**
 * An answered TCP check set beside the same server's UDP answer to the same question, and whether the two carry the
 * same data (TTLs and signatures aside). Undefined where there is nothing to compare: no answer over UDP, or one on
 * either side truncated (an answer that came over TCP after TC=1 or a UDP time-out is no UDP answer). One judgement
 * for both readers: a differing answer is TCP_UDP_ANSWERS_DIFFER's alone, and only an equal one is validated (a TCP
 * backend serving the same records with other signatures), so a stale backend is never reported twice.
 */
export function comparedWithUdp(server: Server, check: Probe): {udp: Probe; same: boolean} | undefined {
	if (!isTcpCheck(check) || check.status !== 'answered' || !check.response) return undefined;
	const udp = server.probes.find((probe) => !isTcpCheck(probe) && probe.status === 'answered' && probe.transport === 'udp' && !probe.truncatedOverUdp && probe.response && probe.question.name === check.question.name && probe.question.type === check.question.type);
	if (!udp || check.response.flags.tc || udp.response!.flags.tc) return undefined;
	return {udp, same: answerKey(udp) === answerKey(check)};
}

/** What one transport showed of a server: it answered, it failed, it is still being asked, or it was never tried. */
export type TransportState = 'answers' | 'fails' | 'pending' | 'untried';

/**
 * How a server fared over UDP and over TCP across all its probes. UDP answers if any reply came over UDP (a TC=1 reply
 * is one); it fails if a probe's UDP attempts all timed out or were refused. TCP answers if any answer came over TCP
 * (after TC=1, after UDP timed out, or a TCP check); it fails if a probe that went over TCP got nothing usable.
 */
export function transportsOf(server: Server): {udp: TransportState; tcp: TransportState} {
	const sent = server.probes.filter((probe) => probe.status !== 'skipped');
	const failed = (probe: Probe) => probe.status !== 'answered' && probe.status !== 'pending';
	const state = (answers: boolean, fails: boolean, pending: boolean): TransportState => (answers ? 'answers' : fails ? 'fails' : pending ? 'pending' : 'untried');
	const udpProbes = sent.filter((probe) => !isTcpCheck(probe));
	const tcpProbes = sent.filter((probe) => probe.transport === 'tcp' || isTcpCheck(probe));
	return {
		udp: state(
			udpProbes.some((probe) => probe.truncatedOverUdp || (probe.status === 'answered' && probe.transport === 'udp')),
			udpProbes.some((probe) => probe.udpTimedOut || (failed(probe) && probe.transport === 'udp')),
			udpProbes.some((probe) => probe.status === 'pending'),
		),
		tcp: state(
			tcpProbes.some((probe) => probe.status === 'answered'),
			tcpProbes.some(failed),
			tcpProbes.some((probe) => probe.status === 'pending'),
		),
	};
}

/** The distinct NSIDs (hex) the server's answers carried, in the order first seen: more than one behind one anycast address. */
export function nsidsOf(server: Server): string[] {
	return [...new Set(server.probes.flatMap((probe) => (probe.nsid === undefined ? [] : [probe.nsid])))];
}

/**
 * When the answer was first in hand: the earliest response, from the zone that gave the final word, of the kind the
 * walk decided on (and, where servers gave different data, from a server that gave the data followed). The walk's own decision waits for every server of the zone (a dead one costs its time-out), so
 * this is what a resolver lucky enough to ask a live server first would have seen. Undefined while undecided or on a
 * failure.
 */
export function outcomeFirstKnownMs(trace: Trace): number | undefined {
	const step = trace.resolutions[0]?.steps.at(-1);
	if (!step || trace.outcome.status === 'pending' || trace.outcome.status === 'failure' || step.result === 'failure') return undefined;
	const zone = trace.zones.find((candidate) => candidate.name === step.zone);
	const followed = zone?.servers.flatMap((server) => server.probes).find((probe) => probe.id === step.probe);
	const variant = step.variants.find((candidate) => followed && candidate.kind === followed.kind && candidate.addresses.includes(followed.address));
	const times = (zone?.servers ?? []).flatMap((server) =>
		server.probes
			.filter((probe) => probe.status === 'answered' && probe.kind === step.result && probe.question.name === step.question.name && probe.question.type === step.question.type && probe.finishedMs !== undefined)
			.filter((probe) => !variant || variant.addresses.includes(probe.address))
			.map((probe) => probe.finishedMs!),
	);
	return times.length > 0 ? Math.min(...times) : undefined;
}

/** How many of a trace's probes are still out (a live trace, or one saved while it ran). */
export function pendingProbes(trace: Pick<Trace, 'zones'>): number {
	let count = 0;
	for (const zone of trace.zones) for (const server of zone.servers) for (const probe of server.probes) if (probe.status === 'pending') count++;
	return count;
}

/**
 * Was this trace saved (or is it shown) before its walk ended: its outcome not decided yet, or decided with probes still
 * out (the zones' checks, DNSKEY answers and look-ups go on after the decision). The walk sets its duration only at its
 * end, so such a trace is named, timed and closed as unfinished by this one rule, not by its outcome alone.
 */
export function savedWhileRunning(trace: Trace): boolean {
	return trace.outcome.status === 'pending' || pendingProbes(trace) > 0;
}

/**
 * Is some of what this zone's servers and name servers will show still to come (a trace saved while it ran): a probe
 * of the zone still out, a look-up of one of its name servers' addresses still running (its answer adds servers), or
 * a zone not yet listing a name server. What is judged of the zone as a whole (no server works, one name server only)
 * waits for it: a server not heard yet is not a silent one.
 */
export function zoneStillOut(trace: Trace, zone: Zone): boolean {
	if (!savedWhileRunning(trace)) return false;
	if (zone.nameservers.length === 0) return true;
	return zone.servers.some((server) => server.probes.some((probe) => probe.status === 'pending')) || lookUpsRunning(trace, zone);
}

/** Is a look-up of one of this zone's name servers' addresses still running: its answer may add servers to the zone. */
export function lookUpsRunning(trace: Pick<Trace, 'resolutions'>, zone: Zone): boolean {
	return zone.nameservers.some((ns) => ns.subtraces.some((id) => trace.resolutions[id]?.outcome === undefined));
}

/**
 * A trace's statistics as its probes and servers say, counted as the prober counts them while the walk runs
 * (prober.ts): a query is a probe whose exchange ended, answered or failed (one skipped never left, one still out is
 * not back yet); skipped, a probe refused before it left (no route for its family, the loopback guard, a question no
 * message can carry) and each question a server was not asked past the query limit (`questionsSkipped`, kept as a
 * count where no probe is made); the stray responses each exchange set aside (`ignored`, on skipped probes too: the
 * loopback guard refuses a query once the querier has tried it). Every one of these is in a snapshot, so a file's
 * own `stats` are never read: a trace's counts are its probes', live, saved, opened again or changed by a what-if.
 *
 * Derived, not measured, in two ways a walk's running count is not: a probe a reader judges again as malformed
 * (no bytes kept, or bytes a stricter decoder refuses) is a failure here, as every view then shows it; and the
 * first builds (snapshot@1, before the prober was its own part) counted a query when it left, so their file saved while
 * it ran counted its probes still out, which are counted here as they are now, once back.
 */
export function statsOf(trace: Pick<Trace, 'zones'>): Trace['stats'] {
	const stats: Trace['stats'] = {queries: 0, answered: 0, failed: 0, skipped: 0, ignoredResponses: 0};
	for (const zone of trace.zones) {
		for (const server of zone.servers) {
			stats.skipped += server.questionsSkipped?.count ?? 0;
			for (const probe of server.probes) {
				stats.ignoredResponses += probe.ignored ?? 0;
				if (probe.status === 'pending') continue;
				if (probe.status === 'skipped') {
					stats.skipped++;
					continue;
				}
				stats.queries++;
				if (probe.status === 'answered') stats.answered++;
				else stats.failed++;
			}
		}
	}
	return stats;
}

/** Every probe of these zones by its id: how steps, evidence and re-derivation find the probe a number names. */
export function probesByIdIn(zones: readonly Zone[]): Map<number, Probe> {
	return new Map(zones.flatMap((zone) => zone.servers.flatMap((server) => server.probes.map((probe) => [probe.id, probe] as const))));
}
