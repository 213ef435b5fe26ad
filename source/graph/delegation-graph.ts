import type {Analysis} from '../analysis/analyze.js';
import type {DnssecStatus} from '../analysis/dnssec/dnssec-status.js';
import type {FindingCode} from '../analysis/finding.js';
import type {ZoneChain} from '../analysis/dnssec/chain-links.js';
import type {SignatureVerdict} from '../analysis/dnssec/verify-rrset.js';
import {isAtOrBelow, type Name} from '../dns/name.js';
import type {OutcomeStatus, Probe, ResponseKind, Server, Trace} from '../trace/model.js';
import {isTcpCheck, isUsable, probesByIdIn, walkProbe} from '../trace/probe-facts.js';
import {byNameThenAddress, byText} from '../trace/server-order.js';
import {whatIfHeadline} from '../what-if/describe-change.js';

/**
 * What one address of a name server did, in DNSViz's sense: it answered (authoritative data, a referral or a
 * denial), answered with an older serial than the others (stale), answered without authority or pointed upwards
 * (lame), refused, answered with an error code, sent what could not be decoded, or never answered (timed out,
 * unreachable); or it was never asked (skipped), or is still being asked. `no-address` is a name server the walk
 * found no address for.
 */
export type ServerActivity = 'answered' | 'stale' | 'lame' | 'refused' | 'error' | 'malformed' | 'timed-out' | 'unreachable' | 'no-address' | 'skipped' | 'pending';

/** A link of the chain of trust as a validator reads it. */
export type LinkStatus = 'secure' | 'insecure' | 'bogus' | 'indeterminate';

/** The worst first: a name server whose addresses did different things is drawn as the worst of them. */
const ACTIVITY_RANK: readonly ServerActivity[] = ['no-address', 'unreachable', 'timed-out', 'malformed', 'refused', 'error', 'lame', 'stale', 'pending', 'skipped', 'answered'];

export interface GraphAddress {
	address: string;
	activity: ServerActivity;
	/** For a server that answered: what its answer to the walk's question was (a referral, the answer, a denial…). */
	said?: ResponseKind;
}

/** One name server of one zone: one node, whatever number of addresses it has. */
export interface GraphServer {
	id: string;
	/** Untrusted text from the wire. */
	name: Name;
	addresses: GraphAddress[];
	activity: ServerActivity;
	/** The server whose response the walk followed out of this zone. */
	onPath: boolean;
}

/** A DS at the parent (or a trust anchor given as a DS) for the zone's key with this tag. */
export interface GraphDs {
	id: string;
	keyTag: number;
	algorithmName: string;
	digestName: string;
	anchor: boolean;
	/** A key of the zone has this digest. */
	matched: boolean;
}

export interface GraphKey {
	id: string;
	tag: number;
	role: string;
	algorithmName: string;
	revoked: boolean;
	/** A DS or a trust anchor points at it. */
	vouched: boolean;
	/** False for a key a DS or a signature names that no server of the zone serves. */
	served: boolean;
}

/** A signed RRset: the zone's DNSKEY set, or the answer. */
export interface GraphRRset {
	id: string;
	owner: Name;
	type: string;
}

export interface GraphZone {
	id: string;
	name: Name;
	/** The zone whose servers delegated to this one, when it is in the graph too. */
	parent?: string;
	/** Absent when the analysis judged no DNSSEC (a trace taken with --no-dnssec). */
	dnssec?: DnssecStatus;
	onPath: boolean;
	/**
	 * What the analysis found wrong in the zone (errors and warnings; notes are not drawn), so a graph read alone
	 * does not hide a zone's trouble that no node or link shows (expired signatures on name server addresses, a limit
	 * that left name servers out): how many, and the worst one's code.
	 */
	findings?: {errors: number; warnings: number; worst: FindingCode};
	servers: GraphServer[];
	ds: GraphDs[];
	keys: GraphKey[];
	rrsets: GraphRRset[];
}

export type GraphEdge =
	/** A parent's server referred to the child zone. */
	| {kind: 'delegation'; from: string; to: string; onPath: boolean}
	/** A DS (or anchor) to the key it names. */
	| {kind: 'ds'; from: string; to: string; status: LinkStatus}
	/** A key to an RRset it signs, one edge per verdict. */
	| {kind: 'signature'; from: string; to: string; status: LinkStatus; verdict: SignatureVerdict}
	/** A glueless name server to the zone its name lives in: its addresses had to be looked up there. */
	| {kind: 'dependency'; from: string; to: string}
	/** The zone that gave the final word to the outcome. */
	| {kind: 'answer'; from: string; to: string};

/** The traced question and what the walk concluded: the last node of the path. */
export interface GraphOutcome {
	id: string;
	name: Name;
	type: string;
	status: OutcomeStatus;
}

