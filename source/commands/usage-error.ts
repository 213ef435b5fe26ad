import {sanitize} from '../dns/sanitize.js';

/** A mistake in what the user typed or pointed us at: one line on stderr, exit status 2, no stack trace. */
export class UsageError extends Error {
	override name = 'UsageError';
}

/** Errors that are the user's file or arguments, not a bug: said in one line, with no stack trace. */
const ONE_LINERS = new Set(['UsageError', 'OutputExistsError', 'OutputWriteError', 'SnapshotError']);

/**
 * The line an error is reported in, or undefined for a bug (which keeps its stack trace). File names and file
 * contents are in these messages: escaped, so they stay one line and steer nothing.
 */
export function errorLine(error: unknown): string | undefined {
	if (!(error instanceof Error) || !ONE_LINERS.has(error.name)) return undefined;
	return `digdeeper: ${sanitize(error.message)}`;
}
