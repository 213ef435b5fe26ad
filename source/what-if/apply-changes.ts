import {familyOf} from '../dns/address.js';
import {encodeMessage} from '../dns/codec.js';
import {isAtOrBelow, type Name} from '../dns/name.js';
import type {Message, ResourceRecord} from '../dns/record.js';
import {classifyResponse} from '../trace/classify.js';
import type {PathStep, Probe, Resolution, Server, Trace, WhatIfChange, Zone} from '../trace/model.js';
import {ASSUMED_DOWN, downedAddresses, isTcpCheck, statsOf, USABLE_KINDS} from '../trace/probe-facts.js';
import {unsupportedListing} from '../trace/delegation-evidence.js';
import {rederiveTrace} from '../trace/rederive.js';
import {cutOf} from '../trace/resolution-steps.js';
import {byServerThenAddress} from '../trace/server-order.js';

/**
 * The server an `ns-add` change names, asked by the command layer through the walk's prober (the pure layer sends
 * nothing): its probes as measured, with ids above the trace's.
 */
export interface AskedServer {
	zone: Name;
	nameserver: Name;
	address: string;
	probes: Probe[];
}

/**
 * A trace as it would have been with `changes`: the measured responses changed as each change says, then every
 * judgement made again from them as a snapshot's are (`rederiveTrace`), each resolution following another server
 * where the one it followed is now silent. An `ns-add` whose server was asked (`asked`, or already in the zone: a
 * snapshot of such a what-if) adds it to the zone and to the parent's referrals; one never asked changes nothing.
 * Pure, and idempotent: applying a trace's own `assumed` changes again (a snapshot being opened) changes nothing
 * more, so a file is judged from its responses, never trusted.
 */
export function applyChanges(measured: Trace, changes: readonly WhatIfChange[], asked: readonly AskedServer[] = []): Trace {
	const assumed = uniqueChanges([...(measured.assumed ?? []), ...changes]);
	if (assumed.length === 0) return measured;
	const additions = addedServers(measured, assumed, asked);
	const added = measured.zones.map((zone) => withAddedServers(zone, additions));
	// The addresses a file's what-if took down stay down though what its changes named is gone from its zones (a zone
	// only the downed servers' parent referred to is never learnt, so never saved).
	const down = new Set([...downedAddresses({zones: added}, assumed), ...(measured.assumedDown ?? [])]);
	// A change takes down the servers it names, an added one too (by name, address or zone) when made after its ns-add
	// (in the explorer, or on a file opened again); a change made before it was made to the trace without it, so the
	// added server answers as it did when asked, even at an address taken down under another name.
	const downFor = (zone: Name, server: Server) => {
		const addition = additions.find((candidate) => candidate.zone === zone && candidate.nameserver === server.name && candidate.address === server.address);
		return addition ? downedAddresses({zones: added}, assumed.slice(assumed.findIndex((change) => isAddition(change, addition)) + 1)) : down;
	};
	const parents = new Map(measured.zones.map((zone) => [zone.name, zone.parent]));
	const waitedMs = deadServerWait(measured);
	const zones = added.map((zone): Zone => {
		const servers = zone.servers.map((server) => {
			const silent = downFor(zone.name, server);
			return {
				...server,
				// A dead server is never given the TCP check (walk.ts asks it only of servers that answered).
				probes: server.probes
					.filter((probe) => !(silent.has(probe.address) && isTcpCheck(probe)))
					.map((probe) => {
						if (silent.has(probe.address) && probe.status !== 'timeout') return timedOut(probe, measured, waitedMs);
						return probe.response ? rewritten(probe, probe.response, zone, assumed, parents, additions) : probe;
					}),
			};
		});
		return withoutRemovedNameservers({...zone, servers}, assumed);
	});
	const clock = assumed.findLast((change) => change.kind === 'clock');
	const options = clock ? {...measured.options, validateAt: clock.at} : measured.options;
	const assumedDown = [...down].sort();
	const changed = learnedOnly({...measured, options, zones, assumed, ...(assumedDown.length > 0 ? {assumedDown} : {})});
	// Counted from the probes the changed trace holds, as a snapshot's reader counts them: an added server's, a downed
	// server's made-up time-outs (failed queries), without the TCP checks a dead server is never given and the probes of
	// servers a removed name server or a pruned listing took away. (Counting the measured walk's statistics up and down
	// instead kept those servers' queries, and a skipped TCP check of a downed server took a failure off that was never
	// counted.)
	return {...changed, stats: statsOf(changed)};
}

