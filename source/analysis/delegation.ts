import {deniedName} from '../dns/record.js';
import {isAtOrBelow, isStrictlyBelow, type Name} from '../dns/name.js';
import type {Nameserver, Outcome, PathStep, Probe, Resolution, Server, Zone} from '../trace/model.js';
import {listInWords, reasonsInWords} from '../trace/bounded-list.js';
import {closestZone, failedUnasked, UNASKED_LOOK_UP} from '../trace/zone-book.js';
import {zoneShownDown} from '../trace/probe-facts.js';
import {createNsec3Hasher, signedContentAt, signedEncloser, type Nsec3Hasher} from './dnssec/denial.js';
import {createFinding, type Finding, type FindingFacts} from './finding.js';
import {registrableDomain} from './registrable-domain.js';
import {registrationFor, registryStatusInWords} from './registration-status.js';
import {listLabels, unique, type TraceView} from './trace-view.js';

/**
 * `unproven`: the probes whose signatures or denial proofs the validator found wanting (its RRSIG_* and DENIAL_INVALID
 * findings' evidence): what they say of the zone's names is not taken as proof.
 */
export function checkDelegation(view: TraceView, unproven: ReadonlySet<number> = new Set()): Finding[] {
	return [
		...missingDelegations(view, unproven),
		...view.trace.zones.flatMap((zone) => [
			...unresolvableNames(view, zone),
			...glueMissing(view, zone),
			...glueMismatch(view, zone),
			...nsSetMismatch(view, zone),
			...referralInconsistent(view, zone),
			...singleNameserver(view, zone),
		]),
	];
}

/**
 * The parent denies a registrable domain: suspended, expired, deleted, or never registered. Asked below the domain,
 * its servers say NXDOMAIN; asked at the domain itself, they may answer NODATA from their own zone, with their own SOA
 * and no NS (`noDelegationAt`).
 */
function missingDelegations(view: TraceView, unproven: ReadonlySet<number>): Finding[] {
	const seen = new Set<Name>();
	const hasher = createNsec3Hasher();
	const findings: Finding[] = [];
	// Denials on the way to the traced name's own answer (a look-up of a name server's address is on the way to no
	// answer by itself); each domain is said once, by its first denial, on the way or not.
	const onTheWay = new Set(view.trace.resolutions[0]?.steps ?? []);
	const denials = view.trace.resolutions.flatMap((resolution) => resolution.steps).sort((a, b) => Number(onTheWay.has(b)) - Number(onTheWay.has(a)));
	for (const step of denials) {
		const missing = step.result === 'nxdomain' ? deniedBelow(view, unproven, step, hasher) : step.result === 'nodata' ? noDelegationAt(view, unproven, step, hasher) : undefined;
		if (!missing || seen.has(missing.domain)) continue;
		seen.add(missing.domain);
		const {domain, deniers} = missing;
		const registered = registryStatusInWords(view.trace, domain);
		// Zones whose every name server is named under the domain go down with it when its names do not exist
		// (NXDOMAIN), and the trace shows them down. Asked at its own name, a NODATA shows the name exists in the
		// parent's zone: the names below it (the addresses a registry keeps because other zones' servers use those
		// hosts) still resolve. A zone whose names still resolve (from records the parent keeps) and answered is not
		// taken down, whatever its names are under.
		const down = zonesDown(view);
		const dependents = missing.denial === 'nxdomain' ? view.trace.zones.filter((zone) => zone.nameservers.length > 0 && zone.nameservers.every((ns) => isAtOrBelow(ns.name, domain)) && zone.name !== domain && down.has(zone.name)) : [];
		findings.push(createFinding({
			code: 'DELEGATION_MISSING',
			zone: domain,
			servers: unique(deniers.map(({server}) => server.address)),
			message: `${domain}: ${registered ? `${registered}; ` : ''}${missing.said}${dependents.length > 0 ? `, which also takes down ${dependents.map((zone) => zone.name).join(', ')} (${dependents.length === 1 ? 'its' : 'their'} name servers are under ${domain})` : ''}`,
			evidence: deniers.map(({probe}) => probe.id),
			facts: {domain, parent: step.zone, denial: missing.denial, registered: registrationFor(view.trace, domain)?.result.kind === 'found', breaks: onTheWay.has(step) || dependents.length > 0 || view.trace.zones.some((zone) => down.has(zone.name) && zone.nameservers.some((ns) => isAtOrBelow(ns.name, domain)))},
		}));
	}
	return findings;
}

