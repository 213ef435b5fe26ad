import type {Finding} from './finding.js';
import type {TraceView} from './trace-view.js';

export function checkLoopsAndLimits(view: TraceView): Finding[] {
	const {trace} = view;
	return [
		...trace.loops.map(
			(loop): Finding => ({
				code: 'LOOP_DETECTED',
				severity: 'error',
				zone: loop.names[0] ?? trace.query.name,
				servers: [],
				message: `${loop.kind === 'cname' ? 'CNAME loop' : 'name-server dependency loop'}: ${loop.detail} (${loop.names.join(' → ')})`,
				explanation:
					loop.kind === 'cname'
						? 'The chain of aliases comes back to a name it has already visited, so it never ends in an address. Resolvers give up (SERVFAIL). The owner of the zones involved must break the loop.'
						: 'To reach one zone a resolver needs the address of a name server that can only be found through that same zone (or through a zone that needs the first one). No glue breaks the circle, so neither zone can be resolved. The zone owners must add glue or name servers named outside the circle.',
				fixers: ['zone-owner'],
				evidence: [],
			}),
		),
		...trace.limits.map(
			(hit): Finding => ({
				code: 'LIMIT_REACHED',
				severity: 'warning',
				zone: trace.query.name,
				servers: [],
				message: `the trace stopped at a limit (${hit.limit}, ${hit.value}): ${hit.detail}`,
				explanation: 'digdeeper bounds every trace (queries, zone cuts, CNAME links, nested look-ups) the way resolvers do, so a broken or hostile tree cannot make it run forever. Real resolvers stop at similar limits and answer SERVFAIL; what lies beyond the limit was not examined.',
				fixers: ['zone-owner'],
				evidence: [],
			}),
		),
	];
}
