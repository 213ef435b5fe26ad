import {homedir} from 'node:os';
import path from 'node:path';

/** digdeeper's cache directory: $DIGDEEPER_CACHE, else the XDG cache directory's digdeeper (the lab's keys, RDAP's bootstrap). */
export function cacheDirectory(env: NodeJS.ProcessEnv = process.env): string {
	return env['DIGDEEPER_CACHE'] ?? path.join(env['XDG_CACHE_HOME'] ?? path.join(homedir(), '.cache'), 'digdeeper');
}
