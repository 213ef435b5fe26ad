import type {Family} from '../dns/address.js';
import type {Name} from '../dns/name.js';
import type {Probe, Server, Trace} from '../trace/model.js';
import {createFinding, type Finding, type FindingCode} from './finding.js';
import type {TraceView} from './trace-view.js';
import {isAssumedDown, notSentForWant, truncatedThenFailed, wantOf} from '../trace/probe-facts.js';

/**
 * What the probes say about where this host stands, told apart from what they say about the servers: a host that
 * reaches no server, or none over one family, sees every server fail at once, and no server is to blame for that.
 */
export interface Vantage {
	/** The VANTAGE_* findings. */
	findings: Finding[];
	/** Server addresses whose failures are this host's: no finding blames them, and nothing was learned of them. */
	excused: ReadonlySet<string>;
}

/** The vantage findings that mean nothing at all was learned of the DNS: the headline of a trace that has one. */
const WHOLE_VANTAGE: ReadonlySet<FindingCode> = new Set<FindingCode>(['VANTAGE_NO_NETWORK', 'VANTAGE_DNS_BLOCKED', 'VANTAGE_DNS_INTERCEPTED']);

/**
 * A reply as a recursive resolver gives it: recursion available and no authority. No authoritative server offers
 * recursion (the root's never do: RFC 7720), and each answers its own zones with authority, or refers.
 */
const resolverLike = (probe: Probe) => probe.status === 'answered' && probe.response !== undefined && probe.response.flags.ra && !probe.response.flags.aa;

/** Server addresses whose every reply is a resolver's that it takes to tell the network from one misconfigured server. */
const INTERCEPT_WITNESSES = 2;

/**
 * Servers of unrelated zones failing over one family while they answer over the other are this host's path; one
 * server failing so is that server's fault. Two is the fewest that tells the two apart.
 */
const FAMILY_WITNESSES = 2;

/**
 * Any reply at all, even a refusal or one that cannot be decoded, crossed the path from this host and back; so did a
 * truncated one over UDP whose TCP retry then failed (its probe's status is TCP's), and so did the replies a probe
 * ignored (a wrong ID, another question): a server that answers only with those is the server's fault, not this host's.
 */
export const heard = (probe: Probe) => probe.status === 'answered' || probe.status === 'malformed' || truncatedThenFailed(probe) || (probe.ignored ?? 0) > 0;
/** No reply: silence, or the network (or a firewall) refusing it. */
const lost = (probe: Probe) => (probe.status === 'timeout' || probe.status === 'unreachable' || probe.status === 'network') && !heard(probe);