interface Missing {
	domain: Name;
	deniers: Array<{server: Server; probe: Probe}>;
	denial: FindingFacts['DELEGATION_MISSING']['denial'];
	/** What the parent's servers said, after the domain's name: "the sm. servers say it does not exist (…); …". */
	said: string;
}

/** The parent's servers that gave the step's kind of response to its question. */
function decisive(view: TraceView, step: PathStep, kind: 'nxdomain' | 'nodata'): Array<{server: Server; probe: Probe}> {
	const parent = view.zone(step.zone);
	return (parent?.servers ?? []).flatMap((server) => server.probes.filter((probe) => probe.question.name === step.question.name && probe.question.type === step.question.type && probe.kind === kind).map((probe) => ({server, probe})));
}

/** An NXDOMAIN for the domain or a name below it. */
function deniedBelow(view: TraceView, unproven: ReadonlySet<number>, step: PathStep, hasher: Nsec3Hasher): Missing | undefined {
	const deniers = decisive(view, step, 'nxdomain');
	// After a CNAME in the same reply, the NXDOMAIN is the target's (RFC 6604), and so is the missing delegation.
	const denierProbe = deniers[0]?.probe;
	const classification = denierProbe && view.classify(denierProbe);
	const denied = deniedName(step.question.name, classification?.records ?? []);
	const domain = registrableDomain(denied);
	if (!domain || !isStrictlyBelow(domain, step.zone)) return undefined;
	// The root delegates every TLD there is: its NXDOMAIN says the TLD does not exist (a name server named under
	// `.con`), so there is no registry, registrar or domain to blame, only a name that is wrong; NS_NAME_UNRESOLVABLE
	// says so. (The Public Suffix List's default rule makes any unknown TLD a suffix, and the label under it a domain.)
	if (step.zone === '.') return undefined;
	// An NXDOMAIN whose SOA is the domain's own (a parent server that serves it too answered from its data, as
	// the walk takes it back from a cut) denies a name in the domain, not the domain.
	if (classification?.childApex !== undefined && isAtOrBelow(classification.childApex, domain)) return undefined;
	// Nor one whose signed NSEC or NSEC3 shows the domain holds data in the parent's zone (the registry serves it
	// itself, as many serve nic.TLD), from every server whose reply has such records: the name below it does not
	// exist, the domain does. An empty name above leftover glue is no such proof (a suspended domain whose name
	// servers other domains use), a server that shows the domain absent outweighs one that shows it present, and one
	// whose signatures or proof the validator found wanting shows nothing.
	if (denied !== domain) {
		const shown = deniers.flatMap(({probe}) => {
			if (unproven.has(probe.id)) return [false];
			const proof = signedEncloser(probe.response?.authority ?? [], step.zone, denied, hasher);
			return proof ? [proof.holdsData && isAtOrBelow(proof.encloser, domain)] : [];
		});
		if (shown.length > 0 && shown.every(Boolean)) return undefined;
	}
	// Names under the domain the same servers answer for from their own zone: the domain's name exists there, with no
	// delegation (a suspended domain whose hosts' addresses are kept for other domains, or names the parent's owner
	// made): what does not exist is the name asked, and the finding says which names still resolve.
	const kept = keptBelow(view, step.zone, domain);
	const still = kept.length === 0 ? '' : `; they answer for ${listInWords(kept)} under it from their own zone`;
	const said = `the ${step.zone} servers say ${kept.length === 0 ? 'it does not exist' : `${denied} does not exist`} (NXDOMAIN for ${denied}${denied === step.question.name ? '' : `, the target of ${step.question.name}'s CNAME`})${still}; the registry does not delegate it`;
	return {domain, deniers, denial: 'nxdomain', said};
}

