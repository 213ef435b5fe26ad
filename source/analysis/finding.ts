import type {Family} from '../dns/address.js';
import {isTld, labels, type Name} from '../dns/name.js';
import type {LoopRecord} from '../trace/model.js';
import {FINDING_CATALOGUE, forRoot, forSubzone, forTld, SEVERITY_RANK, type FactsOf} from './finding-catalogue.js';
import {registeredAbove} from './registrable-domain.js';
import {byCodeUnits} from '../trace/server-order.js';

export type Severity = 'error' | 'warning' | 'info';

/** Stable codes: snapshots, tests and users' scripts match on them. */
export type FindingCode =
	| 'SERVER_TIMEOUT'
	| 'SERVER_UNREACHABLE'
	| 'SERVER_REFUSED'
	| 'SERVER_FAILURE'
	| 'SERVER_ERROR_RCODE'
	| 'SERVER_NOT_AUTHORITATIVE'
	| 'UPWARD_REFERRAL'
	| 'ZONE_UNREACHABLE'
	| 'TRUNCATED_NO_TCP'
	| 'EDNS_UNSUPPORTED'
	| 'SERVER_UDP_FAILS_TCP_WORKS'
	| 'SERVER_NO_TCP'
	| 'TCP_UDP_ANSWERS_DIFFER'
	| 'MALFORMED_RESPONSE'
	| 'OUT_OF_BAILIWICK_DATA'
	| 'ADDRESS_UNUSABLE'
	| 'DELEGATION_MISSING'
	| 'ZONE_NOT_DELEGATED'
	| 'NS_NAME_UNRESOLVABLE'
	| 'NS_DEPENDENCY_FAILED'
	| 'GLUE_MISSING'
	| 'GLUE_MISMATCH'
	| 'NS_SET_MISMATCH'
	| 'REFERRAL_INCONSISTENT'
	| 'SINGLE_NAMESERVER'
	| 'SERIAL_MISMATCH'
	| 'ANSWER_MISMATCH'
	| 'SOA_MISMATCH'
	| 'SINGLE_POINT_OF_FAILURE'
	| 'LOOP_DETECTED'
	| 'LIMIT_REACHED'
	| 'DS_NO_MATCHING_DNSKEY'
	| 'DNSKEY_MISSING'
	| 'RRSIG_MISSING'
	| 'RRSIG_EXPIRED'
	| 'RRSIG_NOT_YET_VALID'
	| 'RRSIG_EXPIRING_SOON'
	| 'RRSIG_INVALID'
	| 'DNSSEC_PARTIAL'
	| 'DNSSEC_WITHOUT_DS'
	| 'DS_DIGEST_DEPRECATED'
	| 'ALGORITHM_DEPRECATED'
	| 'ALGORITHM_UNSUPPORTED'
	| 'DENIAL_INVALID'
	| 'NSEC3_ITERATIONS'
	| 'VALIDATION_LIMIT'
	| 'VANTAGE_NO_NETWORK'
	| 'VANTAGE_DNS_BLOCKED'
	| 'VANTAGE_NO_ROUTE_IPV4'
	| 'VANTAGE_NO_ROUTE_IPV6'
	| 'VANTAGE_IPV4_BLOCKED'
	| 'VANTAGE_IPV6_BLOCKED'
	| 'VANTAGE_DNS_INTERCEPTED'
	| 'VANTAGE_UDP_BLOCKED'
	| 'VANTAGE_TCP_BLOCKED'
	| 'VANTAGE_HOST_EXHAUSTED'
	| 'NS_NAME_IS_CNAME'
	| 'CNAME_MULTIPLE'
	| 'REFERRAL_TOO_LARGE'
	| 'DNSKEY_RSA_SHORT'
	| 'CDS_INCONSISTENT'
	| 'CDS_NO_MATCHING_DNSKEY'
	| 'CDS_DS_MISMATCH'
	| 'NOT_A_ZONE'
	| 'REGISTRY_HOLD'
	| 'REGISTRAR_HOLD'
	| 'DOMAIN_EXPIRED'
	| 'DOMAIN_PENDING_DELETE'
	| 'REGISTRY_NS_DIFFER';

