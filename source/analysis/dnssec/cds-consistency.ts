import {dnskeyRData, dsDigest} from '../../dns/dnssec.js';
import type {ResourceRecord} from '../../dns/record.js';
import {presentRData} from '../../dns/present.js';
import type {Probe, Server, Zone} from '../../trace/model.js';
import {createFinding, type Finding} from '../finding.js';
import {listLabels, unique, type TraceView} from '../trace-view.js';
import {tagOf} from './verify-rrset.js';
import {servesPurpose} from '../../trace/probe-facts.js';

/** What one server said to the CDS and CDNSKEY questions: undefined for a question it gave no usable answer to. */
interface ServerCds {
	server: Server;
	cds?: ResourceRecord[];
	cdnskey?: ResourceRecord[];
	signatures: ResourceRecord[];
	keys: ResourceRecord[];
	probes: number[];
}

/**
 * Zonemaster DNSSEC15–18 (RFC 7344, RFC 8078): the CDS and CDNSKEY sets a zone publishes, that the parent may turn
 * into its DS. They must agree between servers and with each other's presence, match a key of the zone's DNSKEY
 * set and be signed by one; a set that differs from the parent's DS is a request to change it.
 */
export function checkCdsConsistency(view: TraceView): Finding[] {
	const findings: Finding[] = [];
	for (const zone of view.trace.zones) {
		const servers = serverAnswers(zone);
		const publishing = servers.filter((entry) => (entry.cds?.length ?? 0) + (entry.cdnskey?.length ?? 0) > 0);
		if (publishing.length === 0) continue;
		findings.push(...inconsistency(zone, servers, publishing), ...unmatched(zone, publishing), ...dsMismatch(view, zone, publishing));
	}
	return findings;
}

function serverAnswers(zone: Zone): ServerCds[] {
	return zone.servers.map((server) => {
		const own = (probe: Probe | undefined, type: string) =>
			probe && (probe.kind === 'answer' || probe.kind === 'nodata') ? (probe.response?.answer ?? []).filter((record) => record.type === type && record.name === zone.name) : undefined;
		const cdsProbe = server.probes.find((probe) => servesPurpose(probe, 'cds') && probe.question.type === 'CDS');
		const cdnskeyProbe = server.probes.find((probe) => servesPurpose(probe, 'cds') && probe.question.type === 'CDNSKEY');
		const dnskeyProbe = server.probes.find((probe) => servesPurpose(probe, 'dnskey'));
		const signatures = [cdsProbe, cdnskeyProbe].flatMap((probe) =>
			(probe?.response?.answer ?? []).filter((record) => record.type === 'RRSIG' && record.name === zone.name && record.data.kind === 'rrsig' && record.data.typeCovered === probe?.question.type),
		);
		return {
			server,
			cds: own(cdsProbe, 'CDS'),
			cdnskey: own(cdnskeyProbe, 'CDNSKEY'),
			signatures,
			keys: own(dnskeyProbe, 'DNSKEY') ?? [],
			probes: [cdsProbe, cdnskeyProbe, dnskeyProbe].flatMap((probe) => (probe ? [probe.id] : [])),
		};
	});
}

const setText = (records: ResourceRecord[] | undefined) => (records ?? []).map((record) => presentRData(record.data)).sort().join(', ');

/** DNSSEC15: the same CDS and CDNSKEY sets from every server, and each published with the other. */
function inconsistency(zone: Zone, servers: ServerCds[], publishing: ServerCds[]): Finding[] {
	const answered = servers.filter((entry) => entry.cds && entry.cdnskey);
	const problems: string[] = [];
	const involved: ServerCds[] = [];
	for (const type of ['cds', 'cdnskey'] as const) {
		const sets = new Map<string, ServerCds[]>();
		for (const entry of answered) sets.set(setText(entry[type]), [...(sets.get(setText(entry[type])) ?? []), entry]);
		if (sets.size <= 1) continue;
		const name = type.toUpperCase();
		problems.push(`the servers give different ${name} sets: ${[...sets].map(([text, holders]) => `${listLabels(holders.map((entry) => entry.server))} ${text === '' ? 'none' : text}`).join('; ')}`);
		involved.push(...answered);
	}
	for (const entry of publishing) {
		const cds = entry.cds?.length ?? 0;
		const cdnskey = entry.cdnskey?.length ?? 0;
		if (!entry.cds || !entry.cdnskey || (cds > 0) === (cdnskey > 0)) continue;
		problems.push(`${listLabels([entry.server])} publishes ${cds > 0 ? 'CDS but no CDNSKEY' : 'CDNSKEY but no CDS'}`);
		involved.push(entry);
	}
	if (problems.length === 0) return [];
	return [createFinding({
		code: 'CDS_INCONSISTENT',
		zone: zone.name,
		servers: unique(involved.map((entry) => entry.server.address)),
		message: `${zone.name}: ${problems.join('; ')}`,
		evidence: unique(involved.flatMap((entry) => entry.probes)),
	})];
}