/** Names at or below `domain` that servers of `parent` answered with data from their own zone (no referral, no cut). */
function keptBelow(view: TraceView, parent: Name, domain: Name): Name[] {
	const zone = view.zone(parent);
	if (!zone) return [];
	const names = zone.servers.flatMap((server) =>
		server.probes.filter((probe) => probe.kind === 'answer' && isAtOrBelow(probe.question.name, domain) && view.classify(probe)?.childApex === undefined).map((probe) => probe.question.name),
	);
	return unique(names);
}

/**
 * A registrable domain asked at its own name, answered NODATA by its parent's servers from the parent's own zone (the
 * parent's SOA, no NS): the domain is no zone cut of the parent, so no resolver ever reaches its own servers, and the
 * "no data" is the registry's answer, not the domain's. A registry that suspends a domain pulls its NS but keeps its
 * name servers' addresses while other domains use those hosts: the domain's name is then an empty non-terminal of the
 * TLD's zone, which exists, so the NXDOMAIN `deniedBelow` reads never comes. A signed parent's NSEC or NSEC3 shows
 * what is at the name: nothing (an empty name, or RFC 9824's compact denial of a name that does not exist) is a
 * missing delegation; records of its own are a name the registry serves in its zone (nic.TLD), not a domain; NS is a
 * delegation (the NODATA of a DS question). An unsigned parent shows nothing either way: the finding says so, and
 * for a DS question (which an unsigned delegation is denied too) says nothing.
 */
