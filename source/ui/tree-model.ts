import {addresslessNameservers, failedStatusWords, isUsable, serverCounts, walkProbe} from '../trace/probe-facts.js';
import type {Analysis} from '../analysis/analyze.js';
import {SEVERITY_RANK} from '../analysis/finding-catalogue.js';
import {sortFindings, type Finding, type Severity} from '../analysis/finding.js';
import {isVantageFinding} from '../analysis/vantage.js';
import type {Name} from '../dns/name.js';
import {presentText, safe, type Presented} from '../dns/sanitize.js';
import type {Nameserver, Probe, Resolution, Server, Trace, Zone} from '../trace/model.js';
import {probeResult, roundTripMs} from '../text/probe-result-text.js';
import {byNameThenAddress, byText} from '../trace/server-order.js';
import {symbol} from './views/symbols.js';

/** What a row of the delegation tree stands for; the detail pane shows the matching view. */
export type NodeRef =
	| {kind: 'zone'; zone: Name}
	| {kind: 'nameserver'; zone: Name; name: Name}
	| {kind: 'server'; zone: Name; name: Name; address: string}
	| {kind: 'probe'; zone: Name; address: string; probe: number}
	| {kind: 'subtrace'; zone: Name; name: Name; resolution: number};

export interface TreeNode {
	id: string;
	ref: NodeRef;
	/** Presented here, so the tree draws what it is given. */
	label: Presented;
	/** A short state shown right of the label: "answered 12 ms", "timeout", "3 servers". */
	state: Presented;
	/**
	 * The state in fewer characters, longest first, the fewest last ("2/2 ok · insecure", "2/2 ok"): a narrow row shows
	 * one of them whole rather than cut a status word.
	 */
	shorter: Presented[];
	/** Fewer characters still, without a status word ("2/2 ok" for "2/2 ok · bogus"): only for a pane too narrow for any other. */
	least?: Presented;
	/** How many of the label's last characters are never cut: a whole address, a probe's record type (DNSKEY vs CDNSKEY). */
	keep?: number;
	tone: 'ok' | 'bad' | 'warn' | 'pending' | 'plain';
	/** Worst finding on this zone or server, for the badge. */
	badge?: Severity;
	children: TreeNode[];
}

export interface Row {
	node: TreeNode;
	depth: number;
	expanded: boolean;
}

export function nodeId(ref: NodeRef): string {
	switch (ref.kind) {
		case 'zone':
			return `z:${ref.zone}`;
		case 'nameserver':
			return `n:${ref.zone}|${ref.name}`;
		case 'server':
			return `s:${ref.zone}|${ref.name}|${ref.address}`;
		case 'probe':
			return `p:${ref.probe}`;
		case 'subtrace':
			return `t:${ref.zone}|${ref.name}|${ref.resolution}`;
	}
}

function worst(findings: Finding[]): Severity | undefined {
	return findings.map((finding) => finding.severity).sort((a, b) => SEVERITY_RANK[a] - SEVERITY_RANK[b])[0];
}

/**
 * The delegation tree: each zone with its name servers (then their addresses, then their probes) and its child
 * zones; badges and DNSSEC states come from the analysis, absent while the trace runs.
 */
export function buildTree(trace: Trace, analysis: Analysis | undefined): TreeNode[] {
	const byParent = new Map<string, Zone[]>();
	for (const zone of trace.zones) byParent.set(zone.parent ?? '', [...(byParent.get(zone.parent ?? '') ?? []), zone]);
	const onPath = new Set(trace.resolutions[0]?.steps.map((step) => step.zone));
	const order = (zones: Zone[]) => [...zones].sort((a, b) => Number(onPath.has(b.name)) - Number(onPath.has(a.name)));
	const build = (zone: Zone): TreeNode => zoneNode(trace, analysis, zone, order(byParent.get(zone.name) ?? []).map(build));
	return order(byParent.get('') ?? []).map(build);
}

