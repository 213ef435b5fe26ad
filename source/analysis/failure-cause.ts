import {ancestry, isStrictlyBelow, type Name} from '../dns/name.js';
import type {Resolution, Trace} from '../trace/model.js';
import type {AnalysedFinding, Finding} from './finding.js';

/**
 * The zones a trace's outcome rests on, so whose findings can be its cause: every zone the user's question walked
 * through (up to the zone that gave the last word: the walk stops there), the zones above them, and the zones the
 * look-ups of their name servers' addresses walked through in turn (a server's own domain: tox.im's servers are named
 * under servicex-dns.com., whose are under servicey.net.). `denied`: the zones between a zone that answered NXDOMAIN or
 * NODATA and the name it denied (puri.sm. for sm.'s NXDOMAIN for www.puri.sm.): a zone the walk never reached, whose
 * missing delegation can be the denial's cause, and only that.
 *
 * Left out: a zone only a differing delegation led to (a variant, another parent server's referral), and one only a
 * zone off the path needed. Zones below where the walk stopped are never on it: a failure at com. rests on nothing in
 * example.com., whatever is wrong there.
 */
export interface OutcomeBasis {
	zones: ReadonlySet<Name>;
	denied: ReadonlySet<Name>;
}

export function outcomeBasis(trace: Pick<Trace, 'zones' | 'resolutions'>): OutcomeBasis {
	const known = new Map(trace.zones.map((zone) => [zone.name, zone]));
	const zones = new Set<Name>();
	const denied = new Set<Name>();
	const visited = new Set<Resolution>();
	const visitResolution = (resolution: Resolution | undefined) => {
		if (!resolution || visited.has(resolution)) return;
		visited.add(resolution);
		for (const step of resolution.steps) visitZone(step.zone);
		const last = resolution.steps.at(-1);
		const status = resolution.outcome?.status;
		if (last && (status === 'nxdomain' || status === 'nodata')) {
			for (const name of ancestry(last.question.name)) if (isStrictlyBelow(name, last.zone)) denied.add(name);
		}
	};
	const visitZone = (name: Name) => {
		if (zones.has(name)) return;
		zones.add(name);
		// A zone's servers are reached through the zones above it, wherever the walk picked its path up from.
		for (const above of ancestry(name).slice(1)) if (known.has(above)) visitZone(above);
		for (const nameserver of known.get(name)?.nameservers ?? []) for (const id of nameserver.subtraces) visitResolution(trace.resolutions[id]);
	};
	visitResolution(trace.resolutions[0]);
	return {zones, denied};
}

/**
 * Whether a finding can be the cause of the outcome: it is about a zone the outcome rests on, or it is a denied
 * zone's missing delegation (fixed by the change users wait the denial's negative TTL out for).
 */
export function canCauseOutcome(basis: OutcomeBasis, finding: Finding): boolean {
	return basis.zones.has(finding.zone) || (basis.denied.has(finding.zone) && finding.change === 'negative-answer');
}

/**
 * The errors that can be why a trace ended without an answer, worst first (as the findings are): none for an answer
 * (nothing failed) or a trace still running.
 */
export function outcomeCauses<F extends Finding>(trace: Pick<Trace, 'outcome' | 'zones' | 'resolutions'>, findings: readonly F[]): F[] {
	if (trace.outcome.status === 'answer' || trace.outcome.status === 'pending') return [];
	const basis = outcomeBasis(trace);
	return findings.filter((finding) => finding.severity === 'error' && canCauseOutcome(basis, finding));
}

/**
 * The finding a failed trace's users wait on after the fix: the first error that can be its cause and whose fix a
 * resolver can have cached; undefined when none can (better no line than another zone's wait). The text's outcome
 * line and the explorer's outcome row read it.
 */
export function failureUsersWaitOn(trace: Pick<Trace, 'outcome' | 'zones' | 'resolutions'>, findings: readonly AnalysedFinding[]): AnalysedFinding | undefined {
	return outcomeCauses(trace, findings).find((finding) => finding.cached.change !== 'none');
}
