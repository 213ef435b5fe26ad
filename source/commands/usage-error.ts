/** A mistake in what the user typed or pointed us at: one line on stderr, exit status 2, no stack trace. */
export class UsageError extends Error {
	override name = 'UsageError';
}
