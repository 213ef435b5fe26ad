import {mkdir, stat} from 'node:fs/promises';
import path from 'node:path';

/**
 * A directory and any parents it lacks, one level at a time: Node 20's `mkdir(…, {recursive: true})` spins forever
 * on a path under /proc (where every mkdir fails ENOENT), before any signal handler can stop it. Here the first level
 * that cannot be made is the error, at once. Each level made is made with `mode` (less the umask), as mkdir's own.
 */
export async function makeDirectory(dir: string, mode?: number): Promise<void> {
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
			// As mkdir says it: the directory asked for is a file (EEXIST), or a part of its path is (ENOTDIR).
			if (!found.isDirectory()) throw Object.assign(new Error(`${at} is not a directory`), {code: at === path.resolve(dir) ? 'EEXIST' : 'ENOTDIR'});
			break;
		}
		missing.unshift(at);
		if (path.dirname(at) === at) break;
	}
	for (const level of missing) {
		await mkdir(level, mode === undefined ? undefined : {mode}).catch((error: NodeJS.ErrnoException) => {
			if (error.code !== 'EEXIST') throw error;
		});
	}
}
