import type {Name} from '../dns/name.js';
import {classifyResponse, type Classification} from '../trace/classify.js';
import {savedWhileRunning, servesPurpose, zoneStillOut} from '../trace/probe-facts.js';
import type {Probe, ProbePurpose, Server, Trace, Zone} from '../trace/model.js';
import {listInWords} from '../trace/bounded-list.js';
import {byNameThenAddress} from '../trace/server-order.js';

/** Read-only helpers over a trace, shared by the checks. Pure: no I/O, no mutation. */
export interface TraceView {
	trace: Trace;
	zone(name: Name): Zone | undefined;
	/** Probes a zone's servers answered (or not) for one purpose. */
	probes(zone: Zone, purpose?: ProbePurpose): ReadonlyArray<{server: Server; probe: Probe}>;
	/** The parent's walk probes that referred to this zone: the delegation as the parent's servers gave it. */
	referrals(zone: Zone): ReadonlyArray<{server: Server; probe: Probe; classification: Classification}>;
	/** The parent's answers to "zone DS". */
	dsProbes(zone: Zone): ReadonlyArray<{server: Server; probe: Probe}>;
	classify(probe: Probe): Classification | undefined;
	/** Saved while its walk ran (`savedWhileRunning`), worked out once: every check asks, zone by zone. */
	running: boolean;
	/** `zoneStillOut`, without a look at any probe when the trace was not saved while it ran. */
	stillOut(zone: Zone): boolean;
}

export function createView(trace: Trace): TraceView {
	const zones = new Map(trace.zones.map((zone) => [zone.name, zone]));
	const classifications = new Map<number, Classification>();
	const classify = (probe: Probe): Classification | undefined => {
		const {response} = probe;
		return response ? kept(classifications, probe.id, () => classifyResponse(response, probe.zone, probe.question)) : undefined;
	};
	const running = savedWhileRunning(trace);
	// Every check asks for the same few lists, zone by zone (a large trace's analysis made them thousands of times):
	// each is made once per zone (by the zone itself, not its name) and handed out read-only.
	const probeLists = new Map<ProbePurpose | 'all', Map<Zone, ReadonlyArray<{server: Server; probe: Probe}>>>();
	const referralLists = new Map<Zone, ReadonlyArray<{server: Server; probe: Probe; classification: Classification}>>();
	const dsLists = new Map<Zone, ReadonlyArray<{server: Server; probe: Probe}>>();
	const probes = (zone: Zone, purpose?: ProbePurpose): ReadonlyArray<{server: Server; probe: Probe}> =>
		kept(kept(probeLists, purpose ?? 'all', () => new Map()), zone, () => zone.servers.flatMap((server) => server.probes.filter((probe) => !purpose || servesPurpose(probe, purpose)).map((probe) => ({server, probe}))));
	return {
		trace,
		zone: (name) => zones.get(name),
		probes,
		referrals: (zone) =>
			kept(referralLists, zone, () => {
				const parent = zone.parent ? zones.get(zone.parent) : undefined;
				if (!parent) return [];
				return probes(parent)
					.filter(({probe}) => probe.kind === 'referral' && probe.referral === zone.name)
					.map(({server, probe}) => ({server, probe, classification: classify(probe)!}));
			}),
		dsProbes: (zone) =>
			kept(dsLists, zone, () => {
				const parent = zone.parent ? zones.get(zone.parent) : undefined;
				if (!parent) return [];
				return probes(parent, 'ds').filter(({probe}) => probe.question.name === zone.name);
			}),
		classify,
		running,
		stillOut: (zone) => running && zoneStillOut(trace, zone),
	};
}

/** What `make` gives for `key`, made once and kept in `made`. */
function kept<K, V>(made: Map<K, V>, key: K, make: () => V): V {
	let value = made.get(key);
	if (value === undefined) {
		value = make();
		made.set(key, value);
	}
	return value;
}

export function serverLabel(server: {name: Name; address: string}): string {
	return `${server.name} (${server.address})`;
}

/** Servers by name and address, in the one server order, the first few named and the rest counted (listInWords). */
export function listLabels(servers: Array<{name: Name; address: string}>): string {
	return listInWords(servers, {order: byNameThenAddress, say: serverLabel});
}

export function unique<T>(values: T[]): T[] {
	return [...new Set(values)];
}
