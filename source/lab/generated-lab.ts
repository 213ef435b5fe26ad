import {generatedRootKeys} from './generated-keys.js';
import {generateRoot, type GeneratedRoot} from './generated-root.js';
import {buildWorld, type LabWorld} from './world.js';

/**
 * The generated root, built: its signers' keys from the cache (made once), the root signed, every other copy signed
 * when first asked.
 * `keyFile` is the cache to use (tests give their own).
 */
export async function buildGeneratedLab(options: {tlds: number; seed?: number; now?: Date; keyFile?: string}): Promise<{world: LabWorld; root: GeneratedRoot}> {
	const root = generateRoot({tlds: options.tlds, ...(options.seed === undefined ? {} : {seed: options.seed})});
	const keys = await generatedRootKeys(root, options.keyFile);
	const world = buildWorld(root.spec, {keys, lazySigning: true, ...(options.now ? {now: options.now} : {})});
	// Every trace starts at the root: signed now, so the first asker does not wait seconds for it (past a time-out,
	// over loopback sockets).
	void world.zones.get('.')?.records;
	return {world, root};
}
