import type {Trace} from '../trace/model.js';
import {savedWhileRunning} from '../trace/probe-facts.js';
import {checkAnswers} from './answer-mismatch.js';
import {checkSerials} from './compare-serials.js';
import {withoutConsequences} from './consequences.js';
import {checkDelegation} from './delegation.js';
import {checkSinglePoints, mapDependencies, type Dependencies} from './dependencies.js';
import {checkCdsConsistency} from './dnssec/cds-consistency.js';
import {chainLinks, NO_CHAIN_LINKS, type ChainLinks} from './dnssec/chain-links.js';
import {checkRsaKeySizes} from './dnssec/rsa-key-size.js';
import type {TrustAnchors} from './dnssec/trust-anchors.js';
import {notChecked, validateDnssec, type DnssecReport} from './dnssec/validate.js';
import {newBudget} from './dnssec/verify-rrset.js';
import {cachedFailure, probesById, type Kept} from './cached-failure.js';
import {sortFindings, type AnalysedFinding, type Finding} from './finding.js';
import {forPrivateRoot} from './finding-catalogue.js';
import {partiesOf} from './fix-parties.js';
import {checkLoopsAndLimits} from './loops-and-limits.js';
import {checkMultipleCnames} from './multiple-cname.js';
import {checkNsNameCnames} from './ns-name-cname.js';
import {checkOutOfBailiwick} from './out-of-bailiwick.js';
import {checkReachability} from './reachability.js';
import {checkReferralSizes} from './referral-size.js';
import {checkRegistration} from './registration-status.js';
import {createView, type TraceView} from './trace-view.js';
import {checkTransports} from './transport-checks.js';
import {checkUnusableAddresses} from './unusable-addresses.js';
import {isIanaRoot, judgeVantage} from './vantage.js';
import {checkZonesNotDelegated} from './zone-not-delegated.js';

export interface Analysis {
	/** Each with who can fix it, by name where the trace knows it, and how long users may see it after the fix. */
	findings: AnalysedFinding[];
	dnssec: DnssecReport;
	/** The chain of trust on the way to the answer, link by link, for the DNSSEC view. */
	chain: ChainLinks;
	dependencies: Dependencies;
}

/** A trace and what the analysis made of it: what the views take. */
export interface AnalysedTrace {
	trace: Trace;
	analysis: Analysis;
}

export interface AnalysisOptions {
	anchors: TrustAnchors;
	/**
	 * The moment signatures are judged at, in seconds; by default the trace's own --at, else when it started (the
	 * evidence's time).
	 */
	now?: number;
}

/** Findings from the trace model alone: a pure function, so a snapshot re-analysed later gives the same answer. */
export function analyze(trace: Trace, options: AnalysisOptions): Analysis {
	const view = createView(trace);
	const now = options.now ?? Math.floor(Date.parse(trace.options.validateAt ?? trace.startedAt) / 1000);
	const dependencies = mapDependencies(trace);
	// One KeyTrap budget for every signature check of the analysis: the validator's, then the DNSSEC view's links.
	const budget = newBudget();
	// A trace taken with --no-dnssec asked no DNSKEY or DS question and sent no DO bit: there is nothing to judge.
	const {report, findings: dnssecFindings} = trace.options.dnssec ? validateDnssec(view, options.anchors, now, budget) : notChecked(options.anchors);
	const vantage = judgeVantage(view);
	const serials = checkSerials(view);
	const found = sortFindings(withoutConsequences(view, [
		...vantage.findings,
		...checkReachability(view, vantage.excused),
		...checkTransports(view),
		...checkDelegation(view, unprovenProbes(dnssecFindings)),
		...checkZonesNotDelegated(view, report),
		...checkOutOfBailiwick(view),
		...checkUnusableAddresses(view),
		...serials,
		...checkAnswers(view, serials),
		...checkSinglePoints(view, dependencies),
		...checkLoopsAndLimits(view),
		...dnssecFindings,
		...checkNsNameCnames(view),
		...checkMultipleCnames(view),
		...checkReferralSizes(view),
		...checkRsaKeySizes(view),
		...checkCdsConsistency(view),
		...checkRegistration(view),
	], vantage));
	const findings = withFixDetails(view, found);
	// The chain of trust link by link is for the DNSSEC view and the graph: worked out when one first reads it (a
	// --json or --text trace never does: a tenth of its analysis), with what is left of the same budget. Not for a
	// trace still running: it grows in place, and the links must be those of the responses the rest was judged on.
	const links = () => (trace.options.dnssec ? chainLinks(trace, options.anchors, now, budget) : NO_CHAIN_LINKS);
	let chain = savedWhileRunning(trace) ? links() : undefined;
	return {
		findings,
		dnssec: report,
		get chain() {
			return (chain ??= links());
		},
		dependencies,
	};
}

/**
 * The probes whose signatures or denial proofs the validator found wanting (its RRSIG_* and DENIAL_INVALID findings'
 * evidence), which prove nothing about the names they deny. A signature about to expire (RRSIG_EXPIRING_SOON) is valid
 * now, and proves what it signs.
 */
function unprovenProbes(findings: readonly Finding[]): Set<number> {
	return new Set(findings.filter((finding) => (finding.code.startsWith('RRSIG_') && finding.code !== 'RRSIG_EXPIRING_SOON') || finding.code === 'DENIAL_INVALID').flatMap((finding) => finding.evidence));
}

/** Findings with who can fix them by name and how long users may see them after the fix, from the trace's records. */
export function withFixDetails(view: TraceView, findings: Finding[]): AnalysedFinding[] {
	const probes = probesById(view);
	const byZone = new Map<string, Kept | undefined>();
	const own = isIanaRoot(view.trace) ? findings : findings.map((finding) => ({...finding, ...forPrivateRoot(finding.explanation, finding.fixers)}));
	return own.map((finding) => ({...finding, parties: partiesOf(view, finding), cached: cachedFailure(view, finding, probes, byZone)}));
}

/** The trace paired with its analysis. */
export function withAnalysis(trace: Trace, options: AnalysisOptions): AnalysedTrace {
	return {trace, analysis: analyze(trace, options)};
}
