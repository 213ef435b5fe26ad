import {ALGORITHMS, DIGESTS, dnskeyRData, dsDigest, rsaModulusBits} from '../../dns/dnssec.js';
import type {Name} from '../../dns/name.js';
import type {ResourceRecord} from '../../dns/record.js';
import type {Probe, Server, Trace, Zone} from '../../trace/model.js';
import {servesPurpose, walkProbe} from '../../trace/probe-facts.js';
import type {TrustAnchors} from './trust-anchors.js';
import {tagOf, verifyRRset, type SignatureVerdict, type ValidationBudget} from './verify-rrset.js';
import {byCodeUnits} from '../../trace/server-order.js';

/** A DS record (or a trust anchor given as one): the link from the parent, or the anchor, down to one key. */
export interface DsLink {
	keyTag: number;
	algorithm: number;
	/** The algorithm's mnemonic, or its number when digdeeper cannot verify it. */
	algorithmName: string;
	digestType: number;
	digestName: string;
	/** Where it comes from: the trust anchor, or the parent zone whose servers answered it. */
	from: 'anchor' | Name;
	/** Some server of the zone serves a DNSKEY whose digest it is. */
	matched: boolean;
}

export interface KeyLink {
	tag: number;
	/** By its flags: 257 (zone key with SEP) a KSK, 256 a ZSK; anything else is no zone key (RFC 4034 2.1.1). */
	role: 'KSK' | 'ZSK' | 'not a zone key';
	revoked: boolean;
	algorithm: number;
	algorithmName: string;
	/** The key's size in bits (RSA modulus, curve size); absent when the key cannot be read. */
	bits?: number;
	/** A DS (or a trust anchor) points at it. */
	vouched: boolean;
}

export interface SignatureLink {
	/** The RRset signed: its owner and type. */
	owner: Name;
	covered: string;
	signer: Name;
	keyTag: number;
	algorithmName: string;
	inception: number;
	expiration: number;
	verdict: SignatureVerdict;
	detail: string;
}

/** Servers that served the same material (keys, signatures, verdicts): one group a line, the odd one out named. */
export interface MaterialGroup {
	servers: Array<{name: Name; address: string}>;
	/** Why there is no material: the DNSKEY question was not answered (a time-out, REFUSED, …). */
	missing?: string;
	keys: KeyLink[];
	signatures: SignatureLink[];
	/** Something here fails a validator: a signature that is not valid, or keys none of which a DS vouches for. */
	failed: boolean;
}

export interface ZoneChain {
	zone: Name;
	ds: DsLink[];
	groups: MaterialGroup[];
}

export interface ChainLinks {
	zones: ZoneChain[];
	/** The signature checks ran out of their budget: some verdicts read "limit". */
	limited: boolean;
}

export const NO_CHAIN_LINKS: ChainLinks = {zones: [], limited: false};

/**
 * The chain of trust of every zone on the way to the answer, link by link, for a person to follow: the DS that
 * vouches, the keys each server serves and each signature over the DNSKEY set and the answer. Pure; the checks
 * spend the validator's own KeyTrap budget, after it (what it verified already is read from the budget's record, not
 * verified again), so a hostile zone costs the analysis one bound, not two; a signature served by several servers
 * over the same data is judged once.
 */
export function chainLinks(trace: Trace, anchors: TrustAnchors, now: number, budget: ValidationBudget): ChainLinks {
	const verdicts = new Map<string, {verdict: SignatureVerdict; detail: string}>();
	const path = [...new Set(trace.resolutions[0]?.steps.map((step) => step.zone) ?? [])];
	const zones = path.flatMap((name) => {
		const zone = trace.zones.find((candidate) => candidate.name === name);
		return zone ? [zoneChain(trace, zone, anchors, now, budget, verdicts)] : [];
	});
	// The budget may have run out in the validator, on RRsets no link shows: only a link's own verdict says so here.
	const limited = zones.some((zone) => zone.groups.some((group) => group.signatures.some((signature) => signature.verdict === 'limit')));
	return {zones, limited};
}