/** An ns-add that takes effect: its server asked now (`probes`, to add), or already in the zone (asked before). */
interface Addition {
	zone: Name;
	nameserver: Name;
	address: string;
	probes?: Probe[];
}

/**
 * The server an ns-add change would have the command layer ask: its zone is in the trace below a parent, and the zone
 * has no server of that name at that address yet. The name may be anywhere (a second provider's): the change gives its
 * address.
 */
export function serverToAsk(trace: Pick<Trace, 'zones'>, change: WhatIfChange): Omit<AskedServer, 'probes'> | undefined {
	if (change.kind !== 'ns-add') return undefined;
	const zone = trace.zones.find((candidate) => candidate.name === change.zone);
	if (!zone?.parent) return undefined;
	if (zone.servers.some((server) => server.name === change.nameserver && server.address === change.address)) return undefined;
	return {zone: zone.name, nameserver: change.nameserver, address: change.address};
}

/**
 * The ns-add changes whose server has answers to judge: asked now, or already a server of the zone at that address
 * (a snapshot of such a what-if, opened). One never asked (no transport: a saved trace opened) stays stated only.
 */
function addedServers(trace: Trace, changes: readonly WhatIfChange[], asked: readonly AskedServer[]): Addition[] {
	return changes.flatMap((change): Addition[] => {
		if (change.kind !== 'ns-add') return [];
		const zone = trace.zones.find((candidate) => candidate.name === change.zone);
		if (!zone?.parent) return [];
		const {nameserver, address} = change;
		if (zone.servers.some((server) => server.name === nameserver && server.address === address)) return [{zone: zone.name, nameserver, address}];
		const measured = asked.find((server) => server.zone === zone.name && server.nameserver === nameserver && server.address === address);
		return measured ? [{zone: zone.name, nameserver, address, probes: measured.probes}] : [];
	});
}

/** Whether `change` is the ns-add that made `addition`. */
const isAddition = (change: WhatIfChange, addition: Addition) => change.kind === 'ns-add' && change.zone === addition.zone && change.nameserver === addition.nameserver && change.address === addition.address;

/** The zone with each added name server listed by its parent, at its address given as glue, and its new server. */
function withAddedServers(zone: Zone, additions: readonly Addition[]): Zone {
	let next = zone;
	for (const added of additions) {
		if (added.zone !== zone.name) continue;
		const address = {address: added.address, family: familyOf(added.address), origins: ['glue' as const]};
		const listed = next.nameservers.find((nameserver) => nameserver.name === added.nameserver);
		const nameservers = listed
			? next.nameservers.map((nameserver) => {
					if (nameserver !== listed) return nameserver;
					const listedBy = nameserver.listedBy.includes('parent') ? nameserver.listedBy : [...nameserver.listedBy, 'parent' as const];
					const known = nameserver.addresses.find((candidate) => candidate.address === added.address);
					const addresses = !known ? [...nameserver.addresses, address] : known.origins.includes('glue') ? nameserver.addresses : nameserver.addresses.map((candidate) => (candidate === known ? {...known, origins: [...known.origins, 'glue' as const]} : candidate));
					return {...nameserver, listedBy, addresses};
				})
			: [...next.nameservers, {name: added.nameserver, listedBy: ['parent' as const], addresses: [address], subtraces: []}];
		const servers = added.probes ? [...next.servers, {name: added.nameserver, address: added.address, family: address.family, origin: 'glue' as const, probes: added.probes}] : next.servers;
		next = {...next, nameservers, servers};
	}
	return next;
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

/** Whether two changes are the same change (they are plain data, each kind with its own fields). */
export const sameChange = (a: WhatIfChange, b: WhatIfChange) => JSON.stringify(a) === JSON.stringify(b);

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
	// Said as what a dead server would cost, not as what was seen: nothing was sent.
	const error = `${ASSUMED_DOWN}: a dead server lets every try time out, over UDP and then TCP, ${trace.options.timeoutMs} ms each`;
	return {id, zone, server, address, question, purpose, startedMs, status: 'timeout', transport: 'tcp', attempts, udpTimedOut: true, error, finishedMs: startedMs + waitedMs, ...(shared ? {shared} : {})};
}

