import {compareCanonical} from '../dns/canonical.js';
import {base32hex, encodeMessage} from '../dns/codec.js';
import {nsec3Hash} from '../dns/dnssec.js';
import {NSID_OPTION} from '../dns/nsid.js';
import {isAtOrBelow, isStrictlyBelow, labels, nameFromLabels, parentName, substituteSuffix, type Name, wireLabels} from '../dns/name.js';
import type {Message, Question, ResourceRecord} from '../dns/record.js';
import type {Nsec3Settings} from './signer.js';

/** One server's copy of one zone: its records, indexed by owner name, and its DNSSEC material if signed. */
export interface ZoneCopy {
	origin: Name;
	records: ResourceRecord[];
	byName: Map<Name, ResourceRecord[]>;
	/** RRSIGs by `owner|type covered`; empty for an unsigned copy. */
	signatures: Map<string, ResourceRecord[]>;
	/** The NSEC chain in canonical order. */
	nsec: ResourceRecord[];
	/** NSEC3 records (with their RRSIGs) and parameters, for a zone signed with NSEC3. */
	nsec3: ResourceRecord[];
	nsec3Settings?: Nsec3Settings;
}

export function loadZone(origin: Name, records: ResourceRecord[], nsec3: ResourceRecord[] = [], nsec3Settings?: Nsec3Settings): ZoneCopy {
	const byName = new Map<Name, ResourceRecord[]>();
	const signatures = new Map<string, ResourceRecord[]>();
	for (const record of [...records, ...nsec3]) {
		if (!isAtOrBelow(record.name, origin)) throw new Error(`${record.name} ${record.type} is outside the zone ${origin}`);
		if (record.type === 'RRSIG' && record.data.kind === 'rrsig') {
			const key = `${record.name}|${record.data.typeCovered}`;
			signatures.set(key, [...(signatures.get(key) ?? []), record]);
			continue;
		}
		if (record.type === 'NSEC3') continue;
		const list = byName.get(record.name) ?? [];
		list.push(record);
		byName.set(record.name, list);
	}
	if (!byName.get(origin)?.some((record) => record.type === 'SOA')) throw new Error(`zone ${origin} has no SOA at its apex`);
	const nsec = records.filter((record) => record.type === 'NSEC').sort((a, b) => compareCanonical(a.name, b.name));
	return {origin, records, byName, signatures, nsec, nsec3: nsec3.filter((record) => record.type === 'NSEC3'), ...(nsec3Settings ? {nsec3Settings} : {})};
}

/** How a server answers for one of its zones. */
export type ZoneMode =
	/** Answers authoritatively from its copy. */
	| 'serve'
	/** Answers REFUSED: the zone is no longer configured on this server. */
	| 'refuse'
	/** Answers from its copy but without AA, like a server that only has the data cached (lame). */
	| 'no-authority'
	/** Refers the asker back to the root: the classic upward referral of a server that lost the zone. */
	| 'upward-referral'
	/** Answers SERVFAIL: the zone failed to load. */
	| 'servfail'
	/** Answers NOTIMP: a DNS firewall in front of the server that knows no query it was not told of. */
	| 'notimp';

export interface ServedZone {
	copy: ZoneCopy;
	mode: ZoneMode;
	/** Deliberate damage: denials and wildcard answers come without the NSEC/NSEC3 records about wildcards. */
	withoutWildcardProofs?: boolean;
}

/** Root NS records an upward referral points to; only the names matter to the asker. */
export interface UpwardHint {
	records: ResourceRecord[];
}

const RESPONSE_TTL_FLOOR = 0;
/** Standard limit for CNAME chasing inside one zone, as BIND does when answering. */
const MAX_IN_ZONE_CHAIN = 8;

/**
 * RFC 1034 4.3.2 for an authoritative-only server: pick the zone, find a cut, answer, refer, or deny.
 * Pure: the lab's in-process network and its loopback sockets both call it. `nsid` (hex) is the server's NSID,
 * sent only to a query that asks for it (RFC 5001 3).
 */
