import type {Name} from '../dns/name.js';
import {expiryInWords, type RegistrationFacts, type RegistrationLookup} from '../rdap/registration.js';
import type {Trace} from '../trace/model.js';
import {isUsable} from '../trace/probe-facts.js';
import {registrableDomain} from './registrable-domain.js';
import {createFinding, type Finding, type FindingCode} from './finding.js';
import {unique, type TraceView} from './trace-view.js';

/*
 * What the registries said of the domains (RDAP, RFC 9083), read from the facts the trace carries: statuses that take
 * a domain out of the DNS (RFC 8056's EPP statuses, as RDAP names them in RFC 9083 10.2.2), an expiry date gone by,
 * and name servers on file that are not the ones the parent serves. Pure: the look-ups were made by the command.
 */

/** The statuses that take the domain out of the DNS (or are about to), each with its finding and words. */
const STATUS_FINDINGS: ReadonlyArray<{statuses: readonly string[]; code: FindingCode; words: string}> = [
	{statuses: ['server hold'], code: 'REGISTRY_HOLD', words: 'the registry has it on server hold'},
	{statuses: ['client hold'], code: 'REGISTRAR_HOLD', words: 'the registrar has it on client hold'},
	{statuses: ['pending delete', 'redemption period'], code: 'DOMAIN_PENDING_DELETE', words: 'the registry is deleting it'},
];

/** The codes that say what the registry did with a domain: DELEGATION_MISSING names them when the parent denies it. */
export const REGISTRATION_STATUS_CODES: ReadonlySet<FindingCode> = new Set<FindingCode>(['REGISTRY_HOLD', 'REGISTRAR_HOLD', 'DOMAIN_PENDING_DELETE', 'DOMAIN_EXPIRED']);

/** The lookup of the registrable domain a zone is at or under. */
export function registrationFor(trace: Trace, zone: Name): RegistrationLookup | undefined {
	const domain = registrableDomain(zone);
	return domain === undefined ? undefined : trace.registration?.lookups.find((lookup) => lookup.domain === domain);
}

/** Whether the expiry date is before the trace's start (the moment the evidence is from). */
function expiredAt(facts: RegistrationFacts, startedAt: string): boolean {
	return facts.expires !== undefined && Date.parse(facts.expires) < Date.parse(startedAt);
}

/**
 * What the registry's status says, in the words a DELEGATION_MISSING message adds ("the registry has it on server
 * hold"), or undefined when it says nothing that explains a missing delegation. Untrusted status text is never quoted here.
 */
export function registryStatusInWords(trace: Trace, domain: Name): string | undefined {
	const lookup = trace.registration?.lookups.find((entry) => entry.domain === domain);
	if (lookup?.result.kind === 'not-found') return 'the registry has no such domain registered (RDAP: not found)';
	if (lookup?.result.kind !== 'found') return undefined;
	const {facts} = lookup.result;
	const said = STATUS_FINDINGS.filter(({statuses}) => statuses.some((status) => facts.statuses.includes(status))).map(({words}) => words);
	if (expiredAt(facts, trace.startedAt)) said.push(`it expired on ${expiryInWords(facts.expires!)}`);
	if (facts.statuses.includes('inactive') && said.length === 0) said.push('the registry has no name servers on file for it (inactive)');
	return said.length === 0 ? undefined : said.join('; ');
}

export function checkRegistration(view: TraceView): Finding[] {
	const {trace} = view;
	return (trace.registration?.lookups ?? []).flatMap((lookup) => {
		if (lookup.result.kind !== 'found') return [];
		const {facts} = lookup.result;
		const domain = lookup.domain;
		const findings: Finding[] = [];
		for (const {statuses, code, words} of STATUS_FINDINGS) {
			const held = statuses.filter((status) => facts.statuses.includes(status));
			if (held.length === 0) continue;
			findings.push(createFinding({code, zone: domain, servers: [], evidence: [], message: `${domain}: ${words} (RDAP status: ${held.join(', ')})`}));
		}
		if (expiredAt(facts, trace.startedAt)) {
			findings.push(createFinding({code: 'DOMAIN_EXPIRED', zone: domain, servers: [], evidence: [], message: `${domain}: the registration expired on ${expiryInWords(facts.expires!)} (RDAP), before this trace`}));
		}
		findings.push(...nameserversDiffer(view, domain, facts));
		return findings;
	});
}

/** The name servers on file at the registry against the NS set the parent's servers refer to. */
function nameserversDiffer(view: TraceView, domain: Name, facts: RegistrationFacts): Finding[] {
	const zone = view.zone(domain);
	if (!zone || facts.nameservers.length === 0) return [];
	const referrals = view.referrals(zone);
	const delegated = unique(referrals.flatMap(({classification}) => classification.referral?.ns ?? [])).sort();
	if (delegated.length === 0) return [];
	const onFile = facts.nameservers;
	const onlyOnFile = onFile.filter((name) => !delegated.includes(name));
	const onlyDelegated = delegated.filter((name) => !onFile.includes(name));
	if (onlyOnFile.length === 0 && onlyDelegated.length === 0) return [];
	return [
		createFinding({
			code: 'REGISTRY_NS_DIFFER',
			zone: domain,
			servers: unique(referrals.map(({server}) => server.address)),
			message: `${domain}: the name servers on file at the registry (RDAP) are not the ones ${zone.parent} delegates to${onlyOnFile.length > 0 ? `; only on file: ${onlyOnFile.join(', ')}` : ''}${onlyDelegated.length > 0 ? `; only delegated: ${onlyDelegated.join(', ')}` : ''}`,
			evidence: referrals.map(({probe}) => probe.id),
		}),
	];
}

/**
 * Name servers' domains worth asking a registry about, after the walk: those of zones that are broken (no server
 * gave a usable answer, or a name server's name did not resolve), each once, at most a handful: every one is a
 * request to a registry, and the first few name the cause.
 */
export const MAX_NAMESERVER_LOOKUPS = 4;

export function nameserverDomains(trace: Trace, alreadyAsked: readonly Name[]): Name[] {
	const broken = trace.zones.filter((zone) => zone.nameservers.some((ns) => ns.unresolved !== undefined) || (zone.servers.length > 0 && !zone.servers.some((server) => server.probes.some(isUsable))));
	const domains = unique(broken.flatMap((zone) => zone.nameservers.map((ns) => registrableDomain(ns.name)).filter((domain): domain is Name => domain !== undefined)));
	return domains.filter((domain) => !alreadyAsked.includes(domain)).slice(0, MAX_NAMESERVER_LOOKUPS);
}
