import {createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type JsonWebKey, type KeyObject} from 'node:crypto';
import {encodeName} from './codec.js';
import type {Name} from './name.js';

type Family = {kind: 'rsa'; hash: string} | {kind: 'ecdsa'; hash: string; curve: 'P-256' | 'P-384'; size: number} | {kind: 'eddsa'; curve: 'Ed25519' | 'Ed448'};

/**
 * DNSSEC algorithms (IANA "DNS Security Algorithm Numbers") that node:crypto can verify, with the status the
 * registry gives them for validation per RFC 9904 (which updates RFC 8624): RSASHA1 variants are deprecated.
 */
export const ALGORITHMS: Record<number, {mnemonic: string; family: Family; validation: 'must' | 'recommended' | 'may' | 'deprecated'}> = {
	5: {mnemonic: 'RSASHA1', family: {kind: 'rsa', hash: 'sha1'}, validation: 'deprecated'},
	7: {mnemonic: 'RSASHA1-NSEC3-SHA1', family: {kind: 'rsa', hash: 'sha1'}, validation: 'deprecated'},
	8: {mnemonic: 'RSASHA256', family: {kind: 'rsa', hash: 'sha256'}, validation: 'must'},
	10: {mnemonic: 'RSASHA512', family: {kind: 'rsa', hash: 'sha512'}, validation: 'may'},
	13: {mnemonic: 'ECDSAP256SHA256', family: {kind: 'ecdsa', hash: 'sha256', curve: 'P-256', size: 32}, validation: 'must'},
	14: {mnemonic: 'ECDSAP384SHA384', family: {kind: 'ecdsa', hash: 'sha384', curve: 'P-384', size: 48}, validation: 'recommended'},
	15: {mnemonic: 'ED25519', family: {kind: 'eddsa', curve: 'Ed25519'}, validation: 'recommended'},
	16: {mnemonic: 'ED448', family: {kind: 'eddsa', curve: 'Ed448'}, validation: 'recommended'},
};

/** DS digest types (IANA registry): SHA-1 is deprecated for new DS records (RFC 9904). */
export const DIGESTS: Record<number, {mnemonic: string; hash: string; length: number; deprecated: boolean}> = {
	1: {mnemonic: 'SHA-1', hash: 'sha1', length: 20, deprecated: true},
	2: {mnemonic: 'SHA-256', hash: 'sha256', length: 32, deprecated: false},
	4: {mnemonic: 'SHA-384', hash: 'sha384', length: 48, deprecated: false},
};

/** DNSKEY RDATA in wire form. */
export function dnskeyRData(key: {flags: number; protocol?: number; algorithm: number; publicKey: Buffer}): Buffer {
	const head = Buffer.alloc(4);
	head.writeUInt16BE(key.flags, 0);
	head.writeUInt8(key.protocol ?? 3, 2);
	head.writeUInt8(key.algorithm, 3);
	return Buffer.concat([head, key.publicKey]);
}

/** RFC 4034 Appendix B: the key tag of a DNSKEY, from its RDATA. */
export function keyTag(rdata: Buffer): number {
	let sum = 0;
	for (let index = 0; index < rdata.length; index++) sum += index & 1 ? rdata[index]! : rdata[index]! << 8;
	sum += (sum >> 16) & 0xffff;
	return sum & 0xffff;
}

/** RFC 4034 5.1.4: digest over the owner name and the DNSKEY RDATA; undefined for an unknown digest type. */
export function dsDigest(owner: Name, rdata: Buffer, digestType: number): Buffer | undefined {
	const digest = DIGESTS[digestType];
	if (!digest) return undefined;
	return createHash(digest.hash).update(encodeName(owner.toLowerCase())).update(rdata).digest();
}

/** RFC 8080 3: Ed25519 and Ed448 public keys are 32 and 57 bytes. */
const EDDSA_KEY_BYTES = {Ed25519: 32, Ed448: 57};

/**
 * Why a DNSKEY's public key field can be no key of its algorithm, or undefined when its size and layout fit (its
 * value is judged by node:crypto). The wire allows any length, as BIND's parser does; such a key is kept, and can
 * never verify a signature. An algorithm we do not know has no rule.
 */
