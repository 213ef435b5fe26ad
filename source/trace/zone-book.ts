import {familyOf, type Family} from '../dns/address.js';
import {ancestry, isAtOrBelow, type Name} from '../dns/name.js';
import type {ResourceRecord} from '../dns/record.js';
import type {RootHints} from '../dns/root-hints.js';
import {unusableReason, type AddressPolicy} from '../dns/unusable-address.js';
import {reasonsInWords, withoutName} from './bounded-list.js';
import {isAssumedDown} from './probe-facts.js';
import type {AddressOrigin, Nameserver, Outcome, Probe, ReferralData, Server, Zone} from './model.js';

/**
 * The walk's delegation bookkeeping, like Unbound's delegation point but for every zone at once: each zone's name
 * servers, who listed them, their addresses and where each address came from, and the servers (a name at an
 * address of a family the walk uses) that are asked every question. Plain data in, plain data out; asking the
 * servers is the caller's.
 */

export type NameserverAddress = {address: string; origin: AddressOrigin};

export function openZone(name: Name, parent: Name | undefined): Zone {
	return {name, ...(parent ? {parent} : {}), nameservers: [], servers: []};
}

/**
 * Lists `name` as a name server of the zone (again, or from another source); `added` when it is new. Undefined when
 * the zone already lists `maxNames` others: the rest are not followed.
 */
export function listNameserver(
	zone: Zone,
	name: Name,
	listedBy: Nameserver['listedBy'][number],
	maxNames: number,
): {entry: Nameserver; added: boolean} | undefined {
	let entry = zone.nameservers.find((candidate) => candidate.name === name);
	const added = !entry;
	if (!entry) {
		if (zone.nameservers.length >= maxNames) return undefined;
		entry = {name, listedBy: [], addresses: [], subtraces: []};
		zone.nameservers.push(entry);
	}
	if (!entry.listedBy.includes(listedBy)) entry.listedBy.push(listedBy);
	return {entry, added};
}

/**
 * Records an address of a name server and where it came from. Returns the server it makes when it is new and of a
 * family the walk uses: a server found later is asked everything the zone was asked before. An address no server
 * can have (see unusableReason) is kept apart, with why, and makes no server: it is never queried.
 */
export function addAddress(zone: Zone, entry: Nameserver, {address, origin}: NameserverAddress, families: readonly Family[], policy: AddressPolicy): Server | undefined {
	const reason = unusableReason(address, policy);
	if (reason) {
		noteUnusable(entry, {address, origin}, reason);
		return undefined;
	}
	const family = familyOf(address);
	let known = entry.addresses.find((candidate) => candidate.address === address);
	if (!known) {
		known = {address, family, origins: []};
		entry.addresses.push(known);
	}
	if (!known.origins.includes(origin)) known.origins.push(origin);
	delete entry.unresolved;
	if (!families.includes(family)) return undefined;
	if (zone.servers.some((server) => server.name === entry.name && server.address === address)) return undefined;
	const server: Server = {name: entry.name, address, family, origin, probes: []};
	zone.servers.push(server);
	return server;
}

function noteUnusable(entry: Nameserver, {address, origin}: NameserverAddress, reason: string) {
	const unusable = (entry.unusable ??= []);
	let known = unusable.find((candidate) => candidate.address === address);
	if (!known) {
		known = {address, origins: [], reason};
		unusable.push(known);
	}
	if (!known.origins.includes(origin)) known.origins.push(origin);
	if (entry.addresses.length === 0) entry.unresolved = describeUnusable(entry);
}

/** Why a name server that was given only unusable addresses has no server. */
export function describeUnusable(entry: Nameserver): string {
	return `${entry.name} has only addresses no server can have: ${(entry.unusable ?? []).map((known) => `${known.address} (${known.reason})`).join('; ')}`;
}

/**
 * Records the addresses one source gives for a name server (a referral's glue, an answer), keeping at most
 * `maxAddresses` for the name; the servers it makes are returned. The addresses past the limit are not stored, only
 * counted: `addressesSkipped` holds the most any one source offered beyond it (the same glue arrives again with
 * every referral, so a running total would count one address many times).
 */
export function addAddresses(zone: Zone, entry: Nameserver, addresses: NameserverAddress[], families: readonly Family[], policy: AddressPolicy, maxAddresses: number): Server[] {
	const servers: Server[] = [];
	let skipped = 0;
	for (const address of addresses) {
		if (entry.addresses.length >= maxAddresses && !entry.addresses.some((known) => known.address === address.address)) {
			skipped++;
			continue;
		}
		const server = addAddress(zone, entry, address, families, policy);
		if (server) servers.push(server);
	}
	if (skipped > (entry.addressesSkipped?.count ?? 0)) {
		entry.addressesSkipped = {count: skipped, reason: `${entry.name} has more than ${maxAddresses} addresses: only the first ${maxAddresses} are kept and asked`};
	}
	return servers;
}

/**
 * The root's servers as the walk learns them from the hints (listNameserver, addAddresses), in the order it asks
 * them, made one hint at a time on a zone of their own that nothing keeps.
 */
export function* rootServersOf(hints: RootHints, families: readonly Family[], policy: AddressPolicy, maxNames: number, maxAddresses: number): Generator<Server> {
	const scratch = openZone('.', undefined);
	for (const hint of hints.servers) {
		const listing = listNameserver(scratch, hint.name, 'hints', maxNames);
		if (!listing) return;
		yield* addAddresses(scratch, listing.entry, hint.addresses.map((address) => ({address, origin: 'hints' as const})), families, policy, maxAddresses);
	}
}

