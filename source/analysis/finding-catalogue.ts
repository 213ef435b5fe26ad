import {isTld, labels, type Name} from '../dns/name.js';
import {largestCacheCap, longestAfterFix, RESOLVER_CACHE_CAPS} from './cached-failure.js';
import {isRootHints} from './vantage.js';
import type {CachedFailure, FindingCode, FindingFacts, FixChange, Fixer, KeptFrom, Party, Severity, SignatureStakes} from './finding.js';
import {describeDuration, describeTtl, serialAge} from './serial-age.js';

/** Who can fix a finding, in the words every view uses (the codes are for files and scripts). */
export const FIXER_WORDS: Record<Fixer, string> = {
	registry: 'the registry (TLD operator)',
	registrar: 'the registrar',
	'tld-manager': 'the TLD manager, through IANA root zone management',
	'root-zone-manager': 'IANA root zone management',
	'private-root': 'whoever runs this root (not IANA\'s: its NS set names no root-servers.net server)',
	'parent-zone-owner': 'the owner of the parent zone',
	'dns-operator': 'the DNS operator',
	'zone-owner': 'the zone owner',
	'trust-anchor': 'whoever sets the trust anchor (resolver operators, or your --trust-anchor file)',
	'this-host': 'this host',
	'your-network': 'you / your network',
};

/**
 * The catalogue's phrases about a registrar, in the order they are replaced (longest first), each with what it becomes
 * where another party edits the delegation: one list, so every such rewording knows every phrase.
 */
