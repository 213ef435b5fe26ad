import type {Name} from '../dns/name.js';

export type Severity = 'error' | 'warning' | 'info';

/** Stable codes: snapshots, tests and users' scripts match on them. */
export type FindingCode =
	| 'SERVER_TIMEOUT'
	| 'SERVER_UNREACHABLE'
	| 'SERVER_REFUSED'
	| 'SERVER_FAILURE'
	| 'SERVER_NOT_AUTHORITATIVE'
	| 'UPWARD_REFERRAL'
	| 'ZONE_UNREACHABLE'
	| 'TRUNCATED_NO_TCP'
	| 'EDNS_UNSUPPORTED'
	| 'MALFORMED_RESPONSE'
	| 'OUT_OF_BAILIWICK_DATA'
	| 'DELEGATION_MISSING'
	| 'NS_NAME_UNRESOLVABLE'
	| 'NS_DEPENDENCY_FAILED'
	| 'GLUE_MISSING'
	| 'GLUE_MISMATCH'
	| 'NS_SET_MISMATCH'
	| 'REFERRAL_INCONSISTENT'
	| 'SINGLE_NAMESERVER'
	| 'SERIAL_MISMATCH'
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
	| 'VALIDATION_LIMIT';

/** Who can act on a finding. */
export type Fixer = 'registry' | 'registrar' | 'dns-operator' | 'zone-owner' | 'this-host';

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
	/** Ids of the probes that show it. */
	evidence: number[];
}

const SEVERITY_ORDER: Record<Severity, number> = {error: 0, warning: 1, info: 2};

/**
 * Within a severity, causes before symptoms: a missing delegation or dead servers explain the unresolvable names
 * and unreachable zones that follow from them, so a reader meets the cause first.
 */
const CAUSES_FIRST: FindingCode[] = [
	'DELEGATION_MISSING',
	'LOOP_DETECTED',
	'SERVER_TIMEOUT',
	'SERVER_UNREACHABLE',
	'SERVER_REFUSED',
	'SERVER_FAILURE',
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
];

/** Worst first; causes before symptoms; then by zone from the root down, then by code. */
export function sortFindings(findings: Finding[]): Finding[] {
	const depth = (zone: Name) => (zone === '.' ? 0 : zone.split('.').length - 1);
	const rank = (code: FindingCode) => {
		const index = CAUSES_FIRST.indexOf(code);
		return index < 0 ? CAUSES_FIRST.length : index;
	};
	return [...findings].sort(
		(a, b) =>
			SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
			rank(a.code) - rank(b.code) ||
			depth(a.zone) - depth(b.zone) ||
			a.zone.localeCompare(b.zone) ||
			a.code.localeCompare(b.code),
	);
}
