export type Family = 4 | 6;

/**
 * IPv6 text in its RFC 5952 spelling, or undefined when it is not IPv6 text: read by the URL parser (RFC 4291's forms,
 * an embedded IPv4 address included, no zone index), not node:net's isIPv6, whose one large regular expression is
 * compiled at its first use, about 3 ms of every run. The characters are checked first: a bracket or slash would
 * let the URL parser read a host out of part of the text.
 */
export function parseIPv6(text: string): string | undefined {
	if (!text.includes(':') || !/^[\da-f:.]+$/iu.test(text)) return undefined;
	try {
		return new URL(`http://[${text}]/`).hostname.slice(1, -1);
	} catch {
		return undefined;
	}
}

export const isIPv6 = (text: string): boolean => parseIPv6(text) !== undefined;

/**
 * Dotted-quad IPv4 text as node:net's isIPv4 reads it: four decimal numbers of 0 to 255, with no leading zero (010
 * could be octal elsewhere). Read digit by digit: node:net's regular expression is compiled at its first use, 0.3 ms
 * of every trace's start (the hints' first address).
 */
export function isIPv4(text: string): boolean {
	let parts = 0;
	let value = 0;
	let digits = 0;
	for (let index = 0; index <= text.length; index++) {
		const code = index < text.length ? text.charCodeAt(index) : DOT;
		if (code === DOT) {
			if (digits === 0 || ++parts > 4) return false;
			value = 0;
			digits = 0;
		} else if (code >= ZERO && code <= ZERO + 9) {
			// A number of more than one digit cannot start with 0.
			if (digits === 1 && value === 0) return false;
			value = value * 10 + code - ZERO;
			if (++digits > 3 || value > 255) return false;
		} else return false;
	}
	return parts === 4;
}

const DOT = 0x2e;
const ZERO = 0x30;

export function familyOf(address: string): Family {
	return isIPv6(address) ? 6 : 4;
}

export function isAddress(text: string): boolean {
	return isIPv4(text) || isIPv6(text);
}

/** One spelling per address (RFC 5952 for IPv6), so addresses compare as strings. */
export function canonicalAddress(address: string): string {
	if (isIPv4(address)) return address;
	const ipv6 = parseIPv6(address);
	if (ipv6 === undefined) throw new Error(`"${address}" is not an IP address`);
	return ipv6;
}

/** The networks the project may send to: loopback only (127.0.0.0/8 and ::1). */
export function isLoopback(address: string): boolean {
	return address.startsWith('127.') || canonicalAddress(address) === '::1';
}
