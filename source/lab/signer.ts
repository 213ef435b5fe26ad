import {compareCanonical, rrsigLabels, signedData} from '../dns/canonical.js';
import {base32hex} from '../dns/codec.js';
import {createHash} from 'node:crypto';
import {dnskeyRData, dsDigest, keyTag, nsec3Hash, type SigningKey} from '../dns/dnssec.js';
import {ancestry, isAtOrBelow, parentName, type Name} from '../dns/name.js';
import type {ResourceRecord} from '../dns/record.js';

export interface Nsec3Settings {
	iterations: number;
	/** Hex, '' for none (RFC 9276 recommends no salt and 0 iterations). */
	salt: string;
	optOut: boolean;
}

export interface ZoneKeys {
	ksk: SigningKey;
	zsk: SigningKey;
}

export interface SignatureWindow {
	inception: number;
	expiration: number;
}

export interface SignedZone {
	/** The zone's records with DNSKEY, NSEC (or NSEC3PARAM) and RRSIG added. */
	records: ResourceRecord[];
	/** NSEC3 records, kept apart: their owners are hashes, not names of the zone. */
	nsec3: ResourceRecord[];
	nsec3Settings?: Nsec3Settings;
}

const DNSKEY_TTL = 3600;

/** What publishing and signing with a key needs: a lab key, or a foreign one. */
export type KeyPart = Pick<SigningKey, 'algorithm' | 'flags' | 'publicKey' | 'tag' | 'sign'>;

/**
 * A key of an algorithm the lab cannot sign with (DSA, a private algorithm): its public key is bytes made from the
 * zone's name, and its "signatures" are a hash of the signed data. A validator that lacks the algorithm cannot tell
 * (RFC 6840 5.11: it ignores them), which is what a zone signed with several algorithms tests.
 */
export function foreignKey(origin: Name, algorithm: number): KeyPart {
	const publicKey = createHash('sha512').update(`foreign key ${algorithm} ${origin}`).digest();
	return {algorithm, flags: 257, publicKey, tag: keyTag(dnskeyRData({flags: 257, algorithm, publicKey})), sign: (data) => createHash('sha512').update(data).digest()};
}

export function dnskeyRecord(origin: Name, key: KeyPart): ResourceRecord {
	return {name: origin, type: 'DNSKEY', class: 'IN', ttl: DNSKEY_TTL, data: {kind: 'dnskey', flags: key.flags, protocol: 3, algorithm: key.algorithm, publicKey: key.publicKey.toString('base64')}};
}

/** The DS record a parent publishes for a key, with the given digest type. */
export function dsRecord(origin: Name, key: KeyPart, digestType: number, ttl = 86_400): ResourceRecord {
	const digest = dsDigest(origin, dnskeyRData({flags: key.flags, algorithm: key.algorithm, publicKey: key.publicKey}), digestType);
	if (!digest) throw new Error(`unknown DS digest type ${digestType}`);
	return {name: origin, type: 'DS', class: 'IN', ttl, data: {kind: 'ds', keyTag: key.tag, algorithm: key.algorithm, digestType, digest: digest.toString('hex')}};
}

export function signRRset(rrset: ResourceRecord[], signer: Name, key: KeyPart, window: SignatureWindow): ResourceRecord {
	const first = rrset[0]!;
	const fields = {
		typeCovered: first.type,
		algorithm: key.algorithm,
		labels: rrsigLabels(first.name),
		originalTtl: first.ttl,
		expiration: window.expiration,
		inception: window.inception,
		keyTag: key.tag,
		signerName: signer,
	};
	const signature = key.sign(signedData(fields, rrset));
	return {name: first.name, type: 'RRSIG', class: 'IN', ttl: first.ttl, data: {kind: 'rrsig', ...fields, signature: signature.toString('base64')}};
}

