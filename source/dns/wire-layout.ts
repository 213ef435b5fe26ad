import {typeName} from './types.js';

/*
 * The strict pass over a message's bytes, before anything is decoded: where every question and record sits, and
 * every rule a lenient decoder would let through turned into a refusal that says what and at which byte. Modelled
 * on BIND's message parser (lib/dns/message.c, name.c): RDATA is read within exactly RDLENGTH bytes and must use
 * all of them, compression pointers only point back (so they cannot loop), nothing follows the last record.
 */

/** What is wrong with a message, and the offset of the byte where it shows (from the message's first byte). */
export interface WireProblem {
	what: string;
	offset: number;
}

export const describeProblem = ({what, offset}: WireProblem): string => `${what}, at byte ${offset}`;

export class MalformedMessageError extends Error {
	override name = 'MalformedMessageError';
	constructor(readonly problem: WireProblem) {
		super(describeProblem(problem));
	}
}

export type RecordSection = 'answer' | 'authority' | 'additional';

export interface QuestionLayout {
	/** Where the question's name starts. */
	offset: number;
	type: number;
	klass: number;
	classOffset: number;
}

export interface RecordLayout {
	section: RecordSection;
	/** Where the record's owner name starts. */
	offset: number;
	type: number;
	klass: number;
	ttl: number;
	rdataOffset: number;
	rdlength: number;
}

export interface MessageLayout {
	id: number;
	flags: number;
	questions: QuestionLayout[];
	records: RecordLayout[];
}

export const HEADER_BYTES = 12;
const IN = 1;
const OPT = 41;
/** RFC 1035 2.3.4. */
const MAX_LABEL = 63;
const MAX_NAME = 255;

/** RFC 4034 5.1.4 and RFC 6605: the digest lengths of SHA-1, SHA-256 and SHA-384 DS records. */
export const DS_DIGEST_BYTES: Readonly<Record<number, number>> = {1: 20, 2: 32, 4: 48};
/** RFC 5155 11: the one NSEC3 hash algorithm, SHA-1, and its output length. */
const NSEC3_HASH_BYTES: Record<number, number> = {1: 20};

const fail = (what: string, offset: number): never => {
	throw new MalformedMessageError({what, offset});
};

/** Reads and checks a whole message; throws MalformedMessageError at the first thing wrong. */
export function readLayout(bytes: Uint8Array): MessageLayout {
	if (bytes.byteLength < HEADER_BYTES) fail(`the header is cut short (${bytes.byteLength} of ${HEADER_BYTES} bytes)`, bytes.byteLength);
	const u16 = (at: number) => (bytes[at]! << 8) | bytes[at + 1]!;
	const u32 = (at: number) => u16(at) * 0x10000 + u16(at + 2);
	const counts = {question: u16(4), answer: u16(6), authority: u16(8), additional: u16(10)};
	const reader = nameReader(bytes);
	let at = HEADER_BYTES;

	const promised = (entries: string, count: number, index: number) => {
		if (at >= bytes.byteLength) fail(`the header counts ${count} ${entries}, but the message ends after ${index}`, at);
	};

	const questions: QuestionLayout[] = [];
	for (let index = 0; index < counts.question; index++) {
		promised('questions', counts.question, index);
		const offset = at;
		at = reader.read(at, {what: `the name of question ${index + 1}`, compressed: true}).end;
		if (at + 4 > bytes.byteLength) fail(`question ${index + 1} is cut short before its type and class`, at);
		questions.push({offset, type: u16(at), klass: u16(at + 2), classOffset: at + 2});
		at += 4;
	}
	// The class asked is the one every record must have (OPT's class field is its UDP size).
	const askedClass = questions[0]?.klass ?? IN;

	const records: RecordLayout[] = [];
	let opt = false;
	for (const section of ['answer', 'authority', 'additional'] as const) {
		for (let index = 0; index < counts[section]; index++) {
			promised(`${section} records`, counts[section], index);
			const where = `${section} record ${index + 1}`;
			const offset = at;
			const owner = reader.read(at, {what: `the owner name of ${where}`, compressed: true});
			at = owner.end;
			if (at + 10 > bytes.byteLength) fail(`${where} is cut short before the end of its type, class, TTL and RDLENGTH`, at);
			const type = u16(at);
			const klass = u16(at + 2);
			const rdlength = u16(at + 8);
			const rdataOffset = at + 10;
			const label = `${where} (${typeName(type)})`;
			if (rdataOffset + rdlength > bytes.byteLength) {
				fail(`the RDLENGTH of ${label}, ${rdlength}, runs ${rdataOffset + rdlength - bytes.byteLength} bytes past the end of the message`, at + 8);
			}
			if (type === OPT) {
				if (section !== 'additional') fail(`an OPT record in the ${section} section (RFC 6891: only in the additional section)`, offset);
				if (opt) fail('a second OPT record (RFC 6891: at most one)', offset);
				if (owner.length !== 1) fail('an OPT record whose owner is not the root', offset);
				opt = true;
			} else if (klass !== askedClass) {
				fail(`${label} has class ${klass} where class ${askedClass} was asked`, at + 2);
			}
			checkRData(bytes, reader, type, rdataOffset, rdlength, label);
			records.push({section, offset, type, klass, ttl: u32(at + 4), rdataOffset, rdlength});
			at = rdataOffset + rdlength;
		}
	}
	if (at !== bytes.byteLength) fail(`${bytes.byteLength - at} bytes after the last record`, at);
	return {id: u16(0), flags: u16(2), questions, records};
}

