import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {FINDING_CATALOGUE, type FactsOf} from '../../source/analysis/finding-catalogue.js';
import {changeOf, createFinding, describeCode, sortFindings, type FindingCode, type FindingFacts, type Fixer} from '../../source/analysis/finding.js';

const CODES = Object.keys(FINDING_CATALOGUE) as FindingCode[];

/** A zone with some of its server addresses failing (some still working, or none), and one whose only address fails. */
const STILL_SERVED = [
	{anyServerWorks: true, failingAddresses: 1, zoneAddresses: 4},
	{anyServerWorks: false, failingAddresses: 2, zoneAddresses: 4},
	{anyServerWorks: false, failingAddresses: 2, zoneAddresses: 2},
	{anyServerWorks: false, failingAddresses: 1, zoneAddresses: 1},
];

/**
 * A signature problem under a chain of trust (no other server validating, another one validating, on a server whose
 * own keys the chain does not vouch for), then in a zone outside validation and in one proven unsigned.
 */
const UNDER_CHAIN: FindingFacts['DNSSEC_PARTIAL'][] = [
	{stakes: 'chain', chainOfTrust: true, anotherServerValidates: false},
	{stakes: 'chain', chainOfTrust: true, anotherServerValidates: true},
	{stakes: 'chain', chainOfTrust: false, anotherServerValidates: false},
	{stakes: 'unanchored', chainOfTrust: false, anotherServerValidates: false},
	{stakes: 'insecure', chainOfTrust: false, anotherServerValidates: false},
];

/** The same for one RRset's signature, on what the question asked for; then on an RRset beside the answer, under a chain of trust. */
const SIGNATURE_FAILURES: FindingFacts['RRSIG_EXPIRED'][] = [...UNDER_CHAIN.map((facts) => ({...facts, besideAnswer: false})), {stakes: 'chain', chainOfTrust: true, anotherServerValidates: false, besideAnswer: true}];

/** Every shape of facts each code can be observed with: the compiler asks for the codes, the tests for the shapes. */
const SAMPLES: {[C in keyof FindingFacts]: FindingFacts[C][]} = {
	SERVER_TIMEOUT: STILL_SERVED,
	SERVER_UNREACHABLE: STILL_SERVED,
	SERVER_REFUSED: STILL_SERVED,
	SERVER_FAILURE: STILL_SERVED,
	SERVER_ERROR_RCODE: STILL_SERVED,
	SERVER_NOT_AUTHORITATIVE: STILL_SERVED,
	UPWARD_REFERRAL: STILL_SERVED,
	MALFORMED_RESPONSE: STILL_SERVED,
	ANSWER_MISMATCH: [{otherAddresses: 1, zoneAddresses: 4, answeringAddresses: 4, lagging: true}, {otherAddresses: 2, zoneAddresses: 4, answeringAddresses: 4, lagging: false}, {otherAddresses: 1, zoneAddresses: 4, answeringAddresses: 2, lagging: true}],
	ZONE_UNREACHABLE: [{cause: 'servers-failed'}, {cause: 'no-address'}, {cause: 'no-address', namesUndelegated: true}],
	DELEGATION_MISSING: [
		{domain: 'puri.sm.', parent: 'sm.', denial: 'nxdomain', registered: true, breaks: true},
		{domain: 'example.', parent: '.', denial: 'nxdomain', registered: false, breaks: true},
		{domain: 'puri.sm.', parent: 'sm.', denial: 'empty-name', registered: false, breaks: true},
		{domain: 'puri.sm.', parent: 'sm.', denial: 'no-delegation', registered: true, breaks: true},
		{domain: 'puri.sm.', parent: 'sm.', denial: 'no-delegation', registered: false, breaks: true},
		{domain: 'dns.two.', parent: 'two.', denial: 'nxdomain', registered: false, breaks: false},
	],
	ZONE_NOT_DELEGATED: [
		{parent: 'one.', servedBy: 'one.', denied: true, ownServersAnswer: true, validatorsReject: false},
		{parent: 'one.', servedBy: 'one.', denied: true, ownServersAnswer: false, validatorsReject: false},
		{parent: 'one.', servedBy: 'one.', denied: false, ownServersAnswer: false, validatorsReject: false},
		{parent: 'child.one.', servedBy: 'one.', denied: true, ownServersAnswer: false, validatorsReject: true},
	],
	VANTAGE_DNS_BLOCKED: [{port: 53, hints: 'built-in', asked: 13}, {port: 5399, hints: '/tmp/lab.hints', asked: 1}],
	VANTAGE_DNS_INTERCEPTED: [{port: 53, hints: 'built-in', refused: false}, {port: 5399, hints: '/tmp/lab.hints', refused: false}, {port: 53, hints: 'built-in', refused: true}],
	VANTAGE_UDP_BLOCKED: [{port: 53}, {port: 5399}, {port: 53, family: 4}, {port: 53, family: 6}],
	VANTAGE_TCP_BLOCKED: [{port: 53}, {port: 53, family: 4}, {port: 53, family: 6}],
	VANTAGE_NO_NETWORK: [
		{untried: [], hints: 'built-in'},
		{untried: [{family: 6, why: 'not-asked'}], hints: 'built-in'},
		{untried: [{family: 4, why: 'no-address'}], hints: '/tmp/six.hints'},
	],
	NS_NAME_UNRESOLVABLE: [{anyNameResolves: true}, {anyNameResolves: false}],
	ADDRESS_UNUSABLE: [
		{glue: true, zoneData: false, hints: false, anyServer: true},
		{glue: false, zoneData: true, hints: false, anyServer: false},
		{glue: true, zoneData: true, hints: false, anyServer: true},
		{glue: false, zoneData: false, hints: true, anyServer: false},
	],
	GLUE_MISSING: [{otherNameservers: true}, {otherNameservers: false}],
	NS_SET_MISMATCH: [{between: 'servers'}, {between: 'parent-and-zone'}],
	REFERRAL_INCONSISTENT: [{parent: '.'}, {parent: 'bw.'}, {parent: 'example.com.'}],
	SINGLE_POINT_OF_FAILURE: [{dependsOn: 'one-address'}, {dependsOn: 'one-network'}, {dependsOn: 'own-delegation'}, {dependsOn: 'one-domain', domain: 'servicex-dns.com.'}, {dependsOn: 'one-tld'}],
	LOOP_DETECTED: [{kind: 'cname'}, {kind: 'ns-dependency'}, {kind: 'referral'}],
	DS_NO_MATCHING_DNSKEY: [
		{anyDsMatches: true, anchor: false},
		{anyDsMatches: false, anchor: false},
		{anyDsMatches: false, anchor: true},
	],
	DNSKEY_MISSING: [
		{anyServerAnswers: true, anchor: false},
		{anyServerAnswers: false, anchor: false},
		{anyServerAnswers: true, anchor: true},
		{anyServerAnswers: false, anchor: true},
	],
	DS_DIGEST_DEPRECATED: [{anchor: false}, {anchor: true}],
	ALGORITHM_UNSUPPORTED: [{anchor: false}, {anchor: true}],
	DNSSEC_PARTIAL: UNDER_CHAIN,
	RRSIG_MISSING: SIGNATURE_FAILURES,
	RRSIG_EXPIRED: SIGNATURE_FAILURES,
	RRSIG_NOT_YET_VALID: SIGNATURE_FAILURES,
	RRSIG_INVALID: SIGNATURE_FAILURES,
	RRSIG_EXPIRING_SOON: [{stakes: 'chain'}, {stakes: 'unanchored'}, {stakes: 'insecure'}],
	NSEC3_ITERATIONS: [
		{iterations: 1, stakes: 'chain'},
		{iterations: 150, stakes: 'chain'},
		{iterations: 151, stakes: 'chain'},
		{iterations: 151, stakes: 'unanchored'},
		{iterations: 151, stakes: 'insecure'},
	],
	SERIAL_MISMATCH: [
		{newest: 2024020100, oldest: 2024010100, behind: 10_000, expire: 1_209_600, otherPrimary: false},
		{newest: 2024020712, oldest: 2024020703, behind: 9, expire: 604_800, otherPrimary: false},
		{newest: 1707301500, oldest: 1707301200, behind: 300, expire: 3_600_000, otherPrimary: false},
		{newest: 42, oldest: 17, behind: 25, expire: 86_400, otherPrimary: false},
		{newest: 2024020712, oldest: 2023110101, behind: 100_000, expire: 604_800, otherPrimary: true},
	],
	SERVER_NO_TCP: [{anyServerServesTcp: true}, {anyServerServesTcp: false}],
	NS_DEPENDENCY_FAILED: [{namesUndelegated: true}, {namesUndelegated: false}],
	CNAME_MULTIPLE: [{everyServer: true}, {everyServer: false}],
	NOT_A_ZONE: [{kind: 'nxdomain', parent: 'example.com.'}, {kind: 'inside-parent', parent: 'example.com.'}, {kind: 'alias', parent: 'example.com.'}],
};