/**
 * Signs a zone the way dnssec-signzone does: DNSKEY RRset signed by the KSK, every authoritative RRset by the ZSK,
 * NS at delegation points and glue left unsigned, and an NSEC or NSEC3 chain over the authoritative names.
 * `otherWindowFor` re-signs the RRsets at those owners, and `otherWindowForTypes` those of these types, with
 * `otherWindow`: one that has already closed, or one that has not opened yet (deliberate breakage). `moreKeys` are
 * further key pairs (other algorithms) that sign every RRset as well, as a zone in an algorithm rollover is signed;
 * `dnskeyByZskOnly` leaves the DNSKEY RRset without a KSK's signature (the key the DS points to signs nothing).
 * `foreign` is a key of an algorithm the lab cannot sign with, that signs every RRset too (with made-up bytes).
 * `withoutNsBitAt` are delegation points whose NSEC or NSEC3 leaves NS out of its type bitmap, as a chain made before
 * the delegation was added says: no zone cut there (deliberate breakage).
 */
export function signZone(
	origin: Name,
	records: ResourceRecord[],
	keys: ZoneKeys,
	window: SignatureWindow,
	options: {nsec3?: Nsec3Settings; otherWindowFor?: Name[]; otherWindowForTypes?: string[]; otherWindow?: SignatureWindow; extraKeys?: ResourceRecord[]; moreKeys?: ZoneKeys[]; dnskeyByZskOnly?: boolean; foreign?: KeyPart; withoutNsBitAt?: Name[]},
): SignedZone {
	const minimum = records.find((record) => record.type === 'SOA' && record.name === origin)?.data;
	const negativeTtl = minimum && minimum.kind === 'soa' ? minimum.minimum : 3600;
	const cuts = new Set(records.filter((record) => record.type === 'NS' && record.name !== origin).map((record) => record.name));
	// A look-up per ancestor of the name, not a scan of every cut: a root of thousands of TLDs has thousands of cuts
	// and tens of thousands of records.
	const belowCut = (name: Name) => ancestry(name).some((ancestor) => ancestor !== name && cuts.has(ancestor));

	const zone: ResourceRecord[] = records.filter((record) => record.type !== 'DNSKEY' && record.type !== 'RRSIG' && record.type !== 'NSEC' && record.type !== 'NSEC3');
	const keySets = [keys, ...(options.moreKeys ?? [])];
	zone.push(...keySets.flatMap((set) => [dnskeyRecord(origin, set.ksk), dnskeyRecord(origin, set.zsk)]), ...(options.foreign ? [dnskeyRecord(origin, options.foreign)] : []), ...(options.extraKeys ?? []));
	if (options.nsec3) {
		const {nsec3} = options;
		zone.push({
			name: origin,
			type: 'NSEC3PARAM',
			class: 'IN',
			ttl: 0,
			data: {kind: 'opaque', hex: Buffer.concat([Buffer.from([1, 0, nsec3.iterations >> 8, nsec3.iterations & 0xff, nsec3.salt.length / 2]), Buffer.from(nsec3.salt, 'hex')]).toString('hex')},
		});
	}

	// Authoritative owners: everything not below a cut; cuts themselves own only NS (unsigned) and DS (signed).
	const owners = [...new Set(zone.filter((record) => !belowCut(record.name)).map((record) => record.name))].sort(compareCanonical);
	const typesByName = new Map<Name, Set<string>>();
	for (const record of zone) typesByName.set(record.name, (typesByName.get(record.name) ?? new Set()).add(record.type));
	const withoutNsBit = new Set(options.withoutNsBitAt ?? []);
	const typesAt = (name: Name) => [...(typesByName.get(name) ?? [])];
	const bitmapAt = (name: Name) => typesAt(name).filter((type) => type !== 'NS' || !withoutNsBit.has(name));
	// At a delegation point the parent signs only what it is authoritative for there: the DS and the NSEC.
	const signable = (record: ResourceRecord) => !belowCut(record.name) && !(cuts.has(record.name) && record.type !== 'DS' && record.type !== 'NSEC');

	const denial: ResourceRecord[] = [];
	const nsec3: ResourceRecord[] = [];
	if (!options.nsec3) {
		owners.forEach((owner, index) => {
			const next = owners[(index + 1) % owners.length]!;
			const types = [...bitmapAt(owner), 'RRSIG', 'NSEC'];
			denial.push({name: owner, type: 'NSEC', class: 'IN', ttl: negativeTtl, data: {kind: 'nsec', next, types: sortTypes(types)}});
		});
	} else {
		const settings = options.nsec3;
		const salt = Buffer.from(settings.salt, 'hex');
		// Empty non-terminals get NSEC3 records too (RFC 5155 7.1); opt-out skips insecure delegations.
		const names = new Set<Name>();
		for (const owner of owners) {
			if (settings.optOut && cuts.has(owner) && !typesAt(owner).includes('DS')) continue;
			for (let name = owner; isAtOrBelow(name, origin); name = parentName(name)) {
				names.add(name);
				if (name === origin) break;
			}
		}
		const hashed = [...names]
			.map((name) => ({name, hash: base32hex(nsec3Hash(name, salt, settings.iterations))}))
			.sort((a, b) => (a.hash < b.hash ? -1 : a.hash > b.hash ? 1 : 0));
		hashed.forEach(({name, hash}, index) => {
			const next = hashed[(index + 1) % hashed.length]!.hash;
			const present = bitmapAt(name).filter((type) => type !== 'NSEC3PARAM' || name === origin);
			const signed = present.length > 0 && !(cuts.has(name) && !present.includes('DS'));
			nsec3.push({
				name: `${hash}.${origin === '.' ? '' : origin}`,
				type: 'NSEC3',
				class: 'IN',
				ttl: negativeTtl,
				data: {kind: 'nsec3', hashAlgorithm: 1, flags: settings.optOut ? 1 : 0, iterations: settings.iterations, salt: settings.salt, nextHashed: next, types: sortTypes([...present, ...(signed ? ['RRSIG'] : [])])},
			});
		});
	}

	const all = [...zone, ...denial];
	const signatures: ResourceRecord[] = [];
	const otherWindowAt = new Set(options.otherWindowFor ?? []);
	const otherWindowOf = new Set(options.otherWindowForTypes ?? []);
	for (const rrset of groupRRsets([...all, ...nsec3])) {
		const first = rrset[0]!;
		if (!signable(first)) continue;
		const used = (otherWindowAt.has(first.name) || otherWindowOf.has(first.type)) && options.otherWindow ? options.otherWindow : window;
		for (const set of keySets) {
			const key = first.type === 'DNSKEY' && !options.dnskeyByZskOnly ? set.ksk : set.zsk;
			signatures.push(signRRset(rrset, origin, key, used));
		}
		if (options.foreign) signatures.push(signRRset(rrset, origin, options.foreign, used));
	}
	const rrsigsForNsec3 = signatures.filter((signature) => signature.data.kind === 'rrsig' && signature.data.typeCovered === 'NSEC3');
	return {
		records: [...all, ...signatures.filter((signature) => !rrsigsForNsec3.includes(signature))],
		nsec3: [...nsec3, ...rrsigsForNsec3],
		...(options.nsec3 ? {nsec3Settings: options.nsec3} : {}),
	};
}

export function groupRRsets(records: ResourceRecord[]): ResourceRecord[][] {
	const groups = new Map<string, ResourceRecord[]>();
	for (const record of records) {
		const key = `${record.name}|${record.type}`;
		const group = groups.get(key) ?? [];
		group.push(record);
		groups.set(key, group);
	}
	return [...groups.values()];
}

const TYPE_ORDER = ['A', 'NS', 'CNAME', 'SOA', 'PTR', 'MX', 'TXT', 'AAAA', 'SRV', 'DNAME', 'DS', 'RRSIG', 'NSEC', 'DNSKEY', 'NSEC3', 'NSEC3PARAM'];

function sortTypes(types: string[]): string[] {
	const rank = (type: string) => {
		const index = TYPE_ORDER.indexOf(type);
		return index < 0 ? 1000 : index;
	};
	return [...new Set(types)].sort((a, b) => rank(a) - rank(b));
}