export function keyProblem(algorithm: number, publicKey: Uint8Array): string | undefined {
	const family = ALGORITHMS[algorithm]?.family;
	if (!family) return undefined;
	if (family.kind === 'ecdsa' || family.kind === 'eddsa') {
		// RFC 6605 4: an ECDSA key is the point's x and y, each of the curve's size.
		const size = family.kind === 'ecdsa' ? family.size * 2 : EDDSA_KEY_BYTES[family.curve];
		return publicKey.byteLength === size ? undefined : `its key is ${publicKey.byteLength} bytes; algorithm ${algorithm} keys are ${size}`;
	}
	// RFC 3110 2: a 1-byte exponent length, or 0 then a 2-byte length; the exponent; the modulus, the rest.
	const long = publicKey[0] === 0;
	const prefix = long ? 3 : 1;
	if (publicKey.byteLength < prefix) return `its key of ${publicKey.byteLength} bytes is cut short in the exponent length`;
	const exponent = long ? (publicKey[1]! << 8) | publicKey[2]! : publicKey[0]!;
	if (exponent === 0) return 'its RSA exponent is empty';
	const modulus = publicKey.byteLength - prefix - exponent;
	if (modulus < 0) return `its RSA exponent length, ${exponent}, runs ${-modulus} bytes past the key`;
	if (modulus === 0) return 'its RSA modulus is empty';
	// A verification's cost grows with the exponent: a 3064-bit one makes it cost as much as a hundred ordinary ones,
	// which a zone of such keys multiplies by its signatures (KeyTrap's cost, not its count). BIND refuses exponents
	// over 35 bits, and RFC 5702 2.1 limits the modulus to 4096 bits.
	const exponentBits = bitLength(publicKey.subarray(prefix, prefix + exponent));
	if (exponentBits > MAX_RSA_EXPONENT_BITS) return `its RSA exponent is ${exponentBits} bits; validators refuse over ${MAX_RSA_EXPONENT_BITS} (BIND)`;
	const modulusBits = bitLength(publicKey.subarray(prefix + exponent));
	if (modulusBits > MAX_RSA_MODULUS_BITS) return `its RSA modulus is ${modulusBits} bits; RFC 5702 allows ${MAX_RSA_MODULUS_BITS} at most`;
	return undefined;
}

const MAX_RSA_EXPONENT_BITS = 35;
const MAX_RSA_MODULUS_BITS = 4096;

/** The bits of an unsigned big-endian number, leading zeros not counted. */
function bitLength(bytes: Uint8Array): number {
	const first = bytes.findIndex((byte) => byte !== 0);
	return first === -1 ? 0 : (bytes.length - first - 1) * 8 + (32 - Math.clz32(bytes[first]!));
}

/**
 * Keys already read, by algorithm and key field: a trace verifies a few hundred signatures by a handful of keys, and
 * reading a key (from JWK) costs as much as a verification. Bounded, as a watch or a survey runs for hours.
 */
const keyObjects = new Map<string, KeyObject | undefined>();
const KEY_OBJECTS_KEPT = 1024;

/** Reads a DNSKEY public key field into a node KeyObject; undefined when the key is malformed. */
export function publicKeyObject(algorithm: number, publicKey: Buffer): KeyObject | undefined {
	const known = `${algorithm} ${publicKey.toString('base64')}`;
	if (keyObjects.has(known)) return keyObjects.get(known);
	const key = readPublicKey(algorithm, publicKey);
	if (keyObjects.size >= KEY_OBJECTS_KEPT) keyObjects.clear();
	keyObjects.set(known, key);
	return key;
}

function readPublicKey(algorithm: number, publicKey: Buffer): KeyObject | undefined {
	const info = ALGORITHMS[algorithm];
	if (!info || keyProblem(algorithm, publicKey) !== undefined) return undefined;
	try {
		const family = info.family;
		if (family.kind === 'rsa') {
			const offset = publicKey[0] === 0 ? 3 : 1;
			const exponentLength = offset === 3 ? publicKey.readUInt16BE(1) : publicKey[0]!;
			const e = publicKey.subarray(offset, offset + exponentLength);
			const n = publicKey.subarray(offset + exponentLength);
			return createPublicKey({key: {kty: 'RSA', n: n.toString('base64url'), e: e.toString('base64url')}, format: 'jwk'});
		}
		if (family.kind === 'ecdsa') {
			return createPublicKey({
				key: {kty: 'EC', crv: family.curve, x: publicKey.subarray(0, family.size).toString('base64url'), y: publicKey.subarray(family.size).toString('base64url')},
				format: 'jwk',
			});
		}
		return createPublicKey({key: {kty: 'OKP', crv: family.curve, x: publicKey.toString('base64url')}, format: 'jwk'});
	} catch {
		return undefined;
	}
}

/** Verifies one signature; 'unsupported' for an algorithm this build cannot check. */
export function verifySignature(algorithm: number, publicKey: Buffer, data: Buffer, signature: Buffer): boolean | 'unsupported' {
	const info = ALGORITHMS[algorithm];
	if (!info) return 'unsupported';
	const key = publicKeyObject(algorithm, publicKey);
	if (!key) return false;
	try {
		const family = info.family;
		if (family.kind === 'rsa') return verify(family.hash, data, key, signature);
		if (family.kind === 'ecdsa') return verify(family.hash, data, {key, dsaEncoding: 'ieee-p1363'}, signature);
		return verify(null, data, key, signature);
	} catch {
		return false;
	}
}

