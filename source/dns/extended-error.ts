import type {Message} from './record.js';

/** The EDNS option code of an Extended DNS Error (RFC 8914). */
export const EDE_OPTION = 15;

/** RFC 8914 4 and IANA's registry: what each info code means. */
const EDE_NAMES: readonly string[] = [
	'Other Error',
	'Unsupported DNSKEY Algorithm',
	'Unsupported DS Digest Type',
	'Stale Answer',
	'Forged Answer',
	'DNSSEC Indeterminate',
	'DNSSEC Bogus',
	'Signature Expired',
	'Signature Not Yet Valid',
	'DNSKEY Missing',
	'RRSIGs Missing',
	'No Zone Key Bit Set',
	'NSEC Missing',
	'Cached Error',
	'Not Ready',
	'Blocked',
	'Censored',
	'Filtered',
	'Prohibited',
	'Stale NXDOMAIN Answer',
	'Not Authoritative',
	'Not Supported',
	'No Reachable Authority',
	'Network Error',
	'Invalid Data',
	'Signature Expired before Valid',
	'Too Early',
	'Unsupported NSEC3 Iterations Value',
	'Unable to conform to policy',
	'Synthesized',
	'Invalid Query Type',
];

/** Text longer than this is cut: a resolver's reason is a sentence, and the rest would only flood a view. */
const MAX_EDE_TEXT = 256;

export interface ExtendedError {
	code: number;
	/** The registry's name for the code, or undefined for one it does not list. */
	name: string | undefined;
	/** The resolver's own words: untrusted, to be presented. */
	text: string;
}

/**
 * Every Extended DNS Error a message carries (RFC 8914 2): a 2-byte info code, then UTF-8 text. An option too short to
 * hold a code is skipped, as RFC 8914 says a receiver does with a malformed one.
 */
export function extendedErrors(message: Message): ExtendedError[] {
	return (message.edns?.options ?? [])
		.filter((option) => option.code === EDE_OPTION && option.hex.length >= 4)
		.map((option) => {
			const bytes = Buffer.from(option.hex, 'hex');
			const code = bytes.readUInt16BE(0);
			const text = bytes.subarray(2).toString('utf8');
			return {code, name: EDE_NAMES[code], text: text.length > MAX_EDE_TEXT ? `${text.slice(0, MAX_EDE_TEXT)}…` : text};
		});
}
