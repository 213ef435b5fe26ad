import {createChangingLab, type ChangingLab} from './changing-lab.js';
import {generatedRootKeys} from './generated-keys.js';
import {generateRoot, type GeneratedRoot} from './generated-root.js';
import {buildWorld, type LabWorld} from './world.js';

/**
 * The generated root, built: its signers' keys from the cache (made once), the root signed, every other copy signed
 * when first asked. `keyFile` is the cache to use (tests give their own).
 */
export async function buildGeneratedLab(options: {tlds: number; seed?: number; now?: Date; keyFile?: string}): Promise<{world: LabWorld; root: GeneratedRoot}> {
	const root = generateRoot(options);
	const keys = await generatedRootKeys(root, options.keyFile);
	return {world: signRootNow(buildWorld(root.spec, {keys, lazySigning: true, ...(options.now ? {now: options.now} : {})})), root};
}

/** The generated root as `--lab --lab-tlds N` traces through it: one transport, the root signed before the first query. */
export async function generatedChangingLab(options: {tlds: number; seed?: number; latencyScale: number}): Promise<ChangingLab> {
	const root = generateRoot(options);
	const lab = createChangingLab(root.spec, {latencyScale: options.latencyScale, keys: await generatedRootKeys(root), lazySigning: true});
	signRootNow(lab.world());
	return lab;
}

/**
 * Every trace starts at the root, whose thousands of signatures take a second or two to make: made now, not while
 * the first query waits (past its time-out, and the querier would blame the root's UDP).
 */
function signRootNow(world: LabWorld): LabWorld {
	void world.zones.get('.')?.records;
	return world;
}