export function judgeVantage(view: TraceView): Vantage {
	const {trace} = view;
	// A what-if's assumed time-outs were never sent: they say nothing of this host's network (`zone-down .` read as
	// DNS filtered here).
	const servers = trace.zones.flatMap((zone) =>
		zone.servers.flatMap((server) => {
			const probes = server.probes.filter((probe) => !isAssumedDown(probe));
			return probes.length === 0 && server.probes.length > 0 ? [] : [{...server, probes}];
		}),
	);
	const probes = servers.flatMap((server) => server.probes);
	if (probes.length === 0) return {findings: [], excused: new Set()};
	const noRoute = trace.vantage.unavailableFamilies;
	const unrouted = (family: Family) => noRoute.some((entry) => entry.family === family);
	const findings: Finding[] = hostExhausted(servers);

	if (!probes.some(heard)) {
		// The families a query could go over: those the trace asked that some server to ask had an address of. Hints of
		// one family, or -4 or -6, leave the other untried: its route is unknown, and the words say so.
		const tried = trace.options.families.filter((family) => servers.some((server) => server.family === family));
		// A query sent and lost did leave this host (a route for some addresses, not others): VANTAGE_DNS_BLOCKED's to tell.
		if (tried.length > 0 && tried.every(unrouted) && !probes.some(lost)) {
			const untried = ([4, 6] as const).filter((family) => !tried.includes(family)).map((family) => ({family, why: trace.options.families.includes(family) ? ('no-address' as const) : ('not-asked' as const)}));
			// With @SERVER, that server answered the root's NS set: it was the root servers it named that could not be asked.
			const named = trace.options.hints.startsWith('@');
			findings.push(createFinding({
				code: 'VANTAGE_NO_NETWORK',
				facts: {untried, hints: trace.options.hints},
				zone: '.',
				servers: [],
				message: `${named ? `no root server ${trace.options.hints} named could be asked` : 'this host reached no name server'}: ${[...noRoute.filter(({family}) => tried.includes(family)).map(({family, reason}) => `no IPv${family} connectivity (${reason})`), ...untried.map(({family, why}) => `IPv${family} not tried (${why === 'not-asked' ? `the trace was held to IPv${family === 4 ? 6 : 4}` : `no ${named ? `root server ${trace.options.hints} named` : 'server to ask'} had an IPv${family} address`})`)].join('; ')}`,
				evidence: probes.map((probe) => probe.id),
			}));
			return {findings, excused: new Set(servers.map((server) => server.address))};
		}
		const failed = probes.filter(lost);
		if (failed.length === 0) return {findings, excused: new Set()};
		// A trace saved while it ran, nothing heard *yet*: whether this host or those servers failed is not known, so
		// neither is blamed.
		if (probes.some((probe) => probe.status === 'pending')) return {findings, excused: new Set(servers.map((server) => server.address))};
		const asked = new Set(failed.map((probe) => probe.address));
		findings.push(createFinding({
			code: 'VANTAGE_DNS_BLOCKED',
			facts: {port: trace.options.port, hints: trace.options.hints, asked: asked.size},
			zone: '.',
			servers: [],
			message: `this host reached no name server: ${asked.size === 1 ? 'the one server address' : `none of the ${asked.size} server addresses`} it asked for ${zoneNames(trace, failed)} ${asked.size === 1 ? 'never answered' : 'answered'} (${failed.length} ${failed.length === 1 ? 'query' : 'queries'}${howLost(failed)}); ${whyLost(failed, trace.options.port, trace.options.hints, trace.options.timeoutMs)}`,
			evidence: failed.map((probe) => probe.id),
		}));
		findings.push(...noRoute.map(({family, reason}) => noRouteFinding(family, reason, servers)));
		return {findings, excused: new Set(servers.map((server) => server.address))};
	}

	const intercepted = interception(trace, servers);
	if (intercepted) return {findings: [...findings, intercepted], excused: new Set(servers.map((server) => server.address))};

	const excused = new Set<string>();
	for (const family of trace.options.families) {
		const ofFamily = servers.filter((server) => server.family === family);
		if (unrouted(family)) {
			findings.push(noRouteFinding(family, noRoute.find((entry) => entry.family === family)!.reason, servers));
			for (const server of ofFamily) excused.add(server.address);
			continue;
		}
		const blocked = blockedFamily(family, ofFamily, servers);
		if (!blocked) continue;
		findings.push(blocked);
		for (const server of ofFamily) excused.add(server.address);
	}
	return {findings, excused};
}

/**
 * Every reply of the trace a resolver's (resolverLike), from INTERCEPT_WITNESSES server addresses or more: something
 * on the way answers DNS itself, whatever address a query was sent to (a transparent proxy), or the hints name
 * resolvers. Read server by server, the root's were lame (SERVER_NOT_AUTHORITATIVE) and the root unreachable.
 */