type NameReader = ReturnType<typeof nameReader>;

/**
 * Names, with the RFC 1035 4.1.4 pointer rule as BIND applies it: each pointer must point below the start of the
 * labels it ends (the name's start, or the previous pointer's target), so a chain of pointers always goes back and
 * cannot loop. A name's own bytes (up to its first pointer) must lie within the RDATA that holds it, if any.
 */
function nameReader(bytes: Uint8Array) {
	return {
		read(start: number, {what, compressed, rdataEnd}: {what: string; compressed: boolean; rdataEnd?: number}): {end: number; length: number} {
			let at = start;
			let floor = start;
			let end: number | undefined;
			let length = 1;
			for (;;) {
				// Past the first pointer the labels may be anywhere earlier in the message.
				const inRData = end === undefined && rdataEnd !== undefined;
				const bound = inRData ? rdataEnd : bytes.byteLength;
				const within = inRData ? 'its RDATA' : 'the message';
				if (at >= bound) return fail(`${what} runs past the end of ${within}`, at);
				const byte = bytes[at]!;
				if (byte === 0) return {end: end ?? at + 1, length};
				if ((byte & 0xc0) === 0xc0) {
					if (!compressed) return fail(`${what} is compressed, which its record type forbids (RFC 3597 4, RFC 4034)`, at);
					if (at + 2 > bound) return fail(`${what} has a compression pointer cut short by the end of ${within}`, at);
					const target = ((byte & 0x3f) << 8) | bytes[at + 1]!;
					if (target >= floor) return fail(`${what} has a compression pointer to byte ${target}, which does not point back (a forward pointer or a loop)`, at);
					end ??= at + 2;
					floor = target;
					at = target;
					continue;
				}
				if (byte > MAX_LABEL) return fail(`${what} has a label length byte of ${byte} (labels are at most ${MAX_LABEL} bytes)`, at);
				if (at + 1 + byte > bound) return fail(`${what} has a ${byte}-byte label that runs past the end of ${within}`, at);
				length += byte + 1;
				if (length > MAX_NAME) return fail(`${what} is longer than ${MAX_NAME} bytes`, at);
				at += 1 + byte;
			}
		},
	};
}