function zoneChain(trace: Trace, zone: Zone, anchors: TrustAnchors, now: number, budget: ValidationBudget, verdicts: Map<string, {verdict: SignatureVerdict; detail: string}>): ZoneChain {
	const served = zone.servers.map((server) => ({server, keys: keysOf(server, zone.name)}));
	const allKeys = uniqueRecords(served.flatMap(({keys}) => keys.keys));
	const dsRecords = dsOf(trace, zone, anchors);
	const anchorKeys = anchors.records.filter((record) => record.name === zone.name && record.type === 'DNSKEY');
	const ds = dsRecords.map(({record, from}): DsLink => {
		const data = record.data.kind === 'ds' ? record.data : {keyTag: -1, algorithm: 0, digestType: 0, digest: ''};
		return {
			keyTag: data.keyTag,
			algorithm: data.algorithm,
			algorithmName: ALGORITHMS[data.algorithm]?.mnemonic ?? `algorithm ${data.algorithm}`,
			digestType: data.digestType,
			digestName: DIGESTS[data.digestType]?.mnemonic ?? `digest type ${data.digestType}`,
			from,
			matched: allKeys.some((key) => matches(record, key, zone.name)),
		};
	});
	const vouched = (key: ResourceRecord) => dsRecords.some(({record}) => matches(record, key, zone.name)) || anchorKeys.some((anchor) => anchor.data.kind === 'dnskey' && key.data.kind === 'dnskey' && anchor.data.publicKey === key.data.publicKey && anchor.data.algorithm === key.data.algorithm);
	const signedAbove = ds.length > 0 || anchorKeys.length > 0;
	const groups = new Map<string, MaterialGroup>();
	for (const {server, keys} of [...served].sort((a, b) => byCodeUnits(a.server.name, b.server.name) || byCodeUnits(a.server.address, b.server.address))) {
		const keyLinks = keys.keys.map((key) => keyLink(key, vouched(key))).sort((a, b) => a.tag - b.tag);
		const signatures = [
			...signatureLinks(keys.keys, keys.signatures, keys.keys, zone.name, now, budget, verdicts),
			...answerSignatures(walkProbe(server), zone.name, keys.keys.length > 0 ? keys.keys : allKeys, now, budget, verdicts),
		];
		const failed = signatures.some((signature) => signature.verdict !== 'valid') || (signedAbove && keys.missing === undefined && !keyLinks.some((key) => key.vouched));
		const group: MaterialGroup = {servers: [], ...(keys.missing !== undefined ? {missing: keys.missing} : {}), keys: keyLinks, signatures, failed};
		const fingerprint = JSON.stringify({...group, signatures: signatures.map(({inception, expiration, keyTag, covered, verdict}) => [inception, expiration, keyTag, covered, verdict])});
		const existing = groups.get(fingerprint) ?? group;
		existing.servers.push({name: server.name, address: server.address});
		groups.set(fingerprint, existing);
	}
	return {zone: zone.name, ds, groups: [...groups.values()]};
}

/** The server's answer to the DNSKEY question: the keys and their signatures, or why there are none. */
function keysOf(server: Server, zone: Name): {keys: ResourceRecord[]; signatures: ResourceRecord[]; missing?: string} {
	const probe = server.probes.find((candidate) => servesPurpose(candidate, 'dnskey'));
	if (!probe) return {keys: [], signatures: [], missing: 'not asked for its DNSKEY set'};
	if (probe.status !== 'answered') return {keys: [], signatures: [], missing: `no answer to the DNSKEY question (${probe.status})`};
	if (probe.kind !== 'answer' && probe.kind !== 'nodata') return {keys: [], signatures: [], missing: `no DNSKEY answer (${probe.rcode ?? ''} ${probe.kind ?? ''})`.replace(/\s+\)/u, ')')};
	const answer = probe.kind === 'answer' ? (probe.response?.answer ?? []) : [];
	return {
		keys: answer.filter((record) => record.type === 'DNSKEY' && record.name === zone),
		signatures: answer.filter((record) => record.data.kind === 'rrsig' && record.name === zone && record.data.typeCovered === 'DNSKEY'),
	};
}

/** The DS set for the zone: the trust anchor's, else every DS its parent's servers answered. */
function dsOf(trace: Trace, zone: Zone, anchors: TrustAnchors): Array<{record: ResourceRecord; from: 'anchor' | Name}> {
	const anchored = anchors.records.filter((record) => record.name === zone.name && record.type === 'DS');
	if (anchored.length > 0) return anchored.map((record) => ({record, from: 'anchor' as const}));
	const parent = zone.parent ? trace.zones.find((candidate) => candidate.name === zone.parent) : undefined;
	if (!parent) return [];
	const answers = parent.servers.flatMap((server) => server.probes.filter((probe) => servesPurpose(probe, 'ds') && probe.question.name === zone.name && probe.kind === 'answer'));
	const records = uniqueRecords(answers.flatMap((probe) => (probe.response?.answer ?? []).filter((record) => record.type === 'DS' && record.name === zone.name)));
	return records.sort((a, b) => (a.data.kind === 'ds' && b.data.kind === 'ds' ? a.data.keyTag - b.data.keyTag || a.data.digestType - b.data.digestType : 0)).map((record) => ({record, from: parent.name}));
}

