import {isAtOrBelow, labels, type Name} from '../dns/name.js';
import {listInWords} from '../trace/bounded-list.js';
import {byCodeUnits} from '../trace/server-order.js';
import {createFinding, type Finding} from './finding.js';
import type {LimitHit, LoopRecord, Trace} from '../trace/model.js';
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
				message: loop.kind === 'cname' ? `CNAME loop: ${loop.detail} (${loop.names.join(' → ')})` : `name-server dependency loop: ${dependencyInWords(trace, loop)}`,
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

/** One zone of a name-server dependency loop and the names of its servers it cannot find the addresses of. */
export interface LoopSide {
	zone: Name;
	waitsOn: Name[];
}

/**
 * The zones of a name-server dependency loop, each with the server names it waits on: from the zone the walk found
 * it at, through the zone that holds those names, and so on, until the loop closes. The walk records the loop once,
 * at the zone it gave up on; the other zones are the operators who must hear of it too (A's servers named under B
 * and B's under A: both). One side when the names are under the zone itself, or the chain does not close.
 */
export function dependencyLoop(trace: Trace, loop: LoopRecord): LoopSide[] {
	const first: LoopSide = {zone: loop.names[0] ?? '.', waitsOn: loop.names.slice(1)};
	const sides = [first];
	for (let side = first; sides.length <= trace.zones.length; ) {
		const holder = holdingZone(trace, side.waitsOn[0]);
		if (holder === undefined || holder.name === side.zone) return [first];
		if (holder.name === first.zone) return sides;
		if (sides.some((known) => known.zone === holder.name)) return [first];
		side = {zone: holder.name, waitsOn: holder.nameservers.filter((ns) => ns.addresses.length === 0).map((ns) => ns.name)};
		if (side.waitsOn.length === 0) return [first];
		sides.push(side);
	}
	return [first];
}

/** The deepest zone of the trace that a name is in. */
function holdingZone(trace: Trace, name: Name | undefined) {
	if (name === undefined) return undefined;
	const holders = trace.zones.filter((zone) => isAtOrBelow(name, zone.name));
	return holders.sort((a, b) => labels(b.name).length - labels(a.name).length)[0];
}

/** A dependency loop in words: the walk's own when it is one zone's; each zone and the names it waits on when it is several. */
function dependencyInWords(trace: Trace, loop: LoopRecord): string {
	const sides = dependencyLoop(trace, loop);
	if (sides.length === 1) return loop.detail;
	const next = (index: number) => sides[(index + 1) % sides.length]!.zone;
	const steps = sides.map((side, index) => `reaching ${side.zone} needs the address of ${listInWords(side.waitsOn, {last: ', '})}, named under ${next(index)}`);
	return `${listInWords(sides.map((side) => side.zone))} wait on each other: ${steps.join('; ')}; no glue breaks the circle`;
}
