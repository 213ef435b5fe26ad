import {encodeMessage} from '../dns/codec.js';
import type {Message, ResourceRecord} from '../dns/record.js';
import {classifyResponse} from '../trace/classify.js';
import type {PathStep, Probe, Resolution, Trace, WhatIfChange, Zone} from '../trace/model.js';
import {isTcpCheck, USABLE_KINDS} from '../trace/probe-facts.js';
import {unsupportedListing} from '../trace/delegation-evidence.js';
import {rederiveTrace} from '../trace/rederive.js';
import {cutOf} from '../trace/resolution-steps.js';

/**
 * A trace as it would have been with `changes`: the measured responses changed as each change says, then every
 * judgement made again from them as a snapshot's are (`rederiveTrace`), each resolution following another server
 * where the one it followed is now silent. Pure, and idempotent: applying a trace's own `assumed` changes again
 * (a snapshot being opened) changes nothing more, so a file is judged from its responses, never trusted.
 */
export function applyChanges(measured: Trace, changes: readonly WhatIfChange[]): Trace {
	const assumed = uniqueChanges([...(measured.assumed ?? []), ...changes]);
	if (assumed.length === 0) return measured;
	const down = downedAddresses(measured, assumed);
	const parents = new Map(measured.zones.map((zone) => [zone.name, zone.parent]));
	let stats = measured.stats;
	const waitedMs = deadServerWait(measured);
	const zones = measured.zones.map((zone): Zone => {
		const servers = zone.servers.map((server) => ({
			...server,
			// A dead server is never given the TCP check (walk.ts asks it only of servers that answered).
			probes: server.probes
				.filter((probe) => {
					const unasked = down.has(probe.address) && isTcpCheck(probe);
					if (unasked) stats = {...stats, queries: stats.queries - 1, ...(probe.status === 'answered' ? {answered: stats.answered - 1} : {failed: stats.failed - 1})};
					return !unasked;
				})
				.map((probe) => {
					if (down.has(probe.address) && probe.status !== 'timeout') {
						if (probe.status === 'answered') stats = {...stats, answered: stats.answered - 1, failed: stats.failed + 1};
						return timedOut(probe, measured, waitedMs);
					}
					return probe.response ? rewritten(probe, probe.response, zone, assumed, parents) : probe;
				}),
		}));
		return withoutRemovedNameservers({...zone, servers}, assumed);
	});
	const clock = assumed.findLast((change) => change.kind === 'clock');
	const options = clock ? {...measured.options, validateAt: clock.at} : measured.options;
	return learnedOnly({...measured, options, zones, stats, assumed});
}

/** At most this many listings pruned: each is one the trace had, so a trace's size bounds it long before. */
const MAX_PRUNED = 100_000;

/**
 * The changed trace judged again, keeping only the zones, name servers, addresses and servers its changed responses
 * still name, as the walk would have learned them (`unsupportedListing`, the check a snapshot's reader makes): a
 * name server only the zone's own NS answer listed is not known once every server that gave that answer is down.
 */
function learnedOnly(changed: Trace): Trace {
	let trace = changed;
	for (let pruned = 0; pruned < MAX_PRUNED; pruned++) {
		const judged = rederiveTrace({...trace, resolutions: trace.resolutions.map((resolution) => repath(resolution, trace.zones))});
		const unsupported = unsupportedListing(judged);
		if (!unsupported) return judged;
		trace = {...judged, zones: withoutListing(judged.zones, unsupported.path)};
	}
	throw new Error('a what-if pruned more listings than a trace can have');
}

