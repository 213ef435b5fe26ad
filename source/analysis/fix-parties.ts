import {type Finding, type Fixer, type Party} from './finding.js';
import {labels, parentName, type Name} from '../dns/name.js';
import {registrableDomain} from './registrable-domain.js';
import {registrationFor} from './registration-status.js';
import {unique, type TraceView} from './trace-view.js';
import {dependencyLoop} from './loops-and-limits.js';

/**
 * A zone's SOA RNAME as the mailbox it stands for (RFC 1035 3.3.13): the first label is the local part, where `\.` is
 * a literal dot (`john\.doe.example.com.` is john.doe@example.com); the rest is the domain. Other escapes stay as the
 * name presents them (`\027`), so hostile bytes remain visible. Undefined when there is no domain part (the root `.`,
 * a single label).
 */
export function rnameMailbox(rname: Name): string | undefined {
	const parts = labels(rname);
	if (parts.length < 2) return undefined;
	const local = parts[0]!.replace(/\\(\d{3}|.)/gu, (escape: string, what: string) => (what === '.' ? '.' : escape));
	return `${local}@${parts.slice(1).join('.')}`;
}

/** Who runs name servers so named: the registrable domains of their names (PSL), each once, in the order given. */
export function operatorDomains(serverNames: readonly Name[]): Name[] {
	return unique(serverNames.map(registrableDomain).filter((domain): domain is Name => domain !== undefined));
}

/** The mailbox of a zone's SOA RNAME, from the first SOA its own servers gave for it. */
function zoneContact(view: TraceView, zoneName: Name): string | undefined {
	const zone = view.zone(zoneName);
	if (!zone) return undefined;
	for (const {probe} of view.probes(zone)) {
		const soa = [...(probe.response?.answer ?? []), ...(probe.response?.authority ?? [])].find((record) => record.type === 'SOA' && record.name === zoneName && record.data.kind === 'soa');
		if (soa?.data.kind === 'soa') return rnameMailbox(soa.data.rname);
	}
	return undefined;
}

/**
 * The DNS operators a finding concerns: those of the servers it names, where the trace knows their names (in the
 * finding's zone or its parent), else those of every name server of the zone.
 */
function operatorsOf(view: TraceView, finding: Finding): Name[] {
	const zone = view.zone(finding.zone);
	const around = [zone, zone?.parent === undefined ? undefined : view.zone(zone.parent)].flatMap((candidate) => candidate?.servers ?? []);
	const addresses = new Set(finding.servers);
	const named = around.filter((server) => addresses.has(server.address)).map((server) => server.name);
	return operatorDomains(named.length > 0 ? named : (zone?.nameservers ?? []).map((ns) => ns.name));
}

/** The TLD a name is under (itself, for a TLD); undefined for the root. */
function tldOf(name: Name): Name | undefined {
	const last = labels(name).at(-1);
	return last === undefined ? undefined : `${last}.`;
}

/**
 * The registrar of the domain the finding's zone is at or under, as its registry's RDAP names it: its name and IANA
 * Registrar ID, and its abuse contact (email, phone), the one contact a registry publishes for it.
 */
function registrarParty(view: TraceView, finding: Finding): Party {
	const lookup = registrationFor(view.trace, finding.zone);
	const registrar = lookup?.result.kind === 'found' ? lookup.result.facts.registrar : undefined;
	if (!registrar) return {role: 'registrar', names: []};
	const known = [registrar.name, registrar.ianaId === undefined ? undefined : `IANA ID ${registrar.ianaId}`].filter((part): part is string => part !== undefined).join(', ');
	const contact = [registrar.abuseEmail, registrar.abusePhone].filter((part): part is string => part !== undefined).join(', ');
	return {role: 'registrar', names: [], ...(known ? {known} : {}), ...(contact ? {contact} : {})};
}

/**
 * Who can fix a finding, role by role as the catalogue gives them, with the names the trace holds: the DNS operators
 * by their servers' domains, the zone owner's SOA mailbox, the registry (or a TLD's manager) by its TLD and that
 * zone's SOA mailbox, IANA root zone management by the root's SOA mailbox (the root zone maintainer's), the trust anchor by where the trace's came from (built in, or the files given). What this host or its network must fix names no server: a vantage finding never names the root.
 */
export function partiesOf(view: TraceView, finding: Finding): Party[] {
	const party = (role: Fixer, names: Name[], contact: string | undefined): Party => (contact === undefined ? {role, names} : {role, names, contact});
	return finding.fixers.map((role) => {
		switch (role) {
			case 'dns-operator':
				return party(role, operatorsOf(view, finding), undefined);
			case 'zone-owner':
				return party(role, loopZones(view, finding), zoneContact(view, finding.zone));
			case 'registry':
			case 'tld-manager': {
				const tld = tldOf(finding.zone);
				return tld === undefined ? party(role, [], undefined) : party(role, [tld], zoneContact(view, tld));
			}
			case 'registrar':
				return registrarParty(view, finding);
			case 'root-zone-manager':
			case 'private-root':
				return party(role, [], zoneContact(view, '.'));
			case 'parent-zone-owner': {
				const parent = view.zone(finding.zone)?.parent ?? parentName(finding.zone);
				return party(role, [parent], zoneContact(view, parent));
			}
			case 'trust-anchor': {
				const source = view.trace.options.trustAnchor;
				return source === undefined ? party(role, [], undefined) : {role, names: [], known: source};
			}
			case 'this-host':
			case 'your-network':
				return party(role, [], undefined);
		}
	});
}

/**
 * The zones of a name-server dependency loop between zones, whose owners must each hear of it (A's servers named
 * under B and B's under A); none for any other finding, whose zone owner is the finding's zone's.
 */
function loopZones(view: TraceView, finding: Finding): Name[] {
	if (finding.code !== 'LOOP_DETECTED') return [];
	const loop = view.trace.loops.find((candidate) => candidate.kind === 'ns-dependency' && candidate.names[0] === finding.zone);
	const sides = loop ? dependencyLoop(view.trace, loop) : [];
	return sides.length > 1 ? sides.map((side) => side.zone) : [];
}
