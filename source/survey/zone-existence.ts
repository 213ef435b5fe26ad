import type {AnalysedTrace} from '../analysis/analyze.js';
import {createFinding, type Finding} from '../analysis/finding.js';
import {ancestry, isAtOrBelow, parentName, type Name} from '../dns/name.js';
import type {OutcomeStatus, ResponseKind, Trace} from '../trace/model.js';

/**
 * Whether a listed name is a zone at all: a survey's own judgement. A trace of `NAME SOA` asks a question, and NXDOMAIN,
 * NODATA or a CNAME are honest answers to it (nothing is broken when `www.example.com.` has no SOA); a survey's list
 * claims each name is a zone, and a name that is none is an error in the list or a delegation that is gone.
 *
 * Said once per name: the parent's NXDOMAIN for a top-level domain or a registrable domain is DELEGATION_MISSING (the
 * trace's analysis already says it for a registrable domain; the root's denial of a TLD is said here), any other
 * NXDOMAIN, a name inside its parent's zone and an alias are NOT_A_ZONE. A trace that failed says nothing here: its
 * findings say why, and whether the name is a zone is then unknown.
 */
export function zoneExistenceFindings(zone: Name, {trace, analysis}: AnalysedTrace): Finding[] {
	const {outcome} = trace;
	if (!isNoZone(zone, trace)) return [];
	// Only a DELEGATION_MISSING that is sure of it (an error) says it for the survey: an unsigned parent's NODATA at the
	// name (a warning, which cannot tell an empty name from one the registry keeps records at) leaves NOT_A_ZONE to say
	// that a name the list claims is a zone is none.
	if (analysis.findings.some((finding) => finding.code === 'DELEGATION_MISSING' && finding.severity === 'error' && isAtOrBelow(zone, finding.zone))) return [];
	const decidedBy = outcome.zone ?? '.';
	const alias = outcome.records.flatMap((record) => (record.name === zone && record.type === 'CNAME' && record.data.kind === 'name' ? [record.data.target] : []))[0];
	if (alias !== undefined) {
		// The zone the alias is in: the step that met it, not the one that answered for its target.
		const at = trace.resolutions[0]?.steps.find((step) => step.question.name === zone && step.result === 'cname')?.zone ?? parentName(zone);
		return [createFinding({code: 'NOT_A_ZONE', zone, ...saidBy(trace, at, zone, 'cname'), message: `${zone}: an alias (CNAME to ${alias}) in ${at}, not a zone: an alias cannot own an SOA or NS set`, facts: {kind: 'alias', parent: at}})];
	}
	const said = saidBy(trace, decidedBy, zone, outcome.status);
	if (outcome.status === 'nxdomain') {
		const denied = ancestry(zone).find((name) => name !== '.' && parentName(name) === decidedBy) ?? zone;
		if (decidedBy === '.') {
			return [createFinding({code: 'DELEGATION_MISSING', zone: denied, ...said, message: `${denied}: the root servers say it does not exist (NXDOMAIN for ${zone} SOA); the root does not delegate it`, facts: {domain: denied, parent: '.', denial: 'nxdomain', registered: false, breaks: true}})];
		}
		return [createFinding({code: 'NOT_A_ZONE', zone, ...said, message: `${zone}: the ${decidedBy} servers say ${denied === zone ? 'it' : denied} does not exist (NXDOMAIN); no zone ${zone} is delegated`, facts: {kind: 'nxdomain', parent: decidedBy}})];
	}
	return [createFinding({code: 'NOT_A_ZONE', zone, ...said, message: `${zone}: a name inside ${decidedBy}, not a zone of its own: the ${decidedBy} servers answer for it (${outcome.status === 'nodata' ? 'NODATA for its SOA' : 'with another zone\'s SOA'}) instead of delegating it`, facts: {kind: 'inside-parent', parent: decidedBy}})];
}

/**
 * The walk reached a final word (an answer, NODATA, NXDOMAIN) without finding a zone cut at the name: the name is no
 * zone. A trace that failed leaves it unknown.
 */
export function isNoZone(zone: Name, trace: Trace): boolean {
	const {status} = trace.outcome;
	return (status === 'nxdomain' || status === 'nodata' || status === 'answer') && !trace.zones.some((candidate) => candidate.name === zone);
}

/** The servers of `parent` that gave `kind` to `zone SOA`, and those probes. */
function saidBy(trace: Trace, parent: Name, zone: Name, kind: ResponseKind | OutcomeStatus): {servers: string[]; evidence: number[]} {
	const servers = trace.zones.find((candidate) => candidate.name === parent)?.servers ?? [];
	const said = servers.flatMap((server) => server.probes.filter((probe) => probe.question.name === zone && probe.question.type === 'SOA' && probe.kind === kind).map((probe) => ({address: server.address, id: probe.id})));
	return {servers: [...new Set(said.map((entry) => entry.address))], evidence: said.map((entry) => entry.id)};
}
