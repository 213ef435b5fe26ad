import {describe, expect, it} from 'vitest';
import {decodeMessage} from '../../source/dns/codec.js';
import {createTransport} from '../../source/dns/querier.js';
import type {Link} from '../../source/dns/transport.js';

/*
 * Hostile responses, twenty or more of each kind, sent through the querier as a server would send them: each must
 * come back as a malformed probe whose error says what was wrong and at which byte, and never as data.
 */

type Bytes = number[];

const labels = (...parts: string[]): Bytes => [...parts.flatMap((part) => [part.length, ...Buffer.from(part, 'latin1')]), 0];
const u16 = (value: number): Bytes => [(value >> 8) & 0xff, value & 0xff];
const u32 = (value: number): Bytes => [...u16(Math.floor(value / 65_536)), ...u16(value % 65_536)];

/** The question every response here answers: www.example.com. A IN, its name at byte 12. */
const QUESTION_NAME = labels('www', 'example', 'com');
const QUESTION: Bytes = [...QUESTION_NAME, ...u16(1), ...u16(1)];
/** A pointer to the question's name. */
const QNAME: Bytes = [0xc0, 12];
/** Where the first record after the question starts. */
const FIRST_RECORD = 12 + QUESTION.length;

const A = 1;
const NS = 2;
const CNAME = 5;
const MX = 15;
const TXT = 16;
const AAAA = 28;
const OPT = 41;
const DS = 43;
const NSEC3 = 50;

/** A resource record; RDLENGTH is the RDATA's unless told otherwise. */
const rr = (owner: Bytes, type: number, rdata: Bytes, {klass = 1, rdlength = rdata.length, ttl = 3600} = {}): Bytes => [...owner, ...u16(type), ...u16(klass), ...u32(ttl), ...u16(rdlength), ...rdata];
const opt = (owner: Bytes = [0], options: Bytes = []): Bytes => rr(owner, OPT, options, {klass: 1232});
const ADDRESS = [192, 0, 2, 1];

interface Response {
	flags?: number;
	question?: Bytes[];
	answer?: Bytes[];
	authority?: Bytes[];
	additional?: Bytes[];
	/** Counts to write instead of the true ones. */
	counts?: Partial<Record<'qd' | 'an' | 'ns' | 'ar', number>>;
	trailing?: Bytes;
}

/** A response to the query with this ID: QR=1, AA=1 unless flags say otherwise. */
function response(id: number, spec: Response): Uint8Array {
	const question = spec.question ?? [QUESTION];
	const [answer, authority, additional] = [spec.answer ?? [], spec.authority ?? [], spec.additional ?? []];
	const counts = {qd: question.length, an: answer.length, ns: authority.length, ar: additional.length, ...spec.counts};
	return Uint8Array.from([...u16(id), ...u16(spec.flags ?? 0x8400), ...u16(counts.qd), ...u16(counts.an), ...u16(counts.ns), ...u16(counts.ar), ...question.flat(), ...answer.flat(), ...authority.flat(), ...additional.flat(), ...(spec.trailing ?? [])]);
}

/** A link whose every server answers with the given response to whatever it is asked. */
function serving(spec: Response): Link {
	const exchange: Link['udp'] = (_to, payload, handlers) => {
		const id = (payload[0]! << 8) | payload[1]!;
		const timer = setTimeout(() => handlers.onMessage(response(id, spec), {address: '127.0.0.1', port: 53}), 0);
		return {close: () => clearTimeout(timer)};
	};
	return {udp: exchange, tcp: exchange};
}

async function ask(spec: Response) {
	let id = 0x1234;
	return createTransport(serving(spec), {randomId: () => id++, now: () => performance.now()}).query({address: '127.0.0.1', port: 53}, {name: 'www.example.com.', type: 'A'}, {timeoutMs: 200, retries: 0, edns: true, dnssecOk: false});
}

