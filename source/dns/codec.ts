import packet from 'dns-packet';
import * as classes from 'dns-packet/classes.js';
import * as opcodes from 'dns-packet/opcodes.js';
import {characterStringBytes, characterStringText} from './character-string.js';
import {MAX_LABEL_OCTETS, MAX_NAME_OCTETS, nameFromLabels, type Name, wireLabels} from './name.js';
import {NSID_OPTION} from './nsid.js';
import type {Edns, Message, Question, RData, ResourceRecord} from './record.js';
import {packetTypeName, typeName, typeNumber} from './types.js';
import {HEADER_BYTES, MalformedMessageError, type MessageLayout, readLayout, type RecordLayout, type RecordSection} from './wire-layout.js';

/** EDNS0 buffer size recommended by DNS Flag Day 2020: avoids IP fragmentation on every common path. */
export const EDNS_UDP_SIZE = 1232;

export {MalformedMessageError} from './wire-layout.js';

export interface QuerySpec {
	id: number;
	name: Name;
	type: string;
	recursionDesired?: boolean;
	edns?: boolean;
	dnssecOk?: boolean;
	/** Ask the server for its NSID (RFC 5001): an empty option 3 in the OPT record. */
	nsid?: boolean;
}

/* dns-packet's own typings describe a subset of what it decodes; this module is the one place that reads its
   loosely-typed objects, so everything past it is our typed Message. */
type LoosePacket = Record<string, any>;
type LooseAnswer = Record<string, any>;

/**
 * A name's wire form (its labels, each after its length, then the root's zero), remembered: dns-packet asks for a
 * name's length and then its bytes, and a lab server answering a referral of two thousand addresses writes the same
 * few names thousands of times. Bounded: the memory is emptied when full, so hostile names cannot grow it.
 */
const wireForms = new Map<string, Uint8Array>();
const MAX_WIRE_FORMS = 4096;

function wireForm(name: string): Uint8Array {
	const known = wireForms.get(name);
	if (known) return known;
	const labels = wireLabels(name === '' ? '.' : name);
	const bytes = new Uint8Array(labels.reduce((total, label) => total + 1 + label.length, 1));
	let at = 0;
	for (const label of labels) {
		if (label.length > MAX_LABEL_OCTETS) throw new Error(`the label of ${label.length} bytes in ${name} is longer than ${MAX_LABEL_OCTETS}`);
		bytes[at++] = label.length;
		bytes.set(label, at);
		at += label.length;
	}
	if (wireForms.size >= MAX_WIRE_FORMS) wireForms.clear();
	wireForms.set(name, bytes);
	return bytes;
}

/**
 * Names on the wire, both ways: the one reader (wire labels → Name, following compression pointers back) and the
 * one writer (Name → uncompressed wire labels). dns-packet's own name codec reads labels as UTF-8 and joins them
 * with "." unescaped, so a label holding a dot becomes two labels and bytes that are not UTF-8 are lost.
 *
 * Ours replaces dns-packet's `name` object's methods, once, here (rather than reading every name-bearing RDATA
 * ourselves at the offsets wire-layout.ts checked): dns-packet's record codecs call that object for every name they
 * read or write (question and owner names; NS, CNAME, DNAME, PTR targets; SOA MNAME and RNAME; MX exchange; SRV
 * target; RRSIG signer; NSEC next name), so one replacement covers every type, both directions and every caller
 * (decodeMessage, encodeMessage, encodeRData, encodeName), with nothing to keep in step type by type.
 */
