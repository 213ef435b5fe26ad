import {randomBytes} from 'node:crypto';
import {constants} from 'node:fs';
import {access, link, rename, unlink, writeFile} from 'node:fs/promises';
import path from 'node:path';

export class OutputExistsError extends Error {
	override name = 'OutputExistsError';
}

/**
 * Writes a file so that a reader never sees half of it: the data goes to a temporary file in the same directory,
 * then takes the final name in one step. Without `force` an existing file is never replaced (a hard link fails if
 * the name is taken, so even a race can't overwrite it).
 */
export async function writeFileAtomic(target: string, data: string, options: {force: boolean}): Promise<void> {
	const temporary = path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
	if (!options.force) {
		const exists = await access(target, constants.F_OK).then(
			() => true,
			() => false,
		);
		if (exists) throw new OutputExistsError(`${target} already exists (use --force to replace it)`);
	}
	await writeFile(temporary, data, {flag: 'wx', mode: 0o644});
	try {
		if (options.force) {
			await rename(temporary, target);
		} else {
			await link(temporary, target).catch((error: NodeJS.ErrnoException) => {
				if (error.code === 'EEXIST') throw new OutputExistsError(`${target} already exists (use --force to replace it)`);
				throw error;
			});
			await unlink(temporary);
		}
	} catch (error) {
		await unlink(temporary).catch(() => {});
		throw error;
	}
}
