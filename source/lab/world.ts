import {canonicalAddress} from '../dns/address.js';
import {encodeName} from '../dns/codec.js';
import {ALGORITHMS, DIGESTS, dnskeyRData, generateSigningKey, keyTag, RSA_BITS, rsaModulusBits, type SigningKey} from '../dns/dnssec.js';
import {ancestry, fqdn, type Name} from '../dns/name.js';
import type {ResourceRecord} from '../dns/record.js';
import type {RootHints} from '../dns/root-hints.js';
import {parseZoneText} from '../dns/zone-text.js';
import type {HostileMode} from './hostile.js';
import type {WorldChange} from './world-change.js';
import {keysWithTag} from './keytrap.js';
import {loadZone, type ServedZone, type UpwardHint, type ZoneCopy, type ZoneMode} from './authoritative.js';
import {dnskeyRecord, dsRecord, foreignKey, signZone, type Nsec3Settings, type SignatureWindow, type ZoneKeys} from './signer.js';

/** How a zone is signed, and what its parent publishes about it. */
export interface SigningSpec {
	/** DNSSEC algorithm number: 8 (RSASHA256), 13 (ECDSAP256SHA256), 15 (ED25519), … */
	algorithm: number;
	/** NSEC3 instead of NSEC; opt-out skips insecure delegations, as large TLDs do. */
	nsec3?: {iterations?: number; salt?: string; optOut?: boolean};
	/** The DS digest types the parent publishes (default: SHA-256 only); an empty list publishes no DS. */
	dsDigests?: number[];
	/** The parent also publishes a DS for a key the zone does not have (a botched rollover). */
	danglingDs?: boolean;
	/** KeyTrap: the DNSKEY set also holds this many bogus keys sharing the ZSK's key tag, signed like the rest. */
	collidingKeys?: number;
	/** RSA algorithms: the modulus size in bits (default 2048); a smaller one is a weak key. */
	rsaBits?: number;
	/**
	 * The zone is also signed with a key of this algorithm, which the lab cannot sign with (3 DSA, 253 PRIVATEDNS):
	 * its DNSKEY is published, every RRset carries an RRSIG by it, and the parent publishes its DS (SHA-256) beside
	 * the `dsDigests` ones; with `dsDigests: []`, the parent's DS set has only the foreign key's.
	 */
	foreignAlgorithm?: number;
	/**
	 * The keys are made with `algorithm` but published (DNSKEY, DS, RRSIG) under this number: one validators do not
	 * implement or must not validate (253 PRIVATEDNS, 1 RSAMD5, 3 DSA), so they treat the zone as insecure and never
	 * look at the signatures.
	 */
	publishedAs?: number;
	/** Further key pairs of other algorithms that sign every RRset too, with a DS each (a multi-algorithm zone). */
	moreAlgorithms?: Array<{algorithm: number; publishedAs?: number}>;
	/** The DNSKEY RRset is signed by the ZSK alone: the key the DS points to signs nothing. */
	dnskeyByZskOnly?: boolean;
	/**
	 * Delegations in this zone whose NSEC or NSEC3 leaves NS out of its type bitmap (a chain not updated when the
	 * delegation was added): its signed denial of their DS says they are no zone cut (RFC 6840 4.4).
	 */
	nsecWithoutNsAt?: string[];
}

/** A zone as a teacher writes it: master-file text, origin implied. */
export interface ZoneSpec {
	origin: string;
	text: string;
	signing?: SigningSpec;
	/** The text is already signed (by dnssec-signzone, say): serve its RRSIGs, NSEC and NSEC3 records as they are. */
	presigned?: boolean;
}

