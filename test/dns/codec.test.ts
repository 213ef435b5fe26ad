import {describe, expect, it} from 'vitest';
import {base32hex, decodeMessage, encodeMessage, encodeQuery, fromBase32hex, MalformedMessageError} from '../../source/dns/codec.js';
import type {Message} from '../../source/dns/record.js';
import {parseUserType, typeName} from '../../source/dns/types.js';

const response: Message = {
	id: 4242,
	opcode: 'QUERY',
	rcode: 'NOERROR',
	flags: {qr: true, aa: true, tc: false, rd: false, ra: false, ad: false, cd: false},
	question: [{name: 'example.com.', type: 'SOA', class: 'IN'}],
	answer: [
		{name: 'example.com.', type: 'SOA', class: 'IN', ttl: 3600, data: {kind: 'soa', mname: 'ns1.example.com.', rname: 'hostmaster.example.com.', serial: 2024020100, refresh: 7200, retry: 3600, expire: 1209600, minimum: 3600}},
		{name: 'example.com.', type: 'DS', class: 'IN', ttl: 86400, data: {kind: 'ds', keyTag: 12345, algorithm: 13, digestType: 2, digest: 'ab'.repeat(32)}},
		{name: 'example.com.', type: 'TXT', class: 'IN', ttl: 60, data: {kind: 'txt', strings: ['v=spf1 -all', 'second']}},
		{name: 'example.com.', type: 'HTTPS', class: 'IN', ttl: 60, data: {kind: 'opaque', hex: '0001000001'}},
	],
	authority: [],
	additional: [],
	edns: {version: 0, udpSize: 1232, dnssecOk: true, extendedRcode: 0, options: []},
};

describe('wire codec', () => {
	it('decodes what it encodes, record data included', () => {
		expect(decodeMessage(encodeMessage(response))).toEqual(response);
	});

	it('reads CDS and CDNSKEY as DS and DNSKEY data under their own types, and checks them as strictly (RFC 7344)', () => {
		const cds = {name: 'example.com.', type: 'CDS', class: 'IN', ttl: 60, data: {kind: 'ds', keyTag: 12345, algorithm: 13, digestType: 2, digest: 'cd'.repeat(32)}} as const;
		const cdnskey = {name: 'example.com.', type: 'CDNSKEY', class: 'IN', ttl: 60, data: {kind: 'dnskey', flags: 257, protocol: 3, algorithm: 13, publicKey: Buffer.alloc(64, 7).toString('base64')}} as const;
		const message: Message = {...response, answer: [cds, cdnskey]};
		const bytes = encodeMessage(message);
		expect(decodeMessage(bytes)).toEqual(message);
		// The CDS digest shortened by a byte: SHA-256 is 32 bytes, exactly as for DS.
		const short = encodeMessage({...message, answer: [{...cds, data: {...cds.data, digest: 'cd'.repeat(31)}}]});
		expect(() => decodeMessage(short)).toThrow('has a 31-byte digest; digest type 2 is 32 bytes');
	});

	it('asks with EDNS0, a 1232-byte buffer and the DO bit', () => {
		const query = decodeMessage(encodeQuery({id: 7, name: 'example.com.', type: 'A', dnssecOk: true}));
		expect(query.edns).toMatchObject({udpSize: 1232, dnssecOk: true, version: 0});
		expect(query.flags.rd).toBe(false);
		expect(query.question).toEqual([{name: 'example.com.', type: 'A', class: 'IN'}]);
	});

	it('asks without EDNS when told to', () => {
		expect(decodeMessage(encodeQuery({id: 7, name: 'example.com.', type: 'A', edns: false})).edns).toBeUndefined();
	});

	it('reports a truncated header or a lying count as malformed', () => {
		const bytes = encodeMessage(response);
		expect(() => decodeMessage(bytes.subarray(0, 10))).toThrow(MalformedMessageError);
		const lying = Uint8Array.from(bytes);
		lying[7] = 40;
		expect(() => decodeMessage(lying)).toThrow(MalformedMessageError);
	});

	it('names types without a mnemonic TYPEnn and reads them back', () => {
		expect(typeName(65)).toBe('HTTPS');
		expect(typeName(65_280)).toBe('TYPE65280');
		expect(parseUserType('type65')).toBe('HTTPS');
		expect(parseUserType('aaaa')).toBe('AAAA');
		expect(parseUserType('28')).toBe('AAAA');
		expect(() => parseUserType('BOGUS')).toThrow(/not a DNS record type/u);
	});

	it('refuses meta-types and pseudo-records as the type to trace, each with its reason', () => {
		expect(() => parseUserType('OPT')).toThrow('OPT is a pseudo-record and cannot be queried');
		expect(() => parseUserType('axfr')).toThrow('AXFR is a zone transfer, not a record type: use dig AXFR against one server');
		expect(() => parseUserType('IXFR')).toThrow('IXFR is a zone transfer');
		expect(() => parseUserType('ANY')).toThrow(/^ANY is not traced: since RFC 8482/u);
		expect(() => parseUserType('255')).toThrow(/^ANY is not traced/u);
		for (const type of ['TSIG', 'TKEY', 'MAILA', 'MAILB', 'TYPE128', '200']) expect(() => parseUserType(type)).toThrow(/is a meta-type, not a record type \(RFC 6895\)/u);
		// Either side of the meta range is a record type.
		expect(parseUserType('127')).toBe('TYPE127');
		expect(parseUserType('256')).toBe('URI');
	});

	it('spells NSEC3 hashes in base32hex', () => {
		const bytes = Buffer.from('00112233445566778899aabbccddeeff00112233', 'hex');
		expect(fromBase32hex(base32hex(bytes))).toEqual(bytes);
		expect(base32hex(Buffer.from('f', 'utf8'))).toBe('co');
	});
});
