import {isAtOrBelow, isStrictlyBelow, substituteSuffix, type Name} from '../dns/name.js';
import type {Message, ResourceRecord} from '../dns/record.js';
import type {QuestionRef, ReferralData, ResponseKind} from './model.js';

export interface Classification {
	kind: ResponseKind;
	referral?: ReferralData;
	/** The records that answer the question (CNAME/DNAME chain first), for `answer` and `cname`. */
	records: ResourceRecord[];
	/** For `cname`: the name the chain leads to, to be resolved next. */
	target?: Name;
}

/**
 * Judges a response the way an iterative resolver does (RFC 1034 5.3.3, RFC 6672 for DNAME), against the zone the
 * server was asked as a server of. AA is required for data, NXDOMAIN and NODATA: anything else from a server that
 * should be authoritative is lame.
 */
export function classifyResponse(message: Message, zone: Name, question: QuestionRef): Classification {
	switch (message.rcode) {
		case 'NOERROR':
			break;
		case 'NXDOMAIN':
			return {kind: message.flags.aa ? 'nxdomain' : 'lame', records: chainRecords(message, question)};
		case 'REFUSED':
			return {kind: 'refused', records: []};
		case 'SERVFAIL':
			return {kind: 'servfail', records: []};
		default:
			return {kind: 'error', records: []};
	}

	const chain = followChain(message.answer, question);
	if (chain.records.length > 0) {
		if (!message.flags.aa) return {kind: 'lame', records: chain.records};
		if (chain.complete) return {kind: 'answer', records: chain.records};
		return {kind: 'cname', records: chain.records, target: chain.target};
	}

	const nsOwners = [...new Set(message.authority.filter((record) => record.type === 'NS').map((record) => record.name))];
	const delegation = nsOwners.find((owner) => isStrictlyBelow(owner, zone) && isAtOrBelow(question.name, owner));
	if (delegation && !(message.flags.aa && question.type === 'DS' && question.name === delegation)) {
		return {kind: 'referral', referral: referralData(message, delegation, zone), records: []};
	}
	if (message.flags.aa) return {kind: 'nodata', records: []};
	if (nsOwners.some((owner) => isAtOrBelow(zone, owner))) return {kind: 'upward-referral', records: []};
	return {kind: 'lame', records: []};
}

function referralData(message: Message, child: Name, zone: Name): ReferralData {
	const ns = [...new Set(message.authority.filter((record) => record.type === 'NS' && record.name === child).map((record) => (record.data.kind === 'name' ? record.data.target : '')))];
	const glue = [];
	const ignoredGlue = [];
	for (const record of message.additional) {
		if ((record.type !== 'A' && record.type !== 'AAAA') || record.data.kind !== 'address') continue;
		const entry = {name: record.name, address: record.data.address};
		// Glue is believed only for the referral's own NS names and only inside the authority of the zone that sent
		// it (Unbound's harden-glue): in-domain and sibling glue. Anything else is noted and ignored, since the
		// Kashpureff-era poisoning rode exactly on such records.
		if (ns.includes(record.name) && isAtOrBelow(record.name, zone)) glue.push(entry);
		else ignoredGlue.push(entry);
	}
	const ds = message.authority.filter((record) => record.type === 'DS' && record.name === child);
	return {child, ns, glue, ignoredGlue, ds};
}

interface Chain {
	records: ResourceRecord[];
	complete: boolean;
	target?: Name;
}

/** The CNAME/DNAME chain in an answer section from the question name, ending at the data or at a dangling name. */
function followChain(answer: ResourceRecord[], question: QuestionRef): Chain {
	const records: ResourceRecord[] = [];
	let current = question.name;
	const seen = new Set<Name>();
	while (!seen.has(current)) {
		seen.add(current);
		const data = answer.filter((record) => record.name === current && (record.type === question.type || question.type === 'ANY'));
		if (data.length > 0) {
			records.push(...data, ...signaturesFor(answer, current, question.type));
			return {records, complete: true};
		}
		const cname = answer.find((record) => record.name === current && record.type === 'CNAME');
		if (cname && cname.data.kind === 'name' && question.type !== 'CNAME') {
			records.push(cname, ...signaturesFor(answer, current, 'CNAME'));
			current = cname.data.target;
			continue;
		}
		const dname = answer.find((record) => record.type === 'DNAME' && isStrictlyBelow(current, record.name) && record.data.kind === 'name');
		if (dname && dname.data.kind === 'name') {
			records.push(dname, ...signaturesFor(answer, dname.name, 'DNAME'));
			current = substituteSuffix(current, dname.name, dname.data.target);
			continue;
		}
		break;
	}
	if (records.length === 0) return {records, complete: false};
	return {records, complete: false, target: current};
}

function signaturesFor(records: ResourceRecord[], name: Name, type: string): ResourceRecord[] {
	return records.filter((record) => record.type === 'RRSIG' && record.name === name && record.data.kind === 'rrsig' && record.data.typeCovered === type);
}

/** CNAME-chain and NXDOMAIN answers may carry the chain that led to the missing name. */
function chainRecords(message: Message, question: QuestionRef): ResourceRecord[] {
	return followChain(message.answer, question).records;
}
