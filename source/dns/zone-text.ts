import {canonicalAddress} from './address.js';
import {CharacterStringError, characterStringBytes, characterStringText, MAX_CHARACTER_STRING_OCTETS, type CharacterString} from './character-string.js';
import {decodeRData, encodeRData} from './codec.js';
import {algorithmNumber, digestTypeNumber} from './dnssec-mnemonics.js';
import {InvalidNameError, type Name, nameRelativeTo} from './name.js';
import type {RData, ResourceRecord} from './record.js';
import {typeName, typeNumber} from './types.js';
import {MalformedMessageError} from './wire-layout.js';

export class ZoneTextError extends Error {
	override name = 'ZoneTextError';
}

export interface ZoneTextOptions {
	origin?: Name;
	defaultTtl?: number;
	/** Names the source in error messages ("named.root line 12: …"). */
	source?: string;
}

const CLASSES = new Set(['IN', 'CH', 'HS', 'CS']);

/**
 * Parses master-file text (RFC 1035 5.1): `$ORIGIN`, `$TTL`, `@`, relative names, owner inheritance, parentheses,
 * comments and quoted strings. Types it knows are parsed into typed data; any type in RFC 3597 `\# len hex` form too.
 */
export function parseZoneText(text: string, options: ZoneTextOptions = {}): ResourceRecord[] {
	return parseZoneEntries(text, options).map((entry) => entry.record);
}

/** Each record with the line it starts on, for a reader that refuses some records and must say where they are. */
export function parseZoneEntries(text: string, options: ZoneTextOptions = {}): Array<{record: ResourceRecord; line: number}> {
	let origin = options.origin ?? '.';
	let defaultTtl = options.defaultTtl ?? 3600;
	let previousOwner: Name | undefined;
	const records: Array<{record: ResourceRecord; line: number}> = [];
	const source = options.source ?? 'zone text';

	for (const {tokens, line, ownerBlank} of logicalLines(text, source)) {
		const where = `${source} line ${line}`;
		const first = tokens[0]!;
		if (first.toUpperCase() === '$ORIGIN') {
			origin = absolute(tokens[1] ?? '', origin, where);
			continue;
		}
		if (first.toUpperCase() === '$TTL') {
			defaultTtl = parseTtl(tokens[1], where);
			continue;
		}
		if (first.startsWith('$')) throw new ZoneTextError(`${where}: unsupported directive ${quoted(first)}`);

		let index = 0;
		let owner: Name;
		if (ownerBlank) {
			if (!previousOwner) throw new ZoneTextError(`${where}: a record with no owner name and none before it`);
			owner = previousOwner;
		} else {
			owner = absolute(tokens[0]!, origin, where);
			index = 1;
		}
		previousOwner = owner;

		let ttl: number | undefined;
		let klass = 'IN';
		for (let step = 0; step < 2; step++) {
			const token = tokens[index];
			if (token === undefined) break;
			if (/^\d+[smhdw]?$/iu.test(token) && ttl === undefined) {
				ttl = parseTtl(token, where);
				index++;
			} else if (CLASSES.has(token.toUpperCase())) {
				klass = token.toUpperCase();
				index++;
			}
		}
		const typeToken = tokens[index];
		if (typeToken === undefined) throw new ZoneTextError(`${where}: missing record type`);
		const value = typeNumber(typeToken);
		// A type is 16 bits (RFC 3597 5: TYPE0 to TYPE65535); TYPE0 is reserved.
		if (!value || value > 0xffff) throw new ZoneTextError(`${where}: unknown record type ${quoted(typeToken)}`);
		const type = typeName(value);
		const rdata = tokens.slice(index + 1);
		records.push({record: {name: owner, type, class: klass, ttl: ttl ?? defaultTtl, data: parseRecordData(type, rdata, origin, where)}, line});
	}
	return records;
}

interface LogicalLine {
	tokens: string[];
	line: number;
	ownerBlank: boolean;
}