/** A probe whose response a DS or NS change at the parent alters, with new bytes (so a snapshot re-decodes the change); any other as it was. */
function rewritten(probe: Probe, response: Message, zone: Zone, changes: readonly WhatIfChange[], parents: ReadonlyMap<string, string | undefined>, additions: readonly Addition[]): Probe {
	let message = response;
	for (const change of changes) {
		if ((change.kind === 'ds-remove' || change.kind === 'ds-replace' || change.kind === 'ns-remove') && zone.name === parents.get(change.zone)) {
			message = change.kind === 'ns-remove' ? withoutNameserver(message, change.zone, change.nameserver) : withDs(message, change.zone, change.kind === 'ds-replace' ? change.ds : undefined);
		}
	}
	for (const added of additions) if (zone.name === parents.get(added.zone)) message = withNameserver(message, added, zone.name);
	if (message === response) return probe;
	return {...probe, response: message, raw: Buffer.from(encodeMessage(message)).toString('base64')};
}

/**
 * A referral to the added server's zone with its NS record and, for a name the parent can give glue for (at or below
 * it), its glue, each added only where missing. A name elsewhere gets no glue (a parent gives none for it): its
 * address is the change's own (delegation-evidence.ts reads the assumption).
 */
function withNameserver(message: Message, added: Addition, parent: Name): Message {
	const first = message.authority.find((record) => record.name === added.zone && record.type === 'NS');
	if (!first) return message;
	const listed = message.authority.some((record) => record.name === added.zone && record.type === 'NS' && record.data.kind === 'name' && record.data.target === added.nameserver);
	const type = familyOf(added.address) === 4 ? 'A' : 'AAAA';
	const glued = !isAtOrBelow(added.nameserver, parent) || message.additional.some((record) => record.name === added.nameserver && record.type === type && record.data.kind === 'address' && record.data.address === added.address);
	if (listed && glued) return message;
	const authority = listed ? message.authority : [...message.authority, {name: added.zone, type: 'NS', class: first.class, ttl: first.ttl, data: {kind: 'name' as const, target: added.nameserver}}];
	const additional = glued ? message.additional : [...message.additional, {name: added.nameserver, type, class: first.class, ttl: first.ttl, data: {kind: 'address' as const, address: added.address}}];
	return {...message, authority, additional};
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
			.sort((a, b) => rank(a) - rank(b) || byServerThenAddress(a, b));
		const chosen = candidates[0];
		const {probe: _lost, ...rest} = step;
		if (!chosen) {
			steps.push(rest);
			break;
		}
		steps.push({...rest, probe: chosen.id});
		// A response of another kind moves the walk elsewhere (an answer where a referral was followed): the steps
		// measured after it followed the old move, and replaying them would only say the path no longer follows.
		if (step.result !== classifyResponse(chosen.response!, chosen.zone, chosen.question).kind) break;
	}
	return {...resolution, steps};
}

const usable = (probe: Probe) => probe.status === 'answered' && probe.response !== undefined && USABLE_KINDS.has(classifyResponse(probe.response, probe.zone, probe.question).kind);

/** A referral first, then a response from a child's data (its SOA names the cut), then the rest: the walk's order. */
function rank(probe: Probe): number {
	const classification = classifyResponse(probe.response!, probe.zone, probe.question);
	return classification.kind === 'referral' ? 0 : cutOf(probe.question, classification) ? 1 : 2;
}
