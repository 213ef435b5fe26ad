import {isStrictlyBelow} from '../dns/name.js';
import type {Probe, Server, Zone} from '../trace/model.js';
import {lookUpUnfinished, namesUndelegated} from './delegation.js';
import {createFinding, type Finding} from './finding.js';
import {isAssumedDown, isTcpCheck, isUsable, notSentForWant, serversByAddress, truncatedThenFailed} from '../trace/probe-facts.js';
import {tcpBlockedFor, tcpBlockedHere} from './transport-checks.js';
import {listLabels, type TraceView} from './trace-view.js';
import {clausesInWords, reasonsInWords, withoutName} from '../trace/bounded-list.js';
import {byNameThenAddress} from '../trace/server-order.js';

/** The codes of one server failing: each is worse when no server of its zone works (see FINDING_CATALOGUE). */
type SymptomCode = 'SERVER_TIMEOUT' | 'SERVER_UNREACHABLE' | 'SERVER_REFUSED' | 'SERVER_FAILURE' | 'SERVER_ERROR_RCODE' | 'SERVER_NOT_AUTHORITATIVE' | 'UPWARD_REFERRAL' | 'MALFORMED_RESPONSE';

interface Symptom {
	code: SymptomCode;
	matches: (probe: Probe) => boolean;
	describe: (count: number, total: number, hits: Probe[]) => string;
}

/**
 * The replies a server sent that matched none of its queries (another ID or question: the querier ignores them, as a
 * resolver does, RFC 5452), said after its failures: a server that sends only those did reply, and "never answered"
 * or "nothing listens there" alone would be wrong about it. Empty when it sent none.
 */
function strayReplies(hits: Probe[]): string {
	const strays = strayCount(hits);
	return strays === 0 ? '' : `; it sent ${strays} ${strays === 1 ? 'reply' : 'replies'} matching none of them (another ID or question), ignored as a resolver ignores them`;
}

/** How many replies the probes ignored: matching none of their queries. */
const strayCount = (probes: Probe[]) => probes.reduce((sum, probe) => sum + (probe.ignored ?? 0), 0);

const queries = (count: number) => `${count} ${count === 1 ? 'query' : 'queries'}`;

const SYMPTOMS: Symptom[] = [
	{
		code: 'SERVER_TIMEOUT',
		// A query answered over UDP with TC=1 and then failed over TCP is a server that answers: TRUNCATED_NO_TCP says what is
		// wrong. Counted here, it was a second, false finding (11 of 11 queries "refused at the network" of a server that
		// had answered all 11).
		matches: (probe) => probe.status === 'timeout' && !truncatedThenFailed(probe),
		// "Never answered" only of a server that did not: one that answered some was slow or lossy (a break test read
		// "never answered (7 of 15 queries timed out)").
		// A what-if's downed server was asked nothing: "timed out" would read as measured (a break test's report said
		// "never answered (15 of 15 queries timed out)" under its WHAT-IF banner).
		// A server that timed out in the measured trace keeps those time-outs under a what-if that downs it: said apart.
		describe: (count, total, hits) => {
			const assumed = hits.filter(isAssumedDown).length;
			const measured = count - assumed;
			if (assumed > 0) return `is assumed down (what-if, not measured: ${queries(assumed)} it would not answer${measured > 0 ? `; ${measured} more timed out when measured${strayReplies(hits)}` : ''})`;
			return count < total ? `let ${count} of ${total} queries time out${strayReplies(hits)}` : `never answered (${count} of ${total} queries timed out${strayReplies(hits)})`;
		},
	},
	{
		code: 'SERVER_UNREACHABLE',
		matches: (probe) => (probe.status === 'unreachable' || probe.status === 'network') && !truncatedThenFailed(probe),
		// 'network' is what is left once a missing route is told apart (prober.ts): a TCP connection the server cut, say.
		// "Nothing listens there" only of refusals over UDP: a TCP try refused after the UDP tries timed out is silence over
		// UDP and a closed (or filtered) TCP port, which a break test read as "nothing listens" behind this host's firewall.
		describe: (count, total, hits) =>
			hits.every((probe) => probe.status === 'unreachable')
				? hits.some((probe) => probe.udpTimedOut)
					? `is unreachable (${count} of ${total} queries got no answer over UDP and were refused over TCP${strayReplies(hits)})`
					: `is unreachable (${count} of ${total} queries refused at the network${strayReplies(hits) || ': nothing listens there'})`
				: `is unreachable (${count} of ${total} queries failed at the network: refused, or cut off before an answer${strayReplies(hits)})`,
	},
	{
		code: 'SERVER_REFUSED',
		matches: (probe) => probe.kind === 'refused',
		describe: (count, total) => `answers REFUSED (${count} of ${total} queries): it does not serve the zone`,
	},
	{
		code: 'SERVER_FAILURE',
		matches: (probe) => probe.kind === 'servfail',
		describe: (count, total) => `answers SERVFAIL (${count} of ${total} queries): it has the zone but cannot serve it`,
	},
	{
		code: 'SERVER_ERROR_RCODE',
		// FORMERR, NOTIMP, NOTAUTH, BADVERS, …: an answer, so no time-out, and no SERVFAIL or REFUSED either (a trace failed
		// on FORMERR with no finding saying why).
		matches: (probe) => probe.kind === 'error',
		describe: (count, total, hits) => `answers ${[...new Set(hits.map((probe) => probe.rcode ?? 'an error'))].join(', ')} (${count} of ${total} queries)`,
	},
	{
		code: 'SERVER_NOT_AUTHORITATIVE',
		matches: (probe) => probe.kind === 'lame',
		describe: (count, total) => `answers without authority (no AA bit, ${count} of ${total} queries): a lame server`,
	},
	{
		code: 'UPWARD_REFERRAL',
		matches: (probe) => probe.kind === 'upward-referral',
		// A referral to the zone's own name is no step up the tree, though it says the same: the server does not have it.
		describe: (count, total, hits) =>
			hits.some(referredUpward) ? `refers back up the tree (${count} of ${total} queries): it does not have the zone` : `refers the question back to the zone itself, without authority (${count} of ${total} queries): it does not have the zone`,
	},
	{
		code: 'MALFORMED_RESPONSE',
		matches: (probe) => probe.status === 'malformed',
		describe: (count, total) => `sends responses that cannot be used: undecodable, or cut short over TCP (${count} of ${total})`,
	},
];

