import type {Finding} from '../analysis/finding.js';
import {presentName, presentNsid} from '../dns/present.js';
import {joinPresented, presentText, safe, type Presented} from '../dns/sanitize.js';
import type {Probe, Server, Trace} from '../trace/model.js';
import {isAssumedDown, isTcpCheck, servedSerial} from '../trace/probe-facts.js';
import {digCommand} from './commands-to-run.js';
import {boundList, EVIDENCE_SHOWN} from '../trace/bounded-list.js';
import {byNameThenAddress} from '../trace/server-order.js';
import {formatDuration, formatMs} from './format-ms.js';
import {probeResult, roundTripMs, waitedMs} from './probe-result-text.js';

/** Questions listed by name in one row; the rest are counted (every probe is in the snapshot). */
const QUESTIONS_NAMED = 3;

/** One row of a finding's evidence: one server address, the probes of it that gave one result the same way. */
export interface EvidenceRow {
	server: Presented;
	address: Presented;
	questions: Presented;
	result: Presented;
	via: Presented;
	rtt: Presented;
	serial: Presented;
	nsid: Presented;
}

/** A finding's evidence: new rows, the servers whose evidence an earlier finding showed, and a dig line per server. */
export interface FindingEvidence {
	rows: EvidenceRow[];
	/** Servers (name and address) whose probes were shown under an earlier finding, by that finding: the first few, and how many more. */
	shownBefore: Array<{under: Finding; servers: Presented[]; more: number}>;
	/** One command per server in `rows`: what its operator runs to see the same answer. */
	digs: Presented[];
	/** Server addresses whose evidence is left out of `rows` and `digs` past the first few (boundList): in the snapshot. */
	moreServers: number;
}

interface Located {
	server: Server;
	probe: Probe;
}

/**
 * Every finding's evidence, each probe shown once: under the first finding that names it; a later finding refers to
 * it. A server the finding names without a probe of its own in the evidence is shown with
 * its probes in the finding's zone, or as never queried, so no server a finding names is left out.
 */
export function findingEvidence(trace: Trace, findings: Finding[]): Map<Finding, FindingEvidence> {
	const byId = new Map<number, Located>();
	for (const zone of trace.zones) for (const server of zone.servers) for (const probe of server.probes) byId.set(probe.id, {server, probe});
	const shownUnder = new Map<number, Finding>();
	const result = new Map<Finding, FindingEvidence>();
	for (const finding of findings) {
		const evidence = finding.evidence.map((id) => byId.get(id)).filter((located): located is Located => located !== undefined);
		const withEvidence = new Set(evidence.map(({server}) => server.address));
		const named = finding.servers.filter((address) => !withEvidence.has(address));
		// A named server with no probe in the evidence: its own probes in the finding's zone say what it did.
		const zone = trace.zones.find((candidate) => candidate.name === finding.zone);
		const ownProbes = named.flatMap((address) => zone?.servers.filter((server) => server.address === address).flatMap((server) => server.probes.filter((probe) => probe.status !== 'skipped').map((probe) => ({server, probe}))) ?? []);
		const all = [...evidence, ...ownProbes];
		const fresh = all.filter(({probe}) => !shownUnder.has(probe.id));
		const earlier = new Map<Finding, Server[]>();
		for (const {server, probe} of all) {
			const under = shownUnder.get(probe.id);
			if (under === undefined) continue;
			const servers = earlier.get(under) ?? [];
			if (!servers.includes(server)) earlier.set(under, [...servers, server]);
		}
		for (const {probe} of fresh) shownUnder.set(probe.id, finding);
		const located = new Set(all.map(({server}) => server.address));
		const rows = [...groupRows(fresh), ...named.filter((address) => !located.has(address)).map((address) => neverQueried(trace, finding, address))];
		// The first few server addresses' rows and digs, in server order; the rest are counted (a zone can list hundreds).
		const {shown, more} = boundList(uniqueServers(rows.map((row) => row.at)), byNameThenAddress, EVIDENCE_SHOWN);
		const kept = new Set(shown.map(serverKey));
		result.set(finding, {
			rows: rows.filter((row) => kept.has(serverKey(row.at))).map((row) => row.evidence),
			shownBefore: [...earlier].map(([under, servers]) => ({under, ...boundList(sortServers(servers), byNameThenAddress)})).map(({under, shown: before, more: after}) => ({under, servers: before.map(serverLabel), more: after})),
			// No dig of a server a what-if assumes down: it would show the server as it really is, answering.
			digs: firstProbePerServer(fresh.filter(({probe}) => !isAssumedDown(probe))).filter((probe) => kept.has(serverKey({name: probe.server, address: probe.address}))).map((probe) => digCommand(trace, probe)),
			moreServers: more,
		});
	}
	return result;
}

const serverLabel = (server: Server) => safe`${presentName(server.name)} (${presentText(server.address)})`;

