import {homedir} from 'node:os';
import path from 'node:path';

/**
 * A file name typed at a prompt of the explorer (`o`, `D`), as a shell would read it: `~` and `~/…` are the home
 * directory, since no shell expands them there (`~/x.json` was looked for in a directory named `~`). `~user` and
 * everything else are left as typed.
 */
export function typedPath(text: string, home: string = homedir()): string {
	if (text === '~') return home;
	if (text.startsWith('~/')) return path.join(home, text.slice(2));
	return text;
}
