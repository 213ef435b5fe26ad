import {isAtOrBelow, type Name} from '../dns/name.js';
import type {Probe, Server} from '../trace/model.js';
import {createFinding, type Finding} from './finding.js';
import {listLabels, unique, type TraceView} from './trace-view.js';

/** One owner name that a zone's servers gave more than one alias target for, and who gave them. */
interface Aliases {
	owner: Name;
	targets: Name[];
	sightings: Array<{server: Server; probe: Probe}>;
	/** Every server address that answered for the owner: with one alias or more, or with none (its own records, NXDOMAIN). */
	answering: Set<string>;
}

/**
 * RFC 2181 10.1: a name has at most one CNAME record. A server that sends two or more for one owner splits resolvers:
 * BIND refuses the whole response as malformed (FORMERR, a singleton type with two records) and tries another
 * server, while Unbound follows the first it reads, which may be either. The walk follows the first too, so without
 * this finding the others would go unseen. Only a server of the zone holding the owner speaks for it, with AA.
 */
export function checkMultipleCnames(view: TraceView): Finding[] {
	const findings: Finding[] = [];
	for (const zone of view.trace.zones) {
		const byOwner = new Map<Name, Aliases>();
		for (const entry of view.probes(zone)) {
			const response = entry.probe.response;
			if (!response?.flags.aa) continue;
			const targets = new Map<Name, Name[]>();
			for (const record of response.answer) {
				if (record.type !== 'CNAME' || record.data.kind !== 'name' || !isAtOrBelow(record.name, zone.name)) continue;
				targets.set(record.name, unique([...(targets.get(record.name) ?? []), record.data.target]));
			}
			for (const [owner, names] of targets) {
				const seen = byOwner.get(owner) ?? {owner, targets: [], sightings: [], answering: new Set()};
				seen.answering.add(entry.server.address);
				byOwner.set(owner, seen);
				if (names.length < 2) continue;
				seen.targets = unique([...seen.targets, ...names]);
				seen.sightings.push(entry);
			}
		}
		// A server that answers the owner without an alias (its own A records, say) is one BIND can still ask.
		for (const {server, probe} of view.probes(zone)) {
			if (probe.response?.flags.aa && (probe.response.rcode === 'NOERROR' || probe.response.rcode === 'NXDOMAIN')) byOwner.get(probe.question.name)?.answering.add(server.address);
		}
		for (const aliases of byOwner.values()) {
			if (aliases.sightings.length === 0) continue;
			const servers = unique(aliases.sightings.map(({server}) => server));
			findings.push(createFinding({
				code: 'CNAME_MULTIPLE',
				facts: {everyServer: servers.length >= aliases.answering.size},
				zone: zone.name,
				servers: unique(servers.map((server) => server.address)),
				message: `${aliases.owner} has ${aliases.targets.length} CNAME records (to ${aliases.targets.join(', ')}), from ${listLabels(servers)}: a name may have one alias (RFC 2181 10.1)`,
				evidence: unique(aliases.sightings.map(({probe}) => probe.id)),
			}));
		}
	}
	return findings;
}