function interception(trace: Trace, servers: Server[]): Finding | undefined {
	const replies = servers.flatMap((server) => server.probes.filter((probe) => probe.status === 'answered'));
	const witnesses = new Set(replies.map((probe) => probe.address));
	if (witnesses.size < INTERCEPT_WITNESSES) return undefined;
	// The root's servers answer everyone: every one of them refusing is a DNS firewall on the way answering for them (a
	// break test was told the root's servers refused, an error for the root's operators). Servers named by hand, or a
	// private root's, may refuse this host on their own.
	const refused = isRootHints(trace.options.hints) && isIanaRoot(trace) && replies.every((probe) => probe.rcode === 'REFUSED');
	if (!refused && !replies.every(resolverLike)) return undefined;
	const how = refused ? 'every root server this host asked refused it, which the root\'s servers never do' : 'every server this host asked answered as a recursive resolver does (recursion available, no authority)';
	return createFinding({
		code: 'VANTAGE_DNS_INTERCEPTED',
		facts: {port: trace.options.port, hints: trace.options.hints, refused},
		zone: '.',
		servers: [],
		message: `${how}: ${replies.length} replies from ${witnesses.size} server addresses of ${zoneNames(trace, replies)}; DNS to port ${trace.options.port} is answered on the way by something else (${refused ? 'a DNS firewall or filter' : 'a transparent DNS proxy'})${refused ? '' : ', or the hints name resolvers, not root servers'}`,
		evidence: replies.map((probe) => probe.id),
	});
}

/**
 * Queries this host never sent for want of a socket (out of file descriptors, buffer space or memory, after waiting
 * for one within each query's time-out): nothing is known of what they asked, and no server is blamed for them.
 */
function hostExhausted(servers: Server[]): Finding[] {
	const unsent = servers.flatMap((server) => server.probes.filter(notSentForWant));
	if (unsent.length === 0) return [];
	const wants = [...new Set(unsent.map(wantOf).filter((want): want is string => want !== undefined))];
	const addresses = new Set(unsent.map((probe) => probe.address));
	return [
		createFinding({
			code: 'VANTAGE_HOST_EXHAUSTED',
			zone: '.',
			servers: [],
			message: `this host ran out of ${wants.length > 0 ? wants.join(' and ') : 'sockets'}: ${unsent.length} ${unsent.length === 1 ? 'query' : 'queries'} to ${addresses.size} server address${addresses.size === 1 ? ' was' : 'es were'} never sent; what they would have shown is not known, and no server is blamed for them`,
			evidence: unsent.map((probe) => probe.id),
		}),
	];
}

/** The finding that says nothing was learned of the DNS from here, when one holds. */
export function wholeVantage(findings: readonly Finding[]): Finding | undefined {
	return findings.find((finding) => WHOLE_VANTAGE.has(finding.code));
}

/** Whether a finding is about this host rather than the DNS: it badges no zone and blames no server. */
export function isVantageFinding(finding: Finding): boolean {
	return finding.code.startsWith('VANTAGE_');
}

function noRouteFinding(family: Family, reason: string, servers: Server[]): Finding {
	// Those of the family never asked: one asked before the route was found missing (its query lost) was asked.
	const skipped = servers.filter((server) => server.family === family && server.probes.every((probe) => probe.status === 'skipped'));
	return createFinding({
		code: family === 4 ? 'VANTAGE_NO_ROUTE_IPV4' : 'VANTAGE_NO_ROUTE_IPV6',
		zone: '.',
		servers: [],
		message: `this host has no IPv${family} route (${reason}): the ${skipped.length} IPv${family} server address${skipped.length === 1 ? ' was' : 'es were'} not asked, and not blamed`,
		evidence: skipped.flatMap((server) => server.probes.map((probe) => probe.id)),
	});
}

/**
 * Every query over one family lost, while name servers that failed over it answered over the other: the path from
 * here, not the servers (see FAMILY_WITNESSES).
 */
function blockedFamily(family: Family, ofFamily: Server[], servers: Server[]): Finding | undefined {
	const probes = ofFamily.flatMap((server) => server.probes);
	const failed = probes.filter(lost);
	// A query over the family still out (a trace saved while it ran) may yet be answered.
	if (failed.length === 0 || probes.some(heard) || probes.some((probe) => probe.status === 'pending')) return undefined;
	const answeredOtherwise = new Set(servers.filter((server) => server.family !== family && server.probes.some(heard)).map((server) => server.name));
	const witnesses = [...new Set(ofFamily.filter((server) => server.probes.some(lost)).map((server) => server.name))].filter((name) => answeredOtherwise.has(name));
	if (witnesses.length < FAMILY_WITNESSES) return undefined;
	const other = family === 4 ? 6 : 4;
	const addresses = new Set(failed.map((probe) => probe.address));
	return createFinding({
		code: family === 4 ? 'VANTAGE_IPV4_BLOCKED' : 'VANTAGE_IPV6_BLOCKED',
		zone: '.',
		servers: [],
		message: `every IPv${family} query from this host went unanswered (${failed.length} ${failed.length === 1 ? 'query' : 'queries'} to ${addresses.size} ${addresses.size === 1 ? 'address' : 'addresses'}${howLost(failed)}), while ${witnesses.length} of the same name servers answered over IPv${other} (${listNames(witnesses)}): the IPv${family} path from here is broken or filtered`,
		evidence: failed.map((probe) => probe.id),
	});
}

