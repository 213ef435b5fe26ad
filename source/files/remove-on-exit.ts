import {rmSync} from 'node:fs';

/*
 * Temporary files a run writes (a survey's record until it completes) and folders it makes (lab serve's, a replay's,
 * a survey's snapshots) removed however the run ends: on the
 * process's exit (the end of main, process.exit on Ctrl-C), and, where a signal would end the process without an exit
 * event, by its handler calling removeTemporaryFiles before the signal is raised again.
 */

const pending = new Set<string>();

/** Removes every file and folder still pending, synchronously: an exit listener or a signal handler cannot wait. */
export function removeTemporaryFiles(): void {
	for (const file of pending) {
		try {
			rmSync(file, {recursive: true, force: true, maxRetries: 3});
		} catch {
			// Already gone, or its directory with it: nothing is left behind either way.
		}
	}
	pending.clear();
}

/** `file` (or a folder) removed on the way out unless it is released first (given its name, or removed by its writer). */
export function removeOnExit(file: string): () => void {
	if (pending.size === 0) process.on('exit', removeTemporaryFiles);
	pending.add(file);
	return () => {
		pending.delete(file);
		if (pending.size === 0) process.off('exit', removeTemporaryFiles);
	};
}
