import {fqdn} from './name.js';
import type {Message} from './record.js';
import type {Protocol, QueryQuestion} from './transport.js';
import {typeNumber} from './types.js';
import type {MessageLayout, WireProblem} from './wire-layout.js';

/** Byte 2 holds QR and the opcode; bytes 4–5 the question count. */
const FLAGS_OFFSET = 2;
const QDCOUNT_OFFSET = 4;
const IN = 1;
const OPT = 41;
/** The OPT record's version byte, counted back from its RDATA: TTL (extended rcode, version, flags), RDLENGTH. */
const OPT_VERSION_FROM_RDATA = 5;

/**
 * Why a well-formed message carrying the query's ID is not the response to it. Another question is someone else's
 * reply, or a forgery (RFC 5452 9.1): ignored, and the real one may still come. The rest is a broken response.
 */
export type Mismatch = {kind: 'other-question'} | {kind: 'malformed'; problem: WireProblem};

/**
 * Why a reply is no usable answer though it decoded and answers the question: TC=1. Over TCP nothing is left to retry
 * with, and the reply may be cut short anywhere (RFC 7766 8: a TCP reply is never truncated), so its data is not used;
 * BIND takes it for a broken server (DNS_R_TRUNCATEDTCP). Over UDP the querier asks again over TCP and never keeps the
 * truncated reply, so one a snapshot says it kept is not used either. An empty one would otherwise read as NODATA.
 */
export function unusableReply(message: Message, transport: Protocol): string | undefined {
	if (!message.flags.tc) return undefined;
	return transport === 'tcp'
		? 'TC=1 over TCP: a TCP reply is never truncated (RFC 7766 8), so this one may be cut short anywhere; its data is not used'
		: 'TC=1 over UDP: a truncated reply may be missing records, so its data is never used (it is asked again over TCP)';
}

export function checkResponse(message: Message, layout: MessageLayout, asked: QueryQuestion): Mismatch | undefined {
	const malformed = (what: string, offset: number): Mismatch => ({kind: 'malformed', problem: {what, offset}});
	if (!message.flags.qr) return malformed('QR=0: a query, not a response', FLAGS_OFFSET);
	if (message.opcode !== 'QUERY') return malformed(`opcode ${message.opcode} in the response to a QUERY`, FLAGS_OFFSET);
	const [question, ...more] = layout.questions;
	if (more.length > 0) return malformed(`${layout.questions.length} questions in the response to one`, QDCOUNT_OFFSET);
	// A server that rejects a query may leave the question out; an answer must echo it. So may a truncated reply
	// (RFC 1035 4.1.1): some servers and middleboxes send only the header with TC=1, and BIND ("empty question section,
	// accepting it anyway as TC=1") and Unbound take it, ID matching, as the cue to ask again over TCP (RFC 2181 9). Its
	// data is never used (`unusableReply`): over UDP the querier asks over TCP, over TCP it is broken (RFC 7766 8). With
	// no question to match, an off-path forger who guesses the ID (and, over UDP, the port) can only make us ask over
	// TCP, which is harder to forge: an acceptable risk, as BIND judges it.
	if (!question) return message.flags.tc || (message.rcode !== 'NOERROR' && message.rcode !== 'NXDOMAIN') ? ednsVersionProblem(message, layout) : malformed(`a ${message.rcode} response without the question`, QDCOUNT_OFFSET);
	if (question.klass !== IN) return malformed(`the question has class ${question.klass} where IN was asked`, question.classOffset);
	const echoed = message.question[0]!;
	if (fqdn(echoed.name) !== fqdn(asked.name) || typeNumber(echoed.type) !== typeNumber(asked.type)) return {kind: 'other-question'};
	return ednsVersionProblem(message, layout);
}

/**
 * RFC 6891 6.1.3: we ask with EDNS version 0, which every EDNS responder implements, so its reply speaks version 0.
 * A BADVERS reply names the version the server does speak instead, and stays an rcode.
 */
function ednsVersionProblem(message: Message, layout: MessageLayout): Mismatch | undefined {
	const opt = layout.records.find((record) => record.type === OPT);
	if (!opt || !message.edns || message.edns.version === 0 || message.rcode === 'BADVERS') return undefined;
	return {kind: 'malformed', problem: {what: `EDNS version ${message.edns.version} in the response to a version 0 query (RFC 6891 6.1.3)`, offset: opt.rdataOffset - OPT_VERSION_FROM_RDATA}};
}