/**
 * Why nothing came back: a refusal (ICMP port unreachable) means nothing listens there or a firewall rejects DNS;
 * silence means DNS is dropped on the way, as filtering networks do.
 */
function whyLost(failed: Probe[], port: number, hints: string, timeoutMs: number): string {
	if (failed.every((probe) => probe.status === 'unreachable')) return `every query was refused: nothing listens on port ${port} at those addresses, or a firewall on the way rejects DNS`;
	// A path slower than the time-out looks the same as a blocked one: the one thing that tells them apart is a longer wait.
	const slow = failed.some((probe) => probe.status === 'timeout') ? `, or every reply takes longer than ${timeoutMs} ms (a longer --timeout waits for it)` : '';
	// The root's servers are never all down at once; servers a user named may well be.
	return isRootHints(hints) ? `DNS (port ${port}) is probably filtered on this network${slow}` : `the servers ${hints} names are down, or DNS (port ${port}) is filtered on the way to them${slow}`;
}

/** Hints that name the root's many anycast servers (IANA's, or the lab's stand-ins for them), not servers a user chose. */
export function isRootHints(hints: string): boolean {
	return hints === 'built-in' || hints === 'lab';
}

/**
 * Whether the root this trace walked from is IANA's (or the lab's stand-in for it): the root zone's own NS set, as its
 * servers served it, names a root-servers.net server (the real root, an RFC 8806 local copy of it under another name
 * in the hints, the lab's). One server's NS set with a name added does not make the root another's; a private or test
 * root names servers of its own only. With no NS set served (no root server answered), the hints' names decide.
 */
export function isIanaRoot(trace: Pick<Trace, 'zones'>): boolean {
	const root = trace.zones.find((zone) => zone.name === '.');
	if (!root) return true;
	const served = root.nameservers.filter((nameserver) => nameserver.listedBy.includes('child'));
	const named = served.length > 0 ? served : root.nameservers;
	return named.length === 0 || named.some((nameserver) => nameserver.name.toLowerCase().endsWith('.root-servers.net.'));
}

/** How lost queries failed, after their count: ", all refused" when they failed one way, else ": 4 timed out, 2 refused". */
function howLost(probes: Probe[]): string {
	const words: Record<string, string> = {timeout: 'timed out', unreachable: 'refused', network: 'failed at the network'};
	const counts = new Map<string, number>();
	for (const probe of probes) counts.set(probe.status, (counts.get(probe.status) ?? 0) + 1);
	const entries = [...counts.entries()];
	if (entries.length === 1) return `, all ${words[entries[0]![0]] ?? entries[0]![0]}`;
	return `: ${entries.map(([status, count]) => `${count} ${words[status] ?? status}`).join(', ')}`;
}

/** The zones the lost probes asked, as "the root" or their names: where the walk stood when nothing came back. */
function zoneNames(trace: Trace, probes: Probe[]): string {
	const zones = [...new Set(probes.map((probe) => probe.zone))].sort((a, b) => trace.zones.findIndex((zone) => zone.name === a) - trace.zones.findIndex((zone) => zone.name === b));
	return zones.map((zone: Name) => (zone === '.' ? 'the root' : zone)).join(', ');
}

function listNames(names: Name[]): string {
	const shown = names.slice(0, 3).join(', ');
	return names.length > 3 ? `${shown} and ${names.length - 3} more` : shown;
}
