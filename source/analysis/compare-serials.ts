import type {Server} from '../trace/model.js';
import {isZoneSoaProbe} from '../trace/probe-facts.js';
import {createFinding, type Finding} from './finding.js';
import {describeLag} from './serial-age.js';
import {listLabels, type TraceView} from './trace-view.js';

/** RFC 1982 serial number arithmetic (SERIAL_BITS = 32): is a newer than b, and by how much. */
export function serialDistance(a: number, b: number): number {
	const difference = (a - b) >>> 0;
	return difference < 2 ** 31 ? difference : -((b - a) >>> 0);
}

/** The newest of some serials (RFC 1982), or undefined for none. */
export function newestSerial(serials: readonly number[]): number | undefined {
	return serials.reduce<number | undefined>((best, serial) => (best === undefined || serialDistance(serial, best) > 0 ? serial : best), undefined);
}

interface SoaView {
	server: Server;
	probe: number;
	serial: number;
	expire: number;
	/** The other SOA fields, as Zonemaster groups them: MNAME (CONSISTENCY06), RNAME (02) and the timers (03). */
	fields: Record<SoaField, string>;
}

type SoaField = 'primary' | 'contact' | 'timers';

/** Serials and the other SOA fields, server by server: a lagging secondary names itself. */
export function checkSerials(view: TraceView): Finding[] {
	const findings: Finding[] = [];
	for (const zone of view.trace.zones) {
		const soas: SoaView[] = [];
		for (const {server, probe} of view.probes(zone).filter(({probe: candidate}) => isZoneSoaProbe(candidate))) {
			const soa = probe.kind === 'answer' ? probe.response?.answer.find((record) => record.type === 'SOA' && record.name === zone.name) : undefined;
			if (soa?.data.kind !== 'soa') continue;
			const {serial, mname, rname, refresh, retry, expire, minimum} = soa.data;
			soas.push({server, probe: probe.id, serial, expire, fields: {primary: mname, contact: rname, timers: `refresh ${refresh}, retry ${retry}, expire ${expire}, minimum ${minimum}`}});
		}
		if (soas.length < 2) continue;
		const newest = newestSerial(soas.map((soa) => soa.serial))!;
		const atNewest = soas.filter((soa) => soa.serial === newest);
		const lagging = soas.filter((soa) => soa.serial !== newest);
		if (lagging.length > 0) {
			const behind = new Map<number, Server[]>();
			for (const soa of lagging) behind.set(soa.serial, [...(behind.get(soa.serial) ?? []), soa.server]);
			const current = atNewest.map((soa) => soa.server);
			const oldestCopy = lagging.reduce((worst, candidate) => (serialDistance(candidate.serial, worst.serial) < 0 ? candidate : worst));
			const oldest = oldestCopy.serial;
			// A secondary's SOA is its primary's, MNAME and all: copies that name another primary than the newest are fed
			// from elsewhere (a move between providers half done, two providers each editing their own), not a transfer
			// that stopped. Said of the copies whose primary no server at the newest serial names; the explanation is the
			// other source's only when every older copy is one (beside a secondary that stopped, it is that secondary's).
			const currentPrimaries = new Set(atNewest.map((soa) => soa.fields.primary));
			const elsewhere = lagging.filter((soa) => !currentPrimaries.has(soa.fields.primary));
			const otherPrimaries = [...new Set(elsewhere.map((soa) => soa.fields.primary))];
			const fedElsewhere = elsewhere.map((soa) => soa.server);
			const primaries = elsewhere.length === 0 ? '' : `; ${elsewhere.length === lagging.length ? `the older ${elsewhere.length === 1 ? 'copy names' : 'copies name'}` : `${listLabels(fedElsewhere)}'s ${elsewhere.length === 1 ? 'copy names' : 'copies name'}`} another primary (SOA MNAME ${otherPrimaries.join(', ')}) than the newest (${[...currentPrimaries].join(', ')})`;
			findings.push(createFinding({
				code: 'SERIAL_MISMATCH',
				zone: zone.name,
				servers: lagging.map((soa) => soa.server.address),
				message: `${zone.name}: ${[...behind.entries()].map(([serial, servers]) => `${listLabels(servers)} serve${servers.length === 1 ? 's' : ''} serial ${serial} (${describeLag(serial, newest, -serialDistance(serial, newest))})`).join('; ')}: ${current.length === 1 ? `${listLabels(current)} serves` : `the other ${current.length} serve`} ${newest}${primaries}`,
				evidence: soas.map((soa) => soa.probe),
				facts: {newest, oldest, behind: -serialDistance(oldest, newest), expire: oldestCopy.expire, otherPrimary: elsewhere.length === lagging.length},
			}));
		}
		// Across serials the fields may differ because the zone changed: SERIAL_MISMATCH already says so.
		const differing = SOA_FIELDS.filter((field) => new Set(atNewest.map((soa) => soa.fields[field])).size > 1);
		if (differing.length > 0) {
			findings.push(createFinding({
				code: 'SOA_MISMATCH',
				zone: zone.name,
				servers: atNewest.map((soa) => soa.server.address),
				message: `${zone.name}: servers at serial ${newest} disagree on ${differing.map((field) => `the ${field} (${describeVariants(atNewest, field)})`).join(' and ')}`,
				evidence: atNewest.map((soa) => soa.probe),
			}));
		}
	}
	return findings;
}

const SOA_FIELDS: SoaField[] = ['primary', 'contact', 'timers'];

/** Each value of one field with the servers that serve it: "x.: a (1.2.3.4); y.: b (5.6.7.8)". */
function describeVariants(soas: SoaView[], field: SoaField): string {
	const groups = new Map<string, Server[]>();
	for (const soa of soas) groups.set(soa.fields[field], [...(groups.get(soa.fields[field]) ?? []), soa.server]);
	return [...groups.entries()].map(([value, servers]) => `${value} at ${listLabels(servers)}`).join('; ');
}
