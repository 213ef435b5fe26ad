import {isIPv4, isIPv6} from 'node:net';

export type Family = 4 | 6;

export function familyOf(address: string): Family {
	return isIPv6(address) ? 6 : 4;
}

export function isAddress(text: string): boolean {
	return isIPv4(text) || isIPv6(text);
}

/** One spelling per address (RFC 5952 for IPv6), so addresses compare as strings. */
export function canonicalAddress(address: string): string {
	if (isIPv4(address)) return address;
	if (!isIPv6(address)) throw new Error(`"${address}" is not an IP address`);
	return new URL(`http://[${address}]/`).hostname.slice(1, -1);
}

/** The networks the project may send to: loopback only (127.0.0.0/8 and ::1). */
export function isLoopback(address: string): boolean {
	return address.startsWith('127.') || canonicalAddress(address) === '::1';
}
