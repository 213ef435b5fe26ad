import {ALGORITHMS, keyProblem} from '../../dns/dnssec.js';
import type {Name} from '../../dns/name.js';
import type {Message, ResourceRecord} from '../../dns/record.js';
import {checkSignatureInPool, isSettled, signedCheck, tagOf} from './verify-rrset.js';

/**
 * The DNSSEC analysis's cryptography, done ahead while a walk waits on the network: each response's signatures are
 * checked against the DNSKEYs the walk has seen for their signer, one at a time and in libuv's thread pool, so the
 * thread that reads replies goes on reading them, and the analysis at the end finds them verified (a fifth of it, for
 * www.example.com). It changes no verdict: the analysis still judges every RRset itself and charges its own budget
 * (`checkSignature`); this only fills the process's record of verifications, which is why it may check RRsets the
 * analysis will not ask about.
 */
export interface Preverifier {
	/** A response the walk received: its DNSKEYs, and its signatures to check once their signer's keys are known. */
	take(message: Message): void;
	/** Verifies one signature not verified before, settled when it is; false when none is left to verify. */
	step(): Promise<void> | false;
}

/**
 * Bounds, as the validator's own (KeyTrap, CVE-2023-50387): a hostile zone with many keys sharing a tag and many
 * signatures gets a few checks here, and the analysis its budget as always.
 */
export const PREVERIFY_LIMITS = {
	/** Verifications for one walk: a deep signed trace needs a few dozen different ones. */
	verifications: 256,
	/** Keys tried for one signature. */
	keysPerSignature: 4,
	/** Signed RRsets kept per signer, waiting for keys the walk has not seen yet. */
	waitingPerSigner: 256,
	/**
	 * RSA keys whose check costs many ordinary ones are left to the analysis: a check here holds every reply read
	 * meanwhile, and a hostile zone chooses its keys. An exponent as long as a 3072-bit modulus makes one verification
	 * 6 ms instead of 0.05 (BIND refuses exponents over 35 bits, RSA_MAX_PUBEXP_BITS); RFC 3110 limits the modulus to
	 * 4096 bits (a 16384-bit one costs 1.3 ms).
	 */
	rsaExponentBits: 35,
	rsaModulusBits: 4096,
};

type Rrsig = Extract<ResourceRecord['data'], {kind: 'rrsig'}>;

interface Signed {
	rrset: ResourceRecord[];
	sig: Rrsig;
	/** Keys queued for it so far. */
	keys: number;
}

export function createPreverifier(limits = PREVERIFY_LIMITS): Preverifier {
	const keys = new Map<Name, ResourceRecord[]>();
	const signedBy = new Map<Name, Signed[]>();
	const queue: Array<{signed: Signed; key: ResourceRecord}> = [];
	// Many servers give the same response: the prober hands them the same sections, read once here.
	const read = new WeakSet<ResourceRecord[]>();
	const queued = new Set<string>();
	let spent = 0;

	const enqueue = (signed: Signed, key: ResourceRecord) => {
		if (key.data.kind !== 'dnskey') return;
		const {algorithm, flags, publicKey} = key.data;
		// What the validator would never try: another algorithm or tag, not a zone key, or a key no signature can use.
		if (algorithm !== signed.sig.algorithm || (flags & 0x0100) === 0 || tagOf(key) !== signed.sig.keyTag) return;
		if (signed.keys >= limits.keysPerSignature) return;
		const bytes = Buffer.from(publicKey, 'base64');
		if (keyProblem(algorithm, bytes) !== undefined || costlyRsaKey(algorithm, bytes, limits)) return;
		signed.keys++;
		const text = JSON.stringify([signed.sig, publicKey, signed.rrset.map((record) => [record.name, record.type, record.data])]);
		if (queued.has(text)) return;
		queued.add(text);
		queue.push({signed, key});
	};

	const learnKeys = (zone: Name, found: ResourceRecord[]) => {
		const known = keys.get(zone) ?? [];
		const added = found.filter((key) => key.data.kind === 'dnskey' && !known.some((other) => other.data.kind === 'dnskey' && other.data.publicKey === (key.data as {publicKey: string}).publicKey));
		if (added.length === 0) return;
		known.push(...added);
		keys.set(zone, known);
		for (const signed of signedBy.get(zone) ?? []) for (const key of added) enqueue(signed, key);
	};

	return {
		take(message) {
			if (read.has(message.answer)) return;
			read.add(message.answer);
			const records = [...message.answer, ...message.authority];
			const sets = new Map<string, ResourceRecord[]>();
			for (const record of records) {
				if (record.type === 'RRSIG') continue;
				const key = `${record.name}|${record.type}`;
				sets.set(key, [...(sets.get(key) ?? []), record]);
			}
			const dnskeys = new Map<Name, ResourceRecord[]>();
			for (const record of message.answer) if (record.data.kind === 'dnskey') dnskeys.set(record.name, [...(dnskeys.get(record.name) ?? []), record]);
			for (const record of records) {
				if (record.data.kind !== 'rrsig') continue;
				const rrset = sets.get(`${record.name}|${record.data.typeCovered}`);
				if (!rrset) continue;
				const signed = {rrset, sig: record.data, keys: 0};
				const waiting = signedBy.get(record.data.signerName) ?? [];
				if (waiting.length >= limits.waitingPerSigner) continue;
				waiting.push(signed);
				signedBy.set(record.data.signerName, waiting);
				for (const key of keys.get(record.data.signerName) ?? []) enqueue(signed, key);
			}
			for (const [zone, found] of dnskeys) learnKeys(zone, found);
		},
		step() {
			while (queue.length > 0 && spent < limits.verifications) {
				const {signed, key} = queue.shift()!;
				if (key.data.kind !== 'dnskey') continue;
				const {data, canonical} = signedCheck(signed.sig, key.data.publicKey, signed.rrset);
				if (isSettled(canonical)) continue;
				spent++;
				return checkSignatureInPool(signed.sig, key.data.publicKey, data, canonical);
			}
			return false;
		},
	};
}

/** Whether an RSA key (one keyProblem passed) has an exponent or modulus past the limits. */
function costlyRsaKey(algorithm: number, key: Buffer, limits: typeof PREVERIFY_LIMITS): boolean {
	if (ALGORITHMS[algorithm]?.family.kind !== 'rsa') return false;
	// RFC 3110 2: a 1-byte exponent length, or 0 then a 2-byte length; the exponent; the modulus, the rest.
	const prefix = key[0] === 0 ? 3 : 1;
	const length = prefix === 3 ? key.readUInt16BE(1) : key[0]!;
	return bitLength(key.subarray(prefix, prefix + length)) > limits.rsaExponentBits || bitLength(key.subarray(prefix + length)) > limits.rsaModulusBits;
}

/** The bits of a big-endian unsigned number, its leading zeros not counted. */
function bitLength(bytes: Buffer): number {
	const first = bytes.findIndex((byte) => byte !== 0);
	return first === -1 ? 0 : (bytes.length - first) * 8 - Math.clz32(bytes[first]!) + 24;
}