const wireName = {
	decode: Object.assign(
		(buffer: Buffer, offset = 0): Name => {
			const labels: Uint8Array[] = [];
			let at = offset;
			let floor = offset;
			let end: number | undefined;
			let length = 1;
			for (;;) {
				if (at >= buffer.length) throw new Error('Cannot decode name (buffer overflow)');
				const size = buffer[at]!;
				if (size === 0) break;
				if ((size & 0xc0) === 0xc0) {
					if (at + 2 > buffer.length) throw new Error('Cannot decode name (buffer overflow)');
					const target = buffer.readUInt16BE(at) & 0x3fff;
					if (target >= floor) throw new Error('Cannot decode name (bad pointer)');
					end ??= at + 2;
					floor = target;
					at = target;
					continue;
				}
				if (size > MAX_LABEL_OCTETS) throw new Error('Cannot decode name (bad label)');
				if (at + 1 + size > buffer.length) throw new Error('Cannot decode name (buffer overflow)');
				length += 1 + size;
				if (length > MAX_NAME_OCTETS) throw new Error('Cannot decode name (name too long)');
				labels.push(buffer.subarray(at + 1, at + 1 + size));
				at += 1 + size;
			}
			wireName.decode.bytes = (end ?? at + 1) - offset;
			return nameFromLabels(labels);
		},
		{bytes: 0},
	),
	encode: Object.assign(
		(name: string, buffer?: Buffer, offset = 0): Buffer => {
			const bytes = wireForm(name);
			const out = buffer ?? Buffer.alloc(bytes.length);
			out.set(bytes, offset);
			wireName.encode.bytes = bytes.length;
			return out;
		},
		{bytes: 0},
	),
	encodingLength: (name: string): number => wireForm(name).length,
};
Object.assign((packet as unknown as LoosePacket)['name'] as object, wireName);

/**
 * CAA RDATA (RFC 8659 4.1) both ways, as bytes: flags, the tag after its length, the value to the end. dns-packet
 * reads the tag and value as UTF-8 and writes them as text, so a value that is not UTF-8 would come back other
 * bytes (and a signature over it fail). Replaced once, here, as the name codec is; readLayout has checked the tag's
 * length against the RDATA.
 */
const caaRData = {
	decode: Object.assign(
		(buffer: Buffer, offset = 0): {flags: number; tag: Buffer; value: Buffer} => {
			const end = offset + 2 + buffer.readUInt16BE(offset);
			const tagEnd = offset + 4 + buffer[offset + 3]!;
			caaRData.decode.bytes = end - offset;
			return {flags: buffer[offset + 2]!, tag: buffer.subarray(offset + 4, tagEnd), value: buffer.subarray(tagEnd, end)};
		},
		{bytes: 0},
	),
	encode: Object.assign(
		(data: {flags: number; tag: Buffer; value: Buffer}, buffer?: Buffer, offset = 0): Buffer => {
			const bytes = Buffer.concat([Buffer.from([0, 0, data.flags, data.tag.length]), data.tag, data.value]);
			bytes.writeUInt16BE(bytes.length - 2, 0);
			const out = buffer ?? Buffer.alloc(bytes.length);
			out.set(bytes, offset);
			caaRData.encode.bytes = bytes.length;
			return out;
		},
		{bytes: 0},
	),
	encodingLength: (data: {tag: Buffer; value: Buffer}): number => 4 + data.tag.length + data.value.length,
};
Object.assign((packet as unknown as LoosePacket)['caa'] as object, caaRData);

/**
 * A query's fixed parts, in octets, beside its header: a question's type and class, an OPT record without options (its
 * root name, type, class, TTL and RDLENGTH), and an NSID option asking for the server's (its code and a zero length).
 */
const QUESTION_TAIL_OCTETS = 4;
const OPT_OCTETS = 11;
const NSID_REQUEST_OCTETS = 4;
const RD_BIT = 0x0100;
const DO_BIT = 0x8000;
const IN_CLASS = 1;

/**
 * A query, written octet by octet (RFC 1035 4.1, RFC 6891 6.1.2, RFC 5001 2.3): one question, and an OPT record
 * with EDNS. dns-packet's encoder makes the same bytes (test/dns/codec.test.ts compares them), but it measures and
 * writes a general message through a dozen functions, and the first query of a process ran them all for the first
 * time, 0.5 ms before the first datagram could leave; this is a few dozen stores.
 */
