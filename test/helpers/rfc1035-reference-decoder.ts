/*
 * A DNS message decoder written from the RFCs alone, to test source/dns's strict decoder against: it shares no code
 * with it (nor with dns-packet) and is written in another shape (a cursor that throws), so the two agree only where
 * both read the specifications the same way.
 *
 *   RFC 1035 4.1    header, question, resource records; 4.1.4 compression ("a pointer to a prior occurrence")
 *   RFC 1035 3.3    NS, CNAME, PTR, SOA, MX, TXT (one or more <character-string>s); 3.4.1 A; 2.3.4 sizes
 *   RFC 2181 8      a TTL has 31 bits: a value with the most significant bit set is taken as zero (OPT's TTL
 *                   field is not a TTL and is kept whole)
 *   RFC 3596 2.2    AAAA is 16 octets
 *   RFC 2782        SRV; RFC 6672 DNAME; RFC 8659 4.1 CAA (tag length at least 1)
 *   RFC 4034        DNSKEY (protocol 3), RRSIG, NSEC (type bit maps, 4.1.2), DS; names there never compressed
 *   RFC 7344 3      CDS and CDNSKEY in the forms of DS and DNSKEY
 *   RFC 4509, 6605  DS digest lengths: SHA-1 20, SHA-256 32, SHA-384 48
 *   RFC 5155 3.2    NSEC3 (hash length at least 1; for hash algorithm 1, SHA-1, exactly 20 octets)
 *   RFC 6891 6.1    OPT: only in the additional section, at most one, owned by the root, CLASS is the UDP size
 *   RFC 3597        any other type: RDATA kept as it is
 *
 * Every record's class must be the class of the question (IN without one): a response carries the class asked.
 */

export interface ReferenceRecord {
	/** Owner name as labels (bytes as received). */
	owner: Uint8Array[];
	type: number;
	klass: number;
	ttl: number;
	/** RDATA with every name written out uncompressed and in lower case: comparable whatever the sender compressed. */
	canonical: Uint8Array;
}

export interface ReferenceMessage {
	id: number;
	flags: number;
	questions: Array<{name: Uint8Array[]; type: number; klass: number}>;
	answer: ReferenceRecord[];
	authority: ReferenceRecord[];
	additional: ReferenceRecord[];
}

export type ReferenceResult = {accepted: true; message: ReferenceMessage} | {accepted: false; reason: string; at: number};

class Rejected extends Error {
	constructor(
		readonly reason: string,
		readonly at: number,
	) {
		super(reason);
	}
}

const TYPE = {A: 1, NS: 2, CNAME: 5, SOA: 6, PTR: 12, MX: 15, TXT: 16, AAAA: 28, SRV: 33, DNAME: 39, OPT: 41, DS: 43, RRSIG: 46, NSEC: 47, DNSKEY: 48, NSEC3: 50, CDS: 59, CDNSKEY: 60, CAA: 257};

export function referenceDecode(message: Uint8Array): ReferenceResult {
	try {
		return {accepted: true, message: new Reader(message).message()};
	} catch (error) {
		if (error instanceof Rejected) return {accepted: false, reason: error.reason, at: error.at};
		throw error;
	}
}

class Reader {
	private pos = 0;

	constructor(private readonly bytes: Uint8Array) {}

	message(): ReferenceMessage {
		if (this.bytes.length < 12) throw new Rejected('short header', this.bytes.length);
		const id = this.u16();
		const flags = this.u16();
		const [qd, an, ns, ar] = [this.u16(), this.u16(), this.u16(), this.u16()];
		const questions: ReferenceMessage['questions'] = [];
		for (let n = 0; n < qd; n++) {
			const name = this.name(this.bytes.length, true);
			questions.push({name, type: this.u16(), klass: this.u16()});
		}
		const klass = questions.length > 0 ? questions[0]!.klass : 1;
		const state = {opt: false};
		const answer = this.records(an, 'answer', klass, state);
		const authority = this.records(ns, 'authority', klass, state);
		const additional = this.records(ar, 'additional', klass, state);
		if (this.pos !== this.bytes.length) throw new Rejected('trailing bytes', this.pos);
		return {id, flags, questions, answer, authority, additional};
	}

	private records(count: number, section: string, klass: number, state: {opt: boolean}): ReferenceRecord[] {
		const out: ReferenceRecord[] = [];
		while (out.length < count) {
			const start = this.pos;
			const owner = this.name(this.bytes.length, true);
			const type = this.u16();
			const recordClass = this.u16();
			const field = this.u32();
			const ttl = type !== TYPE.OPT && field >= 2 ** 31 ? 0 : field;
			const rdlength = this.u16();
			const end = this.pos + rdlength;
			if (end > this.bytes.length) throw new Rejected('RDLENGTH past the end', this.pos - 2);
			if (type === TYPE.OPT) {
				if (section !== 'additional' || state.opt || owner.length !== 0) throw new Rejected('misplaced OPT', start);
				state.opt = true;
			} else if (recordClass !== klass) {
				throw new Rejected('class', this.pos - 8);
			}
			const canonical = this.rdata(type, end);
			if (this.pos !== end) throw new Rejected('RDATA not consumed', this.pos);
			out.push({owner, type, klass: recordClass, ttl, canonical});
		}
		return out;
	}

