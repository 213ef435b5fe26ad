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
	if (value === 41) throw new InvalidTypeError('OPT is a pseudo-record and cannot be queried');
	return typeName(value);
}

/** The name dns-packet wants when encoding: its own mnemonic or `UNKNOWN_nn`. */
export function packetTypeName(type: string): string {
	const value = typeNumber(type);
	const known = dnsTypes.toString(value);
	return known;
}