/** A row's server: its name and address. */
type At = {name: string; address: string};
const serverKey = ({name, address}: At) => JSON.stringify([name, address]);
const uniqueServers = (servers: At[]) => [...new Map(servers.map((server) => [serverKey(server), server])).values()];

/** By name, then address, in the one server order: the same trace always lists its servers in the same order. */
function sortServers<T extends {name: string; address: string}>(servers: T[]): T[] {
	return [...servers].sort(byNameThenAddress);
}

/** The probes grouped by server address, result and transport, in server order, then by the first probe's id. */
function groupRows(located: Located[]): Array<{at: At; evidence: EvidenceRow}> {
	const groups = new Map<string, Located[]>();
	for (const entry of [...located].sort((a, b) => a.probe.id - b.probe.id)) {
		const key = JSON.stringify([entry.server.name, entry.server.address, probeResult(entry.probe), via(entry.probe)]);
		groups.set(key, [...(groups.get(key) ?? []), entry]);
	}
	const ordered = [...groups.values()].sort((a, b) => byNameThenAddress(a[0]!.server, b[0]!.server) || a[0]!.probe.id - b[0]!.probe.id);
	return ordered.map((group) => {
		const {server, probe} = group[0]!;
		const questions = group.map(({probe: each}) => safe`${presentName(each.question.name)} ${presentText(each.question.type)}`);
		const named = joinPresented(questions.slice(0, QUESTIONS_NAMED), safe`, `);
		// Round trips of responses only; a group without one (time-outs) says what it waited instead.
		const rtts = group.flatMap(({probe: each}) => roundTripMs(each) ?? []);
		const waits = group.flatMap(({probe: each}) => waitedMs(each) ?? []);
		const nsids = [...new Set(group.flatMap(({probe: each}) => (each.nsid === undefined ? [] : [each.nsid])))];
		const evidence: EvidenceRow = {
			server: presentName(server.name),
			address: presentText(server.address),
			questions: questions.length > QUESTIONS_NAMED ? safe`${named} and ${questions.length - QUESTIONS_NAMED} more` : named,
			result: probeResult(probe),
			via: via(probe),
			rtt: rtts.length === 0 ? (waits.length === 0 ? safe`—` : safe`${isAssumedDown(probe) ? safe`would wait` : safe`waited`} ${span(waits, formatDuration)}`) : span(rtts, formatMs),
			serial: presentText(String(servedSerial(server) ?? '—')),
			// Which instance of an anycast address answered: what its operator needs to find the stale one.
			nsid: nsids.length === 0 ? safe`—` : joinPresented(nsids.map(presentNsid), safe`, `),
		};
		return {at: {name: server.name, address: server.address}, evidence};
	});
}

/** A server a finding names that was never asked (an address no server can have): its name from the zone's name servers. */
function neverQueried(trace: Trace, finding: Finding, address: string): {at: At; evidence: EvidenceRow} {
	const zone = trace.zones.find((candidate) => candidate.name === finding.zone);
	const nameserver = zone?.nameservers.find((candidate) => candidate.addresses.some((entry) => entry.address === address) || candidate.unusable?.some((entry) => entry.address === address));
	const unusable = nameserver?.unusable?.find((entry) => entry.address === address);
	const evidence: EvidenceRow = {
		server: nameserver ? presentName(nameserver.name) : safe`—`,
		address: presentText(address),
		questions: safe`—`,
		result: unusable ? safe`not queried: ${presentText(unusable.reason)}` : safe`not queried`,
		via: safe`—`,
		rtt: safe`—`,
		serial: safe`—`,
		nsid: safe`—`,
	};
	return {at: {name: nameserver?.name ?? '', address}, evidence};
}

/** Per server address, in server order, the first probe shown: the question its dig line asks again. */
function firstProbePerServer(located: Located[]): Probe[] {
	const first = new Map<string, Located>();
	for (const entry of located) if (!first.has(entry.server.address) || entry.probe.id < first.get(entry.server.address)!.probe.id) first.set(entry.server.address, entry);
	return sortServers([...first.values()].map((entry) => ({name: entry.server.name, address: entry.server.address, probe: entry.probe}))).map(({probe}) => probe);
}

/** The transport a probe's result came over, and why when it was not plain UDP. */
function via(probe: Probe): Presented {
	if (!probe.transport) return safe`—`;
	const why = isTcpCheck(probe) ? safe` (TCP check)` : probe.udpTimedOut ? safe` (UDP timed out)` : probe.truncatedOverUdp ? safe` (after TC=1)` : safe``;
	return safe`${presentText(probe.transport.toUpperCase())}${why}`;
}

/** The range of some times as shown: one figure when the shortest and the longest read the same ("2.6 s", not "2.6 s to 2.6 s"). */
function span(times: number[], format: (ms: number) => Presented): Presented {
	const [shortest, longest] = [format(Math.min(...times)), format(Math.max(...times))];
	return shortest === longest ? shortest : safe`${shortest} to ${longest}`;
}
