import {mkdir, stat} from 'node:fs/promises';
import path from 'node:path';

/**
 * A directory and any parents it lacks, one level at a time: Node 20's `mkdir(…, {recursive: true})` spins forever
 * on a path under /proc (where every mkdir fails ENOENT), before any signal handler can stop it. Here the first level
 * that cannot be made is the error, at once.
 */
export async function makeDirectory(dir: string): Promise<void> {
	const missing: string[] = [];
	for (let at = path.resolve(dir); ; at = path.dirname(at)) {
		const found = await stat(at).then(
			(stats) => stats,
			(error: NodeJS.ErrnoException) => {
				if (error.code !== 'ENOENT') throw error;
				return undefined;
			},
		);
		if (found) {
			if (!found.isDirectory()) throw Object.assign(new Error(`${at} is not a directory`), {code: 'ENOTDIR'});
			break;
		}
		missing.unshift(at);
		if (path.dirname(at) === at) break;
	}
	for (const level of missing) {
		await mkdir(level).catch((error: NodeJS.ErrnoException) => {
			if (error.code !== 'EEXIST') throw error;
		});
	}
}