const registrarWording = (words: {passes: string; update: string; hostRecord: string; at: string; through: string}): Array<readonly [RegExp, string]> => [
	[/ (?:at|through) the registrar, who passes (?:them|it) to the registry/gu, words.passes],
	[/have the registrar update/gu, words.update],
	[/\bthe registry's host record\b/gu, words.hostRecord],
	[/\bat the registrar\b/gu, words.at],
	[/\b(through|via) the registrar\b/gu, words.through],
];

/**
 * How the catalogue's words about registrars read for a TLD, which has none: its delegation, glue and DS at the root
 * change through IANA's root zone management, at the request of the TLD manager (its registry).
 */
const TLD_WORDING: ReadonlyArray<readonly [RegExp, string]> = registrarWording({
	passes: ' through IANA root zone management',
	update: 'have IANA root zone management update',
	hostRecord: "the root zone's glue record",
	at: 'at the root, through IANA root zone management',
	through: '$1 IANA root zone management',
});

/**
 * A finding on a TLD: the explanation names IANA root zone management where it named the registrar, and the registry
 * and registrar roles become the TLD manager's, which the explanation then says.
 */
export function forTld(explanation: string, fixers: readonly Fixer[]): {explanation: string; fixers: Fixer[]} {
	const reworded = TLD_WORDING.reduce((text, [pattern, replacement]) => text.replace(pattern, replacement), explanation);
	if (!fixers.some((fixer) => fixer === 'registrar' || fixer === 'registry')) return {explanation: reworded, fixers: [...fixers]};
	return {
		explanation: `${reworded} This zone is a TLD, so it has no registrar: the TLD manager asks IANA root zone management for every change to its delegation, glue and DS at the root.`,
		fixers: [...new Set(fixers.map((fixer): Fixer => (fixer === 'registrar' || fixer === 'registry' ? 'tld-manager' : fixer)))],
	};
}

/**
 * How the catalogue's words about registrars read for a zone below a registered domain (six.example.com.): its
 * delegation, glue and DS are records of its parent zone, which that zone's owner edits; no registrar or registry is
 * between (a break test read "register it at the registrar" of a zone example.com. delegates).
 */
const SUBZONE_WORDING: ReadonlyArray<readonly [RegExp, string]> = [
	...registrarWording({
		passes: ' in the parent zone, whose owner edits it',
		update: "have the parent zone's owner update",
		hostRecord: "the parent zone's glue record",
		at: 'in the parent zone',
		through: "$1 the parent zone's owner",
	}),
	// A registry's policy, which no registry applies below a registered domain.
	[/ Registries for most TLDs require two\./gu, ''],
];

export function forSubzone(explanation: string, fixers: readonly Fixer[], registered: Name): {explanation: string; fixers: Fixer[]} {
	const reworded = SUBZONE_WORDING.reduce((text, [pattern, replacement]) => text.replace(pattern, replacement), explanation);
	if (!fixers.some((fixer) => fixer === 'registrar' || fixer === 'registry')) return {explanation: reworded, fixers: [...fixers]};
	return {
		explanation: `${reworded} This zone is below ${domainInWords(registered)}, a registered domain, so no registrar or registry is involved: its delegation (NS, glue and DS) is a record in its parent zone, which only the owner of the parent zone can change.`,
		fixers: [...new Set(fixers.map((fixer): Fixer => (fixer === 'registrar' || fixer === 'registry' ? 'parent-zone-owner' : fixer)))],
	};
}

/**
 * How the catalogue's words about a zone's owner, registrar and registry read for the root, which has none of them:
 * IANA root zone management edits the root zone (with the Root Zone Maintainer, who signs it), and its servers are
 * its DNS operators. An entry that says what it means at the root (`onRoot`) keeps its own words.
 */
const ROOT_WORDING: ReadonlyArray<readonly [RegExp, string]> = [
	...TLD_WORDING,
	[/\b(?:[Tt]he|[Ii]ts) zone owners?\b|\b(?:[Tt]he )?owners? of the zones?\b/gu, 'IANA root zone management'],
	[/\bthe registry\b/gu, 'IANA root zone management'],
];

export function forRoot(explanation: string, fixers: readonly Fixer[]): {explanation: string; fixers: Fixer[]} {
	return {
		explanation: ROOT_WORDING.reduce((text, [pattern, replacement]) => text.replace(pattern, replacement), explanation),
		fixers: [...new Set(fixers.map((fixer): Fixer => (fixer === 'zone-owner' || fixer === 'registrar' || fixer === 'registry' || fixer === 'tld-manager' ? 'root-zone-manager' : fixer)))],
	};
}

/**
 * A trace of a root that is not IANA's (a private or test root: see isIanaRoot): IANA edits only the real
 * root zone, so where a finding names IANA root zone management, at the root or through it for a TLD, it is whoever
 * runs this root who publishes the NS set, the addresses and every TLD's delegation and DS. A TLD's manager is then
 * its zone's owner, who asks them.
 */
export function forPrivateRoot(explanation: string, fixers: readonly Fixer[]): {explanation: string; fixers: Fixer[]} {
	const roles = (fixer: Fixer): Fixer[] => (fixer === 'root-zone-manager' ? ['private-root'] : fixer === 'tld-manager' ? ['zone-owner', 'private-root'] : [fixer]);
	return {
		explanation: explanation
			.replace(/\bIANA root zone management\b/gu, 'whoever runs this root')
			.replace(/\b([Tt])he TLD manager\b/gu, (_, the: string) => `${the}he zone owner`),
		fixers: [...new Set(fixers.flatMap(roles))],
	};
}

/**
 * What a trust anchor is, where a finding is about one rather than a DS at the parent: the root has no parent and no
 * registrar, and an anchor given for a zone below it overrides its parent's DS.
 */
const TRUST_ANCHOR_IS =
	"This zone's keys are vouched for by a trust anchor, not by a DS at a parent: the key or DS a validator is configured to trust for it (for the root, the IANA root key built into resolvers, or a --trust-anchor file), so no registrar is involved.";

/** A domain as people write it: without the root's trailing dot, and a TLD with its leading one (`.sm`). */
const domainInWords = (name: Name) => (labels(name).length === 1 ? `.${name.slice(0, -1)}` : name.replace(/\.$/u, ''));

/**
 * Who can fix a finding, by name where the trace knows it: "the registrar; the registry (TLD operator): .sm,
 * hostmaster@telecomitalia.sm". Untrusted names and mailboxes: a view presents the whole line.
 */
export function partiesInWords(parties: readonly Party[]): string {
	return parties
		.map(({role, names, contact, known: who}) => {
			const known = [...(who === undefined ? [] : [who]), ...names.map(domainInWords), ...(contact === undefined ? [] : [contact])];
			return known.length === 0 ? FIXER_WORDS[role] : `${FIXER_WORDS[role]}: ${known.join(', ')}`;
		})
		.join('; ');
}

/**
 * What a resolver that cached the old state does after a change of each kind, until `within` has passed: the words of
 * "Once it is fixed, …", and who keeps it when the trace cannot tell for how long.
 */
const AFTER_THE_FIX: Record<Exclude<FixChange, 'none'>, {until: (within: string) => string; who: string}> = {
	'negative-answer': {until: (within) => `resolvers that cached the denial see the change within ${within}`, who: 'resolvers that cached the denial'},
	delegation: {until: (within) => `resolvers that cached the old delegation see the change within ${within}`, who: 'resolvers that cached the old delegation'},
	'server-removal': {
		until: (within) => `a server brought back answers at once; one removed from the NS set is still asked, by resolvers that cached the NS set, for up to ${within}`,
		who: 'resolvers that cached the NS set',
	},
	ds: {until: (within) => `resolvers that cached the DS set see the change within ${within}`, who: 'resolvers that cached the DS set'},
	dnskey: {until: (within) => `resolvers that cached the keys see the change within ${within}`, who: 'resolvers that cached the keys'},
	signature: {until: (within) => `validating resolvers that rejected the badly signed records see the change within ${within}`, who: 'validating resolvers that rejected the badly signed records'},
	answer: {until: (within) => `resolvers that cached the old answer see the change within ${within}`, who: 'resolvers that cached the old answer'},
};

/**
 * When users will see the fix, in one sentence: "Once it is fixed, resolvers that cached the denial see the change
 * within 1 hour (3600 s: the negative TTL of sm.)"; or that the trace cannot tell; undefined when nothing is cached.
 */
export function cachedFailureInWords(cached: CachedFailure): string | undefined {
	if (cached.change === 'none') return undefined;
	const words = AFTER_THE_FIX[cached.change];
	if ('unknown' in cached) return `Once it is fixed, how long ${words.who} keep the old state is not in the trace: ${cached.unknown}.`;
	const {seconds, from} = cached;
	const source = keptSourceInWords(from);
	if (seconds === 0) {
		const held = from.wireTtl === undefined ? `0 s: ${source}` : `${source}: the record held ${from.wireTtl} s, which has its top bit set and is read as 0, RFC 2181 §8`;
		return `Once it is fixed, resolvers see the change at once: the records say not to cache them (${held}).`;
	}
	const caps = RESOLVER_CACHE_CAPS[from.negative ? 'negative' : 'positive'];
	const cap = largestCacheCap(from.negative);
	if (seconds <= cap) return `Once it is fixed, ${words.until(describeTtl(seconds))} (${seconds} s: ${source}).`;
	const capped = caps.map((entry) => `${entry.resolver} ${describeTtl(entry.seconds)}`).join(', ');
	return `Once it is fixed, ${words.until(describeTtl(cap))} at most: resolvers cap ${from.negative ? 'negative caching' : 'how long they cache a record'} (${capped}); ${source} asks for ${describeTtl(seconds)} (${seconds} s).`;
}

/**
 * The same wait in a few characters for the explorer's crowded outcome row ("fix seen ≤ 1 h", "fix seen ≤ 41 min",
 * "fix seen at once"), capped as resolvers cap it; undefined when the trace does not say.
 */
export function cachedFailureBrief(cached: CachedFailure): string | undefined {
	if (cached.change === 'none' || 'unknown' in cached) return undefined;
	if (cached.seconds === 0) return 'fix seen at once';
	const seconds = longestAfterFix(cached);
	const compact = seconds % DAY_SECONDS === 0 ? `${seconds / DAY_SECONDS} d` : seconds % 3600 === 0 ? `${seconds / 3600} h` : seconds >= 60 ? `${Math.ceil(seconds / 60)} min` : `${seconds} s`;
	return `fix seen ≤ ${compact}`;
}

const DAY_SECONDS = 86_400;

/** Where a TTL was read, so that an engineer checking with dig asks the same servers: "the TTL of bw. NS as the root delegates it". */
function keptSourceInWords(from: KeptFrom): string {
	if (from.negative) return `the negative TTL of ${from.name}`;
	const record = `the TTL of ${from.name} ${from.type}`;
	// A failed validation: seconds are the 5 minutes, or the records' TTL where that is shorter.
	if (from.failure) return `the most a validating resolver keeps a failed validation, by RFC 2308 section 7.1 and RFC 9520, or ${record} where shorter; no resolver keeps rejected records for their TTL`;
	if (from.copy === undefined) return record;
	if (from.copy.by === 'zone') return `${record} as ${zoneInWords(from.name)}'s servers give it`;
	const parent = zoneInWords(from.copy.parent);
	return from.type === 'NS' ? `${record} as ${parent} delegates it` : `${record} as glue from ${parent}`;
}

/** A zone named in a sentence: the root as "the root". */
const zoneInWords = (name: Name) => (name === '.' ? 'the root' : name);

/** Worst first: the one order of severities, for sorting findings and for a zone's worst badge. */
export const SEVERITY_RANK: Record<Severity, number> = {error: 0, warning: 1, info: 2};

/** The facts a code's entry reads; undefined for a code whose entry reads none. */
export type FactsOf<C extends FindingCode> = C extends keyof FindingFacts ? FindingFacts[C] : undefined;

/** At least two words and a full stop: the compiler refuses an empty or unfinished explanation. */
export type Explanation = `${string} ${string}.`;

/** A severity that depends on the facts observed: `otherwise`, or `then` when `when` holds (`condition` in words). */
export interface SeverityRule<F> {
	otherwise: Severity;
	then: Severity;
	when: (facts: F) => boolean;
	/** What `when` tests, as the README's table says it. */
	condition: string;
}

export interface FindingEntry<C extends FindingCode> {
	/** What the code reports, in a few words (the README's table). */
	title: string;
	severity: Severity | SeverityRule<FactsOf<C>>;
	/** For a learner: what it means, why it matters, and who can fix it (every one of `fixers`, by name). */
	explanation: Explanation | ((facts: FactsOf<C>) => Explanation);
	fixers: readonly Fixer[] | ((facts: FactsOf<C>) => readonly Fixer[]);
	/** What kind of change fixes it: whose TTL a resolver that cached the failure waits out (see cached-failure.ts). */
	change: FixChange | ((facts: FactsOf<C>) => FixChange);
	/** Within a severity, lower ranks first: a cause before the findings that follow from it. */
	rank: number;
	/**
	 * What it means on a TLD, where a role means the parent's operator and that parent is the root: not the TLD's own
	 * manager, as forTld would read the registry. Absent: forTld rewords the entry.
	 */
	onTld?: {explanation: Explanation; fixers: readonly Fixer[]};
	/**
	 * What it means at the root, which has no parent, no delegation and no registrar, where the entry names them: the
	 * root servers' operators fix a server's own fault, IANA root zone management the root zone's NS set and glue.
	 */
	onRoot?: {explanation: Explanation | ((facts: FactsOf<C>) => Explanation); fixers: readonly Fixer[] | ((facts: FactsOf<C>) => readonly Fixer[])};
}

/**
 * Findings that explain no other (symptoms, and problems that stand alone) share the last rank, so among them the
 * zone decides the order, from the root down.
 */
const AFTER_CAUSES = 100;

/** A server that fails while others of its zone work is a warning; with none working, the zone is down: an error. */
const WORSE_WHEN_ZONE_DOWN: SeverityRule<{anyServerWorks: boolean}> = {otherwise: 'warning', then: 'error', when: (facts) => !facts.anyServerWorks, condition: 'no server of the zone works'};

/**
 * What fails validation breaks resolution only where validating resolvers expect a signature, and only when no
 * other server serves the data so that it validates: Unbound and BIND retry another server on bogus data, so one
 * failing server among validating ones puts the zone at risk (a warning) rather than breaking it.
 */
const WORSE_UNDER_CHAIN_OF_TRUST: SeverityRule<{chainOfTrust: boolean; anotherServerValidates: boolean}> = {
	otherwise: 'warning',
	then: 'error',
	when: (facts) => facts.chainOfTrust && !facts.anotherServerValidates,
	condition: 'a chain of trust leads to it and no other server serves data that validates',
};

/**
 * A signature that fails on an RRset that came beside the answer, not asked for (`besideAnswer`), fails nothing: a
 * validator checks only what the answer relies on and strips the rest (Unbound's scrubber, BIND). It is never worse
 * than a warning.
 */
const WORSE_FOR_WHAT_WAS_ASKED: SeverityRule<{chainOfTrust: boolean; anotherServerValidates: boolean; besideAnswer: boolean}> = {
	otherwise: 'warning',
	then: 'error',
	when: (facts) => WORSE_UNDER_CHAIN_OF_TRUST.when(facts) && !facts.besideAnswer,
	condition: 'a chain of trust leads to it, no other server serves data that validates, and it is what the question asked for (or the chain to it)',
};

/** What a signature problem means when other servers serve the same data so that it validates. */
const atRisk = (explanation: Explanation) => (facts: {anotherServerValidates: boolean}): Explanation =>
	facts.anotherServerValidates
		? `${explanation} Here other servers of the zone serve the same data validly signed: validating resolvers that meet this server retry another, so users still get answers (more slowly), and the zone is one more failure away from an outage.`
		: explanation;

/**
 * What failing signatures mean for users where no chain of trust reaches the zone: outside validation, only a
 * resolver that holds an anchor for it would reject the data; in a zone proven unsigned, no validator looks at them.
 */
const STAKES_BEYOND_CHAIN: Record<Exclude<SignatureStakes, 'chain'>, string> = {
	unanchored:
		'No trust anchor in use is at or above this zone (it is outside validation), so resolvers with these anchors never check its signatures and users see no failure from them; only a validating resolver that holds an anchor for it (or for a zone above it) would reject the data (SERVFAIL).',
	insecure:
		"The zone's parent proves it unsigned (no DS, or only algorithms no validator checks), so validators ignore its signatures and users see no failure from them. Still, signatures that fail in an unsigned zone mark a half-done signing or unsigning: a DS published before they are fixed would make validating resolvers answer SERVFAIL.",
};

/**
 * A signature problem in words that fit the zone's DNSSEC status: what is wrong; then what validators do with it
 * (reject it under a chain of trust, unless another server validates; see STAKES_BEYOND_CHAIN otherwise); then the fix.
 */
const bySignatureStakes = (wrong: string, rejected: string, fix: Explanation) => (facts: {stakes: SignatureStakes; anotherServerValidates: boolean}): Explanation =>
	facts.stakes === 'chain' ? atRisk(`${wrong} ${rejected} ${fix}`)(facts) : `${wrong} ${STAKES_BEYOND_CHAIN[facts.stakes]} ${fix}`;

/**
 * A signature fix matters to the resolvers that cached the failure only where validators check the signatures: in a
 * zone outside validation or proven unsigned, none rejected the data, so there is no failure to wait out.
 */
const cachedUnderChainOfTrust = (facts: {stakes: SignatureStakes}): FixChange => (facts.stakes === 'chain' ? 'signature' : 'none');

/**
 * A signature problem on an RRset that came beside what was asked (in the answer section, or the zone's NS in the
 * authority section of a positive answer): validators strip it from the reply, the answer itself validates, and users
 * see nothing; asked for itself, it would be rejected (`besideAnswer`).
 * Otherwise as bySignatureStakes says.
 */
const byWhatWasAsked = (wrong: string, rejected: string, fix: Explanation) => (facts: {stakes: SignatureStakes; anotherServerValidates: boolean; besideAnswer: boolean}): Explanation => {
	if (!facts.besideAnswer || facts.stakes !== 'chain') return bySignatureStakes(wrong, rejected, fix)(facts);
	return `${wrong} It came beside the answer, not asked for (in the answer section, or as the zone's NS in the authority section): a validating resolver checks only the records the answer relies on (the RRset asked for and the CNAME or DNAME chain to it) and strips the others from the reply instead of failing it (Unbound's scrubber, BIND), so the answer itself still validates and users see nothing wrong. Asked for itself, this RRset would be rejected (SERVFAIL). ${fix}`;
};

/** As cachedUnderChainOfTrust; an RRset beside the answer was stripped, never rejected, so there is nothing cached to wait out. */
const cachedWhenAsked = (facts: {stakes: SignatureStakes; besideAnswer: boolean}): FixChange => (facts.besideAnswer ? 'none' : cachedUnderChainOfTrust(facts));

/** A share of first tries in lowest terms, as people say it: 2 of 8 is "1 in 4". */
function oneIn(part: number, whole: number): string {
	const divisor = (a: number, b: number): number => (b === 0 ? a : divisor(b, a % b));
	const common = divisor(part, whole);
	return `${part / common} in ${whole / common}`;
}

/** How servers fail, for one address and for several ("times out", "time out"), and what a resolver meets there. */
interface FailureWords {
	one: string;
	many: string;
	meets: string;
}

/**
 * What servers failing one way cost users, in numbers: the share of the zone's server addresses that fail so is the
 * share of first tries that meet one, for a resolver that picks a server at random (resolvers that rank servers by
 * response time learn to avoid a failing one, and meet it again each time they try it anew).
 */
const firstTries = (words: FailureWords) => (facts: {anyServerWorks: boolean; failingAddresses: number; zoneAddresses: number}): string => {
	const {failingAddresses: failing, zoneAddresses: addresses} = facts;
	if (addresses === 1 && failing === 1) return `The zone's only server address ${words.one}: a resolver ${words.meets} on every try, and users get no answer (SERVFAIL).`;
	if (failing >= addresses) return `${addresses === 2 ? 'Both' : `All ${addresses}`} of the zone's server addresses ${words.many}: a resolver ${words.meets} on every try, and users get no answer (SERVFAIL).`;
	const share = `${failing} of the zone's ${addresses} server addresses ${failing === 1 ? words.one : words.many}: a resolver that picks a server at random ${words.meets} on about ${oneIn(failing, addresses)} first tries`;
	return facts.anyServerWorks ? `${share}, and then asks another.` : `${share}, and with the zone's other servers failing too, users get no answer (SERVFAIL).`;
};

/**
 * Who fixes a root server's own fault, and how: the root has no parent, no delegation and no registrar, so what a zone's
 * owner does through its registrar (take a server out of the NS set) is IANA root zone management's to do, in the root
 * zone itself, and resolvers' root hints follow it.
 */
const atRootServer = (fix: string): Explanation =>
	`The root has no parent, no delegation and no registrar: the DNS operator running this root server (each root server has its own) must ${fix}, or IANA root zone management must take it out of the root's NS set, which resolvers' root hints then follow.`;

/** How old the lagging copy is, from the serials: a time when they are dates or timestamps, else a count of changes. */
function serialLag(facts: {newest: number; oldest: number; behind: number}): string {
	const age = serialAge(facts.oldest, facts.newest, facts.behind);
	switch (age.kind) {
		case 'date':
			return age.seconds === 0
				? `The serials are dates (YYYYMMDDnn): the oldest copy, serial ${facts.oldest}, is from the same day as the newest, ${facts.newest} (${age.newer}), ${facts.behind} change${facts.behind === 1 ? '' : 's'} behind.`
				: `The serials are dates (YYYYMMDDnn): the oldest copy, serial ${facts.oldest} (${age.older}), is ${describeDuration(age.seconds)} older than the newest, ${facts.newest} (${age.newer}), so users whose resolver asks that server get data that old.`;
		case 'timestamp':
			return `The serials are Unix timestamps: the oldest copy, serial ${facts.oldest}, was made ${describeDuration(age.seconds)} before the newest, ${facts.newest}, so users whose resolver asks that server get data that old.`;
		case 'counter':
			return `The oldest copy, serial ${facts.oldest}, is ${facts.behind} behind the newest, ${facts.newest}; the serials are plain counters, so how old it is cannot be told from them.`;
	}
}

/** RFC 9276 3.1: authoritative servers should use 0 extra NSEC3 iterations; validators may give up above 150. */
export const NSEC3_ITERATIONS_INSECURE = 150;

/** What a server that timed out did, and what it costs: the words SERVER_TIMEOUT says on every zone, the root too. */
const timedOut = (facts: FindingFacts['SERVER_TIMEOUT']): string =>
	`${firstTries({one: 'times out', many: 'time out', meets: 'waits for a time-out'})(facts)} ${(facts.strays ?? 0) > 0 ? 'A name server listed for the zone sent only replies that match none of the queries (another ID or question): resolvers drop those, as they drop forged answers (RFC 5452), so to them it never answered.' : 'A name server listed for the zone did not answer at all.'} Resolvers that pick it wait for a time-out before trying another, so those lookups are slower, and if all servers are silent the zone is gone. The host may be down, filtered, or drowned by a DDoS.`;

/** What an unreachable server address is: the words SERVER_UNREACHABLE says on every zone. */
const unreachable = (facts: FindingFacts['SERVER_UNREACHABLE']): string =>
	`${firstTries({one: 'is unreachable', many: 'are unreachable', meets: 'gets a network error'})(facts)} ${(facts.strays ?? 0) > 0 ? 'It sent replies, but none that match its queries (another ID or question), which resolvers drop (RFC 5452); then the network refused the query or cut it off (ICMP unreachable, or a refused TCP connection).' : 'The network said no one listens at this address (ICMP unreachable or a refused connection).'}`;

/** Where a server that refers up points, and what resolvers make of it: the words UPWARD_REFERRAL says on every zone. */
const referredUp = (facts: FindingFacts['UPWARD_REFERRAL']): string =>
	`${facts.toItself ? firstTries({one: 'refers the question back to the zone itself', many: 'refer the question back to the zone itself', meets: 'gets a referral it must ignore'})(facts) : firstTries({one: 'refers back up the tree', many: 'refer back up the tree', meets: 'gets a referral it must ignore'})(facts)} Instead of answering, the server points ${facts.toItself ? "to the zone's own name servers, without authority" : 'to the root (or a zone above)'}: the classic sign of a server that is listed for a zone it no longer serves. Resolvers treat it as lame.`;

/**
 * Every finding code: what it means, how bad it is, who can fix it, and where it sorts. Checks report only what
 * they observed (see createFinding); everything a code means is said here, once.
 */
export const FINDING_CATALOGUE: {readonly [C in FindingCode]: FindingEntry<C>} = {
	SERVER_TIMEOUT: {
		title: 'a server timed out: no reply that matches the query came',
		severity: WORSE_WHEN_ZONE_DOWN,
		explanation: (facts) =>
			`${timedOut(facts)} The DNS operator running it must bring it back or have it removed from the NS set (and from the delegation at the parent, via the registrar).`,
		fixers: ['dns-operator', 'registrar'],
		change: 'server-removal',
		rank: 2,
		onRoot: {explanation: (facts) => `${timedOut(facts)} ${atRootServer('bring it back')}`, fixers: ['dns-operator', 'root-zone-manager']},
	},
	SERVER_UNREACHABLE: {
		title: 'a server address is unreachable: the network refused the query',
		severity: WORSE_WHEN_ZONE_DOWN,
		explanation: (facts) =>
			`${unreachable(facts)} A delegation that points at a dead address wastes every resolver's time. The DNS operator must fix the server or the zone owner must remove it from the NS set and the delegation.`,
		fixers: ['dns-operator', 'zone-owner'],
		change: 'server-removal',
		rank: 3,
		onRoot: {explanation: (facts) => `${unreachable(facts)} A root server at a dead address wastes every resolver's time. ${atRootServer('fix the server')}`, fixers: ['dns-operator', 'root-zone-manager']},
	},
	SERVER_REFUSED: {
		title: 'a server refuses to answer for the zone (lame)',
		severity: WORSE_WHEN_ZONE_DOWN,
		explanation: (facts) =>
			`${firstTries({one: 'refuses', many: 'refuse', meets: 'gets REFUSED'})(facts)} The server is listed for the zone but refuses to answer for it: the zone is not configured there any more (a lame delegation). Often a provider was dropped, or a bill went unpaid, and nobody updated the NS set. The zone owner should remove the server from the NS set and have the registrar update the delegation, or the DNS operator should serve the zone again.`,
		fixers: ['zone-owner', 'registrar', 'dns-operator'],
		change: 'server-removal',
		rank: 4,
		onRoot: {
			explanation: (facts) =>
				`${firstTries({one: 'refuses', many: 'refuse', meets: 'gets REFUSED'})(facts)} The server is listed as a root server but refuses to answer for the root: the root zone is not loaded there any more. ${atRootServer('serve the root zone again')}`,
			fixers: ['dns-operator', 'root-zone-manager'],
		},
	},
	SERVER_FAILURE: {
		title: 'a server answers SERVFAIL for its own zone',
		severity: WORSE_WHEN_ZONE_DOWN,
		explanation: (facts) =>
			`${firstTries({one: 'answers SERVFAIL', many: 'answer SERVFAIL', meets: 'gets SERVFAIL'})(facts)} SERVFAIL from an authoritative server usually means the zone failed to load (a syntax error, an expired secondary copy). The DNS operator must look at the server's logs.`,
		fixers: ['dns-operator'],
		change: 'server-removal',
		rank: 5,
	},
	SERVER_ERROR_RCODE: {
		title: 'a server answers an error code other than SERVFAIL or REFUSED for its own zone',
		severity: WORSE_WHEN_ZONE_DOWN,
		explanation: (facts) =>
			`${firstTries({one: 'answers with an error code', many: 'answer with an error code', meets: 'gets an error code'})(facts)} An authoritative server should answer a question about its own zone with data, NXDOMAIN or NODATA. FORMERR says it could not read the query, NOTIMP that it does not implement it (old servers and DNS firewalls answered AAAA questions so, RFC 4074), NOTAUTH that it is not authoritative; any other code is not one an authoritative server gives a plain query. Resolvers treat each as a broken server and try another. Often a firewall or load balancer in front of the server answers: the DNS operator must find what answers and fix it or remove the server from the NS set.`,
		fixers: ['dns-operator'],
		change: 'server-removal',
		rank: 5.5,
		onRoot: {
			explanation: (facts) =>
				`${firstTries({one: 'answers with an error code', many: 'answer with an error code', meets: 'gets an error code'})(facts)} A root server should answer a question about the root zone with data, NXDOMAIN or NODATA; FORMERR, NOTIMP, NOTAUTH or any other code makes resolvers treat it as broken and try another. Often a firewall or load balancer in front of the server answers. ${atRootServer('find what answers and fix it')}`,
			fixers: ['dns-operator', 'root-zone-manager'],
		},
	},
	SERVER_NOT_AUTHORITATIVE: {
		title: 'a server answers without authority (no AA bit)',
		severity: WORSE_WHEN_ZONE_DOWN,
		explanation: (facts) =>
			`${firstTries({one: 'answers without authority', many: 'answer without authority', meets: 'gets an answer it must ignore'})(facts)} An authoritative server must set the AA bit for its own zone. This one answers without it, as a cache or a server that lost the zone would. Resolvers ignore such answers, so the server only adds delay. The DNS operator must load the zone, or the zone owner must drop the server from the NS set.`,
		fixers: ['dns-operator', 'zone-owner'],
		change: 'server-removal',
		rank: 6,
		onRoot: {
			explanation: (facts) =>
				`${firstTries({one: 'answers without authority', many: 'answer without authority', meets: 'gets an answer it must ignore'})(facts)} A root server must set the AA bit for the root zone. This one answers without it, as a cache or a server that lost the zone would. Resolvers ignore such answers, so the server only adds delay. ${atRootServer('load the root zone')}`,
			fixers: ['dns-operator', 'root-zone-manager'],
		},
	},
	UPWARD_REFERRAL: {
		title: 'a server refers back up the tree',
		severity: WORSE_WHEN_ZONE_DOWN,
		explanation: (facts) =>
			`${referredUp(facts)} The zone owner should remove it from the NS set, or the DNS operator should serve the zone again.`,
		fixers: ['zone-owner', 'dns-operator'],
		change: 'server-removal',
		rank: 7,
		onRoot: {explanation: (facts) => `${referredUp(facts)} ${atRootServer('serve the root zone again')}`, fixers: ['dns-operator', 'root-zone-manager']},
	},
	ZONE_UNREACHABLE: {
		title: 'no server of the zone gives a usable answer',
		severity: 'error',
		explanation: (facts) =>
			facts.cause === 'servers-failed'
				? 'Every server of this zone failed, so nothing in it (and nothing delegated below it) can be resolved. Whatever the per-server findings say is the cause: dead hosts, refusals, lame servers. Only the DNS operators of these servers, or the zone owner moving the zone elsewhere (and updating the delegation through the registrar), can bring it back.'
				: facts.namesUndelegated
					? 'The zone is delegated, but a resolver cannot find the address of any of its name servers, so it cannot ask them anything, however healthy they may be: their names are under a domain that is no longer delegated. The zone owner must use name servers named elsewhere (through the registrar), or the owner of that domain must have it delegated again, as its DELEGATION_MISSING finding says; no DNS operator can.'
					: 'The zone is delegated, but a resolver cannot find the address of any of its name servers, so it cannot ask them anything, however healthy they may be. The NS-name findings say why; the zone owner must use name servers whose names resolve (through the registrar), or get the zone that holds those names fixed by its DNS operator.',
		// Not the DNS operator of names no parent delegates (a break test: "the DNS operator: puri.sm" beside puri.sm.'s
		// "Your DNS operator cannot fix this").
		fixers: (facts) => (facts.cause === 'servers-failed' ? ['dns-operator', 'zone-owner', 'registrar'] : facts.namesUndelegated ? ['zone-owner', 'registrar'] : ['zone-owner', 'registrar', 'dns-operator']),
		change: 'delegation',
		rank: AFTER_CAUSES,
		onRoot: {
			explanation: (facts) =>
				facts.cause === 'servers-failed'
					? "Every root server failed, so nothing in the DNS, all of it delegated from the root, can be resolved through them. Whatever the per-server findings say is the cause: dead hosts, refusals, lame servers. Only the DNS operators of the root servers can bring them back; the root has no delegation and no registrar, and its NS set and the root servers' addresses change only through IANA root zone management."
					: "A resolver cannot find the address of any root server, so it cannot ask the root anything, however healthy its servers may be. The NS-name findings say why. The root has no delegation and no registrar: root servers' addresses come from the root hints on this host, which whoever keeps them must correct, and from the root zone itself, where IANA root zone management publishes them.",
			fixers: (facts) => (facts.cause === 'servers-failed' ? ['dns-operator', 'root-zone-manager'] : ['this-host', 'root-zone-manager']),
		},
	},
	TRUNCATED_NO_TCP: {
		title: 'a server truncates over UDP and does not answer over TCP',
		severity: 'error',
		explanation:
			'When an answer does not fit in a UDP packet the server sets TC=1 and the resolver must ask again over TCP (RFC 7766 makes TCP mandatory). This server truncates but does not serve TCP, so large answers (DNSSEC keys, big TXT records) can never be fetched from it. The DNS operator must open TCP port 53.',
		fixers: ['dns-operator'],
		change: 'none',
		rank: 9,
	},
	EDNS_UNSUPPORTED: {
		title: 'a server rejects, ignores or drops EDNS(0)',
		severity: 'warning',
		explanation:
			'EDNS(0) (RFC 6891) has been required for DNSSEC and for answers over 512 bytes since 1999; since DNS Flag Day 2019, resolvers no longer work around servers that reject it, a server that ignores it (no OPT record in its answers) never offers more than 512 bytes over UDP, and one that answers only queries without it (a firewall or middlebox drops those with an OPT record) makes every resolver wait out its time-outs first. The DNS operator must upgrade the server software or fix the firewall that strips or drops OPT records.',
		fixers: ['dns-operator'],
		change: 'none',
		rank: 10,
	},
	SERVER_UDP_FAILS_TCP_WORKS: {
		title: 'UDP to a server is dropped; TCP works',
		severity: 'warning',
		explanation:
			'Every UDP attempt to this server timed out, yet the same question over TCP was answered: UDP port 53 is filtered or dropped on the way (a firewall, a DDoS filter, a rate limiter) while TCP gets through. Resolvers ask over UDP first and most give up on the server after their time-out without trying TCP, so lookups that pick it are slow, and those that only have it fail. The DNS operator running the server, or whoever runs the firewall in front of it, must let UDP port 53 through.',
		fixers: ['dns-operator'],
		change: 'none',
		rank: AFTER_CAUSES,
	},
	SERVER_NO_TCP: {
		title: 'a server answers over UDP but not over TCP',
		// RFC 7766 makes TCP mandatory and Zonemaster (CONNECTIVITY02) calls its absence an error; for the people
		// resolving the zone it is an outage only when no server has TCP: resolvers retry a truncated answer elsewhere.
		severity: {otherwise: 'warning', then: 'error', when: (facts) => !facts.anyServerServesTcp, condition: 'no server of the zone answers over TCP'},
		explanation: (facts) =>
			facts.anyServerServesTcp
				? 'This server answers over UDP, but its SOA asked over TCP got no usable answer: none, or one that does not decode or says TC=1, cut short where no TCP reply may be (RFC 7766 requires every authoritative server to serve TCP). An answer too large for UDP (DNSSEC keys, long TXT records, large referrals) is truncated and must be fetched over TCP: from this server it never can be, so resolvers lose time before they try another server. The DNS operator must make TCP port 53 answer: open it (and the firewall in front of the server must let it through), or repair what answers there.'
				: 'No server of the zone gives its SOA over TCP, though they answer over UDP: none answers, or what they send does not decode or says TC=1, cut short where no TCP reply may be (RFC 7766 requires every authoritative server to serve TCP). Any answer too large for UDP (DNSSEC keys, long TXT records, large referrals) is truncated and can never be fetched in full, so resolvers fail on it. The DNS operator must make TCP port 53 answer: open it (and the firewall in front of the servers must let it through), or repair what answers there.',
		fixers: ['dns-operator'],
		change: 'none',
		rank: AFTER_CAUSES,
	},
	TCP_UDP_ANSWERS_DIFFER: {
		title: 'a server answers differently over TCP than over UDP',
		severity: 'warning',
		explanation:
			'Asked the same question over TCP only, this server gave another answer than it gives over UDP: another NS set, other DNSSEC keys, another SOA serial, or no answer of the same kind. TCP and UDP on port 53 are then served by two different backends (a load balancer or a firewall sending TCP elsewhere, a second name server process left running with an old copy of the zone), and only the resolvers that come over TCP, after a truncated answer, get the other data: large answers such as DNSKEY sets are exactly the ones fetched over TCP. The DNS operator must make TCP and UDP reach the same, current copy of the zone.',
		fixers: ['dns-operator'],
		// What a resolver fetched over TCP it keeps for that answer's TTL.
		change: 'answer',
		rank: AFTER_CAUSES,
	},
	MALFORMED_RESPONSE: {
		title: 'a server sends responses that cannot be used (undecodable, or cut short over TCP)',
		severity: WORSE_WHEN_ZONE_DOWN,
		explanation: (facts) =>
			`${firstTries({one: 'sends broken responses', many: 'send broken responses', meets: 'gets a response it cannot use'})(facts)} The response was not a valid DNS message (truncated, lying counts, bad compression), or it came over TCP with TC=1, which says it was cut short where no TCP reply may be (RFC 7766 8). A resolver discards it. This is a server bug, or something on the path rewriting packets; the DNS operator must investigate.`,
		fixers: ['dns-operator'],
		change: 'none',
		rank: 8,
	},
	OUT_OF_BAILIWICK_DATA: {
		title: 'a server sends records outside its zone (ignored)',
		severity: 'info',
		explanation:
			'A server may only vouch for names in its own zone. Records about other names (glue for names the referral does not list, answers for names outside the zone, the rest of a CNAME chain once it leaves the zone, NS records for another zone) are ignored by resolvers, since they were the vehicle of classic cache-poisoning attacks (RFC 5452), and so does digdeeper: a CNAME target in another zone is asked of that zone\'s own servers. Usually harmless stale data, or a server that hosts several zones; the DNS operator of the server can clean it up.',
		fixers: ['dns-operator'],
		change: 'none',
		rank: AFTER_CAUSES,
	},
	ADDRESS_UNUSABLE: {
		title: 'a name server is given an address no server can have (not queried)',
		severity: {otherwise: 'warning', then: 'error', when: (facts) => !facts.anyServer, condition: 'no server of the zone is left to ask'},
		explanation:
			'Some addresses can never belong to a name server: 0.0.0.0/8, the broadcast address, multicast, the reserved 240.0.0.0/4, the unspecified and link-local ranges, and loopback (which would make a resolver ask itself). An NS name that points there is a typo or a placeholder, or a lure into the local network, and resolvers that try it only waste time, so digdeeper never queries it. Glue is fixed by the zone owner through the registrar, who passes it to the registry; the A/AAAA records of the name server\'s own zone by its DNS operator; a hints file on this host by whoever wrote it.',
		fixers: (facts) => [...(facts.glue ? (['registrar', 'registry'] as const) : []), ...(facts.zoneData ? (['dns-operator'] as const) : []), ...(facts.hints ? (['this-host'] as const) : [])],
		change: 'delegation',
		rank: 19,
		onRoot: {
			explanation:
				"Some addresses can never belong to a name server: 0.0.0.0/8, the broadcast address, multicast, the reserved 240.0.0.0/4, the unspecified and link-local ranges, and loopback (which would make a resolver ask itself). A root server name that points there is a typo or a placeholder, or a lure into the local network, and resolvers that try it only waste time, so digdeeper never queries it. The root has no parent and no glue: root servers' addresses come from the root zone, where IANA root zone management publishes them and the DNS operator of the zone holding the names serves them, and from the root hints on this host, which whoever wrote them must correct.",
			fixers: (facts) => [...(facts.zoneData ? (['root-zone-manager', 'dns-operator'] as const) : []), ...(facts.hints ? (['this-host'] as const) : [])],
		},
	},
	DELEGATION_MISSING: {
		title: 'the parent denies a registrable domain (Public Suffix List), or answers for it without delegating it: suspended, expired, deleted or never registered',
		severity: {
			otherwise: 'error',
			then: 'warning',
			when: (facts) => !facts.breaks || (facts.denial === 'no-delegation' && !facts.registered),
			condition: 'the traced name does not need the domain (a name server named under it, beside others that answer), or, asked at the domain itself, the unsigned parent answers NODATA and RDAP does not show the domain registered: nothing proves the name is not one the registry keeps records at',
		},
		explanation: (facts) => {
			const registry = facts.parent === '.' ? 'The root' : `The ${facts.parent} registry`;
			const how =
				facts.denial === 'nxdomain'
					? `${registry} answers authoritatively that ${facts.domain} does not exist`
					: `Asked at the domain's own name, ${registry.charAt(0).toLowerCase()}${registry.slice(1)}'s servers answer from their own zone (NODATA, with their own SOA) instead of referring to the name servers of ${facts.domain}: they hold no NS for it. ${
							facts.denial === 'empty-name'
								? `Their signed denial shows nothing at the name: an empty name in the ${facts.parent} zone, with names below it (a suspended domain's name servers' addresses, kept because other domains use those hosts) and no records or NS of its own. That "no data" is the registry's answer, not the domain's`
								: `${facts.registered ? 'The registry\'s RDAP knows the domain, so a registered domain has no delegation' : `Nothing proves what the name holds (${facts.parent} is unsigned, its denial was not valid, or no DNSSEC was asked for): it is either an empty name above kept glue, as a suspended domain's is, or a name the registry keeps records at in its own zone (as many keep nic.TLD), which no one needs to fix`}. Either way, "no data" for it is the registry's answer, not the domain's`
						}`;
			return `${how}${facts.denial === 'nxdomain' ? ', so no' : ': no'} resolver ever reaches the domain's own name servers, however healthy they are. This is what a suspended, expired, deleted or never-registered domain looks like: registries pull the delegation (and its glue, unless other domains still use those hosts) when a registrar does not pay, when documents are missing, or on a court order. Check the domain's status with RDAP/whois ("serverHold", "clientHold", "Suspended"), then the registrar; if the registrar cannot act, the registry itself. Your DNS operator cannot fix this.`;
		},
		fixers: ['registrar', 'registry'],
		change: 'negative-answer',
		rank: 0,
	},
	ZONE_NOT_DELEGATED: {
		title: "a name is answered from a zone its parent's servers also serve but do not delegate",
		severity: {otherwise: 'warning', then: 'error', when: (facts) => facts.validatorsReject, condition: 'the parent is signed and denies the zone: validating resolvers reject its data'},
		explanation: (facts) =>
			`The servers of ${facts.servedBy} also serve this zone, so they answer for its names from its data instead of referring resolvers to it; resolvers, which never leave a zone's servers without a referral, take that answer. ${facts.denied ? `But ${facts.parent} has no delegation for it: asked for its DS, which a server answers from the closest enclosing zone it serves, they say ${facts.parent} has no such name.` : `No delegation to servers of its own could be followed.`} ${facts.ownServersAnswer ? 'Its own name servers answer, but no resolver is sent to them.' : `Its own name servers (its NS set) give no answer: users get the data of the ${facts.servedBy} servers, and no one else.`} ${facts.validatorsReject ? `And ${facts.parent} is signed, so its denial is proven: a validating resolver finds no chain of trust to this zone's data, rejects every answer from it, signed or not, and answers SERVFAIL; only resolvers that do not validate get the data.` : `So the data reaches users only while every server of ${facts.servedBy} keeps a copy of this zone: one that does not (a new secondary, a move to another provider) answers from the data of ${facts.servedBy} alone: that the names do not exist.`} The zone owner must have ${facts.parent} delegate the zone (NS records, and a DS if it is signed) to name servers that serve it, or move its records into ${facts.parent}; the DNS operator of the servers can then drop the stray copy.`,
		fixers: ['zone-owner', 'dns-operator'],
		// Users of resolvers that do not validate get an answer today: nothing wrong is cached for them. Validating
		// resolvers keep the parent's denial of the DS for its negative TTL after the delegation is added.
		change: (facts) => (facts.validatorsReject ? 'negative-answer' : 'none'),
		rank: AFTER_CAUSES,
	},
	NS_NAME_UNRESOLVABLE: {
		title: 'a name server\'s name does not resolve',
		severity: {otherwise: 'warning', then: 'error', when: (facts) => !facts.anyNameResolves, condition: 'no name server of the zone resolves'},
		explanation:
			'A delegation names its servers by host name, so a resolver must first look those names up. When a name does not resolve, the server behind it is invisible, however well it runs. A typo in the NS set, a deleted host record, or a failing zone that holds the names are the usual causes. The zone owner must fix the NS set (at the registrar too) or get the names\' zone fixed.',
		fixers: ['zone-owner', 'registrar'],
		change: 'delegation',
		rank: AFTER_CAUSES,
		onRoot: {
			explanation:
				"The root's NS set names its servers by host name, so a resolver must find those names' addresses (in the root hints and the root zone). When a name does not resolve, the root server behind it is invisible, however well it runs. A typo in the NS set, a missing address record, or a failing zone that holds the names are the usual causes. The root has no delegation and no registrar: IANA root zone management must fix the root's NS set or the addresses it publishes, or the DNS operator of the zone holding the names must fix that zone.",
			fixers: ['root-zone-manager', 'dns-operator'],
		},
	},
	NS_DEPENDENCY_FAILED: {
		title: 'the zone is down because the zone holding its name servers\' names is',
		severity: 'error',
		explanation: (facts) =>
			facts.namesUndelegated
				? 'This zone can only be reached through the names of its servers, and all of those names live in a domain that is no longer delegated (suspended, expired or deleted): the servers may run, but nobody can find them. Glue does not help when the names are outside the zone. That is a transitive dependency: your DNS is only as available as your DNS provider\'s domain registration. The zone owner can add name servers named under an unrelated domain (and TLD); the owner of that domain must have it delegated again, as its DELEGATION_MISSING finding says; no DNS operator can.'
				: 'This zone can only be reached through the names of its servers, and all of those names live in another zone that is itself broken. Glue does not help when the names are outside the zone. That is a transitive dependency: your DNS is only as available as the DNS of your DNS provider\'s domain. The zone owner can add name servers named under an unrelated domain (and TLD); the failing zone\'s owner or DNS operator must fix it.',
		// Who restores an undelegated domain (its registrar, its registry) is that domain's, named by its own finding: the
		// dependent zone's parties would name its own registrar (a break test read "the DNS operator: puri.sm" here,
		// beside puri.sm.'s "Your DNS operator cannot fix this").
		fixers: (facts) => (facts.namesUndelegated ? ['zone-owner'] : ['zone-owner', 'dns-operator']),
		change: 'delegation',
		rank: AFTER_CAUSES,
	},
	GLUE_MISSING: {
		title: 'a name server inside the zone is delegated without glue',
		severity: {otherwise: 'warning', then: 'error', when: (facts) => !facts.otherNameservers, condition: 'every name server of the zone needs glue'},
		explanation:
			'A name server named inside the zone it serves (ns1.example.com for example.com) can only be found through glue: address records the parent hands out with the referral. Without glue a resolver would need the zone to find the zone. The zone owner must register the server\'s addresses (host objects) at the registrar, who passes them to the registry.',
		fixers: ['registrar', 'zone-owner'],
		change: 'delegation',
		rank: AFTER_CAUSES,
	},
	GLUE_MISMATCH: {
		title: 'the parent\'s glue and the zone disagree on a server\'s address',
		severity: 'warning',
		explanation:
			'Resolvers use the parent\'s glue to reach the server, then may replace it with the zone\'s own records. When they differ, some resolvers reach an old address and some the new one. Usually the server was renumbered and the registry\'s host record was not updated: the zone owner must update it through the registrar.',
		fixers: ['registrar', 'zone-owner'],
		change: 'delegation',
		rank: AFTER_CAUSES,
	},
	NS_SET_MISMATCH: {
		title: 'the zone\'s servers, or the delegation and the zone, list different name servers',
		severity: 'warning',
		explanation: (facts) =>
			facts.between === 'servers'
				? 'All servers of a zone should serve the same NS RRset. A difference means some servers have an old copy of the zone (a secondary that stopped transferring) or were edited by hand. The DNS operator must get every server onto the current zone.'
				: 'Resolvers start from the parent\'s NS set (the delegation, managed through the registrar) and then often switch to the zone\'s own. When the two differ, different resolvers use different servers, and a server dropped from one list keeps receiving queries. The zone owner must make them match: edit the zone, and update the delegation at the registrar.',
		fixers: (facts) => (facts.between === 'servers' ? ['dns-operator'] : ['zone-owner', 'registrar']),
		change: (facts) => (facts.between === 'servers' ? 'server-removal' : 'delegation'),
		rank: AFTER_CAUSES,
	},
	REFERRAL_INCONSISTENT: {
		title: 'the parent\'s servers disagree about the delegation',
		severity: 'warning',
		explanation: ({parent}) =>
			`The servers of the parent zone should all give the same delegation. When they do not, whether a resolver finds the domain depends on which parent server it happened to ask. A parent server with an old copy of its zone is the usual cause; ${isTld(parent) ? `the parent is a TLD, so its DNS operator, the ${parent} registry's, must fix it` : `the DNS operator of the parent, ${parent}, must fix it: no registry is involved, as ${parent} is no TLD`}.`,
		// The registry is the parent's operator only where the parent is a TLD: deeper, the TLD's registry has no say.
		fixers: ({parent}) => (isTld(parent) ? ['registry', 'dns-operator'] : ['dns-operator']),
		change: 'delegation',
		rank: AFTER_CAUSES,
		onTld: {
			explanation:
				"The root's servers should all give the same delegation for a TLD. When they do not, whether a resolver finds the TLD depends on which root server it happened to ask. A root server with an old copy of the root zone is the usual cause; its DNS operator (for the real root, that root server's operator; for a private root, whoever runs its servers) must fix it. The TLD manager cannot: every root server should serve the one root zone IANA root zone management publishes.",
			fixers: ['dns-operator'],
		},
	},
	SINGLE_NAMESERVER: {
		title: 'the zone has only one name server',
		severity: 'warning',
		explanation: 'RFC 1034 asks for at least two name servers, on separate networks, so one failure does not take the zone down. Registries for most TLDs require two. The zone owner should add a second server (with another operator, ideally) and register it at the registrar.',
		fixers: ['zone-owner', 'registrar'],
		change: 'delegation',
		rank: AFTER_CAUSES,
	},
	SERIAL_MISMATCH: {
		title: 'the zone\'s servers serve different SOA serials (RFC 1982 arithmetic)',
		severity: 'warning',
		explanation: (facts) =>
			facts.otherPrimary
				? `${serialLag(facts)} Every server of a zone should serve the same version, identified by the SOA serial (compared with RFC 1982 serial arithmetic). Here the older copies name another primary server in their SOA (MNAME) than every server with the newest: a secondary copies its primary's SOA whole, so these are fed from another source, not a transfer that stopped. Usually a move between DNS providers that is not finished (the old provider still serves its own copy, and its servers are still listed), or two providers each editing their own copy; more rarely a primary renamed after a secondary stopped transferring. Resolvers get one version or the other depending on the server they ask. Each primary numbers its serials on its own, so the higher serial need not be the current data. The zone owner must decide which copy is current and list only the servers that serve it, in the zone's NS set and through the registrar, or have every DNS operator serve one copy (transfers from one primary, or the same edits on every provider).`
				: `${serialLag(facts)} Every server of a zone should serve the same version, identified by the SOA serial (compared with RFC 1982 serial arithmetic). A server behind the others has stopped receiving zone transfers or is signed separately: it answers with old data, and resolvers get different answers depending on the server they ask. A secondary that cannot refresh goes on serving its copy until the SOA expire of that copy (${describeTtl(facts.expire)}) has passed since its last successful refresh, then stops answering for the zone (SERVFAIL or REFUSED, RFC 1035 3.3.13): stale data now, a lame server then. The DNS operator of the lagging server must restore transfers (NOTIFY/IXFR/AXFR) from the primary.`,
		fixers: (facts) => (facts.otherPrimary ? ['zone-owner', 'registrar', 'dns-operator'] : ['dns-operator']),
		change: 'none',
		rank: AFTER_CAUSES,
	},
	ANSWER_MISMATCH: {
		title: 'the zone\'s servers give different answers to the same question',
		severity: 'warning',
		explanation: (facts) =>
			`${facts.otherAddresses} of the zone's ${facts.zoneAddresses} server addresses ${facts.otherAddresses === 1 ? 'answers' : 'answer'} the question with other data than the answer followed: a resolver that picks a server at random gets that other answer on about ${oneIn(facts.otherAddresses, facts.zoneAddresses)} first tries${facts.answeringAddresses < facts.zoneAddresses ? `, and once it has moved past the servers that give no answer, on about ${oneIn(facts.otherAddresses, facts.answeringAddresses)} lookups` : ''}, and caches it, so users get one answer or the other depending on the server their resolver happened to ask. Every server of a zone should serve the same data. ${facts.lagging ? 'Here the servers that differ also serve an older SOA serial (see SERIAL_MISMATCH): a stale secondary that stopped receiving zone transfers, whose DNS operator must restore them (NOTIFY/IXFR/AXFR) from the primary.' : 'A secondary with a stale copy is the usual cause (here the serials do not show it: the zone may have been edited on one server without a new serial, or the servers are fed separately); the DNS operator must make every server serve the zone from one source. A zone that answers differently on purpose (a load balancer, a CDN or GeoDNS picking addresses per query or per server) shows the same, and then it is by design.'}`,
		fixers: ['dns-operator'],
		change: 'answer',
		rank: AFTER_CAUSES,
	},
	SOA_MISMATCH: {
		title: 'servers at one serial disagree on the other SOA fields',
		severity: 'warning',
		explanation: 'Servers with the same serial should hold byte-identical zones. Differing SOA fields at one serial mean the zone was edited on a server without bumping the serial, so secondaries will never pick the change up. The DNS operator must edit on the primary and increase the serial.',
		fixers: ['dns-operator'],
		change: 'none',
		rank: AFTER_CAUSES,
	},
	SINGLE_POINT_OF_FAILURE: {
		title: 'all name servers at one address, under one domain or TLD, or in one /24 or /48',
		severity: {otherwise: 'info', then: 'warning', when: (facts) => facts.dependsOn === 'one-address' || facts.dependsOn === 'one-network', condition: 'all its names share one address, or all its addresses are in one network'},
		explanation: (facts) => {
			switch (facts.dependsOn) {
				case 'one-address':
					return 'The zone lists several name servers, but every one of their names leads to the same address: one server (or one anycast route) answers under all of them, and when it fails, every name fails at once. Resolvers that try the next name server try the same machine again. RFC 2182 asks for servers at separate addresses and networks, and Zonemaster (DELEGATION02) reports name servers that share an address. The zone owner should give the names separate servers, ideally with a second DNS operator, and update the delegation at the registrar.';
				case 'one-network':
					return 'Several name servers in one /24 (IPv4) or /48 (IPv6) share a route, a data centre or an upstream: one outage or one DDoS takes them all. RFC 2182 asks for servers on topologically separate networks. The zone owner should add a server elsewhere, with another DNS operator.';
				case 'own-delegation':
					return 'However many servers a zone has, if all are named inside it, one decision by its registrar or registry (an unpaid fee, a suspension) takes all of them away at once: this is how puri.sm went dark. A second set of servers, which the zone owner can name under another domain registered with another registrar and under another TLD, survives that.';
				case 'one-domain':
					return `All servers are reached through names in ${facts.domain}; if that domain's DNS or registration fails, this zone fails too, as tox.im did and as every Dyn customer did in 2016. The zone owner can remove the dependency by adding servers from a second provider, named under an unrelated domain.`;
				case 'one-tld':
					return 'If the registry of that TLD fails or suspends the names, all servers of this zone become unreachable together. The zone owner can add servers named under a second TLD: servers under two TLDs survive one registry\'s failure.';
			}
		},
		fixers: (facts) => (facts.dependsOn === 'one-address' || facts.dependsOn === 'one-network' ? ['zone-owner', 'dns-operator'] : ['zone-owner']),
		change: 'none',
		rank: AFTER_CAUSES,
	},
	LOOP_DETECTED: {
		title: 'a CNAME chain or name-server dependency comes back on itself',
		severity: 'error',
		explanation: (facts) =>
			facts.kind === 'cname'
				? 'The chain of aliases comes back to a name it has already visited, so it never ends in an address. Resolvers give up (SERVFAIL). The owner of the zones involved must break the loop.'
				: 'To reach one zone a resolver needs the address of a name server that can only be found through that same zone (or through a zone that needs the first one). No glue breaks the circle, so neither zone can be resolved. The zone owners must add glue or name servers named outside the circle.',
		fixers: ['zone-owner'],
		change: (facts) => (facts.kind === 'cname' ? 'answer' : 'delegation'),
		rank: 1,
	},
	LIMIT_REACHED: {
		title: 'the trace stopped at one of its limits',
		severity: 'warning',
		explanation:
			'digdeeper bounds every trace (queries, zone cuts, CNAME links, nested look-ups) the way resolvers do, so a broken or hostile tree cannot make it run forever. Real resolvers stop at similar limits and answer SERVFAIL; what lies beyond the limit was not examined. If an honest zone hits one, its zone owner should simplify it: a shorter alias chain, fewer name servers, name servers that need fewer look-ups.',
		fixers: ['zone-owner'],
		change: 'none',
		rank: AFTER_CAUSES,
	},
	DS_NO_MATCHING_DNSKEY: {
		title: 'a DS at the parent, or a trust anchor, matches no key of the zone',
		severity: {otherwise: 'error', then: 'warning', when: (facts) => facts.anyDsMatches, condition: 'another DS matches'},
		explanation: (facts) =>
			facts.anchor
				? `${TRUST_ANCHOR_IS} An anchor that matches no key the zone serves is out of date (a key rollover its keeper missed: RFC 5011 follows them automatically), belongs to another zone, or the servers are not the zone's real ones (a private or hijacked root). If no anchor matches, validating resolvers that hold these anchors answer SERVFAIL for the whole zone and everything below it. Whoever sets the trust anchor must update it to the zone's current key, or the zone's DNS operator must sign it with the key the anchor names.`
				: 'The DS record at the parent is a hash of the zone\'s key-signing key: it is how the parent vouches for the zone\'s keys. A DS that matches no key is left over from an old key (a rollover done in the wrong order, or a transfer to a new DNS provider). If no DS matches, validating resolvers (most ISPs, 8.8.8.8, 1.1.1.1) answer SERVFAIL for the whole zone. The zone owner must publish the right DS through the registrar, or remove the stale one.',
		fixers: (facts) => (facts.anchor ? ['trust-anchor', 'dns-operator'] : ['zone-owner', 'registrar']),
		// The anchor is no record a resolver caches: once the zone serves the key it names, resolvers see it when the keys they cached expire.
		change: (facts) => (facts.anchor ? 'dnskey' : 'ds'),
		rank: 11,
	},
	DNSKEY_MISSING: {
		title: 'a DS at the parent, or a trust anchor, says the zone is signed, and it serves no key',
		severity: {otherwise: 'error', then: 'warning', when: (facts) => !facts.anyServerAnswers, condition: 'no server of the zone answers any question in it'},
		explanation: (facts) =>
			facts.anchor
				? `${TRUST_ANCHOR_IS} It says the zone is signed, but the zone serves no keys: validating resolvers that hold the anchor treat every answer from it, and from every zone below it, as forged and fail. There is no DS at a parent to remove: either the zone's DNS operator serves the signed zone again (for the real root, the root zone maintainer; for a private root, whoever runs its servers), or, if the zone is meant to be unsigned, whoever sets the trust anchor removes it.`
				: 'The parent publishes a DS, promising the zone is signed, but the zone serves no keys: validating resolvers treat every answer as forged and fail. Either re-sign the zone (DNS operator) or remove the DS at the registrar.',
		fixers: (facts) => (facts.anchor ? ['dns-operator', 'trust-anchor'] : ['dns-operator', 'registrar']),
		change: (facts) => (facts.anchor ? 'dnskey' : 'ds'),
		rank: 12,
	},
	RRSIG_MISSING: {
		title: 'an RRset of a signed zone comes without a signature',
		severity: WORSE_FOR_WHAT_WAS_ASKED,
		explanation: byWhatWasAsked('In a signed zone every RRset must carry a signature; this one comes without.', 'A validating resolver rejects an unsigned answer from a zone that should be signed (SERVFAIL).', 'The DNS operator must re-sign the zone, or find the server serving an unsigned copy.'),
		fixers: ['dns-operator'],
		change: cachedWhenAsked,
		rank: 16,
	},
	RRSIG_EXPIRED: {
		title: 'a signature has expired',
		severity: WORSE_FOR_WHAT_WAS_ASKED,
		explanation: byWhatWasAsked(
			'Signatures have a validity window; these have passed their expiry.',
			'Validating resolvers reject the data (SERVFAIL).',
			'Automated signers re-sign long before expiry: expired signatures mean the signer stopped, or a server serves an old copy. The DNS operator must re-sign and check zone transfers.',
		),
		fixers: ['dns-operator'],
		change: cachedWhenAsked,
		rank: 13,
	},
	RRSIG_NOT_YET_VALID: {
		title: 'a signature is not valid yet',
		severity: WORSE_FOR_WHAT_WAS_ASKED,
		explanation: byWhatWasAsked("The signature's inception is in the future: the signer's clock is ahead, or the validator's is behind.", 'Validating resolvers reject the data until then (SERVFAIL).', "The DNS operator must check the signer's clock (NTP)."),
		fixers: ['dns-operator'],
		change: cachedWhenAsked,
		rank: 14,
	},
	RRSIG_EXPIRING_SOON: {
		title: 'a signature expires within three days',
		severity: {otherwise: 'warning', then: 'info', when: (facts) => facts.stakes !== 'chain', condition: 'no chain of trust reaches the zone'},
		explanation: (facts) =>
			facts.stakes === 'chain'
				? 'A signature expires in less than three days. If the signer does not refresh it in time, validating resolvers will start failing. Usually harmless with automatic re-signing; if the zone is signed by hand, its DNS operator should re-sign it now.'
				: `A signature expires in less than three days. ${STAKES_BEYOND_CHAIN[facts.stakes]} Usually harmless with automatic re-signing; if the zone is signed by hand, its DNS operator should re-sign it now, or stop signing it.`,
		fixers: ['dns-operator'],
		change: 'none',
		rank: AFTER_CAUSES,
	},
	RRSIG_INVALID: {
		title: 'a signature does not verify',
		severity: WORSE_FOR_WHAT_WAS_ASKED,
		explanation: byWhatWasAsked(
			"The signature does not verify against the zone's key: the data was changed after signing, the key that made it is gone, or something on the path rewrote the answer.",
			'Validating resolvers treat it as an attack (SERVFAIL).',
			'The DNS operator must re-sign the zone and check every server serves the same signed copy.',
		),
		fixers: ['dns-operator'],
		change: cachedWhenAsked,
		rank: 15,
	},
	DNSSEC_PARTIAL: {
		title: 'some servers of the zone serve DNSSEC material and others none',
		severity: WORSE_UNDER_CHAIN_OF_TRUST,
		explanation: bySignatureStakes(
			'Some servers of the zone serve DNSSEC material and others none: they run different copies (a signer on one provider only, or a secondary that cannot sign).',
			'Resolvers get inconsistent answers; with a DS in the parent (or a trust anchor), every answer from an unsigned server is bogus.',
			'The DNS operator must get every server onto the same signed zone, or stop signing on all of them.',
		),
		fixers: ['dns-operator'],
		change: cachedUnderChainOfTrust,
		rank: 18,
	},
	DNSSEC_WITHOUT_DS: {
		title: 'the zone is signed, but its parent has no DS for it',
		severity: 'warning',
		explanation:
			'The zone is signed, but its parent has no DS record for it, so no resolver can validate it: the signatures bring no protection, yet every broken signature, partial deployment or key mishap still costs bandwidth and confusion. The zone owner should either publish the DS through the registrar (after checking every server serves the signed zone) or stop signing.',
		fixers: ['zone-owner', 'registrar'],
		change: 'ds',
		rank: AFTER_CAUSES,
	},
	DS_DIGEST_DEPRECATED: {
		title: 'a DS uses a deprecated digest (SHA-1, GOST)',
		severity: 'warning',
		explanation: (facts) =>
			facts.anchor
				? `${TRUST_ANCHOR_IS} This one is a SHA-1 (or GOST) DS digest, deprecated (RFC 9904): validators may ignore it, and then nothing anchors the zone. Whoever sets the trust anchor should replace it with a SHA-256 DS of the same key, or the key itself.`
				: 'SHA-1 (and GOST) DS digests are deprecated (RFC 9904): validators may ignore them. The zone owner should publish a SHA-256 DS alongside or instead, and remove the SHA-1 one, through the registrar.',
		fixers: (facts) => (facts.anchor ? ['trust-anchor'] : ['zone-owner', 'registrar']),
		// A validator's anchor is configuration, not a record it caches.
		change: (facts) => (facts.anchor ? 'none' : 'ds'),
		rank: AFTER_CAUSES,
	},
	ALGORITHM_DEPRECATED: {
		title: 'a key uses a deprecated signing algorithm',
		severity: 'warning',
		explanation: 'RSASHA1-based algorithms (5, 7) and older ones are deprecated for signing (RFC 9904): some validators already treat them as unsigned. The zone owner should have the DNS operator roll the keys to algorithm 13 (ECDSA P-256) or 15 (Ed25519).',
		fixers: ['zone-owner', 'dns-operator'],
		change: 'dnskey',
		rank: AFTER_CAUSES,
	},
	ALGORITHM_UNSUPPORTED: {
		title: 'a key or DS uses an algorithm digdeeper cannot verify',
		severity: 'info',
		explanation: (facts) =>
			facts.anchor
				? `${TRUST_ANCHOR_IS} This one uses an algorithm or digest that cannot be checked here, and a validator ignores such an anchor (RFC 4035 says a zone anchored only by unknown algorithms is unsigned). Whoever sets the trust anchor should give one for a key of algorithm 13 or 15 with a SHA-256 digest; if the zone has no such key, its DNS operator should sign it with algorithm 13 or 15 as well.`
				: 'This algorithm cannot be checked here; RFC 4035 says a validator treats a zone signed only with unknown algorithms as unsigned. For the zone to be validated everywhere, its DNS operator should sign it with algorithm 13 or 15 as well.',
		fixers: (facts) => (facts.anchor ? ['trust-anchor', 'dns-operator'] : ['dns-operator']),
		change: 'none',
		rank: AFTER_CAUSES,
	},
	DENIAL_INVALID: {
		title: 'a negative answer from a signed zone comes without a valid NSEC/NSEC3 proof',
		severity: 'error',
		explanation:
			'A signed zone must prove that a name or type does not exist with NSEC or NSEC3 records. This negative answer comes without a valid proof, so a validating resolver cannot tell it from a forged denial and answers SERVFAIL. The DNS operator must re-sign the zone (the NSEC/NSEC3 chain is incomplete or stale).',
		fixers: ['dns-operator'],
		change: 'negative-answer',
		rank: 17,
	},
	NSEC3_ITERATIONS: {
		title: 'NSEC3 uses extra hash iterations (RFC 9276)',
		severity: {otherwise: 'warning', then: 'error', when: (facts) => facts.iterations > NSEC3_ITERATIONS_INSECURE && facts.stakes === 'chain', condition: `there are more than ${NSEC3_ITERATIONS_INSECURE} and a chain of trust reaches the zone`},
		explanation: (facts) =>
			facts.stakes === 'chain'
				? 'RFC 9276 asks signers to use NSEC3 with 0 extra iterations and no salt: more iterations add no security but cost every resolver CPU, and validators may treat zones above 150 iterations as unsigned (or bogus above 500). The DNS operator should re-sign with iterations 0.'
				: "RFC 9276 asks signers to use NSEC3 with 0 extra iterations and no salt: more iterations add no security but cost every validating resolver CPU. No chain of trust reaches this zone now (it is outside validation, or its parent proves it unsigned), so no validator with these anchors hashes its NSEC3 records; the cost comes, and above 150 iterations validators treat the zone as unsigned, as soon as one does. The DNS operator should re-sign with iterations 0.",
		fixers: ['dns-operator'],
		change: 'none',
		rank: AFTER_CAUSES,
	},
	VALIDATION_LIMIT: {
		title: 'DNSSEC validation stopped at its work bound (KeyTrap)',
		severity: 'warning',
		explanation:
			'A zone can publish many keys sharing one key tag and many signatures, so that a validator tries every combination (the KeyTrap attack, CVE-2023-50387). Validators now cap the work per RRset and per resolution, and so does digdeeper. Hitting the cap in an honest zone means far too many keys or signatures; the zone owner should prune them.',
		fixers: ['zone-owner'],
		change: 'none',
		rank: AFTER_CAUSES,
	},
	// Where this host stands (see vantage.ts): never a server's fault, so they sort before every cause in the DNS.
	VANTAGE_NO_NETWORK: {
		title: 'no query could leave this host: it has no route for them',
		severity: 'error',
		explanation: ({untried, hints}) =>
			untried.length === 0
				? 'Every query failed on this machine before it left: it has no route for any address family (no interface up, no default route, a VPN that dropped). No name server was asked, so nothing here says anything about the DNS, and no server is at fault. You or your network must fix it: check the cable or Wi-Fi, the VPN and the routes (ip route), then trace again.'
				: `Every query failed on this machine before it left: it has no route for the address family they needed (no interface up for it, no default route, a VPN that dropped). ${untried.map(({family, why}) => (why === 'not-asked' ? `IPv${family} was not tried: the trace was held to the other family (-${family === 4 ? 6 : 4}).` : `IPv${family} was not tried: no server there was to ask had an IPv${family} address (${isRootHints(hints) ? "the root's hints" : hints.startsWith('@') ? `the root servers ${hints} named` : `the hints: ${hints}`}).`)).join(' ')} ${hints.startsWith('@') ? `${hints} answered, but no root server it named could be asked` : 'No name server was asked'}, so nothing here says anything about the DNS, and no server is at fault. You or your network can fix it: check the routes (ip route, ip -6 route), the interface and the VPN, or ${untried.map(({family, why}) => (why === 'not-asked' ? `trace without -${family === 4 ? 6 : 4} so IPv${family} is asked too` : `give hints with IPv${family} addresses`)).join(', or ')}; then trace again.`,
		fixers: ['your-network'],
		change: 'none',
		rank: -10,
	},
	VANTAGE_DNS_BLOCKED: {
		title: 'this host reached no name server: DNS to the internet is blocked here',
		severity: 'error',
		explanation: ({port, hints, asked}) =>
			isRootHints(hints)
				? `This machine cannot send DNS queries to the internet: not one of the root servers answered, over any family, and they are many independent, anycast servers that are never all down at once. Port ${port} is probably filtered (a corporate network, some Wi-Fi and hotel networks, cloud egress rules), or the uplink is down. The servers are not at fault and nothing below the root was examined. You or your network can fix it: try another network (a phone hotspot), ask its administrator to allow outgoing UDP and TCP port ${port}, or, with a hints file, check that the servers it names are running.`
				: `${asked === 1 ? `The one server address ${hints} names did not answer` : `None of the ${asked} server addresses ${hints} names answered`}, over any family, so nothing below ${asked === 1 ? 'it' : 'them'} was examined. Unlike the root's many anycast servers, servers named by hand can all be down at once. You or your network can fix it: check that ${asked === 1 ? 'it is' : 'they are'} running and listening on port ${port} (dig @ADDRESS -p ${port} . SOA +norec), then whether this network lets DNS through to ${asked === 1 ? 'it' : 'them'} (UDP and TCP port ${port}).`,
		fixers: ['your-network'],
		change: 'none',
		rank: -9,
	},
	VANTAGE_DNS_INTERCEPTED: {
		title: 'every server answered as a recursive resolver, or every root server refused: DNS is answered on the way',
		severity: 'error',
		explanation: ({port, hints, refused}) =>
			`${
				refused
					? `The root's servers answer every query from anyone: a referral, a denial, never a refusal. Every one this trace asked refused it (REFUSED), from several addresses run by unrelated operators alike: something between this host and the servers answers DNS to port ${port} itself and refuses (a DNS firewall or filter, as corporate networks run to keep clients on their own resolvers).`
					: `Authoritative servers never offer recursion, and answer their own zones with authority (the AA bit) or refer to the zone below; the root's servers never recurse at all (RFC 7720). Every reply this trace got had recursion available and no authority, from server addresses of unrelated operators alike: something between this host and the servers answers DNS to port ${port} itself, whatever address a query was sent to (a transparent DNS proxy: some ISPs, hotel and corporate networks, DNS filters)${isRootHints(hints) ? '' : `, or ${hints} names recursive resolvers, not root servers`}.`
			} What the trace shows is that proxy's answers, not the servers': no server is blamed, and nothing was seen of how the zones are delegated. ${isRootHints(hints) ? `\`dig @198.41.0.4 . SOA +norec\` shows it: a real root server answers with aa and without ra.` : `\`dig @ADDRESS -p ${port} . SOA +norec\` shows it: a root server answers with aa and without ra.`} You or your network's administrator can fix it: let DNS through unaltered, or trace from another network.`,
		fixers: ['your-network'],
		change: 'none',
		rank: -8,
	},
	VANTAGE_NO_ROUTE_IPV4: {
		title: 'this host has no IPv4 route: IPv4 servers were not asked',
		severity: 'info',
		explanation:
			'This machine has no IPv4 route (an IPv6-only network), so the servers\' IPv4 addresses were not asked: their IPv4 service was not checked, and nothing is blamed on them. Most resolvers still reach them over IPv4, so problems there are invisible from here. To check IPv4 too, trace from another host, or ask your network\'s administrator for IPv4 (or NAT64) access.',
		fixers: ['your-network'],
		change: 'none',
		rank: -7,
	},
	VANTAGE_NO_ROUTE_IPV6: {
		title: 'this host has no IPv6 route: IPv6 servers were not asked',
		severity: 'info',
		explanation:
			'This machine has no IPv6 route (common on home and office networks), so the servers\' IPv6 addresses were not asked: their IPv6 service was not checked, and nothing is blamed on them. Resolvers with IPv6 may still meet problems there that this trace cannot see. To check IPv6 too, trace from a host that has it, or ask your network\'s administrator to enable it.',
		fixers: ['your-network'],
		change: 'none',
		rank: -6,
	},
	VANTAGE_IPV4_BLOCKED: {
		title: 'every IPv4 query went unanswered while the same servers answered over IPv6',
		severity: 'warning',
		explanation:
			'Every query this machine sent over IPv4 went unanswered, while the same servers answered over IPv6: the IPv4 path from here is broken or filters DNS. Servers of unrelated operators failing together, on one family only, is this host\'s network, not theirs, so none of them is blamed and their IPv4 service was not checked. You or your network\'s administrator must fix the IPv4 path (firewall, NAT, uplink); trace from another host to check the servers\' IPv4.',
		fixers: ['your-network'],
		change: 'none',
		rank: -5,
	},
	VANTAGE_IPV6_BLOCKED: {
		title: 'every IPv6 query went unanswered while the same servers answered over IPv4',
		severity: 'warning',
		explanation:
			'Every query this machine sent over IPv6 went unanswered, while the same servers answered over IPv4: the IPv6 path from here is broken or filters DNS (a firewall dropping UDP over IPv6, a tunnel or router with a dead IPv6 uplink). Servers of unrelated operators failing together, on one family only, is this host\'s network, not theirs, so none of them is blamed and their IPv6 service was not checked. Software on this host may be slow while it waits for IPv6. You or your network\'s administrator must fix or disable IPv6 here; trace from another host to check the servers\' IPv6.',
		fixers: ['your-network'],
		change: 'none',
		rank: -4,
	},
	VANTAGE_UDP_BLOCKED: {
		title: 'this host got no answer over UDP from servers that answer over TCP',
		severity: 'warning',
		explanation: ({port, family}) =>
			family === undefined
				? `Every query this machine sent over UDP went unanswered, to servers at several addresses, of several zones, that all answered the same queries over TCP: it is UDP port ${port} from here that is blocked (a firewall that lets only TCP through, or a path that loses every datagram), not each server's UDP. Which servers serve UDP was not checked, and none is blamed for it; a server that did not answer over TCP either could not be checked from here. Every answer came only after each query's UDP tries had timed out, so this trace is slow; most resolvers do not turn to TCP after UDP time-outs, and behind this network they get no answers at all. You or your network's administrator should allow outgoing UDP port ${port}; trace from another host to check the servers' UDP.`
				: `Every query this machine sent over UDP over IPv${family} went unanswered, to servers at several addresses, of several zones, that all answered the same queries over TCP, while UDP over IPv${family === 4 ? 6 : 4} is answered: it is UDP port ${port} over IPv${family} from here that is blocked (a firewall rule for one family, a tunnel or router that loses its datagrams), not each server's UDP. Which servers serve UDP over IPv${family} was not checked, and none is blamed for it. Software on this host that tries IPv${family} first waits for each query's UDP time-out before it gets an answer. You or your network's administrator should allow outgoing UDP port ${port} over IPv${family}; trace from another host to check the servers' UDP.`,
		fixers: ['your-network'],
		change: 'none',
		rank: -3,
	},
	VANTAGE_TCP_BLOCKED: {
		title: 'this host got no answer over TCP from servers that answer over UDP',
		severity: 'warning',
		explanation: ({port, family}) =>
			family === undefined
				? `Every query this machine sent over TCP went unanswered or was refused, to servers at several addresses, of several zones, that all answer over UDP: it is TCP port ${port} from here that is blocked (a firewall or a hotel or captive network that lets only UDP through), not each server's TCP. Which servers serve TCP was not checked, and none is blamed. DNS needs TCP (RFC 7766): an answer too large for a UDP datagram (DNSSEC keys, large referrals) comes truncated (TC=1) and is fetched over TCP, so resolvers behind this network fail on such names. You or your network's administrator should allow outgoing TCP port ${port}; trace from another host to check the servers' TCP.`
				: `Every query this machine sent over TCP over IPv${family} went unanswered or was refused, to servers at several addresses, of several zones, that all answer over UDP, while TCP over IPv${family === 4 ? 6 : 4} is answered: it is TCP port ${port} over IPv${family} from here that is blocked (a firewall rule for one family), not each server's TCP. Which servers serve TCP over IPv${family} was not checked, and none is blamed. DNS needs TCP (RFC 7766): an answer too large for a UDP datagram comes truncated (TC=1) and is fetched over TCP, so a resolver behind this network that asks over IPv${family} fails on such names. You or your network's administrator should allow outgoing TCP port ${port} over IPv${family}; trace from another host to check the servers' TCP.`,
		fixers: ['your-network'],
		change: 'none',
		rank: -2,
	},
	VANTAGE_HOST_EXHAUSTED: {
		title: 'this host ran out of sockets: some queries were never sent',
		severity: 'warning',
		explanation:
			'This machine ran out of file descriptors (or socket buffer space, or memory) while the trace ran, so some queries found no socket to go out on, even after waiting for others to finish within their time-out, and were never sent. What they would have asked is not known: the servers they were for are not blamed, a name server whose look-up never left "could not be looked up from here" (unless the zone above its name was shown down by the queries that did leave), and the findings that would have needed those answers are missing. Nothing in the DNS is at fault. Raise this process\'s limit of open files (ulimit -n: many systems start at 1024, macOS at 256), or run fewer traces or surveys at once, and trace again.',
		fixers: ['this-host'],
		change: 'none',
		rank: -1,
	},
	// Zonemaster and DNSViz checks an outage can hinge on (docs/coverage.md).
	NS_NAME_IS_CNAME: {
		title: 'a name server\'s name is an alias (CNAME)',
		severity: 'warning',
		explanation:
			'An NS record must name a host with its own address records, never an alias (RFC 2181 10.3). Some resolvers refuse to follow the alias and treat the server as unusable, and a parent cannot give glue for it. The zone owner must list the name the alias points to instead, in the zone and in the delegation through the registrar.',
		fixers: ['zone-owner', 'registrar'],
		change: 'delegation',
		rank: AFTER_CAUSES,
		onRoot: {
			explanation:
				"An NS record must name a host with its own address records, never an alias (RFC 2181 10.3). Some resolvers refuse to follow the alias and treat the root server as unusable, and no glue can be given for it. The root has no delegation and no registrar: IANA root zone management must list the name the alias points to instead, in the root's NS set.",
			fixers: ['root-zone-manager'],
		},
	},
	CNAME_MULTIPLE: {
		title: 'a name has more than one alias (CNAME)',
		severity: {otherwise: 'warning', then: 'error', when: (facts) => facts.everyServer, condition: 'every server that answers the name sends more than one'},
		explanation: (facts) =>
			`A name may have one CNAME record and nothing else (RFC 2181 10.1), yet servers send several, each to another name. Resolvers split on it: BIND refuses such a response as malformed (FORMERR) and asks another server, while Unbound follows whichever CNAME comes first, so users reach different targets depending on their resolver. ${facts.everyServer ? 'Every server that answers the name sends more than one, so a BIND resolver has no server left to ask and answers SERVFAIL.' : 'Other servers of the zone answer it without a second alias, so a BIND resolver gets its answer from them, after a wasted query.'} Zone-file servers refuse to load such a zone; this comes from a provider's database or an API that let two aliases in. The zone owner must keep one CNAME and delete the others, and the DNS operator must make its servers refuse a second one.`,
		fixers: ['zone-owner', 'dns-operator'],
		change: 'answer',
		rank: AFTER_CAUSES,
	},
	REFERRAL_TOO_LARGE: {
		title: 'the delegation does not fit in a 512-byte UDP referral',
		severity: 'warning',
		explanation:
			'A resolver that cannot use EDNS (an old one, or one behind a firewall that drops large UDP packets) gets at most 512 bytes per UDP answer. A delegation whose NS names and glue do not fit is truncated and must be fetched again over TCP, or fails where TCP is blocked; IANA requires referrals to fit. The zone owner should use fewer or shorter name server names, changed at the registrar.',
		fixers: ['zone-owner', 'registrar'],
		change: 'delegation',
		rank: AFTER_CAUSES,
	},
	DNSKEY_RSA_SHORT: {
		title: 'an RSA key is shorter than 2048 bits',
		severity: 'warning',
		explanation:
			'RSA keys under 2048 bits can be factored with the resources of a large organisation, and a factored key lets anyone forge the zone\'s signed data until it is replaced (RFC 8624 and NIST SP 800-57 ask for 2048 bits at least). The DNS operator should roll to a 2048-bit RSA key, or better to algorithm 13 (ECDSA P-256), which the zone owner publishes at the parent through the registrar.',
		fixers: ['dns-operator', 'zone-owner', 'registrar'],
		change: 'dnskey',
		rank: AFTER_CAUSES,
		onRoot: {
			explanation:
				"RSA keys under 2048 bits can be factored with the resources of a large organisation, and a factored key lets anyone forge the zone's signed data until it is replaced (RFC 8624 and NIST SP 800-57 ask for 2048 bits at least). The root's DNS operator should roll to a 2048-bit RSA key, or better to algorithm 13 (ECDSA P-256). The root has no parent and no registrar: a new key-signing key reaches validators as a new trust anchor, which whoever sets the trust anchor must take on (RFC 5011 does it automatically, as resolvers did for the IANA root's KSK-2024).",
			fixers: ['dns-operator', 'trust-anchor'],
		},
	},
	CDS_INCONSISTENT: {
		title: 'the CDS and CDNSKEY sets disagree between servers, or only one of them is published',
		severity: 'warning',
		explanation:
			'CDS and CDNSKEY records tell the parent which DS to publish (RFC 7344); a parent that polls them may read any server, and one that reads both expects them to describe the same keys. Servers that give different sets, or publish one type without the other, make the parent\'s next DS depend on which server it asked. The DNS operator should publish the same CDS and CDNSKEY sets, both, from every server.',
		fixers: ['dns-operator'],
		change: 'none',
		rank: AFTER_CAUSES,
	},
	CDS_NO_MATCHING_DNSKEY: {
		title: 'a CDS or CDNSKEY names no key of the zone, or no key of the zone signs them',
		severity: 'warning',
		explanation:
			'A parent that follows a CDS or CDNSKEY naming a key the zone does not publish, or one not signed by the zone\'s keys, would publish a DS that breaks the chain of trust, so careful parents refuse it (RFC 7344 4.1; the delete records of RFC 8078 are the one exception). The DNS operator should publish CDS and CDNSKEY only for keys in the DNSKEY set, signed by them.',
		fixers: ['dns-operator'],
		change: 'none',
		rank: AFTER_CAUSES,
	},
	CDS_DS_MISMATCH: {
		title: 'the child asks the parent to change the DS',
		severity: 'info',
		explanation:
			'The zone publishes a CDS set other than the DS at the parent: it asks the parent to change the DS (RFC 7344), as a key rollover does. This is normal during a rollover; if it lasts, the DNS operator should check that the parent polls CDS, or update the DS by hand.',
		fixers: ['dns-operator'],
		change: 'none',
		rank: AFTER_CAUSES,
	},
	NOT_A_ZONE: {
		title: 'a name a survey lists is no zone: it does not exist, lives inside its parent\'s zone, or is an alias',
		severity: 'error',
		explanation: (facts) =>
			`${facts.kind === 'nxdomain' ? `The ${facts.parent} servers answer authoritatively that the name does not exist, so there is no zone there to survey: the delegation was removed, or the name was never delegated.` : facts.kind === 'alias' ? `The name is an alias (CNAME) in ${facts.parent}: an alias cannot have its own SOA or name servers, so it cannot be a zone; the zone is wherever its target is.` : `The name exists, but inside ${facts.parent}: that zone's servers answer for it instead of delegating it, so it has no name servers or SOA of its own.`} A survey's list claims each name is a zone, so either the list is wrong (fix the list) or a delegation is missing: the zone owner of ${facts.parent} must add the NS records (and DS) for it.`,
		fixers: ['zone-owner'],
		// Right after DELEGATION_MISSING, the other way a listed name has no zone behind it: the cause of all else.
		change: (facts) => (facts.kind === 'nxdomain' ? 'negative-answer' : 'none'),
		rank: 0.5,
	},
	// What the registry says of the domain (RDAP). When the parent already denies the domain, DELEGATION_MISSING says
	// the status instead (consequences.ts): these stand alone only while the DNS does not show it yet, so no resolver has
	// cached a denial to wait out (a break test read "how long resolvers that cached the denial keep the old state" of
	// a domain that resolved).
	REGISTRY_HOLD: {
		title: 'the registry has the domain on server hold (RDAP): it takes it out of the DNS',
		severity: 'error',
		explanation:
			'The registry set "server hold" on the domain (EPP serverHold, RFC 5731): it removes the delegation from the TLD zone, so resolvers stop finding the domain as their cached delegation expires, however healthy its name servers are. Registries do this when the registrar has not paid, for missing documents, abuse or a court order. The registrar must settle it with the registry (ask the registrar first; if the registrar cannot act, the registry); the DNS operator cannot fix this.',
		fixers: ['registrar', 'registry'],
		change: 'none',
		rank: 0.1,
	},
	REGISTRAR_HOLD: {
		title: 'the registrar has the domain on client hold (RDAP): it takes it out of the DNS',
		severity: 'error',
		explanation:
			'The registrar set "client hold" on the domain (EPP clientHold, RFC 5731): the registry removes the delegation from the TLD zone, so resolvers stop finding the domain as their cached delegation expires. Registrars do this for an unpaid renewal, an unverified contact address or abuse. Only the registrar can lift it: settle with the registrar.',
		fixers: ['registrar'],
		change: 'none',
		rank: 0.2,
	},
	DOMAIN_EXPIRED: {
		title: 'the domain\'s registration has expired (RDAP)',
		severity: 'warning',
		explanation:
			'The registry\'s expiration date for the domain has passed. Many registries renew it automatically for a grace period and keep it in the DNS meanwhile, but the registrar may put it on hold or let it be deleted at any moment, and then the domain drops out of the DNS. The zone owner (the registrant) must renew it through the registrar.',
		fixers: ['zone-owner', 'registrar'],
		change: 'none',
		rank: 0.4,
	},
	DOMAIN_PENDING_DELETE: {
		title: 'the registry is deleting the domain (RDAP: pending delete or redemption period)',
		severity: 'error',
		explanation:
			'The domain is in its redemption period or pending delete (RFC 3915): it is out of the DNS, and once the deletion runs anyone may register it. During the redemption period the registrar can still have the registry restore it, for a fee; after that nobody can. Ask the registrar to restore it now.',
		fixers: ['registrar', 'registry'],
		change: 'none',
		rank: 0.3,
	},
	REGISTRY_NS_DIFFER: {
		title: 'the name servers on file at the registry (RDAP) are not the ones the parent delegates to',
		severity: 'warning',
		explanation:
			'The registry\'s record of the domain lists other name servers than the NS set its TLD servers refer resolvers to. The registry publishes the delegation from its record, so the TLD zone is about to change (a pending update), or the two went apart: either way the next publication may move the domain to servers that do not serve it. The zone owner should check the name servers at the registrar, who passes them to the registry.',
		fixers: ['zone-owner', 'registrar'],
		change: 'delegation',
		rank: AFTER_CAUSES,
	},
};