/** The zones without the one listing a path names (unsupportedListing's): a listedBy entry, an address's origin, an address, a name server, a server or a zone. */
function withoutListing(zones: readonly Zone[], path: readonly PropertyKey[]): Zone[] {
	const [, zoneIndex, field, index, detail, detailIndex, , originIndex] = path as [string, number, string, number, string?, number?, string?, number?];
	const zone = zones[zoneIndex];
	if (!zone) throw new Error(`no zone at ${String(zoneIndex)}`);
	const replace = (next: Zone | undefined) => zones.flatMap((candidate, at) => (at !== zoneIndex ? [candidate] : next ? [next] : []));
	if (field === 'servers') return replace({...zone, servers: zone.servers.filter((_, at) => at !== index)});
	if (field !== 'nameservers') return replace(undefined);
	const nameserver = zone.nameservers[index]!;
	const dropNameserver = () => replace({...zone, nameservers: zone.nameservers.filter((_, at) => at !== index), servers: zone.servers.filter((server) => server.name !== nameserver.name)});
	if (detail === 'listedBy' && detailIndex !== undefined && nameserver.listedBy.length > 1) {
		return replace({...zone, nameservers: zone.nameservers.map((candidate, at) => (at === index ? {...candidate, listedBy: candidate.listedBy.filter((_, by) => by !== detailIndex)} : candidate))});
	}
	if ((detail === 'addresses' || detail === 'unusable') && detailIndex !== undefined) {
		const known = nameserver[detail]?.[detailIndex];
		if (!known) return dropNameserver();
		const origins = known.origins.filter((_, at) => at !== originIndex);
		const addresses = origins.length > 0 && originIndex !== undefined ? nameserver[detail]!.map((candidate, at) => (at === detailIndex ? {...candidate, origins} : candidate)) : nameserver[detail]!.filter((_, at) => at !== detailIndex);
		const servers = origins.length > 0 && originIndex !== undefined ? zone.servers : zone.servers.filter((server) => !(server.name === nameserver.name && server.address === known.address));
		return replace({...zone, servers, nameservers: zone.nameservers.map((candidate, at) => (at === index ? {...candidate, [detail]: addresses} : candidate))});
	}
	return dropNameserver();
}

/** Each change once, in the order first assumed (a later clock replaces an earlier one). */
function uniqueChanges(changes: WhatIfChange[]): WhatIfChange[] {
	const lastClock = changes.findLast((change) => change.kind === 'clock');
	const seen = new Set<string>();
	return changes.filter((change) => {
		if (change.kind === 'clock' && change !== lastClock) return false;
		const key = JSON.stringify(change);
		if (seen.has(key)) return false;
		seen.add(key);
		return true;
	});
}

