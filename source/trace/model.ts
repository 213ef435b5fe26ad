import type {Family} from '../dns/address.js';
import type {Name} from '../dns/name.js';
import type {Message, ResourceRecord, SectionName} from '../dns/record.js';
import type {Registration} from '../rdap/registration.js';

/** Where the walk learned a server address. */
export type AddressOrigin = 'hints' | 'glue' | 'child' | 'subtrace';

/**
 * Why a probe was sent: the walk's own question, or the zone data a side-by-side comparison needs. The TCP checks
 * (`soa-tcp`, `ns-tcp`, `dnskey-tcp`; see `isTcpCheck`) ask the zone's SOA, NS and DNSKEY once more over TCP only, to
 * check that the server serves TCP (RFC 7766; Zonemaster CONNECTIVITY02) and serves the same data over it: evidence
 * about the server, never one of the walk's questions.
 */
export type ProbePurpose = 'walk' | 'soa' | 'ns' | 'dnskey' | 'cds' | 'ds' | 'ns-address' | TcpCheckPurpose;

/** The TCP checks, one per question asked again over TCP only. */
export type TcpCheckPurpose = 'soa-tcp' | 'ns-tcp' | 'dnskey-tcp';

export type ProbeStatus = 'pending' | 'answered' | 'timeout' | 'unreachable' | 'network' | 'malformed' | 'skipped';

/** What a response means for the walk, judged against the zone the server was asked as a server of. */
export type ResponseKind =
	| 'answer'
	| 'cname'
	| 'referral'
	| 'nxdomain'
	| 'nodata'
	| 'upward-referral'
	| 'lame'
	| 'refused'
	| 'servfail'
	| 'error';

export interface QuestionRef {
	name: Name;
	type: string;
}

export interface GlueRecord {
	name: Name;
	address: string;
}

export interface ReferralData {
	child: Name;
	ns: Name[];
	/** Glue inside the referring zone's authority; anything else offered is in `ignoredGlue`. */
	glue: GlueRecord[];
	ignoredGlue: GlueRecord[];
	/** DS records in the referral (a signed parent sends them with DO=1). */
	ds: ResourceRecord[];
}

/** A record a response carried that the walk did not use, because the server may not speak for it. */
export interface DroppedRecord {
	section: SectionName;
	name: Name;
	type: string;
	/** For an address record: the address, so a report can name it. */
	address?: string;
}

export interface Probe {
	id: number;
	zone: Name;
	server: Name;
	address: string;
	question: QuestionRef;
	purpose: ProbePurpose;
	/** When it was sent, ms since the trace started. */
	startedMs: number;
	status: ProbeStatus;
	/** Why a failed or skipped probe has no answer. */
	error?: string;
	transport?: 'udp' | 'tcp';
	attempts?: number;
	rttMs?: number;
	/** When the result came, ms since the trace started. */
	finishedMs?: number;
	truncatedOverUdp?: boolean;
	ednsFallback?: boolean;
	/** Queries with EDNS went unanswered and one without it was answered (`ednsFallback` is set too). */
	ednsDropped?: boolean;
	/** Every UDP attempt timed out and the query was asked once more over TCP (`transport` says where the result came from). */
	udpTimedOut?: boolean;
	/** After every UDP attempt timed out and the answer came over TCP, the plain UDP query beside it was answered too. */
	plainUdpAnswered?: boolean;
	/**
	 * The NSID the response carried (RFC 5001), hex of its bytes: which instance of an anycast address answered. Derived
	 * from the response's OPT record (see nsidOf), never read from a file; untrusted bytes, shown with presentNsid.
	 */
	nsid?: string;
	/** Responses that did not match (spoofed or stray) and were ignored. */
	ignored?: number;
	/**
	 * Not sent for this trace: the result of the identical query (same server, question and options) another trace of
	 * the same survey sent, measured at `measuredAt` (ISO time); its round trip and bytes are that query's.
	 */
	shared?: {measuredAt: string};
	rcode?: string;
	size?: number;
	kind?: ResponseKind;
	/** For a referral: the child zone it pointed to. */
	referral?: Name;
	/** What the response carried outside the zone asked (and glue for no NS name of a referral): not used. */
	outOfBailiwick?: DroppedRecord[];
	response?: Message;
	/** The response as received, base64: the snapshot's source of truth for re-decoding. */
	raw?: string;
}

