/*
 * A name's text written from RFC 1035 5.1 alone, for the differential test to compare source/dns's names against:
 * an octet that is not a printable character is "\DDD" (its decimal value, three digits), a character with a special
 * meaning in a master file is quoted with a backslash ("\."), anything else stands for itself. Which characters are
 * special is BIND's list (dns_name_totext): . \ " ( ) ; @ $. Letters are folded to lower case (RFC 4343: names
 * compare without case), the way the model keeps names.
 */

const SPECIAL = '.\\"();@$';

export function presentationName(labels: readonly Uint8Array[]): string {
	if (labels.length === 0) return '.';
	const text = (octet: number): string => {
		const folded = octet >= 0x41 && octet <= 0x5a ? octet | 0x20 : octet;
		const printable = folded > 0x20 && folded < 0x7f;
		if (!printable) return `\\${String(folded).padStart(3, '0')}`;
		const char = String.fromCharCode(folded);
		return SPECIAL.includes(char) ? `\\${char}` : char;
	};
	return `${labels.map((label) => Array.from(label, text).join('')).join('.')}.`;
}
