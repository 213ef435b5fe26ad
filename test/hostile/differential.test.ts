import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {decodeMessage, encodeRData, MalformedMessageError, rcodeName} from '../../source/dns/codec.js';
import type {Message, ResourceRecord} from '../../source/dns/record.js';
import {typeNumber} from '../../source/dns/types.js';
import {presentationName} from '../helpers/rfc1035-presentation.js';
import {referenceDecode, type ReferenceMessage, type ReferenceRecord} from '../helpers/rfc1035-reference-decoder.js';

/*
 * The strict decoder against a reference written from the RFCs alone (test/helpers/rfc1035-reference-decoder.ts):
 * valid messages, built here the way servers build them (names compressed wherever RFC 1035 allows), then broken
 * the ways fuzzers and hostile servers break them. Both must accept or refuse each message alike, and where both
 * accept, read the same records.
 */

/** A message on the wire, with where its records, RDLENGTHs and compression pointers sit, for mutations to aim at. */
interface Built {
	bytes: Uint8Array;
	records: Array<{start: number; end: number}>;
	rdlengths: number[];
	pointers: number[];
}

class Writer {
	readonly out: number[] = [];
	readonly records: Array<{start: number; end: number}> = [];
	readonly rdlengths: number[] = [];
	readonly pointers: number[] = [];
	private readonly suffixes = new Map<string, number>();

	u8(value: number) {
		this.out.push(value & 0xff);
	}
	u16(value: number) {
		this.u8(value >> 8);
		this.u8(value);
	}
	u32(value: number) {
		this.u16(Math.floor(value / 65_536));
		this.u16(value % 65_536);
	}
	raw(bytes: ArrayLike<number>) {
		for (const byte of Array.from(bytes)) this.u8(byte);
	}
	/** Whether names that must never be compressed (RRSIG, NSEC) are compressed all the same, as a broken server would. */
	constructor(private readonly compressEverywhere = false) {}

	/** A name, pointing to the longest suffix already written when compression is allowed. */
	name(labels: string[], compress: boolean) {
		compress ||= this.compressEverywhere;
		for (let index = 0; index < labels.length; index++) {
			const key = JSON.stringify(labels.slice(index).map((entry) => entry.toLowerCase()));
			const earlier = this.suffixes.get(key);
			if (compress && earlier !== undefined) {
				this.pointers.push(this.out.length);
				this.u16(0xc000 | earlier);
				return;
			}
			if (this.out.length < 0x4000) this.suffixes.set(key, this.out.length);
			this.u8(labels[index]!.length);
			this.raw(Buffer.from(labels[index]!, 'latin1'));
		}
		this.u8(0);
	}
	/** RDATA behind its RDLENGTH, written by `body`. */
	rdata(body: () => void) {
		const at = this.out.length;
		this.rdlengths.push(at);
		this.u16(0);
		body();
		const length = this.out.length - at - 2;
		this.out[at] = length >> 8;
		this.out[at + 1] = length & 0xff;
	}
}

type RDataWriter = (writer: Writer) => void;

// Labels as servers send them, and labels holding bytes a name's text must escape (written as latin1, one byte each).
const label = fc.constantFrom('www', 'example', 'COM', 'ns1', 'Ns2', 'mail', 'a', 'xn--bcher-kva', '_dmarc', 'org', 'sub', 'b-c', 'www.bank', 'a\\b', 'sp ace', '\u00c0\u00ff', '\u0000', 'Q"(;)@$', '\u007f\u0080');
const name = fc.array(label, {maxLength: 4});
const bytes = (min: number, max: number) => fc.uint8Array({minLength: min, maxLength: max});
// TXT strings and CAA values (written as latin1 too): characters a master file quotes, ESC, and bytes that are not UTF-8.
const text = fc.string({maxLength: 20, unit: fc.constantFrom(...'abc xyz=;"\\.019-\u001b\u0080\u00e9\u00ff'.split(''))});
const u16 = fc.integer({min: 0, max: 0xffff});
const u32 = fc.integer({min: 0, max: 0xffffffff});

