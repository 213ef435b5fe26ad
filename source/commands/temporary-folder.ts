import {mkdtemp} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {removeOnExit} from '../files/remove-on-exit.js';
import {RunFailure} from './run-failure.js';

/**
 * A new folder of the command's own in the system's temporary folder (TMPDIR), for files it removes when it stops,
 * and that goes at the process's exit whatever ends it; `instead`, what else the user can do (give a folder of their
 * own). A TMPDIR that does not exist, is a file or cannot be written to is one line and exit status 1, not Node's stack.
 */
export async function temporaryFolder(prefix: string, instead: string): Promise<string> {
	const parent = tmpdir();
	try {
		const folder = await mkdtemp(path.join(parent, prefix));
		// However the process ends, the folder goes with it: a command that stops removes it itself, but an output that
		// cannot be written (a full disk, a reader gone) ends the process on the spot, and lab serve's had stayed.
		removeOnExit(folder);
		return folder;
	} catch (error) {
		throw new RunFailure(`cannot make a temporary folder in ${parent}: ${(error as NodeJS.ErrnoException).code ?? String(error)} (set TMPDIR to a folder you can write to, or ${instead})`);
	}
}