function matches(ds: ResourceRecord, key: ResourceRecord, zone: Name): boolean {
	if (ds.data.kind !== 'ds' || key.data.kind !== 'dnskey') return false;
	if (ds.data.algorithm !== key.data.algorithm || ds.data.keyTag !== tagOf(key)) return false;
	const digest = dsDigest(zone, dnskeyRData({flags: key.data.flags, protocol: key.data.protocol, algorithm: key.data.algorithm, publicKey: Buffer.from(key.data.publicKey, 'base64')}), ds.data.digestType);
	return digest !== undefined && digest.toString('hex') === ds.data.digest.toLowerCase();
}

function keyLink(key: ResourceRecord, vouched: boolean): KeyLink {
	const data = key.data.kind === 'dnskey' ? key.data : {flags: 0, algorithm: 0, publicKey: ''};
	const zoneKey = (data.flags & 0x0100) !== 0;
	const bits = keyBits(data.algorithm, Buffer.from(data.publicKey, 'base64'));
	return {
		tag: tagOf(key),
		role: !zoneKey ? 'not a zone key' : (data.flags & 0x0001) !== 0 ? 'KSK' : 'ZSK',
		revoked: (data.flags & 0x0080) !== 0,
		algorithm: data.algorithm,
		algorithmName: ALGORITHMS[data.algorithm]?.mnemonic ?? `algorithm ${data.algorithm}`,
		...(bits !== undefined ? {bits} : {}),
		vouched,
	};
}

function keyBits(algorithm: number, publicKey: Buffer): number | undefined {
	const family = ALGORITHMS[algorithm]?.family;
	if (!family) return undefined;
	if (family.kind === 'rsa') return rsaModulusBits(publicKey);
	if (family.kind === 'ecdsa') return family.size * 8;
	return family.curve === 'Ed25519' ? 256 : 456;
}

/** The signatures over the walk's answer, when this zone gave it. */
function answerSignatures(probe: Probe | undefined, zone: Name, keys: ResourceRecord[], now: number, budget: ValidationBudget, verdicts: Map<string, {verdict: SignatureVerdict; detail: string}>): SignatureLink[] {
	if (probe?.status !== 'answered' || probe.kind !== 'answer' || !probe.response) return [];
	const answer = probe.response.answer;
	const sets = new Map<string, ResourceRecord[]>();
	for (const record of answer) if (record.type !== 'RRSIG') sets.set(`${record.name} ${record.type}`, [...(sets.get(`${record.name} ${record.type}`) ?? []), record]);
	return [...sets.values()].flatMap((rrset) => {
		const signatures = answer.filter((record) => record.data.kind === 'rrsig' && record.name === rrset[0]!.name && record.data.typeCovered === rrset[0]!.type);
		return signatureLinks(rrset, signatures, keys, zone, now, budget, verdicts);
	});
}

/**
 * Each signature over one RRset judged on its own. The RRset gets the validator's per-RRset bound of checks in
 * all (not per signature), and the trace one total: a KeyTrap zone costs no more here than in the validator.
 */
function signatureLinks(rrset: ResourceRecord[], signatures: ResourceRecord[], keys: ResourceRecord[], zone: Name, now: number, budget: ValidationBudget, verdicts: Map<string, {verdict: SignatureVerdict; detail: string}>): SignatureLink[] {
	let spent = 0;
	return signatures.flatMap((signature): SignatureLink[] => {
		if (signature.data.kind !== 'rrsig') return [];
		const sig = signature.data;
		const key = JSON.stringify([signature, rrset.map((record) => record.data), keys.map((record) => record.data), zone]);
		let judged = verdicts.get(key);
		if (!judged) {
			const share: ValidationBudget = {perRRset: Math.max(0, budget.perRRset - spent), remaining: budget.remaining, exhausted: false, verified: budget.verified};
			const verdict = share.perRRset > 0 ? verifyRRset(rrset, [signature], keys, zone, now, share) : {verdict: 'limit' as const, detail: `not checked: the RRset's ${budget.perRRset} signature checks (KeyTrap bound) are spent`};
			spent += budget.remaining - share.remaining;
			budget.remaining = share.remaining;
			budget.exhausted ||= share.exhausted || verdict.verdict === 'limit';
			judged = {verdict: verdict.verdict, detail: verdict.detail};
			verdicts.set(key, judged);
		}
		return [{owner: signature.name, covered: sig.typeCovered, signer: sig.signerName, keyTag: sig.keyTag, algorithmName: ALGORITHMS[sig.algorithm]?.mnemonic ?? `algorithm ${sig.algorithm}`, inception: sig.inception, expiration: sig.expiration, ...judged}];
	});
}

function uniqueRecords(records: ResourceRecord[]): ResourceRecord[] {
	const seen = new Map<string, ResourceRecord>();
	for (const record of records) seen.set(JSON.stringify([record.name, record.type, record.data]), record);
	return [...seen.values()];
}