export interface ServedZoneSpec {
	zone: string;
	/** How this server answers for the zone; `serve` when absent. */
	mode?: ZoneMode;
	/** Serve this other copy (an older serial, say) instead of the zone's current text. */
	copy?: Omit<ZoneSpec, 'signing'>;
	/** Serve the zone without any DNSSEC material, as a secondary that cannot sign would. */
	unsigned?: boolean;
	/** Owner names whose signatures on this copy expired long ago (they were last signed in early 2020). */
	expiredSignaturesAt?: string[];
	/** Owner names whose signatures on this copy are not valid yet (their inception is a year away). */
	notYetValidSignaturesAt?: string[];
	/** The signatures over this copy's NSEC and NSEC3 records expired long ago: its denials and wildcard proofs fail. */
	expiredDenialSignatures?: boolean;
	/**
	 * This copy leaves out the NSEC/NSEC3 records about wildcards: an NXDOMAIN without the wildcard's denial, a
	 * wildcard-expanded answer without the proof that the name itself does not exist.
	 */
	withoutWildcardProofs?: boolean;
	/** Owner names whose RRSIGs this copy lacks. */
	stripSignaturesAt?: string[];
	/** This copy lost its NSEC/NSEC3 records: its denials prove nothing. */
	withoutDenial?: boolean;
	/** Owner names whose RRsets carry dozens of forged signatures claiming the real key's tag (KeyTrap). */
	forgedSignaturesAt?: string[];
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
	/**
	 * Answers every UDP query with TC=1 and nothing else, so askers must use TCP: its header and question, or with
	 * 'header-only' the 12-byte header alone (QDCOUNT=0), as some servers and middleboxes cut a reply short.
	 */
	truncateUdp?: boolean | 'header-only';
	/** Has no TCP listener. */
	noTcp?: boolean;
	/** Every UDP query is dropped on the way (a firewall filtering UDP port 53); TCP still answers. */
	dropUdp?: boolean;
	/**
	 * The NSID it answers with when asked (RFC 5001), one byte per character (latin1, so a story can send any byte);
	 * its host name when absent. Two servers sharing a name are two instances of an anycast address.
	 */
	nsid?: string;
	/** The port is closed: every query gets ICMP port unreachable (a refused connection over TCP). */
	closed?: boolean;
	/** Predates EDNS: answers FORMERR, without an OPT record, to any query that carries one. */
	noEdns?: boolean;
	/** Predates EDNS and does not notice it: answers as if the OPT record were not there (no OPT back, no DNSSEC). */
	ignoresEdns?: boolean;
	/** Behind a middlebox that drops any query carrying an OPT record: no reply at all; plain queries are answered. */
	dropEdns?: boolean;
	/** Answers with a message that cannot be decoded (the right ID, then lies). */
	garbage?: boolean;
	/** Records (master-file text, absolute names) this server appends to the additional section of every answer. */
	extraAdditional?: string;
	/** The same for the answer section: a forger's records for names it does not serve. */
	extraAnswer?: string;
	/** The same for the authority section: a forger's NS or SOA records for zones it does not serve. */
	extraAuthority?: string;
	/** Answers in one of the malformed or forged ways of a hostile server. */
	hostile?: HostileMode;
	zones: ServedZoneSpec[];
	/**
	 * TCP to this server reaches another backend (a load balancer or firewall sending TCP elsewhere, a second server
	 * process left running with an old copy): over TCP it answers from these zones, or with garbage; UDP is served as
	 * above.
	 */
	tcpBackend?: {zones: ServedZoneSpec[]; garbage?: boolean};
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
	/** What happens next, one change at a time, when the story is watched (`--lab --watch`). */
	aftermath?: WorldChange[];
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
	truncateUdp: boolean | 'header-only';
	noTcp: boolean;
	dropUdp: boolean;
	/** Hex of the NSID bytes. */
	nsid: string;
	closed: boolean;
	noEdns: boolean;
	ignoresEdns: boolean;
	dropEdns: boolean;
	garbage: boolean;
	extraAdditional: ResourceRecord[];
	extraAnswer: ResourceRecord[];
	extraAuthority: ResourceRecord[];
	hostile?: HostileMode;
	zones: ServedZone[];
	/** What answers over TCP instead, when another backend does (see ServerSpec.tcpBackend). */
	tcpBackend?: {zones: ServedZone[]; garbage: boolean};
}

export interface LabWorld {
	spec: WorldSpec;
	servers: LabServer[];
	byAddress: Map<string, LabServer>;
	/** Each zone's current, fully signed (if signed) copy. */
	zones: Map<Name, ZoneCopy>;
	keys: Map<Name, ZoneKeys>;
	hints: RootHints;
	upward: UpwardHint;
	/** The root KSK's DS and DNSKEY: the trust anchor for validating the lab. */
	trustAnchor: ResourceRecord[];
	/** The moment the lab's signatures were made around (inception an hour before, expiry three weeks after). */
	signedAt: Date;
	/** Keys whose DS a parent publishes though the zone lacks them (a botched rollover), kept for rebuilds. */
	danglingKeys: Map<Name, SigningKey>;
}

