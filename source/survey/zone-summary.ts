import type {AnalysedTrace} from '../analysis/analyze.js';
import {dnssecStatusWords, type DnssecStatus} from '../analysis/dnssec/dnssec-status.js';
import {sortFindings, type FindingCode, type Severity} from '../analysis/finding.js';
import type {Name} from '../dns/name.js';
import {addresslessNameservers, servedSerial, serverCounts} from '../trace/probe-facts.js';
import {isNoZone, zoneExistenceFindings} from './zone-existence.js';

/** One finding as a survey keeps it: enough to sort, count and read, without the evidence (that is in the snapshot). */
export interface SurveyFinding {
	code: FindingCode;
	severity: Severity;
	zone: Name;
	servers: string[];
	message: string;
}

/** A zone's DNSSEC status as a survey says it: a name that is no zone has none (a signed denial is not a secure zone). */
export type SurveyDnssec = DnssecStatus | 'no-zone';

/** What a person reads for it. */
export const surveyDnssecWords = (status: SurveyDnssec): string => (status === 'no-zone' ? 'no zone' : dnssecStatusWords(status));

/** What a survey keeps of one zone once its trace is written and let go: a few hundred bytes, not the trace. */
export interface ZoneSummary {
	zone: Name;
	/**
	 * The zone's server addresses answering for it (`isAnswering`, as the tree counts them: a lame one does not), and
	 * those asked (`serverCounts`) with one more for each name server that has no address.
	 */
	servers: {answering: number; total: number};
	/** Every serial the zone's servers serve, newest first (RFC 1982 order is the analysis's; this is a list). */
	serials: number[];
	/** The DNSSEC status of the zone's SOA; `no-zone` for a name that is no zone (a signed denial is not a secure zone). */
	dnssec: SurveyDnssec;
	/** Sorted as the analysis sorts them: the worst first. */
	findings: SurveyFinding[];
	/** Probes of the zone's trace, and how many of them the survey's share answered instead of the network. */
	probes: {total: number; shared: number};
}

/**
 * Whether a finding of a zone's trace belongs in the zone's survey record: one about the zone itself (its delegation
 * included), or an error or warning about another zone on its path (its parent, its servers' own domain), which can
 * explain the zone's own trouble. A note about another zone (a provider's domain served by one network, a parent with
 * no NSID) says nothing about the zone surveyed: it belongs to that zone's own survey, if anyone asks for it.
 */
export const belongsToZone = (zone: Name, finding: {zone: Name; severity: Severity}): boolean => finding.zone === zone || finding.severity !== 'info';

/** A zone's trace reduced to its summary: pure, so the same trace always gives the same line. */
export function summarizeZone(zone: Name, analysed: AnalysedTrace): ZoneSummary {
	const {trace, analysis} = analysed;
	const traced = trace.zones.find((candidate) => candidate.name === zone);
	const servers = traced?.servers ?? [];
	const serials = servers.map((server) => servedSerial(server)).filter((serial): serial is number => serial !== undefined);
	const probes = trace.zones.flatMap((candidate) => candidate.servers.flatMap((server) => server.probes));
	// Of the servers asked: one this host could not reach at all (no route for its family) is no failing server.
	const {answering, asked} = serverCounts(servers);
	// A name server with no address at all is a server of the zone that cannot answer: counted, or a zone with two of
	// four names unresolvable read "2/2 answering" (its NS_NAME_UNRESOLVABLE was among the "+3 more").
	const addressless = addresslessNameservers(traced);
	return {
		zone,
		servers: {answering, total: asked + addressless},
		serials: [...new Set(serials)].sort((a, b) => b - a),
		dnssec: isNoZone(zone, trace) ? 'no-zone' : analysis.dnssec.outcome.status,
		findings: sortFindings([...analysis.findings, ...zoneExistenceFindings(zone, analysed)].filter((finding) => belongsToZone(zone, finding))).map(({code, severity, zone: about, servers: involved, message}) => ({code, severity, zone: about, servers: involved, message})),
		probes: {total: probes.length, shared: probes.filter((probe) => probe.shared).length},
	};
}

/** The zone's worst finding: the analysis sorts worst first. */
export const worstFinding = (summary: ZoneSummary): SurveyFinding | undefined => summary.findings[0];
