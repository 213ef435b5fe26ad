import {isAtOrBelow, type Name} from '../dns/name.js';
import {classifyResponse} from './classify.js';
import type {AddressOrigin, Nameserver, Probe, Server, Trace, Zone} from './model.js';
import {glueOf, ownNameservers} from './zone-book.js';

/*
 * Whether a saved trace's zones, name servers, addresses and servers are the ones its own responses name, as the walk
 * learns them: a zone (other than the root) from a referral to it, or from its SOA in a response of its parent's
 * servers (a cut they answered below, serving the child too); a name server from a referral to its zone (listed by
 * the parent) or from the zone's own NS answer (listed by the child; for such a cut, as the parent's servers give
 * it), or, for the root only, from the hints; an
 * address from a referral's glue, from the zone's own answer (its NS answer's additional data, or its answer for the
 * name's A or AAAA) or from a finished look-up of the name; a server from a name server and one of its addresses.
 * Only the responses of servers so placed count, starting from the root's hints (which a file alone keeps): a server
 * cannot vouch for itself. The hints themselves cannot be checked; they are the trace's starting point.
 */

/** A listing the responses do not support: what, in words, and where in the trace (the snapshot's JSON path). */
export interface UnsupportedListing {
	what: string;
	path: PropertyKey[];
}

type ListedBy = Nameserver['listedBy'][number];

/** Sub-trace addresses feed every zone that lists the name: their evidence is kept under this zone. */
const ANY_ZONE = '*';

const key = (...parts: string[]) => JSON.stringify(parts);

/** What the responses of the servers placed so far have said. */
interface Evidence {
	/** Child zone → the zones whose responses referred to it. */
	referrers: Map<Name, Set<Name>>;
	/** [zone, name server, listed by]. */
	listings: Set<string>;
	/** [zone, name server, address, origin]. */
	addresses: Set<string>;
}

/** The first zone, name server, address or server of the trace that its responses do not name; undefined when none. */
export function unsupportedListing(trace: Pick<Trace, 'zones' | 'resolutions' | 'assumed'>): UnsupportedListing | undefined {
	const evidence = gatherEvidence(trace);
	for (const [zoneIndex, zone] of trace.zones.entries()) {
		const problem = unsupportedInZone(zone, evidence, ['zones', zoneIndex]);
		if (problem) return problem;
	}
	return undefined;
}

/**
 * The evidence, grown from the hints: each server placed by what is known adds what its responses say, which may
 * place more servers; a sub-trace's addresses count once every response its path followed is from a placed server.
 * Each server is looked at again only when something it depends on is first learned, so a hostile file's size, not
 * its depth, bounds the work.
 */