export interface BuildOptions {
	/** The clock for signature validity; defaults to now. */
	now?: Date;
	/**
	 * Keys to keep (those of the world this one follows, or of an earlier run): a zone keeps its keys when its
	 * algorithm is unchanged, so two builds of the same lab publish the same DNSKEY and DS, and a change to one
	 * server or zone is the only change a trace sees.
	 */
	keys?: LabKeys;
	/**
	 * Sign each copy when it is first asked about instead of now: a generated root of thousands of TLDs then builds
	 * in a fraction of the time, and a trace pays only for the zones it reaches. Zone text is parsed and the DS
	 * records made at once; a copy that cannot be loaded (no SOA, a record outside the zone) fails on its first query.
	 */
	lazySigning?: boolean;
}

export interface LabKeys {
	zones: Map<Name, ZoneKeys>;
	/** The retired keys whose DS a parent still publishes (a botched rollover). */
	dangling: Map<Name, SigningKey>;
}

/** A world's keys, to build its successor (or the next run's lab) with. */
export const keysOf = (world: LabWorld): LabKeys => ({zones: world.keys, dangling: world.danglingKeys});

/** Three weeks of validity, an hour of clock-skew allowance: dnssec-signzone's defaults are 30 days and 1 hour. */
const VALIDITY_SECONDS = 21 * 86_400;
const SKEW_SECONDS = 3600;
/** "Expired in 2020", as the monitoring write-up found on .xn--wgbh1c's hints. */
const EXPIRED_WINDOW: SignatureWindow = {inception: Date.UTC(2020, 0, 1) / 1000, expiration: Date.UTC(2020, 1, 1) / 1000};
/** A year from now, for a month: signatures made with a clock far ahead. */
const YEAR_SECONDS = 365 * 86_400;

/**
 * Parses, signs and indexes a world once. Keys are generated here, so every lab run has fresh ones; DS records
 * go into the parents before anything is signed; every server gets its own copy of the zones it serves.
 */
