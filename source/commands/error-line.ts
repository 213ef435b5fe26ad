import {presentText} from '../dns/sanitize.js';

/**
 * Errors that are the user's file or arguments, or a failure at run time, not a bug: said in one line, with no
 * stack trace, and the status each exits with. 2: what was typed, or a file it names, cannot be used (an --output
 * that exists, or is a device, or is in no directory, is one: checked before the trace, and typed differently it
 * works). 1: the command was sound but failed while it ran (a server that never answered, a port in use).
 */
const ONE_LINERS: Record<string, 1 | 2> = {UsageError: 2, OutputExistsError: 2, OutputWriteError: 2, SnapshotError: 2, SurveyFileError: 2, PrimingError: 1, RunFailure: 1};

/**
 * The line an error is reported in, or undefined for a bug (which keeps its stack trace). File names and file
 * contents are in these messages: escaped, so they stay one line and steer nothing. (A module of its own, loaded
 * only when something went wrong: a command that succeeds never pays for the escaping.)
 */
export function errorLine(error: unknown): string | undefined {
	if (!(error instanceof Error) || !Object.hasOwn(ONE_LINERS, error.name)) return undefined;
	return `digdeeper: ${presentText(error.message)}`;
}

/** The exit status for an error errorLine said in one line. */
export const errorStatus = (error: Error): 1 | 2 => ONE_LINERS[error.name] ?? 2;