function gatherEvidence(trace: Pick<Trace, 'zones' | 'resolutions' | 'assumed'>): Evidence {
	const evidence: Evidence = {referrers: new Map(), listings: new Set(), addresses: new Set()};
	const placed = new Set<string>();
	const waitingOn = new Map<string | number, Array<{zone: Zone; server: Server}>>();
	const queue: Array<{zone: Zone; server: Server}> = [];
	const wake = (dependency: string) => {
		for (const entry of waitingOn.get(dependency) ?? []) queue.push(entry);
	};
	const wait = <T>(map: Map<string | number, T[]>, at: string | number, entry: T) => {
		const list = map.get(at);
		if (list) list.push(entry);
		else map.set(at, [entry]);
	};
	const knownNames = new Set<string>();
	const knownAddresses = new Set<string>();

	const learnZone = (child: Name, referrer: Name) => {
		const referrers = evidence.referrers.get(child) ?? new Set<Name>();
		if (referrers.size === 0) wake(key('zone', child));
		referrers.add(referrer);
		evidence.referrers.set(child, referrers);
	};
	const learnListing = (zone: Name, name: Name, by: ListedBy) => {
		evidence.listings.add(key(zone, name, by));
		if (!knownNames.has(key(zone, name))) wake(key('name', zone, name));
		knownNames.add(key(zone, name));
	};
	const learnAddress = (zone: Name, name: Name, address: string, origin: AddressOrigin) => {
		evidence.addresses.add(key(zone, name, address, origin));
		if (!knownAddresses.has(key(zone, name, address))) wake(zone === ANY_ZONE ? key('any-address', name, address) : key('address', zone, name, address));
		knownAddresses.add(key(zone, name, address));
	};

	// A sub-trace's addresses, released when the last response its path followed comes from a placed server.
	const lookups = trace.resolutions.filter((resolution) => resolution.purpose === 'ns-address' && resolution.outcome);
	const unplacedSteps = new Map(lookups.map((lookup) => [lookup, new Set(lookup.steps.flatMap((step) => (step.probe === undefined ? [] : [step.probe])))]));
	const lookupsFollowing = new Map<string | number, typeof lookups>();
	for (const lookup of lookups) for (const id of unplacedSteps.get(lookup)!) wait(lookupsFollowing, id, lookup);
	const releaseLookup = (lookup: (typeof lookups)[number]) => {
		const {name, type} = lookup.question;
		for (const rr of lookup.outcome?.records ?? []) if (rr.data.kind === 'address' && rr.type === type) learnAddress(ANY_ZONE, name, rr.data.address, 'subtrace');
	};
	for (const lookup of lookups) if (unplacedSteps.get(lookup)!.size === 0) releaseLookup(lookup);

	// Any answer to a look-up's question gives the name its addresses, as it comes (`learnLookedUp` in walk.ts).
	const lookedUp = new Set(trace.resolutions.filter((resolution) => resolution.purpose === 'ns-address').map(({question}) => key(question.name, question.type)));
	const place = (server: Server) => {
		for (const probe of server.probes) {
			learnFromProbe(probe, {learnZone, learnListing, learnAddress}, lookedUp);
			for (const lookup of lookupsFollowing.get(probe.id) ?? []) {
				const unplaced = unplacedSteps.get(lookup)!;
				unplaced.delete(probe.id);
				if (unplaced.size === 0) releaseLookup(lookup);
			}
		}
	};

	// A what-if's added name server (ns-add ZONE NAME ADDRESS) has the address the change gives it: the assumption, said
	// on every view of the trace, is its evidence, as the walk would have had a look-up's (a name outside the parent has
	// no glue). Its listing at the parent is the NS record the change put in the parent's referrals.
	for (const change of trace.assumed ?? []) if (change.kind === 'ns-add') learnAddress(change.zone, change.nameserver, change.address, 'glue');
	const root = trace.zones.find((zone) => zone.name === '.');
	for (const nameserver of root?.nameservers ?? []) {
		if (!nameserver.listedBy.includes('hints')) continue;
		learnListing('.', nameserver.name, 'hints');
		for (const known of [...nameserver.addresses, ...(nameserver.unusable ?? [])]) if (known.origins.includes('hints')) learnAddress('.', nameserver.name, known.address, 'hints');
	}
	for (const zone of trace.zones) {
		for (const server of zone.servers) {
			for (const dependency of [key('zone', zone.name), key('name', zone.name, server.name), key('address', zone.name, server.name, server.address), key('any-address', server.name, server.address)]) {
				wait(waitingOn, dependency, {zone, server});
			}
			queue.push({zone, server});
		}
	}
	while (queue.length > 0) {
		const {zone, server} = queue.pop()!;
		const serverKey = key(zone.name, server.name, server.address);
		if (placed.has(serverKey)) continue;
		const zoneKnown = zone.name === '.' || evidence.referrers.has(zone.name);
		const addressKnown = knownAddresses.has(key(zone.name, server.name, server.address)) || knownAddresses.has(key(ANY_ZONE, server.name, server.address));
		if (!zoneKnown || !knownNames.has(key(zone.name, server.name)) || !addressKnown) continue;
		placed.add(serverKey);
		place(server);
	}
	return evidence;
}

/** What one response says, as the walk learns it: a delegation (zone, names, glue), a zone's own names and addresses. */
function learnFromProbe(
	probe: Probe,
	learn: {
		learnZone: (child: Name, referrer: Name) => void;
		learnListing: (zone: Name, name: Name, by: ListedBy) => void;
		learnAddress: (zone: Name, name: Name, address: string, origin: AddressOrigin) => void;
	},
	lookedUp: ReadonlySet<string>,
): void {
	if (probe.status !== 'answered' || !probe.response) return;
	const classification = classifyResponse(probe.response, probe.zone, probe.question);
	const {referral} = classification;
	if (referral) {
		learn.learnZone(referral.child, probe.zone);
		for (const name of referral.ns) {
			learn.learnListing(referral.child, name, 'parent');
			for (const glue of glueOf(referral, name)) learn.learnAddress(referral.child, name, glue.address, 'glue');
		}
	}
	// A server that also serves a child answers from the child's data; the SOA it gives names the cut (`seekCut` in walk.ts).
	if (classification.childApex) learn.learnZone(classification.childApex, probe.zone);
	if (classification.kind !== 'answer') return;
	const {question} = probe;
	// The zone's own NS set: asked of its servers, or, for a cut found in the child's data, of the parent's servers that serve it.
	if (question.type === 'NS' && isAtOrBelow(question.name, probe.zone)) {
		for (const {name, addresses} of ownNameservers(question.name, classification.records, probe.response.additional)) {
			learn.learnListing(question.name, name, 'child');
			for (const {address} of addresses) learn.learnAddress(question.name, name, address, 'child');
		}
	} else if (question.type === 'A' || question.type === 'AAAA') {
		const lookUp = (probe.purpose === 'walk' || probe.purpose === 'ns-address') && lookedUp.has(key(question.name, question.type));
		for (const rr of classification.records) {
			if (rr.data.kind !== 'address' || rr.type !== question.type) continue;
			learn.learnAddress(probe.zone, question.name, rr.data.address, 'child');
			if (lookUp) learn.learnAddress(ANY_ZONE, question.name, rr.data.address, 'subtrace');
		}
	}
}

