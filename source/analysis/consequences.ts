import type {Name} from '../dns/name.js';
import {isUsable} from '../trace/probe-facts.js';
import type {Finding, FindingCode} from './finding.js';
import {REGISTRATION_STATUS_CODES} from './registration-status.js';
import type {TraceView} from './trace-view.js';
import {isVantageFinding, type Vantage} from './vantage.js';

/**
 * Codes judged from a zone's own answers: its keys and signatures, and its servers agreeing with each other. On a
 * zone that gave no usable answer they can only restate that it is unreachable (a DS "left behind" by a zone that is
 * merely down, say), and ZONE_UNREACHABLE already says so, with its cause beside it.
 */
const RESTATES_UNREACHABLE: ReadonlySet<FindingCode> = new Set<FindingCode>([
	'DNSKEY_MISSING',
	'DS_NO_MATCHING_DNSKEY',
	'RRSIG_MISSING',
	'RRSIG_EXPIRED',
	'RRSIG_NOT_YET_VALID',
	'RRSIG_EXPIRING_SOON',
	'RRSIG_INVALID',
	'DNSSEC_PARTIAL',
	'DNSSEC_WITHOUT_DS',
	'DENIAL_INVALID',
	'NSEC3_ITERATIONS',
	'VALIDATION_LIMIT',
	'SERIAL_MISMATCH',
	'SOA_MISMATCH',
	'NS_SET_MISMATCH',
]);

/** What stays true of a zone this host heard nothing from: addresses that no server can have were never to be asked. */
const KNOWN_UNHEARD: ReadonlySet<FindingCode> = new Set<FindingCode>(['ADDRESS_UNUSABLE']);

/**
 * Each cause once, and no consequence reported as a cause: a finding that only restates an unreachable zone is
 * dropped, a zone this host could not hear for its own reasons (every server excused by the vantage) gets no
 * finding but the vantage's, a registry's status on a domain its parent denies is said by DELEGATION_MISSING (which
 * names it), and a finding made twice (same code, zone, servers and words) is kept once.
 */
export function withoutConsequences(view: TraceView, findings: Finding[], vantage: Vantage): Finding[] {
	const silent = new Set<Name>();
	const unheard = new Set<Name>();
	for (const zone of view.trace.zones) {
		if (!zone.servers.some((server) => server.probes.some(isUsable))) silent.add(zone.name);
		if (zone.servers.length > 0 && zone.servers.every((server) => vantage.excused.has(server.address))) unheard.add(zone.name);
	}
	const denied = new Set(findings.filter((finding) => finding.code === 'DELEGATION_MISSING').map((finding) => finding.zone));
	const seen = new Set<string>();
	return findings.filter((finding) => {
		if (denied.has(finding.zone) && REGISTRATION_STATUS_CODES.has(finding.code)) return false;
		if (silent.has(finding.zone) && RESTATES_UNREACHABLE.has(finding.code)) return false;
		if (unheard.has(finding.zone) && !KNOWN_UNHEARD.has(finding.code) && !isVantageFinding(finding)) return false;
		const key = JSON.stringify([finding.code, finding.zone, finding.servers, finding.message]);
		if (seen.has(key)) return false;
		seen.add(key);
		return true;
	});
}