function noDelegationAt(view: TraceView, unproven: ReadonlySet<number>, step: PathStep, hasher: Nsec3Hasher): Missing | undefined {
	const name = step.question.name;
	if (registrableDomain(name) !== name || !isStrictlyBelow(name, step.zone)) return undefined;
	// The Public Suffix List lists ip6.arpa., in-addr.arpa. and e164.arpa. as suffixes, so their first labels read as
	// registrable domains, but no registrar sells them: an empty name there (2.ip6.arpa. above 0.1.0.0.2.ip6.arpa.'s
	// delegation) is the tree's shape, not a suspended domain.
	if (isAtOrBelow(name, 'arpa.')) return undefined;
	// Only the parent's own NODATA: one with the domain's SOA (a server that serves both answered from the domain's
	// data, as ZONE_NOT_DELEGATED reads) or none is not the parent's word on the name.
	const deniers = decisive(view, step, 'nodata').filter(({probe}) => probe.response?.authority.some((record) => record.type === 'SOA' && record.name === step.zone) && view.classify(probe)?.childApex === undefined);
	if (deniers.length === 0) return undefined;
	// A delegation the parent's servers gave for another question is one (REFERRAL_INCONSISTENT says if they disagree).
	const zone = view.zone(name);
	if (zone && view.referrals(zone).length > 0) return undefined;
	const shown = deniers.flatMap((denier) => {
		const proof = unproven.has(denier.probe.id) ? undefined : signedContentAt(denier.probe.response?.authority ?? [], step.zone, name, hasher);
		return proof ? [{...denier, proof}] : [];
	});
	// A server whose signed denial lists NS at the name holds the delegation (a DS question's NODATA): servers that
	// disagree about it are a stale copy of the zone, which the domain's own servers and the serials tell, not a
	// registry that pulled the domain.
	if (shown.some(({proof}) => proof.delegated)) return undefined;
	// As below the domain: a server that shows the name empty outweighs one that shows it holding data; the finding
	// names those that show it empty.
	const empty = shown.filter(({proof}) => !proof.records);
	const parent = step.zone === '.' ? 'root' : step.zone;
	const asked = `NODATA for ${name} ${step.question.type}, with the ${step.zone} SOA`;
	if (empty.length > 0) {
		const what = empty.some(({proof}) => proof.emptyNonTerminal) ? 'an empty name in their zone: names exist below it, but it holds no records and no NS (as when a suspended domain\'s name-server addresses are kept)' : 'no records at it and no NS';
		return {domain: name, deniers: empty, denial: 'empty-name', said: `the ${parent} servers answer for it themselves (${asked}) and their signed denial shows ${what}; the registry does not delegate it`};
	}
	if (shown.length > 0 || step.question.type === 'DS') return undefined;
	const signed = deniers.some(({probe}) => probe.response?.authority.some((record) => record.type === 'RRSIG'));
	// Without the DO bit (--no-dnssec) a signed zone sends no RRSIG either: its lack says nothing about the zone.
	const noProof = !view.trace.options.dnssec ? 'no DNSSEC was asked for (--no-dnssec)' : signed ? 'their denial proves nothing about the name' : `${step.zone} is unsigned`;
	// RDAP that has no such domain (deleted, or never registered) leaves two readings: a deleted domain's kept name-server
	// addresses, or a name the registry keeps; one that finds it, a registered domain the registry does not delegate.
	const registry = registrationFor(view.trace, name)?.result.kind;
	const reading =
		registry === 'not-found'
			? "the name is empty there (a deleted domain whose name servers' addresses stay) or holds records the registry keeps in its own zone"
			: registry === 'found'
				? `the name is empty there or holds records in the registry's zone, but RDAP knows ${name} as a registered domain: the registry does not delegate it`
				: `the name is empty there (a suspended domain whose name servers' addresses stay) or holds records the registry keeps in its own zone: if ${name} is a registered domain, the registry does not delegate it`;
	return {
		domain: name,
		deniers,
		denial: 'no-delegation',
		said: `the ${parent} servers answer for it themselves (${asked}) and hold no NS for it; ${noProof}, so nothing shows whether ${reading}`,
	};
}

function subtraces(view: TraceView, ns: Nameserver): Resolution[] {
	return ns.subtraces.map((id) => view.trace.resolutions[id]).filter((resolution): resolution is Resolution => Boolean(resolution));
}

/** How a name server's domain its parent denies is said: "is not delegated by sm.". */
const NOT_DELEGATED = 'is not delegated by ';

/**
 * A look-up that failed where its question never reached the zone, and the zone above the name (the closest the trace
 * knows name servers of, where a look-up of it would end) is not in `down`.
 */
const unknownWith = (view: TraceView, outcome: Outcome | undefined, name: Name, down: ReadonlySet<Name>) => failedUnasked(outcome) && !down.has(closestZone(name, view.zone));

function unfinishedWith(view: TraceView, ns: Nameserver, down: ReadonlySet<Name>): boolean {
	const outcomes = subtraces(view, ns).map((resolution) => resolution.outcome);
	return ns.addresses.length === 0 && outcomes.some((outcome) => unknownWith(view, outcome, ns.name, down)) && !outcomes.some((outcome) => outcome?.status === 'nxdomain' || (outcome?.status === 'failure' && !unknownWith(view, outcome, ns.name, down)));
}

/** The zones a look-up would fail at, by view: worked out once per analysis. */
const downByView = new WeakMap<TraceView, ReadonlySet<Name>>();

/**
 * The zones the trace shows down: those whose servers were all asked and gave no usable answer (`zoneShownDown`), and
 * those with no server whose every name server is known to have no address (looked up at least once, every look-up
 * done, none only not looked up under a zone not found down). The second grows from the first until nothing changes,
 * so names under each other's zones, none of them known, stay unknown; each round is one pass over the zones.
 */
