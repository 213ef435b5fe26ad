import {createHash} from 'node:crypto';
import {describe, expect, it} from 'vitest';
import {compareCanonical, rrsigLabels, signingOwner} from '../../source/dns/canonical.js';
import {decodeMessage, encodeMessage, encodeName} from '../../source/dns/codec.js';
import {nsec3Hash} from '../../source/dns/dnssec.js';
import type {Message, ResourceRecord} from '../../source/dns/record.js';
import {parseZoneText} from '../../source/dns/zone-text.js';

/* Labels holding a dot, a backslash, a space, a zero byte or bytes that are not UTF-8, through everything that reads
   or writes a name: the wire codec, canonical order, the RRSIG label count, NSEC3 hashing and master files. */

const DOTTED = 'www\\.bank.evil.';
const ODD = 'a\\000\\\\b\\032\\192\\255.evil.';

const record = (name: string, data: ResourceRecord['data'], type: string): ResourceRecord => ({name, type, class: 'IN', ttl: 60, data});

/** One record of every type that carries a name in its RDATA, each with escaped labels in its owner and its names. */
const NAME_BEARING: ResourceRecord[] = [
	record(DOTTED, {kind: 'name', target: ODD}, 'NS'),
	record(ODD, {kind: 'name', target: DOTTED}, 'CNAME'),
	record('x\\.y.evil.', {kind: 'name', target: 'new\\.target.'}, 'DNAME'),
	record('1\\.2.in-addr.arpa.', {kind: 'name', target: ODD}, 'PTR'),
	record('evil.', {kind: 'soa', mname: 'ns\\@1.evil.', rname: 'john\\.doe.evil.', serial: 1, refresh: 2, retry: 3, expire: 4, minimum: 5}, 'SOA'),
	record(DOTTED, {kind: 'mx', preference: 10, exchange: 'mail\\(1\\).evil.'}, 'MX'),
	record('_sip._tcp.evil.', {kind: 'srv', priority: 1, weight: 2, port: 5060, target: 'sip\\;x.evil.'}, 'SRV'),
	record(DOTTED, {kind: 'rrsig', typeCovered: 'A', algorithm: 13, labels: 2, originalTtl: 60, expiration: 2_000_000_000, inception: 1_000_000_000, keyTag: 1234, signerName: 'evil\\$.', signature: 'AAEC'}, 'RRSIG'),
	record(DOTTED, {kind: 'nsec', next: 'z\\.\\\\.evil.', types: ['A', 'RRSIG', 'NSEC']}, 'NSEC'),
];

const message = (answer: ResourceRecord[]): Message => ({
	id: 7,
	opcode: 'QUERY',
	rcode: 'NOERROR',
	flags: {qr: true, aa: true, tc: false, rd: false, ra: false, ad: false, cd: false},
	question: [{name: DOTTED, type: 'A', class: 'IN'}],
	answer,
	authority: [],
	additional: [],
});

describe('names with escaped labels on the wire', () => {
	it('are written as their labels\' bytes: the dot inside a label is a byte of it, not a separator', () => {
		expect([...encodeName(DOTTED)]).toEqual([8, ...Buffer.from('www.bank'), 4, ...Buffer.from('evil'), 0]);
		expect([...encodeName(ODD)]).toEqual([7, 0x61, 0x00, 0x5c, 0x62, 0x20, 0xc0, 0xff, 4, ...Buffer.from('evil'), 0]);
	});

	for (const entry of NAME_BEARING) {
		it(`round-trip in the question, the owner and the RDATA of ${entry.type}`, () => {
			const sent = message([entry]);
			expect(decodeMessage(encodeMessage(sent))).toEqual(sent);
		});
	}

	it('are read from compressed names as they were written, bytes that are not UTF-8 included', () => {
		// Header, question "a\.b" + pointer-free "evil", then an answer whose owner points to the question's name.
		const bytes = Uint8Array.from([0, 1, 0x84, 0, 0, 1, 0, 1, 0, 0, 0, 0, 3, 0x61, 0x2e, 0x62, 4, ...Buffer.from('evil'), 0, 0, 1, 0, 1, 0xc0, 12, 0, 5, 0, 1, 0, 0, 0, 60, 0, 5, 2, 0xc0, 0xff, 0xc0, 16]);
		const decoded = decodeMessage(bytes);
		expect(decoded.question[0]!.name).toBe('a\\.b.evil.');
		expect(decoded.answer[0]).toMatchObject({name: 'a\\.b.evil.', type: 'CNAME', data: {kind: 'name', target: '\\192\\255.evil.'}});
	});
});

describe('canonical order of escaped labels (RFC 4034 6.1)', () => {
	it('orders the RFC\'s own example', () => {
		const ordered = ['example.', 'a.example.', 'yljkjljk.a.example.', 'z.a.example.', 'zabc.a.example.', 'z.example.', '\\001.z.example.', '*.z.example.', '\\200.z.example.'];
		expect([...ordered].reverse().sort(compareCanonical)).toEqual(ordered);
	});

	it('compares a label holding a dot by its bytes, not as two labels', () => {
		// `a\.b` is one label under example: it sorts after `a` ("a" is a prefix of "a.b") and before `b`.
		const ordered = ['example.', '\\\\.example.', 'a.example.', 'z.a.example.', 'a\\.b.example.', 'b.example.', 'a.b.example.'];
		expect([...ordered].reverse().sort(compareCanonical)).toEqual(ordered);
	});
});

describe('DNSSEC over owners with escaped labels', () => {
	it('counts an owner\'s labels for the RRSIG Labels field, a dot inside a label not being one', () => {
		expect(rrsigLabels('a\\.b.example.')).toBe(2);
		expect(rrsigLabels('*.a\\.b.example.')).toBe(2);
		expect(signingOwner('x.y\\.z.example.', 2)).toBe('*.y\\.z.example.');
	});

	it('hashes an owner for NSEC3 from its wire bytes (RFC 5155 5)', () => {
		const salt = Buffer.from('aabbccdd', 'hex');
		const wire = Buffer.from([3, 0x61, 0x2e, 0x62, 7, ...Buffer.from('example'), 0]);
		let expected = createHash('sha1').update(wire).update(salt).digest();
		for (let round = 0; round < 3; round++) expected = createHash('sha1').update(expected).update(salt).digest();
		expect(nsec3Hash('a\\.b.example.', salt, 3)).toEqual(expected);
		expect(nsec3Hash('a\\.b.example.', salt, 3)).not.toEqual(nsec3Hash('a.b.example.', salt, 3));
	});
});

describe('master files with escaped labels, as BIND reads them', () => {
	it('reads \\. \\\\ \\DDD and escaped specials in owners and RDATA names, relative and absolute', () => {
		const records = parseZoneText('$ORIGIN evil.\na\\.b A 192.0.2.1\nc\\;d CNAME x\\\\y\n\\@ NS ns\\032one.other.\nq\\.\\. A 192.0.2.2\n', {source: 'test'});
		expect(records.map((entry) => entry.name)).toEqual(['a\\.b.evil.', 'c\\;d.evil.', '\\@.evil.', 'q\\.\\..evil.']);
		expect(records[1]!.data).toEqual({kind: 'name', target: 'x\\\\y.evil.'});
		expect(records[2]!.data).toEqual({kind: 'name', target: 'ns\\032one.other.'});
	});

	it('refuses an escape that is not a byte, naming the line', () => {
		expect(() => parseZoneText('$ORIGIN evil.\na\\300 A 192.0.2.1\n', {source: 'test'})).toThrow(/line 2: "a\\300" has the escape \\300, which is not a byte/u);
	});
});
