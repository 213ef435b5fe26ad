import path from 'node:path';
import {generateSigningKey} from '../dns/dnssec.js';
import type {Name} from '../dns/name.js';
import type {GeneratedRoot} from './generated-root.js';
import {labKeyFile, readLabKeys, writeKeys} from './key-cache.js';
import type {ZoneKeys} from './signer.js';
import type {LabKeys} from './world.js';

/** The generated root's signers' keys, kept beside the lab's own (key-cache.ts): the same DNSKEY and DS every run. */
export function generatedKeyFile(env: NodeJS.ProcessEnv = process.env): string {
	return path.join(path.dirname(labKeyFile(env)), 'lab-keys-generated.json');
}

/**
 * The keys for a generated root: one pair per signer (a handful, whatever the number of TLDs), from the cache when
 * it has them, made (and the cache written) when it does not; then every zone given its signer's pair, and every
 * stale DS its other signer's KSK.
 */
export async function generatedRootKeys(root: GeneratedRoot, file = generatedKeyFile()): Promise<LabKeys> {
	const kept = await readLabKeys(file);
	const pool = new Map<string, ZoneKeys>();
	let made = false;
	for (const signer of new Set([...root.signers.values(), ...root.danglingSigners.values()])) {
		const algorithm = Number.parseInt(signer, 10);
		const cached = kept?.zones.get(signer);
		if (cached && cached.ksk.algorithm === algorithm) {
			pool.set(signer, cached);
			continue;
		}
		pool.set(signer, {ksk: generateSigningKey(algorithm, 257), zsk: generateSigningKey(algorithm, 256)});
		made = true;
	}
	if (made) await writeKeys({zones: new Map([...(kept?.zones ?? []), ...pool]), dangling: new Map()}, file);
	return {
		zones: new Map([...root.signers].map(([zone, signer]): [Name, ZoneKeys] => [zone, pool.get(signer)!])),
		dangling: new Map([...root.danglingSigners].map(([zone, signer]) => [zone, pool.get(signer)!.ksk])),
	};
}