/**
 * Who can act on a finding: `your-network` is the user, or whoever runs the network this host is on; `tld-manager`
 * stands for the registry and the registrar of a TLD, whose delegation and DS at the root change only through IANA;
 * `trust-anchor` is whoever configures a validator's trust anchor (resolver operators, or the user's --trust-anchor
 * file), which vouches for the root, where no parent and no registrar do, or for a zone it is given for;
 * `root-zone-manager` is IANA root zone management, which edits the root zone's contents (its NS set, the root
 * servers' addresses): at the root it stands where a zone below stands its owner, registrar and registry;
 * `private-root` stands for both IANA roles in a trace of a root that is not IANA's (see forPrivateRoot).
 */
export type Fixer = 'registry' | 'registrar' | 'tld-manager' | 'root-zone-manager' | 'private-root' | 'parent-zone-owner' | 'dns-operator' | 'zone-owner' | 'trust-anchor' | 'this-host' | 'your-network';

/**
 * Who can fix a finding, by name where the trace knows it: `names` the domains they are known by (a DNS operator by the
 * registrable domains of its servers' names, a registry by its TLD), `contact` a mailbox (a zone's SOA RNAME). Both
 * are untrusted text from the wire, presented only by the views.
 */
export interface Party {
	role: Fixer;
	names: Name[];
	contact?: string;
	/** Who they are in their own words, where a registry says (a registrar's name and IANA ID, from RDAP). */
	known?: string;
}

/**
 * The kind of change that fixes a finding, and so which records' TTL a resolver keeps the old state for: the denying
 * zone's negative TTL, the parent's NS and glue, the NS set, the DS at the parent, the DNSKEY set, the signed RRset,
 * the answer; `none` for what no resolver caches (this host, its network, advice).
 */
export type FixChange = 'negative-answer' | 'delegation' | 'server-removal' | 'ds' | 'dnskey' | 'signature' | 'answer' | 'none';

/** The record a cached failure's TTL was read from. */
export interface KeptFrom {
	name: Name;
	type: string;
	/** The TTL of a negative answer: its SOA's MINIMUM, capped by the SOA record's TTL (RFC 2308 5). */
	negative: boolean;
	/**
	 * Whose copy, for a record both the parent's referral and the zone's own servers give (NS, glue), as their TTLs
	 * may differ: the figure `dig` shows depends on whom it asks.
	 */
	copy?: {by: 'parent'; parent: Name} | {by: 'zone'};
	/** What the record held on the wire, where its top bit was set and the TTL is read as 0 (RFC 2181 8). */
	wireTtl?: number;
	/**
	 * The records failed validation: what a resolver keeps is the failure (at most FAILURE_CACHE_SECONDS), not the
	 * records, whose TTL the seconds are capped by.
	 */
	failure?: true;
}

/**
 * The longest a resolver that cached the failure can keep it after the fix, from the records in the trace (TTLs as the
 * servers gave them): the seconds and the record they come from, or why the trace cannot tell.
 */
export type CachedFailure =
	| {change: 'none'}
	| {change: Exclude<FixChange, 'none'>; seconds: number; from: KeptFrom}
	| {change: Exclude<FixChange, 'none'>; unknown: string};

/** A typed, evidence-backed statement: what is wrong, where, on which servers, and who can fix it. */
export interface Finding {
	code: FindingCode;
	severity: Severity;
	zone: Name;
	/** Every server address involved, and none that is not. */
	servers: string[];
	/** One line, specific: names, serials, addresses. */
	message: string;
	/** A short paragraph for a learner: what it means, why it matters, who can fix it. */
	explanation: string;
	fixers: Fixer[];
	/** The kind of change that fixes it: which records' TTL keeps the old state in resolvers' caches. */
	change: FixChange;
	/** Ids of the probes that show it. */
	evidence: number[];
}

/** A finding as the analysis gives it: who can fix it by name, and how long users may see it after the fix. */
export interface AnalysedFinding extends Finding {
	parties: Party[];
	cached: CachedFailure;
}

/**
 * Whether any server of the zone still gives usable answers (one failing server among working ones is not an
 * outage), and how many of the zone's server addresses fail this way: the share of a resolver's first tries that do.
 */
interface ZoneStillServed {
	anyServerWorks: boolean;
	failingAddresses: number;
	zoneAddresses: number;
	/** Replies the failing servers sent that matched none of their queries (another ID or question); none when absent. */
	strays?: number;
	/** An upward referral's: every one named the zone itself, none a zone above it. */
	toItself?: boolean;
}