interface Variant {
	name: string;
	spec: Response;
	/** The byte the error must name, where it is simple to tell. */
	offset?: number;
}

const range = (from: number, to: number) => Array.from({length: to - from + 1}, (_, index) => from + index);

/** A name of `length` wire bytes (255 is the most allowed), in labels of at most 63. */
function longName(length: number): Bytes {
	const parts: string[] = [];
	let left = length - 1;
	while (left > 0) {
		// Never leave a single byte: a label needs two.
		const size = left > 64 ? Math.min(63, left - 3) : left - 1;
		parts.push('x'.repeat(size));
		left -= size + 1;
	}
	return labels(...parts);
}

const CLASSES: Array<{kind: string; reason: RegExp; variants: Variant[]}> = [
	{
		kind: 'fixed-size RDATA cut short (A, AAAA)',
		reason: /\((A|AAAA)\) has RDLENGTH \d+; its RDATA is (4|16) bytes/u,
		variants: [
			...range(0, 3).map((size) => ({name: `A of ${size} bytes`, spec: {answer: [rr(QNAME, A, ADDRESS.slice(0, size))]}, offset: FIRST_RECORD + 10})),
			...range(0, 15).map((size) => ({name: `AAAA of ${size} bytes`, spec: {answer: [rr(QNAME, AAAA, Array.from({length: size}, () => 0x20))]}, offset: FIRST_RECORD + 10})),
		],
	},
	{
		kind: 'an oversized RDLENGTH smuggling a hidden record',
		reason: /\((A|AAAA)\) has RDLENGTH \d+; its RDATA is (4|16) bytes/u,
		variants: [A, AAAA].flatMap((type) =>
			[rr(QNAME, A, [6, 6, 6, 6]), rr(QNAME, NS, labels('ns', 'evil')), rr(QNAME, CNAME, labels('evil')), rr(labels('bank'), A, [6, 6, 6, 6]), rr(QNAME, TXT, [2, 0x68, 0x69]), rr(QNAME, AAAA, Array.from({length: 16}, () => 6)), [0], [0, 0, 0], rr(QNAME, MX, [0, 10, ...labels('mx', 'evil')]), rr([0], A, [6, 6, 6, 6])].map((hidden, index) => ({
				name: `${type === A ? 'A' : 'AAAA'} hiding payload ${index}`,
				spec: {answer: [rr(QNAME, type, [...(type === A ? ADDRESS : Array.from({length: 16}, () => 1)), ...hidden])]},
				offset: FIRST_RECORD + 10,
			})),
		),
	},
	{
		kind: 'RDATA left over after the last field',
		reason: /has \d+ bytes of RDATA left over after its last field/u,
		variants: range(1, 20).map((extra) => ({
			name: `${['NS', 'CNAME', 'MX', 'SOA'][extra % 4]} with ${extra} extra bytes`,
			spec: {
				answer: [
					[
						rr(QNAME, NS, [...labels('ns1', 'example'), ...Array.from({length: extra}, () => 0x41)]),
						rr(QNAME, CNAME, [...labels('alias'), ...Array.from({length: extra}, () => 0)]),
						rr(QNAME, MX, [0, 10, ...labels('mx'), ...Array.from({length: extra}, () => 1)]),
						rr(QNAME, 6, [...labels('ns'), ...labels('host'), ...Array.from({length: 20 + extra}, () => 0)]),
					][extra % 4]!,
				],
			},
		})),
	},
	{
		kind: 'a short NS RDATA (the name runs out of it)',
		reason: /the target name in authority record 1 \(NS\) (runs past the end of its RDATA|has a \d+-byte label that runs past the end of its RDATA|has a compression pointer cut short by the end of its RDATA)/u,
		variants: [
			// A referral whose NS name goes on past the RDATA: what follows would be read as the next record.
			...range(1, 17).map((rdlength) => ({name: `NS ns1.evil.example. in ${rdlength} of 18 bytes`, spec: {flags: 0x8000, authority: [rr(labels('example', 'com'), NS, labels('ns1', 'evil', 'example'), {rdlength})]}})),
			...[0, 1].map((rdlength) => ({name: `NS with a pointer in ${rdlength} byte`, spec: {flags: 0x8000, authority: [rr(QNAME, NS, [0xc0, 12], {rdlength})]}})),
			{name: 'NS with no RDATA', spec: {flags: 0x8000, authority: [rr(QNAME, NS, [], {rdlength: 0})]}},
		],
	},
	{
		kind: 'compression pointers that point forward, at themselves, or loop',
		reason: /has a compression pointer to byte \d+, which does not point back \(a forward pointer or a loop\)/u,
		variants: [
			{name: 'owner pointing at itself', spec: {answer: [rr([0xc0, FIRST_RECORD], A, ADDRESS)]}, offset: FIRST_RECORD},
			...range(1, 9).map((ahead) => ({name: `owner pointing ${ahead} bytes ahead`, spec: {answer: [rr([0xc0, FIRST_RECORD + ahead], A, ADDRESS)]}, offset: FIRST_RECORD})),
			...range(0, 4).map((skew) => ({
				// Two names pointing at each other: the second hop can only point forward again.
				name: `a two-pointer loop (${skew})`,
				spec: {answer: [rr([...labels('a'.repeat(skew + 1)).slice(0, -1), 0xc0, FIRST_RECORD + skew + 18], A, ADDRESS), rr([0xc0, FIRST_RECORD], A, ADDRESS)]},
			})),
			...range(0, 4).map((ahead) => ({name: `an NS target pointing ${ahead} bytes ahead`, spec: {flags: 0x8000, authority: [rr(QNAME, NS, [0xc0, FIRST_RECORD + 12 + ahead])]}})),
			{name: 'the question name pointing at itself', spec: {question: [[0xc0, 12, ...u16(1), ...u16(1)]]}, offset: 12},
		],
	},
	{
		kind: 'a label over 63 bytes',
		reason: /has a label length byte of \d+ \(labels are at most 63 bytes\)/u,
		variants: [64, 65, 80, 100, 127, 128, 150, 191].flatMap((length, index) => [
			{name: `owner label ${length}`, spec: {answer: [rr([length, ...Array.from({length: Math.min(length, 63)}, () => 0x61), 0], A, ADDRESS)]}, offset: FIRST_RECORD},
			{name: `NS target label ${length}`, spec: {flags: 0x8000, authority: [rr(QNAME, NS, [3, 0x6e, 0x73, 0x31, length, 0x61, 0])]}, offset: FIRST_RECORD + 12 + 4},
			...(index < 4 ? [{name: `second label ${length} in the question`, spec: {question: [[3, 0x77, 0x77, 0x77, length, 0x61, 0, ...u16(1), ...u16(1)]]}, offset: 16}] : []),
		]),
	},
	{
		kind: 'a name over 255 bytes',
		reason: /is longer than 255 bytes/u,
		variants: [
			...range(256, 265).map((length) => ({name: `an owner of ${length} bytes`, spec: {answer: [rr(longName(length), A, ADDRESS)]}})),
			...range(0, 9).map((extra) => {
				// A 250-byte name in the first record; the second record's owner adds labels, then points to it.
				const prefix = labels('y'.repeat(5 + extra)).slice(0, -1);
				return {name: `labels then a pointer to a 250-byte name (+${extra})`, spec: {answer: [rr(longName(250), A, ADDRESS), rr([...prefix, 0xc0, FIRST_RECORD], A, ADDRESS)]}};
			}),
		],
	},
	{
		kind: 'counts that lie',
		reason: /the header counts \d+ (answer|authority|additional) records, but the message ends after \d+/u,
		variants: (['an', 'ns', 'ar'] as const).flatMap((count) =>
			range(1, 7).map((more) => ({name: `${count} count ${more} too many`, spec: {answer: [rr(QNAME, A, ADDRESS)], counts: {an: 1, ns: 0, ar: 0, [count]: (count === 'an' ? 1 : 0) + more}}})),
		),
	},
	{
		kind: 'bytes after the last record',
		reason: /^\d+ bytes after the last record$/u,
		variants: range(1, 20).map((size) => ({name: `${size} trailing bytes`, spec: {answer: [rr(QNAME, A, ADDRESS)], trailing: Array.from({length: size}, (_, index) => (index * 37) & 0xff)}})),
	},
	{
		kind: 'a second OPT record',
		reason: /a second OPT record \(RFC 6891: at most one\)/u,
		variants: range(0, 19).map((index) => ({
			name: `two OPTs (${index})`,
			spec: {answer: [rr(QNAME, A, ADDRESS)], additional: [opt(), ...(index % 2 ? [rr(labels('ns1'), A, ADDRESS)] : []), opt([0], index % 3 ? [] : [0, 10, 0, 2, 1, index])]},
		})),
	},
	{
		kind: 'an OPT record outside the additional section',
		reason: /an OPT record in the (answer|authority) section \(RFC 6891: only in the additional section\)/u,
		variants: range(0, 19).map((index) => ({
			name: `OPT in ${index % 2 ? 'authority' : 'answer'} (${index})`,
			spec: index % 2 ? {authority: [...(index % 3 ? [] : [rr(QNAME, NS, labels('ns'))]), opt()]} : {answer: [...(index % 3 ? [rr(QNAME, A, ADDRESS)] : []), opt()]},
		})),
	},
	{
		kind: 'an OPT record not owned by the root',
		reason: /an OPT record whose owner is not the root/u,
		variants: [QNAME, labels('a'), labels('example'), labels('x', 'y'), [0xc0, 16], ...range(1, 15).map((size) => labels('o'.repeat(size)))].map((owner, index) => ({name: `OPT owned by a name (${index})`, spec: {answer: [rr(QNAME, A, ADDRESS)], additional: [opt(owner)]}})),
	},
	{
		kind: 'QR=0: a query where a response belongs',
		reason: /^QR=0: a query, not a response$/u,
		variants: range(0, 19).map((index) => ({name: `QR=0, flags ${(index * 0x111) & 0x7fff}`, spec: {flags: (index * 0x111) & 0x07ff, answer: [rr(QNAME, A, ADDRESS)]}, offset: 2})),
	},
	{
		kind: 'another opcode',
		reason: /^opcode \S+ in the response to a QUERY$/u,
		variants: range(1, 15).flatMap((opcode) => [0x8000, 0x8400].map((flags) => ({name: `opcode ${opcode} (${flags.toString(16)})`, spec: {flags: flags | (opcode << 11), answer: [rr(QNAME, A, ADDRESS)]}, offset: 2}))).slice(0, 22),
	},
	{
		kind: 'a record of another class',
		reason: /has class \d+ where class 1 was asked/u,
		variants: [0, 2, 3, 4, 254, 255, 0x8001, 0xffff, 5, 42].flatMap((klass) => [
			{name: `an A of class ${klass}`, spec: {answer: [rr(QNAME, A, ADDRESS, {klass})]}, offset: FIRST_RECORD + 4},
			{name: `glue of class ${klass}`, spec: {flags: 0x8000, authority: [rr(labels('com'), NS, labels('ns', 'com'))], additional: [rr(labels('ns', 'com'), A, ADDRESS, {klass})]}},
		]),
	},
	{
		kind: 'a question of another class',
		reason: /the question has class \d+ where IN was asked/u,
		variants: [0, 2, 3, 4, 254, 255, ...range(5, 18)].map((klass) => ({
			name: `question class ${klass}`,
			spec: {question: [[...QUESTION_NAME, ...u16(1), ...u16(klass)]], answer: [rr(QNAME, A, ADDRESS, {klass})]},
			offset: 12 + QUESTION_NAME.length + 2,
		})),
	},
	{
		kind: 'DNSSEC and TXT RDATA that breaks its own rules',
		reason: /\((TXT|DS|DNSKEY|RRSIG|NSEC|NSEC3|CAA)\) (has no character-string|has a \d+-byte digest|has protocol|is cut short|has an empty|has a type bit map|has type bit map window)|is compressed, which its record type forbids/u,
		variants: [
			{name: 'TXT with no string', spec: {answer: [rr(QNAME, TXT, [])]}},
			{name: 'TXT string past its RDATA', spec: {answer: [rr(QNAME, TXT, [5, 0x61, 0x62])]}},
			{name: 'DS SHA-256 with 31 bytes', spec: {answer: [rr(QNAME, 43, [0, 1, 13, 2, ...Array.from({length: 31}, () => 1)])]}},
			{name: 'DS SHA-1 with 32 bytes', spec: {answer: [rr(QNAME, 43, [0, 1, 13, 1, ...Array.from({length: 32}, () => 1)])]}},
			{name: 'DS SHA-384 with 32 bytes', spec: {answer: [rr(QNAME, 43, [0, 1, 13, 4, ...Array.from({length: 32}, () => 1)])]}},
			{name: 'DS with no digest', spec: {answer: [rr(QNAME, 43, [0, 1, 13, 9])]}},
			{name: 'DNSKEY protocol 2', spec: {answer: [rr(QNAME, 48, [1, 1, 2, 13, 1, 2, 3])]}},
			{name: 'DNSKEY with no key', spec: {answer: [rr(QNAME, 48, [1, 1, 3, 13])]}},
			{name: 'RRSIG cut in its fields', spec: {answer: [rr(QNAME, 46, Array.from({length: 12}, () => 0))]}},
			{name: 'RRSIG without signature', spec: {answer: [rr(QNAME, 46, [...Array.from({length: 18}, () => 0), ...labels('com')])]}},
			{name: 'RRSIG signer compressed', spec: {answer: [rr(QNAME, 46, [...Array.from({length: 18}, () => 0), 0xc0, 12, 1, 2, 3])]}},
			{name: 'NSEC next name compressed', spec: {answer: [rr(QNAME, 47, [0xc0, 12, 0, 1, 0x40])]}},
			{name: 'NSEC bit map with a zero last byte', spec: {answer: [rr(QNAME, 47, [...labels('a'), 0, 2, 0x40, 0])]}},
			{name: 'NSEC bit map of 33 bytes', spec: {answer: [rr(QNAME, 47, [...labels('a'), 0, 33, ...Array.from({length: 33}, () => 1)])]}},
			{name: 'NSEC bit map of 0 bytes', spec: {answer: [rr(QNAME, 47, [...labels('a'), 0, 0])]}},
			{name: 'NSEC windows out of order', spec: {answer: [rr(QNAME, 47, [...labels('a'), 1, 1, 0x40, 0, 1, 0x40])]}},
			{name: 'NSEC window cut short', spec: {answer: [rr(QNAME, 47, [...labels('a'), 0])]}},
			{name: 'NSEC3 with an empty hash', spec: {answer: [rr(QNAME, 50, [1, 0, 0, 0, 0, 0])]}},
			{name: 'NSEC3 salt past its RDATA', spec: {answer: [rr(QNAME, 50, [1, 0, 0, 0, 8, 1, 2])]}},
			{name: 'CAA with an empty tag', spec: {answer: [rr(QNAME, 257, [0, 0, 0x61])]}},
			{name: 'CAA tag past its RDATA', spec: {answer: [rr(QNAME, 257, [0, 9, 0x61])]}},
		],
	},
	{
		kind: 'an NSEC3 SHA-1 hash of another length than 20 bytes (RFC 5155 3.2)',
		reason: /\(NSEC3\) has a \d+-byte next hashed owner name; hash algorithm 1 is 20 bytes/u,
		variants: [...range(1, 19), ...range(21, 32), 64, 255].map((hash, index) => {
			const salt = index % 3 === 0 ? [] : [0xaa, 0xbb, 0xcc, 0xdd].slice(0, index % 5);
			return {
				name: `NSEC3 hash of ${hash} bytes, ${salt.length}-byte salt`,
				spec: {flags: 0x8403, authority: [rr(QNAME, NSEC3, [1, index % 2, 0, 0, salt.length, ...salt, hash, ...Array.from({length: hash}, (_, at) => at), 0, 1, 0x62])]},
				offset: FIRST_RECORD + 12 + 5 + salt.length,
			};
		}),
	},
	{
		kind: 'a DS digest of another length than its digest type\'s (RFC 4034 5.1.4, RFC 4509, RFC 6605)',
		reason: /\(DS\) has a \d+-byte digest; digest type (1|2|4) is (20|32|48) bytes/u,
		variants: ([[1, 20], [2, 32], [4, 48]] as const).flatMap(([digestType, size]) =>
			[1, 2, size - 2, size - 1, size + 1, size + 2, size * 2].map((length) => ({
				name: `DS digest type ${digestType} with ${length} bytes`,
				spec: {flags: 0x8000, authority: [rr(labels('child', 'example', 'com'), NS, labels('ns', 'child', 'example', 'com')), rr(labels('child', 'example', 'com'), DS, [0x30, 0x39, 13, digestType, ...Array.from({length}, () => 0xab)])]},
			})),
		),
	},
	{
		kind: 'an EDNS version other than 0 in the response to our version 0 query (RFC 6891 6.1.3)',
		reason: /^EDNS version \d+ in the response to a version 0 query \(RFC 6891 6\.1\.3\)$/u,
		variants: [...range(1, 16), 0x7f, 0x80, 0xfe, 0xff].map((version, index) => ({
			name: `EDNS version ${version}`,
			spec: {answer: index % 2 ? [rr(QNAME, A, ADDRESS)] : [], additional: [rr([0], OPT, [], {klass: 1232, ttl: (version << 16) | (index % 3 ? 0x8000 : 0)})]},
			offset: FIRST_RECORD + (index % 2 ? 16 : 0) + 6,
		})),
	},
];