export function encodeQuery(spec: QuerySpec): Uint8Array {
	// A name the walk made itself (a DNAME's rewrite, RFC 6672 2.2) can come out longer than any message may carry: such
	// a question is not asked at all, where a server would get a message it cannot read.
	const name = wireForm(spec.name);
	if (name.byteLength > MAX_NAME_OCTETS) throw new Error(`${spec.name} is ${name.byteLength} octets on the wire, longer than a name may be (${MAX_NAME_OCTETS}, RFC 1035 2.3.4)`);
	const type = typeNumber(spec.type);
	// Refused as dns-packet refused them: a 16-bit field given more would be written as another number.
	if (!(Number.isInteger(type) && type >= 0 && type <= 0xffff)) throw new RangeError(`${spec.type} is not a type a query can carry (a 16-bit number)`);
	if (!(Number.isInteger(spec.id) && spec.id >= 0 && spec.id <= 0xffff)) throw new RangeError(`${spec.id} is not a message ID (a 16-bit number)`);
	const edns = spec.edns !== false;
	const nsid = edns && Boolean(spec.nsid);
	const bytes = new Uint8Array(HEADER_BYTES + name.byteLength + QUESTION_TAIL_OCTETS + (edns ? OPT_OCTETS + (nsid ? NSID_REQUEST_OCTETS : 0) : 0));
	const put16 = (at: number, value: number) => {
		bytes[at] = value >>> 8;
		bytes[at + 1] = value & 0xff;
	};
	put16(0, spec.id);
	put16(2, spec.recursionDesired ? RD_BIT : 0);
	put16(4, 1);
	put16(10, edns ? 1 : 0);
	bytes.set(name, HEADER_BYTES);
	let at = HEADER_BYTES + name.byteLength;
	put16(at, type);
	put16(at + 2, IN_CLASS);
	if (!edns) return bytes;
	// The OPT record: the root's empty name (a zero already there), the payload size in its class, and in its TTL a zero
	// extended RCODE, version 0 and the DO bit.
	at += QUESTION_TAIL_OCTETS + 1;
	put16(at, OPT_TYPE);
	put16(at + 2, EDNS_UDP_SIZE);
	put16(at + 6, spec.dnssecOk ? DO_BIT : 0);
	if (nsid) {
		put16(at + 8, NSID_REQUEST_OCTETS);
		put16(at + 10, NSID_OPTION);
	}
	return bytes;
}

/**
 * Decodes a message that passed the strict checks of `readLayout`: dns-packet reads each name and each known
 * type's RDATA at the offsets the checks vouched for; other types keep their bytes, opaque (RFC 3597).
 */
export function decodeMessage(bytes: Uint8Array): Message {
	return decodeLaidOut(bytes).message;
}

/** The decoded message and where its parts sit, for checks that name a byte (the question's class). */
export function decodeLaidOut(bytes: Uint8Array): {message: Message; layout: MessageLayout} {
	const layout = readLayout(bytes);
	const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	const question = layout.questions.map(
		(entry): Question => ({name: readName(buffer, entry.offset), type: typeName(entry.type), class: classes.toString(entry.klass)}),
	);
	let edns: Edns | undefined;
	const sections: Record<RecordSection, ResourceRecord[]> = {answer: [], authority: [], additional: []};
	for (const record of layout.records) {
		if (record.type === OPT_TYPE) edns = fromOpt(buffer, record);
		else sections[record.section].push(fromRecord(buffer, record));
	}
	const flags = layout.flags;
	const baseRcode = flags & 0xf;
	const rcodeValue = edns ? (edns.extendedRcode << 4) | baseRcode : baseRcode;
	const message: Message = {
		id: layout.id,
		opcode: opcodes.toString((flags >> 11) & 0xf),
		rcode: rcodeName(rcodeValue),
		flags: {
			qr: (flags & 0x8000) !== 0,
			aa: (flags & packet.AUTHORITATIVE_ANSWER) !== 0,
			tc: (flags & packet.TRUNCATED_RESPONSE) !== 0,
			rd: (flags & packet.RECURSION_DESIRED) !== 0,
			ra: (flags & packet.RECURSION_AVAILABLE) !== 0,
			ad: (flags & packet.AUTHENTIC_DATA) !== 0,
			cd: (flags & packet.CHECKING_DISABLED) !== 0,
		},
		question,
		...sections,
		...(edns ? {edns} : {}),
	};
	return {message, layout};
}

const OPT_TYPE = 41;

function readName(buffer: Buffer, offset: number): Name {
	return wireName.decode(buffer, offset);
}

/*
 * dns-packet is handed only what readLayout has checked, so it has nothing left to refuse; were it to throw all the
 * same, that is still a message it cannot read, told as malformed at the record, never as a crash.
 */
function decodedBy<T>(record: RecordLayout, decode: () => T): T {
	try {
		return decode();
	} catch (error) {
		throw new MalformedMessageError({what: `${record.section} record (${typeName(record.type)}) is undecodable: ${(error as Error).message}`, offset: record.offset});
	}
}

/** RFC 7344 3.1 and 3.2: CDS and CDNSKEY carry DS and DNSKEY RDATA; dns-packet knows only the originals' form. */
const SAME_RDATA_AS: Readonly<Record<string, string>> = {CDS: 'DS', CDNSKEY: 'DNSKEY'};

