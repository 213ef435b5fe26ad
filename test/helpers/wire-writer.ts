/*
 * DNS messages written byte by byte from RFC 1035 4.1 alone, sharing no code with source/dns's codec (nor with
 * dns-packet): what a server put on the wire, exactly, for tests of what the codec makes of it. Names are never
 * compressed; every record is owned by www.example. in class IN.
 */

export const u16 = (value: number): Buffer => Buffer.from([value >> 8, value & 0xff]);
export const u32 = (value: number): Buffer => Buffer.from([value >>> 24, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff]);

/** A name's wire form from its labels, each taken as Latin-1 (one byte a character). */
export function wireName(...labels: string[]): Buffer {
	return Buffer.concat([...labels.map((label) => Buffer.concat([Buffer.from([label.length]), Buffer.from(label, 'latin1')])), Buffer.from([0])]);
}

/** RFC 1035 3.3: each string after its length byte (TXT RDATA is one or more of them). */
export function characterStrings(...strings: Uint8Array[]): Buffer {
	return Buffer.concat(strings.map((string) => Buffer.concat([Buffer.from([string.length]), string])));
}

export const OWNER = wireName('www', 'example');

export function wireRecord(type: number, rdata: Uint8Array, ttl = 3600): Buffer {
	return Buffer.concat([OWNER, u16(type), u16(1), u32(ttl), u16(rdata.length), rdata]);
}

/** An authoritative NOERROR answer (ID 1) to www.example. of `type`, its answer section these records. */
export function wireResponse(type: number, records: Buffer[]): Uint8Array {
	const header = Buffer.concat([u16(1), u16(0x8400), u16(1), u16(records.length), u16(0), u16(0)]);
	return Uint8Array.from(Buffer.concat([header, OWNER, u16(type), u16(1), ...records]));
}
