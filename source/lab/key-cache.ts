import {createECDH, createPrivateKey, type JsonWebKey} from 'node:crypto';
import path from 'node:path';
import {makeDirectory} from '../files/make-directory.js';
import {ALGORITHMS, signingKeyFrom, type SigningKey} from '../dns/dnssec.js';
import type {Name} from '../dns/name.js';
import {cacheDirectory} from '../files/cache-directory.js';
import {readFileBounded} from '../files/read-file-bounded.js';
import {writeFileAtomic} from '../files/write-file-atomic.js';
import {keysOf, type LabKeys, type LabWorld} from './world.js';

/**
 * The lab's keys, kept between runs: two runs of the lab are then the same internet (the same DNSKEY and DS, so
 * a diff of two lab snapshots shows what changed, not new keys), and a run does not spend a second making RSA keys.
 * These keys sign a simulated internet on loopback; they protect nothing.
 */
export function labKeyFile(env: NodeJS.ProcessEnv = process.env): string {
	return path.join(cacheDirectory(env), 'lab-keys.json');
}

/**
 * A key as kept: its private half as PKCS #8 PEM, and as a JWK (since session 44), which is what is read when there.
 * OpenSSL reads PEM in 0.4 ms a key whatever its algorithm, a JWK in 0.02-0.08 (P-384: 0.4 either way): the lab's 39
 * keys took 27-40 ms of every `--lab` start (bench/README.md, "Session 44"). The PEM stays for the builds before,
 * which read only it: a cache shared by two builds keeps its keys (a new format would have had each make new keys
 * whenever the other had written it).
 */
interface StoredKey {
	algorithm: number;
	flags: number;
	key: string;
	jwk?: JsonWebKey;
}

interface StoredKeys {
	format: 'digdeeper/lab-keys@1';
	zones: Record<Name, {ksk: StoredKey; zsk: StoredKey}>;
	dangling: Record<Name, StoredKey>;
}

/** Keys read from the cache. */
export interface KeptKeys extends LabKeys {
	/** Some were kept without their JWK (by a build before session 44): the cache is written again with them. */
	withoutJwk?: true;
}

const KSK = 257;
const ZSK = 256;
/** OpenSSL's names of the curves a JWK names. */
const ECDH_CURVES: Record<string, string> = {'P-256': 'prime256v1', 'P-384': 'secp384r1'};

const store = (key: SigningKey): StoredKey => ({algorithm: key.algorithm, flags: key.flags, key: key.privateKey.export({format: 'pem', type: 'pkcs8'}).toString(), jwk: key.privateKey.export({format: 'jwk'})});

/**
 * A kept key, its flags as its place in the file says. From a JWK, only a private half whose public half follows
 * from it: OpenSSL takes an EC key whose x and y are another key's, and an RSA key whose n is not p × q, and the lab
 * would publish one key and sign with another (every signature bogus, run after run). An Ed25519 or Ed448 public key
 * is made from d by OpenSSL itself.
 */
function load(key: StoredKey, flags: number): SigningKey {
	if (key.flags !== flags) throw new Error(`a key kept with flags ${key.flags} where ${flags} belong`);
	if (!key.jwk) return signingKeyFrom(key.algorithm, key.flags, createPrivateKey(key.key));
	const family = ALGORITHMS[key.algorithm]?.family;
	const {kty, crv} = key.jwk;
	const bytes = (field: string | undefined) => Buffer.from(field ?? '', 'base64url');
	if (family?.kind === 'rsa') {
		const big = (field: string | undefined) => BigInt(`0x${bytes(field).toString('hex') || '0'}`);
		if (kty !== 'RSA' || big(key.jwk.n) !== big(key.jwk.p) * big(key.jwk.q)) throw new Error('an RSA key whose modulus is not the product of its primes');
	} else if (family?.kind === 'ecdsa') {
		if (kty !== 'EC' || crv !== family.curve) throw new Error(`an EC key on ${crv} for algorithm ${key.algorithm}`);
		const ecdh = createECDH(ECDH_CURVES[family.curve]!);
		ecdh.setPrivateKey(bytes(key.jwk.d));
		if (!ecdh.getPublicKey().equals(Buffer.concat([Buffer.of(4), bytes(key.jwk.x), bytes(key.jwk.y)]))) throw new Error("an EC key whose public point is not its private key's");
	} else if (kty !== 'OKP' || crv !== family?.curve) {
		throw new Error(`a ${kty} key for algorithm ${key.algorithm}`);
	}
	return signingKeyFrom(key.algorithm, key.flags, createPrivateKey({key: key.jwk, format: 'jwk'}));
}