export interface DelegationGraph {
	/** A what-if's headline ("WHAT-IF, not measured: assuming …"): a graph of assumptions never passes for a measurement. */
	whatIf?: string;
	zones: GraphZone[];
	edges: GraphEdge[];
	outcome: GraphOutcome;
}

const zoneId = (zone: Name) => `zone:${zone}`;
const serverId = (zone: Name, name: Name) => `server:${zone}|${name}`;
const OUTCOME_ID = 'outcome';

/**
 * The delegation graph of a trace, as DNSViz draws one: each zone with its name servers and what each did,
 * delegations from the parent's servers to the child, each zone's DS → DNSKEY → RRSIG links with their verdicts,
 * glueless name servers tied to the zone their names live in, and the path the answer took. Pure; every name in it
 * is untrusted text, for the writer to escape.
 */
export function delegationGraph(trace: Trace, analysis: Analysis): DelegationGraph {
	const path = trace.resolutions[0]?.steps ?? [];
	const probes = probesByIdIn(trace.zones);
	const followed = new Set(path.flatMap((step) => (step.probe === undefined ? [] : [`${step.zone}|${probes.get(step.probe)?.server}`])));
	const onPath = new Set(path.map((step) => step.zone));
	const stale = new Set(analysis.findings.filter((finding) => finding.code === 'SERIAL_MISMATCH').flatMap((finding) => finding.servers.map((address) => `${finding.zone}|${address}`)));
	const inTrace = new Set(trace.zones.map((zone) => zone.name));
	const edges: GraphEdge[] = [];

	const zones = trace.zones.map((zone): GraphZone => {
		const dnssec = analysis.dnssec.zones.find((entry) => entry.zone === zone.name)?.status;
		const servers = [...zone.nameservers].sort((a, b) => byText(a.name, b.name)).map((ns): GraphServer => {
			const addresses = zone.servers.filter((server) => server.name === ns.name).sort(byNameThenAddress).map((server) => addressOf(server, stale.has(`${zone.name}|${server.address}`)));
			const activity = addresses.length === 0 ? 'no-address' : ACTIVITY_RANK.find((rank) => addresses.some((entry) => entry.activity === rank))!;
			return {id: serverId(zone.name, ns.name), name: ns.name, addresses, activity, onPath: followed.has(`${zone.name}|${ns.name}`)};
		});
		for (const ns of zone.nameservers.filter((candidate) => candidate.subtraces.length > 0)) {
			const holder = [...inTrace].filter((name) => isAtOrBelow(ns.name, name)).sort((a, b) => b.length - a.length)[0];
			if (holder !== undefined && holder !== zone.name) edges.push({kind: 'dependency', from: serverId(zone.name, ns.name), to: zoneId(holder)});
		}
		const chain = analysis.chain.zones.find((entry) => entry.zone === zone.name);
		const material = chain ? chainMaterial(zone.name, chain, dnssec) : {ds: [], keys: [], rrsets: [], edges: []};
		edges.push(...material.edges);
		const parent = zone.parent !== undefined && inTrace.has(zone.parent) ? {parent: zoneId(zone.parent)} : {};
		// The analysis's findings are worst first: the zone's first error or warning is its worst.
		const found = analysis.findings.filter((finding) => finding.zone === zone.name && finding.severity !== 'info');
		const findings = found.length === 0 ? {} : {findings: {errors: found.filter((finding) => finding.severity === 'error').length, warnings: found.filter((finding) => finding.severity === 'warning').length, worst: found[0]!.code}};
		return {id: zoneId(zone.name), name: zone.name, ...parent, ...(dnssec ? {dnssec} : {}), onPath: onPath.has(zone.name), ...findings, servers, ds: material.ds, keys: material.keys, rrsets: material.rrsets};
	});

	for (const child of trace.zones.filter((zone) => zone.parent !== undefined && inTrace.has(zone.parent))) {
		const parent = trace.zones.find((zone) => zone.name === child.parent)!;
		const step = path.find((candidate) => candidate.zone === parent.name && candidate.next === child.name);
		const stepServer = step?.probe === undefined ? undefined : probes.get(step.probe)?.server;
		const referring = new Set(parent.servers.filter((server) => server.probes.some((probe) => refersTo(probe, child.name))).map((server) => server.name));
		if (stepServer !== undefined) referring.add(stepServer);
		for (const name of [...referring].sort(byText)) edges.push({kind: 'delegation', from: serverId(parent.name, name), to: zoneId(child.name), onPath: name === stepServer});
	}

	const last = path.at(-1);
	if (last && trace.outcome.status !== 'pending') edges.push({kind: 'answer', from: zoneId(last.zone), to: OUTCOME_ID});
	return {...(trace.assumed && trace.assumed.length > 0 ? {whatIf: whatIfHeadline(trace)} : {}), zones, edges, outcome: {id: OUTCOME_ID, name: trace.query.name, type: trace.query.type, status: trace.outcome.status}};
}