/** Each known type's RDATA read within exactly its RDLENGTH; other types stay opaque bytes (RFC 3597). */
function checkRData(bytes: Uint8Array, reader: NameReader, type: number, start: number, rdlength: number, label: string): void {
	const end = start + rdlength;
	const name = (at: number, field: string, compressed = true) => reader.read(at, {what: `the ${field} in ${label}`, compressed, rdataEnd: end}).end;
	const atLeast = (bytesNeeded: number, from: number, what: string) => {
		if (from + bytesNeeded > end) fail(`${label} is cut short in its ${what} (RDLENGTH ${rdlength})`, from);
	};
	const filled = (at: number) => {
		if (at !== end) fail(`${label} has ${end - at} bytes of RDATA left over after its last field`, at);
	};
	const exactly = (size: number) => {
		if (rdlength !== size) fail(`${label} has RDLENGTH ${rdlength}; its RDATA is ${size} bytes`, start - 2);
	};

	switch (type) {
		case 1: // A
			return exactly(4);
		case 28: // AAAA (RFC 3596)
			return exactly(16);
		case 2: // NS
		case 5: // CNAME
		case 12: // PTR
		case 39: // DNAME
			return filled(name(start, 'target name'));
		case 6: {
			// SOA: MNAME, RNAME, then five 32-bit numbers.
			const after = name(name(start, 'MNAME'), 'RNAME');
			atLeast(20, after, 'serial, refresh, retry, expire and minimum');
			return filled(after + 20);
		}
		case 15: // MX
			atLeast(2, start, 'preference');
			return filled(name(start + 2, 'exchange'));
		case 33: // SRV (RFC 2782; receivers decompress it, RFC 3597 4)
			atLeast(6, start, 'priority, weight and port');
			return filled(name(start + 6, 'target'));
		case 16: {
			// TXT: one or more character-strings, filling the RDATA.
			if (rdlength === 0) fail(`${label} has no character-string (RDLENGTH 0)`, start - 2);
			let at = start;
			while (at < end) {
				const size = bytes[at]!;
				atLeast(1 + size, at, `${size}-byte character-string`);
				at += 1 + size;
			}
			return;
		}
		case 257: {
			// CAA (RFC 8659): flags, a tag of 1 or more bytes, the value.
			atLeast(2, start, 'flags and tag length');
			const tag = bytes[start + 1]!;
			if (tag === 0) fail(`${label} has an empty tag`, start + 1);
			return atLeast(tag, start + 2, `${tag}-byte tag`);
		}
		case 43:
		case 59: {
			// DS (RFC 4034 5.1), and CDS in the same form (RFC 7344 3.1): key tag, algorithm, digest type, a digest of the type's length.
			atLeast(5, start, 'key tag, algorithm, digest type and digest');
			const digestType = bytes[start + 3]!;
			const size = DS_DIGEST_BYTES[digestType];
			if (size !== undefined && rdlength !== 4 + size) fail(`${label} has a ${rdlength - 4}-byte digest; digest type ${digestType} is ${size} bytes`, start + 4);
			return;
		}
		case 48:
		case 60: // DNSKEY (RFC 4034 2.1), and CDNSKEY in the same form (RFC 7344 3.2): flags, protocol 3, algorithm, a key.
			atLeast(5, start, 'flags, protocol, algorithm and key');
			if (bytes[start + 2] !== 3) fail(`${label} has protocol ${bytes[start + 2]}; RFC 4034 requires 3`, start + 2);
			return;
		case 46: {
			// RRSIG (RFC 4034 3.1): 18 bytes of fields, the signer's name (never compressed), a signature.
			atLeast(18, start, 'fixed fields');
			const after = name(start + 18, "signer's name", false);
			return atLeast(1, after, 'signature');
		}
		case 47: // NSEC (RFC 4034 4.1): the next owner name (never compressed), the type bit maps.
			return checkTypeBitmaps(bytes, name(start, 'next owner name', false), end, label);
		case 50: {
			// NSEC3 (RFC 5155 3.2): algorithm, flags, iterations, salt, a hash of 1 or more bytes (of the algorithm's
			// length, when it is one we know), the type bit maps. An unknown algorithm keeps the record (RFC 5155 8.1).
			atLeast(5, start, 'algorithm, flags, iterations and salt length');
			const algorithm = bytes[start]!;
			const salt = bytes[start + 4]!;
			const hashAt = start + 5 + salt;
			atLeast(salt + 1, start + 5, `${salt}-byte salt and hash length`);
			const hash = bytes[hashAt]!;
			if (hash === 0) fail(`${label} has an empty next hashed owner name`, hashAt);
			const size = NSEC3_HASH_BYTES[algorithm];
			if (size !== undefined && hash !== size) fail(`${label} has a ${hash}-byte next hashed owner name; hash algorithm ${algorithm} is ${size} bytes`, hashAt);
			atLeast(hash, hashAt + 1, `${hash}-byte next hashed owner name`);
			return checkTypeBitmaps(bytes, hashAt + 1 + hash, end, label);
		}
		case OPT: {
			// RFC 6891 6.1.2: options of code, length and data, filling the RDATA.
			let at = start;
			while (at < end) {
				atLeast(4, at, 'option code and length');
				const size = (bytes[at + 2]! << 8) | bytes[at + 3]!;
				atLeast(size, at + 4, `${size}-byte option`);
				at += 4 + size;
			}
			return;
		}
		default:
			return;
	}
}

/** RFC 4034 4.1.2: windows in increasing order, each 1 to 32 bytes long with no trailing zero byte. */
function checkTypeBitmaps(bytes: Uint8Array, start: number, end: number, label: string): void {
	let at = start;
	let previous = -1;
	while (at < end) {
		if (at + 2 > end) fail(`${label} has a type bit map window cut short`, at);
		const window = bytes[at]!;
		const size = bytes[at + 1]!;
		if (window <= previous) fail(`${label} has type bit map window ${window} after window ${previous}`, at);
		if (size < 1 || size > 32) fail(`${label} has a type bit map of ${size} bytes (1 to 32)`, at + 1);
		if (at + 2 + size > end) fail(`${label} has a ${size}-byte type bit map that runs past its RDATA`, at + 1);
		if (bytes[at + 1 + size] === 0) fail(`${label} has a type bit map ending in a zero byte`, at + 1 + size);
		previous = window;
		at += 2 + size;
	}
}
