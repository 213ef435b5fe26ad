/*
 * The whole IANA registries, not only what this build can verify (dnssec.ts): a zone file or a trust-anchor file may
 * name an algorithm we cannot check, and reading it is not judging it.
 */

/** IANA "DNS Security Algorithm Numbers": the mnemonics zone files and key files may write instead of the number. */
const ALGORITHM_NUMBERS: Record<string, number> = {
	RSAMD5: 1,
	DH: 2,
	DSA: 3,
	RSASHA1: 5,
	'DSA-NSEC3-SHA1': 6,
	'RSASHA1-NSEC3-SHA1': 7,
	RSASHA256: 8,
	RSASHA512: 10,
	'ECC-GOST': 12,
	ECDSAP256SHA256: 13,
	ECDSAP384SHA384: 14,
	ED25519: 15,
	ED448: 16,
	SM2SM3: 17,
	'ECC-GOST12': 23,
	INDIRECT: 252,
	PRIVATEDNS: 253,
	PRIVATEOID: 254,
};

/**
 * IANA "DS RR Type Digest Algorithms", with the spellings tools print or take (`dnssec-dsfromkey -a SHA-256`,
 * `SHA256`), and the size of each digest in octets.
 */
const DIGESTS: Array<{number: number; names: string[]; octets: number}> = [
	{number: 1, names: ['SHA-1', 'SHA1'], octets: 20},
	{number: 2, names: ['SHA-256', 'SHA256'], octets: 32},
	{number: 3, names: ['GOST'], octets: 32},
	{number: 4, names: ['SHA-384', 'SHA384'], octets: 48},
	{number: 6, names: ['SM3'], octets: 32},
];

/** An algorithm field as written: a number from 0 to 255 or an IANA mnemonic (any case, as BIND reads them). */
export function algorithmNumber(token: string): number | undefined {
	if (/^\d{1,3}$/u.test(token)) return Number(token) <= 255 ? Number(token) : undefined;
	return ALGORITHM_NUMBERS[token.toUpperCase()];
}

/** A DS digest type as written: a number from 0 to 255 or a digest's name. */
export function digestTypeNumber(token: string): number | undefined {
	if (/^\d{1,3}$/u.test(token)) return Number(token) <= 255 ? Number(token) : undefined;
	return DIGESTS.find((digest) => digest.names.includes(token.toUpperCase()))?.number;
}

/** How long a digest of this type is, in octets; undefined for a type the registry does not (yet) size. */
export function digestOctets(digestType: number): number | undefined {
	return DIGESTS.find((digest) => digest.number === digestType)?.octets;
}

/** The registry's first name for a digest type, for messages ("SHA-256"). */
export function digestName(digestType: number): string | undefined {
	return DIGESTS.find((digest) => digest.number === digestType)?.names[0];
}
