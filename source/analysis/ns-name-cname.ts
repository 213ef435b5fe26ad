import {isAtOrBelow, type Name} from '../dns/name.js';
import type {Probe, Server, Zone} from '../trace/model.js';
import {createFinding, type Finding} from './finding.js';
import {listLabels, unique, type TraceView} from './trace-view.js';

/** Where a name server's name was seen to be an alias: the probes that carried the CNAME, and who sent them. */
interface Alias {
	name: Name;
	target: Name;
	sightings: Array<{server: Server; probe: Probe}>;
}

/**
 * RFC 2181 10.3 (Zonemaster DELEGATION05): an NS record must name a host, not an alias. Resolvers may refuse to
 * follow it (BIND logs "is a CNAME (illegal)"), and a referral cannot carry glue for it. Seen either where the
 * zone was asked for its own servers' addresses or in the sub-trace that looked a name server up.
 */
export function checkNsNameCnames(view: TraceView): Finding[] {
	const byId = new Map<number, {server: Server; probe: Probe}>();
	for (const zone of view.trace.zones) for (const entry of view.probes(zone)) byId.set(entry.probe.id, entry);
	const findings: Finding[] = [];
	for (const zone of view.trace.zones) {
		const aliases = zone.nameservers.flatMap((ns) => {
			const alias = aliasOf(view, zone, ns.name, ns.subtraces, byId);
			return alias ? [alias] : [];
		});
		if (aliases.length === 0) continue;
		const sightings = aliases.flatMap((alias) => alias.sightings);
		findings.push(createFinding({
			code: 'NS_NAME_IS_CNAME',
			zone: zone.name,
			servers: unique(sightings.map(({server}) => server.address)),
			message: `${zone.name}: ${aliases.map((alias) => `the name server ${alias.name} is an alias (CNAME to ${alias.target}, from ${listLabels(unique(alias.sightings.map(({server}) => server)))})`).join('; ')}`,
			evidence: unique(sightings.map(({probe}) => probe.id)),
		}));
	}
	return findings;
}

function aliasOf(view: TraceView, zone: Zone, name: Name, subtraces: number[], byId: Map<number, {server: Server; probe: Probe}>): Alias | undefined {
	const candidates = [
		...view.probes(zone, 'ns-address').filter(({probe}) => probe.question.name === name),
		...subtraces.flatMap((id) => (view.trace.resolutions[id]?.steps ?? []).flatMap((step) => (step.probe === undefined ? [] : [byId.get(step.probe)]))),
	].filter((entry): entry is {server: Server; probe: Probe} => entry !== undefined);
	let target: Name | undefined;
	const sightings: Alias['sightings'] = [];
	for (const entry of candidates) {
		// Only a server of the zone holding the name may say it is an alias: anything else in the answer was not believed.
		const cname = isAtOrBelow(name, entry.probe.zone) ? entry.probe.response?.answer.find((record) => record.type === 'CNAME' && record.name === name) : undefined;
		if (cname?.data.kind !== 'name') continue;
		target ??= cname.data.target;
		if (!sightings.some((seen) => seen.probe.id === entry.probe.id)) sightings.push(entry);
	}
	return target === undefined ? undefined : {name, target, sightings};
}