/** Whether a referral back named a zone above the probe's (the root, a parent), not the probe's zone itself. */
function referredUpward(probe: Probe): boolean {
	return (probe.response?.authority ?? []).some((record) => record.type === 'NS' && isStrictlyBelow(probe.zone, record.name));
}

/**
 * Per zone: which servers time out, refuse, are lame, …; and whether any server of the zone works at all. Servers
 * whose failures are this host's (`excused`, see vantage.ts) are blamed for nothing, and a zone only they serve is
 * not called unreachable: the vantage finding says why nothing came back.
 */
export function checkReachability(view: TraceView, excused: ReadonlySet<string>): Finding[] {
	const findings: Finding[] = [];
	const tcpBlocked = tcpBlockedHere(view);
	for (const zone of view.trace.zones) {
		const blamable = zone.servers.filter((server) => !excused.has(server.address));
		// With this host's TCP blocked (VANTAGE_TCP_BLOCKED), an answer cut short over UDP whose TCP try failed says
		// nothing of the server: it answered, and what it said could not be fetched from here.
		const probes = view.probes(zone).filter(({server, probe}) => !excused.has(server.address) && probe.status !== 'skipped' && probe.status !== 'pending' && !isTcpCheck(probe) && !(tcpBlockedFor(tcpBlocked, server) && truncatedThenFailed(probe)));
		// A trace saved while it ran: servers not heard from yet, or name servers still being looked up, may yet work.
		const stillOut = view.stillOut(zone);
		if (zone.servers.length === 0) {
			// A name whose look-up never left this host may yet have an address: the zone is not known to be unreachable.
			if (!stillOut && !zone.nameservers.some((ns) => lookUpUnfinished(view, ns))) findings.push(serverlessZone(zone, namesUndelegated(view, zone)));
			continue;
		}
		if (probes.length === 0) continue;
		const working = zone.servers.filter((server) => server.probes.some(isUsable));
		// A zone whose servers answer its SOA but give no usable answer to the question itself does not work for it: a
		// server failing that question is then the trace's error, not a warning (FORMERR to the question alone ended a
		// trace in FAILURE with "0 errors").
		const asked = zone.servers.flatMap((server) => server.probes.filter((probe) => probe.purpose === 'walk' && probe.status !== 'skipped' && probe.status !== 'pending'));
		// Not when this host could not send the question to some server (out of sockets): that one may answer it (a break
		// test: one server's time-outs, beside servers never asked, made its SERVER_TIMEOUT an error, "users get no answer").
		const unsent = zone.servers.some((server) => server.probes.some((probe) => probe.purpose === 'walk' && notSentForWant(probe)));
		const questionFails = asked.length > 0 && !asked.some(isUsable) && !unsent;
		for (const symptom of SYMPTOMS) {
			const affected = blamable
				.map((server) => ({server, hits: server.probes.filter((probe) => !isTcpCheck(probe) && symptom.matches(probe)), total: server.probes.filter((probe) => probe.status !== 'skipped' && probe.status !== 'pending' && !isTcpCheck(probe)).length}))
				.filter(({hits}) => hits.length > 0);
			if (affected.length === 0) continue;
			findings.push(createFinding({
				code: symptom.code,
				zone: zone.name,
				servers: [...serversByAddress(affected.map(({server}) => server)).keys()],
				message: `${zone.name}: ${clausesInWords(affected, ({server, hits, total}) => `${listLabels([server])} ${symptom.describe(hits.length, total, hits)}`, (a, b) => byNameThenAddress(a.server, b.server))}`,
				evidence: affected.flatMap(({hits}) => hits.map((probe) => probe.id)),
				facts: {anyServerWorks: (working.length > 0 && !questionFails) || stillOut, failingAddresses: serversByAddress(affected.map(({server}) => server)).size, zoneAddresses: serversByAddress(zone.servers).size, strays: strayCount(affected.flatMap(({hits}) => hits)), ...(symptom.code === 'UPWARD_REFERRAL' && !affected.some(({hits}) => hits.some(referredUpward)) ? {toItself: true} : {})},
			}));
		}
		findings.push(...transportFindings(zone, tcpBlocked));
		if (working.length === 0 && !stillOut) findings.push(unreachableZone(zone, blamable, serversByAddress(zone.servers).size - serversByAddress(blamable).size, probes.map(({probe}) => probe)));
	}
	return findings;
}

