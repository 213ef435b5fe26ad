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

/**
 * Every server's copy of every zone signed now, for `lab serve`: a server that signs a zone on its first query stalls
 * for as long as that takes (seconds, when a survey asks a hundred zones at once), and the tools asking read the stall
 * as a server that times out, drops EDNS or refuses TCP. Served zones answer at their own latency from the start.
 */
export function signEveryCopy(world: LabWorld): void {
	for (const server of world.servers) for (const served of server.zones) void served.copy.records;
}
