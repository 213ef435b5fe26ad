import {describe, expect, it} from 'vitest';
import {unusableReason} from '../../source/dns/unusable-address.js';

const internet = {loopback: false};
const lab = {loopback: true};

describe('addresses no name server can have', () => {
	it.each([
		['0.0.0.0', '"this network" (0.0.0.0/8), never a destination'],
		['0.255.1.2', '"this network" (0.0.0.0/8), never a destination'],
		['255.255.255.255', 'the limited broadcast address'],
		['224.0.0.1', 'multicast (224.0.0.0/4)'],
		['239.255.255.250', 'multicast (224.0.0.0/4)'],
		['240.0.0.1', 'reserved (240.0.0.0/4), never assigned'],
		['255.255.255.254', 'reserved (240.0.0.0/4), never assigned'],
		['169.254.169.254', 'link-local (169.254.0.0/16), never routed'],
		['127.0.0.1', 'loopback (127.0.0.0/8): the asker itself'],
		['127.77.1.1', 'loopback (127.0.0.0/8): the asker itself'],
		['::', 'the unspecified address (::)'],
		['::1', 'loopback (::1): the asker itself'],
		['fe80::1', 'link-local (fe80::/10), never routed'],
		['febf:ffff::1', 'link-local (fe80::/10), never routed'],
		['ff02::1', 'multicast (ff00::/8)'],
		['ff0e::101', 'multicast (ff00::/8)'],
		['::ffff:0.0.0.1', 'IPv4-mapped 0.0.0.1: "this network" (0.0.0.0/8), never a destination'],
		['::ffff:e000:5', 'IPv4-mapped 224.0.0.5: multicast (224.0.0.0/4)'],
		['::ffff:127.0.0.1', 'IPv4-mapped 127.0.0.1: loopback (127.0.0.0/8): the asker itself'],
	])('%s: %s', (address, reason) => {
		expect(unusableReason(address, internet)).toBe(reason);
	});

	it.each(['192.0.2.1', '1.1.1.1', '223.255.255.255', '169.253.255.255', '169.255.0.1', '2001:db8::53', 'fec0::1', 'fe7f::1', '::2', '::ffff:192.0.2.1', '64:ff9b::c000:201'])('%s can be a name server', (address) => {
		expect(unusableReason(address, internet)).toBeUndefined();
	});

	it('allows loopback only where the root itself lives there (the lab), and nothing else with it', () => {
		expect(['127.0.0.1', '127.77.0.1', '::1', '::ffff:127.0.0.1'].map((address) => unusableReason(address, lab))).toEqual([undefined, undefined, undefined, undefined]);
		expect(unusableReason('0.0.0.0', lab)).toBe('"this network" (0.0.0.0/8), never a destination');
		expect(unusableReason('fe80::1', lab)).toBe('link-local (fe80::/10), never routed');
	});
});