export interface SigningKey {
	algorithm: number;
	flags: number;
	/** The DNSKEY public key field. */
	publicKey: Buffer;
	tag: number;
	/** The private half, so a lab can keep its keys between runs. */
	privateKey: KeyObject;
	sign(data: Buffer): Buffer;
}

/** The size of the lab's RSA keys unless a zone says otherwise, as RFC 8624 advises for new RSA keys. */
export const RSA_BITS = 2048;

/** A fresh key pair for the lab's signer (RSA keys are RSA_BITS long unless asked otherwise). */
export function generateSigningKey(algorithm: number, flags: number, rsaBits = RSA_BITS): SigningKey {
	const info = ALGORITHMS[algorithm];
	if (!info) throw new Error(`cannot generate keys for algorithm ${algorithm}`);
	const family = info.family;
	// The pair comes out encoded, and the private key is read again into a key of its own. Node 20 deadlocks otherwise:
	// the generation's job shares the key's lock, and a garbage collection that frees the job during a later use of the
	// key that holds the lock and allocates (exporting it as JWK did) waits on that lock for ever (seen once in CI, the
	// lab's keys being made in a test worker: every thread in futex_wait, ~KeyGenJob under ExportJWKEcKey).
	const encoding = {publicKeyEncoding: {format: 'jwk'}, privateKeyEncoding: {type: 'pkcs8', format: 'der'}} as const;
	const pair =
		family.kind === 'rsa'
			? generateKeyPairSync('rsa', {modulusLength: rsaBits, publicExponent: 65_537, ...encoding})
			: family.kind === 'ecdsa'
				? generateKeyPairSync('ec', {namedCurve: family.curve, ...encoding})
				: family.curve === 'Ed25519'
					? generateKeyPairSync('ed25519', encoding)
					: generateKeyPairSync('ed448', encoding);
	// (@types/node 20 types the pair as key objects whatever the encodings: Node returns the JWK and the DER asked for.)
	const encoded = pair as unknown as {publicKey: JsonWebKey; privateKey: Buffer};
	return signingKeyFrom(algorithm, flags, createPrivateKey({key: encoded.privateKey, format: 'der', type: 'pkcs8'}), encoded.publicKey);
}

/** A signing key around an existing private key (one generated now, or one kept from an earlier run). */
export function signingKeyFrom(algorithm: number, flags: number, privateKey: KeyObject, publicJwk?: JsonWebKey): SigningKey {
	const info = ALGORITHMS[algorithm];
	if (!info) throw new Error(`cannot sign with algorithm ${algorithm}`);
	const family = info.family;
	const jwk = publicJwk ?? createPublicKey(privateKey).export({format: 'jwk'});
	let publicKey: Buffer;
	let signer: (data: Buffer) => Buffer;
	if (family.kind === 'rsa') {
		const e = Buffer.from(jwk.e!, 'base64url');
		publicKey = Buffer.concat([Buffer.from([e.byteLength]), e, Buffer.from(jwk.n!, 'base64url')]);
		signer = (data) => sign(family.hash, data, privateKey);
	} else if (family.kind === 'ecdsa') {
		publicKey = Buffer.concat([Buffer.from(jwk.x!, 'base64url'), Buffer.from(jwk.y!, 'base64url')]);
		signer = (data) => sign(family.hash, data, {key: privateKey, dsaEncoding: 'ieee-p1363'});
	} else {
		publicKey = Buffer.from(jwk.x!, 'base64url');
		signer = (data) => sign(null, data, privateKey);
	}
	return {algorithm, flags, publicKey, tag: keyTag(dnskeyRData({flags, algorithm, publicKey})), privateKey, sign: signer};
}

/** RFC 5155 5: the iterated, salted SHA-1 hash of an owner name, for NSEC3. */
export function nsec3Hash(name: Name, salt: Buffer, iterations: number): Buffer {
	let digest = createHash('sha1').update(encodeName(name.toLowerCase())).update(salt).digest();
	for (let round = 0; round < iterations; round++) digest = createHash('sha1').update(digest).update(salt).digest();
	return digest;
}

/**
 * The size of an RSA modulus in bits, from a DNSKEY public key field (RFC 3110 2: the exponent's length in one
 * byte, or a zero byte and two more; the exponent; the modulus); undefined when the field is too short to hold one.
 */
export function rsaModulusBits(publicKey: Uint8Array): number | undefined {
	if (publicKey.length === 0) return undefined;
	const long = publicKey[0] === 0;
	if (long && publicKey.length < 3) return undefined;
	const exponentLength = long ? (publicKey[1]! << 8) | publicKey[2]! : publicKey[0]!;
	let start = (long ? 3 : 1) + exponentLength;
	while (start < publicKey.length && publicKey[start] === 0) start++;
	if (start >= publicKey.length) return undefined;
	return (publicKey.length - start - 1) * 8 + (32 - Math.clz32(publicKey[start]!));
}