function rdataCodec(type: string): {decode(buffer: Buffer, offset: number): unknown; encode(data: unknown): Buffer} {
	return (packet as unknown as LoosePacket)['record'](type) as {decode(buffer: Buffer, offset: number): unknown; encode(data: unknown): Buffer};
}

function fromRecord(buffer: Buffer, record: RecordLayout): ResourceRecord {
	const type = typeName(record.type);
	const rdataType = SAME_RDATA_AS[type] ?? type;
	const rdata = buffer.subarray(record.rdataOffset, record.rdataOffset + record.rdlength);
	const read = () => rdataCodec(rdataType).decode(buffer, record.rdataOffset - 2);
	const data = decodedBy(record, () => fromData(rdataType, read, rdata));
	const base = {name: readName(buffer, record.offset), type, class: classes.toString(record.klass), ttl: ttlAsUsed(record.ttl)};
	// What the record held, where the decode read it otherwise: the words cite it, not a 0 the record never said.
	return base.ttl === record.ttl ? {...base, data} : {...base, wireTtl: record.ttl, data};
}

/** RFC 2181 8: a TTL is 31 bits; one with the top bit set is read as 0, the record kept (as BIND and Unbound do). */
const MAX_TTL = 0x7fff_ffff;

function ttlAsUsed(ttl: number): number {
	return ttl > MAX_TTL ? 0 : ttl;
}

/**
 * RFC 6891 6.1.3: the OPT record's class is the UDP size, its TTL the extended rcode, version and flags. Options
 * are kept as code and bytes (readLayout has checked that they fill the RDATA); dns-packet's own option reader
 * would interpret some (ECS, KEEP-ALIVE) past their length.
 */
function fromOpt(buffer: Buffer, record: RecordLayout): Edns {
	const options: Edns['options'] = [];
	for (let at = record.rdataOffset; at < record.rdataOffset + record.rdlength; ) {
		const size = buffer.readUInt16BE(at + 2);
		options.push({code: buffer.readUInt16BE(at), hex: buffer.subarray(at + 4, at + 4 + size).toString('hex')});
		at += 4 + size;
	}
	return {
		version: (record.ttl >>> 16) & 0xff,
		udpSize: record.klass,
		dnssecOk: (record.ttl & 0x8000) !== 0,
		extendedRcode: record.ttl >>> 24,
		options,
	};
}

const RCODES = ['NOERROR', 'FORMERR', 'SERVFAIL', 'NXDOMAIN', 'NOTIMP', 'REFUSED', 'YXDOMAIN', 'YXRRSET', 'NXRRSET', 'NOTAUTH', 'NOTZONE'];
const EXTENDED_RCODES: Record<number, string> = {16: 'BADVERS', 17: 'BADKEY', 18: 'BADTIME', 19: 'BADMODE', 20: 'BADNAME', 21: 'BADALG', 22: 'BADTRUNC', 23: 'BADCOOKIE'};

export function rcodeName(value: number): string {
	return RCODES[value] ?? EXTENDED_RCODES[value] ?? `RCODE${value}`;
}

function rcodeValue(name: string): number {
	const base = RCODES.indexOf(name);
	if (base >= 0) return base;
	const extended = Object.entries(EXTENDED_RCODES).find(([, label]) => label === name);
	if (extended) return Number(extended[0]);
	const generic = /^RCODE(\d+)$/u.exec(name);
	if (generic) return Number(generic[1]);
	throw new Error(`unknown rcode ${name}`);
}

function fixType(type: string): string {
	return type.startsWith('UNKNOWN_') ? typeName(Number(type.slice(8))) : type;
}

function bytes(value: unknown): Buffer {
	return Buffer.isBuffer(value) ? value : Buffer.from(String(value ?? ''));
}

