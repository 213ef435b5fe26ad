import {generatedRootKeys} from './generated-keys.js';
import {generateRoot, type GeneratedRoot} from './generated-root.js';
import {buildWorld, type LabWorld} from './world.js';

/**
 * The generated root, built: its signers' keys from the cache (made once), every copy signed when first asked.
 * `keyFile` is the cache to use (tests give their own).
 */
export async function buildGeneratedLab(options: {tlds: number; seed?: number; now?: Date; keyFile?: string}): Promise<{world: LabWorld; root: GeneratedRoot}> {
	const root = generateRoot({tlds: options.tlds, ...(options.seed === undefined ? {} : {seed: options.seed})});
	const keys = await generatedRootKeys(root, options.keyFile);
	const world = buildWorld(root.spec, {keys, lazySigning: true, ...(options.now ? {now: options.now} : {})});
	return {world, root};
}
