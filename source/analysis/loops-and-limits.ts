import {byCodeUnits} from '../trace/server-order.js';
import {createFinding, type Finding} from './finding.js';
import type {LimitHit} from '../trace/model.js';
import type {TraceView} from './trace-view.js';

/**
 * The order limits are told in, wherever they are (the findings, the text's `;; LIMIT` lines): which a trace met first
 * (the reserve or the whole budget, one zone's NS names or another's) is only the order its concurrent queries came
 * back in. Two hits of one limit and value (the NS names of two zones) go by what they say.
 */
export const byLimitHit = (a: LimitHit, b: LimitHit) => byCodeUnits(a.limit, b.limit) || a.value - b.value || byCodeUnits(a.detail, b.detail);

export function checkLoopsAndLimits(view: TraceView): Finding[] {
	const {trace} = view;
	return [
		...trace.loops.map((loop) =>
			createFinding({
				code: 'LOOP_DETECTED',
				zone: loop.names[0] ?? trace.query.name,
				servers: [],
				// A CNAME loop's detail names where it closes, so the chain follows; a dependency loop's detail is the cycle.
				message: loop.kind === 'cname' ? `CNAME loop: ${loop.detail} (${loop.names.join(' → ')})` : `name-server dependency loop: ${loop.detail}`,
				evidence: [],
				facts: {kind: loop.kind},
			}),
		),
		...[...trace.limits].sort(byLimitHit).map((hit) =>
			createFinding({
				code: 'LIMIT_REACHED',
				zone: trace.query.name,
				servers: [],
				message: `the trace stopped at a limit (${hit.limit}, ${hit.value}): ${hit.detail}`,
				evidence: [],
			}),
		),
	];
}