function* logicalLines(text: string, source: string): Generator<LogicalLine> {
	const lines = text.split(/\r?\n/u);
	let tokens: string[] = [];
	let depth = 0;
	let startLine = 0;
	let ownerBlank = false;
	for (let number = 0; number < lines.length; number++) {
		const raw = lines[number]!;
		if (depth === 0) {
			startLine = number + 1;
			ownerBlank = /^[ \t]/u.test(raw);
			tokens = [];
		}
		let i = 0;
		while (i < raw.length) {
			const char = raw[i]!;
			if (char === ';') break;
			if (char === ' ' || char === '\t') {
				i++;
			} else if (char === '(') {
				depth++;
				i++;
			} else if (char === ')') {
				depth--;
				if (depth < 0) throw new ZoneTextError(`${source} line ${number + 1}: unbalanced ")"`);
				i++;
			} else if (char === '"') {
				// A character-string is octets (`\DDD` one, any other character its UTF-8 octets), kept as the codec keeps
				// one off the wire: `"caf\195\169"` and `"café"` are the same string, `"caf\233"` (Latin-1) another.
				const start = ++i;
				while (i < raw.length && raw[i] !== '"') i += raw[i] === '\\' && i + 1 < raw.length ? 2 : 1;
				if (raw[i] !== '"') throw new ZoneTextError(`${source} line ${number + 1}: unterminated string`);
				tokens.push(`"${characterString(raw.slice(start, i), `${source} line ${number + 1}`)}`);
				i++;
			} else {
				let value = '';
				while (i < raw.length && !' \t;()"'.includes(raw[i]!)) {
					// As in BIND's lexer, a backslash keeps the next character in the token (`a\;b`, `a\ b`); the escape
					// itself is read where the token is (a name: by wireLabels).
					const size = raw[i] === '\\' && i + 1 < raw.length ? 2 : 1;
					value += raw.slice(i, i + size);
					i += size;
				}
				tokens.push(value);
			}
		}
		if (depth === 0 && tokens.length > 0) yield {tokens, line: startLine, ownerBlank};
	}
	if (depth !== 0) throw new ZoneTextError(`${source}: unbalanced "(" opened on line ${startLine}`);
}

/** A character-string written in a master file (quoted or not) as the model keeps it: the text of its octets. */
function characterString(written: string, where: string): CharacterString {
	try {
		const bytes = characterStringBytes(written);
		// One length byte on the wire (RFC 1035 3.3): a longer string would be sent with its length wrapped, other RDATA.
		if (bytes.length > MAX_CHARACTER_STRING_OCTETS) throw new ZoneTextError(`${where}: a character-string of ${bytes.length} bytes (at most ${MAX_CHARACTER_STRING_OCTETS})`);
		return characterStringText(bytes);
	} catch (error) {
		if (error instanceof CharacterStringError) throw new ZoneTextError(`${where}: ${error.message}`);
		throw error;
	}
}

/** A token as a message quotes it: its start only, so a megabyte of one stays a short line (escaped where shown). */
function quoted(token: string): string {
	return `"${token.length > 40 ? `${token.slice(0, 40)}…` : token}"`;
}

function absolute(raw: string, origin: Name, where: string): Name {
	if (raw === '') throw new ZoneTextError(`${where}: missing name`);
	if (raw === '@') return origin;
	// RFC 1035 5.1: \DDD is the octet with that decimal value, \X the character X itself, as in any Name.
	try {
		return nameRelativeTo(raw, origin);
	} catch (error) {
		if (error instanceof InvalidNameError) throw new ZoneTextError(`${where}: ${error.message}`);
		throw error;
	}
}

/** RFC 4034 3.2: RRSIG times as YYYYMMDDHHmmSS (UTC), or plain seconds since the epoch. */
function parseTime(token: string, where: string): number {
	const stamp = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/u.exec(token);
	if (stamp) {
		const [, year, month, day, hour, minute, second] = stamp.map(Number) as [number, number, number, number, number, number, number];
		return Date.UTC(year, month - 1, day, hour, minute, second) / 1000;
	}
	if (/^\d{1,10}$/u.test(token)) return Number(token);
	throw new ZoneTextError(`${where}: ${quoted(token)} is not an RRSIG time`);
}