/** `tcpBlocked`: this host's TCP blocked (VANTAGE_TCP_BLOCKED): a TCP try after TC=1 that failed there blames no server. */
function transportFindings(zone: Zone, tcpBlocked: ReturnType<typeof tcpBlockedHere>): Finding[] {
	const findings: Finding[] = [];
	// A reply that came over TCP but cannot be used (TC=1 again, undecodable) shows TCP open: MALFORMED_RESPONSE tells it.
	// A server that answered over TCP elsewhere in the trace has TCP: one time-out after TC=1 was a slow moment.
	const noTcp = zone.servers.filter((server) => !answersOverTcp(server) && !tcpBlockedFor(tcpBlocked, server)).flatMap((server) => server.probes.filter((probe) => probe.truncatedOverUdp && probe.status !== 'answered' && probe.status !== 'malformed').map((probe) => ({server, probe})));
	if (noTcp.length > 0) {
		const servers = uniqueServers(noTcp.map(({server}) => server));
		findings.push(createFinding({
			code: 'TRUNCATED_NO_TCP',
			zone: zone.name,
			servers: servers.map((server) => server.address),
			message: `${zone.name}: ${listLabels(servers)} truncated an answer over UDP and then did not answer over TCP`,
			evidence: noTcp.map(({probe}) => probe.id),
		}));
	}
	// Every probe asks with EDNS: a server that refuses it falls back (RFC 6891 7); one that answers without an OPT
	// record ignored it (Zonemaster NAMESERVER02's EDNS_RESPONSE_WITHOUT_EDNS), and so never offers a larger buffer; one
	// that only answered the plain query sent after its EDNS queries timed out drops EDNS (NAMESERVER02's NO_EDNS_SUPPORT).
	// Only a server that never answered a UDP query with EDNS: one that did, and then let a query's EDNS tries time out and
	// answered the plain one, was slow or lost packets (a break test: a server 160 ms away, --timeout 160, was said to
	// sit behind a firewall that drops OPT).
	// A plain query answered beside a TCP answer (plainUdpAnswered) shows the same: UDP works, queries with EDNS do not.
	const dropped = zone.servers.filter((server) => !server.probes.some(answeredWithEdns)).flatMap((server) => server.probes.filter((probe) => probe.ednsDropped || probe.plainUdpAnswered).map((probe) => ({server, probe})));
	// Rejected, and then answered plain: a server that answers the plain query with the same error (FORMERR to the
	// question whatever its form) rejects the question, not EDNS, and SERVER_ERROR_RCODE says so.
	const rejected = zone.servers.flatMap((server) => server.probes.filter((probe) => probe.ednsFallback && !probe.ednsDropped && probe.status === 'answered' && probe.kind !== 'error').map((probe) => ({server, probe})));
	const ignored = zone.servers.flatMap((server) => server.probes.filter(ignoresEdns).map((probe) => ({server, probe})));
	if (dropped.length > 0 || rejected.length > 0 || ignored.length > 0) {
		const dropping = uniqueServers(dropped.map(({server}) => server));
		const rejecting = uniqueServers(rejected.map(({server}) => server)).filter((server) => !dropping.includes(server));
		const ignoring = uniqueServers(ignored.map(({server}) => server)).filter((server) => !dropping.includes(server) && !rejecting.includes(server));
		findings.push(createFinding({
			code: 'EDNS_UNSUPPORTED',
			zone: zone.name,
			servers: [...dropping, ...rejecting, ...ignoring].map((server) => server.address),
			message: `${zone.name}: ${[
				...(dropping.length > 0 ? [`${listLabels(dropping)} never answers with EDNS; answers without it (a middlebox or firewall that drops queries carrying OPT, or a path that loses datagrams: each question's tries with EDNS went unanswered)`] : []),
				...(rejecting.length > 0 ? [`${listLabels(rejecting)} rejected EDNS(0) (FORMERR/NOTIMP) and answered the same question in plain DNS`] : []),
				...(ignoring.length > 0 ? [`${listLabels(ignoring)} ignored EDNS(0): answered without an OPT record`] : []),
			].join('; ')}`,
			evidence: [...dropped, ...rejected, ...ignored].map(({probe}) => probe.id),
		}));
	}
	return findings;
}

/** An answer over UDP that carries an OPT record: the server took a query with EDNS where a firewall would drop it. */
const answeredWithEdns = (probe: Probe): boolean => probe.status === 'answered' && probe.transport === 'udp' && probe.response?.edns !== undefined;

/** A server that answered some query over TCP. */
const answersOverTcp = (server: Server): boolean => server.probes.some((probe) => probe.status === 'answered' && probe.transport === 'tcp');

/** An answer to a query with EDNS that carries no OPT record, though the server did not refuse EDNS. */
function ignoresEdns(probe: Probe): boolean {
	return probe.status === 'answered' && !probe.ednsFallback && probe.response !== undefined && probe.response.edns === undefined;
}

/**
 * `unjudged`: addresses of the zone whose failures were this host's (see vantage.ts), so not counted against it. Its
 * addresses are counted once each: two name servers at one address are one address that gave nothing.
 */
function unreachableZone(zone: Zone, servers: Server[], unjudged: number, probes: Probe[]): Finding {
	const addresses = [...serversByAddress(servers).keys()];
	const summary = new Map<string, number>();
	for (const probe of probes) {
		const label = probe.status === 'answered' ? (probe.kind ?? 'answered') : isAssumedDown(probe) ? 'assumed down (what-if)' : truncatedThenFailed(probe) ? `truncated over UDP, then ${probe.status} over TCP` : probe.status;
		summary.set(label, (summary.get(label) ?? 0) + 1);
	}
	return createFinding({
		code: 'ZONE_UNREACHABLE',
		zone: zone.name,
		servers: addresses,
		message: `${zone.name}: none of its ${addresses.length} server address${addresses.length === 1 ? '' : 'es'} gave a usable answer (${[...summary.entries()].map(([label, count]) => `${count} ${label}`).join(', ')})${unjudged > 0 ? `; ${unjudged} more could not be judged from this host` : ''}`,
		evidence: probes.map((probe) => probe.id),
		facts: {cause: 'servers-failed'},
	});
}

/** A zone none of whose name servers has an address we could reach. */
function serverlessZone(zone: Zone, undelegated: boolean): Finding {
	const reasons = reasonsInWords(zone.nameservers.map((ns) => ({name: ns.name, reason: ns.unresolved ? withoutName(ns.name, ns.unresolved) : 'has no address in the families asked'})));
	return createFinding({
		code: 'ZONE_UNREACHABLE',
		zone: zone.name,
		servers: [],
		message:
			zone.nameservers.length === 0
				? `${zone.name}: no name server of it is known: no response in the trace lists one`
				: zone.nameservers.length === 1
					? `${zone.name}: its one name server has no address that could be found (${reasons})`
					: `${zone.name}: not one of its ${zone.nameservers.length} name servers has an address that could be found (${reasons})`,
		evidence: [],
		facts: {cause: 'no-address', ...(undelegated ? {namesUndelegated: true} : {})},
	});
}

function uniqueServers(servers: Server[]): Server[] {
	return servers.filter((server, index) => servers.findIndex((other) => other.address === server.address) === index);
}