/** RFC 4034 4.1.2 type bit maps for a set of types. */
function bitmaps(types: number[]): number[] {
	const windows = new Map<number, number[]>();
	for (const type of [...new Set(types)].sort((a, b) => a - b)) {
		const bits = windows.get(type >> 8) ?? [];
		const octet = (type & 0xff) >> 3;
		while (bits.length <= octet) bits.push(0);
		bits[octet]! |= 0x80 >> (type & 7);
		windows.set(type >> 8, bits);
	}
	return [...windows].flatMap(([window, bits]) => [window, bits.length, ...bits]);
}
const typeSet = fc.array(fc.constantFrom(1, 2, 5, 6, 15, 16, 28, 46, 47, 48, 50, 65, 257, 1234), {maxLength: 6});

/** Per type: its number and the RDATA a server would write for it. */
const rdataOf: Array<fc.Arbitrary<{type: number; write: RDataWriter}>> = [
	bytes(4, 4).map((address) => ({type: 1, write: (w) => w.raw(address)})),
	bytes(16, 16).map((address) => ({type: 28, write: (w) => w.raw(address)})),
	fc.tuple(fc.constantFrom(2, 5, 12, 39), name).map(([type, target]) => ({type, write: (w) => w.name(target, true)})),
	fc.tuple(name, name, fc.array(u32, {minLength: 5, maxLength: 5})).map(([mname, rname, numbers]) => ({
		type: 6,
		write: (w) => {
			w.name(mname, true);
			w.name(rname, true);
			numbers.forEach((number) => w.u32(number));
		},
	})),
	fc.tuple(u16, name).map(([preference, exchange]) => ({type: 15, write: (w) => (w.u16(preference), w.name(exchange, true))})),
	fc.tuple(u16, u16, u16, name).map(([priority, weight, port, target]) => ({type: 33, write: (w) => (w.u16(priority), w.u16(weight), w.u16(port), w.name(target, true))})),
	fc.array(text, {minLength: 1, maxLength: 3}).map((strings) => ({type: 16, write: (w) => strings.forEach((string) => (w.u8(string.length), w.raw(Buffer.from(string, 'latin1'))))})),
	fc.tuple(fc.constantFrom(0, 128), fc.constantFrom('issue', 'iodef', 'issuewild'), text).map(([flags, tag, value]) => ({type: 257, write: (w) => (w.u8(flags), w.u8(tag.length), w.raw(Buffer.from(tag)), w.raw(Buffer.from(value, 'latin1')))})),
	fc.tuple(u16, fc.constantFrom([1, 20], [2, 32], [4, 48], [9, 7]), bytes(48, 48)).map(([tag, [digestType, size], digest]) => ({type: 43, write: (w) => (w.u16(tag), w.u8(13), w.u8(digestType!), w.raw(digest.subarray(0, size)))})),
	fc.tuple(fc.constantFrom(256, 257), bytes(1, 64)).map(([flags, key]) => ({type: 48, write: (w) => (w.u16(flags), w.u8(3), w.u8(13), w.raw(key))})),
	fc.tuple(fc.constantFrom(1, 2, 6, 1234), u32, u32, u16, name, bytes(1, 64)).map(([covered, expiration, inception, tag, signer, signature]) => ({
		type: 46,
		write: (w) => {
			w.u16(covered);
			w.u8(13);
			w.u8(signer.length);
			w.u32(3600);
			w.u32(expiration);
			w.u32(inception);
			w.u16(tag);
			w.name(signer, false);
			w.raw(signature);
		},
	})),
	fc.tuple(name, typeSet).map(([next, types]) => ({type: 47, write: (w) => (w.name(next, false), w.raw(bitmaps(types)))})),
	fc.tuple(u16, bytes(0, 8), bytes(20, 20), typeSet).map(([iterations, salt, hash, types]) => ({
		type: 50,
		write: (w) => (w.u8(1), w.u8(0), w.u16(iterations), w.u8(salt.length), w.raw(salt), w.u8(hash.length), w.raw(hash), w.raw(bitmaps(types))),
	})),
	fc.tuple(fc.constantFrom(13, 65, 99, 65_280), bytes(0, 12)).map(([type, data]) => ({type, write: (w) => w.raw(data)})),
];

const record = fc.record({owner: name, ttl: u32, data: fc.oneof(...rdataOf)});

const message = fc.record({
	id: u16,
	flags: u16,
	questions: fc.oneof({weight: 6, arbitrary: fc.array(fc.record({name, type: fc.constantFrom(1, 2, 6, 28, 48)}), {minLength: 1, maxLength: 1})}, {weight: 1, arbitrary: fc.array(fc.record({name, type: u16}), {maxLength: 2})}),
	answer: fc.array(record, {maxLength: 4}),
	authority: fc.array(record, {maxLength: 4}),
	additional: fc.array(record, {maxLength: 3}),
	opt: fc.option(fc.record({size: u16, ttl: u32, options: fc.array(fc.record({code: u16, data: bytes(0, 8)}), {maxLength: 2})})),
});

