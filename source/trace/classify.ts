import {isAtOrBelow, isStrictlyBelow, MAX_NAME_OCTETS, substituteSuffix, wireLength, type Name} from '../dns/name.js';
import type {Message, ResourceRecord, SectionName} from '../dns/record.js';
import type {DroppedRecord, QuestionRef, ReferralData, ResponseKind} from './model.js';

export interface Classification {
	kind: ResponseKind;
	referral?: ReferralData;
	/** The records that answer the question (CNAME/DNAME chain first), for `answer` and `cname`. */
	records: ResourceRecord[];
	/** For `cname`: the name the chain leads to, to be resolved next. */
	target?: Name;
	/**
	 * For an authoritative answer, NODATA or NXDOMAIN: the child zone (strictly below the zone asked) whose data the
	 * server answered from, as the SOA it gave says. A server of the parent that also serves the child answers from
	 * the child's data instead of referring; its SOA is the only sign of the cut (see `childApexOf`).
	 */
	childApex?: Name;
	/**
	 * What a response the walk can use carried beyond what the server may speak for, and so was not used: records
	 * outside the zone asked, in any section, and glue for no NS name of the referral. Empty for the other kinds.
	 */
	outOfBailiwick: DroppedRecord[];
}

/**
 * Judges a response the way an iterative resolver does (RFC 1034 5.3.3, RFC 6672 for DNAME), against the zone the
 * server was asked as a server of. AA is required for data, NXDOMAIN and NODATA: anything else from a server that
 * should be authoritative is lame.
 */
export function classifyResponse(message: Message, zone: Name, question: QuestionRef): Classification {
	const judged = judge(message, zone, question);
	const used = judged.kind === 'answer' || judged.kind === 'cname' || judged.kind === 'referral' || judged.kind === 'nxdomain' || judged.kind === 'nodata';
	const childApex = judged.kind === 'answer' || judged.kind === 'nxdomain' || judged.kind === 'nodata' ? childApexOf(message, zone, question) : undefined;
	return {...judged, ...(childApex ? {childApex} : {}), outOfBailiwick: used ? outOfBailiwick(message, zone, judged.referral) : []};
}

/**
 * The zone cut a resolver finds in an authoritative response (RFC 2308 3, RFC 9156 2.3): the owner of the SOA it
 * carries, in the answer when the question is that SOA, in the authority section of a NODATA or NXDOMAIN. It names
 * a cut when strictly below the zone asked and at or above the name asked (whether the walk descends it is
 * `cutOf`'s to say).
 */
function childApexOf(message: Message, zone: Name, question: QuestionRef): Name | undefined {
	const answered = question.type === 'SOA' ? message.answer.find((record) => record.type === 'SOA' && record.name === question.name) : undefined;
	const soa = answered ?? (message.answer.length === 0 ? message.authority.find((record) => record.type === 'SOA') : undefined);
	if (!soa || !isStrictlyBelow(soa.name, zone) || !isAtOrBelow(question.name, soa.name)) return undefined;
	return soa.name;
}

function judge(message: Message, zone: Name, question: QuestionRef): Omit<Classification, 'outOfBailiwick'> {
	switch (message.rcode) {
		case 'NOERROR':
			break;
		case 'NXDOMAIN': {
			const chain = followChain(message.answer, question, zone);
			if (!message.flags.aa) return {kind: 'lame', records: chain.records};
			// The name that does not exist is the chain's last; once the chain has left the zone, that is not this
			// server's to say (RFC 6604 2.1): its own zone's servers are asked.
			if (chain.target && !isAtOrBelow(chain.target, zone)) return {kind: 'cname', records: chain.records, target: chain.target};
			return {kind: 'nxdomain', records: chain.records};
		}
		case 'REFUSED':
			return {kind: 'refused', records: []};
		case 'SERVFAIL':
			return {kind: 'servfail', records: []};
		default:
			return {kind: 'error', records: []};
	}

	const chain = followChain(message.answer, question, zone);
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

/**
 * The CNAME/DNAME chain in an answer section from the question name, ending at the data, at a dangling name, or
 * where it leaves the zone asked: a server speaks only for its own zone (RFC 5452 6), so whatever the response
 * says about a name beyond it is not taken, and that name is asked of its own zone's servers.
 */
function followChain(answer: ResourceRecord[], question: QuestionRef, zone: Name): Chain {
	const records: ResourceRecord[] = [];
	let current = question.name;
	const seen = new Set<Name>();
	while (!seen.has(current) && isAtOrBelow(current, zone)) {
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
		// A DNAME is the zone's own data only when its owner is inside the zone: one owned above it (the parent, the
		// root) would let any server rewrite names it is not authoritative for.
		const dname = answer.find((record) => record.type === 'DNAME' && isStrictlyBelow(current, record.name) && isAtOrBelow(record.name, zone) && record.data.kind === 'name');
		if (dname && dname.data.kind === 'name') {
			records.push(dname, ...signaturesFor(answer, dname.name, 'DNAME'));
			current = substituteSuffix(current, dname.name, dname.data.target);
			// A DNAME whose target is below its owner rewrites each name it made into a longer one, never one seen: the
			// chain ends once the name is past 255 octets (RFC 6672 2.2: a server answers YXDOMAIN), not asked.
			if (wireLength(current) > MAX_NAME_OCTETS) break;
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

const SECTIONS: SectionName[] = ['answer', 'authority', 'additional'];

/** Every record outside the zone asked, and the referral's glue for no NS name of it (inside the zone, or the first pass has it). */
function outOfBailiwick(message: Message, zone: Name, referral: ReferralData | undefined): DroppedRecord[] {
	const dropped = SECTIONS.flatMap((section) => message[section].filter((record) => !isAtOrBelow(record.name, zone)).map((record) => droppedRecord(section, record)));
	for (const glue of referral?.ignoredGlue ?? []) {
		if (isAtOrBelow(glue.name, zone)) dropped.push({section: 'additional', name: glue.name, type: glue.address.includes(':') ? 'AAAA' : 'A', address: glue.address});
	}
	return dropped;
}

function droppedRecord(section: SectionName, record: ResourceRecord): DroppedRecord {
	return {section, name: record.name, type: record.type, ...(record.data.kind === 'address' ? {address: record.data.address} : {})};
}
