import type {AnalysedTrace} from '../analysis/analyze.js';

/** Ctrl-C, in every mode: 128 + SIGINT, the status a shell reports for a command the interrupt killed (dig's too). */
export const INTERRUPTED_STATUS = 130;

/**
 * A trace's exit status: 1 when users get no answer, because the trace failed or because its DNSSEC verdict is
 * bogus (validating resolvers, most of the internet's, return SERVFAIL for the name), and for a snapshot saved
 * before the walk reached an outcome (none a script could trust, as for an explorer quit while it ran); 0 otherwise.
 */
export function exitStatus({trace, analysis}: AnalysedTrace): 0 | 1 {
	return trace.outcome.status === 'failure' || trace.outcome.status === 'pending' || analysis.dnssec.outcome.status === 'bogus' ? 1 : 0;
}