const TTL_UNITS: Record<string, number> = {s: 1, m: 60, h: 3600, d: 86_400, w: 604_800};

function parseTtl(token: string | undefined, where: string): number {
	const match = /^(\d+)([smhdw]?)$/iu.exec(token ?? '');
	if (!match) throw new ZoneTextError(`${where}: ${quoted(token ?? '')} is not a TTL`);
	return Number(match[1]) * (TTL_UNITS[(match[2] ?? '').toLowerCase()] ?? 1);
}

/** A record's data fields as presentation-format tokens, read as `type` (`where` begins every error message). */
export function parseRecordData(type: string, tokens: string[], origin: Name, where: string): RData {
	const need = (count: number) => {
		if (tokens.length < count) throw new ZoneTextError(`${where}: ${type} needs ${count} fields, got ${tokens.length}`);
	};
	const int = (index: number) => {
		// Digits only: Number() would also take "0x10", "1e3" and " 8 ".
		if (!/^\d{1,10}$/u.test(tokens[index] ?? '')) throw new ZoneTextError(`${where}: ${quoted(tokens[index] ?? '')} is not a number`);
		return Number(tokens[index]);
	};
	const algorithm = (index: number) => {
		const value = algorithmNumber(tokens[index] ?? '');
		if (value === undefined) throw new ZoneTextError(`${where}: ${quoted(tokens[index] ?? '')} is not a DNSSEC algorithm (a number to 255 or a mnemonic such as RSASHA256)`);
		return value;
	};
	const digestType = (index: number) => {
		const value = digestTypeNumber(tokens[index] ?? '');
		if (value === undefined) throw new ZoneTextError(`${where}: ${quoted(tokens[index] ?? '')} is not a DS digest type (a number to 255 or a name such as SHA-256)`);
		return value;
	};
	const name = (index: number) => absolute(tokens[index] ?? '', origin, where);
	if (tokens[0] === '\\#') {
		const hex = tokens.slice(2).join('');
		if (!/^[0-9a-f]*$/iu.test(hex)) throw new ZoneTextError(`${where}: \\# data is not hexadecimal`);
		if (hex.length !== int(1) * 2) throw new ZoneTextError(`${where}: \\# length does not match the data`);
		return genericData(type, Buffer.from(hex, 'hex'), where);
	}
	switch (type) {
		case 'A':
		case 'AAAA':
			need(1);
			try {
				return {kind: 'address', address: canonicalAddress(tokens[0]!)};
			} catch {
				throw new ZoneTextError(`${where}: ${quoted(tokens[0]!)} is not an address`);
			}
		case 'NS':
		case 'CNAME':
		case 'DNAME':
		case 'PTR':
			need(1);
			return {kind: 'name', target: name(0)};
		case 'SOA':
			need(7);
			return {
				kind: 'soa',
				mname: name(0),
				rname: name(1),
				serial: int(2),
				refresh: parseTtl(tokens[3], where),
				retry: parseTtl(tokens[4], where),
				expire: parseTtl(tokens[5], where),
				minimum: parseTtl(tokens[6], where),
			};
		case 'MX':
			need(2);
			return {kind: 'mx', preference: int(0), exchange: name(1)};
		case 'SRV':
			need(4);
			return {kind: 'srv', priority: int(0), weight: int(1), port: int(2), target: name(3)};
		case 'TXT':
			need(1);
			return {kind: 'txt', strings: tokens.map((token) => (token.startsWith('"') ? token.slice(1) : characterString(token, where)))};
		case 'DS':
		case 'CDS':
			need(4);
			return {kind: 'ds', keyTag: int(0), algorithm: algorithm(1), digestType: digestType(2), digest: tokens.slice(3).join('').toLowerCase()};
		case 'DNSKEY':
		case 'CDNSKEY':
			need(4);
			return {kind: 'dnskey', flags: int(0), protocol: int(1), algorithm: algorithm(2), publicKey: tokens.slice(3).join('')};
		case 'RRSIG':
			need(9);
			return {
				kind: 'rrsig',
				typeCovered: typeName(typeNumber(tokens[0]!)),
				algorithm: algorithm(1),
				labels: int(2),
				originalTtl: parseTtl(tokens[3], where),
				expiration: parseTime(tokens[4]!, where),
				inception: parseTime(tokens[5]!, where),
				keyTag: int(6),
				signerName: name(7),
				signature: tokens.slice(8).join(''),
			};
		case 'NSEC3PARAM': {
			need(4);
			const salt = tokens[3] === '-' ? '' : tokens[3]!.toLowerCase();
			return {kind: 'opaque', hex: Buffer.concat([Buffer.from([int(0), int(1), int(2) >> 8, int(2) & 0xff, salt.length / 2]), Buffer.from(salt, 'hex')]).toString('hex')};
		}
		case 'NSEC':
			need(1);
			return {kind: 'nsec', next: name(0), types: tokens.slice(1).map((token) => typeName(typeNumber(token)))};
		case 'NSEC3':
			need(5);
			return {
				kind: 'nsec3',
				hashAlgorithm: int(0),
				flags: int(1),
				iterations: int(2),
				salt: tokens[3] === '-' ? '' : tokens[3]!.toLowerCase(),
				nextHashed: tokens[4]!.toLowerCase(),
				types: tokens.slice(5).map((token) => typeName(typeNumber(token))),
			};
		default:
			throw new ZoneTextError(`${where}: ${type} records must be written in RFC 3597 form (\\# length hex)`);
	}
}