/**
 * The most a key file holds: the lab's is about 70 KB. A larger one (thousands of zones no lab has) would be read and
 * its keys loaded at every run, and a FIFO waited on (one that is not written at once: 0 would wait for ever): either
 * is refused, and the lab makes fresh keys.
 */
const MAX_KEY_FILE_BYTES = 1024 * 1024;

/** The keys kept by an earlier run, or nothing when there are none or the file is not what it should be. */
export async function readLabKeys(file = labKeyFile()): Promise<KeptKeys | undefined> {
	try {
		const stored = JSON.parse(await readFileBounded(file, MAX_KEY_FILE_BYTES, {fifoWaitMs: 1})) as StoredKeys;
		if (stored.format !== 'digdeeper/lab-keys@1') return undefined;
		const all = [...Object.values(stored.zones).flatMap((pair) => [pair.ksk, pair.zsk]), ...Object.values(stored.dangling)];
		return {
			zones: new Map(Object.entries(stored.zones).map(([origin, pair]) => [origin, {ksk: load(pair.ksk, KSK), zsk: load(pair.zsk, ZSK)}])),
			dangling: new Map(Object.entries(stored.dangling).map(([origin, key]) => [origin, load(key, KSK)])),
			...(all.some((key) => key.jwk === undefined) ? {withoutJwk: true as const} : {}),
		};
	} catch {
		return undefined;
	}
}

/** Keeps a world's keys for the next run; a cache that cannot be written only costs the next run its speed. */
export async function writeLabKeys(world: LabWorld, file = labKeyFile()): Promise<void> {
	await writeKeys(keysOf(world), file);
}

/** Keeps a set of keys in `file` (the lab's, or the generated root's signers); an unwritable cache only costs speed. */
export async function writeKeys({zones, dangling}: LabKeys, file: string): Promise<void> {
	const stored: StoredKeys = {
		format: 'digdeeper/lab-keys@1',
		zones: Object.fromEntries([...zones].map(([origin, pair]) => [origin, {ksk: store(pair.ksk), zsk: store(pair.zsk)}])),
		dangling: Object.fromEntries([...dangling].map(([origin, key]) => [origin, store(key)])),
	};
	try {
		await makeDirectory(path.dirname(file), 0o700);
		// Private keys, if only a simulated internet's: readable by their owner alone, whatever the directory allows.
		await writeFileAtomic(file, `${JSON.stringify(stored)}\n`, {force: true, mode: 0o600});
	} catch {
		// The next run makes fresh keys.
	}
}

/** Did building the world make a key the cache did not have (or was one kept without its JWK)? Then it is written again. */
export function keysChanged(kept: KeptKeys | undefined, world: LabWorld): boolean {
	if (!kept || kept.withoutJwk) return true;
	const {zones, dangling} = keysOf(world);
	for (const [origin, pair] of zones) if (kept.zones.get(origin)?.ksk.tag !== pair.ksk.tag || kept.zones.get(origin)?.zsk.tag !== pair.zsk.tag) return true;
	for (const [origin, key] of dangling) if (kept.dangling.get(origin)?.tag !== key.tag) return true;
	return false;
}
