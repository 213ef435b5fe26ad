import type {TestProject} from 'vitest/node';
import {INTERNET} from '../../source/lab/internet.js';
import {keysChanged, labKeyFile, readLabKeys, writeLabKeys} from '../../source/lab/key-cache.js';
import {buildWorld} from '../../source/lab/world.js';

/**
 * Vitest's global set-up: the tests' key cache holds the lab's keys before any file runs, as it would after a
 * user's first `--lab` run. A fresh clone (CI) would otherwise make the lab's RSA keys again in every file that
 * builds the lab and in every `--lab` process a test starts, a second or more of CPU each.
 */
export default async function warmLabKeys(project: TestProject): Promise<void> {
	const file = labKeyFile(project.config.env);
	const kept = await readLabKeys(file);
	const world = buildWorld(INTERNET, kept ? {keys: kept} : {});
	if (keysChanged(kept, world)) await writeLabKeys(world, file);
}