function zonesDown(view: TraceView): ReadonlySet<Name> {
	const known = downByView.get(view);
	if (known) return known;
	const down = new Set(view.trace.zones.filter(zoneShownDown).map((zone) => zone.name));
	const addressless = (ns: Nameserver) => {
		const looked = subtraces(view, ns);
		return ns.addresses.length === 0 && !ns.unusable && looked.length > 0 && looked.every((resolution) => resolution.outcome) && !unfinishedWith(view, ns, down);
	};
	for (let grew = true; grew; ) {
		grew = false;
		for (const zone of view.trace.zones) {
			if (down.has(zone.name) || zone.servers.length > 0 || zone.nameservers.length === 0 || !zone.nameservers.every(addressless)) continue;
			down.add(zone.name);
			grew = true;
		}
	}
	downByView.set(view, down);
	return down;
}

/**
 * The zone a look-up of `name` would end in when the trace shows it down (`zonesDown`): where a look-up whose question
 * never left this host would have failed all the same (a break test at ulimit -n 22 read twitter.com.'s two names
 * under an unreachable dynect.net. as merely "not looked up").
 */
function downAbove(view: TraceView, name: Name): Name | undefined {
	const zone = closestZone(name, view.zone);
	return zonesDown(view).has(zone) ? zone : undefined;
}

/** A look-up of `name` that failed where its question never reached the zone, and nothing shows it would have failed. */
const failedUnknown = (view: TraceView, outcome: Outcome | undefined, name: Name) => unknownWith(view, outcome, name, zonesDown(view));

/**
 * Where an NS name's look-up broke: the zone that failed, the zone above it shown down, or the missing delegation
 * above the name. None for a look-up that never reached a zone (`failedUnknown`): nothing shows it failed.
 */
function brokenAt(view: TraceView, outcome: Outcome | undefined, name: Name): {zone: Name; how: string} | undefined {
	if (!outcome || failedUnknown(view, outcome, name)) return undefined;
	if (failedUnasked(outcome)) return {zone: downAbove(view, name)!, how: 'is unreachable'};
	if (outcome.status === 'failure') return {zone: outcome.zone ?? '.', how: 'is unreachable'};
	if (outcome.status === 'nxdomain') {
		const domain = registrableDomain(name);
		if (domain && outcome.zone && isStrictlyBelow(domain, outcome.zone)) return {zone: domain, how: `${NOT_DELEGATED}${outcome.zone}`};
		return {zone: outcome.zone ?? '.', how: `has no ${name}`};
	}
	return undefined;
}

/**
 * Every name server of the zone has no address because its name is under a domain its parent no longer delegates
 * (pureos.net.'s, under puri.sm.): no DNS operator can bring them back, only that domain's registration.
 */
export function namesUndelegated(view: TraceView, zone: Zone): boolean {
	if (zone.nameservers.length === 0) return false;
	return zone.nameservers.every((ns) => ns.addresses.length === 0 && !ns.unusable && subtraces(view, ns).some((resolution) => brokenAt(view, resolution.outcome, ns.name)?.how.startsWith(NOT_DELEGATED) === true));
}

/**
 * A name server's name whose look-up this host never finished: it failed where its question never reached a zone not
 * shown down (`failedUnknown`), and no other look-up of it said it does not exist or failed. Whether it resolves is
 * not known.
 */
export function lookUpUnfinished(view: TraceView, ns: Nameserver): boolean {
	return unfinishedWith(view, ns, zonesDown(view));
}