describe('hostile responses are MALFORMED_RESPONSE, with what and where, never data', () => {
	it('has at least twenty variants of each kind', () => {
		for (const {kind, variants} of CLASSES) expect(variants.length, kind).toBeGreaterThanOrEqual(20);
	});

	for (const {kind, reason, variants} of CLASSES) {
		it(`${kind} (${variants.length} variants)`, async () => {
			for (const variant of variants) {
				const result = await ask(variant.spec);
				expect(result, variant.name).toMatchObject({ok: false, error: 'malformed'});
				if (result.ok) continue;
				const [, what, offset] = /^(?:undecodable|not a valid) response \(\d+ bytes\): (.*), at byte (\d+)$/u.exec(result.detail) ?? [];
				expect(what, `${variant.name}: ${result.detail}`).toMatch(reason);
				if (variant.offset !== undefined) expect(Number(offset), `${variant.name}: ${result.detail}`).toBe(variant.offset);
				expect(result.raw, variant.name).toBeDefined();
			}
		});
	}

	it('the same bytes, well formed, are an answer: the variants fail for their fault alone', async () => {
		const result = await ask({answer: [rr(QNAME, A, ADDRESS)], additional: [opt()]});
		expect(result.ok && result.message.answer).toEqual([{name: 'www.example.com.', type: 'A', class: 'IN', ttl: 3600, data: {kind: 'address', address: '192.0.2.1'}}]);
		expect(() => decodeMessage(response(1, {answer: [rr(QNAME, AAAA, Array.from({length: 16}, () => 0x20))]}))).not.toThrow();
	});
});
