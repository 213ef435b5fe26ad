import type {AddressOrigin, Nameserver, Probe, Server, UnusableAddress, Zone} from '../trace/model.js';
import {createFinding, type Finding} from './finding.js';
import {unique, type TraceView} from './trace-view.js';

/** Addresses given for a zone's name servers that no server can have: the walk never queried them. */
export function checkUnusableAddresses(view: TraceView): Finding[] {
	const senders = probeSenders(view);
	return view.trace.zones.flatMap((zone) => {
		const given = zone.nameservers.flatMap((ns) => (ns.unusable ?? []).map((known) => ({ns, known, sent: sentBy(view, senders, zone, ns, known)})));
		if (given.length === 0) return [];
		const origins = new Set(given.flatMap(({known}) => known.origins));
		const sent = given.flatMap(({sent}) => sent);
		return [
			createFinding({
				code: 'ADDRESS_UNUSABLE',
				zone: zone.name,
				servers: unique(sent.map(({server}) => server.address)),
				message: `${zone.name}: ${given.map(({ns, known}) => `${ns.name} is given ${known.address} by ${known.origins.map((origin) => whose(zone, origin)).join(' and ')}: ${known.reason}`).join('; ')}; never queried`,
				evidence: unique(sent.map(({probe}) => probe.id)),
				facts: {glue: origins.has('glue'), zoneData: origins.has('child') || origins.has('subtrace'), hints: origins.has('hints'), anyServer: zone.servers.length > 0},
			}),
		];
	});
}

function whose(zone: Zone, origin: AddressOrigin): string {
	switch (origin) {
		case 'glue':
			return `the glue at ${zone.parent ?? 'the parent'}`;
		case 'child':
			return `${zone.name} itself`;
		case 'subtrace':
			return 'its own zone';
		case 'hints':
			return 'the root hints';
	}
}

type Sent = {server: Server; probe: Probe};

/** Every probe's server, by probe id: a sub-trace's step names only its probe. */
function probeSenders(view: TraceView): Map<number, Sent> {
	return new Map(view.trace.zones.flatMap((zone) => zone.servers.flatMap((server) => server.probes.map((probe) => [probe.id, {server, probe}] as const))));
}

/** The responses that gave a name server this address: the parent's referrals, the zone's answers, the sub-trace's answer. */
function sentBy(view: TraceView, senders: Map<number, Sent>, zone: Zone, ns: Nameserver, known: UnusableAddress): Sent[] {
	const hasAddress = (probe: Probe) => (probe.response?.answer ?? []).some((record) => record.name === ns.name && record.data.kind === 'address' && record.data.address === known.address);
	return known.origins.flatMap((origin): Sent[] => {
		switch (origin) {
			case 'glue':
				return view.referrals(zone).filter(({classification}) => classification.referral?.glue.some((glue) => glue.name === ns.name && glue.address === known.address));
			case 'child':
				return view.probes(zone, 'ns-address').filter(({probe}) => probe.question.name === ns.name && probe.kind === 'answer' && hasAddress(probe));
			case 'subtrace':
				return ns.subtraces.flatMap((id) => {
					const last = view.trace.resolutions[id]?.steps.at(-1)?.probe;
					const sent = last === undefined ? undefined : senders.get(last);
					return sent && hasAddress(sent.probe) ? [sent] : [];
				});
			case 'hints':
				return [];
		}
	});
}
