import {presentRData} from '../dns/present.js';
import type {Probe, Server, Zone} from '../trace/model.js';
import {answeredRecords, comparedWithUdp, isAssumedDown, isTcpCheck} from '../trace/probe-facts.js';
import {familyOf, type Family} from '../dns/address.js';
import {tagOf} from './dnssec/verify-rrset.js';
import {heard} from './vantage.js';
import {createFinding, type Finding} from './finding.js';
import {listLabels, type TraceView} from './trace-view.js';
import {clausesInWords, listInWords} from '../trace/bounded-list.js';
import {byNameThenAddress} from '../trace/server-order.js';

/**
 * What the two transports showed, per zone (Zonemaster CONNECTIVITY01/02): servers whose UDP is dropped while TCP
 * answers (a probe's UDP attempts all timed out and its TCP retry was answered), servers that answer UDP but whose
 * TCP checks (the zone's SOA, and in a survey its NS and DNSKEY, asked over TCP only after the SOA came back over
 * UDP) got no answer, and servers whose answer over TCP is not the one they give over UDP.
 */
export function checkTransports(view: TraceView): Finding[] {
	// With no answer over UDP anywhere in the trace, it is this machine's UDP that is blocked, not each server's.
	const udpWorksHere = view.trace.zones.some((zone) => zone.servers.some((server) => server.probes.some((probe) => probe.status === 'answered' && probe.transport === 'udp')));
	const blocked = tcpBlockedHere(view);
	const udpBlocked = udpBlockedHere(view);
	return [
		...(udpBlocked ? [udpBlockedFinding(view, udpBlocked)] : []),
		...(blocked ? [tcpBlockedFinding(view, blocked)] : []),
		...view.trace.zones.flatMap((zone) => [...(udpWorksHere ? udpDropped(zone, view.trace.options.retries, udpBlocked?.families ?? []) : []), ...noTcp(zone, view.stillOut(zone), blocked?.families ?? []), ...tcpAnswersDiffer(zone)]),
	];
}

/** The TCP tries of a trace that met no answer, when this host's TCP is blocked (tcpBlockedHere). */
interface TcpBlocked {
	/** The families whose TCP is blocked here: every family the trace's servers were asked over, or one of two. */
	families: Family[];
	/** Whether TCP over another family was answered: then the block is this host's path for `families` alone. */
	partial: boolean;
	failed: Array<{zone: Zone; server: Server; probe: Probe}>;
}

const blockedByView = new WeakMap<TraceView, TcpBlocked | null>();

/**
 * This host's TCP to the servers' port blocked on the way out, over one family or both: over it, no query of the
 * trace was answered over TCP (nor cut short over it, which shows a connection made), while the servers it tried over
 * TCP answer over UDP, at two addresses or more, serving two zones or more. Judged zone by zone, every one of them was
 * SERVER_NO_TCP, an error, with its DNS operator to fix it (a break test: a network that lets only UDP through blamed
 * the root, com. and example.com.; over IPv6 alone, every IPv6 server). Undefined otherwise, and while the trace runs
 * (a TCP answer may yet come).
 */
export function tcpBlockedHere(view: TraceView): TcpBlocked | undefined {
	const known = blockedByView.get(view);
	if (known !== undefined) return known ?? undefined;
	const probes = view.trace.zones.flatMap((zone) => zone.servers.flatMap((server) => server.probes.map((probe) => ({zone, server, probe}))));
	const overTcp = (probe: Probe) => isTcpCheck(probe) || probe.transport === 'tcp' || probe.truncatedOverUdp === true;
	// A server heard over UDP: an answer, or one cut short (TC=1), which crossed the path too.
	const heardOverUdp = (server: Server) => server.probes.some((probe) => (probe.status === 'answered' && probe.transport === 'udp') || probe.truncatedOverUdp === true);
	const byFamily = ([4, 6] as const).map((family) => {
		const ofFamily = probes.filter(({server}) => familyOf(server.address) === family);
		const open = ofFamily.some(({probe}) => overTcp(probe) && (probe.status === 'answered' || probe.status === 'malformed'));
		const failed = ofFamily.filter(({server, probe}) => overTcp(probe) && ['timeout', 'unreachable', 'network'].includes(probe.status) && heardOverUdp(server));
		return {family, open, failed};
	});
	const result = view.running ? undefined : pathBlocked(byFamily);
	blockedByView.set(view, result ?? null);
	return result;
}

