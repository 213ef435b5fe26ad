import type {AnalysedTrace} from '../../source/analysis/analyze.js';
import type {AnalysedFinding} from '../../source/analysis/finding.js';
import type {Trace} from '../../source/trace/model.js';

/** An error with a wait of its own (a dead server, its NS set cached 2 days) about `zone`, as the analysis gives one. */
export const timeoutAt = (zone: string): AnalysedFinding => ({
	code: 'SERVER_TIMEOUT',
	severity: 'error',
	zone,
	servers: ['127.77.10.1'],
	message: `${zone}: ns1.${zone} (127.77.10.1) never answered`,
	explanation: 'A name server listed for the zone did not answer at all.',
	fixers: ['dns-operator'],
	change: 'server-removal',
	evidence: [],
	parties: [],
	cached: {change: 'server-removal', seconds: 172_800, from: {name: zone, type: 'NS', negative: false}},
});

/**
 * A trace that failed at the root, as a doctored snapshot had it: the walk's path cut after its first step, beside an
 * error about example.com., which the walk never reached (the old pick named it as the failure's cause).
 */
export function failedAtTheRoot({trace, analysis}: AnalysedTrace): AnalysedTrace {
	const main = trace.resolutions[0]!;
	const outcome = {status: 'failure' as const, records: [], reason: 'no server of . gave a usable answer', zone: '.', atMs: 10};
	const doctored: Trace = {...trace, outcome, resolutions: [{...main, steps: main.steps.slice(0, 1), outcome}, ...trace.resolutions.slice(1)]};
	return {trace: doctored, analysis: {...analysis, findings: [timeoutAt('example.com.')]}};
}