/** RFC 8078 4: CDS 0 0 0 00 and CDNSKEY 0 3 0 AA== ask the parent to remove the DS; they match no key by design. */
function isDelete(record: ResourceRecord): boolean {
	if (record.data.kind === 'ds') return record.data.keyTag === 0 && record.data.algorithm === 0 && record.data.digestType === 0;
	return record.data.kind === 'dnskey' && record.data.flags === 0 && record.data.algorithm === 0;
}

function matchesKey(zone: Zone, record: ResourceRecord, keys: ResourceRecord[]): boolean {
	const data = record.data;
	if (data.kind === 'dnskey') return keys.some((key) => key.data.kind === 'dnskey' && key.data.flags === data.flags && key.data.algorithm === data.algorithm && key.data.publicKey === data.publicKey);
	if (data.kind !== 'ds') return false;
	return keys.some((key) => {
		if (key.data.kind !== 'dnskey' || key.data.algorithm !== data.algorithm || tagOf(key) !== data.keyTag) return false;
		const digest = dsDigest(zone.name, dnskeyRData({...key.data, publicKey: Buffer.from(key.data.publicKey, 'base64')}), data.digestType);
		// A digest type this tool cannot compute names its key by tag and algorithm alone (validators skip unknown
		// digest types, RFC 4035 5.2): not knowing is no mismatch.
		return digest === undefined || digest.toString('hex') === data.digest.toLowerCase();
	});
}

/** DNSSEC16 and 17: each CDS and CDNSKEY names a key of the zone's DNSKEY set, and a key of that set signs them. */
function unmatched(zone: Zone, publishing: ServerCds[]): Finding[] {
	const problems = new Map<string, ServerCds[]>();
	for (const entry of publishing) {
		if (entry.keys.length === 0) continue;
		const add = (problem: string) => problems.set(problem, [...(problems.get(problem) ?? []), entry]);
		for (const record of [...(entry.cds ?? []), ...(entry.cdnskey ?? [])]) {
			if (!isDelete(record) && !matchesKey(zone, record, entry.keys)) add(`${record.type} ${presentRData(record.data)} matches no DNSKEY`);
		}
		for (const type of ['CDS', 'CDNSKEY'] as const) {
			const set = type === 'CDS' ? entry.cds : entry.cdnskey;
			if (!set || set.length === 0) continue;
			const tags = entry.signatures.filter((signature) => signature.data.kind === 'rrsig' && signature.data.typeCovered === type).map((signature) => (signature.data.kind === 'rrsig' ? signature.data.keyTag : -1));
			if (!tags.some((tag) => entry.keys.some((key) => tagOf(key) === tag))) add(`the ${type} set is signed by no key of the DNSKEY set`);
		}
	}
	if (problems.size === 0) return [];
	const involved = unique([...problems.values()].flat());
	return [createFinding({
		code: 'CDS_NO_MATCHING_DNSKEY',
		zone: zone.name,
		servers: unique(involved.map((entry) => entry.server.address)),
		message: `${zone.name}: ${[...problems].map(([problem, holders]) => `${problem} (${listLabels(holders.map((entry) => entry.server))})`).join('; ')}`,
		evidence: unique(involved.flatMap((entry) => entry.probes)),
	})];
}

/** DNSSEC18: a CDS set other than the parent's DS asks the parent to change it, as a rollover does. */
function dsMismatch(view: TraceView, zone: Zone, publishing: ServerCds[]): Finding[] {
	const dsAnswers = view.dsProbes(zone).filter(({probe}) => probe.kind === 'answer' || probe.kind === 'nodata');
	if (dsAnswers.length === 0) return [];
	const parentDs = unique(dsAnswers.flatMap(({probe}) => (probe.response?.answer ?? []).filter((record) => record.type === 'DS' && record.name === zone.name).map((record) => presentRData(record.data)))).sort().join(', ');
	const differing = publishing.filter((entry) => entry.cds && entry.cds.length > 0 && setText(entry.cds) !== parentDs);
	if (differing.length === 0) return [];
	return [createFinding({
		code: 'CDS_DS_MISMATCH',
		zone: zone.name,
		servers: unique(differing.map((entry) => entry.server.address)),
		message: `${zone.name}: ${listLabels(differing.map((entry) => entry.server))} publish${differing.length === 1 ? 'es' : ''} CDS ${unique(differing.map((entry) => setText(entry.cds))).join(' / ')}; the parent's DS is ${parentDs === '' ? 'absent' : parentDs}`,
		evidence: unique([...differing.flatMap((entry) => entry.probes), ...dsAnswers.map(({probe}) => probe.id)]),
	})];
}