type Spec = typeof message extends fc.Arbitrary<infer T> ? T : never;

function build(spec: Spec, compressEverywhere = false): Built {
	const w = new Writer(compressEverywhere);
	w.u16(spec.id);
	w.u16(spec.flags);
	for (const count of [spec.questions.length, spec.answer.length, spec.authority.length, spec.additional.length + (spec.opt ? 1 : 0)]) w.u16(count);
	for (const question of spec.questions) {
		w.name(question.name, true);
		w.u16(question.type);
		w.u16(1);
	}
	for (const entry of [...spec.answer, ...spec.authority, ...spec.additional]) {
		const start = w.out.length;
		w.name(entry.owner, true);
		w.u16(entry.data.type);
		w.u16(1);
		w.u32(entry.ttl);
		w.rdata(() => entry.data.write(w));
		w.records.push({start, end: w.out.length});
	}
	if (spec.opt) {
		const {size, ttl, options} = spec.opt;
		const start = w.out.length;
		w.u8(0);
		w.u16(41);
		w.u16(size);
		w.u32(ttl);
		w.rdata(() => options.forEach((option) => (w.u16(option.code), w.u16(option.data.length), w.raw(option.data))));
		w.records.push({start, end: w.out.length});
	}
	return {bytes: Uint8Array.from(w.out), records: w.records, rdlengths: w.rdlengths, pointers: w.pointers};
}

type Mutation = (built: Built) => Uint8Array;
const pick = <T>(list: T[], at: number): T | undefined => (list.length === 0 ? undefined : list[at % list.length]);
const put16 = (bytes: Uint8Array, at: number, value: number) => {
	const out = Uint8Array.from(bytes);
	if (at + 1 < out.length) {
		out[at] = (value >> 8) & 0xff;
		out[at + 1] = value & 0xff;
	}
	return out;
};