/** The RDATA as we model it: read by dns-packet for the types we model, the bytes themselves (RFC 3597) for the rest. */
function fromData(type: string, read: () => any, rdata: Buffer): RData {
	switch (type) {
		case 'A':
		case 'AAAA':
			return {kind: 'address', address: read()};
		case 'NS':
		case 'CNAME':
		case 'DNAME':
		case 'PTR':
			return {kind: 'name', target: read()};
		case 'SOA': {
			const data = read();
			return {
				kind: 'soa',
				mname: data.mname,
				rname: data.rname,
				serial: data.serial,
				refresh: data.refresh,
				retry: data.retry,
				expire: data.expire,
				minimum: data.minimum,
			};
		}
		case 'MX': {
			const data = read();
			return {kind: 'mx', preference: data.preference, exchange: data.exchange};
		}
		case 'SRV': {
			const data = read();
			return {kind: 'srv', priority: data.priority, weight: data.weight, port: data.port, target: data.target};
		}
		case 'TXT':
			return {kind: 'txt', strings: (read() as Buffer[]).map(characterStringText)};
		case 'CAA': {
			const data = read();
			return {kind: 'caa', flags: data.flags, tag: characterStringText(data.tag), value: characterStringText(data.value)};
		}
		case 'DS': {
			const data = read();
			return {kind: 'ds', keyTag: data.keyTag, algorithm: data.algorithm, digestType: data.digestType, digest: bytes(data.digest).toString('hex')};
		}
		case 'DNSKEY': {
			const data = read();
			return {kind: 'dnskey', flags: data.flags, protocol: 3, algorithm: data.algorithm, publicKey: bytes(data.key).toString('base64')};
		}
		case 'RRSIG': {
			const data = read();
			return {
				kind: 'rrsig',
				typeCovered: fixType(data.typeCovered),
				algorithm: data.algorithm,
				labels: data.labels,
				originalTtl: data.originalTTL,
				expiration: data.expiration,
				inception: data.inception,
				keyTag: data.keyTag,
				signerName: data.signersName,
				signature: bytes(data.signature).toString('base64'),
			};
		}
		case 'NSEC': {
			const data = read();
			return {kind: 'nsec', next: data.nextDomain, types: (data.rrtypes as string[]).map(fixType)};
		}
		case 'NSEC3': {
			const data = read();
			return {
				kind: 'nsec3',
				hashAlgorithm: data.algorithm,
				flags: data.flags,
				iterations: data.iterations,
				salt: bytes(data.salt).toString('hex'),
				nextHashed: base32hex(bytes(data.nextDomain)),
				types: (data.rrtypes as string[]).map(fixType),
			};
		}
		default:
			return {kind: 'opaque', hex: rdata.toString('hex')};
	}
}

/** Encodes a complete message; used by the lab's servers and by tests. */
export function encodeMessage(message: Message): Uint8Array {
	const additionals: LooseAnswer[] = message.additional.map(toAnswer);
	if (message.edns) {
		additionals.push({
			type: 'OPT',
			name: '.',
			udpPayloadSize: message.edns.udpSize,
			extendedRcode: message.edns.extendedRcode,
			ednsVersion: message.edns.version,
			flags: message.edns.dnssecOk ? packet.DNSSEC_OK : 0,
			options: message.edns.options.map((option) => ({code: option.code, data: Buffer.from(option.hex, 'hex')})),
		});
	}
	const rcode = rcodeValue(message.rcode);
	if (rcode > 15 && message.edns) {
		additionals[additionals.length - 1]!['extendedRcode'] = rcode >> 4;
	}
	const flagBits =
		(message.flags.aa ? packet.AUTHORITATIVE_ANSWER : 0) |
		(message.flags.tc ? packet.TRUNCATED_RESPONSE : 0) |
		(message.flags.rd ? packet.RECURSION_DESIRED : 0) |
		(message.flags.ra ? packet.RECURSION_AVAILABLE : 0) |
		(message.flags.ad ? packet.AUTHENTIC_DATA : 0) |
		(message.flags.cd ? packet.CHECKING_DISABLED : 0) |
		(OPCODES.indexOf(message.opcode) << 11) |
		(rcode & 0xf);
	const encoded: LoosePacket = {
		type: message.flags.qr ? 'response' : 'query',
		id: message.id,
		flags: flagBits,
		questions: message.question.map((question) => ({name: question.name, type: packetTypeName(question.type), class: question.class})),
		answers: message.answer.map(toAnswer),
		authorities: message.authority.map(toAnswer),
		additionals,
	};
	return new Uint8Array(packet.encode(encoded as packet.Packet));
}

const OPCODES = ['QUERY', 'IQUERY', 'STATUS', 'OPCODE_3', 'NOTIFY', 'UPDATE'];

/**
 * RDATA of a type read as the wire decoder reads it (RFC 3597 5: `\# LEN HEX` of a type known is that type's data),
 * through a one-record message, so it meets the same strict checks as a reply's; opaque for a type we do not model.
 * Throws MalformedMessageError for bytes that are not that type's RDATA.
 */
