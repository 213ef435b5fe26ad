import {presentText} from '../dns/sanitize.js';

/** Errors that are the user's file or arguments, not a bug: said in one line, with no stack trace. */
const ONE_LINERS = new Set(['UsageError', 'OutputExistsError', 'OutputWriteError', 'SnapshotError', 'PrimingError']);

/**
 * The line an error is reported in, or undefined for a bug (which keeps its stack trace). File names and file
 * contents are in these messages: escaped, so they stay one line and steer nothing. (A module of its own, loaded
 * only when something went wrong: a command that succeeds never pays for the escaping.)
 */
export function errorLine(error: unknown): string | undefined {
	if (!(error instanceof Error) || !ONE_LINERS.has(error.name)) return undefined;
	return `digdeeper: ${presentText(error.message)}`;
}