/**
 * Which families' failures are this host's path, from each family's failures over a transport and whether that
 * transport got through over it (`open`). Over no family: every family's failures together, this host's transport
 * whatever the family, if they come from two zones and two addresses at least (one machine that serves several zones
 * so is that machine's fault). Over one family: the other's, by the same count among its own servers, and `partial`.
 */
function pathBlocked<T extends {zone: Zone; server: Server}>(byFamily: ReadonlyArray<{family: Family; open: boolean; failed: T[]}>): {families: Family[]; partial: boolean; failed: T[]} | undefined {
	const enough = (failed: readonly T[]) => new Set(failed.map(({zone}) => zone.name)).size >= 2 && new Set(failed.map(({server}) => server.address)).size >= 2;
	const partial = byFamily.some((entry) => entry.open);
	const blocked = partial ? byFamily.filter((entry) => !entry.open && enough(entry.failed)) : enough(byFamily.flatMap(({failed}) => failed)) ? byFamily.filter((entry) => entry.failed.length > 0) : [];
	return blocked.length === 0 ? undefined : {families: blocked.map(({family}) => family), partial, failed: blocked.flatMap(({failed}) => failed)};
}

/** Whether a server's TCP is this host's to blame, not the server's (tcpBlockedHere). */
export const tcpBlockedFor = (blocked: TcpBlocked | undefined, server: Pick<Server, 'address'>): boolean => blocked?.families.includes(familyOf(server.address)) === true;

function tcpBlockedFinding(view: TraceView, blocked: TcpBlocked): Finding {
	const {failed} = blocked;
	const truncated = failed.filter(({probe}) => probe.truncatedOverUdp).length;
	const how = [...new Set(failed.map(({probe}) => (probe.status === 'timeout' ? 'timed out' : probe.status === 'unreachable' ? 'refused' : 'failed')))].join(' or ');
	return pathFinding(view, 'VANTAGE_TCP_BLOCKED', blocked, failed, {
		asked: ' over TCP',
		what: `${how}, while the same servers answer over UDP`,
		after: truncated > 0 ? `, and ${truncated} ${truncated === 1 ? 'answer' : 'answers'} too large for UDP (TC=1) could not be had from here` : '',
	});
}

/**
 * A transport blocked on this host's path, in one sentence for both: "this host got no answer over TCP[ over IPv6]: N
 * queries … ; TCP port P is probably blocked on the way out[ over IPv6, as TCP over IPv4 is answered]" and what follows.
 */
function pathFinding(
	view: TraceView,
	code: 'VANTAGE_TCP_BLOCKED' | 'VANTAGE_UDP_BLOCKED',
	{families, partial}: {families: Family[]; partial: boolean},
	entries: Array<{zone: Zone; server: Server; probe: Probe}>,
	words: {asked: string; what: string; after: string},
): Finding {
	const transport = code === 'VANTAGE_TCP_BLOCKED' ? 'TCP' : 'UDP';
	const servers = unique(entries.map(({server}) => server));
	const zones = [...new Set(entries.map(({zone}) => zone.name))];
	const family = partial ? families[0] : undefined;
	const {port} = view.trace.options;
	return createFinding({
		code,
		zone: '.',
		servers: [],
		message: `this host got no answer over ${transport}${family === undefined ? '' : ` over IPv${family}`}: ${entries.length} ${entries.length === 1 ? 'query' : 'queries'}${words.asked} to ${servers.length} server addresses of ${zones.length} zones (${listInWords(zones)}) ${words.what}; ${transport} port ${port} is probably blocked on the way out${family === undefined ? '' : ` over IPv${family}, as ${transport} over IPv${family === 4 ? 6 : 4} is answered`}${words.after}`,
		evidence: entries.map(({probe}) => probe.id),
		facts: {port, ...(family === undefined ? {} : {family})},
	});
}