/**
 * The ways a message gets broken: bytes flipped, cut, inserted or removed; counts, RDLENGTHs and pointers that lie;
 * a byte of RDATA changed; an owner name replaced by a pointer to the question; a record repeated at the end.
 */
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
	fc.constant<Mutation>((built) => built.bytes),
	fc.array(fc.tuple(fc.nat(), fc.integer({min: 0, max: 255})), {minLength: 1, maxLength: 4}).map((flips): Mutation => (built) => {
		const out = Uint8Array.from(built.bytes);
		for (const [at, value] of flips) out[at % out.length] = value;
		return out;
	}),
	fc.nat().map((cut): Mutation => (built) => built.bytes.subarray(0, cut % (built.bytes.length + 1))),
	fc.tuple(fc.nat(), bytes(1, 4)).map(([at, inserted]): Mutation => (built) => {
		const where = at % (built.bytes.length + 1);
		return Uint8Array.from([...built.bytes.subarray(0, where), ...inserted, ...built.bytes.subarray(where)]);
	}),
	fc.tuple(fc.nat(), fc.integer({min: 1, max: 6})).map(([at, size]): Mutation => (built) => {
		const where = at % (built.bytes.length + 1);
		return Uint8Array.from([...built.bytes.subarray(0, where), ...built.bytes.subarray(where + size)]);
	}),
	fc.tuple(fc.integer({min: 0, max: 3}), fc.integer({min: -2, max: 2})).map(([which, delta]): Mutation => (built) => {
		const at = 4 + which * 2;
		return put16(built.bytes, at, ((built.bytes[at]! << 8) | built.bytes[at + 1]!) + delta);
	}),
	fc.tuple(fc.nat(), fc.integer({min: -3, max: 3}), fc.boolean()).map(([index, delta, wild]): Mutation => (built) => {
		const at = pick(built.rdlengths, index);
		if (at === undefined) return built.bytes;
		return put16(built.bytes, at, wild ? (delta + 3) * 9000 : ((built.bytes[at]! << 8) | built.bytes[at + 1]!) + delta);
	}),
	fc.tuple(fc.nat(), fc.constantFrom('self', 'forward', 'header', 'anywhere'), fc.nat()).map(([index, where, anywhere]): Mutation => (built) => {
		const at = pick(built.pointers, index);
		if (at === undefined) return built.bytes;
		const target = {self: at, forward: at + 2, header: anywhere % 12, anywhere: anywhere % built.bytes.length}[where];
		return put16(built.bytes, at, 0xc000 | target);
	}),
	fc.tuple(fc.nat(), fc.oneof(fc.integer({min: 0, max: 6}), fc.nat()), fc.constantFrom(0, 1, 3, 0xff, 0xc0, 0x40), fc.integer({min: 0, max: 255}), fc.boolean()).map(([index, offset, special, any, useSpecial]): Mutation => (built) => {
		const at = pick(built.rdlengths, index);
		if (at === undefined) return built.bytes;
		const length = (built.bytes[at]! << 8) | built.bytes[at + 1]!;
		const out = Uint8Array.from(built.bytes);
		if (length > 0) out[at + 2 + (offset % length)] = useSpecial ? special : any;
		return out;
	}),
	fc.tuple(fc.nat(), fc.nat(), fc.integer({min: -4, max: 4}), fc.integer({min: 0, max: 255})).map(([index, offset, delta, fill]): Mutation => (built) => {
		// RDATA made longer or shorter with its RDLENGTH to match: a truncated address, a smuggled record.
		const at = pick(built.rdlengths, index);
		if (at === undefined) return built.bytes;
		const length = (built.bytes[at]! << 8) | built.bytes[at + 1]!;
		const size = Math.max(0, length + delta);
		const where = at + 2 + (offset % (Math.min(length, size) + 1));
		const body = delta >= 0 ? [...built.bytes.subarray(0, where), ...Array.from({length: delta}, () => fill), ...built.bytes.subarray(where)] : [...built.bytes.subarray(0, where), ...built.bytes.subarray(where + length - size)];
		return put16(Uint8Array.from(body), at, size);
	}),
	fc.nat().map((index): Mutation => (built) => {
		const record = pick(built.records, index);
		if (!record) return built.bytes;
		return Uint8Array.from([...built.bytes.subarray(0, record.start), 0xc0, 0x0c, ...built.bytes.subarray(record.start + 1)]);
	}),
	fc.nat().map((index): Mutation => (built) => {
		const record = pick(built.records, index);
		if (!record) return built.bytes;
		const out = put16(built.bytes, 10, ((built.bytes[10]! << 8) | built.bytes[11]!) + 1);
		return Uint8Array.from([...out, ...built.bytes.subarray(record.start, record.end)]);
	}),
);

const CLASSES: Record<number, string> = {1: 'IN', 2: 'CS', 3: 'CH', 4: 'HS', 255: 'ANY'};
const OPCODES = ['QUERY', 'IQUERY', 'STATUS', 'OPCODE_3', 'NOTIFY', 'UPDATE'];
const hex = (data: Uint8Array) => Buffer.from(data).toString('hex');

/**
 * Where the two readings of one record differ, or undefined. Names are compared as text, each label whole
 * (test/helpers/rfc1035-presentation.ts); RDATA as the bytes our reading writes again (TXT and CAA strings included:
 * they are kept byte for byte, character-string.ts).
 */
function recordDifference(ours: ResourceRecord, reference: ReferenceRecord): string | undefined {
	const data = ours.data.kind === 'opaque' ? ours.data.hex : hex(encodeRData(ours));
	const facts = [
		[ours.name, presentationName(reference.owner)],
		[typeNumber(ours.type), reference.type],
		[ours.class, CLASSES[reference.klass] ?? `UNKNOWN_${reference.klass}`],
		[ours.ttl, reference.ttl],
		[data, hex(reference.canonical)],
	];
	const differing = facts.find(([a, b]) => a !== b);
	return differing ? `${ours.name} ${ours.type}: ${String(differing[0])} ≠ ${String(differing[1])}` : undefined;
}