export function buildWorld(spec: WorldSpec, options: BuildOptions = {}): LabWorld {
	const signedAt = options.now ?? new Date();
	const nowSeconds = Math.floor(signedAt.getTime() / 1000);
	const window: SignatureWindow = {inception: nowSeconds - SKEW_SECONDS, expiration: nowSeconds + VALIDITY_SECONDS};

	const texts = new Map<Name, {spec: ZoneSpec; records: ResourceRecord[]}>();
	for (const zone of spec.zones) {
		const origin = fqdn(zone.origin);
		if (texts.has(origin)) throw new Error(`the lab defines zone ${origin} twice`);
		texts.set(origin, {spec: zone, records: parseZoneText(zone.text, {origin, source: `lab zone ${origin}`})});
	}

	const keys = new Map<Name, ZoneKeys>();
	for (const [origin, {spec: zone}] of texts) {
		if (!zone.signing) continue;
		const kept = options.keys?.zones.get(origin);
		const {algorithm, rsaBits, publishedAs} = zone.signing;
		// An RSA key kept is the size the zone's keys are made (RSA_BITS unless it says), KSK and ZSK: a cache holding a
		// short one would have every run warn of it.
		const bits = publishedAs === undefined && ALGORITHMS[algorithm]?.family.kind === 'rsa' ? (rsaBits ?? RSA_BITS) : rsaBits;
		const keptFits = kept && kept.ksk.algorithm === (publishedAs ?? algorithm) && kept.zsk.algorithm === kept.ksk.algorithm && (bits === undefined || [kept.ksk, kept.zsk].every((key) => rsaModulusBits(key.publicKey) === bits));
		keys.set(origin, keptFits ? kept : newKeys(algorithm, publishedAs, rsaBits));
	}
	const moreKeys = new Map<Name, ZoneKeys[]>();
	for (const [origin, {spec: zone}] of texts) {
		if (zone.signing?.moreAlgorithms) moreKeys.set(origin, zone.signing.moreAlgorithms.map((more) => newKeys(more.algorithm, more.publishedAs)));
	}
	const danglingKeys = new Map<Name, SigningKey>();

	// The DS records each parent publishes, added to every copy of the parent.
	const dsByParent = new Map<Name, ResourceRecord[]>();
	for (const [origin, {spec: zone}] of texts) {
		const zoneKeys = keys.get(origin);
		if (!zoneKeys || !zone.signing || origin === '.') continue;
		// The nearest ancestor the lab defines, looked up ancestor by ancestor (a root of thousands of TLDs).
		const parent = ancestry(origin).find((candidate) => candidate !== origin && texts.has(candidate));
		if (!parent) continue;
		const ksks = [zoneKeys.ksk, ...(moreKeys.get(origin) ?? []).map((more) => more.ksk)];
		const ds = ksks.flatMap((ksk) => (zone.signing!.dsDigests ?? [2]).map((digestType) => publishedDs(origin, ksk, digestType)));
		if (zone.signing.foreignAlgorithm !== undefined) ds.push(dsRecord(origin, foreignKey(origin, zone.signing.foreignAlgorithm), 2));
		if (zone.signing.danglingDs) {
			const kept = options.keys?.dangling.get(origin);
			const retired = kept && kept.algorithm === zone.signing.algorithm ? kept : generateSigningKey(zone.signing.algorithm, 257);
			danglingKeys.set(origin, retired);
			ds.push(dsRecord(origin, retired, 2));
		}
		dsByParent.set(parent, [...(dsByParent.get(parent) ?? []), ...ds]);
	}

	const colliding = new Map<Name, ResourceRecord[]>();
	for (const [origin, {spec: zone}] of texts) {
		const zoneKeys = keys.get(origin);
		if (zoneKeys && zone.signing?.collidingKeys) colliding.set(origin, keysWithTag(origin, zoneKeys.zsk.tag, zoneKeys.zsk.algorithm, zoneKeys.zsk.publicKey.byteLength, zone.signing.collidingKeys));
	}

	const makeCopy = (origin: Name, records: ResourceRecord[], variant: {unsigned?: boolean; expiredFor?: Name[]; expiredTypes?: string[]; notYetValidFor?: Name[]}): ZoneCopy => {
		const withDs = [...records, ...(dsByParent.get(origin) ?? [])];
		if (texts.get(origin)?.spec.presigned) return loadPresigned(origin, withDs);
		const zoneKeys = keys.get(origin);
		const signing = texts.get(origin)?.spec.signing;
		if (!zoneKeys || !signing || variant.unsigned) return loadZone(origin, withDs);
		const nsec3 = signing.nsec3 ? {iterations: signing.nsec3.iterations ?? 0, salt: signing.nsec3.salt ?? '', optOut: signing.nsec3.optOut ?? false} : undefined;
		const signed = signZone(origin, withDs, zoneKeys, window, {
			...(nsec3 ? {nsec3} : {}),
			...(variant.expiredFor || variant.expiredTypes ? {otherWindowFor: variant.expiredFor ?? [], otherWindowForTypes: variant.expiredTypes ?? [], otherWindow: EXPIRED_WINDOW} : {}),
			...(variant.notYetValidFor ? {otherWindowFor: variant.notYetValidFor, otherWindow: {inception: nowSeconds + YEAR_SECONDS, expiration: nowSeconds + YEAR_SECONDS + 30 * 86_400}} : {}),
			extraKeys: colliding.get(origin) ?? [],
			...(signing.foreignAlgorithm !== undefined ? {foreign: foreignKey(origin, signing.foreignAlgorithm)} : {}),
			moreKeys: moreKeys.get(origin) ?? [],
			...(signing.dnskeyByZskOnly ? {dnskeyByZskOnly: true} : {}),
			...(signing.nsecWithoutNsAt ? {withoutNsBitAt: signing.nsecWithoutNsAt.map(fqdn)} : {}),
		});
		return loadZone(origin, signed.records, signed.nsec3, signed.nsec3Settings);
	};

	const copyOf = (origin: Name, records: ResourceRecord[], variant: Parameters<typeof makeCopy>[2]): ZoneCopy => (options.lazySigning ? lazyCopy(origin, () => makeCopy(origin, records, variant)) : makeCopy(origin, records, variant));
	const zones = new Map<Name, ZoneCopy>();
	for (const [origin, {records}] of texts) zones.set(origin, copyOf(origin, records, {}));

	const servers: LabServer[] = [];
	const byAddress = new Map<string, LabServer>();
	for (const server of spec.servers) {
		const serve = (entries: ServedZoneSpec[]): ServedZone[] => entries.map((entry) => {
			const origin = fqdn(entry.zone);
			const base = texts.get(origin);
			if (!base) throw new Error(`server ${server.name} serves ${origin}, which the lab does not define`);
			const records = entry.copy ? parseZoneText(entry.copy.text, {origin, source: `lab zone ${origin} (copy on ${server.name})`}) : base.records;
			const expiredFor = entry.expiredSignaturesAt?.map(fqdn);
			const notYetValidFor = entry.notYetValidSignaturesAt?.map(fqdn);
			const expiredTypes = entry.expiredDenialSignatures ? ['NSEC', 'NSEC3'] : undefined;
			const plain = !entry.copy && !entry.unsigned && !expiredFor && !expiredTypes && !notYetValidFor;
			const copy = plain ? zones.get(origin)! : copyOf(origin, records, {...(entry.unsigned ? {unsigned: true} : {}), ...(expiredFor ? {expiredFor} : {}), ...(expiredTypes ? {expiredTypes} : {}), ...(notYetValidFor ? {notYetValidFor} : {})});
			return {copy: damage(copy, entry), mode: entry.mode ?? 'serve', ...(entry.withoutWildcardProofs ? {withoutWildcardProofs: true} : {})};
		});
		const served = serve(server.zones);
		const addresses = [server.ipv4, server.ipv6].filter((address): address is string => Boolean(address)).map(canonicalAddress);
		const built: LabServer = {
			name: fqdn(server.name),
			addresses,
			latencyMs: server.latencyMs ?? 0,
			down: server.down ?? false,
			truncateUdp: server.truncateUdp ?? false,
			noTcp: server.noTcp ?? false,
			dropUdp: server.dropUdp ?? false,
			nsid: Buffer.from(server.nsid ?? fqdn(server.name).replace(/\.$/u, ''), 'latin1').toString('hex'),
			closed: server.closed ?? false,
			noEdns: server.noEdns ?? false,
			ignoresEdns: server.ignoresEdns ?? false,
			dropEdns: server.dropEdns ?? false,
			garbage: server.garbage ?? false,
			extraAdditional: server.extraAdditional ? parseZoneText(server.extraAdditional, {source: `extra records of ${server.name}`}) : [],
			extraAnswer: server.extraAnswer ? parseZoneText(server.extraAnswer, {source: `extra answers of ${server.name}`}) : [],
			extraAuthority: server.extraAuthority ? parseZoneText(server.extraAuthority, {source: `extra authority of ${server.name}`}) : [],
			...(server.hostile ? {hostile: server.hostile} : {}),
			zones: served,
			...(server.tcpBackend ? {tcpBackend: {zones: serve(server.tcpBackend.zones), garbage: server.tcpBackend.garbage ?? false}} : {}),
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
	const trustAnchor = anchorRecords(keys, '.');
	return {spec, servers, byAddress, zones, keys, hints, upward, trustAnchor, signedAt, danglingKeys};
}

/**
 * A copy whose origin is known at once and whose records are made on first use: choosing among a server's zones
 * reads only the origin, so a server of hundreds of TLDs signs only those it is asked about.
 */
function lazyCopy(origin: Name, make: () => ZoneCopy): ZoneCopy {
	let made: ZoneCopy | undefined;
	const copy = () => (made ??= make());
	return {
		origin,
		get records() {
			return copy().records;
		},
		get byName() {
			return copy().byName;
		},
		get signatures() {
			return copy().signatures;
		},
		get nsec() {
			return copy().nsec;
		},
		get nsec3() {
			return copy().nsec3;
		},
		get nsec3Settings() {
			return copy().nsec3Settings;
		},
	};
}

/** A zone's KSK as a trust anchor (its DS and its DNSKEY), as the lab's root anchor is; none for an unsigned zone. */
function anchorRecords(keys: Map<Name, ZoneKeys>, zone: Name): ResourceRecord[] {
	const zoneKeys = keys.get(zone);
	return zoneKeys ? [dsRecord(zone, zoneKeys.ksk, 2), dnskeyRecord(zone, zoneKeys.ksk)] : [];
}

/** Trust anchors for any of the lab's signed zones (an island of trust below the root, or several at once). */
export function labTrustAnchors(world: LabWorld, zones: string[]): ResourceRecord[] {
	return zones.flatMap((zone) => anchorRecords(world.keys, fqdn(zone)));
}

const PRIVATEDNS = 253;
/** The private algorithm a lab PRIVATEDNS key names (RFC 4034 A.1.1): a name no validator knows, so none can check it. */
const PRIVATE_ALGORITHM = 'private-algorithm.lab.';

/** A KSK and a ZSK made with `algorithm`, published under `publishedAs` when given (see `SigningSpec.publishedAs`). */
function newKeys(algorithm: number, publishedAs: number | undefined, rsaBits?: number): ZoneKeys {
	const make = (flags: number): SigningKey => {
		const key = generateSigningKey(algorithm, flags, rsaBits);
		if (publishedAs === undefined) return key;
		// RFC 4034 A.1.1: a PRIVATEDNS key and signature begin with the wire name of the private algorithm.
		const prefix = publishedAs === PRIVATEDNS ? encodeName(PRIVATE_ALGORITHM) : Buffer.alloc(0);
		const publicKey = Buffer.concat([prefix, key.publicKey]);
		return {...key, algorithm: publishedAs, publicKey, tag: keyTag(dnskeyRData({flags, algorithm: publishedAs, publicKey})), sign: (data) => Buffer.concat([prefix, key.sign(data)])};
	};
	return {ksk: make(257), zsk: make(256)};
}

/**
 * The DS a parent publishes for a key; a digest type not known here (one validators do not implement either) is
 * published with the SHA-256 digest under that number, so validators see a well-formed DS they cannot use.
 */
function publishedDs(origin: Name, key: SigningKey, digestType: number): ResourceRecord {
	if (DIGESTS[digestType]) return dsRecord(origin, key, digestType);
	const record = dsRecord(origin, key, 2);
	return record.data.kind === 'ds' ? {...record, data: {...record.data, digestType}} : record;
}

/** A zone signed elsewhere: NSEC3 records are kept apart, and their parameters come from the NSEC3PARAM record. */
function loadPresigned(origin: Name, records: ResourceRecord[]): ZoneCopy {
	const nsec3 = records.filter((record) => record.type === 'NSEC3' || (record.type === 'RRSIG' && record.data.kind === 'rrsig' && record.data.typeCovered === 'NSEC3'));
	const param = records.find((record) => record.type === 'NSEC3PARAM' && record.data.kind === 'opaque');
	let settings: Nsec3Settings | undefined;
	if (param && param.data.kind === 'opaque') {
		const bytes = Buffer.from(param.data.hex, 'hex');
		settings = {iterations: bytes.readUInt16BE(2), salt: bytes.subarray(5, 5 + bytes[4]!).toString('hex'), optOut: false};
	}
	return loadZone(origin, records.filter((record) => !nsec3.includes(record)), nsec3, settings);
}

/** How many forged signatures a KeyTrap copy carries per RRset: far more than any validator should try. */
const FORGED_SIGNATURES = 64;

/** Deliberate damage to one server's copy: signatures stripped or forged at some owners, or the denial records gone. */
function damage(copy: ZoneCopy, entry: ServedZoneSpec): ZoneCopy {
	const strip = new Set(entry.stripSignaturesAt?.map(fqdn) ?? []);
	const forge = new Set(entry.forgedSignaturesAt?.map(fqdn) ?? []);
	if (strip.size === 0 && forge.size === 0 && !entry.withoutDenial) return copy;
	const records = copy.records.filter((record) => !(entry.withoutDenial && record.type === 'NSEC') && !(record.type === 'RRSIG' && strip.has(record.name)));
	const genuine = [...copy.signatures.values()].flat().filter((record) => !strip.has(record.name) && !(entry.withoutDenial && record.data.kind === 'rrsig' && record.data.typeCovered === 'NSEC'));
	// Forged ones first, so a validator that tries them in order meets them before the genuine one.
	const forged = genuine
		.filter((record) => forge.has(record.name))
		.flatMap((record) =>
			Array.from({length: FORGED_SIGNATURES}, (_, index): ResourceRecord => ({...record, data: record.data.kind === 'rrsig' ? {...record.data, signature: Buffer.alloc(Buffer.from(record.data.signature, 'base64').byteLength, index + 1).toString('base64')} : record.data})),
		);
	const signatures = [...forged, ...genuine];
	return loadZone(copy.origin, [...records.filter((record) => record.type !== 'RRSIG'), ...signatures], entry.withoutDenial ? [] : copy.nsec3, entry.withoutDenial ? undefined : copy.nsec3Settings);
}
