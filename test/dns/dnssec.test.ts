import {describe, expect, it} from 'vitest';
import {compareCanonical, signedData} from '../../source/dns/canonical.js';
import {dnskeyRData, dsDigest, generateSigningKey, keyTag, nsec3Hash, verifySignature} from '../../source/dns/dnssec.js';
import {base32hex} from '../../source/dns/codec.js';
import type {ResourceRecord} from '../../source/dns/record.js';

describe('DNSSEC primitives', () => {
	it('computes the key tag and DS digest of the IANA root KSK-2017 (tag 20326)', () => {
		const publicKey = Buffer.from(
			'AwEAAaz/tAm8yTn4Mfeh5eyI96WSVexTBAvkMgJzkKTOiW1vkIbzxeF3+/4RgWOq7HrxRixHlFlExOLAJr5emLvN7SWXgnLh4+B5xQlNVz8Og8kvArMtNROxVQuCaSnIDdD5LKyWbRd2n9WGe2R8PzgCmr3EgVLrjyBxWezF0jLHwVN8efS3rCj/EWgvIWgb9tarpVUDK/b58Da+sqqls3eNbuv7pr+eoZG+SrDK6nWeL3c6H5Apxz7LjVc1uTIdsIXxuOLYA4/ilBmSVIzuDWfdRUfhHdY6+cn8HFRm+2hM8AnXGXws9555KrUB5qihylGa8subX2Nn6UwNR1AkUTV74bU=',
			'base64',
		);
		const rdata = dnskeyRData({flags: 257, algorithm: 8, publicKey});
		expect(keyTag(rdata)).toBe(20_326);
		expect(dsDigest('.', rdata, 2)?.toString('hex').toUpperCase()).toBe('E06D44B80B8F1D39A95C0B0D7C65D08458E880409BBC683457104237C7F8EC8D');
	});

	it('orders names canonically (RFC 4034 6.1 example)', () => {
		const names = ['z.example.', 'a.example.', 'yljkjljk.a.example.', 'example.', 'zabc.a.example.', 'z.a.example.', '*.z.example.'];
		expect([...names].sort(compareCanonical)).toEqual(['example.', 'a.example.', 'yljkjljk.a.example.', 'z.a.example.', 'zabc.a.example.', 'z.example.', '*.z.example.']);
	});

	it('hashes owner names for NSEC3 as RFC 5155 Appendix A does', () => {
		expect(base32hex(nsec3Hash('example.', Buffer.from('aabbccdd', 'hex'), 12))).toBe('0p9mhaveqvm6t7vbl5lop2u3t2rp3tom');
	});

	for (const algorithm of [8, 13, 14, 15, 16]) {
		it(`signs and verifies an RRset with algorithm ${algorithm}, and rejects a changed record`, () => {
			const key = generateSigningKey(algorithm, 256);
			const rrset: ResourceRecord[] = [{name: 'example.com.', type: 'A', class: 'IN', ttl: 300, data: {kind: 'address', address: '192.0.2.1'}}];
			const fields = {typeCovered: 'A', algorithm, labels: 2, originalTtl: 300, expiration: 2_000_000_000, inception: 1_700_000_000, keyTag: key.tag, signerName: 'example.com.'};
			const signature = key.sign(signedData(fields, rrset));
			expect(verifySignature(algorithm, key.publicKey, signedData(fields, rrset), signature)).toBe(true);
			const changed = [{...rrset[0]!, data: {kind: 'address' as const, address: '192.0.2.2'}}];
			expect(verifySignature(algorithm, key.publicKey, signedData(fields, changed), signature)).toBe(false);
		});
	}

	it('reports an algorithm it does not know as unsupported', () => {
		expect(verifySignature(3, Buffer.alloc(10), Buffer.alloc(1), Buffer.alloc(1))).toBe('unsupported');
	});
});
