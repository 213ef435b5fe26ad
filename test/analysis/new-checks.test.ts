import {describe, expect, it} from 'vitest';
import {CLASSIC_UDP_LIMIT, referralSize} from '../../source/analysis/referral-size.js';
import {generateSigningKey, rsaModulusBits} from '../../source/dns/dnssec.js';

describe('the smallest referral (Zonemaster DELEGATION03)', () => {
	it('counts a 255-octet question, then each NS record with its owner and shared suffixes as pointers', () => {
		// 12 header + 255 + 4 question; per NS: 2 (owner pointer) + 10 + "ns1" 4 + pointer 2.
		expect(referralSize({child: 'example.com.', nameservers: ['ns1.example.com.', 'ns2.example.com.'], glue: {}})).toBe(271 + 2 * 18);
	});

	it('adds one A and one AAAA glue record, owned by a name already written', () => {
		expect(referralSize({child: 'example.com.', nameservers: ['ns1.example.com.'], glue: {a: 'ns1.example.com.', aaaa: 'ns1.example.com.'}})).toBe(271 + 18 + (2 + 10 + 4) + (2 + 10 + 16));
	});

	it('writes a name outside the zone in full the first time, and points to its domain after', () => {
		expect(referralSize({child: 'example.com.', nameservers: ['a.dns.net.', 'b.dns.net.'], glue: {}})).toBe(271 + (12 + 11) + (12 + 4));
	});

	it('thirteen long names outside the zone overflow 512 octets; two short ones fit', () => {
		const many = Array.from({length: 13}, (_, index) => `ns${index}.provider-with-a-long-name.example.`);
		expect(referralSize({child: 'example.com.', nameservers: many, glue: {}})).toBeGreaterThan(CLASSIC_UDP_LIMIT);
		expect(referralSize({child: 'example.com.', nameservers: ['ns1.example.com.', 'ns2.example.com.'], glue: {a: 'ns1.example.com.'}})).toBeLessThanOrEqual(CLASSIC_UDP_LIMIT);
	});
});

describe('RSA key sizes (RFC 3110)', () => {
	it('reads the modulus size from a DNSKEY public key field', () => {
		expect(rsaModulusBits(generateSigningKey(8, 256, 1024).publicKey)).toBe(1024);
		expect(rsaModulusBits(generateSigningKey(8, 256).publicKey)).toBe(2048);
	});

	it('reads a three-byte exponent length, and refuses a field with no modulus', () => {
		expect(rsaModulusBits(Uint8Array.from([0, 0, 1, 3, 0x80, 0]))).toBe(16);
		expect(rsaModulusBits(Uint8Array.from([3, 1, 0, 1]))).toBeUndefined();
		expect(rsaModulusBits(Uint8Array.from([]))).toBeUndefined();
	});
});