const LISTED_BY: Record<ListedBy, string> = {parent: 'no referral to the zone names it', child: 'no NS answer of the zone names it', hints: 'only the root has name servers from the hints'};
const ORIGIN: Record<AddressOrigin, string> = {
	glue: 'no referral to the zone gives it as glue',
	child: 'no answer of the zone gives it',
	subtrace: 'no look-up of the name found it',
	hints: 'only the root has addresses from the hints',
};

function unsupportedInZone(zone: Zone, evidence: Evidence, path: PropertyKey[]): UnsupportedListing | undefined {
	const referrers = evidence.referrers.get(zone.name);
	if (zone.name !== '.' && !referrers) return {what: `zone ${zone.name} is named by no referral and no response from its data`, path: [...path, 'name']};
	if (zone.parent !== undefined && !referrers?.has(zone.parent)) return {what: `zone ${zone.name} says ${zone.parent} delegated it, and no response from ${zone.parent} refers to it`, path: [...path, 'parent']};
	for (const [index, nameserver] of zone.nameservers.entries()) {
		const problem = unsupportedNameserver(zone, nameserver, evidence, [...path, 'nameservers', index]);
		if (problem) return problem;
	}
	for (const [index, server] of zone.servers.entries()) {
		const where = [...path, 'servers', index];
		const nameserver = zone.nameservers.find((candidate) => candidate.name === server.name);
		if (!nameserver) return {what: `server ${server.name} (${server.address}) of ${zone.name} is not one of its name servers`, path: [...where, 'name']};
		const known = nameserver.addresses.find((candidate) => candidate.address === server.address);
		if (!known) return {what: `server ${server.name} (${server.address}) of ${zone.name} is at an address its name server does not have`, path: [...where, 'address']};
		if (!known.origins.includes(server.origin)) return {what: `server ${server.name} (${server.address}) of ${zone.name} says its address came from ${server.origin}, and its name server does not`, path: [...where, 'origin']};
	}
	return undefined;
}

function unsupportedNameserver(zone: Zone, nameserver: Nameserver, evidence: Evidence, path: PropertyKey[]): UnsupportedListing | undefined {
	const listedBy = nameserver.listedBy;
	if (listedBy.length === 0) return {what: `name server ${nameserver.name} of ${zone.name} is listed by no one`, path: [...path, 'listedBy']};
	for (const [index, by] of listedBy.entries()) {
		const supported = by === 'hints' ? zone.name === '.' : evidence.listings.has(key(zone.name, nameserver.name, by));
		if (!supported) return {what: `name server ${nameserver.name} of ${zone.name} is listed by the ${by}, and ${LISTED_BY[by]}`, path: [...path, 'listedBy', index]};
	}
	const given = [['addresses', nameserver.addresses], ['unusable', nameserver.unusable ?? []]] as const;
	for (const [field, list] of given) {
		for (const [index, known] of list.entries()) {
			for (const [originIndex, origin] of known.origins.entries()) {
				const supported =
					origin === 'hints'
						? zone.name === '.' && listedBy.includes('hints')
						: evidence.addresses.has(key(origin === 'subtrace' ? ANY_ZONE : zone.name, nameserver.name, known.address, origin));
				if (!supported) return {what: `address ${known.address} of ${nameserver.name} in ${zone.name} came from ${origin}, and ${ORIGIN[origin]}`, path: [...path, field, index, 'origins', originIndex]};
			}
		}
	}
	return undefined;
}
