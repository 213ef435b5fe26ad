/**
 * What a validating resolver gets: `secure` (an answer it can authenticate, from at least one server: Unbound and
 * BIND retry another server on bogus data), `bogus` (no server gives data that validates: it answers SERVFAIL),
 * `insecure` (a proven unsigned delegation), `indeterminate` (the trace cannot tell), or `not-checked` (the trace
 * was taken with --no-dnssec: nothing was asked, so nothing is judged).
 */
export type DnssecStatus = 'secure' | 'insecure' | 'bogus' | 'indeterminate' | 'not-checked';

/** What a person reads for a status. */
export function dnssecStatusWords(status: DnssecStatus): string {
	return status === 'not-checked' ? 'not checked' : status;
}

/** What a bogus answer means for users, said the same way in every view. */
export const BOGUS_HEADLINE = 'validating resolvers return SERVFAIL for this name';