/** The queries of a trace that got no answer over UDP and were answered over TCP, when this host's UDP is blocked. */
interface UdpBlocked {
	/** The families whose UDP is blocked here: every family the trace's servers were asked over, or one of two. */
	families: Family[];
	/** Whether UDP over another family was answered: then the block is this host's path for `families` alone. */
	partial: boolean;
	rescued: Array<{zone: Zone; server: Server; probe: Probe}>;
	/** Servers of those families that answered nothing over either: their UDP could not be checked from here. */
	silent: Server[];
}

const udpBlockedByView = new WeakMap<TraceView, UdpBlocked | null>();

/**
 * This host's UDP to the servers' port blocked on the way out, over one family or both: over it, no reply of the
 * trace came over UDP (no answer, none cut short, no stray datagram, no plain query answered beside a TCP try), while
 * queries whose UDP tries all timed out were answered over TCP, at two addresses or more, serving two zones or more,
 * and not as slowly as a server whose UDP replies only came late (a path seconds long). Judged zone by zone there was
 * nothing to say where UDP worked nowhere (SERVER_UDP_FAILS_TCP_WORKS needs UDP to work somewhere), and where it worked
 * over the other family every server of this one was blamed (break tests). A what-if's servers assumed down are no
 * evidence either way. Undefined while the trace runs.
 */
export function udpBlockedHere(view: TraceView): UdpBlocked | undefined {
	const known = udpBlockedByView.get(view);
	if (known !== undefined) return known ?? undefined;
	const retries = view.trace.options.retries;
	const measured = view.trace.zones.flatMap((zone) => zone.servers.flatMap((server) => server.probes.filter((probe) => !isAssumedDown(probe)).map((probe) => ({zone, server, probe}))));
	const udpHeard = (probe: Probe) => ((probe.status === 'answered' || probe.status === 'malformed') && probe.transport === 'udp') || probe.truncatedOverUdp === true || probe.plainUdpAnswered === true || (probe.ignored ?? 0) > 0;
	const byFamily = ([4, 6] as const).map((family) => {
		const probes = measured.filter(({server}) => familyOf(server.address) === family);
		const failed = probes.filter(({probe}) => probe.udpTimedOut === true && probe.status === 'answered' && probe.transport === 'tcp' && !slowerThanUdpWaited(probe, retries));
		return {family, probes, failed, open: probes.some(({probe}) => udpHeard(probe))};
	});
	const blocked = view.running ? undefined : pathBlocked(byFamily);
	const ofBlocked = byFamily.filter(({family}) => blocked?.families.includes(family)).flatMap(({probes}) => probes.map(({server}) => server));
	const result: UdpBlocked | undefined = blocked && {
		families: blocked.families,
		partial: blocked.partial,
		rescued: blocked.failed,
		silent: unique(ofBlocked.filter((server) => server.probes.some((probe) => probe.status !== 'skipped' && !isAssumedDown(probe)) && !server.probes.some(heard))),
	};
	udpBlockedByView.set(view, result ?? null);
	return result;
}

function udpBlockedFinding(view: TraceView, blocked: UdpBlocked): Finding {
	const {silent} = blocked;
	return pathFinding(view, 'VANTAGE_UDP_BLOCKED', blocked, blocked.rescued, {
		asked: '',
		what: 'timed out over UDP and were answered over TCP',
		after: silent.length === 0 ? '' : `; ${silent.length} more server ${silent.length === 1 ? 'address' : 'addresses'} answered over neither, and ${silent.length === 1 ? 'its' : 'their'} UDP could not be checked from here`,
	});
}

/**
 * Whether a UDP time-out answered over TCP shows a slow server rather than a filter: the TCP round trip (the query's,
 * from when it was written to the connection) is as long as the last UDP attempt waited, so its UDP replies may only
 * have come late (a break test: a server 2.5 s away, traced with --timeout 5000, was said to sit behind a firewall
 * that drops UDP). The UDP attempts' waits are what the probe spent before its TCP query, `retries` + 1 of them, each
 * twice the one before.
 */
