import {familyOf} from '../dns/address.js';
import {ancestry, isAtOrBelow, type Name} from '../dns/name.js';
import type {Resolution, Trace, Zone} from '../trace/model.js';
import {registrableDomain} from './registrable-domain.js';
import {createFinding, type Finding} from './finding.js';
import {listInWords} from '../trace/bounded-list.js';
import {unique, type TraceView} from './trace-view.js';

/** Everything that must work for the traced name to resolve: the "transitive trust" of DNS. */
export interface Dependencies {
	zones: Name[];
	servers: string[];
	/** Registrable domains (operators) that host the name servers involved. */
	domains: Name[];
	counts: {zones: number; servers: number; domains: number};
}

/** The top-level domain a name is under (`com.` for `ns1.example.com.`); the root for the root. */
const topLevelDomain = (name: Name): Name => ancestry(name).at(-2) ?? '.';

export function mapDependencies(trace: Trace): Dependencies {
	const byName = new Map(trace.zones.map((zone) => [zone.name, zone]));
	const zones = new Set<Name>();
	const visitResolution = (resolution: Resolution | undefined) => {
		for (const step of resolution?.steps ?? []) visitZone(byName.get(step.zone));
	};
	const visitZone = (zone: Zone | undefined) => {
		if (!zone || zones.has(zone.name)) return;
		zones.add(zone.name);
		for (const name of ancestorsInTrace(zone.name)) visitZone(byName.get(name));
		for (const ns of zone.nameservers) {
			for (const id of ns.subtraces) visitResolution(trace.resolutions[id]);
			// A server named inside another zone of the trace depends on that zone for its address records.
			const holder = [...byName.keys()].filter((name) => isAtOrBelow(ns.name, name)).sort((a, b) => b.length - a.length)[0];
			if (holder && holder !== zone.name) visitZone(byName.get(holder));
		}
	};
	const ancestorsInTrace = (name: Name) => [...byName.keys()].filter((candidate) => candidate !== name && isAtOrBelow(name, candidate));
	visitResolution(trace.resolutions[0]);

	const zoneList = [...zones];
	const servers = unique(zoneList.flatMap((name) => byName.get(name)?.servers.map((server) => server.address) ?? []));
	const domains = unique(zoneList.flatMap((name) => byName.get(name)?.nameservers.map((ns) => registrableDomain(ns.name) ?? ns.name) ?? [])).sort();
	return {zones: zoneList, servers, domains, counts: {zones: zoneList.length, servers: servers.length, domains: domains.length}};
}

function prefix(address: string): string {
	if (address.includes(':')) {
		const groups = new URL(`http://[${address}]/`).hostname.slice(1, -1).split(':');
		const full: string[] = [];
		for (const group of groups) {
			if (group === '') full.push(...Array(8 - groups.filter(Boolean).length).fill('0'));
			else full.push(group);
		}
		return `${full.slice(0, 3).join(':')}::/48`;
	}
	return `${address.split('.').slice(0, 3).join('.')}.0/24`;
}

/**
 * The zone's name servers, when there are two or more with addresses and every one of them has the same addresses: the
 * names promise redundancy that one server (one machine, or one anycast route) does not give (Zonemaster DELEGATION02).
 * A name without an address is left out: NS_NAME_UNRESOLVABLE tells of it. `ipv4Only`: their IPv4 addresses alone.
 */
function sharedByEveryName(zone: Zone, ipv4Only = false): Name[] | undefined {
	const of = (ns: Zone['nameservers'][number]) => ns.addresses.map((address) => address.address).filter((address) => !ipv4Only || familyOf(address) === 4);
	const named = zone.nameservers.filter((ns) => of(ns).length > 0);
	if (named.length < 2) return undefined;
	const key = (ns: Zone['nameservers'][number]) => unique(of(ns)).sort().join(' ');
	const first = key(named[0]!);
	return named.every((ns) => key(ns) === first) ? named.map((ns) => ns.name) : undefined;
}