/** A referral to the child. (A cut between co-hosted zones refers nowhere: the path's step names the server for it.) */
function refersTo(probe: Probe, child: Name): boolean {
	return probe.status === 'answered' && probe.kind === 'referral' && probe.referral === child;
}

/** What one address did, read from the walk's own question to it (as the explorer's tree reads it), else its first. */
function addressOf(server: Server, stale: boolean): GraphAddress {
	const probe = walkProbe(server) ?? server.probes.find((candidate) => !isTcpCheck(candidate));
	const activity = activityOf(server, probe, stale);
	return {address: server.address, activity, ...((activity === 'answered' || activity === 'stale') && probe?.kind ? {said: probe.kind} : {})};
}

function activityOf(server: Server, probe: Probe | undefined, stale: boolean): ServerActivity {
	if (server.probes.some((candidate) => candidate.status === 'pending')) return 'pending';
	if (!probe) return 'skipped';
	switch (probe.status) {
		case 'skipped':
			return 'skipped';
		case 'timeout':
			return 'timed-out';
		case 'unreachable':
		case 'network':
			return 'unreachable';
		case 'malformed':
			return 'malformed';
		case 'pending':
			return 'pending';
		case 'answered':
			break;
	}
	if (isUsable(probe)) return stale ? 'stale' : 'answered';
	if (probe.kind === 'refused') return 'refused';
	if (probe.kind === 'lame' || probe.kind === 'upward-referral') return 'lame';
	return 'error';
}

/** A validator's reading of the zone, for a link that is sound in itself: it is as trusted as the zone it is in. */
function zoneLink(status: DnssecStatus | undefined): LinkStatus {
	if (status === 'secure' || status === 'bogus' || status === 'indeterminate') return status;
	return status === 'insecure' || status === 'unanchored' ? 'insecure' : 'indeterminate';
}

/** The zone's DS, keys and signed RRsets as nodes, and the links between them with their verdicts. */
function chainMaterial(zone: Name, chain: ZoneChain, dnssec: DnssecStatus | undefined) {
	const keyId = (tag: number, algorithm: string) => `key:${zone}|${tag}|${algorithm}`;
	const keys = new Map<string, GraphKey>();
	for (const key of chain.groups.flatMap((group) => group.keys)) {
		const id = keyId(key.tag, key.algorithmName);
		const known = keys.get(id);
		keys.set(id, {id, tag: key.tag, role: key.role, algorithmName: key.algorithmName, revoked: key.revoked, vouched: key.vouched || (known?.vouched ?? false), served: true});
	}
	// The key a DS or a signature names; one no server serves is drawn too, so the broken link has an end.
	const keyNamed = (tag: number, algorithmName: string) => {
		const id = keyId(tag, algorithmName);
		if (!keys.has(id)) keys.set(id, {id, tag, role: 'not served', algorithmName, revoked: false, vouched: false, served: false});
		return id;
	};
	const edges: GraphEdge[] = [];
	const anyMatched = chain.ds.some((ds) => ds.matched);
	const ds = chain.ds.map((link): GraphDs => {
		const id = `ds:${zone}|${link.keyTag}|${link.algorithmName}|${link.digestName}`;
		const to = link.matched ? [...keys.values()].filter((key) => key.tag === link.keyTag && key.algorithmName === link.algorithmName && key.vouched).map((key) => key.id) : [keyNamed(link.keyTag, link.algorithmName)];
		// A DS no key matches breaks the chain when it is the zone's only way in; beside one that matches, it proves nothing.
		const status: LinkStatus = link.matched ? 'secure' : anyMatched ? 'indeterminate' : dnssec === 'bogus' ? 'bogus' : zoneLink(dnssec);
		for (const target of to) edges.push({kind: 'ds', from: id, to: target, status});
		return {id, keyTag: link.keyTag, algorithmName: link.algorithmName, digestName: link.digestName, anchor: link.from === 'anchor', matched: link.matched};
	});
	const rrsets = new Map<string, GraphRRset>();
	const seen = new Set<string>();
	for (const signature of chain.groups.flatMap((group) => group.signatures)) {
		const rrset = `rrset:${zone}|${signature.owner}|${signature.covered}`;
		rrsets.set(rrset, {id: rrset, owner: signature.owner, type: signature.covered});
		const from = keyNamed(signature.keyTag, signature.algorithmName);
		const status: LinkStatus = signature.verdict === 'valid' ? zoneLink(dnssec) : signature.verdict === 'limit' ? 'indeterminate' : 'bogus';
		const key = `${from}|${rrset}|${signature.verdict}`;
		if (seen.has(key)) continue;
		seen.add(key);
		edges.push({kind: 'signature', from, to: rrset, status, verdict: signature.verdict});
	}
	const byTag = (a: GraphKey, b: GraphKey) => a.tag - b.tag || byText(a.algorithmName, b.algorithmName);
	return {ds, keys: [...keys.values()].sort(byTag), rrsets: [...rrsets.values()], edges};
}