function zoneNode(trace: Trace, analysis: Analysis | undefined, zone: Zone, childZones: TreeNode[]): TreeNode {
	// A vantage finding is about this host: it badges no zone (the headline carries it).
	const findings = (analysis?.findings ?? []).filter((finding) => finding.zone === zone.name && !isVantageFinding(finding));
	const dnssec = analysis?.dnssec.zones.find((entry) => entry.zone === zone.name)?.status;
	// A server none of whose queries left this host (no route for its family, loopback only) was not asked: it is no
	// failing server, and a zone whose every asked server answers is fine, not half down.
	const {answering: working, asked: addressesAsked, notAsked: unasked} = serverCounts(zone.servers);
	// A name server with no address is one more server that does not answer.
	const addressless = addresslessNameservers(zone);
	const asked = addressesAsked + addressless;
	const pending = zone.servers.some((server) => server.probes.some((probe) => probe.status === 'pending'));
	const state = safe`${zone.servers.length === 0 ? safe`no reachable server` : safe`${working}/${asked} answering${addressless > 0 ? safe` · ${addressless} with no address` : safe``}${unasked > 0 ? safe` · ${unasked} not asked` : safe``}`}${dnssec ? safe` · ${presentText(dnssec)}` : safe``}`;
	const ref: NodeRef = {kind: 'zone', zone: zone.name};
	const badge = worst(findings);
	return {
		id: nodeId(ref),
		ref,
		label: presentText(zone.name),
		state,
		shorter: [safe`${zone.servers.length === 0 ? safe`no server` : safe`${working}/${asked} ok`}${dnssec ? safe` · ${presentText(dnssec)}` : safe``}`],
		// Its fewest words, for a row too narrow for its whole name beside the shorter ones: the counts, and a bogus
		// verdict, which must be seen; the other verdicts go before the name is cut (tox.im. read "tox…m.").
		least: safe`${zone.servers.length === 0 ? safe`no server` : safe`${working}/${asked} ok`}${dnssec === 'bogus' ? safe` · bogus` : safe``}`,
		tone: pending ? 'pending' : zone.servers.length > 0 && working === 0 ? 'bad' : zone.servers.length === 0 ? 'bad' : working < asked ? 'warn' : 'ok',
		...(badge ? {badge} : {}),
		children: [...[...zone.nameservers].sort((a, b) => byText(a.name, b.name)).map((ns) => nameserverNode(trace, analysis, zone, ns)), ...childZones],
	};
}

function nameserverNode(trace: Trace, analysis: Analysis | undefined, zone: Zone, ns: Nameserver): TreeNode {
	const ref: NodeRef = {kind: 'nameserver', zone: zone.name, name: ns.name};
	const servers = zone.servers.filter((server) => server.name === ns.name).sort(byNameThenAddress);
	const subtraces = ns.subtraces.map((id) => trace.resolutions[id]).filter((resolution): resolution is Resolution => Boolean(resolution));
	const states = servers.map(serverState);
	// Addresses never asked (skipped) say nothing of the server: its tone and count are the asked addresses'.
	const judged = states.filter((entry) => entry.tone !== 'plain');
	const unresolved = ns.addresses.length === 0;
	// A server that answers can still be the one a finding is about (stale, bogus, no DNSSEC): its row says so too.
	const addresses = new Set(servers.map((server) => server.address));
	const badge = worst((analysis?.findings ?? []).filter((finding) => finding.zone === zone.name && finding.servers.some((address) => addresses.has(address))));
	return {
		...(badge ? {badge} : {}),
		id: nodeId(ref),
		ref,
		label: presentText(ns.name),
		state: unresolved ? safe`no address${ns.unresolved ? safe`: unresolvable` : safe``}` : summarise(states.map((entry) => entry.short)),
		shorter: [unresolved || states.length === 0 ? safe`no address` : states.every((entry) => entry.short === states[0]!.short) ? summarise(states.map((entry) => entry.short)) : presentText(`${judged.filter((entry) => entry.tone === 'ok').length}/${judged.length} ok`)],
		tone: unresolved ? 'bad' : judged.some((entry) => entry.tone === 'pending') ? 'pending' : judged.length === 0 ? 'plain' : judged.every((entry) => entry.tone === 'ok') ? 'ok' : judged.some((entry) => entry.tone === 'ok') ? 'warn' : 'bad',
		children: [
			...servers.map((server) => serverNode(analysis, zone, server)),
			...subtraces.map((resolution): TreeNode => {
				const subRef: NodeRef = {kind: 'subtrace', zone: zone.name, name: ns.name, resolution: resolution.id};
				const outcome = resolution.outcome;
				return {
					id: nodeId(subRef),
					ref: subRef,
					label: safe`how ${presentText(resolution.question.type)} was found`,
					state: presentText(`${resolution.steps.map((step) => step.zone).join(' → ')}: ${outcome ? outcome.status : 'running'}`),
					shorter: [presentText(outcome ? outcome.status : 'running')],
					// A few words: cut, two sub-traces for A and AAAA would read the same.
					keep: safe`how ${presentText(resolution.question.type)} was found`.length,
					tone: !outcome ? 'pending' : outcome.status === 'answer' ? 'ok' : 'bad',
					children: [],
				};
			}),
		],
	};
}

/** "2× ok", or "ok, timeout" when the addresses disagree. */
function summarise(states: string[]): Presented {
	if (states.length === 0) return safe`no address in the families asked`;
	const unique = [...new Set(states)];
	return presentText(unique.length === 1 ? `${states.length > 1 ? `${symbol('times').replace('2', String(states.length))} ` : ''}${unique[0]}` : states.join(', '));
}

interface ServerState {
	short: string;
	tone: TreeNode['tone'];
}

/** What a server did, in a word: what its answer to the walk's question (or to anything) meant. */
export function serverState(server: Server): ServerState {
	const probes = server.probes;
	if (probes.some((probe) => probe.status === 'pending')) return {short: '…', tone: 'pending'};
	const walk = walkProbe(server) ?? probes[0];
	if (!walk) return {short: 'not asked', tone: 'plain'};
	if (walk.status === 'skipped') return {short: 'skipped', tone: 'plain'};
	if (walk.status !== 'answered') return {short: failedStatusWords(walk), tone: 'bad'};
	const good = isUsable(walk);
	return {short: good ? 'ok' : (walk.kind ?? 'answered'), tone: good ? 'ok' : 'bad'};
}