export function answerQuery(query: Message, zones: ServedZone[], upward: UpwardHint, nsid?: string): Message {
	const question = query.question[0];
	const asksNsid = nsid !== undefined && query.edns?.options.some((option) => option.code === NSID_OPTION) === true;
	const base: Message = {
		id: query.id,
		opcode: query.opcode,
		rcode: 'NOERROR',
		flags: {qr: true, aa: false, tc: false, rd: query.flags.rd, ra: false, ad: false, cd: query.flags.cd},
		question: question ? [question] : [],
		answer: [],
		authority: [],
		additional: [],
		...(query.edns ? {edns: {version: 0, udpSize: 1232, dnssecOk: query.edns.dnssecOk, extendedRcode: 0, options: asksNsid ? [{code: NSID_OPTION, hex: nsid}] : []}} : {}),
	};
	// RFC 6891 6.1.3: an EDNS version this server does not implement (it knows 0) is answered BADVERS, with its own version, 0.
	if (query.edns && query.edns.version > 0) return {...base, rcode: 'BADVERS'};
	if (query.opcode !== 'QUERY') return {...base, rcode: 'NOTIMP'};
	if (!question || query.question.length !== 1) return {...base, rcode: 'FORMERR'};
	if (question.class !== 'IN') return {...base, rcode: 'REFUSED'};

	const served = closestZone(zones, question.name, question.type);
	if (!served) return {...base, rcode: 'REFUSED'};
	switch (served.mode) {
		case 'refuse':
			return {...base, rcode: 'REFUSED'};
		case 'servfail':
			return {...base, rcode: 'SERVFAIL'};
		case 'notimp':
			return {...base, rcode: 'NOTIMP'};
		case 'upward-referral':
			return {...base, authority: upward.records};
		case 'serve':
		case 'no-authority': {
			const {response, proofs} = answerFromZone(base, served.copy, question);
			if (query.edns?.dnssecOk && served.copy.signatures.size > 0) for (const proof of proofs) addDnssec(response, served.copy, proof, served.withoutWildcardProofs === true);
			if (served.mode === 'no-authority') response.flags.aa = false;
			return response;
		}
	}
}

/**
 * The deepest zone served that holds the name; for a DS at a zone's apex, the deepest above it, when this server
 * serves the parent too: the DS is the parent's data (RFC 4035 3.1.4.1), as BIND and NSD answer it.
 */
function closestZone(zones: ServedZone[], name: Name, type: string): ServedZone | undefined {
	let best: ServedZone | undefined;
	for (const zone of zones) {
		const holds = isAtOrBelow(name, zone.copy.origin) && !(type === 'DS' && name === zone.copy.origin && name !== '.' && zones.some((other) => other !== zone && isStrictlyBelow(name, other.copy.origin)));
		if (holds && (!best || zone.copy.origin.length > best.copy.origin.length)) best = zone;
	}
	return best;
}

/** What a signed server must prove besides signing the RRsets it returns. */
type Proof =
	| {kind: 'none'}
	| {kind: 'nodata'; name: Name}
	| {kind: 'nxdomain'; name: Name}
	/** An answer or a NODATA from the wildcard at `encloser`, the name's closest encloser (RFC 4592). */
	| {kind: 'wildcard'; name: Name; encloser: Name}
	| {kind: 'wildcard-nodata'; name: Name; encloser: Name}
	| {kind: 'referral'; cut: Name};

/**
 * The answer, and what a signed server must prove for it: one proof for how the answer ends, after one for each CNAME
 * of the chain that a wildcard synthesised (RFC 4035 3.1.3.3: the name it was synthesised for does not exist).
 */
