import type {ProbePurpose} from '../trace/model.js';

/** What a kind of response means for the walk, for a learner: the explain overlay and the step-through say it alike. */
export const KIND_MEANING: Record<string, string> = {
	referral: 'a referral: "I am not the one who knows; ask these servers of the child zone" (the NS records are in the authority section, with their addresses as glue in the additional section when the names lie inside the parent)',
	answer: 'an authoritative answer: the AA bit says this server is responsible for the name and the records are its own data',
	cname: 'an alias: the name is a CNAME for another name, which must be looked up in its turn',
	nxdomain: 'NXDOMAIN: the name does not exist (an authoritative denial, with the zone SOA to say how long to remember it)',
	nodata: 'NODATA: the name exists but has no records of the asked type',
	'upward-referral': 'an upward referral: instead of answering, the server pointed back at the root. It does not have the zone; resolvers call that lame',
	lame: 'an answer without the AA bit from a server that should be authoritative: a lame server',
	refused: 'REFUSED: the server will not answer for this zone; it is not configured there',
	servfail: 'SERVFAIL: the server has the zone but cannot serve it',
};

/** Why a probe was sent, for a learner: the explain overlay and the step-through say it alike. */
export const PURPOSE_MEANING: Record<ProbePurpose, string> = {
	walk: 'the question of the walk itself: the user\'s question (or the look-up of a name server\'s address), asked of every server of the zone',
	soa: 'the zone\'s SOA: its serial shows whether every server serves the same version of the zone',
	ns: 'the zone\'s own NS set, to compare with the delegation the parent gave',
	dnskey: 'the zone\'s DNSKEY set: the keys its signatures are checked with, vouched for by the DS at the parent',
	cds: 'the zone\'s CDS or CDNSKEY set: the DS the zone asks its parent to publish (RFC 7344), checked against its keys and the parent\'s DS',
	ds: 'the DS of a child zone, which only the parent knows: the hash of the child\'s key that links the chain of trust',
	'ns-address': 'the address of one of the zone\'s own servers, to compare with the glue at the parent',
	'soa-tcp': 'SOA over TCP, the TCP check: the zone\'s SOA asked again over TCP only, because every authoritative server must answer over TCP (RFC 7766) or answers too large for UDP can never be fetched from it; its serial must be the one the server gives over UDP',
	'ns-tcp': 'NS over TCP, the TCP check: the zone\'s NS set asked again over TCP only, to see the server answers over TCP (RFC 7766) with the NS set it gives over UDP, not from another, stale backend',
	'dnskey-tcp': 'DNSKEY over TCP, the TCP check: the zone\'s DNSKEY set asked again over TCP only, to see the server answers over TCP (RFC 7766) with the keys it gives over UDP; a key set too large for UDP can only be fetched this way',
};
