import {describe, expect, it} from 'vitest';
import {decodeLaidOut, decodeMessage, encodeQuery, MalformedMessageError} from '../../source/dns/codec.js';
import {presentRecord} from '../../source/dns/present.js';
import {checkResponse} from '../../source/dns/response-check.js';
import {referenceDecode} from '../helpers/rfc1035-reference-decoder.js';

/*
 * Record rules past the message's structure, each decided one way and said so: what the wire refuses (as BIND's
 * parser does), and what it keeps, for the analysis to judge. The reference decoder must decide each alike.
 */

type Bytes = number[];
const labels = (...parts: string[]): Bytes => [...parts.flatMap((part) => [part.length, ...Buffer.from(part, 'latin1')]), 0];
const u16 = (value: number): Bytes => [(value >> 8) & 0xff, value & 0xff];
const u32 = (value: number): Bytes => [...u16(Math.floor(value / 65_536)), ...u16(value % 65_536)];
const QNAME: Bytes = [0xc0, 12];
const record = (type: number, rdata: Bytes, ttl = 3600): Bytes => [...QNAME, ...u16(type), ...u16(1), ...u32(ttl), ...u16(rdata.length), ...rdata];
const opt = (version: number): Bytes => [0, ...u16(41), ...u16(1232), 0, version, 0, 0, ...u16(0)];

/** A response to www.example.com. A (ID 0x1234), with these answer and additional records. */
function response(answer: Bytes[], additional: Bytes[] = [], rcode = 0): Uint8Array {
	return Uint8Array.from([...u16(0x1234), ...u16(0x8400 | rcode), ...u16(1), ...u16(answer.length), ...u16(0), ...u16(additional.length), ...labels('www', 'example', 'com'), ...u16(1), ...u16(1), ...answer.flat(), ...additional.flat()]);
}

function refusal(bytes: Uint8Array): string {
	try {
		decodeMessage(bytes);
	} catch (error) {
		if (error instanceof MalformedMessageError) return error.message;
		throw error;
	}
	throw new Error('accepted');
}

const bytesOf = (length: number, fill = 1): Bytes => Array.from({length}, () => fill);

describe('a TTL with its top bit set is 0 (RFC 2181 8), and the record is kept', () => {
	// 2^31 itself, 2^31 + 3600 (an honest TTL with the bit flipped), every 1/20th of the range above, and 2^32 - 1.
	const ttls = [0x8000_0000, 0x8000_0e10, ...Array.from({length: 19}, (_, index) => 0x8000_0001 + (index + 1) * 0x0666_6666), 0xffff_ffff];

	it(`${ttls.length} TTLs from 2^31 to 2^32 - 1 are each read as 0, by both decoders, and shown as 0`, () => {
		expect(ttls.every((ttl) => ttl >= 2 ** 31 && ttl < 2 ** 32)).toBe(true);
		for (const ttl of ttls) {
			const bytes = response([record(1, [192, 0, 2, 1], ttl)]);
			const [answer] = decodeMessage(bytes).answer;
			expect(answer, String(ttl)).toEqual({name: 'www.example.com.', type: 'A', class: 'IN', ttl: 0, wireTtl: ttl, data: {kind: 'address', address: '192.0.2.1'}});
			expect(String(presentRecord(answer!))).toBe('www.example.com.\t0\tIN\tA\t192.0.2.1');
			const reference = referenceDecode(bytes);
			expect(reference.accepted && reference.message.answer[0]!.ttl, String(ttl)).toBe(0);
		}
	});

	it('the largest TTL there is, 2^31 - 1, stays as it is', () => {
		expect(decodeMessage(response([record(1, [192, 0, 2, 1], 0x7fff_ffff)])).answer[0]!.ttl).toBe(0x7fff_ffff);
	});

	it('the OPT record\'s TTL field is not a TTL: its extended rcode and DO bit are read whole', () => {
		const bytes = response([record(1, [192, 0, 2, 1])], [[0, ...u16(41), ...u16(1232), 0x01, 0, 0x80, 0, ...u16(0)]]);
		expect(decodeMessage(bytes)).toMatchObject({rcode: 'BADVERS', edns: {extendedRcode: 1, version: 0, dnssecOk: true}});
	});
});

describe('NSEC3: the next hashed owner name is as long as its hash algorithm\'s output (RFC 5155 3.2)', () => {
	const nsec3 = (algorithm: number, hash: number): Bytes => [algorithm, 0, ...u16(0), 0, hash, ...bytesOf(hash), 0, 1, 0x40];

	it('SHA-1 (algorithm 1) hashes of 19 and 21 bytes are refused, with the byte of the hash length', () => {
		for (const hash of [19, 21]) {
			expect(refusal(response([record(50, nsec3(1, hash))]))).toBe(`answer record 1 (NSEC3) has a ${hash}-byte next hashed owner name; hash algorithm 1 is 20 bytes, at byte 50`);
			expect(referenceDecode(response([record(50, nsec3(1, hash))]))).toMatchObject({accepted: false, reason: 'NSEC3 hash'});
		}
	});

	it('a 20-byte SHA-1 hash is read', () => {
		expect(decodeMessage(response([record(50, nsec3(1, 20))])).answer[0]!.data).toMatchObject({kind: 'nsec3', hashAlgorithm: 1, nextHashed: '040g2081040g2081040g2081040g2081'});
	});

	it('an unknown hash algorithm keeps the record, whatever its hash length: the validator ignores it (RFC 5155 8.1)', () => {
		for (const hash of [1, 7, 20, 32]) {
			expect(decodeMessage(response([record(50, nsec3(2, hash))])).answer[0]!.data).toMatchObject({kind: 'nsec3', hashAlgorithm: 2});
			expect(referenceDecode(response([record(50, nsec3(2, hash))])).accepted).toBe(true);
		}
	});
});