function answerFromZone(base: Message, zone: ZoneCopy, question: Question): {response: Message; proofs: Proof[]} {
	const response: Message = {...base, flags: {...base.flags}, answer: [], authority: [], additional: []};
	const proofs: Proof[] = [];
	const done = (proof: Proof) => ({response, proofs: [...proofs, proof]});
	let name = question.name;

	for (let link = 0; link <= MAX_IN_ZONE_CHAIN; link++) {
		const cut = findCut(zone, name);
		// The parent is authoritative for the DS at a cut (RFC 4035 3.1.4.1); everything else below it is referred.
		if (cut && !(question.type === 'DS' && name === cut)) {
			if (response.answer.length > 0) {
				response.flags.aa = true;
				return done({kind: 'none'});
			}
			const ns = zone.byName.get(cut)!.filter((record) => record.type === 'NS');
			response.authority.push(...ns, ...(zone.byName.get(cut) ?? []).filter((record) => record.type === 'DS'));
			response.additional.push(...addressesFor(zone, ns));
			return done({kind: 'referral', cut});
		}

		response.flags.aa = true;
		const here = zone.byName.get(name);
		if (here) {
			const matching = here.filter((record) => record.type === question.type || question.type === 'ANY');
			if (matching.length > 0) {
				response.answer.push(...matching);
				if (question.type === 'NS' || question.type === 'MX' || question.type === 'SRV') response.additional.push(...addressesFor(zone, matching));
				return done({kind: 'none'});
			}
			// The whole CNAME RRset, as a server fed from a database sends it: a zone that (wrongly) holds two aliases for
			// one name shows both, and the chain goes on from the first.
			const cnames = here.filter((record) => record.type === 'CNAME');
			const cname = cnames[0];
			if (cname && cname.data.kind === 'name' && question.type !== 'CNAME') {
				response.answer.push(...cnames);
				if (!isAtOrBelow(cname.data.target, zone.origin)) return done({kind: 'none'});
				name = cname.data.target;
				continue;
			}
			response.authority.push(soaFor(zone));
			return done({kind: 'nodata', name});
		}

		const dname = findDname(zone, name);
		if (dname && dname.data.kind === 'name') {
			const target = substituteSuffix(name, dname.name, dname.data.target);
			response.answer.push(dname, {name, type: 'CNAME', class: 'IN', ttl: dname.ttl, data: {kind: 'name', target}});
			if (!isAtOrBelow(target, zone.origin)) return done({kind: 'none'});
			name = target;
			continue;
		}

		// RFC 4592 2.2.1: a wildcard matches only names that do not exist; an empty non-terminal (a name above others,
		// delegations included) exists, and gets a NODATA of its own.
		const exists = nameExists(zone, name);
		const wildcard = exists ? undefined : findWildcard(zone, name);
		if (wildcard) {
			const matching = wildcard.records.filter((record) => record.type === question.type);
			if (matching.length > 0) {
				response.answer.push(...matching.map((record) => ({...record, name})));
				return done({kind: 'wildcard', name, encloser: wildcard.encloser});
			}
			// A wildcard CNAME is synthesised like any wildcard RRset, and the chain goes on from its target (RFC 4592 4.3).
			const cname = wildcard.records.find((record) => record.type === 'CNAME');
			if (cname && cname.data.kind === 'name' && question.type !== 'CNAME') {
				response.answer.push({...cname, name});
				proofs.push({kind: 'wildcard', name, encloser: wildcard.encloser});
				if (!isAtOrBelow(cname.data.target, zone.origin)) return done({kind: 'none'});
				name = cname.data.target;
				continue;
			}
			response.authority.push(soaFor(zone));
			return done({kind: 'wildcard-nodata', name, encloser: wildcard.encloser});
		}

		// An empty non-terminal exists (NODATA); a name with nothing at or below it does not (NXDOMAIN).
		if (!exists) response.rcode = 'NXDOMAIN';
		response.authority.push(soaFor(zone));
		return done(exists ? {kind: 'nodata', name} : {kind: 'nxdomain', name});
	}
	return done({kind: 'none'});
}

/** The highest delegation point between the zone apex (exclusive) and `name` (inclusive). */
function findCut(zone: ZoneCopy, name: Name): Name | undefined {
	const parts = wireLabels(name);
	const apexLabels = wireLabels(zone.origin).length;
	for (let take = apexLabels + 1; take <= parts.length; take++) {
		const candidate = nameFromLabels(parts.slice(parts.length - take));
		if (zone.byName.get(candidate)?.some((record) => record.type === 'NS')) return candidate;
	}
	return undefined;
}

function findDname(zone: ZoneCopy, name: Name): ResourceRecord | undefined {
	for (const [owner, records] of zone.byName) {
		if (!isStrictlyBelow(name, owner)) continue;
		const dname = records.find((record) => record.type === 'DNAME');
		if (dname) return dname;
	}
	return undefined;
}

/** A name exists when it owns records or is an empty non-terminal above some. */
function nameExists(zone: ZoneCopy, name: Name): boolean {
	return zone.byName.has(name) || zone.records.some((record) => isStrictlyBelow(record.name, name));
}

/** RFC 4592: the wildcard at the closest encloser, when the name itself does not exist. */
function findWildcard(zone: ZoneCopy, name: Name): {records: ResourceRecord[]; encloser: Name} | undefined {
	let encloser = parentName(name);
	while (isAtOrBelow(encloser, zone.origin)) {
		if (nameExists(zone, encloser)) {
			const records = zone.byName.get(encloser === '.' ? '*.' : `*.${encloser}`);
			return records ? {records, encloser} : undefined;
		}
		if (encloser === zone.origin) return undefined;
		encloser = parentName(encloser);
	}
	return undefined;
}

function soaFor(zone: ZoneCopy): ResourceRecord {
	const soa = zone.byName.get(zone.origin)!.find((record) => record.type === 'SOA')!;
	// RFC 2308 3: the negative TTL is the lesser of the SOA TTL and its MINIMUM field.
	const minimum = soa.data.kind === 'soa' ? soa.data.minimum : soa.ttl;
	return {...soa, ttl: Math.max(RESPONSE_TTL_FLOOR, Math.min(soa.ttl, minimum))};
}