function slowerThanUdpWaited(probe: Probe, retries: number): boolean {
	if (probe.finishedMs === undefined || probe.rttMs === undefined) return false;
	const udpMs = probe.finishedMs - probe.startedMs - probe.rttMs;
	const lastWait = (udpMs * 2 ** retries) / (2 ** (retries + 1) - 1);
	return probe.rttMs >= lastWait;
}

/** `blocked`: the families whose UDP is this host's to blame (VANTAGE_UDP_BLOCKED): their servers are not. */
function udpDropped(zone: Zone, retries: number, blocked: readonly Family[]): Finding[] {
	const affected = zone.servers
		.filter((server) => !blocked.includes(familyOf(server.address)))
		// A plain query answered beside the TCP answer is UDP working, and queries with EDNS dropped: EDNS_UNSUPPORTED.
		.map((server) => ({server, rescued: server.probes.filter((probe) => probe.udpTimedOut && probe.status === 'answered' && !probe.plainUdpAnswered && !slowerThanUdpWaited(probe, retries)), asked: server.probes.filter((probe) => !isTcpCheck(probe) && probe.status !== 'skipped')}))
		.filter(({rescued}) => rescued.length > 0);
	if (affected.length === 0) return [];
	return [
		createFinding({
			code: 'SERVER_UDP_FAILS_TCP_WORKS',
			zone: zone.name,
			servers: affected.map(({server}) => server.address),
			message: `${zone.name}: ${clausesInWords(affected, ({server, rescued, asked}) => `${listLabels([server])} let ${rescued.length} of ${asked.length} queries time out over UDP and answered them over TCP`, (a, b) => byNameThenAddress(a.server, b.server))}`,
			evidence: affected.flatMap(({rescued}) => rescued.map((probe) => probe.id)),
		}),
	];
}

/**
 * `stillOut`: a trace saved while it ran, whose other servers' TCP checks may yet be answered. `blocked`: the families
 * whose TCP is this host's to blame (VANTAGE_TCP_BLOCKED): their servers' checks say nothing of them.
 */
function noTcp(zone: Zone, stillOut: boolean, blocked: readonly Family[]): Finding[] {
	const checks = zone.servers.filter((server) => !blocked.includes(familyOf(server.address))).flatMap((server) => server.probes.filter((probe) => isTcpCheck(probe) && probe.status !== 'pending' && probe.status !== 'skipped').map((probe) => ({server, probe})));
	// The check asks with EDNS: at a server that drops such queries (EDNS_UNSUPPORTED says so) its time-out says
	// nothing about TCP.
	// Nor does a time-out at a server that answered over TCP elsewhere in the trace, or that let UDP queries time out too:
	// it was slow or lossy, and its time-outs say so (a break test under load was told of root servers without TCP).
	const failed = checks.filter(({server, probe}) => probe.status !== 'answered' && !(probe.status === 'timeout' && (dropsEdns(server) || servedTcp(server) || timesOutOverUdp(server))));
	if (failed.length === 0) return [];
	const servers = unique(failed.map(({server}) => server));
	return [
		createFinding({
			code: 'SERVER_NO_TCP',
			zone: zone.name,
			servers: servers.map((server) => server.address),
			message: `${zone.name}: ${clausesInWords(servers, (server) => `${listLabels([server])} answers over UDP but not over TCP (${describeFailures(failed.filter((entry) => entry.server.address === server.address).map(({probe}) => probe))})`, byNameThenAddress)}`,
			evidence: failed.map(({probe}) => probe.id),
			facts: {anyServerServesTcp: checks.some(({probe}) => probe.status === 'answered') || zone.servers.some(servedTcp) || stillOut},
		}),
	];
}

/** One server's failed TCP checks, the questions that failed the same way together: "SOA and NS over TCP: timed out". */
function describeFailures(probes: Probe[]): string {
	const byReason = new Map<string, string[]>();
	for (const probe of probes) byReason.set(failure(probe), [...(byReason.get(failure(probe)) ?? []), probe.question.type]);
	return [...byReason].map(([reason, types]) => `${listWords(types)} over TCP: ${reason}`).join('; ');
}