/**
 * What validators make of a zone's signatures, from its DNSSEC status: `chain` (a chain of trust reaches the zone,
 * sound or broken: they check them and reject what fails), `unanchored` (no trust anchor at or above it: resolvers
 * with these anchors never check them, only one holding an anchor for it would) or `insecure` (its parent proves it
 * unsigned, or signs it only with algorithms no validator checks: every validator ignores them).
 */
export type SignatureStakes = 'chain' | 'unanchored' | 'insecure';

/**
 * What validators make of the zone's signatures; whether this server's own keys are the ones the chain of trust
 * vouches for, so that validators reject what fails to validate; and whether another server of the zone serves the
 * same data so that it validates (resolvers retry it: at risk, not down).
 */
interface UnderChainOfTrust {
	stakes: SignatureStakes;
	chainOfTrust: boolean;
	anotherServerValidates: boolean;
}

/**
 * A signature that fails on one RRset: as UnderChainOfTrust, and whether the RRset came beside what the question asked
 * for (in the answer section, not the RRset asked nor a CNAME or DNAME of the chain to it; or the zone's NS in the
 * authority section of a positive answer), which validators strip from the reply instead of validating it (RFC 4035
 * 5; Unbound's scrubber, BIND).
 */
interface SignatureFailure extends UnderChainOfTrust {
	besideAnswer: boolean;
}

/**
 * The observed facts a code's severity, explanation or fixers depend on (see FINDING_CATALOGUE). A code listed here
 * cannot be reported without them; a code not listed reads none.
 */
