/*
 * The failure modes of the founding stories, as the generated root injects them into TLDs (generated-root.ts), and
 * the finding codes (errors and warnings, as in source/analysis/finding-catalogue.ts) that a trace of the broken
 * TLD's SOA must report. The lab may not import the analysis, so the codes are written out here;
 * test/lab/generated-root.test.ts checks each against the catalogue and against real traces.
 */

export const FAILURE_MODES = ['dead', 'refused', 'not-authoritative', 'stale', 'half-signed', 'expired', 'sha1-ds', 'ds-no-key', 'unresolvable-ns', 'upward-referral'] as const;
export type FailureMode = (typeof FAILURE_MODES)[number];

/** A code of source/analysis/finding-catalogue.ts that a generated TLD's ground truth uses. */
export type ExpectedCode = (typeof EXPECTED_CODES)[FailureMode][number];

export const EXPECTED_CODES = {
	/** One of its own hosts never answers (.bw's dns1, .xn--mgbai9azgqp6j's three). */
	dead: ['SERVER_TIMEOUT'],
	/** One server answers REFUSED: the zone is no longer configured there (.xn--wgbh1c's PCH server, .creditunion). */
	refused: ['SERVER_REFUSED'],
	/** One server answers without AA, from data it only has cached (.creditunion's d.pch). */
	'not-authoritative': ['SERVER_NOT_AUTHORITATIVE'],
	/** One server serves a copy five days behind (.bw's dns2). */
	stale: ['SERIAL_MISMATCH'],
	/** One server serves the zone without any DNSSEC material (.ls, .td). */
	'half-signed': ['DNSSEC_PARTIAL'],
	/** One server's apex signatures expired in 2020 (.xn--wgbh1c). */
	expired: ['RRSIG_EXPIRED'],
	/** The root publishes only a SHA-1 DS for the TLD. */
	'sha1-ds': ['DS_DIGEST_DEPRECATED'],
	/** The root's only DS is for a key the TLD does not have: a botched rollover, and the TLD is bogus. */
	'ds-no-key': ['DS_NO_MATCHING_DNSKEY'],
	/** One NS name does not exist (.td's gransy names). */
	'unresolvable-ns': ['NS_NAME_UNRESOLVABLE'],
	/** One server refers the asker back to the root. */
	'upward-referral': ['UPWARD_REFERRAL'],
} as const satisfies Record<FailureMode, readonly string[]>;
