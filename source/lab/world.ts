import {canonicalAddress} from '../dns/address.js';
import {fqdn, type Name} from '../dns/name.js';
import type {ResourceRecord} from '../dns/record.js';
import type {RootHints} from '../dns/root-hints.js';
import {parseZoneText} from '../dns/zone-text.js';
import {loadZone, type ServedZone, type UpwardHint, type ZoneCopy, type ZoneMode} from './authoritative.js';

/** A zone as a teacher writes it: master-file text, origin implied. */
export interface ZoneSpec {
	origin: string;
	text: string;
}

export interface ServedZoneSpec {
	zone: string;
	/** How this server answers for the zone; `serve` when absent. */
	mode?: ZoneMode;
	/** Serve this other copy (an older serial, say) instead of the zone's current text. */
	copy?: ZoneSpec;
}

export interface ServerSpec {
	/** The host name the server is known by in NS records. */
	name: string;
	ipv4?: string;
	ipv6?: string;
	/** Round-trip time this server adds, in ms (scaled by the lab's latency factor). */
	latencyMs?: number;
	/** Never answers anything: a dead host, or one drowned by a DDoS. */
	down?: boolean;
	/** Answers every UDP query with TC=1 and nothing else, so askers must use TCP. */
	truncateUdp?: boolean;
	/** Has no TCP listener. */
	noTcp?: boolean;
	zones: ServedZoneSpec[];
}

export interface StorySpec {
	/** What to trace. */
	name: string;
	type?: string;
	title: string;
	/** The real incident it models, one line. */
	incident: string;
	/** What to look for in the trace, one line. */
	lookFor: string;
}

export interface WorldSpec {
	zones: ZoneSpec[];
	servers: ServerSpec[];
	/** Names of the servers listed in the lab's root hints. */
	roots: string[];
	stories: StorySpec[];
}

export interface LabServer {
	name: Name;
	addresses: string[];
	latencyMs: number;
	down: boolean;
	truncateUdp: boolean;
	noTcp: boolean;
	zones: ServedZone[];
}

export interface LabWorld {
	spec: WorldSpec;
	servers: LabServer[];
	byAddress: Map<string, LabServer>;
	zones: Map<Name, ZoneCopy>;
	hints: RootHints;
	upward: UpwardHint;
}

/** Parses and indexes a world once; every server gets its own copy of the zones it serves. */
export function buildWorld(spec: WorldSpec): LabWorld {
	const zones = new Map<Name, ZoneCopy>();
	for (const zone of spec.zones) {
		const origin = fqdn(zone.origin);
		if (zones.has(origin)) throw new Error(`the lab defines zone ${origin} twice`);
		zones.set(origin, loadZone(origin, parseZoneText(zone.text, {origin, source: `lab zone ${origin}`})));
	}

	const servers: LabServer[] = [];
	const byAddress = new Map<string, LabServer>();
	for (const server of spec.servers) {
		const served: ServedZone[] = server.zones.map((entry) => {
			const origin = fqdn(entry.zone);
			const copy = entry.copy
				? loadZone(origin, parseZoneText(entry.copy.text, {origin, source: `lab zone ${origin} (copy on ${server.name})`}))
				: zones.get(origin);
			if (!copy) throw new Error(`server ${server.name} serves ${origin}, which the lab does not define`);
			return {copy, mode: entry.mode ?? 'serve'};
		});
		const addresses = [server.ipv4, server.ipv6].filter((address): address is string => Boolean(address)).map(canonicalAddress);
		const built: LabServer = {
			name: fqdn(server.name),
			addresses,
			latencyMs: server.latencyMs ?? 0,
			down: server.down ?? false,
			truncateUdp: server.truncateUdp ?? false,
			noTcp: server.noTcp ?? false,
			zones: served,
		};
		for (const address of addresses) {
			if (byAddress.has(address)) throw new Error(`address ${address} is used by two lab servers`);
			byAddress.set(address, built);
		}
		servers.push(built);
	}

	const hints: RootHints = {
		source: 'lab',
		servers: spec.roots.map((name) => {
			const server = servers.find((candidate) => candidate.name === fqdn(name));
			if (!server) throw new Error(`root server ${name} is not defined in the lab`);
			return {name: server.name, addresses: server.addresses};
		}),
	};
	const upward: UpwardHint = {
		records: hints.servers.map((server): ResourceRecord => ({name: '.', type: 'NS', class: 'IN', ttl: 518_400, data: {kind: 'name', target: server.name}})),
	};
	return {spec, servers, byAddress, zones, hints, upward};
}