export interface FindingFacts {
	SERVER_TIMEOUT: ZoneStillServed;
	SERVER_UNREACHABLE: ZoneStillServed;
	SERVER_REFUSED: ZoneStillServed;
	SERVER_FAILURE: ZoneStillServed;
	SERVER_ERROR_RCODE: ZoneStillServed;
	SERVER_NOT_AUTHORITATIVE: ZoneStillServed;
	UPWARD_REFERRAL: ZoneStillServed;
	MALFORMED_RESPONSE: ZoneStillServed;
	/** The newest serial the zone's servers serve, the oldest a lagging server serves, and how far behind it is (RFC 1982). */
	/** `expire`: the SOA expire of the oldest copy, how long its server may go on serving it without a refresh. */
	/** `otherPrimary`: every older copy names another primary (SOA MNAME) than every server at the newest serial. */
	SERIAL_MISMATCH: {newest: number; oldest: number; behind: number; expire: number; otherPrimary: boolean};
	/**
	 * How many of the zone's server addresses answer with other data than the answer followed, out of how many; and
	 * whether each of them also serves an older serial (SERIAL_MISMATCH names them: a stale secondary).
	 * `answeringAddresses`: those that answer the question at all (the others refuse, refer up or time out).
	 */
	ANSWER_MISMATCH: {otherAddresses: number; zoneAddresses: number; answeringAddresses: number; lagging: boolean};
	/**
	 * Whether the zone's servers were asked and all failed, or no address of any of its servers could be found;
	 * `namesUndelegated`: with no address, every name server's name is under a domain no longer delegated (puri.sm.).
	 */
	ZONE_UNREACHABLE: {cause: 'servers-failed' | 'no-address'; namesUndelegated?: boolean};
	/**
	 * The registrable domain, and the zone that denies it: the root, or the TLD whose registry pulled it. `denial`: how
	 * its servers deny it: NXDOMAIN (asked at or below the domain); asked at the domain itself, a NODATA from their own
	 * zone whose signed NSEC or NSEC3 shows nothing at the name, no NS (`empty-name`: an empty non-terminal above kept
	 * glue, or a compact denial); or such a NODATA with no proof of what the name holds (`no-delegation`: an unsigned
	 * parent). `registered`: the registry's RDAP knows the domain, so a name with no delegation is a domain missing one.
	 */
	/**
	 * `breaks`: the denial is on the way to the traced name's answer, or a zone with a name server named under the
	 * domain is down; otherwise it cost a zone one of its name servers, and another still answers.
	 */
	DELEGATION_MISSING: {domain: Name; parent: Name; denial: 'nxdomain' | 'empty-name' | 'no-delegation'; registered: boolean; breaks: boolean};
	/**
	 * The zone that should delegate the child (the closest enclosing zone: the one whose servers deny its DS, else
	 * `servedBy`); the zone whose servers answer from the child's data; whether they deny the child on the parent's side
	 * (NXDOMAIN for its DS); whether the child's own name servers answer (or users get only the parent's servers'
	 * answer); whether validators reject the child's data (the parent denies it and a chain of trust reaches the parent).
	 */
	ZONE_NOT_DELEGATED: {parent: Name; servedBy: Name; denied: boolean; ownServersAnswer: boolean; validatorsReject: boolean};
	/** The port the trace asked on (--port): the one a network would filter. */
	/** `hints`: the trace's hints (`built-in`, `lab`, a file or `@server`); `asked`: the server addresses that never answered. */
	VANTAGE_DNS_BLOCKED: {port: number; hints: string; asked: number};
	/** `refused`: every root server refused (a DNS firewall), rather than every server answering as a resolver does. */
	VANTAGE_DNS_INTERCEPTED: {port: number; hints: string; refused: boolean};
	/** `family`: UDP is blocked over this family alone, and answered over the other. */
	VANTAGE_UDP_BLOCKED: {port: number; family?: 4 | 6};
	/** `family`: TCP is blocked over this family alone, and answered over the other. */
	VANTAGE_TCP_BLOCKED: {port: number; family?: 4 | 6};
	/**
	 * The families with no route are every family a query could go over; `untried`: a family that had no query to send
	 * (`not-asked`: the trace was held to the other, -4 or -6; `no-address`: no server to ask had an address of it, as
	 * with hints of one family), so its route is unknown. `hints` as for VANTAGE_DNS_BLOCKED.
	 */
	VANTAGE_NO_NETWORK: {untried: Array<{family: Family; why: 'not-asked' | 'no-address'}>; hints: string};
	/** The zone whose servers disagree about the delegation: its DNS operator fixes it (a TLD's is its registry's). */
	REFERRAL_INCONSISTENT: {parent: Name};
	NS_NAME_UNRESOLVABLE: {anyNameResolves: boolean};
	/** `namesUndelegated`: every name server's name is under a domain its parent no longer delegates (puri.sm.). */
	NS_DEPENDENCY_FAILED: {namesUndelegated: boolean};
	/** Who gave the unusable addresses (the parent's glue, the zone holding the name, the root hints), and whether the zone has any server left to ask. */
	ADDRESS_UNUSABLE: {glue: boolean; zoneData: boolean; hints: boolean; anyServer: boolean};
	/** Whether the zone has name servers that need no glue (or have it). */
	GLUE_MISSING: {otherNameservers: boolean};
	/** The zone's servers disagree with each other, or the delegation at the parent disagrees with the zone. */
	NS_SET_MISMATCH: {between: 'servers' | 'parent-and-zone'};
	/** What every server of the zone hangs on. */
	SINGLE_POINT_OF_FAILURE: {dependsOn: 'one-address' | 'one-network' | 'own-delegation' | 'one-tld'} | {dependsOn: 'one-domain'; domain: Name};
	LOOP_DETECTED: {kind: LoopRecord['kind']};
	/**
	 * Whether some other DS of the zone does match a key, so the chain of trust still holds; `anchor`: the DS set is the
	 * validator's trust anchor for the zone (always so for the root), not the parent's.
	 */
	DS_NO_MATCHING_DNSKEY: {anyDsMatches: boolean; anchor: boolean};
	/** Whether any server answered the DNSKEY question (none: the zone is gone and its DS stayed behind); `anchor` as above. */
	DNSKEY_MISSING: {anyServerAnswers: boolean; anchor: boolean};
	/** Whether the deprecated digest is the trust anchor's for the zone, not a DS at its parent. */
	DS_DIGEST_DEPRECATED: {anchor: boolean};
	/** Whether the unsupported algorithm is the trust anchor's for the zone, not a key or the parent's DS. */
	ALGORITHM_UNSUPPORTED: {anchor: boolean};
	DNSSEC_PARTIAL: UnderChainOfTrust;
	RRSIG_MISSING: SignatureFailure;
	RRSIG_EXPIRED: SignatureFailure;
	RRSIG_NOT_YET_VALID: SignatureFailure;
	RRSIG_INVALID: SignatureFailure;
	RRSIG_EXPIRING_SOON: {stakes: SignatureStakes};
	/** Extra NSEC3 hash iterations (RFC 5155 3.1.3). */
	NSEC3_ITERATIONS: {iterations: number; stakes: SignatureStakes};
	/** Whether some other server of the zone answered its TCP check, so a resolver that needs TCP has somewhere to go. */
	SERVER_NO_TCP: {anyServerServesTcp: boolean};
	/** Whether every server that answered for the name gave it more than one alias, so no server is left for BIND to retry. */
	CNAME_MULTIPLE: {everyServer: boolean};
	/** How a name a survey lists turned out to be no zone, and the zone that said so (the one holding the name). */
	NOT_A_ZONE: {kind: 'nxdomain' | 'inside-parent' | 'alias'; parent: Name};
}