export function decodeRData(type: string, rdata: Uint8Array): RData {
	const header = Buffer.from([0, 0, 0x80, 0, 0, 0, 0, 1, 0, 0, 0, 0]);
	const record = Buffer.alloc(11);
	const number = typeNumber(type);
	record.writeUInt16BE(number, 1); // after the root name's one zero byte
	record.writeUInt16BE(1, 3); // IN
	record.writeUInt16BE(rdata.byteLength, 9);
	return decodeMessage(Buffer.concat([header, record, rdata])).answer[0]!.data;
}

/** A record's RDATA in wire form (names uncompressed, as written), without the 2-byte length. */
export function encodeRData(record: ResourceRecord): Buffer {
	const answer = toAnswer(record);
	return rdataCodec(answer['type'] as string).encode(answer['data']).subarray(2);
}

/** A name in uncompressed wire form. */
export function encodeName(name: Name): Buffer {
	return wireName.encode(name);
}

function toAnswer(record: ResourceRecord): LooseAnswer {
	const type = packetTypeName(record.type);
	const twin = SAME_RDATA_AS[type];
	// dns-packet writes a type it does not know from its bytes, so CDS and CDNSKEY go as their twin's RDATA.
	const data = twin ? rdataCodec(twin).encode(toData(record.data)).subarray(2) : toData(record.data);
	return {name: record.name, type, class: record.class, ttl: record.ttl, data};
}

function toData(data: RData): unknown {
	switch (data.kind) {
		case 'address':
			return data.address;
		case 'name':
			return data.target;
		case 'soa':
			return {...data};
		case 'mx':
			return {preference: data.preference, exchange: data.exchange};
		case 'srv':
			return {priority: data.priority, weight: data.weight, port: data.port, target: data.target};
		case 'txt':
			return data.strings.map(characterStringBytes);
		case 'caa':
			return {flags: data.flags, tag: characterStringBytes(data.tag), value: characterStringBytes(data.value)};
		case 'ds':
			return {keyTag: data.keyTag, algorithm: data.algorithm, digestType: data.digestType, digest: Buffer.from(data.digest, 'hex')};
		case 'dnskey':
			return {flags: data.flags, algorithm: data.algorithm, key: Buffer.from(data.publicKey, 'base64')};
		case 'rrsig':
			return {
				typeCovered: packetTypeName(data.typeCovered),
				algorithm: data.algorithm,
				labels: data.labels,
				originalTTL: data.originalTtl,
				expiration: data.expiration,
				inception: data.inception,
				keyTag: data.keyTag,
				signersName: data.signerName,
				signature: Buffer.from(data.signature, 'base64'),
			};
		case 'nsec':
			return {nextDomain: data.next, rrtypes: data.types.map(packetTypeName)};
		case 'nsec3':
			return {
				algorithm: data.hashAlgorithm,
				flags: data.flags,
				iterations: data.iterations,
				salt: Buffer.from(data.salt, 'hex'),
				nextDomain: fromBase32hex(data.nextHashed),
				rrtypes: data.types.map(packetTypeName),
			};
		case 'opaque':
			return Buffer.from(data.hex, 'hex');
	}
}

const BASE32HEX = '0123456789abcdefghijklmnopqrstuv';

/** RFC 4648 base32hex without padding, lower case: the NSEC3 owner-name alphabet. */
export function base32hex(data: Uint8Array): string {
	let out = '';
	let buffer = 0;
	let bits = 0;
	for (const byte of data) {
		buffer = (buffer << 8) | byte;
		bits += 8;
		while (bits >= 5) {
			out += BASE32HEX[(buffer >>> (bits - 5)) & 31];
			bits -= 5;
		}
	}
	if (bits > 0) out += BASE32HEX[(buffer << (5 - bits)) & 31];
	return out;
}

export function fromBase32hex(text: string): Buffer {
	const out: number[] = [];
	let buffer = 0;
	let bits = 0;
	for (const char of text.toLowerCase()) {
		const value = BASE32HEX.indexOf(char);
		if (value < 0) throw new Error(`"${char}" is not base32hex`);
		buffer = (buffer << 5) | value;
		bits += 5;
		if (bits >= 8) {
			out.push((buffer >>> (bits - 8)) & 0xff);
			bits -= 8;
		}
	}
	return Buffer.from(out);
}

