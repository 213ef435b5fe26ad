import {HEADER_BYTES, readLayout} from '../dns/wire-layout.js';

/**
 * The query name's case, given back as it was asked (RFC 4343 4.1, and what 0x20 resolvers count on): the lab's
 * engine works on canonical lower-case names, so the response it encodes is patched on the wire, in the question
 * and in every answer record owned by the query name, as BIND and NSD do by compressing those names to the question.
 * A query name with no upper-case letter (every query digdeeper sends) leaves the response as it is.
 */
export function withQueryCase(query: Uint8Array, response: Uint8Array): Uint8Array {
	const asked = plainName(query, HEADER_BYTES);
	if (!asked || !asked.some(isUpper) || questionCount(query) !== 1 || questionCount(response) !== 1) return response;
	let layout;
	try {
		layout = readLayout(response);
	} catch {
		return response;
	}
	const patched = new Uint8Array(response);
	const owners = [layout.questions[0]!.offset, ...layout.records.filter((record) => record.section === 'answer').map((record) => record.offset)];
	for (const offset of owners) {
		// Only a name written out in full, equal to the query name but for case: a compression pointer is left alone.
		if (sameButCase(patched, offset, asked)) patched.set(asked, offset);
	}
	return patched;
}

const questionCount = (bytes: Uint8Array) => (bytes.byteLength >= HEADER_BYTES ? (bytes[4]! << 8) | bytes[5]! : 0);

const isUpper = (byte: number) => byte >= 0x41 && byte <= 0x5a;
const lower = (byte: number) => (isUpper(byte) ? byte + 0x20 : byte);

/** The wire bytes of an uncompressed name at `offset`, its terminating zero included; undefined for a pointer or a cut name. */
function plainName(bytes: Uint8Array, offset: number): Uint8Array | undefined {
	let at = offset;
	while (at < bytes.byteLength) {
		const size = bytes[at]!;
		if (size === 0) return bytes.subarray(offset, at + 1);
		if (size > 63) return undefined;
		at += 1 + size;
	}
	return undefined;
}

function sameButCase(bytes: Uint8Array, offset: number, name: Uint8Array): boolean {
	if (offset + name.byteLength > bytes.byteLength) return false;
	for (let index = 0; index < name.byteLength; index++) {
		if (lower(bytes[offset + index]!) !== lower(name[index]!)) return false;
	}
	return true;
}
