import dnsTypes from 'dns-packet/types.js';

/** Record types by mnemonic. dns-packet knows most of them; the newer ones it lacks are added here. */
const EXTRA_TYPES: Record<string, number> = {
	SVCB: 64,
	HTTPS: 65,
	CSYNC: 62,
	ZONEMD: 63,
	OPENPGPKEY: 61,
	SMIMEA: 53,
	URI: 256,
	// Meta-types (RFC 1035 3.2.3), named so that refusing them as a query type can say what they are.
	MAILB: 253,
	MAILA: 254,
};

const EXTRA_BY_NUMBER = new Map(Object.entries(EXTRA_TYPES).map(([name, value]) => [value, name]));

export class InvalidTypeError extends Error {
	override name = 'InvalidTypeError';
}

/** The mnemonic for a type number; RFC 3597 `TYPEnn` for types without one. */
export function typeName(value: number): string {
	const extra = EXTRA_BY_NUMBER.get(value);
	if (extra) return extra;
	const known = dnsTypes.toString(value);
	return known.startsWith('UNKNOWN_') ? `TYPE${value}` : known;
}

export function typeNumber(name: string): number {
	const upper = name.toUpperCase();
	const extra = EXTRA_TYPES[upper];
	if (extra !== undefined) return extra;
	const generic = /^TYPE(\d{1,5})$/u.exec(upper);
	if (generic) return Number(generic[1]);
	return dnsTypes.toType(upper);
}

/** Parses a type a person typed: a mnemonic (`aaaa`), `TYPE65`, or a number (`65`). */
export function parseUserType(input: string): string {
	const trimmed = input.trim();
	const value = /^\d+$/u.test(trimmed) ? Number(trimmed) : typeNumber(trimmed);
	if (!Number.isInteger(value) || value <= 0 || value > 65_535) {
		throw new InvalidTypeError(`"${input}" is not a DNS record type (a mnemonic such as AAAA, TYPE65, or a number)`);
	}
	const refused = refusedQueryType(value);
	if (refused) throw new InvalidTypeError(refused);
	return typeName(value);
}

/**
 * Why a type cannot be what digdeeper asks every server for, or undefined when it can. OPT is a pseudo-record;
 * 128–255 are meta-types and QTYPEs (RFC 6895 3.1): transfers, transaction signatures, MAILA/MAILB. ANY is a real
 * QTYPE, but since RFC 8482 a server may answer it with any one RRset it likes, or a synthesised HINFO, so the
 * answers of different servers cannot be compared: that is the one thing a trace does.
 */
function refusedQueryType(value: number): string | undefined {
	const name = typeName(value);
	if (value === 41) return 'OPT is a pseudo-record and cannot be queried';
	if (value === 251 || value === 252) return `${name} is a zone transfer, not a record type: use dig ${name} against one server`;
	if (value === 255) return 'ANY is not traced: since RFC 8482 each server may answer it with any one RRset (or a synthesised HINFO), so servers cannot be compared; ask for a type';
	if (value >= 128 && value <= 255) return `${name} (${value}) is a meta-type, not a record type (RFC 6895), and cannot be queried`;
	return undefined;
}

/** The name dns-packet wants when encoding: its own mnemonic or `UNKNOWN_nn`. */
export function packetTypeName(type: string): string {
	const value = typeNumber(type);
	const known = dnsTypes.toString(value);
	return known;
}