/** Zones the name depends on whose servers all hang on one address, one TLD, one domain, or one network. */
export function checkSinglePoints(view: TraceView, dependencies: Dependencies): Finding[] {
	const findings: Finding[] = [];
	for (const name of dependencies.zones) {
		const zone = view.zone(name);
		if (!zone || zone.name === '.' || zone.nameservers.length === 0) continue;
		// Each address once: three names on one address are one server address, not three in one network.
		const addresses = unique(zone.nameservers.flatMap((ns) => ns.addresses.map((address) => address.address)));
		const networks = unique(addresses.map(prefix));
		// In a trace saved while it ran, a look-up still out may give a name another address.
		const oneServer = view.stillOut(zone) ? undefined : sharedByEveryName(zone);
		const ipv4Shared = oneServer || view.stillOut(zone) ? undefined : sharedByEveryName(zone, true);
		// Every name on the same addresses, or (their IPv6 ones differing) on the same IPv4 ones: a resolver without IPv6
		// (many still are) meets one server under every name.
		const shared = oneServer ?? ipv4Shared;
		if (shared) {
			const over = oneServer ? '' : 'IPv4 ';
			const on = oneServer ? addresses : addresses.filter((address) => familyOf(address) === 4);
			// One address per family is one (dual-stacked) server; more in one family are servers the names only repeat.
			const oneMachine = new Set(on.map(familyOf)).size === on.length;
			findings.push(createFinding({
				code: 'SINGLE_POINT_OF_FAILURE',
				zone: zone.name,
				servers: on,
				message: `${zone.name}: ${shared.length === 2 ? 'both' : `all ${shared.length}`} name servers${shared.length < zone.nameservers.length ? ` with an ${over}address` : ''} (${shared.join(', ')}) have the same ${over}${on.length === 1 ? 'address' : 'addresses'}, ${listInWords(on, {order: () => 0})}: ${oneServer ? '' : 'over IPv4, '}${oneMachine ? `one server under ${shared.length} names` : 'the names add no server to them'}`,
				evidence: [],
				facts: {dependsOn: 'one-address'},
			}));
		} else if (addresses.length > 1 && networks.length === 1) {
			findings.push(createFinding({
				code: 'SINGLE_POINT_OF_FAILURE',
				zone: zone.name,
				servers: addresses,
				message: `${zone.name}: ${addresses.length === 2 ? 'both' : `all ${addresses.length}`} server addresses sit in one network, ${networks[0]}`,
				evidence: [],
				facts: {dependsOn: 'one-network'},
			}));
		}
		const domains = unique(zone.nameservers.map((ns) => registrableDomain(ns.name) ?? ns.name));
		const tlds = unique(zone.nameservers.map((ns) => topLevelDomain(ns.name)));
		if (zone.parent && zone.parent !== '.' && domains.length === 1) {
			const domain = domains[0]!;
			const own = domain === zone.name;
			findings.push(createFinding({
				code: 'SINGLE_POINT_OF_FAILURE',
				zone: zone.name,
				servers: addresses,
				message: own
					? `${zone.name}: every name server is named under the zone itself, so the zone lives or dies with its own delegation at ${zone.parent} (one registrar, one registry)`
					: `${zone.name}: every name server is named under ${domain}: one provider, and one domain whose own DNS must work`,
				evidence: [],
				facts: own ? {dependsOn: 'own-delegation'} : {dependsOn: 'one-domain', domain},
			}));
		} else if (zone.parent && zone.parent !== '.' && tlds.length === 1 && tlds[0] !== topLevelDomain(zone.name)) {
			findings.push(createFinding({
				code: 'SINGLE_POINT_OF_FAILURE',
				zone: zone.name,
				servers: addresses,
				message: `${zone.name}: every name server is named under one TLD, ${tlds[0]}`,
				evidence: [],
				facts: {dependsOn: 'one-tld'},
			}));
		}
	}
	return findings;
}