/** A and AAAA records the zone holds for the targets of NS/MX/SRV records (glue, or in-zone addresses). */
function addressesFor(zone: ZoneCopy, records: ResourceRecord[]): ResourceRecord[] {
	const out: ResourceRecord[] = [];
	for (const record of records) {
		const target = record.data.kind === 'name' ? record.data.target : record.data.kind === 'mx' ? record.data.exchange : record.data.kind === 'srv' ? record.data.target : undefined;
		if (!target) continue;
		for (const extra of zone.byName.get(target) ?? []) {
			if ((extra.type === 'A' || extra.type === 'AAAA') && !out.includes(extra)) out.push(extra);
		}
	}
	return out;
}

/**
 * Adds RRSIGs for every RRset in the answer and authority sections, and the denial records the proof needs; a copy
 * damaged `withoutWildcardProofs` leaves out those about wildcards.
 */
function addDnssec(response: Message, zone: ZoneCopy, proof: Proof, withoutWildcardProofs: boolean) {
	const denial: ResourceRecord[] = [];
	const withNsec3 = zone.nsec3Settings !== undefined;
	const closestEncloser = (name: Name): Name => {
		let encloser = parentName(name);
		while (!nameExists(zone, encloser) && encloser !== zone.origin) encloser = parentName(encloser);
		return encloser;
	};
	const wildcardOf = (name: Name) => (name === '.' ? '*.' : `*.${name}`);
	const nextCloserOf = (name: Name, encloser: Name) => nameFromLabels(wireLabels(name).slice(-(wireLabels(encloser).length + 1)));
	const aboutWildcards = (records: ResourceRecord[]) => (withoutWildcardProofs ? [] : records);
	switch (proof.kind) {
		case 'none':
			break;
		case 'nodata':
			denial.push(...(withNsec3 ? nsec3MatchingOrOptOut(zone, proof.name) : nsecMatching(zone, proof.name) ?? nsecCovering(zone, proof.name)));
			break;
		case 'nxdomain': {
			const encloser = closestEncloser(proof.name);
			if (withNsec3) {
				denial.push(...nsec3Matching(zone, encloser), ...nsec3Covering(zone, nextCloserOf(proof.name, encloser)), ...aboutWildcards(nsec3Covering(zone, wildcardOf(encloser))));
			} else {
				denial.push(...nsecCovering(zone, proof.name), ...aboutWildcards(nsecCovering(zone, wildcardOf(encloser))));
			}
			break;
		}
		// RFC 4035 3.1.3.3, RFC 5155 7.2.6: the name itself (its next closer name) does not exist.
		case 'wildcard':
			denial.push(...aboutWildcards(withNsec3 ? nsec3Covering(zone, nextCloserOf(proof.name, proof.encloser)) : nsecCovering(zone, proof.name)));
			break;
		// RFC 4035 3.1.3.4, RFC 5155 7.2.5: the name does not exist, and the wildcard that would match has no such type.
		case 'wildcard-nodata':
			if (withNsec3) {
				denial.push(...nsec3Matching(zone, proof.encloser), ...nsec3Covering(zone, nextCloserOf(proof.name, proof.encloser)), ...aboutWildcards(nsec3Matching(zone, wildcardOf(proof.encloser))));
			} else {
				denial.push(...nsecCovering(zone, proof.name), ...aboutWildcards(nsecMatching(zone, wildcardOf(proof.encloser)) ?? []));
			}
			break;
		case 'referral':
			if (!(zone.byName.get(proof.cut) ?? []).some((record) => record.type === 'DS')) {
				denial.push(...(withNsec3 ? nsec3MatchingOrOptOut(zone, proof.cut) : nsecMatching(zone, proof.cut) ?? []));
			}
			break;
	}
	const unique = [...new Set(denial)].filter((record) => !response.authority.includes(record));
	response.authority.push(...unique);
	for (const section of [response.answer, response.authority]) {
		const sigs: ResourceRecord[] = [];
		const signed = new Set(section.filter((record) => record.type === 'RRSIG' && record.data.kind === 'rrsig').map((record) => `${record.name}|${record.data.kind === 'rrsig' ? record.data.typeCovered : ''}`));
		for (const key of new Set(section.filter((record) => record.type !== 'RRSIG').map((record) => `${record.name}|${record.type}`))) {
			// Signed already, by the pass for another proof of the same response.
			if (signed.has(key)) continue;
			const [owner, type] = key.split('|') as [Name, string];
			const direct = zone.signatures.get(key);
			if (direct) {
				sigs.push(...direct);
				continue;
			}
			// A wildcard-synthesised RRset carries the wildcard's signature under the query name (RFC 4035 3.1.3.3).
			if (proof.kind === 'wildcard' && owner === proof.name) {
				const wildcard = [...zone.signatures.entries()].find(([candidate]) => candidate.startsWith('*.') && candidate.endsWith(`|${type}`) && isAtOrBelow(owner, candidate.split('|')[0]!.slice(2)));
				if (wildcard) sigs.push(...wildcard[1].map((sig) => ({...sig, name: owner})));
			}
		}
		section.push(...new Set(sigs));
	}
}

