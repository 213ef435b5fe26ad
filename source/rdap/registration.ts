import type {Name} from '../dns/name.js';

/*
 * A domain's registration as its registry's RDAP server gave it (RFC 9082/9083): the exchange kept raw, so a snapshot
 * can judge it again, and the facts read from it. Plain data: the trace carries it, the analysis reads it.
 */

/** Why a domain was looked up: the registrable domain of the traced name, or one its broken zones' servers are named under. */
export type RegistrationReason = 'query' | 'nameserver';

/** The exchange, as it happened: what was asked, what came back (bounded), or why nothing did. */
export interface RdapExchange {
	/** The URL asked last (after any redirects). */
	url?: string;
	/** The HTTP status of the last response. */
	status?: number;
	/** The response body as text, at most the client's size limit (see RDAP_LIMITS). */
	body?: string;
	/** Why the exchange gave no usable response, in words. */
	error?: string;
	/** Milliseconds from the first request to the end. */
	ms: number;
}

export interface Registrar {
	name?: string;
	/** The IANA Registrar ID (RFC 9083 publicIds, type "IANA Registrar ID"). */
	ianaId?: string;
	abuseEmail?: string;
	abusePhone?: string;
}

/** What the registry says of the domain. Every string is untrusted text from the network, presented only by views. */
export interface RegistrationFacts {
	/**
	 * The status values by their RDAP names (RFC 9083 10.2.2, mapped from EPP's by RFC 8056) whatever the spelling:
	 * "server hold", "client hold", "pending delete", "redemption period", "active", …; one RDAP has no name for, as given.
	 */
	statuses: string[];
	registrar?: Registrar;
	/** The expiration event's date (RFC 9083 4.5), as given when it is an RFC 3339 date-time. */
	expires?: string;
	/** The name servers on file at the registry, as names (lower case, absolute); none when the list was unreadable. */
	nameservers: Name[];
	/** The members that were not what RFC 9083 says and were dropped ("entities", "expiry date", …), when any were. */
	unreadable?: string[];
}

/**
 * A date-time from a registry said as people compare dates, in UTC: "2020-01-01T00:00:00+02:00" is 2019-12-31 22:00
 * UTC, not the first of January. `expires` was checked as RFC 3339 when it was read, which Date.parse reads; a year
 * past 9999 once the offset is applied is written out in full (10000-01-01), not as ISO's extended year.
 */
function utcMoment(dateTime: string): {day: string; time: string} {
	const when = new Date(Date.parse(dateTime));
	const two = (value: number) => String(value).padStart(2, '0');
	return {
		day: `${String(when.getUTCFullYear()).padStart(4, '0')}-${two(when.getUTCMonth() + 1)}-${two(when.getUTCDate())}`,
		time: `${two(when.getUTCHours())}:${two(when.getUTCMinutes())}`,
	};
}

/**
 * An expiry as a reader checks it against whois: its UTC day, and when the registry wrote it in another offset, the
 * registry's own text beside it ("2019-12-31 UTC (the registry wrote 2020-01-01T05:00:00+14:00)"), so a day that
 * differs from the registry's is explained.
 */
export function expiryInWords(expires: string): string {
	const {day, time} = utcMoment(expires);
	return /[Zz]$/u.test(expires) ? day : `${day} ${time} UTC (the registry wrote ${expires})`;
}

/** What the lookup came to: the registry's facts, its word that no such domain is registered, or why there is neither. */
export type RegistrationResult =
	| {kind: 'found'; facts: RegistrationFacts}
	| {kind: 'not-found'}
	/** RDAP could not be reached (loopback only, no network, time-out): no one is to blame. */
	| {kind: 'unreachable'; reason: string}
	/** The server answered, but not with a usable domain object: an error status, or JSON that is not one. */
	| {kind: 'unusable'; reason: string}
	/** The bootstrap registry names no RDAP server for the domain's TLD. */
	| {kind: 'no-server'; reason: string};

export interface RegistrationLookup {
	domain: Name;
	reason: RegistrationReason;
	exchange: RdapExchange;
	/** Read from `exchange`: derived, never read from a file. */
	result: RegistrationResult;
}

/** Every lookup of a trace, and where the RDAP servers' addresses came from (the bootstrap's publication date or file). */
export interface Registration {
	bootstrap: string;
	/** The --rdap-bootstrap file, as given, when one was: the command that takes the trace again repeats it. */
	bootstrapFile?: string;
	lookups: RegistrationLookup[];
}
