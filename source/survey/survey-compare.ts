import type {Severity} from '../analysis/finding.js';
import type {Name} from '../dns/name.js';
import type {SurveyZoneRecord} from './survey-record.js';

/*
 * Two surveys compared, zone by zone and problem by problem: what is new, what was resolved, what is still broken and
 * since when. A problem is a zone's error or warning under one code, about one zone, at one severity (a zone's notes
 * are not problems): a warning that became an error, or a finding that moved to another zone (its servers' own
 * domain, say), is a new problem with a new first-seen time, never an old one carried on. The first-seen time of each
 * is carried from survey to survey, so "broken since" holds across mornings.
 */

/** The severities that make a problem. */
const PROBLEM: ReadonlySet<Severity> = new Set(['error', 'warning']);

/** What makes two findings the same problem from one survey to the next. */
export const problemKey = (finding: {code: string; severity: Severity; zone: Name}): string => `${finding.code} ${finding.severity} ${finding.zone}`;

/** One problem: a zone, a code, a severity and the zone it is about, its findings' servers merged. */
export interface SurveyProblem {
	zone: Name;
	code: string;
	severity: Severity;
	/** Every server the code's findings in the zone name, in order, once each. */
	servers: string[];
	message: string;
	since: string;
}

export interface SurveyComparison {
	/** When each survey started: the earlier and the later. */
	previous: {startedAt: string; zones: number};
	current: {startedAt: string; zones: number};
	added: SurveyProblem[];
	resolved: SurveyProblem[];
	/** In both, with when it was first seen (the earlier of the two surveys' records of it). */
	still: SurveyProblem[];
	/** Zones surveyed only by the later survey, and only by the earlier. */
	zonesAdded: Name[];
	zonesDropped: Name[];
}

/** A zone's problems by `problemKey`: findings of one problem merged, the first listed giving the message. */
export function zoneProblems(record: SurveyZoneRecord): Map<string, SurveyProblem> {
	const problems = new Map<string, SurveyProblem>();
	for (const finding of record.findings.filter((candidate) => PROBLEM.has(candidate.severity))) {
		const key = problemKey(finding);
		const known = problems.get(key);
		if (known) {
			for (const server of finding.servers) if (!known.servers.includes(server)) known.servers.push(server);
			if (finding.since < known.since) known.since = finding.since;
		} else problems.set(key, {zone: record.zone, code: finding.code, severity: finding.severity, servers: [...finding.servers], message: finding.message, since: finding.since});
	}
	return problems;
}

/** What a later survey needs of an earlier one: when it saw each zone's findings first, by zone and `problemKey`. */
export type FirstSeen = Map<Name, Map<string, string>>;

/** One zone's part of FirstSeen: a survey read as a stream keeps this of each zone, not the zone's record. */
export function zoneFirstSeen(record: SurveyZoneRecord): Map<string, string> {
	const codes = new Map<string, string>();
	for (const finding of record.findings) codes.set(problemKey(finding), earlier(codes.get(problemKey(finding)), finding.since));
	return codes;
}

const earlier = (a: string | undefined, b: string): string => (a === undefined || b < a ? b : a);

/** The first-seen time of a zone's finding from an earlier survey, if it saw the same problem there. */
export const sinceIn = (seen: FirstSeen | undefined, zone: Name, finding: {code: string; severity: Severity; zone: Name}): string | undefined => seen?.get(zone)?.get(problemKey(finding));

/** Zones ordered as people read a list of them: by name. */
const byZoneThenCode = (a: SurveyProblem, b: SurveyProblem) => (a.zone < b.zone ? -1 : a.zone > b.zone ? 1 : a.code < b.code ? -1 : a.code > b.code ? 1 : 0);

/**
 * What a comparison keeps of a survey: when it started, and each zone's problems (an empty map for a zone without).
 * A survey is read into this zone by zone, so comparing two big surveys holds their problems, never their records.
 */
export interface SurveyProblems {
	startedAt: string;
	zones: Map<Name, Map<string, SurveyProblem>>;
}

export function surveyProblems(startedAt: string, zones: Iterable<SurveyZoneRecord> = []): SurveyProblems {
	const problems: SurveyProblems = {startedAt, zones: new Map()};
	for (const record of zones) problems.zones.set(record.zone, zoneProblems(record));
	return problems;
}

/**
 * The later survey against the earlier: each zone in both compared code by code; a zone only in the later one brings
 * its problems as new; a zone only in the earlier one is listed as dropped, its problems neither resolved nor still.
 */
export function compareSurveys(previous: SurveyProblems, current: SurveyProblems): SurveyComparison {
	const before = previous.zones;
	const comparison: SurveyComparison = {previous: {startedAt: previous.startedAt, zones: before.size}, current: {startedAt: current.startedAt, zones: current.zones.size}, added: [], resolved: [], still: [], zonesAdded: [], zonesDropped: []};
	for (const [zone, now] of current.zones) {
		const then = before.get(zone);
		if (!then) comparison.zonesAdded.push(zone);
		for (const [key, problem] of now) {
			const old = then?.get(key);
			if (old) comparison.still.push({...problem, since: earlier(old.since, problem.since)});
			else comparison.added.push(problem);
		}
		for (const [key, problem] of then ?? []) if (!now.has(key)) comparison.resolved.push(problem);
	}
	for (const zone of before.keys()) if (!current.zones.has(zone)) comparison.zonesDropped.push(zone);
	for (const list of [comparison.added, comparison.resolved, comparison.still]) list.sort(byZoneThenCode);
	comparison.zonesAdded.sort();
	comparison.zonesDropped.sort();
	return comparison;
}