function unresolvableNames(view: TraceView, zone: Zone): Finding[] {
	// A name given only unusable addresses does resolve: ADDRESS_UNUSABLE reports it.
	// One whose look-up is still running (a trace saved while it ran), or never finished, is not known to be broken.
	const unfinished = new Set(zone.nameservers.filter((ns) => lookUpUnfinished(view, ns)));
	const broken = zone.nameservers.filter((ns) => ns.addresses.length === 0 && !ns.unusable && !subtraces(view, ns).some((resolution) => !resolution.outcome) && !unfinished.has(ns));
	if (broken.length === 0) return [];
	const all = broken.length === zone.nameservers.length;
	const evidence = broken.flatMap((ns) => subtraces(view, ns).flatMap((resolution) => resolution.steps.flatMap((step) => (step.probe === undefined ? [] : [step.probe]))));
	const findings: Finding[] = [
		createFinding({
			code: 'NS_NAME_UNRESOLVABLE',
			zone: zone.name,
			servers: [],
			message: `${zone.name}: ${reasonsInWords(broken.map((ns) => ({name: ns.name, reason: describeUnresolved(view, ns)})))}${all ? ' — no name server of the zone can be found' : unfinished.size > 0 ? `; ${unfinished.size === 1 ? 'one more' : `${unfinished.size} more`} could not be looked up from here` : ''}`,
			evidence,
			// Seen to resolve: a name only not looked up is not one (a zone with one broken name and one never looked up
			// was a warning that some name resolves).
			facts: {anyNameResolves: zone.nameservers.some((ns) => ns.addresses.length > 0 || Boolean(ns.unusable))},
		}),
	];
	if (all) {
		const causes = broken.map((ns) => subtraces(view, ns).map((resolution) => brokenAt(view, resolution.outcome, ns.name)).find(Boolean));
		const zones = unique(causes.filter((cause): cause is {zone: Name; how: string} => Boolean(cause)).map((cause) => `${cause.zone}|${cause.how}`));
		if (causes.every(Boolean) && zones.length > 0 && zones.every((entry) => entry.split('|')[0] !== zone.name)) {
			const named = zones.map((entry) => {
				const [name, how] = entry.split('|') as [Name, string];
				return `${name} (which ${how})`;
			});
			findings.push(createFinding({
				code: 'NS_DEPENDENCY_FAILED',
				zone: zone.name,
				servers: [],
				message: `${zone.name}: every name server is named under ${named.join(' and ')}: the zone is down because another zone is`,
				evidence,
				facts: {namesUndelegated: zones.every((entry) => entry.split('|')[1]!.startsWith(NOT_DELEGATED))},
			}));
		}
	}
	return findings;
}

function describeUnresolved(view: TraceView, ns: Nameserver): string {
	if (!ns.unresolved) return 'has no address';
	// The walk's words say its question never left; the zone above the name was shown down by those that did: that is
	// its failure.
	if (ns.unresolved.startsWith(`${ns.name} ${UNASKED_LOOK_UP}`)) {
		const downAt = downAbove(view, ns.name);
		if (downAt) return `cannot be resolved (${downAt} failed)`;
	}
	const match = /does not exist \(NXDOMAIN from (.+)\)$/u.exec(ns.unresolved);
	if (match) return `does not exist (NXDOMAIN from ${match[1]})`;
	const failed = /could not be resolved \((.+) failed\)$/u.exec(ns.unresolved);
	if (failed) return `cannot be resolved (${failed[1]} failed)`;
	return ns.unresolved.replace(`${ns.name} `, '');
}

/** In-domain NS names need glue: without it, finding them needs the zone itself. */
function glueMissing(view: TraceView, zone: Zone): Finding[] {
	const referrals = view.referrals(zone);
	const missing = unique(
		referrals.flatMap(({classification}) =>
			(classification.referral?.ns ?? []).filter((ns) => isAtOrBelow(ns, zone.name) && !classification.referral?.glue.some((glue) => glue.name === ns)),
		),
	);
	if (missing.length === 0) return [];
	const senders = referrals.filter(({classification}) => missing.some((ns) => !classification.referral?.glue.some((glue) => glue.name === ns)));
	return [
		createFinding({
			code: 'GLUE_MISSING',
			zone: zone.name,
			servers: unique(senders.map(({server}) => server.address)),
			message: `${zone.name}: the ${zone.parent} servers refer to ${listInWords(missing, {last: ', '})} without glue, though the name${missing.length === 1 ? ' is' : 's are'} inside ${zone.name}`,
			evidence: senders.map(({probe}) => probe.id),
			facts: {otherNameservers: zone.nameservers.length > missing.length},
		}),
	];
}