function serverNode(analysis: Analysis | undefined, zone: Zone, server: Server): TreeNode {
	const ref: NodeRef = {kind: 'server', zone: zone.name, name: server.name, address: server.address};
	const state = serverState(server);
	// The round trip of the answer the state word is about; none for a time-out, whose length is not the server's speed.
	const walk = walkProbe(server) ?? server.probes[0];
	const rtt = walk ? roundTripMs(walk) : undefined;
	const badge = worst((analysis?.findings ?? []).filter((finding) => finding.zone === zone.name && finding.servers.includes(server.address)));
	const timed = rtt !== undefined && state.tone !== 'pending' ? safe` ${formatRtt(rtt)}` : safe``;
	const learned = server.origin === 'hints' ? safe`` : safe` [${presentText(server.origin)}]`;
	return {
		id: nodeId(ref),
		ref,
		label: presentText(server.address),
		// The round trip gives way first, then where the address was learned: the word itself stays.
		state: safe`${presentText(state.short)}${timed}${learned}`,
		shorter: [...(timed.length > 0 && learned.length > 0 ? [safe`${presentText(state.short)}${learned}`] : []), presentText(state.short)],
		// An address is short, and cut it reads as another one.
		keep: server.address.length,
		tone: state.tone,
		...(badge ? {badge} : {}),
		children: server.probes.map((probe) => probeNode(zone, server, probe)),
	};
}

function probeNode(zone: Zone, server: Server, probe: Probe): TreeNode {
	const ref: NodeRef = {kind: 'probe', zone: zone.name, address: server.address, probe: probe.id};
	const result = probe.status === 'answered' && probe.kind === 'referral' ? presentText(`referral → ${probe.referral}`) : probeResult(probe);
	const rtt = roundTripMs(probe);
	return {
		id: nodeId(ref),
		ref,
		label: presentText(`${probe.question.name} ${probe.question.type}`),
		// The name gives way, never the type: DNSKEY and CDNSKEY rows must not read the same.
		keep: presentText(` ${probe.question.type}`).length,
		state: safe`${result}${rtt !== undefined ? safe` ${formatRtt(rtt)}` : safe``}`,
		shorter: [...(rtt !== undefined ? [result] : []), presentText(probe.status === 'answered' ? (probe.kind === 'referral' ? 'referral' : (probe.rcode ?? 'answered')) : failedStatusWords(probe))],
		tone: probe.status === 'pending' ? 'pending' : isUsable(probe) ? 'ok' : probe.status === 'skipped' ? 'plain' : 'bad',
		children: [],
	};
}

/**
 * Where the cursor starts once the trace is done: on the zone of the worst finding (the cause before its symptoms),
 * where the person on call needs to look; on a healthy trace where the walk ended. A finding about this host (the
 * vantage) or about a zone the trace never reached places nothing.
 */
export function startingZone(trace: Trace, analysis: Analysis | undefined): Name | undefined {
	const serious = (analysis?.findings ?? []).filter((finding) => finding.severity !== 'info' && !isVantageFinding(finding) && trace.zones.some((zone) => zone.name === finding.zone));
	return sortFindings(serious)[0]?.zone ?? trace.resolutions[0]?.steps.at(-1)?.zone;
}

export function formatRtt(ms: number): Presented {
	return presentText(ms < 10 ? `${ms.toFixed(1)} ms` : `${Math.round(ms)} ms`);
}

/** The rows a person sees: expanded nodes' children follow them, indented. */
export function visibleRows(roots: TreeNode[], expanded: ReadonlySet<string>): Row[] {
	const rows: Row[] = [];
	const visit = (node: TreeNode, depth: number) => {
		const open = expanded.has(node.id);
		rows.push({node, depth, expanded: open});
		if (open) for (const child of node.children) visit(child, depth + 1);
	};
	for (const root of roots) visit(root, 0);
	return rows;
}

/** Zones on the user's path start open, so the first screen already shows the delegation chain and its servers. */
export function initiallyExpanded(trace: Trace): Set<string> {
	const open = new Set<string>();
	for (const step of trace.resolutions[0]?.steps ?? []) open.add(nodeId({kind: 'zone', zone: step.zone}));
	for (const zone of trace.zones) {
		if (!zone.parent) open.add(nodeId({kind: 'zone', zone: zone.name}));
	}
	return open;
}

/** Every node's id with the ids of its ancestors, to open the way to a node (after a jump). */
export function pathTo(roots: TreeNode[], id: string): string[] | undefined {
	for (const root of roots) {
		if (root.id === id) return [root.id];
		const below = pathTo(root.children, id);
		if (below) return [root.id, ...below];
	}
	return undefined;
}

/** What space marks on a node: a server address or a probe, or every address of a name server. */
export function markable(node: TreeNode): string[] {
	if (node.ref.kind === 'server' || node.ref.kind === 'probe') return [node.id];
	if (node.ref.kind === 'nameserver') return node.children.filter((child) => child.ref.kind === 'server').map((child) => child.id);
	return [];
}
