/**
 * What a validating resolver gets: `secure` (an answer it can authenticate, from at least one server: Unbound and
 * BIND retry another server on bogus data), `bogus` (no server gives data that validates: it answers SERVFAIL),
 * `insecure` (a proven unsigned delegation, or one signed only with algorithms a validator does not check),
 * `unanchored` (outside validation: no trust anchor at or above the zone, so a resolver with these anchors does not
 * validate it at all, and nothing is broken), `indeterminate` (the trace cannot tell), or `not-checked` (the trace
 * was taken with --no-dnssec: nothing was asked, so nothing is judged).
 */
export type DnssecStatus = 'secure' | 'insecure' | 'bogus' | 'unanchored' | 'indeterminate' | 'not-checked';

/** What a person reads for a status. */
export function dnssecStatusWords(status: DnssecStatus): string {
	return status === 'not-checked' ? 'not checked' : status === 'unanchored' ? 'outside validation' : status;
}

/** Why a zone or name is outside validation, said the same way everywhere. */
export const UNANCHORED_REASON = 'outside validation: no trust anchor at or above it';

/** What a bogus answer means for users, said the same way in every view. */
export const BOGUS_HEADLINE = 'validating resolvers return SERVFAIL for this name';
