import {isAtOrBelow, labels, MAX_NAME_OCTETS, type Name} from '../dns/name.js';
import type {Zone} from '../trace/model.js';
import {createFinding, type Finding} from './finding.js';
import {unique, type TraceView} from './trace-view.js';

/** RFC 1035 4.2.1: a UDP message without EDNS carries at most 512 octets; IANA requires referrals to fit in one. */
export const CLASSIC_UDP_LIMIT = 512;

const HEADER = 12;
/** TYPE, CLASS, TTL and RDLENGTH after a record's owner name. */
const RECORD_FIXED = 10;
const POINTER = 2;

/** What the smallest complete referral to a zone must carry (see referralSize). */
export interface MinimalReferral {
	child: Name;
	nameservers: Name[];
	/** A name server to carry one A glue record for, and one for AAAA: only when every server of the family needs glue. */
	glue: {a?: Name; aaaa?: Name};
}

/**
 * The octets of the smallest referral a parent can send for the zone, the way Zonemaster's DELEGATION03 builds it:
 * a question of the longest name below the zone (255 octets), the NS RRset, and one glue address per family when a
 * resolver could not otherwise reach any server of that family; names compressed as RFC 1035 4.1.4 allows.
 */
export function referralSize(referral: MinimalReferral): number {
	// Every suffix of a name already in the message can be replaced by a two-octet pointer to it.
	const pointable = new Set<string>();
	const encode = (name: Name): number => {
		const parts = labels(name);
		let octets = 1;
		for (const [index, label] of parts.entries()) {
			if (pointable.has(parts.slice(index).join('.'))) {
				octets += POINTER - 1;
				break;
			}
			octets += Buffer.byteLength(label) + 1;
		}
		for (const index of parts.keys()) pointable.add(parts.slice(index).join('.'));
		return octets;
	};
	// The question: filler labels no later name shares, then the zone, MAX_NAME_OCTETS in all; then QTYPE and QCLASS.
	let size = HEADER + MAX_NAME_OCTETS + 4;
	encode(referral.child);
	for (const ns of referral.nameservers) size += encode(referral.child) + RECORD_FIXED + encode(ns);
	if (referral.glue.a) size += encode(referral.glue.a) + RECORD_FIXED + 4;
	if (referral.glue.aaaa) size += encode(referral.glue.aaaa) + RECORD_FIXED + 16;
	return size;
}

/** Zonemaster DELEGATION03: a delegation whose smallest referral does not fit in a classic 512-octet UDP message. */
export function checkReferralSizes(view: TraceView): Finding[] {
	return view.trace.zones.flatMap((zone) => {
		const referral = minimalReferral(view, zone);
		if (!referral) return [];
		const size = referralSize(referral);
		if (size <= CLASSIC_UDP_LIMIT) return [];
		const referrals = view.referrals(zone);
		return [
			createFinding({
				code: 'REFERRAL_TOO_LARGE',
				zone: zone.name,
				servers: unique(referrals.map(({server}) => server.address)),
				message: `${zone.name}: the smallest referral ${zone.parent} can give for it without EDNS takes ${size} octets (${referral.nameservers.length} name servers${referral.glue.a || referral.glue.aaaa ? ' and their glue' : ''}), more than the ${CLASSIC_UDP_LIMIT} a UDP message without EDNS holds`,
				evidence: referrals.map(({probe}) => probe.id),
			}),
		];
	});
}

/** The delegation as the parent's servers gave it, with glue where a family's servers are all inside the parent. */
function minimalReferral(view: TraceView, zone: Zone): MinimalReferral | undefined {
	if (!zone.parent) return undefined;
	const parent = zone.parent;
	const nameservers = unique(view.referrals(zone).flatMap(({classification}) => classification.referral?.ns ?? [])).sort();
	if (nameservers.length === 0) return undefined;
	const withFamily = (family: 4 | 6) => nameservers.filter((name) => zone.nameservers.some((ns) => ns.name === name && ns.addresses.some((address) => address.family === family)));
	const glueFor = (family: 4 | 6) => {
		const names = withFamily(family);
		return names.length > 0 && names.every((name) => isAtOrBelow(name, parent)) ? names[0] : undefined;
	};
	const a = glueFor(4);
	const aaaa = glueFor(6);
	return {child: zone.name, nameservers, glue: {...(a ? {a} : {}), ...(aaaa ? {aaaa} : {})}};
}
