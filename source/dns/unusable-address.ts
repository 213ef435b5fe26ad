import {isIPv4, parseIPv6} from './address.js';

/*
 * Addresses no name server can have (RFC 6890's special-purpose ranges that are not unicast to a host elsewhere):
 * a server "at" one of them is a typo, a placeholder, or a lure that points a resolver at the local network. The
 * walk never queries them.
 */

export interface AddressPolicy {
	/**
	 * Whether loopback is a network name servers may live on: only when the root hints themselves are there (the
	 * lab, a test world). On the real internet a name server on loopback would make a resolver query itself.
	 */
	loopback: boolean;
}

interface Range {
	/** The network as bytes (4 for IPv4, 16 for IPv6) and its prefix length. */
	network: number[];
	bits: number;
	reason: string;
	loopback?: true;
}

const V4: Range[] = [
	{network: [0, 0, 0, 0], bits: 8, reason: '"this network" (0.0.0.0/8), never a destination'},
	{network: [127, 0, 0, 0], bits: 8, reason: 'loopback (127.0.0.0/8): the asker itself', loopback: true},
	{network: [169, 254, 0, 0], bits: 16, reason: 'link-local (169.254.0.0/16), never routed'},
	{network: [224, 0, 0, 0], bits: 4, reason: 'multicast (224.0.0.0/4)'},
	// Before 240.0.0.0/4, which contains it: the broadcast address is the more telling reason.
	{network: [255, 255, 255, 255], bits: 32, reason: 'the limited broadcast address'},
	{network: [240, 0, 0, 0], bits: 4, reason: 'reserved (240.0.0.0/4), never assigned'},
];

const V6: Range[] = [
	{network: Array(16).fill(0), bits: 128, reason: 'the unspecified address (::)'},
	{network: [...Array(15).fill(0), 1], bits: 128, reason: 'loopback (::1): the asker itself', loopback: true},
	{network: [0xfe, 0x80, ...Array(14).fill(0)], bits: 10, reason: 'link-local (fe80::/10), never routed'},
	{network: [0xff, ...Array(15).fill(0)], bits: 8, reason: 'multicast (ff00::/8)'},
];

/** Why `address` can never be a name server's address; undefined when it can be (or is not an address at all). */
export function unusableReason(address: string, policy: AddressPolicy): string | undefined {
	if (isIPv4(address)) return matchRange(address.split('.').map(Number), V4, policy);
	const ipv6 = parseIPv6(address);
	if (ipv6 === undefined) return undefined;
	const bytes = ipv6Bytes(ipv6);
	// An IPv4-mapped address (::ffff:a.b.c.d) reaches the IPv4 address inside it.
	if (bytes.slice(0, 10).every((byte) => byte === 0) && bytes[10] === 0xff && bytes[11] === 0xff) {
		const reason = matchRange(bytes.slice(12), V4, policy);
		return reason && `IPv4-mapped ${bytes.slice(12).join('.')}: ${reason}`;
	}
	return matchRange(bytes, V6, policy);
}

function matchRange(bytes: number[], ranges: Range[], policy: AddressPolicy): string | undefined {
	const range = ranges.find((candidate) => inRange(bytes, candidate));
	if (!range || (range.loopback && policy.loopback)) return undefined;
	return range.reason;
}

function inRange(bytes: number[], range: Range): boolean {
	for (let bit = 0; bit < range.bits; bit++) {
		const mask = 0x80 >> bit % 8;
		if (((bytes[bit >> 3] ?? 0) & mask) !== ((range.network[bit >> 3] ?? 0) & mask)) return false;
	}
	return true;
}

/**
 * The 16 bytes of IPv6 text in its RFC 5952 form (parseIPv6's), which has no embedded dotted quad and at most one
 * "::", so no regular expression is compiled on the way from the first referral to the next query.
 */
function ipv6Bytes(canonical: string): number[] {
	const [head = '', tail] = canonical.split('::');
	const groups = (part: string | undefined) => (part ? part.split(':').map((group) => Number.parseInt(group, 16)) : []);
	const left = groups(head);
	const right = groups(tail);
	const words = tail === undefined ? left : [...left, ...Array(8 - left.length - right.length).fill(0), ...right];
	return words.flatMap((word) => [word >> 8, word & 0xff]);
}