function messageDifference(ours: Message, reference: ReferenceMessage): string | undefined {
	const opt = reference.additional.find((entry) => entry.type === 41);
	const extended = opt ? opt.ttl >>> 24 : 0;
	const opcode = (reference.flags >> 11) & 0xf;
	const header: Array<[unknown, unknown]> = [
		[ours.id, reference.id],
		[ours.opcode, OPCODES[opcode] ?? `OPCODE_${opcode}`],
		[ours.rcode, rcodeName((extended << 4) | (reference.flags & 0xf))],
		[Object.values(ours.flags).join(), [15, 10, 9, 8, 7, 5, 4].map((bit) => ((reference.flags >> bit) & 1) === 1).join()],
		[ours.question.map((question) => `${question.name} ${typeNumber(question.type)}`).join(), reference.questions.map((question) => `${presentationName(question.name)} ${question.type}`).join()],
		[ours.answer.length, reference.answer.length],
		[ours.authority.length, reference.authority.length],
		[ours.additional.length, reference.additional.length - (opt ? 1 : 0)],
		[ours.edns === undefined, opt === undefined],
	];
	const differing = header.findIndex(([a, b]) => a !== b);
	if (differing >= 0) return `header fact ${differing}: ${String(header[differing]![0])} ≠ ${String(header[differing]![1])}`;
	if (ours.edns && opt) {
		const options = ours.edns.options.map((option) => `${option.code.toString(16).padStart(4, '0')}${(option.hex.length / 2).toString(16).padStart(4, '0')}${option.hex}`).join('');
		const edns = `${ours.edns.udpSize} ${ours.edns.version} ${ours.edns.dnssecOk} ${ours.edns.extendedRcode} ${options}`;
		const expected = `${opt.klass} ${(opt.ttl >>> 16) & 0xff} ${(opt.ttl & 0x8000) !== 0} ${opt.ttl >>> 24} ${hex(opt.canonical)}`;
		if (edns !== expected) return `EDNS: ${edns} ≠ ${expected}`;
	}
	const pairs: Array<[ResourceRecord, ReferenceRecord]> = [
		...ours.answer.map((entry, index): [ResourceRecord, ReferenceRecord] => [entry, reference.answer[index]!]),
		...ours.authority.map((entry, index): [ResourceRecord, ReferenceRecord] => [entry, reference.authority[index]!]),
		...ours.additional.map((entry, index): [ResourceRecord, ReferenceRecord] => [entry, reference.additional.filter((candidate) => candidate.type !== 41)[index]!]),
	];
	for (const [mine, theirs] of pairs) {
		const difference = recordDifference(mine, theirs);
		if (difference) return difference;
	}
	return undefined;
}

type Verdict = {accepted: true; message: Message} | {accepted: false; reason: string};
function strict(bytes: Uint8Array): Verdict {
	try {
		return {accepted: true, message: decodeMessage(bytes)};
	} catch (error) {
		if (!(error instanceof MalformedMessageError)) throw error;
		return {accepted: false, reason: error.message};
	}
}

/** Runs both decoders over one message: throws where they disagree. */
function agree(bytes: Uint8Array, tally: {accepted: number; rejected: number}): void {
	const ours = strict(bytes);
	const reference = referenceDecode(bytes);
	if (ours.accepted !== reference.accepted) {
		throw new Error(`verdicts differ on ${hex(bytes)}: ours ${ours.accepted ? 'accepts' : `refuses (${ours.reason})`}, the reference ${reference.accepted ? 'accepts' : `refuses (${reference.reason} at ${reference.at})`}`);
	}
	if (!ours.accepted || !reference.accepted) {
		tally.rejected++;
		return;
	}
	tally.accepted++;
	const difference = messageDifference(ours.message, reference.message);
	if (difference) throw new Error(`records differ on ${hex(bytes)}: ${difference}`);
}

describe('the strict decoder agrees with a reference written from RFC 1035 alone', () => {
	it('accepts every message a server would build, and reads the same records from it', () => {
		const tally = {accepted: 0, rejected: 0};
		fc.assert(fc.property(message, (spec) => agree(build(spec).bytes, tally)), {numRuns: 2000});
		expect(tally.rejected).toBe(0);
		expect(tally.accepted).toBe(2000);
	});

	it('accepts and refuses 10,000 broken messages alike, and reads the same records where both accept', () => {
		const tally = {accepted: 0, rejected: 0};
		const compressEverywhere = fc.integer({min: 0, max: 4}).map((draw) => draw === 0);
		fc.assert(fc.property(message, mutation, compressEverywhere, (spec, mutate, compress) => agree(mutate(build(spec, compress)), tally)), {numRuns: 10_000});
		console.log(`differential: 10000 mutated messages, ${tally.accepted} accepted by both and read alike record by record, ${tally.rejected} refused by both`);
		expect(tally.accepted + tally.rejected).toBe(10_000);
		expect(tally.accepted).toBeGreaterThan(1500);
		expect(tally.rejected).toBeGreaterThan(3000);
	});
});