/**
 * Whether the zone's own servers are asked for this name server's addresses: only names inside the zone. The
 * root's server names live in other zones (root-servers.net.); the hints already give their addresses.
 */
export function servesOwnAddresses(zone: Zone, name: Name): boolean {
	return zone.name !== '.' && isAtOrBelow(name, zone.name);
}

/** The glue a referral gives for one of its NS names. */
export function glueOf(referral: ReferralData, name: Name): NameserverAddress[] {
	return referral.glue.filter((entry) => entry.name === name).map((entry) => ({address: entry.address, origin: 'glue'}));
}

/** The NS names a zone lists for itself (its NS answer), with the addresses it gives for the ones inside it. */
export function ownNameservers(zone: Name, records: ResourceRecord[], additional: ResourceRecord[]): Array<{name: Name; addresses: NameserverAddress[]}> {
	const listed: Array<{name: Name; addresses: NameserverAddress[]}> = [];
	for (const rr of records) {
		if (rr.type !== 'NS' || rr.name !== zone || rr.data.kind !== 'name') continue;
		const name = rr.data.target;
		const addresses = isAtOrBelow(name, zone)
			? additional.flatMap((extra) =>
					extra.name === name && (extra.type === 'A' || extra.type === 'AAAA') && extra.data.kind === 'address' ? [{address: extra.data.address, origin: 'child' as const}] : [],
				)
			: [];
		listed.push({name, addresses});
	}
	return listed;
}

/** The deepest zone known to have name servers that `name` is at or below; the root when none is. */
export function closestZone(name: Name, zoneNamed: (name: Name) => Pick<Zone, 'nameservers'> | {nameservers: readonly unknown[]} | undefined): Name {
	for (const candidate of ancestry(name)) {
		if ((zoneNamed(candidate)?.nameservers.length ?? 0) > 0) return candidate;
	}
	return '.';
}

/** What a name server whose look-up's question never reached the zone (`failedUnasked`) is said to be: its words follow its name. */
export const UNASKED_LOOK_UP = 'could not be looked up from here';

/** How the reason of a zone none of whose servers was asked a question starts (describeExhausted). */
const unaskedReason = (zone: Name) => `no server of ${zone} was asked`;

/**
 * Whether a resolution failed where no server of the failing zone was asked its question: every such query was never
 * sent (this host out of file descriptors, no route for the family, loopback only) or held back by the query limit.
 * The question never reached the zone: its failure is this host's, unless the zone showed itself down to the
 * questions that did leave (`zoneShownDown`), which the analysis judges once the walk is over.
 */
export function failedUnasked(outcome: Outcome | undefined): boolean {
	return outcome?.status === 'failure' && outcome.zone !== undefined && outcome.reason?.startsWith(unaskedReason(outcome.zone)) === true;
}

/**
 * Why a name server has no address, from the outcomes of the sub-traces that looked it up. A look-up that failed where
 * no server was asked says so, not that the zone failed: at ulimit -n 24 a name's look-up that never left this host
 * read "could not be resolved (. failed)".
 */
export function describeUnresolved(name: Name, outcomes: Outcome[]): string {
	const failure = outcomes.find((outcome) => outcome.status === 'failure' && !failedUnasked(outcome));
	if (failure) return `${name} could not be resolved (${failure.zone ?? 'the walk'} failed)`;
	const nxdomain = outcomes.find((outcome) => outcome.status === 'nxdomain');
	if (nxdomain) return `${name} does not exist (NXDOMAIN from ${nxdomain.zone ?? '?'})`;
	const unasked = outcomes.find(failedUnasked);
	if (unasked) return `${name} ${UNASKED_LOOK_UP} (${unasked.reason})`;
	return `${name} has no address records`;
}

/** Why no server of the zone gave a usable answer to a question, from the probes that asked it. */
export function describeExhausted(zone: Zone, probes: Probe[]): string {
	if (zone.servers.length === 0) {
		// Each reason once, for the names that share it: 300 glueless names fail alike.
		const unresolved = reasonsInWords(zone.nameservers.map((entry) => ({name: entry.name, reason: entry.unresolved ? withoutName(entry.name, entry.unresolved) : 'has no usable address'})));
		return `no server of ${zone.name} could be reached: ${unresolved || 'it has no name servers'}`;
	}
	if (probes.length === 0) {
		const skipped = zone.servers.find((server) => server.questionsSkipped)?.questionsSkipped;
		return `${unaskedReason(zone.name)}${skipped ? ` (${skipped.reason})` : ''}`;
	}
	// Every query skipped (loopback only, no route for the family): no server failed, none was asked, and the skip says why.
	if (probes.every((probe) => probe.status === 'skipped')) {
		return `${unaskedReason(zone.name)}: ${probes[0]!.error ?? 'skipped'}${probes.length > 1 ? ` (and ${probes.length - 1} more not sent)` : ''}`;
	}
	const counts = new Map<string, number>();
	for (const probe of probes) {
		// An error code by its name: "2 FORMERR", where "2 error" said neither which nor that it was an answer.
		// A what-if's server taken down was asked nothing: its probe is no measured time-out.
		const label = probe.status === 'answered' ? (probe.kind === 'error' ? (probe.rcode ?? 'error') : (probe.kind ?? 'answered')) : isAssumedDown(probe) ? 'assumed down (what-if)' : probe.status;
		counts.set(label, (counts.get(label) ?? 0) + 1);
	}
	const summary = [...counts.entries()].map(([label, count]) => `${count} ${label}`).join(', ');
	return `no server of ${zone.name} gave a usable answer (${summary})`;
}