export interface ServerAddress {
	address: string;
	family: Family;
	origins: AddressOrigin[];
}

/** An address given for a name server that no server can have (see unusableReason): kept, never queried. */
export interface UnusableAddress {
	address: string;
	origins: AddressOrigin[];
	reason: string;
}

export interface Nameserver {
	name: Name;
	/** Who lists this name in the zone's NS set: the parent's referral, the zone's own NS RRset, or both. */
	listedBy: Array<'parent' | 'child' | 'hints'>;
	addresses: ServerAddress[];
	/** Addresses given for the name that can never be a server's: not in `addresses`, not queried. */
	unusable?: UnusableAddress[];
	/** Sub-traces that looked up this name's addresses (ids into Trace.resolutions). */
	subtraces: number[];
	/** Why the name has no address, when it has none. */
	unresolved?: string;
	/** Addresses learned beyond the walk's per-name limit: counted, neither kept nor asked. */
	addressesSkipped?: SkippedCount;
}

/** Work a limit left undone, summarised as a count and why instead of one record each. */
export interface SkippedCount {
	count: number;
	reason: string;
}

export interface Server {
	name: Name;
	address: string;
	family: Family;
	origin: AddressOrigin;
	probes: Probe[];
	/** Questions never sent to this server because the trace reached its query limit: counted, not stored. */
	questionsSkipped?: SkippedCount;
}

export interface Zone {
	name: Name;
	/** The zone whose servers delegated to this one; absent for the root. */
	parent?: Name;
	nameservers: Nameserver[];
	servers: Server[];
}

export interface ReferralVariant {
	kind: ResponseKind;
	child?: Name;
	ns?: Name[];
	/** For an answer or CNAME: its records of the question's type and any CNAME or DNAME, as the first server gave them. */
	answer?: ResourceRecord[];
	/** Addresses of the servers that gave this variant. */
	addresses: string[];
}

export interface PathStep {
	zone: Name;
	question: QuestionRef;
	/**
	 * What the step decided: the kind of the response the zone's decision rule chose, "failure" when none came, or
	 * "cut" when the zone's servers answered from a child zone's data (co-hosted) and the probe's SOA names the child.
	 */
	result: ResponseKind | 'failure' | 'cut';
	/** The probe whose response the walk followed (for a cut, the one whose SOA names the child). */
	probe?: number;
	next?: Name;
	atMs: number;
	/** Every distinct kind of response the zone's servers gave to this question. */
	variants: ReferralVariant[];
}

/** `pending` while the walk has not decided: a trace still running, or saved while it ran. */
export type OutcomeStatus = 'pending' | 'answer' | 'nxdomain' | 'nodata' | 'failure';

export interface Outcome {
	status: OutcomeStatus;
	/** The answer RRset, with the CNAME/DNAME chain that led to it first. */
	records: ResourceRecord[];
	reason?: string;
	/** The zone that gave the final word. */
	zone?: Name;
	/** When the outcome was known, ms since the start (the last probe may finish later). */
	atMs: number;
}

export type ResolutionPurpose = 'query' | 'ns-address' | 'variant';

export interface Resolution {
	id: number;
	purpose: ResolutionPurpose;
	question: QuestionRef;
	/** For an NS-address sub-trace: the zone and name server it looked up. */
	for?: {zone: Name; nameserver: Name};
	steps: PathStep[];
	outcome?: Outcome;
}

export type LimitName =
	| 'queries'
	| 'zone-cuts'
	| 'cname-chain'
	| 'subtrace-depth'
	| 'ns-names-per-zone'
	| 'addresses-per-nameserver'
	| 'variants';

export interface LimitHit {
	limit: LimitName;
	value: number;
	detail: string;
}

export interface LoopRecord {
	kind: 'cname' | 'ns-dependency' | 'referral';
	names: Name[];
	detail: string;
}

