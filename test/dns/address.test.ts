import {isIPv4 as nodeIsIPv4, isIPv6 as nodeIsIPv6} from 'node:net';
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {canonicalAddress, familyOf, isAddress, isIPv4, isIPv6} from '../../source/dns/address.js';

describe('IPv6 text, read without node:net\'s regular expression', () => {
	it('accepts every form RFC 4291 allows, and spells it as RFC 5952 does', () => {
		expect(canonicalAddress('2001:DB8:0:0:0:0:0:1')).toBe('2001:db8::1');
		expect(canonicalAddress('::ffff:192.0.2.1')).toBe('::ffff:c000:201');
		expect(canonicalAddress('::')).toBe('::');
		expect(canonicalAddress('192.0.2.1')).toBe('192.0.2.1');
		expect(familyOf('2001:db8::53')).toBe(6);
		expect(familyOf('192.0.2.53')).toBe(4);
	});

	it('refuses text the URL parser would read a host out of', () => {
		for (const text of ['::1]/x[', '[::1]', '::1/128', 'fe80::1%eth0', '1::2::3', '12345::1', '::1.2.3.04', 'example.com', '', ':']) {
			expect(isIPv6(text), text).toBe(false);
		}
		expect(() => canonicalAddress('::1]/x[')).toThrow('is not an IP address');
	});

	it('agrees with node:net on every generated address and on random text of the same characters', () => {
		fc.assert(fc.property(fc.ipV6(), (address) => isIPv6(address) && isAddress(address)));
		fc.assert(fc.property(fc.ipV4(), (address) => !isIPv6(address) && isAddress(address)));
		const piece = fc.constantFrom('0', '1', 'a', 'F', 'ffff', '00000', ':', '::', '.', '1.2.3.4', '255');
		fc.assert(fc.property(fc.array(piece, {maxLength: 12}), (pieces) => {
			const text = pieces.join('');
			expect(isIPv6(text), text).toBe(nodeIsIPv6(text));
		}), {numRuns: 5000});
	});
});

describe('IPv4 text, read digit by digit', () => {
	it('takes four numbers of 0 to 255, without a leading zero, as node:net does', () => {
		for (const text of ['0.0.0.0', '127.77.0.1', '255.255.255.255', '192.0.2.10']) expect(isIPv4(text), text).toBe(true);
		for (const text of ['256.0.0.1', '1.2.3', '1.2.3.4.5', '01.2.3.4', '1.2.3.00', '1..2.3', '.1.2.3', '1.2.3.4.', '1.2.3.4 ', '1.2.3.-4', '1.2.3.4444', '', '::1', '١.2.3.4']) {
			expect(isIPv4(text), text).toBe(false);
		}
	});

	it('agrees with node:net on every generated address and on random text of digits and dots', () => {
		fc.assert(fc.property(fc.ipV4(), (address) => isIPv4(address)));
		const piece = fc.constantFrom('0', '1', '9', '25', '255', '256', '00', '.', '..', 'a', ' ');
		fc.assert(fc.property(fc.array(piece, {maxLength: 12}), (pieces) => {
			const text = pieces.join('');
			expect(isIPv4(text), text).toBe(nodeIsIPv4(text));
		}), {numRuns: 5000});
	});
});