/** Every address a change takes down: a machine that is down is down for every zone it serves. */
export function downedAddresses(trace: Trace, changes: readonly WhatIfChange[]): Set<string> {
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

/**
 * How long a dead server keeps a probe waiting: as long as a probe of this trace that every try left unanswered
 * waited (the querier's back-off, measured), else every try waited out in full, an upper bound.
 */
function deadServerWait(trace: Trace): number {
	const waits = trace.zones.flatMap((zone) => zone.servers.flatMap((server) => server.probes.flatMap((probe) => (probe.status === 'timeout' && probe.udpTimedOut && probe.finishedMs !== undefined ? [probe.finishedMs - probe.startedMs] : []))));
	return waits.length > 0 ? waits.reduce((longest, wait) => Math.max(longest, wait)) : trace.options.timeoutMs * (trace.options.retries + 2);
}

/** A probe of a downed address, as a dead server's is: no response, the time-outs it would have cost. */
function timedOut(probe: Probe, trace: Trace, waitedMs: number): Probe {
	const {id, zone, server, address, question, purpose, startedMs, shared} = probe;
	// Every UDP try, then the one over TCP (querier.ts).
	const attempts = trace.options.retries + 2;
	const error = `assumed down (what-if, not measured): every UDP attempt timed out; then over TCP: no response within ${trace.options.timeoutMs} ms over TCP`;
	return {id, zone, server, address, question, purpose, startedMs, status: 'timeout', transport: 'tcp', attempts, udpTimedOut: true, error, finishedMs: startedMs + waitedMs, ...(shared ? {shared} : {})};
}

/** A probe whose response a DS or NS change at the parent alters, with new bytes (so a snapshot re-decodes the change); any other as it was. */
function rewritten(probe: Probe, response: Message, zone: Zone, changes: readonly WhatIfChange[], parents: ReadonlyMap<string, string | undefined>): Probe {
	let message = response;
	for (const change of changes) {
		if ((change.kind === 'ds-remove' || change.kind === 'ds-replace' || change.kind === 'ns-remove') && zone.name === parents.get(change.zone)) {
			message = change.kind === 'ns-remove' ? withoutNameserver(message, change.zone, change.nameserver) : withDs(message, change.zone, change.kind === 'ds-replace' ? change.ds : undefined);
		}
	}
	if (message === response) return probe;
	return {...probe, response: message, raw: Buffer.from(encodeMessage(message)).toString('base64')};
}

/** The DS set for `child` (and its signatures) taken out, or replaced by one record; the replacement's signature is assumed (the analysis reads `assumed`). */
function withDs(message: Message, child: string, replacement: Extract<WhatIfChange, {kind: 'ds-replace'}>['ds'] | undefined): Message {
	const isDs = (record: ResourceRecord) => record.name === child && (record.type === 'DS' || (record.type === 'RRSIG' && record.data.kind === 'rrsig' && record.data.typeCovered === 'DS'));
	const section = (records: ResourceRecord[]): ResourceRecord[] => {
		const first = records.find((record) => record.name === child && record.type === 'DS');
		if (!first) return records;
		const kept = records.filter((record) => !isDs(record) || (replacement !== undefined && record.type === 'RRSIG'));
		return replacement ? [...kept, {name: child, type: 'DS', class: first.class, ttl: first.ttl, data: {kind: 'ds', ...replacement}}] : kept;
	};
	const answer = section(message.answer);
	const authority = section(message.authority);
	return answer === message.answer && authority === message.authority ? message : {...message, answer, authority};
}

/** A referral to `child` without one NS record, and without that name server's glue. */
function withoutNameserver(message: Message, child: string, nameserver: string): Message {
	const isNs = (record: ResourceRecord) => record.name === child && record.type === 'NS' && record.data.kind === 'name' && record.data.target === nameserver;
	if (!message.authority.some(isNs)) return message;
	return {...message, authority: message.authority.filter((record) => !isNs(record)), additional: message.additional.filter((record) => !(record.name === nameserver && (record.type === 'A' || record.type === 'AAAA')))};
}

/** A name server removed from the parent's delegation is the zone's no more, unless the zone's own NS set lists it. */
function withoutRemovedNameservers(zone: Zone, changes: readonly WhatIfChange[]): Zone {
	const removed = new Set(changes.flatMap((change) => (change.kind === 'ns-remove' && change.zone === zone.name ? [change.nameserver] : [])));
	if (removed.size === 0) return zone;
	const nameservers = zone.nameservers.flatMap((nameserver) => {
		if (!removed.has(nameserver.name)) return [nameserver];
		const listedBy = nameserver.listedBy.filter((by) => by !== 'parent');
		return listedBy.length === 0 ? [] : [{...nameserver, listedBy}];
	});
	const kept = new Set(nameservers.map((nameserver) => nameserver.name));
	return {...zone, nameservers, servers: zone.servers.filter((server) => kept.has(server.name))};
}

/**
 * A resolution's path, each step following the response the walk's rule would pick now (`decide` in walk.ts): the
 * one it followed while that still moves the walk on, else a referral first, then the first server by name and
 * address. A step left with no usable response ends the path: the resolution fails there.
 */
function repath(resolution: Resolution, zones: readonly Zone[]): Resolution {
	const byName = new Map(zones.map((zone) => [zone.name, zone]));
	const probes = new Map(zones.flatMap((zone) => zone.servers.flatMap((server) => server.probes.map((probe) => [probe.id, probe] as const))));
	const steps: PathStep[] = [];
	for (const step of resolution.steps) {
		const followed = step.probe === undefined ? undefined : probes.get(step.probe);
		if (followed && usable(followed)) {
			steps.push(step);
			continue;
		}
		const candidates = (byName.get(step.zone)?.servers ?? [])
			.flatMap((server) => server.probes)
			.filter((probe) => !isTcpCheck(probe) && probe.question.name === step.question.name && probe.question.type === step.question.type && usable(probe))
			.sort((a, b) => rank(a) - rank(b) || a.server.localeCompare(b.server) || a.address.localeCompare(b.address) || a.id - b.id);
		const chosen = candidates[0];
		const {probe: _lost, ...rest} = step;
		if (!chosen) {
			steps.push(rest);
			break;
		}
		steps.push({...rest, probe: chosen.id});
	}
	return {...resolution, steps};
}

const usable = (probe: Probe) => probe.status === 'answered' && probe.response !== undefined && USABLE_KINDS.has(classifyResponse(probe.response, probe.zone, probe.question).kind);

/** A referral first, then a response from a child's data (its SOA names the cut), then the rest: the walk's order. */
function rank(probe: Probe): number {
	const classification = classifyResponse(probe.response!, probe.zone, probe.question);
	return classification.kind === 'referral' ? 0 : cutOf(probe.question, classification) ? 1 : 2;
}