/**
 * RFC 3597 5: `\\# LEN HEX` of a type we know is that type's data, read as the wire decoder reads it, so `A \\# 4
 * 7f000001` is 127.0.0.1 wherever an A record is used (a hints file, a trust anchor's DS). Bytes that are not that
 * type's RDATA, or that read back otherwise (a compression pointer, which the form does not allow), are refused.
 */
function genericData(type: string, bytes: Buffer, where: string): RData {
	if (bytes.byteLength > MAX_RDATA_OCTETS) throw new ZoneTextError(`${where}: \\# data is ${bytes.byteLength} bytes; RDATA is at most ${MAX_RDATA_OCTETS} (its length is 16 bits: RFC 1035 3.2.1)`);
	let data: RData;
	try {
		data = decodeRData(type, bytes);
	} catch (error) {
		// The decoder's words name the one-record message it was given ("answer record 1 (A) …, at byte 21"): only what
		// is wrong with the data is the user's.
		const detail = error instanceof MalformedMessageError ? error.problem.what.replace(/^answer record 1 \([^)]*\) /u, 'it ').replace(/ in answer record 1 \([^)]*\)/gu, '').replace(/ in the answer section$/u, '') : (error as Error).message;
		throw new ZoneTextError(`${where}: \\# data is not ${type} RDATA: ${detail}`);
	}
	// Names compare without ASCII case (RFC 4343): `\\# 13 03575757…` is WWW.example., read as www.example.
	if (data.kind !== 'opaque' && !asciiLowerCase(encodeRData({name: '.', type, class: 'IN', ttl: 0, data})).equals(asciiLowerCase(bytes))) {
		throw new ZoneTextError(`${where}: \\# data is not ${type} RDATA as written (names in it must not be compressed)`);
	}
	return data;
}

/** RDLENGTH is 16 bits (RFC 1035 3.2.1). */
const MAX_RDATA_OCTETS = 65_535;

/** The bytes with A-Z as a-z, as names compare (RFC 4343 3); other bytes, 0x80 and up included, as they are. */
function asciiLowerCase(bytes: Buffer): Buffer {
	return Buffer.from(bytes.map((byte) => (byte >= 0x41 && byte <= 0x5a ? byte + 0x20 : byte)));
}
