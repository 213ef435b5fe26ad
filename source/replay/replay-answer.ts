import {decodeMessage} from '../dns/codec.js';
import type {Message, ResourceRecord} from '../dns/record.js';
import {encodeForTransport} from '../lab/authoritative.js';
import {withQueryCase} from '../lab/query-case.js';
import {questionKey, referralFor, REPLAY_RESOLVER, type RecordedReply, type ReplayWorld, type ServedData} from './replay-world.js';

/** Without EDNS a UDP reply may be 512 octets (RFC 1035 4.2.1). */
const CLASSIC_UDP_SIZE = 512;

/** Records a server sends only to an asker that set DO (RFC 4035 3.1): left out for one that did not. */
const DNSSEC_TYPES = new Set(['RRSIG', 'NSEC', 'NSEC3']);

/**
 * The reply a served address sends to one query, as wire bytes, or undefined for silence (a recorded time-out, or a
 * packet that is not a query). A recorded question gets the recorded reply; any other gets the server's recorded zone
 * data (an RRset it gave authoritatively, or the referral it gave for a zone above the name), else REFUSED. The ID
 * and the question's case are the asker's. `REPLAY_RESOLVER` answers every question some server answered
 * authoritatively, as a resolver that had asked it would (RA set, AA clear), else REFUSED.
 */
export function replayAnswer(world: ReplayWorld, servedAddress: string, payload: Uint8Array, protocol: 'udp' | 'tcp'): Uint8Array | undefined {
	const asResolver = servedAddress === REPLAY_RESOLVER;
	const data = asResolver ? world.resolver : world.served.get(servedAddress);
	let query: Message;
	try {
		query = decodeMessage(payload);
	} catch {
		return undefined;
	}
	if (query.flags.qr || query.question.length !== 1 || !data) return undefined;
	// What no recorded walk asked is answered as any server answers it (RFC 6891 6.1.3; RFC 1035 4.1.1), never with a
	// recorded reply to a plain query: an EDNS version past 0 gets BADVERS, another opcode (NOTIFY, UPDATE) NOTIMP.
	const unasked = query.edns && query.edns.version > 0 ? 'BADVERS' : query.opcode !== 'QUERY' ? 'NOTIMP' : undefined;
	if (unasked) return withQueryCase(payload, encodeForTransport(reply(query, unasked, false), protocol, CLASSIC_UDP_SIZE, false));
	const question = query.question[0]!;
	const recorded = pickReply(data.replies.get(questionKey(question.name, question.type)), protocol);
	if (recorded?.kind === 'silent') return undefined;
	const answered = recorded?.kind === 'malformed' ? reply(query, 'SERVFAIL', false) : recorded ? asAsked(query, recorded.message) : fromZoneData(query, data);
	const response = asResolver ? {...answered, flags: {...answered.flags, aa: false, ra: true}} : answered;
	const askerSize = query.edns ? Math.max(CLASSIC_UDP_SIZE, query.edns.udpSize) : CLASSIC_UDP_SIZE;
	return withQueryCase(payload, encodeForTransport(response, protocol, askerSize, false));
}

/** The recorded reply over the asker's transport when there is one (a TCP check's own), else the first recorded. */
function pickReply(replies: RecordedReply[] | undefined, protocol: 'udp' | 'tcp'): RecordedReply | undefined {
	return replies?.find((reply) => reply.transport === protocol) ?? replies?.[0];
}

/**
 * A recorded reply fitted to this asker: its ID, RD and question; without DO, no DNSSEC records beyond those asked
 * for; without EDNS, no OPT record (the recorded walk asked with both, so these are what the server would have left out).
 */
function asAsked(query: Message, recorded: Message): Message {
	const question = query.question[0]!;
	const dnssecOk = query.edns?.dnssecOk ?? false;
	const keep = (records: readonly ResourceRecord[]) => (dnssecOk ? [...records] : records.filter((item) => !DNSSEC_TYPES.has(item.type) || item.type === question.type.toUpperCase()));
	return {
		...recorded,
		id: query.id,
		flags: {...recorded.flags, rd: query.flags.rd},
		question: [question],
		answer: keep(recorded.answer),
		authority: keep(recorded.authority),
		additional: keep(recorded.additional),
		// An option the asker did not send (the NSID the walk asked for) is not sent back to it.
		edns: query.edns && recorded.edns ? {...recorded.edns, dnssecOk: dnssecOk && recorded.edns.dnssecOk, options: recorded.edns.options.filter((option) => query.edns!.options.some((asked) => asked.code === option.code))} : undefined,
	};
}

/** An unrecorded question: an RRset the server gave authoritatively, the referral it gave above the name, else REFUSED. */
function fromZoneData(query: Message, data: ServedData): Message {
	const question = query.question[0]!;
	const rrset = data.rrsets.get(questionKey(question.name, question.type));
	if (rrset) return asAsked(query, {...reply(query, 'NOERROR', true), answer: rrset});
	const referral = referralFor(data, question.name, question.type);
	if (referral) return asAsked(query, referral.message);
	return reply(query, 'REFUSED', false);
}

function reply(query: Message, rcode: string, aa: boolean): Message {
	return {
		id: query.id,
		opcode: query.opcode,
		rcode,
		flags: {qr: true, aa, tc: false, rd: query.flags.rd, ra: false, ad: false, cd: false},
		question: query.question,
		answer: [],
		authority: [],
		additional: [],
		edns: query.edns ? {version: 0, udpSize: 1232, dnssecOk: query.edns.dnssecOk, extendedRcode: 0, options: []} : undefined,
	};
}