describe('DS and DNSKEY: what the wire refuses, and what it keeps for the validator', () => {
	const ds = (digestType: number, digest: number): Bytes => [...u16(12_345), 13, digestType, ...bytesOf(digest)];

	it('a DS digest of the wrong length for a known type is refused, as BIND\'s parser refuses it', () => {
		for (const [digestType, size] of [[1, 20], [2, 32], [4, 48]] as const) {
			for (const digest of [1, size - 1, size + 1]) {
				expect(refusal(response([record(43, ds(digestType, digest))]))).toMatch(new RegExp(`\\(DS\\) has a ${digest}-byte digest; digest type ${digestType} is ${size} bytes`, 'u'));
				expect(referenceDecode(response([record(43, ds(digestType, digest))]))).toMatchObject({accepted: false, reason: 'DS digest'});
			}
			expect(decodeMessage(response([record(43, ds(digestType, size))])).answer[0]!.data).toMatchObject({kind: 'ds', digestType});
		}
	});

	it('a DS of an unknown digest type keeps any digest of a byte or more (it can never match a key)', () => {
		expect(decodeMessage(response([record(43, ds(9, 7))])).answer[0]!.data).toMatchObject({kind: 'ds', digestType: 9, digest: '01'.repeat(7)});
	});

	it('a DNSKEY with no key at all is refused: the RDATA ends where the key begins', () => {
		expect(refusal(response([record(48, [1, 1, 3, 13])]))).toMatch(/\(DNSKEY\) is cut short in its flags, protocol, algorithm and key \(RDLENGTH 4\)/u);
		expect(referenceDecode(response([record(48, [1, 1, 3, 13])]))).toMatchObject({accepted: false, reason: 'DNSKEY key'});
	});

	it('a DNSKEY of a size no key of its algorithm has is kept on the wire, as BIND keeps it (the validator says why it never verifies)', () => {
		for (const [algorithm, size] of [[13, 63], [14, 95], [15, 31], [16, 56], [8, 1]] as const) {
			const bytes = response([record(48, [1, 1, 3, algorithm, ...bytesOf(size, 3)])]);
			expect(decodeMessage(bytes).answer[0]!.data).toMatchObject({kind: 'dnskey', algorithm});
			expect(referenceDecode(bytes).accepted).toBe(true);
		}
	});
});

describe('NSEC with an empty type bit map is accepted on the wire, as BIND accepts it (RFC 4034 4.1.2 is a rule for signers)', () => {
	it('is read with no types', () => {
		const bytes = response([record(47, labels('a', 'example', 'com'))]);
		expect(decodeMessage(bytes).answer[0]!.data).toEqual({kind: 'nsec', next: 'a.example.com.', types: []});
		expect(referenceDecode(bytes).accepted).toBe(true);
	});
});

describe('an EDNS version other than 0 in the response to our version 0 query is a malformed response (RFC 6891 6.1.3)', () => {
	const asked = {name: 'www.example.com.', type: 'A'};
	const check = (bytes: Uint8Array) => {
		const {message, layout} = decodeLaidOut(bytes);
		return checkResponse(message, layout, asked);
	};

	it('we ask with version 0', () => {
		expect(decodeMessage(encodeQuery({id: 1, ...asked})).edns?.version).toBe(0);
	});

	it('version 1 or 255 is refused, at the OPT record\'s version byte', () => {
		for (const version of [1, 255]) {
			const bytes = response([record(1, [192, 0, 2, 1])], [opt(version)]);
			expect(check(bytes)).toEqual({kind: 'malformed', problem: {what: `EDNS version ${version} in the response to a version 0 query (RFC 6891 6.1.3)`, offset: bytes.length - 5}});
			expect(bytes[bytes.length - 5]).toBe(version);
		}
	});

	it('version 0 is a response; so is a BADVERS reply naming the version its server speaks', () => {
		expect(check(response([record(1, [192, 0, 2, 1])], [opt(0)]))).toBeUndefined();
		const badvers = response([], [[0, ...u16(41), ...u16(1232), 0x01, 1, 0, 0, ...u16(0)]]);
		expect(decodeMessage(badvers)).toMatchObject({rcode: 'BADVERS', edns: {version: 1}});
		expect(check(badvers)).toBeUndefined();
	});
});
