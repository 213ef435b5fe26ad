import {randomBytes} from 'node:crypto';
import {link, open, rename, unlink} from 'node:fs/promises';
import path from 'node:path';
import {removeOnExit} from '../files/remove-on-exit.js';
import {checkOutput, OutputWriteError} from '../files/write-file-atomic.js';

/** For a signal's handler, which ends the process with no exit event: the unfinished record removed first. */
export {removeTemporaryFiles} from '../files/remove-on-exit.js';

/**
 * A survey's record written beside its snapshots as the zones finish (it can be far too big to hold in memory), under
 * a hidden temporary name created exclusively (so a planted link is never followed), and given its name only when the
 * survey is complete: a reader never takes an interrupted survey's record for a whole one, and an interrupted survey
 * (an error, Ctrl-C, SIGTERM, SIGHUP) leaves no hidden file behind. Without `force` an existing record is never
 * replaced.
 */
export async function openRecordFile(target: string, options: {force: boolean}) {
	await checkOutput(target, options);
	const temporary = path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
	const failed = (error: unknown) => new OutputWriteError(`cannot write ${target}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
	const handle = await open(temporary, 'wx', 0o644).catch((error: unknown) => {
		throw failed(error);
	});
	const release = removeOnExit(temporary);
	return {
		async write(line: string) {
			await handle.write(line).catch((error: unknown) => {
				throw failed(error);
			});
		},
		/** The record under its name: replacing the old one only with `force` (a hard link fails if the name is taken). */
		async finish() {
			await handle.close();
			release();
			try {
				if (options.force) await rename(temporary, target);
				else {
					await link(temporary, target);
					await unlink(temporary);
				}
			} catch (error) {
				await unlink(temporary).catch(() => {});
				throw failed(error);
			}
		},
		/** An interrupted survey leaves no record behind. */
		async abandon() {
			await handle.close().catch(() => {});
			await unlink(temporary).catch(() => {});
			release();
		},
	};
}
