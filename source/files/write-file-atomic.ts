import {randomBytes} from 'node:crypto';
import type {Stats} from 'node:fs';
import path from 'node:path';

export class OutputExistsError extends Error {
	override name = 'OutputExistsError';
}

/** A file that could not be written: a missing or read-only directory, a full disk, a name that is not a file. */
export class OutputWriteError extends Error {
	override name = 'OutputWriteError';
}

/** The file-system calls the writer makes, injectable so a test can make the disk fill up half-way. */
export interface WriterFs {
	writeFile: (file: string, data: string, options: {flag: string; mode: number}) => Promise<void>;
	rename: (from: string, to: string) => Promise<void>;
	link: (existing: string, name: string) => Promise<void>;
	unlink: (file: string) => Promise<void>;
	lstat: (file: string) => Promise<Stats>;
}

/**
 * Node's own, loaded at first use: node:fs/promises takes about 2 ms to load (readline's interface with it), which a
 * trace printed to standard output never needs.
 */
async function nodeFs(): Promise<WriterFs> {
	const {link, lstat, rename, unlink, writeFile} = await import('node:fs/promises');
	return {writeFile, rename, link, unlink, lstat};
}

const exists = (target: string) => new OutputExistsError(`${target} already exists (use --force to replace it)`);
const failed = (target: string, error: unknown) => new OutputWriteError(`cannot write ${target}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);

/** What a name that is not a regular file is, in words: --force never replaces one of these. */
function notRegular(stats: Stats): string | undefined {
	if (stats.isFile()) return undefined;
	if (stats.isDirectory()) return 'a directory';
	if (stats.isSymbolicLink()) return 'a symbolic link';
	if (stats.isFIFO()) return 'a FIFO';
	if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
	if (stats.isSocket()) return 'a socket';
	return 'not a regular file';
}

/**
 * Whether `target` may be written: without `force` nothing may be there; with it, only a regular file (never a
 * FIFO, a device, a directory or a symbolic link, whose replacement nobody asking for a snapshot means). What is no
 * regular file is said first, with or without `force`: "use --force" would only lead to that refusal. Checked
 * before a long trace starts, and again by the writer.
 */
export async function checkOutput(target: string, options: {force: boolean}, given?: Pick<WriterFs, 'lstat'>): Promise<void> {
	const fs = given ?? (await nodeFs());
	let stats: Stats;
	try {
		stats = await fs.lstat(target);
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
		throw failed(target, error);
	}
	const what = notRegular(stats);
	if (what) throw new OutputWriteError(`${target} is ${what}: only a regular file is ever replaced`);
	if (!options.force) throw exists(target);
}

/**
 * Writes a file so that a reader never sees half of it: the data goes to a temporary file in the same directory
 * (created exclusively, so a planted symbolic link is never followed), then takes the final name in one step, which
 * replaces a name rather than writing through it. Without `force` an existing file is never replaced (a hard link
 * fails if the name is taken, so even a race can't overwrite it). Whatever fails, the temporary file is removed.
 */
export async function writeFileAtomic(target: string, data: string, options: {force: boolean; mode?: number}, given?: WriterFs): Promise<void> {
	const fs = given ?? (await nodeFs());
	await checkOutput(target, options, fs);
	const temporary = path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
	try {
		await fs.writeFile(temporary, data, {flag: 'wx', mode: options.mode ?? 0o644});
	} catch (error) {
		// A full disk leaves part of the file behind; a name already taken (EEXIST) is not ours to remove.
		if ((error as NodeJS.ErrnoException).code !== 'EEXIST') await fs.unlink(temporary).catch(() => {});
		throw failed(target, error);
	}
	try {
		if (options.force) {
			await fs.rename(temporary, target);
		} else {
			await fs.link(temporary, target);
			await fs.unlink(temporary);
		}
	} catch (error) {
		await fs.unlink(temporary).catch(() => {});
		if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw exists(target);
		throw failed(target, error);
	}
}
