import {encodeMessage} from '../dns/codec.js';
import type {Message} from '../dns/record.js';

/** Ways a hostile or broken server can answer, each a classic of DNS parsers' bug reports. */
export type HostileMode =
	/** Five bytes: the asker's ID, then a header that stops short. */
	| 'truncated-header'
	/** An empty reply with TC=1, over UDP and over TCP alike: read as NODATA, it would say the name has no data. */
	| 'truncated-over-tcp'
	/** An answer whose owner name is a compression pointer to itself. */
	| 'pointer-loop'
	/** A valid answer whose header claims fifty records. */
	| 'lying-counts'
	/** An extra record whose owner has a 64-byte label (the limit is 63). */
	| 'long-label'
	/** An extra record whose owner is 320 bytes long (the limit is 255). */
	| 'long-name'
	/** An extra record whose RDATA length runs past the end of the message. */
	| 'garbage-rdata'
	/** Three forgeries first (another ID, another question, another source address), then the real answer. */
	| 'spoof'
	/** An A record of two bytes, which a lenient decoder shows as `192.0.undefined.undefined`. */
	| 'short-a'
	/** An A record whose RDLENGTH covers a second, hidden record: www.bank.example. A 6.6.6.6. */
	| 'smuggled-record'
	/** A referral to ns.attacker.evil. whose NS RDATA is five bytes long: the name runs on past it. */
	| 'short-ns-referral'
	/** A valid answer with a second OPT record. */
	| 'two-opts'
	/** A valid answer whose OPT record speaks EDNS version 1 to a version 0 query. */
	| 'edns-version'
	/** A valid answer whose every TTL has its top bit set: read as 0 (RFC 2181 8), not refused. */
	| 'ttl-top-bit';

export interface Reply {
	bytes: Uint8Array;
	/** A source address other than the server's: only the in-process network can forge one. */
	from?: string;
}

const A_RECORD_TAIL = [0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x0e, 0x10];

function withExtraAnswer(valid: Uint8Array, record: number[]): Uint8Array {
	const bytes = Buffer.concat([Buffer.from(valid), Buffer.from(record)]);
	bytes.writeUInt16BE(bytes.readUInt16BE(6) + 1, 6);
	return new Uint8Array(bytes);
}

/** The honest response's header and question, then one record in the given section (count at `countAt`). */
function withOnlyRecord(honest: Message, record: number[], countAt = ANCOUNT, flags: Partial<Message['flags']> = {}): Uint8Array {
	const head = Buffer.from(encodeMessage({...honest, flags: {...honest.flags, ...flags}, answer: [], authority: [], additional: [], edns: undefined}));
	head.writeUInt16BE(1, countAt);
	return new Uint8Array(Buffer.concat([head, Buffer.from(record)]));
}

const ANCOUNT = 6;
const NSCOUNT = 8;
const ARCOUNT = 10;
const TTL_TOP_BIT = 2 ** 31;
const OPT_RECORD = [0x00, 0x00, 0x29, 0x04, 0xd0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00];

/** Turns an honest response into what a hostile server of the given mode sends instead. */
export function hostileReplies(mode: HostileMode, query: Message, honest: Message): Reply[] {
	const valid = encodeMessage(honest);
	switch (mode) {
		case 'truncated-header':
			return [{bytes: Uint8Array.from([query.id >> 8, query.id & 0xff, 0x84, 0x00, 0x00])}];
		case 'truncated-over-tcp':
			return [{bytes: encodeMessage({...honest, flags: {...honest.flags, tc: true}, answer: [], authority: [], additional: []})}];
		case 'pointer-loop': {
			const head = Buffer.from(encodeMessage({...honest, answer: [], authority: [], additional: [], edns: undefined}));
			head.writeUInt16BE(1, 6);
			const offset = head.byteLength;
			return [{bytes: new Uint8Array(Buffer.concat([head, Buffer.from([0xc0 | (offset >> 8), offset & 0xff, ...A_RECORD_TAIL, 0x00, 0x04, 192, 0, 2, 1])]))}];
		}
		case 'lying-counts': {
			const bytes = Buffer.from(valid);
			bytes.writeUInt16BE(50, 6);
			return [{bytes: new Uint8Array(bytes)}];
		}
		case 'long-label':
			return [{bytes: withExtraAnswer(valid, [64, ...Buffer.alloc(64, 0x61), 0, ...A_RECORD_TAIL, 0x00, 0x04, 192, 0, 2, 1])}];
		case 'long-name': {
			const labels = Array.from({length: 5}, () => [63, ...Buffer.alloc(63, 0x62)]).flat();
			return [{bytes: withExtraAnswer(valid, [...labels, 0, ...A_RECORD_TAIL, 0x00, 0x04, 192, 0, 2, 1])}];
		}
		case 'garbage-rdata':
			return [{bytes: withExtraAnswer(valid, [0xc0, 0x0c, 0x00, 0x02, 0x00, 0x01, 0x00, 0x00, 0x0e, 0x10, 0x01, 0x2c, 0x03, 0x66, 0x6f])}];
		case 'short-a':
			return [{bytes: withOnlyRecord(honest, [0xc0, 0x0c, ...A_RECORD_TAIL, 0x00, 0x02, 192, 0])}];
		case 'smuggled-record': {
			const hidden = [0x03, 0x77, 0x77, 0x77, 0x04, 0x62, 0x61, 0x6e, 0x6b, 0x07, ...Buffer.from('example'), 0x00, ...A_RECORD_TAIL, 0x00, 0x04, 6, 6, 6, 6];
			return [{bytes: withOnlyRecord(honest, [0xc0, 0x0c, ...A_RECORD_TAIL, 0x00, 4 + hidden.length, 192, 0, 2, 1, ...hidden])}];
		}
		case 'short-ns-referral': {
			const target = [0x02, 0x6e, 0x73, 0x08, ...Buffer.from('attacker'), 0x04, ...Buffer.from('evil'), 0x00];
			return [{bytes: withOnlyRecord(honest, [0xc0, 0x0c, 0x00, 0x02, 0x00, 0x01, 0x00, 0x00, 0x0e, 0x10, 0x00, 0x05, ...target], NSCOUNT, {aa: false})}];
		}
		case 'two-opts': {
			const bytes = Buffer.concat([Buffer.from(encodeMessage({...honest, edns: honest.edns ?? {version: 0, udpSize: 1232, dnssecOk: false, extendedRcode: 0, options: []}})), Buffer.from(OPT_RECORD)]);
			bytes.writeUInt16BE(bytes.readUInt16BE(ARCOUNT) + 1, ARCOUNT);
			return [{bytes: new Uint8Array(bytes)}];
		}
		case 'edns-version':
			return [{bytes: encodeMessage({...honest, edns: {...(honest.edns ?? {udpSize: 1232, dnssecOk: false, extendedRcode: 0, options: []}), version: 1}})}];
		case 'ttl-top-bit': {
			const flipped = (records: Message['answer']) => records.map((record) => ({...record, ttl: record.ttl + TTL_TOP_BIT}));
			return [{bytes: encodeMessage({...honest, answer: flipped(honest.answer), authority: flipped(honest.authority), additional: flipped(honest.additional)})}];
		}
		case 'spoof': {
			const otherId = encodeMessage({...honest, id: honest.id ^ 0x5a5a});
			const otherQuestion = encodeMessage({...honest, question: [{name: 'www.bank.example.', type: 'A', class: 'IN'}]});
			return [{bytes: otherId}, {bytes: otherQuestion}, {bytes: valid, from: '127.77.66.66'}, {bytes: valid}];
		}
	}
}