const failure = (probe: Probe): string => {
	if (probe.status === 'timeout') return 'timed out';
	// Any other network error (a connection the server closed mid-answer, ECONNCLOSED) is no refusal: its own words.
	if (probe.status === 'network') return `the TCP connection failed (${probe.error ?? 'a network error'})`;
	if (probe.status !== 'malformed') return 'the TCP connection was refused';
	return probe.error?.startsWith('TC=1 over TCP') ? 'the answer says TC=1, cut short' : 'the answer does not decode';
};

const listWords = (words: string[]) => (words.length < 2 ? words.join('') : `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`);

/**
 * Servers whose answer to a TCP check is not their own answer over UDP to the same question: another NS set, other
 * keys, another SOA serial, or another kind of response (a referral, a refusal). A TCP listener fed by another, stale
 * backend answers this way, and only the resolvers that come over TCP (after TC=1) get its data. An answer that came
 * over TCP after TC=1 or a UDP time-out is no UDP answer, and is compared with nothing.
 */
function tcpAnswersDiffer(zone: Zone): Finding[] {
	const differing = zone.servers.flatMap((server) =>
		server.probes.filter(isTcpCheck).flatMap((tcp) => {
			const compared = comparedWithUdp(server, tcp);
			if (!compared || compared.same) return [];
			const {udp} = compared;
			// Where the serials are the same, the SOA differs elsewhere (its timers, its contact): shown whole.
			const wholeSoa = describeAnswer(udp, false) === describeAnswer(tcp, false);
			return [{server, udp, tcp, overUdp: describeAnswer(udp, wholeSoa), overTcp: describeAnswer(tcp, wholeSoa)}];
		}),
	);
	if (differing.length === 0) return [];
	return [
		createFinding({
			code: 'TCP_UDP_ANSWERS_DIFFER',
			zone: zone.name,
			servers: unique(differing.map(({server}) => server)).map((server) => server.address),
			message: `${zone.name}: ${clausesInWords(differing, ({server, tcp, overUdp, overTcp}) => `${listLabels([server])} answers ${tcp.question.name} ${tcp.question.type} with ${overUdp} over UDP, ${overTcp} over TCP`, (a, b) => byNameThenAddress(a.server, b.server))}`,
			evidence: differing.flatMap(({udp, tcp}) => [udp.id, tcp.id]),
		}),
	];
}

/** A response in a finding's words: "ns1.example., ns2.example.", "serial 7", "key 12345", "a referral to example.". */
function describeAnswer(probe: Probe, wholeSoa: boolean): string {
	if (probe.kind === 'referral') return `a referral to ${probe.referral ?? '?'}`;
	// A referral to the zone asked itself, or above it: what a server of the parent sends for the zone it delegates.
	if (probe.kind === 'upward-referral') return 'a referral up the tree';
	if (probe.kind !== 'answer') return probe.kind === probe.rcode?.toLowerCase() ? (probe.rcode ?? '?') : `${probe.rcode ?? '?'} ${probe.kind ?? '?'}`;
	const words = answeredRecords(probe).map((record) => (record.data.kind === 'soa' && !wholeSoa ? `serial ${record.data.serial}` : record.data.kind === 'dnskey' ? `key ${tagOf(record)}` : presentRData(record.data)));
	return words.length === 0 ? 'no records' : words.sort().join(', ');
}

const dropsEdns = (server: Server) => server.probes.some((probe) => probe.ednsDropped);

/** A server that let some query's UDP tries time out (answered over TCP or plain UDP after, or not at all). */
const timesOutOverUdp = (server: Server) => server.probes.some((probe) => !isTcpCheck(probe) && (probe.udpTimedOut || (probe.status === 'timeout' && !probe.truncatedOverUdp)));

/** A server whose answer came over TCP without a TCP check: after TC=1, or after UDP timed out. */
const servedTcp = (server: Server) => server.probes.some((probe) => probe.status === 'answered' && probe.transport === 'tcp');

function unique(servers: Server[]): Server[] {
	return servers.filter((server, index) => servers.findIndex((other) => other.address === server.address) === index);
}