/** Glue from the parent vs the addresses the zone itself gives for its servers. */
function glueMismatch(view: TraceView, zone: Zone): Finding[] {
	const findings: Finding[] = [];
	const referrals = view.referrals(zone);
	for (const ns of zone.nameservers) {
		const glue = unique(referrals.flatMap(({classification}) => classification.referral?.glue.filter((entry) => entry.name === ns.name).map((entry) => entry.address) ?? [])).sort();
		const answers = view.probes(zone, 'ns-address').filter(({probe}) => probe.question.name === ns.name && probe.kind === 'answer');
		if (glue.length === 0 || answers.length === 0) continue;
		const authoritative = unique(
			answers.flatMap(({probe}) => (probe.response?.answer ?? []).filter((record) => record.name === ns.name && (record.type === 'A' || record.type === 'AAAA')).map((record) => (record.data.kind === 'address' ? record.data.address : ''))),
		).sort();
		const familiesAsked = unique(answers.map(({probe}) => probe.question.type));
		const comparableGlue = glue.filter((address) => familiesAsked.includes(address.includes(':') ? 'AAAA' : 'A'));
		if (comparableGlue.join(',') === authoritative.join(',')) continue;
		findings.push(createFinding({
			code: 'GLUE_MISMATCH',
			zone: zone.name,
			servers: unique([...comparableGlue, ...authoritative]),
			message: `${zone.name}: glue for ${ns.name} at ${zone.parent} says ${comparableGlue.join(', ') || 'nothing'}, the zone itself says ${authoritative.join(', ') || 'nothing'}`,
			evidence: [...referrals.map(({probe}) => probe.id), ...answers.map(({probe}) => probe.id)],
		}));
	}
	return findings;
}

function nsSetOf(probe: Probe, zone: Name): string[] {
	return unique((probe.response?.answer ?? []).filter((record) => record.type === 'NS' && record.name === zone).map((record) => (record.data.kind === 'name' ? record.data.target : ''))).sort();
}

/** The parent's NS set against the zone's own, and the zone's servers against each other. */
function nsSetMismatch(view: TraceView, zone: Zone): Finding[] {
	const childAnswers = view.probes(zone, 'ns').filter(({probe}) => probe.kind === 'answer');
	if (childAnswers.length === 0) return [];
	const parentSet = unique(view.referrals(zone).flatMap(({classification}) => classification.referral?.ns ?? [])).sort();
	const groups = new Map<string, typeof childAnswers>();
	for (const entry of childAnswers) {
		const key = nsSetOf(entry.probe, zone.name).join(' ');
		groups.set(key, [...(groups.get(key) ?? []), entry]);
	}
	const findings: Finding[] = [];
	if (groups.size > 1) {
		findings.push(createFinding({
			code: 'NS_SET_MISMATCH',
			zone: zone.name,
			servers: unique(childAnswers.map(({server}) => server.address)),
			message: `${zone.name}: its servers disagree on the NS set: ${[...groups.entries()].map(([set, entries]) => `${listLabels(entries.map(({server}) => server))} list ${set}`).join('; ')}`,
			evidence: childAnswers.map(({probe}) => probe.id),
			facts: {between: 'servers'},
		}));
	}
	if (parentSet.length > 0) {
		const [childSet, entries] = [...groups.entries()].sort((a, b) => b[1].length - a[1].length)[0]!;
		if (childSet !== parentSet.join(' ')) {
			const onlyParent = parentSet.filter((name) => !childSet.split(' ').includes(name));
			const onlyChild = childSet.split(' ').filter((name) => name && !parentSet.includes(name));
			findings.push(createFinding({
				code: 'NS_SET_MISMATCH',
				zone: zone.name,
				servers: unique([...view.referrals(zone).map(({server}) => server.address), ...entries.map(({server}) => server.address)]),
				message: `${zone.name}: the delegation at ${zone.parent} and the zone's own NS set differ${onlyParent.length > 0 ? `; only the parent lists ${onlyParent.join(', ')}` : ''}${onlyChild.length > 0 ? `; only the zone lists ${onlyChild.join(', ')}` : ''}`,
				evidence: [...view.referrals(zone).map(({probe}) => probe.id), ...entries.map(({probe}) => probe.id)],
				facts: {between: 'parent-and-zone'},
			}));
		}
	}
	return findings;
}