const samplesOf = (code: FindingCode): FactsOf<FindingCode>[] => (code in SAMPLES ? SAMPLES[code as keyof FindingFacts] : [undefined]);
const severitiesOf = (code: FindingCode) => new Set(samplesOf(code).map((facts) => describeCode(code, facts).severity));

/** How each fixer is named in an explanation. */
const NAMED: Record<Fixer, RegExp> = {
	registry: /\bregistr(y|ies)\b/iu,
	registrar: /\bregistrar\b/iu,
	'tld-manager': /\bTLD manager\b.*\bIANA root zone management\b/u,
	'root-zone-manager': /\bIANA root zone management\b/u,
	'private-root': /\bwhoever runs this root\b/u,
	'parent-zone-owner': /\bowner of the parent zone\b/u,
	'dns-operator': /\bDNS operators?\b/u,
	'zone-owner': /\bzone owners?\b|\bowners? of the zones?\b/u,
	'trust-anchor': /\bwhoever sets the trust anchor\b/iu,
	'this-host': /\bthis (host|machine)\b/iu,
	'your-network': /\byour network\b/iu,
};

describe('every entry of the catalogue', () => {
	for (const code of CODES) {
		it(`${code}: a title, and for every shape of its facts a finished explanation naming everyone who can fix it`, () => {
			expect(FINDING_CATALOGUE[code].title).toMatch(/^\S.*[^.\s]$/u);
			for (const facts of samplesOf(code)) {
				const {explanation, fixers} = describeCode(code, facts);
				expect(explanation).toMatch(/^\S.*\.$/u);
				expect(explanation.length).toBeGreaterThan(100);
				expect(fixers.length).toBeGreaterThan(0);
				expect(new Set(fixers).size).toBe(fixers.length);
				for (const fixer of fixers) expect(explanation, `${code} names ${fixer}`).toMatch(NAMED[fixer]);
			}
		});
	}

	// DELEGATION_MISSING and what a registry's RDAP says of a domain are never on a TLD: they are about a registrable
	// domain, below a public suffix.
	const ON_REGISTRABLE_DOMAINS_ONLY: readonly FindingCode[] = ['DELEGATION_MISSING', 'REGISTRY_HOLD', 'REGISTRAR_HOLD', 'DOMAIN_EXPIRED', 'DOMAIN_PENDING_DELETE', 'REGISTRY_NS_DIFFER'];
	it('on a TLD, every entry that names the registrar or the registry names the TLD manager through IANA root zone management instead', () => {
		for (const code of CODES.filter((each) => !ON_REGISTRABLE_DOMAINS_ONLY.includes(each) && FINDING_CATALOGUE[each].onTld === undefined)) {
			for (const facts of samplesOf(code)) {
				const plain = describeCode(code, facts);
				const onTld = describeCode(code, facts, 'bw.');
				const byRegistry = plain.fixers.some((fixer) => fixer === 'registrar' || fixer === 'registry');
				expect(onTld.fixers.filter((fixer) => fixer === 'registrar' || fixer === 'registry'), code).toEqual([]);
				expect(onTld.fixers.includes('tld-manager'), code).toBe(byRegistry);
				expect(onTld.explanation, code).not.toMatch(/\bthe registrar\b/u);
				if (!byRegistry) expect(onTld.fixers).toEqual(plain.fixers);
			}
		}
	});

	it('below a registered domain, every entry that names the registrar or the registry names the parent zone\'s owner instead', () => {
		// six.example.com. is a record of example.com.'s zone: a break test was told to "register it at the registrar".
		for (const code of CODES.filter((each) => !ON_REGISTRABLE_DOMAINS_ONLY.includes(each))) {
			for (const facts of samplesOf(code)) {
				const plain = describeCode(code, facts);
				const below = describeCode(code, facts, 'six.example.com.');
				const byRegistry = plain.fixers.some((fixer) => fixer === 'registrar' || fixer === 'registry');
				expect(below.fixers.filter((fixer) => fixer === 'registrar' || fixer === 'registry'), code).toEqual([]);
				expect(below.fixers.includes('parent-zone-owner'), code).toBe(byRegistry);
				expect(below.explanation, code).not.toMatch(/\b(?:at|through|via) the registrar\b/u);
				if (byRegistry) expect(below.explanation, code).toContain('This zone is below example.com, a registered domain, so no registrar or registry is involved');
				for (const fixer of below.fixers) expect(below.explanation, `${code} names ${fixer}`).toMatch(NAMED[fixer]);
			}
		}
		// A registrable domain keeps its registrar, and a name under a public suffix too (PSL's ICANN section).
		expect(describeCode('SINGLE_NAMESERVER', undefined, 'example.com.').fixers).toContain('registrar');
		expect(describeCode('SINGLE_NAMESERVER', undefined, 'example.co.uk.').fixers).toContain('registrar');
		expect(describeCode('SINGLE_NAMESERVER', undefined, 'a.example.co.uk.').fixers).toContain('parent-zone-owner');
	});

	// The root has no parent, no DS and no registrar: its trust anchor vouches for it, as an anchor given for a zone
	// below the root overrides that zone's parent's DS.
	it('where a trust anchor vouches for the zone, no entry names a registrar, a registry or a DS at the parent: it names whoever sets the anchor', () => {
		for (const code of CODES) {
			for (const facts of samplesOf(code).filter((sample) => typeof sample === 'object' && sample !== null && 'anchor' in sample && sample.anchor === true)) {
				for (const zone of ['.', 'example.com.']) {
					const {explanation, fixers} = describeCode(code, facts, zone);
					expect(fixers.filter((fixer) => fixer === 'registrar' || fixer === 'registry' || fixer === 'tld-manager'), code).toEqual([]);
					expect(fixers, code).toContain('trust-anchor');
					expect(explanation, code).not.toMatch(/\bthe registrar\b|\bregistry\b|\bthe parent\b/u);
				}
			}
		}
	});

	it('at the root, no DNSSEC entry names a registrar, a registry or a TLD manager: its keys reach validators through the trust anchor', () => {
		// DNSSEC_WITHOUT_DS and CDS_DS_MISMATCH compare with the DS a parent's servers give: never found at the root.
		const dnssec = CODES.filter((code) => /^(DS_|DNSKEY_|RRSIG_|DNSSEC_|ALGORITHM_|NSEC3_|DENIAL_|CDS_)/u.test(code) && code !== 'DNSSEC_WITHOUT_DS' && code !== 'CDS_DS_MISMATCH');
		for (const code of dnssec) {
			// The root is always anchored: a DS set for it is the trust anchor's.
			const samples = samplesOf(code).filter((sample) => typeof sample !== 'object' || sample === null || !('anchor' in sample) || sample.anchor === true);
			for (const facts of samples) {
				const {explanation, fixers} = describeCode(code, facts, '.');
				expect(fixers.filter((fixer) => fixer === 'registrar' || fixer === 'registry' || fixer === 'tld-manager'), code).toEqual([]);
				expect(explanation, code).not.toMatch(/\bthe registrar\b|\bregistry\b|at the parent\b/u);
			}
		}
		expect(describeCode('DNSKEY_RSA_SHORT', undefined, '.').fixers).toEqual(['dns-operator', 'trust-anchor']);
		expect(describeCode('DNSKEY_RSA_SHORT', undefined, 'example.com.').fixers).toEqual(['dns-operator', 'zone-owner', 'registrar']);
	});

	it('at the root, the DNSSEC entries that can be about its anchor read the anchor where the validator holds one', () => {
		expect(describeCode('DNSKEY_MISSING', {anyServerAnswers: true, anchor: true}, '.')).toEqual({
			severity: 'error',
			explanation:
				"This zone's keys are vouched for by a trust anchor, not by a DS at a parent: the key or DS a validator is configured to trust for it (for the root, the IANA root key built into resolvers, or a --trust-anchor file), so no registrar is involved. It says the zone is signed, but the zone serves no keys: validating resolvers that hold the anchor treat every answer from it, and from every zone below it, as forged and fail. There is no DS at a parent to remove: either the zone's DNS operator serves the signed zone again (for the real root, the root zone maintainer; for a private root, whoever runs its servers), or, if the zone is meant to be unsigned, whoever sets the trust anchor removes it.",
			fixers: ['dns-operator', 'trust-anchor'],
		});
		expect(describeCode('DS_NO_MATCHING_DNSKEY', {anyDsMatches: false, anchor: true}, '.').fixers).toEqual(['trust-anchor', 'dns-operator']);
		expect(describeCode('DS_DIGEST_DEPRECATED', {anchor: true}, '.').fixers).toEqual(['trust-anchor']);
		expect(describeCode('ALGORITHM_UNSUPPORTED', {anchor: true}, '.').fixers).toEqual(['trust-anchor', 'dns-operator']);
		// The anchor is configuration, not a record resolvers cache: once the zone serves the key, the keys' TTL counts.
		expect([changeOf('DNSKEY_MISSING', {anyServerAnswers: true, anchor: true}), changeOf('DS_NO_MATCHING_DNSKEY', {anyDsMatches: false, anchor: true}), changeOf('DS_DIGEST_DEPRECATED', {anchor: true})]).toEqual(['dnskey', 'dnskey', 'none']);
	});

	it('on a TLD, the parent whose servers disagree about its delegation is the root: its servers\' operators fix it, not the TLD manager', () => {
		const onTld = describeCode('REFERRAL_INCONSISTENT', {parent: '.'}, 'bw.');
		expect(onTld.fixers).toEqual(['dns-operator']);
		expect(onTld.explanation).toMatch(/^The root's servers should all give the same delegation for a TLD\. .* The TLD manager cannot: /u);
		expect(onTld.explanation).not.toMatch(/\bregistry\b|\bregistrar\b/u);
		// Below a TLD, the parent's operator is its registry.
		expect(describeCode('REFERRAL_INCONSISTENT', {parent: 'bw.'}, 'example.bw.').fixers).toEqual(['registry', 'dns-operator']);
	});

	it('two levels below a TLD and deeper, the parent whose servers disagree is no TLD: its DNS operator fixes it, and no registry is named', () => {
		const below = describeCode('REFERRAL_INCONSISTENT', {parent: 'example.bw.'}, 'sub.example.bw.');
		expect(below.fixers).toEqual(['dns-operator']);
		expect(below.explanation).toContain('A parent server with an old copy of its zone is the usual cause; the DNS operator of the parent, example.bw., must fix it: no registry is involved, as example.bw. is no TLD.');
		expect(describeCode('REFERRAL_INCONSISTENT', {parent: 'bw.'}, 'example.bw.').explanation).toContain('the parent is a TLD, so its DNS operator, the bw. registry\'s, must fix it.');
	});

	// What a trace can find only below the root: a parent's referral (its glue, its size, its NS set, its DS, its
	// servers' disagreement, its denial), a registrable domain's registration, and what checks skip at the root.
	const NEVER_AT_ROOT: readonly FindingCode[] = [
		...ON_REGISTRABLE_DOMAINS_ONLY,
		'GLUE_MISSING',
		'GLUE_MISMATCH',
		'REFERRAL_INCONSISTENT',
		'REFERRAL_TOO_LARGE',
		'ZONE_NOT_DELEGATED',
		'DNSSEC_WITHOUT_DS',
		'CDS_DS_MISMATCH',
		'SINGLE_NAMESERVER',
		'SINGLE_POINT_OF_FAILURE',
		'NOT_A_ZONE',
	];
	/** The samples of a code that can be observed at the root: its DS is always the trust anchor's, and it has no parent's NS set or glue. */
	const atRoot = (code: FindingCode) =>
		samplesOf(code).filter(
			(sample) => typeof sample !== 'object' || sample === null || (!('anchor' in sample && sample.anchor === false) && !('between' in sample && sample.between === 'parent-and-zone') && !('glue' in sample && sample.glue)),
		);

	it('at the root, no entry names a registrar, a registry, a TLD manager, a zone owner or a delegation: the root servers\' operators, or IANA root zone management', () => {
		for (const code of CODES.filter((each) => !NEVER_AT_ROOT.includes(each))) {
			for (const facts of atRoot(code)) {
				const {explanation, fixers} = describeCode(code, facts, '.');
				expect(fixers.filter((fixer) => fixer === 'registrar' || fixer === 'registry' || fixer === 'tld-manager' || fixer === 'zone-owner'), code).toEqual([]);
				expect(explanation, code).not.toMatch(/\bthe registrar\b|\bregistry\b|\bthe delegation\b|at the parent\b|\bzone owners?\b|\bowners? of the zones?\b/u);
				for (const fixer of fixers) expect(explanation, `${code} names ${fixer}`).toMatch(NAMED[fixer]);
			}
		}
		// What a break test saw: the root's own keys were the zone owner's to roll.
		expect(describeCode('ALGORITHM_DEPRECATED', undefined, '.')).toMatchObject({fixers: ['root-zone-manager', 'dns-operator']});
		expect(describeCode('ALGORITHM_DEPRECATED', undefined, '.').explanation).toContain('IANA root zone management should have the DNS operator roll the keys');
	});

	it('at the root, a server\'s own fault is its operator\'s, and taking it out of the NS set is IANA root zone management\'s', () => {
		const facts = {anyServerWorks: true, failingAddresses: 1, zoneAddresses: 26};
		for (const code of ['SERVER_TIMEOUT', 'SERVER_UNREACHABLE', 'SERVER_REFUSED', 'SERVER_ERROR_RCODE', 'SERVER_NOT_AUTHORITATIVE', 'UPWARD_REFERRAL'] as const) {
			const {explanation, fixers} = describeCode(code, code === 'UPWARD_REFERRAL' ? {...facts, toItself: true} : facts, '.');
			expect(fixers, code).toEqual(['dns-operator', 'root-zone-manager']);
			expect(explanation, code).toMatch(/ The root has no parent, no delegation and no registrar: the DNS operator running this root server \(each root server has its own\) must [^,]+, or IANA root zone management must take it out of the root's NS set, which resolvers' root hints then follow\.$/u);
		}
		// The words about the server itself are the same as on any zone.
		expect(describeCode('SERVER_TIMEOUT', facts, '.').explanation).toMatch(/^1 of the zone's 26 server addresses times out: a resolver that picks a server at random waits for a time-out on about 1 in 26 first tries, and then asks another\. /u);
		expect(describeCode('ZONE_UNREACHABLE', {cause: 'servers-failed'}, '.').fixers).toEqual(['dns-operator', 'root-zone-manager']);
		expect(describeCode('ZONE_UNREACHABLE', {cause: 'no-address'}, '.').fixers).toEqual(['this-host', 'root-zone-manager']);
		expect(describeCode('NS_NAME_UNRESOLVABLE', {anyNameResolves: false}, '.').fixers).toEqual(['root-zone-manager', 'dns-operator']);
		expect(describeCode('NS_NAME_IS_CNAME', undefined, '.').fixers).toEqual(['root-zone-manager']);
		// Below the root, the registrar still carries the delegation.
		expect(describeCode('SERVER_TIMEOUT', facts, 'example.com.').fixers).toEqual(['dns-operator', 'registrar']);
	});

	it('on a TLD, a DS to remove or publish is at the root, changed through IANA root zone management', () => {
		expect(describeCode('DNSKEY_MISSING', {anyServerAnswers: true, anchor: false}, 'bw.')).toEqual({
			severity: 'error',
			explanation:
				'The parent publishes a DS, promising the zone is signed, but the zone serves no keys: validating resolvers treat every answer as forged and fail. Either re-sign the zone (DNS operator) or remove the DS at the root, through IANA root zone management. This zone is a TLD, so it has no registrar: the TLD manager asks IANA root zone management for every change to its delegation, glue and DS at the root.',
			fixers: ['dns-operator', 'tld-manager'],
		});
		expect(describeCode('SINGLE_NAMESERVER', undefined, 'bw.').explanation).toContain('and register it at the root, through IANA root zone management.');
		expect(describeCode('GLUE_MISMATCH', undefined, 'bw.').explanation).toContain("Usually the server was renumbered and the root zone's glue record was not updated: the zone owner must update it through IANA root zone management.");
	});

	it('the root\'s servers are never told to fix a vantage problem: only you, your network or this host', () => {
		for (const code of CODES.filter((each) => each.startsWith('VANTAGE_'))) {
			// Out of sockets is this host's limit of open files, not the network's.
			for (const facts of code in SAMPLES ? SAMPLES[code as keyof typeof SAMPLES] : [undefined]) expect(describeCode(code, facts as never, '.').fixers, code).toEqual(code === 'VANTAGE_HOST_EXHAUSTED' ? ['this-host'] : ['your-network']);
		}
	});

	it('a severity rule is reached both ways by the facts it reads', () => {
		for (const code of CODES) {
			const {severity} = FINDING_CATALOGUE[code];
			expect([...severitiesOf(code)].sort(), code).toEqual(typeof severity === 'string' ? [severity] : [severity.otherwise, severity.then].sort());
		}
	});
});

describe('what a finding means for users, in numbers', () => {
	const explained = <C extends FindingCode>(code: C, facts: FactsOf<C>) => describeCode(code, facts).explanation;

	it('a silent server: the share of first tries that wait for a time-out, in lowest terms', () => {
		expect(explained('SERVER_TIMEOUT', {anyServerWorks: true, failingAddresses: 1, zoneAddresses: 4})).toMatch(/^1 of the zone's 4 server addresses times out: a resolver that picks a server at random waits for a time-out on about 1 in 4 first tries, and then asks another\. /u);
		expect(explained('SERVER_TIMEOUT', {anyServerWorks: true, failingAddresses: 2, zoneAddresses: 8})).toContain('2 of the zone\'s 8 server addresses time out: a resolver that picks a server at random waits for a time-out on about 1 in 4 first tries');
		expect(explained('SERVER_TIMEOUT', {anyServerWorks: true, failingAddresses: 3, zoneAddresses: 8})).toContain('on about 3 in 8 first tries');
	});

	it('every server silent: every try, and no answer for users', () => {
		expect(explained('SERVER_TIMEOUT', {anyServerWorks: false, failingAddresses: 2, zoneAddresses: 2})).toMatch(/^Both of the zone's server addresses time out: a resolver waits for a time-out on every try, and users get no answer \(SERVFAIL\)\. /u);
		expect(explained('SERVER_TIMEOUT', {anyServerWorks: false, failingAddresses: 3, zoneAddresses: 3})).toMatch(/^All 3 of the zone's server addresses time out: /u);
		expect(explained('SERVER_TIMEOUT', {anyServerWorks: false, failingAddresses: 1, zoneAddresses: 1})).toMatch(/^The zone's only server address times out: a resolver waits for a time-out on every try/u);
	});

	it('some servers silent and the rest failing otherwise: the share, and no answer for users', () => {
		expect(explained('SERVER_TIMEOUT', {anyServerWorks: false, failingAddresses: 2, zoneAddresses: 4})).toMatch(/^2 of the zone's 4 server addresses time out: .* on about 1 in 2 first tries, and with the zone's other servers failing too, users get no answer \(SERVFAIL\)\. /u);
	});

	it('each way a server fails says what a resolver meets there', () => {
		const facts = {anyServerWorks: true, failingAddresses: 1, zoneAddresses: 3};
		expect(explained('SERVER_UNREACHABLE', facts)).toMatch(/^1 of the zone's 3 server addresses is unreachable: a resolver that picks a server at random gets a network error on about 1 in 3 first tries/u);
		expect(explained('SERVER_REFUSED', facts)).toMatch(/^1 of the zone's 3 server addresses refuses: .* gets REFUSED on about 1 in 3 first tries/u);
		expect(explained('SERVER_FAILURE', facts)).toMatch(/^1 of the zone's 3 server addresses answers SERVFAIL: .* gets SERVFAIL on about 1 in 3/u);
		expect(explained('SERVER_NOT_AUTHORITATIVE', facts)).toMatch(/^1 of the zone's 3 server addresses answers without authority: .* gets an answer it must ignore on about 1 in 3/u);
		expect(explained('UPWARD_REFERRAL', facts)).toMatch(/^1 of the zone's 3 server addresses refers back up the tree: .* gets a referral it must ignore on about 1 in 3/u);
		expect(explained('MALFORMED_RESPONSE', facts)).toMatch(/^1 of the zone's 3 server addresses sends broken responses: .* gets a response it cannot use on about 1 in 3/u);
	});

	it('a serial lag of date serials (YYYYMMDDnn) is an age: 10000 behind is a month', () => {
		expect(explained('SERIAL_MISMATCH', {newest: 2024020100, oldest: 2024010100, behind: 10_000, expire: 604_800, otherPrimary: false})).toMatch(
			/^The serials are dates \(YYYYMMDDnn\): the oldest copy, serial 2024010100 \(2024-01-01\), is about a month older than the newest, 2024020100 \(2024-02-01\), so users whose resolver asks that server get data that old\. /u,
		);
		expect(explained('SERIAL_MISMATCH', {newest: 2024020712, oldest: 2024020312, behind: 400, expire: 604_800, otherPrimary: false})).toContain('is 4 days older than the newest');
		expect(explained('SERIAL_MISMATCH', {newest: 2024020712, oldest: 2024020703, behind: 9, expire: 604_800, otherPrimary: false})).toContain('serial 2024020703, is from the same day as the newest, 2024020712 (2024-02-07), 9 changes behind.');
	});

	it('a serial lag says how long the stale copy may still be served: its SOA expire, then the server goes lame', () => {
		expect(explained('SERIAL_MISMATCH', {newest: 42, oldest: 17, behind: 25, expire: 1_209_600, otherPrimary: false})).toContain(
			'A secondary that cannot refresh goes on serving its copy until the SOA expire of that copy (14 days) has passed since its last successful refresh, then stops answering for the zone (SERVFAIL or REFUSED, RFC 1035 3.3.13): stale data now, a lame server then.',
		);
		expect(explained('SERIAL_MISMATCH', {newest: 42, oldest: 17, behind: 25, expire: 3_600_000, otherPrimary: false})).toContain('SOA expire of that copy (1000 hours)');
	});

	describe('a signature problem says what it means for users, given the zone\'s DNSSEC status', () => {
		const codes = ['RRSIG_MISSING', 'RRSIG_EXPIRED', 'RRSIG_NOT_YET_VALID', 'RRSIG_INVALID', 'DNSSEC_PARTIAL'] as const;
		const table = [
			{stakes: 'chain', says: /bogus|SERVFAIL/u, never: /users see no failure/u},
			{stakes: 'unanchored', says: /outside validation\), so resolvers with these anchors never check its signatures and users see no failure from them; only a validating resolver that holds an anchor for it \(or for a zone above it\) would reject the data \(SERVFAIL\)\./u, never: /Validating resolvers (reject|treat)|retry another/u},
			{stakes: 'insecure', says: /proves it unsigned .*, so validators ignore its signatures and users see no failure from them\. Still, signatures that fail in an unsigned zone mark a half-done signing or unsigning/u, never: /Validating resolvers (reject|treat)|retry another/u},
		] as const;
		for (const {stakes, says, never} of table) {
			it(`${stakes}: every signature code, and a signature about to expire`, () => {
				for (const code of codes) {
					const text = explained(code, {stakes, chainOfTrust: stakes === 'chain', anotherServerValidates: false});
					expect(text, code).toMatch(says);
					expect(text, code).not.toMatch(never);
				}
				const soon = explained('RRSIG_EXPIRING_SOON', {stakes});
				if (stakes === 'chain') expect(soon).toContain('validating resolvers will start failing');
				else expect(soon).toMatch(says);
			});
		}

		it('an expired signature reads as an outage only under a chain of trust', () => {
			expect(explained('RRSIG_EXPIRED', {stakes: 'chain', chainOfTrust: true, anotherServerValidates: false, besideAnswer: false})).toBe('Signatures have a validity window; these have passed their expiry. Validating resolvers reject the data (SERVFAIL). Automated signers re-sign long before expiry: expired signatures mean the signer stopped, or a server serves an old copy. The DNS operator must re-sign and check zone transfers.');
			expect(explained('RRSIG_EXPIRED', {stakes: 'insecure', chainOfTrust: false, anotherServerValidates: false, besideAnswer: false})).toMatch(/^Signatures have a validity window; these have passed their expiry\. The zone's parent proves it unsigned/u);
		});
	});

	it('a serial lag of Unix timestamps is an age too', () => {
		expect(explained('SERIAL_MISMATCH', {newest: 1707301500, oldest: 1707301200, behind: 300, expire: 604_800, otherPrimary: false})).toMatch(/^The serials are Unix timestamps: the oldest copy, serial 1707301200, was made about 5 minutes before the newest, 1707301500, /u);
		expect(explained('SERIAL_MISMATCH', {newest: 1707301500, oldest: 1707301500 - 86_400 * 3, behind: 86_400 * 3, expire: 604_800, otherPrimary: false})).toContain('was made 3 days before the newest');
	});

	it('a serial lag of a plain counter is only a count', () => {
		expect(explained('SERIAL_MISMATCH', {newest: 42, oldest: 17, behind: 25, expire: 604_800, otherPrimary: false})).toMatch(/^The oldest copy, serial 17, is 25 behind the newest, 42; the serials are plain counters, so how old it is cannot be told from them\. /u);
		// Below 1990 as a timestamp and with no date in its digits: a counter, however large.
		expect(explained('SERIAL_MISMATCH', {newest: 600_000_000, oldest: 599_999_000, behind: 1000, expire: 604_800, otherPrimary: false})).toContain('serial 599999000, is 1000 behind the newest, 600000000; the serials are plain counters');
	});
});

describe('severity follows what was observed', () => {
	const severity = <C extends FindingCode>(code: C, facts: FactsOf<C>) => describeCode(code, facts).severity;

	it('a failing server is a warning while another server of its zone works, and an error when none does', () => {
		for (const code of ['SERVER_TIMEOUT', 'SERVER_UNREACHABLE', 'SERVER_REFUSED', 'SERVER_FAILURE', 'SERVER_ERROR_RCODE', 'SERVER_NOT_AUTHORITATIVE', 'UPWARD_REFERRAL', 'MALFORMED_RESPONSE'] as const) {
			expect([severity(code, {anyServerWorks: true, failingAddresses: 1, zoneAddresses: 2}), severity(code, {anyServerWorks: false, failingAddresses: 1, zoneAddresses: 2})]).toEqual(['warning', 'error']);
		}
		expect(FINDING_CATALOGUE.TRUNCATED_NO_TCP.severity).toBe('error');
		expect(FINDING_CATALOGUE.EDNS_UNSUPPORTED.severity).toBe('warning');
		expect(FINDING_CATALOGUE.SERVER_UDP_FAILS_TCP_WORKS.severity).toBe('warning');
		expect([severity('SERVER_NO_TCP', {anyServerServesTcp: true}), severity('SERVER_NO_TCP', {anyServerServesTcp: false})]).toEqual(['warning', 'error']);
	});

	it('an unresolvable NS name, or missing glue, is an error only when the zone has no other way in', () => {
		expect([severity('NS_NAME_UNRESOLVABLE', {anyNameResolves: true}), severity('NS_NAME_UNRESOLVABLE', {anyNameResolves: false})]).toEqual(['warning', 'error']);
		expect([severity('GLUE_MISSING', {otherNameservers: true}), severity('GLUE_MISSING', {otherNameservers: false})]).toEqual(['warning', 'error']);
	});

	it('one address under every name, or one network for every server, is a warning; one domain, one TLD or the own delegation is a note', () => {
		expect(SAMPLES.SINGLE_POINT_OF_FAILURE.map((facts) => [facts.dependsOn, severity('SINGLE_POINT_OF_FAILURE', facts)])).toEqual([
			['one-address', 'warning'],
			['one-network', 'warning'],
			['own-delegation', 'info'],
			['one-domain', 'info'],
			['one-tld', 'info'],
		]);
	});

	it('a missing delegation is an error when proven (NXDOMAIN, a signed empty name) or the registry knows the domain; a warning when an unsigned parent only answers NODATA at the name, or the traced name does not need the domain', () => {
		expect(SAMPLES.DELEGATION_MISSING.map((facts) => [facts.denial, facts.registered, facts.breaks, severity('DELEGATION_MISSING', facts)])).toEqual([
			['nxdomain', true, true, 'error'],
			['nxdomain', false, true, 'error'],
			['empty-name', false, true, 'error'],
			['no-delegation', true, true, 'error'],
			['no-delegation', false, true, 'warning'],
			['nxdomain', false, false, 'warning'],
		]);
	});

	it('a missing delegation asked at the domain itself says the NODATA is the registry\'s, and how sure that is', () => {
		const explained = (denial: FindingFacts['DELEGATION_MISSING']['denial'], registered: boolean) => describeCode('DELEGATION_MISSING', {domain: 'puri.sm.', parent: 'sm.', denial, registered, breaks: true}).explanation;
		expect(explained('empty-name', false)).toMatch(/^Asked at the domain's own name, the sm\. registry's servers answer from their own zone \(NODATA, with their own SOA\) instead of referring to the name servers of puri\.sm\.: they hold no NS for it\. Their signed denial shows nothing at the name: an empty name in the sm\. zone, /u);
		expect(explained('no-delegation', false)).toContain('Nothing proves what the name holds (sm. is unsigned, its denial was not valid, or no DNSSEC was asked for): it is either an empty name above kept glue, as a suspended domain\'s is, or a name the registry keeps records at in its own zone (as many keep nic.TLD), which no one needs to fix.');
		expect(explained('no-delegation', true)).toContain('The registry\'s RDAP knows the domain, so a registered domain has no delegation.');
	});

	it('a stale DS is an error unless another DS still matches a key', () => {
		expect([severity('DS_NO_MATCHING_DNSKEY', {anyDsMatches: false, anchor: false}), severity('DS_NO_MATCHING_DNSKEY', {anyDsMatches: true, anchor: false})]).toEqual(['error', 'warning']);
	});

	it('a DS without keys is an error when servers answer without them, a warning when no server answers at all', () => {
		expect([severity('DNSKEY_MISSING', {anyServerAnswers: true, anchor: false}), severity('DNSKEY_MISSING', {anyServerAnswers: false, anchor: false})]).toEqual(['error', 'warning']);
	});

	it('signature problems and partial signing are errors under a chain of trust when no other server validates, warnings (at risk) when one does or without a chain', () => {
		for (const code of ['RRSIG_MISSING', 'RRSIG_EXPIRED', 'RRSIG_NOT_YET_VALID', 'RRSIG_INVALID', 'DNSSEC_PARTIAL'] as const) {
			expect(SAMPLES[code].slice(0, 5).map((facts) => severity(code, facts))).toEqual(['error', 'warning', 'warning', 'warning', 'warning']);
		}
	});

	it('a signature that fails on an RRset beside the answer, not asked for, is a warning even under a chain of trust: validators strip it, and nothing is cached to wait out', () => {
		for (const code of ['RRSIG_MISSING', 'RRSIG_EXPIRED', 'RRSIG_NOT_YET_VALID', 'RRSIG_INVALID'] as const) {
			const beside = {stakes: 'chain', chainOfTrust: true, anotherServerValidates: false, besideAnswer: true} as const;
			expect(severity(code, beside), code).toBe('warning');
			expect(severity(code, {...beside, besideAnswer: false}), code).toBe('error');
			expect(changeOf(code, beside), code).toBe('none');
			expect(changeOf(code, {...beside, besideAnswer: false}), code).toBe('signature');
			expect(describeCode(code, beside).explanation, code).toContain('It came beside the answer, not asked for (in the answer section, or as the zone\'s NS in the authority section): a validating resolver checks only the records the answer relies on (the RRset asked for and the CNAME or DNAME chain to it) and strips the others from the reply instead of failing it (Unbound\'s scrubber, BIND), so the answer itself still validates and users see nothing wrong. Asked for itself, this RRset would be rejected (SERVFAIL).');
		}
	});

	it('a signature about to expire is a warning where a chain of trust reaches the zone, information where none does', () => {
		expect(SAMPLES.RRSIG_EXPIRING_SOON.map((facts) => severity('RRSIG_EXPIRING_SOON', facts))).toEqual(['warning', 'info', 'info']);
	});

	it('NSEC3 iterations are a warning up to 150 (RFC 9276) and an error above, where a chain of trust reaches the zone (no validator hashes them elsewhere)', () => {
		expect(SAMPLES.NSEC3_ITERATIONS.map((facts) => severity('NSEC3_ITERATIONS', facts))).toEqual(['warning', 'warning', 'error', 'warning', 'warning']);
		expect(describeCode('NSEC3_ITERATIONS', {iterations: 151, stakes: 'insecure'}).explanation).toContain('so no validator with these anchors hashes its NSEC3 records');
	});

	it('an unusable address is a warning while the zone has a server left, an error when it has none; whoever gave it fixes it', () => {
		expect(SAMPLES.ADDRESS_UNUSABLE.map((facts) => [severity('ADDRESS_UNUSABLE', facts), describeCode('ADDRESS_UNUSABLE', facts).fixers])).toEqual([
			['warning', ['registrar', 'registry']],
			['error', ['dns-operator']],
			['warning', ['registrar', 'registry', 'dns-operator']],
			['error', ['this-host']],
		]);
	});
});

describe('createFinding', () => {
	it('adds what the code means to what a check observed', () => {
		expect(createFinding({code: 'DELEGATION_MISSING', zone: 'puri.sm.', servers: ['127.77.2.1'], message: 'puri.sm.: gone', evidence: [3], facts: {domain: 'puri.sm.', parent: 'sm.', denial: 'nxdomain', registered: false, breaks: true}})).toEqual({
			code: 'DELEGATION_MISSING',
			severity: 'error',
			zone: 'puri.sm.',
			servers: ['127.77.2.1'],
			message: 'puri.sm.: gone',
			explanation: expect.stringMatching(/^The sm\. registry answers authoritatively that puri\.sm\. does not exist, /u),
			fixers: ['registrar', 'registry'],
			change: 'negative-answer',
			evidence: [3],
		});
	});

	it('gives each finding its own copy of the fixers', () => {
		const observed = {zone: 'a.example.', servers: [], message: 'a.example.: one', evidence: []};
		const first = createFinding({...observed, code: 'SINGLE_NAMESERVER'});
		first.fixers.push('registry');
		expect(createFinding({...observed, code: 'SINGLE_NAMESERVER'}).fixers).toEqual(['zone-owner', 'registrar']);
	});
});

describe('sortFindings', () => {
	const at = (zone: string) => ({zone, servers: [], message: zone, evidence: []});

	it('puts the causes first, in the catalogue\'s order, and the rest after them', () => {
		const causes = CODES.filter((code) => FINDING_CATALOGUE[code].rank < Math.max(...CODES.map((other) => FINDING_CATALOGUE[other].rank))).sort((a, b) => FINDING_CATALOGUE[a].rank - FINDING_CATALOGUE[b].rank);
		expect(causes).toEqual([
			'VANTAGE_NO_NETWORK',
			'VANTAGE_DNS_BLOCKED',
			'VANTAGE_DNS_INTERCEPTED',
			'VANTAGE_NO_ROUTE_IPV4',
			'VANTAGE_NO_ROUTE_IPV6',
			'VANTAGE_IPV4_BLOCKED',
			'VANTAGE_IPV6_BLOCKED',
			'VANTAGE_UDP_BLOCKED',
			'VANTAGE_TCP_BLOCKED',
			'VANTAGE_HOST_EXHAUSTED',
			'DELEGATION_MISSING',
			'REGISTRY_HOLD',
			'REGISTRAR_HOLD',
			'DOMAIN_PENDING_DELETE',
			'DOMAIN_EXPIRED',
			'NOT_A_ZONE',
			'LOOP_DETECTED',
			'SERVER_TIMEOUT',
			'SERVER_UNREACHABLE',
			'SERVER_REFUSED',
			'SERVER_FAILURE',
			'SERVER_ERROR_RCODE',
			'SERVER_NOT_AUTHORITATIVE',
			'UPWARD_REFERRAL',
			'MALFORMED_RESPONSE',
			'TRUNCATED_NO_TCP',
			'EDNS_UNSUPPORTED',
			'DS_NO_MATCHING_DNSKEY',
			'DNSKEY_MISSING',
			'RRSIG_EXPIRED',
			'RRSIG_NOT_YET_VALID',
			'RRSIG_INVALID',
			'RRSIG_MISSING',
			'DENIAL_INVALID',
			'DNSSEC_PARTIAL',
			'ADDRESS_UNUSABLE',
		]);
		expect(new Set(causes.map((code) => FINDING_CATALOGUE[code].rank)).size).toBe(causes.length);
	});

	it('orders worst first, then causes before symptoms, then zones from the root down', () => {
		const sorted = sortFindings([
			createFinding({...at('b.example.'), code: 'SERVER_TIMEOUT', facts: {anyServerWorks: true, failingAddresses: 1, zoneAddresses: 2}}),
			createFinding({...at('deep.a.example.'), code: 'ZONE_UNREACHABLE', facts: {cause: 'servers-failed'}}),
			createFinding({...at('a.example.'), code: 'ZONE_UNREACHABLE', facts: {cause: 'no-address'}}),
			createFinding({...at('deep.a.example.'), code: 'SERVER_TIMEOUT', facts: {anyServerWorks: false, failingAddresses: 2, zoneAddresses: 2}}),
			createFinding({...at('deep.a.example.'), code: 'DELEGATION_MISSING', facts: {domain: 'deep.a.example.', parent: 'a.example.', denial: 'nxdomain', registered: false, breaks: true}}),
		]);
		expect(sorted.map((entry) => `${entry.severity} ${entry.code} ${entry.zone}`)).toEqual([
			'error DELEGATION_MISSING deep.a.example.',
			'error SERVER_TIMEOUT deep.a.example.',
			'error ZONE_UNREACHABLE a.example.',
			'error ZONE_UNREACHABLE deep.a.example.',
			'warning SERVER_TIMEOUT b.example.',
		]);
	});
});

/** The severity column of the README's table: the severity, or the rule in words. */
function severityInWords(code: FindingCode): string {
	const {severity} = FINDING_CATALOGUE[code];
	return typeof severity === 'string' ? severity : `${severity.otherwise}; ${severity.then} when ${severity.condition}`;
}

/** The rows of the README's finding table: code, severity, title. */
function readmeTable(): {code: string; severity: string; title: string}[] {
	const lines = readFileSync(new URL('../../README.md', import.meta.url), 'utf8').split('\n');
	const header = lines.indexOf('| code | severity | what it reports |');
	expect(header, 'the README has its table of finding codes').toBeGreaterThan(0);
	const rows = [];
	for (const line of lines.slice(header + 2)) {
		if (!line.startsWith('|')) break;
		const [code = '', severity = '', title = ''] = line.split('|').slice(1, -1).map((cell) => cell.trim());
		rows.push({code: code.replace(/^`(.*)`$/u, '$1'), severity, title});
	}
	return rows;
}

describe('the docs hold to the catalogue', () => {
	it('the README\'s table lists every code once, in the catalogue\'s order, with its severity and title', () => {
		expect(readmeTable()).toEqual(CODES.map((code) => ({code, severity: severityInWords(code), title: FINDING_CATALOGUE[code].title})));
	});

	it('every code-like word elsewhere in the README is a finding code or an environment variable', () => {
		const environment = ['DIGDEEPER_CACHE', 'DIGDEEPER_CODE_CACHE', 'DIGDEEPER_LOOPBACK_ONLY', 'DIGDEEPER_REQUIRE_TOOLS', 'NO_COLOR', 'XDG_CACHE_HOME', 'BENCH_PORT', 'BENCH_SURVEY_UI'];
		const text = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
		const words = new Set(text.match(/\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b/gu) ?? []);
		expect(words).toContain('LIMIT_REACHED');
		for (const word of words) expect([...CODES, ...environment], word).toContain(word);
	});
});