export interface TraceOptions {
	hints: string;
	/** Where the trust anchors came from, and the anchors themselves (so a snapshot can be re-validated anywhere). */
	trustAnchor?: string;
	trustAnchorRecords?: ResourceRecord[];
	/** The --trust-anchor files, each as given and in order (absent: the built-in anchors, or the lab's root key). */
	trustAnchorFiles?: string[];
	port: number;
	families: Family[];
	timeoutMs: number;
	retries: number;
	dnssec: boolean;
	lab?: string;
	/** Signatures expiring within this many days are reported (--expiry-warning); absent: the default, 3. */
	expiryWarningDays?: number;
	/** --at: the moment (ISO 8601, UTC) signatures are judged at; absent: when the trace started. */
	validateAt?: string;
	/** --resolvers: the list as typed, once resolvers were asked (the explorer's key asks `system`); absent: none asked. */
	resolvers?: string;
}

export interface Trace {
	query: {name: Name; type: string; unicode: string};
	options: TraceOptions;
	startedAt: string;
	durationMs: number;
	vantage: {unavailableFamilies: Array<{family: Family; reason: string}>};
	zones: Zone[];
	/** Resolutions[0] is the user's question; the others are sub-traces and variant branches. */
	resolutions: Resolution[];
	outcome: Outcome;
	limits: LimitHit[];
	loops: LoopRecord[];
	stats: {queries: number; answered: number; failed: number; skipped: number; ignoredResponses: number};
	/** `--resolvers`: what recursive resolvers answered the traced question, asked after the walk. */
	resolvers?: ResolverProbe[];
	/**
	 * The registries' word on the traced name's registrable domain and on those its broken zones' servers are named
	 * under (RDAP); absent when RDAP was not asked (--no-rdap, a survey). Not the walk's: the command adds it.
	 */
	registration?: Registration;
	/**
	 * What-if (source/what-if/): the changes assumed on top of what was measured. Present, the trace is a hypothesis,
	 * never a measurement: its responses are the measured ones with these changes applied, and every view says so.
	 */
	assumed?: WhatIfChange[];
	/**
	 * The server addresses the what-if's changes take down, found in the trace they were applied to: the changed trace
	 * may no longer hold what a change named (a zone whose parent's servers are down too is never reached, so never
	 * learnt), and applying the changes again (a snapshot opened) takes these down too. A snapshot's reader refuses an
	 * address no change explains, and a probe said assumed down at any other. Present only with `assumed`.
	 */
	assumedDown?: string[];
}

/**
 * One change a what-if assumes. `down`: every address of a name server; `down-address`: one address; `zone-down`:
 * every server address of a zone; `ds-remove`/`ds-replace`: the DS set at the zone's parent (its new signature
 * assumed); `ns-remove`/`ns-add`: a name server in the parent's referral; `clock`: signatures judged at `at` (ISO).
 */
export type WhatIfChange =
	| {kind: 'down'; server: Name}
	| {kind: 'down-address'; address: string}
	| {kind: 'zone-down'; zone: Name}
	| {kind: 'ds-remove'; zone: Name}
	| {kind: 'ds-replace'; zone: Name; ds: {keyTag: number; algorithm: number; digestType: number; digest: string}}
	| {kind: 'ns-remove'; zone: Name; nameserver: Name}
	| {kind: 'ns-add'; zone: Name; nameserver: Name; address: string}
	| {kind: 'clock'; at: string};

/**
 * One recursive resolver asked the traced question (RD=1, DO=1): its raw reply kept, as a probe's is, so a snapshot
 * is judged again from the bytes. Not part of the walk: nothing the walk concludes reads it.
 */
export interface ResolverProbe {
	/** Who it is, for a person: "Google", "system", "lab resolver 1", or the address. */
	label: string;
	address: string;
	port: number;
	/** When it was asked (ISO time): its TTLs count down from then. */
	askedAt: string;
	status: 'answered' | 'timeout' | 'unreachable' | 'network' | 'malformed' | 'not-asked';
	/** Why it has no answer (for `not-asked`, why it was not asked). */
	error?: string;
	rttMs?: number;
	transport?: 'udp' | 'tcp';
	response?: Message;
	/** The reply as received, base64. */
	raw?: string;
}