function nsecMatching(zone: ZoneCopy, name: Name): ResourceRecord[] | undefined {
	const found = zone.nsec.find((record) => record.name === name);
	return found ? [found] : undefined;
}

/** The NSEC whose span (owner, next) contains `name`, wrapping at the end of the chain. */
function nsecCovering(zone: ZoneCopy, name: Name): ResourceRecord[] {
	for (const record of zone.nsec) {
		if (record.data.kind !== 'nsec') continue;
		const next = record.data.next;
		const after = compareCanonical(record.name, name) < 0;
		const before = compareCanonical(name, next) < 0 || compareCanonical(next, record.name) <= 0;
		if (after && before) return [record];
	}
	return [];
}

function hashOf(zone: ZoneCopy, name: Name): string {
	const settings = zone.nsec3Settings!;
	return base32hex(nsec3Hash(name, Buffer.from(settings.salt, 'hex'), settings.iterations));
}

function nsec3Matching(zone: ZoneCopy, name: Name): ResourceRecord[] {
	const hash = hashOf(zone, name);
	return zone.nsec3.filter((record) => labels(record.name)[0] === hash);
}

/**
 * The NSEC3 matching `name`, or (RFC 5155 7.2.4, 7.2.7) when opt-out left it without one, the closest provable
 * encloser proof: the NSEC3 matching the nearest ancestor that has one, and the opt-out NSEC3 covering the next
 * closer name.
 */
function nsec3MatchingOrOptOut(zone: ZoneCopy, name: Name): ResourceRecord[] {
	const matching = nsec3Matching(zone, name);
	if (matching.length > 0) return matching;
	let nextCloser = name;
	let encloser = parentName(name);
	while (nsec3Matching(zone, encloser).length === 0 && encloser !== zone.origin) {
		nextCloser = encloser;
		encloser = parentName(encloser);
	}
	return [...nsec3Matching(zone, encloser), ...nsec3Covering(zone, nextCloser)];
}

function nsec3Covering(zone: ZoneCopy, name: Name): ResourceRecord[] {
	const hash = hashOf(zone, name);
	for (const record of zone.nsec3) {
		if (record.data.kind !== 'nsec3') continue;
		const owner = labels(record.name)[0]!;
		const next = record.data.nextHashed;
		const covers = owner < next ? owner < hash && hash < next : hash > owner || hash < next;
		if (covers) return [record];
	}
	return [];
}

/** The most a DNS message can be: TCP's two-byte length prefix (RFC 1035 4.2.2). */
const MAX_MESSAGE_BYTES = 65_535;

/**
 * Encodes a response for the wire. Over UDP a message larger than the asker's buffer (512 without EDNS) is cut to
 * its header and question with TC=1, as real servers do, so the asker retries over TCP. Over TCP a message cannot
 * pass 64 KB: the additional section keeps as many records as fit (servers fill glue until the message is full),
 * and a message that does not fit even without it is cut like a UDP answer.
 */
export function encodeForTransport(response: Message, protocol: 'udp' | 'tcp', askerUdpSize: number, forceTruncate: boolean): Uint8Array {
	const full = encodeMessage(response);
	if (protocol === 'tcp') return full.byteLength <= MAX_MESSAGE_BYTES ? full : fitted(response);
	if (!forceTruncate && full.byteLength <= askerUdpSize) return full;
	return encodeMessage({...response, flags: {...response.flags, tc: true}, answer: [], authority: [], additional: []});
}

/** The response with the longest prefix of its additional section that keeps it within 64 KB (a binary search). */
function fitted(response: Message): Uint8Array {
	let low = 0;
	let high = response.additional.length - 1;
	let best: Uint8Array | undefined;
	while (low <= high) {
		const middle = Math.floor((low + high) / 2);
		const bytes = encodeMessage({...response, additional: response.additional.slice(0, middle)});
		if (bytes.byteLength <= MAX_MESSAGE_BYTES) {
			best = bytes;
			low = middle + 1;
		} else {
			high = middle - 1;
		}
	}
	return best ?? encodeMessage({...response, flags: {...response.flags, tc: true}, answer: [], authority: [], additional: []});
}
