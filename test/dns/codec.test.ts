import packet from 'dns-packet';
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {base32hex, decodeMessage, encodeMessage, encodeQuery, fromBase32hex, MalformedMessageError} from '../../source/dns/codec.js';
import type {Message} from '../../source/dns/record.js';
import {packetTypeName, parseUserType, typeName} from '../../source/dns/types.js';

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

	it('writes a query octet for octet as dns-packet writes it, whatever the name, type and flags', () => {
		// dns-packet's general encoder, given the message the query stands for (its name codec is ours: codec.ts).
		const reference = (spec: Parameters<typeof encodeQuery>[0]) =>
			new Uint8Array(
				packet.encode({
					type: 'query',
					id: spec.id,
					flags: spec.recursionDesired ? packet.RECURSION_DESIRED : 0,
					questions: [{name: spec.name, type: packetTypeName(spec.type), class: 'IN'}],
					additionals:
						spec.edns === false
							? []
							: [{type: 'OPT', name: '.', udpPayloadSize: 1232, extendedRcode: 0, ednsVersion: 0, flags: spec.dnssecOk ? packet.DNSSEC_OK : 0, options: spec.nsid ? [{code: 3, data: Buffer.alloc(0)}] : []}],
				} as unknown as packet.Packet),
			);
		const label = fc.oneof(fc.constantFrom('www', 'example', 'com', 'xn--bcher-kva', '_dmarc', '*', 'a\\.b', '\\000\\255', 'UPPER'), fc.stringMatching(/^[a-z0-9-]{1,63}$/u));
		const name = fc.array(label, {maxLength: 5}).map((labels) => (labels.length === 0 ? '.' : `${labels.join('.')}.`));
		const type = fc.constantFrom('A', 'AAAA', 'NS', 'SOA', 'DS', 'DNSKEY', 'RRSIG', 'CDS', 'HTTPS', 'TXT', 'CAA', 'TYPE65534', 'TLSA');
		const flag = fc.option(fc.boolean(), {nil: undefined});
		fc.assert(
			fc.property(fc.integer({min: 0, max: 0xffff}), name, type, flag, flag, flag, flag, (id, qname, qtype, recursionDesired, edns, dnssecOk, nsid) => {
				const spec = {id, name: qname, type: qtype, ...(recursionDesired === undefined ? {} : {recursionDesired}), ...(edns === undefined ? {} : {edns}), ...(dnssecOk === undefined ? {} : {dnssecOk}), ...(nsid === undefined ? {} : {nsid})};
				expect(encodeQuery(spec)).toEqual(reference(spec));
			}),
			{numRuns: 500},
		);
	});

	it('writes the query a resolver sends, byte by byte', () => {
		const bytes = encodeQuery({id: 0x1234, name: 'example.com.', type: 'AAAA', dnssecOk: true, nsid: true});
		expect(Buffer.from(bytes).toString('hex')).toBe(
			[
				'1234 0000 0001 0000 0000 0001', // id, no flags (RD clear), one question, one additional
				'07 6578616d706c65 03 636f6d 00 001c 0001', // example.com. AAAA IN
				'00 0029 04d0 00 00 8000 0004 0003 0000', // OPT: root, 1232 octets, rcode 0, version 0, DO; NSID, empty
			]
				.join('')
				.replaceAll(' ', ''),
		);
	});

	it('refuses a type or a message ID that does not fit its 16 bits, as dns-packet did, rather than write another number', () => {
		expect(() => encodeQuery({id: 1, name: 'x.', type: 'TYPE65536'})).toThrow('TYPE65536 is not a type a query can carry (a 16-bit number)');
		expect(() => encodeQuery({id: 1, name: 'x.', type: 'type99999'})).toThrow(RangeError);
		for (const id of [65_536, -1, 2 ** 32, Number.POSITIVE_INFINITY, 1.5]) expect(() => encodeQuery({id, name: 'x.', type: 'A'})).toThrow(`${id} is not a message ID (a 16-bit number)`);
		expect(encodeQuery({id: 65_535, name: 'x.', type: 'TYPE65535'}).subarray(0, 2)).toEqual(Uint8Array.of(0xff, 0xff));
	});

	it('refuses a name longer than a message may carry', () => {
		const long = `${Array.from({length: 5}, () => 'a'.repeat(63)).join('.')}.`;
		expect(() => encodeQuery({id: 1, name: long, type: 'A'})).toThrow(/octets on the wire, longer than a name may be \(255/u);
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
