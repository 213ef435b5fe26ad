import {FileRefusedError} from '../files/read-file-bounded.js';
import {UsageError} from './usage-error.js';

/**
 * A file named on the command line that cannot be read, in one shape whatever the file is for:
 * `cannot read hints file: FILE: ENOENT (no such file or directory)`, or with read-file-bounded's refusal, which
 * names the file itself (`FILE is a directory, not a file`, `FILE: larger than 1 MB`, `nothing writes to FIFO FILE`).
 */
export function unreadableFile(what: string, file: string, error: unknown): UsageError {
	if (error instanceof FileRefusedError) return new UsageError(`cannot read ${what}: ${error.message}`);
	const {code, message} = error as NodeJS.ErrnoException;
	// Node says `ENOENT: no such file or directory, open '/x'`: the words between the code and the system call.
	const words = code === undefined ? undefined : new RegExp(`^${code}: ([^,]+),`, 'u').exec(message)?.[1];
	return new UsageError(`cannot read ${what}: ${file}: ${code === undefined ? message : words === undefined ? code : `${code} (${words})`}`);
}

/**
 * A directory -o names (a watch's, a survey's) that cannot be made: a file in its way is said to be one, with `holds`,
 * what -o names there; anything else by its code.
 */
export function unusableDirectory(directory: string, error: NodeJS.ErrnoException, holds: string): UsageError {
	const why = error.code === 'EEXIST' ? 'it is a file' : error.code === 'ENOTDIR' ? 'a part of that path is a file' : undefined;
	return new UsageError(`cannot use ${directory} for snapshots: ${why === undefined ? (error.code ?? error.message) : `${why}, and ${holds}`}`);
}
