import packet from 'dns-packet';
import {fqdn, type Name} from './name.js';
import type {Edns, Message, Question, RData, ResourceRecord} from './record.js';
import {packetTypeName, typeName} from './types.js';

/** EDNS0 buffer size recommended by DNS Flag Day 2020: avoids IP fragmentation on every common path. */
export const EDNS_UDP_SIZE = 1232;

export class MalformedMessageError extends Error {
	override name = 'MalformedMessageError';
}

export interface QuerySpec {
	id: number;
	name: Name;
	type: string;
	recursionDesired?: boolean;
	edns?: boolean;
	dnssecOk?: boolean;
}

/* dns-packet's own typings describe a subset of what it decodes; this module is the one place that reads its
   loosely-typed objects, so everything past it is our typed Message. */
type LoosePacket = Record<string, any>;
type LooseAnswer = Record<string, any>;

export function encodeQuery(spec: QuerySpec): Uint8Array {
	const additionals: LooseAnswer[] = [];
	if (spec.edns !== false) {
		additionals.push({
			type: 'OPT',
			name: '.',
			udpPayloadSize: EDNS_UDP_SIZE,
			extendedRcode: 0,
			ednsVersion: 0,
			flags: spec.dnssecOk ? packet.DNSSEC_OK : 0,
			options: [],
		});
	}
	const message: LoosePacket = {
		type: 'query',
		id: spec.id,
		flags: spec.recursionDesired ? packet.RECURSION_DESIRED : 0,
		questions: [{name: spec.name, type: packetTypeName(spec.type), class: 'IN'}],
		additionals,
	};
	return new Uint8Array(packet.encode(message as packet.Packet));
}

export function decodeMessage(bytes: Uint8Array): Message {
	let decoded: LoosePacket;
	try {
		decoded = packet.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)) as LoosePacket;
	} catch (error) {
		throw new MalformedMessageError((error as Error).message);
	}
	try {
		return fromPacket(decoded);
	} catch (error) {
		throw new MalformedMessageError(`undecodable record data: ${(error as Error).message}`);
	}
}

function fromPacket(decoded: LoosePacket): Message {
	let edns: Edns | undefined;
	const additional: ResourceRecord[] = [];
	for (const answer of decoded.additionals as LooseAnswer[]) {
		if (answer.type === 'OPT') {
			if (edns) throw new Error('more than one OPT record');
			edns = {
				version: answer.ednsVersion,
				udpSize: answer.udpPayloadSize,
				dnssecOk: Boolean(answer.flag_do),
				extendedRcode: answer.extendedRcode,
				options: (answer.options as LooseAnswer[]).map((option) => ({
					code: option.code,
					hex: Buffer.isBuffer(option.data) ? option.data.toString('hex') : '',
				})),
			};
		} else {
			additional.push(fromAnswer(answer));
		}
	}
	const flags = decoded.flags as number;
	const baseRcode = flags & 0xf;
	const rcodeValue = edns ? (edns.extendedRcode << 4) | baseRcode : baseRcode;
	return {
		id: decoded.id,
		opcode: decoded.opcode,
		rcode: rcodeName(rcodeValue),
		flags: {
			qr: decoded.flag_qr,
			aa: decoded.flag_aa,
			tc: decoded.flag_tc,
			rd: decoded.flag_rd,
			ra: decoded.flag_ra,
			ad: decoded.flag_ad,
			cd: decoded.flag_cd,
		},
		question: (decoded.questions as LooseAnswer[]).map(
			(question): Question => ({name: fqdn(question.name), type: fixType(question.type), class: String(question.class)}),
		),
		answer: (decoded.answers as LooseAnswer[]).map(fromAnswer),
		authority: (decoded.authorities as LooseAnswer[]).map(fromAnswer),
		additional,
		...(edns ? {edns} : {}),
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

function fromAnswer(answer: LooseAnswer): ResourceRecord {
	const type = fixType(answer.type);
	return {name: fqdn(answer.name), type, class: String(answer.class), ttl: answer.ttl, data: fromData(type, answer.data)};
}

function fromData(type: string, data: any): RData {
	switch (type) {
		case 'A':
		case 'AAAA':
			return {kind: 'address', address: data};
		case 'NS':
		case 'CNAME':
		case 'DNAME':
		case 'PTR':
			return {kind: 'name', target: fqdn(data)};
		case 'SOA':
			return {
				kind: 'soa',
				mname: fqdn(data.mname),
				rname: fqdn(data.rname),
				serial: data.serial,
				refresh: data.refresh,
				retry: data.retry,
				expire: data.expire,
				minimum: data.minimum,
			};
		case 'MX':
			return {kind: 'mx', preference: data.preference, exchange: fqdn(data.exchange)};
		case 'SRV':
			return {kind: 'srv', priority: data.priority, weight: data.weight, port: data.port, target: fqdn(data.target)};
		case 'TXT':
			return {kind: 'txt', strings: (Array.isArray(data) ? data : [data]).map((chunk: unknown) => bytes(chunk).toString('utf8'))};
		case 'CAA':
			return {kind: 'caa', flags: data.flags, tag: data.tag, value: String(data.value)};
		case 'DS':
			return {kind: 'ds', keyTag: data.keyTag, algorithm: data.algorithm, digestType: data.digestType, digest: bytes(data.digest).toString('hex')};
		case 'DNSKEY':
			return {kind: 'dnskey', flags: data.flags, protocol: 3, algorithm: data.algorithm, publicKey: bytes(data.key).toString('base64')};
		case 'RRSIG':
			return {
				kind: 'rrsig',
				typeCovered: fixType(data.typeCovered),
				algorithm: data.algorithm,
				labels: data.labels,
				originalTtl: data.originalTTL,
				expiration: data.expiration,
				inception: data.inception,
				keyTag: data.keyTag,
				signerName: fqdn(data.signersName),
				signature: bytes(data.signature).toString('base64'),
			};
		case 'NSEC':
			return {kind: 'nsec', next: fqdn(data.nextDomain), types: (data.rrtypes as string[]).map(fixType)};
		case 'NSEC3':
			return {
				kind: 'nsec3',
				hashAlgorithm: data.algorithm,
				flags: data.flags,
				iterations: data.iterations,
				salt: bytes(data.salt).toString('hex'),
				nextHashed: base32hex(bytes(data.nextDomain)),
				types: (data.rrtypes as string[]).map(fixType),
			};
		default:
			return {kind: 'opaque', hex: Buffer.isBuffer(data) ? data.toString('hex') : ''};
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

/** A record's RDATA in wire form (names uncompressed, as written), without the 2-byte length. */
export function encodeRData(record: ResourceRecord): Buffer {
	const answer = toAnswer(record);
	const encoder = (packet as unknown as LoosePacket)['record'](answer['type']) as {encode(data: unknown): Buffer};
	return encoder.encode(answer['data']).subarray(2);
}

/** A name in uncompressed wire form. */
export function encodeName(name: Name): Buffer {
	return (packet as unknown as LoosePacket)['name'].encode(name) as Buffer;
}

function toAnswer(record: ResourceRecord): LooseAnswer {
	return {name: record.name, type: packetTypeName(record.type), class: record.class, ttl: record.ttl, data: toData(record.data)};
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
			return data.strings.map((text) => Buffer.from(text, 'utf8'));
		case 'caa':
			return {flags: data.flags, tag: data.tag, value: data.value};
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