	/** Reads one RDATA up to `end`, returning its canonical form; leaves the cursor where the RDATA's fields stop. */
	private rdata(type: number, end: number): Uint8Array {
		const parts: Uint8Array[] = [];
		const take = (size: number) => {
			if (this.pos + size > end) throw new Rejected('RDATA short', this.pos);
			parts.push(this.bytes.slice(this.pos, this.pos + size));
			this.pos += size;
			return parts.at(-1)!;
		};
		const name = (compressed: boolean) => {
			parts.push(wireName(this.name(end, compressed)));
		};
		const rest = () => take(end - this.pos);
		switch (type) {
			case TYPE.A:
				take(4);
				break;
			case TYPE.AAAA:
				take(16);
				break;
			case TYPE.NS:
			case TYPE.CNAME:
			case TYPE.PTR:
			case TYPE.DNAME:
				name(true);
				break;
			case TYPE.SOA:
				name(true);
				name(true);
				take(20);
				break;
			case TYPE.MX:
				take(2);
				name(true);
				break;
			case TYPE.SRV:
				take(6);
				name(true);
				break;
			case TYPE.TXT:
				do take(take(1)[0]!);
				while (this.pos < end);
				break;
			case TYPE.CAA: {
				take(1);
				const tag = take(1)[0]!;
				if (tag < 1) throw new Rejected('CAA tag', this.pos - 1);
				take(tag);
				rest();
				break;
			}
			// RFC 7344 3: CDS and CDNSKEY have the forms of DS and DNSKEY.
			case TYPE.DS:
			case TYPE.CDS: {
				const fixed = take(4);
				const digest = rest();
				const expected = ({1: 20, 2: 32, 4: 48} as Record<number, number>)[fixed[3]!];
				if (digest.length < 1 || (expected !== undefined && digest.length !== expected)) throw new Rejected('DS digest', this.pos);
				break;
			}
			case TYPE.DNSKEY:
			case TYPE.CDNSKEY: {
				const fixed = take(4);
				if (fixed[2] !== 3) throw new Rejected('DNSKEY protocol', this.pos - 2);
				if (rest().length < 1) throw new Rejected('DNSKEY key', this.pos);
				break;
			}
			case TYPE.RRSIG:
				take(18);
				name(false);
				if (rest().length < 1) throw new Rejected('RRSIG signature', this.pos);
				break;
			case TYPE.NSEC:
				name(false);
				this.bitmaps(end, take);
				break;
			case TYPE.NSEC3: {
				const algorithm = take(4)[0]!;
				take(take(1)[0]!);
				const hash = take(1)[0]!;
				if (hash < 1 || (algorithm === 1 && hash !== 20)) throw new Rejected('NSEC3 hash', this.pos - 1);
				take(hash);
				this.bitmaps(end, take);
				break;
			}
			case TYPE.OPT:
				while (this.pos < end) {
					take(2);
					const size = take(2);
					take((size[0]! << 8) | size[1]!);
				}
				break;
			default:
				rest();
		}
		return concat(parts);
	}

	private bitmaps(end: number, take: (size: number) => Uint8Array): void {
		let last = -1;
		while (this.pos < end) {
			const [window, size] = take(2) as unknown as [number, number];
			if (window <= last || size === 0 || size > 32) throw new Rejected('type bit map window', this.pos - 2);
			if (take(size)[size - 1] === 0) throw new Rejected('type bit map trailing zero', this.pos - 1);
			last = window;
		}
	}

	/**
	 * A name at the cursor. Its own octets must end by `limit`; a pointer may lead anywhere before the labels it
	 * ends. Each pointer must point lower than the last, so decompression always terminates.
	 */
	private name(limit: number, compressed: boolean): Uint8Array[] {
		const labels: Uint8Array[] = [];
		let octets = 1;
		let here = this.pos;
		let lowest = this.pos;
		let resume: number | undefined;
		for (;;) {
			const bound = resume === undefined ? limit : this.bytes.length;
			if (here >= bound) throw new Rejected('name past the end', here);
			const length = this.bytes[here]!;
			const kind = length >> 6;
			if (kind === 3) {
				if (!compressed) throw new Rejected('compressed name', here);
				if (here + 2 > bound) throw new Rejected('pointer past the end', here);
				const target = ((length & 0x3f) << 8) | this.bytes[here + 1]!;
				if (target >= lowest) throw new Rejected('pointer not backwards', here);
				resume ??= here + 2;
				lowest = target;
				here = target;
			} else if (kind !== 0) {
				throw new Rejected('label type', here);
			} else if (length === 0) {
				this.pos = resume ?? here + 1;
				return labels;
			} else {
				if (here + 1 + length > bound) throw new Rejected('label past the end', here);
				octets += 1 + length;
				if (octets > 255) throw new Rejected('name too long', here);
				labels.push(this.bytes.slice(here + 1, here + 1 + length));
				here += 1 + length;
			}
		}
	}

	private u16(): number {
		if (this.pos + 2 > this.bytes.length) throw new Rejected('short', this.pos);
		const value = (this.bytes[this.pos]! << 8) | this.bytes[this.pos + 1]!;
		this.pos += 2;
		return value;
	}

	private u32(): number {
		return this.u16() * 65_536 + this.u16();
	}
}

/** A name's uncompressed wire form, ASCII letters in lower case (RFC 4343: names compare case-insensitively). */
export function wireName(labels: Uint8Array[]): Uint8Array {
	return concat([...labels.flatMap((label) => [Uint8Array.of(label.length), label.map((byte) => (byte >= 0x41 && byte <= 0x5a ? byte + 0x20 : byte))]), Uint8Array.of(0)]);
}

function concat(parts: Uint8Array[]): Uint8Array {
	const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
	let at = 0;
	for (const part of parts) {
		out.set(part, at);
		at += part.length;
	}
	return out;
}