/** The parent's servers disagree about this delegation (another NS set, or no delegation at all). */
function referralInconsistent(view: TraceView, zone: Zone): Finding[] {
	const parent = zone.parent ? view.zone(zone.parent) : undefined;
	if (!parent) return [];
	const questions = unique(view.referrals(zone).map(({probe}) => `${probe.question.name}|${probe.question.type}`));
	const findings: Finding[] = [];
	for (const key of questions) {
		// A parent server that also serves the child answers from the child's data instead of referring: normal, and
		// no disagreement about the delegation.
		const answers = view.probes(parent).filter(({probe, server}) => `${probe.question.name}|${probe.question.type}` === key && probe.status === 'answered' && ['referral', 'nxdomain', 'nodata', 'answer'].includes(probe.kind ?? '') && !(probe.kind !== 'referral' && probe.response?.flags.aa && alsoServes(zone, server.address, probe)));
		const variants = new Map<string, typeof answers>();
		for (const entry of answers) {
			const classification = view.classify(entry.probe);
			const label = entry.probe.kind === 'referral' ? `refer to ${classification?.referral?.child} (${[...(classification?.referral?.ns ?? [])].sort().join(' ')})` : entry.probe.kind!.toUpperCase();
			variants.set(label, [...(variants.get(label) ?? []), entry]);
		}
		if (variants.size <= 1) continue;
		findings.push(createFinding({
			code: 'REFERRAL_INCONSISTENT',
			zone: zone.name,
			servers: unique(answers.map(({server}) => server.address)),
			message: `${zone.name}: the ${parent.name} servers disagree about ${key.split('|')[0]}: ${[...variants.entries()].map(([label, entries]) => `${listLabels(entries.map(({server}) => server))} ${label}`).join('; ')}`,
			evidence: answers.map(({probe}) => probe.id),
			facts: {parent: parent.name},
		}));
	}
	return findings;
}

/**
 * Whether an authoritative, non-referral response from a parent server is the child's own data: the server is one of
 * the child's, or its denial carries the child's SOA (the zone it answered from).
 */
function alsoServes(child: Zone, address: string, probe: Probe): boolean {
	if (child.servers.some((server) => server.address === address)) return true;
	return probe.response?.authority.some((record) => record.type === 'SOA' && isAtOrBelow(record.name, child.name)) ?? false;
}

function singleNameserver(view: TraceView, zone: Zone): Finding[] {
	// In a trace saved while it ran, the zone's own NS answers (or its parent's other referrals) may list more.
	if (zone.nameservers.length !== 1 || zone.name === '.' || view.stillOut(zone) || (zone.parent !== undefined && referralsOut(view, zone.parent))) return [];
	const only = zone.nameservers[0]!;
	return [
		createFinding({
			code: 'SINGLE_NAMESERVER',
			zone: zone.name,
			servers: only.addresses.map((address) => address.address),
			message: `${zone.name}: only one name server, ${only.name}`,
			evidence: [],
		}),
	];
}

/** Is one of the parent's answers to the walk's questions still out: a referral that may list more name servers. */
function referralsOut(view: TraceView, parent: Name): boolean {
	const zone = view.zone(parent);
	return zone !== undefined && view.probes(zone).some(({probe}) => probe.purpose === 'walk' && probe.status === 'pending');
}