/** The facts an observation of a code carries: required when the catalogue reads them, absent otherwise. */
export type FactsField<C extends FindingCode> = C extends keyof FindingFacts ? {facts: FindingFacts[C]} : {facts?: undefined};

/** What a check saw. The catalogue adds what the code means: severity, explanation and who can fix it. */
export type Observation<C extends FindingCode = FindingCode> = {
	code: C;
	zone: Name;
	/** Every server address involved, and none that is not. */
	servers: string[];
	/** One line, specific: names, serials, addresses. */
	message: string;
	/** Ids of the probes that show it. */
	evidence: number[];
} & FactsField<C>;

/**
 * The severity, explanation and fixers the catalogue gives a code, for the facts observed, on the zone it is about:
 * for a TLD, the registry and registrar roles become the TLD manager's, through IANA (see forTld), unless the entry
 * says what it means on a TLD (its parent's operator is the root's, not the TLD manager); at the root, what the entry
 * says it means there, else its owner, registrar and registry become IANA root zone management (see forRoot); below a
 * registered domain, the registrar and registry become the parent zone's owner (see forSubzone).
 */
export function describeCode<C extends FindingCode>(code: C, facts: FactsOf<C>, zone?: Name): Pick<Finding, 'severity' | 'explanation' | 'fixers'> {
	const entry = FINDING_CATALOGUE[code];
	const {severity, explanation, fixers} = entry;
	const described = {
		severity: typeof severity === 'string' ? severity : severity.when(facts) ? severity.then : severity.otherwise,
		explanation: typeof explanation === 'string' ? explanation : explanation(facts),
		fixers: [...(typeof fixers === 'function' ? fixers(facts) : fixers)],
	};
	if (zone === '.' && entry.onRoot) {
		const {explanation: onRoot, fixers: rootFixers} = entry.onRoot;
		return {...described, explanation: typeof onRoot === 'string' ? onRoot : onRoot(facts), fixers: [...(typeof rootFixers === 'function' ? rootFixers(facts) : rootFixers)]};
	}
	if (zone === '.') return {...described, ...forRoot(described.explanation, described.fixers)};
	if (zone === undefined) return described;
	if (!isTld(zone)) {
		const registered = registeredAbove(zone);
		return registered === undefined ? described : {...described, ...forSubzone(described.explanation, described.fixers, registered)};
	}
	return entry.onTld ? {...described, explanation: entry.onTld.explanation, fixers: [...entry.onTld.fixers]} : {...described, ...forTld(described.explanation, described.fixers)};
}

/** The change that fixes a code, for the facts observed (the catalogue's `change` column). */
export function changeOf<C extends FindingCode>(code: C, facts: FactsOf<C>): FixChange {
	const {change} = FINDING_CATALOGUE[code];
	return typeof change === 'function' ? change(facts) : change;
}

/** The one way a finding is made: what was observed, and what the catalogue says the code means. */
export function createFinding<C extends FindingCode>(observation: Observation<C>): Finding {
	const {code, zone, servers, message, evidence} = observation;
	// Observation<C> pairs each code with its facts at the call site; for a generic C, TypeScript cannot resolve
	// FactsField<C> to see that pairing here.
	const {severity, explanation, fixers} = describeCode(code, observation.facts as FactsOf<C>, zone);
	return {code, severity, zone, servers, message, explanation, fixers, change: changeOf(code, observation.facts as FactsOf<C>), evidence};
}

/** Worst first; causes before symptoms (the catalogue's rank); then by zone from the root down, then by code. */
export function sortFindings<F extends Finding>(findings: F[]): F[] {
	const depth = (zone: Name) => labels(zone).length;
	return [...findings].sort(
		(a, b) =>
			SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
			FINDING_CATALOGUE[a.code].rank - FINDING_CATALOGUE[b.code].rank ||
			depth(a.zone) - depth(b.zone) ||
			byCodeUnits(a.zone, b.zone) ||
			byCodeUnits(a.code, b.code),
	);
}
