import {createPrivateKey, type JsonWebKey} from 'node:crypto';
import {mkdir, readFile} from 'node:fs/promises';
import path from 'node:path';
import {signingKeyFrom, type SigningKey} from '../dns/dnssec.js';
import type {Name} from '../dns/name.js';
import {cacheDirectory} from '../files/cache-directory.js';
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
 * A key as kept: its private half as a JWK. The first format kept it as PKCS #8 PEM, which OpenSSL reads in 0.4 ms
 * a key whatever its algorithm, against 0.02-0.08 ms from a JWK (P-384: 0.4 either way); the lab's 39 keys took
 * 27-40 ms of every `--lab` start (bench/README.md, "Session 44").
 */
interface StoredKey {
	algorithm: number;
	flags: number;
	jwk: JsonWebKey;
}

interface StoredKeys {
	format: 'digdeeper/lab-keys@2';
	zones: Record<Name, {ksk: StoredKey; zsk: StoredKey}>;
	dangling: Record<Name, StoredKey>;
}

/** The first format, read (and written again as the second) so a cache outlives the change. */
interface FirstFormatKeys {
	format: 'digdeeper/lab-keys@1';
	zones: Record<Name, {ksk: FirstFormatKey; zsk: FirstFormatKey}>;
	dangling: Record<Name, FirstFormatKey>;
}

interface FirstFormatKey {
	algorithm: number;
	flags: number;
	/** PKCS #8, PEM. */
	key: string;
}

/** Keys read from the cache. */
export interface KeptKeys extends LabKeys {
	/** Kept in the first format: written again in the second. */
	firstFormat?: true;
}

const store = (key: SigningKey): StoredKey => ({algorithm: key.algorithm, flags: key.flags, jwk: key.privateKey.export({format: 'jwk'})});
const load = (key: StoredKey | FirstFormatKey): SigningKey => signingKeyFrom(key.algorithm, key.flags, 'jwk' in key ? createPrivateKey({key: key.jwk, format: 'jwk'}) : createPrivateKey(key.key));

/** The keys kept by an earlier run, or nothing when there are none or the file is not what it should be. */
export async function readLabKeys(file = labKeyFile()): Promise<KeptKeys | undefined> {
	try {
		const stored = JSON.parse(await readFile(file, 'utf8')) as StoredKeys | FirstFormatKeys;
		if (stored.format !== 'digdeeper/lab-keys@2' && stored.format !== 'digdeeper/lab-keys@1') return undefined;
		const zones: Record<Name, {ksk: StoredKey | FirstFormatKey; zsk: StoredKey | FirstFormatKey}> = stored.zones;
		const dangling: Record<Name, StoredKey | FirstFormatKey> = stored.dangling;
		return {
			zones: new Map(Object.entries(zones).map(([origin, pair]) => [origin, {ksk: load(pair.ksk), zsk: load(pair.zsk)}])),
			dangling: new Map(Object.entries(dangling).map(([origin, key]) => [origin, load(key)])),
			...(stored.format === 'digdeeper/lab-keys@1' ? {firstFormat: true as const} : {}),
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
		format: 'digdeeper/lab-keys@2',
		zones: Object.fromEntries([...zones].map(([origin, pair]) => [origin, {ksk: store(pair.ksk), zsk: store(pair.zsk)}])),
		dangling: Object.fromEntries([...dangling].map(([origin, key]) => [origin, store(key)])),
	};
	try {
		await mkdir(path.dirname(file), {recursive: true, mode: 0o700});
		await writeFileAtomic(file, `${JSON.stringify(stored)}\n`, {force: true});
	} catch {
		// The next run makes fresh keys.
	}
}

/** Did building the world make a key the cache did not have (or was it kept in the first format)? Then it is written again. */
export function keysChanged(kept: KeptKeys | undefined, world: LabWorld): boolean {
	if (!kept || kept.firstFormat) return true;
	const {zones, dangling} = keysOf(world);
	for (const [origin, pair] of zones) if (kept.zones.get(origin)?.ksk.tag !== pair.ksk.tag || kept.zones.get(origin)?.zsk.tag !== pair.zsk.tag) return true;
	for (const [origin, key] of dangling) if (kept.dangling.get(origin)?.tag !== key.tag) return true;
	return false;
}
