import type {Name} from '../dns/name.js';
import type {ResourceRecord} from '../dns/record.js';
import {classifyResponse} from './classify.js';
import type {Probe, Trace, Zone} from './model.js';
import {isUsable} from './probe-facts.js';

/** The answer as the first replies give it, while the walk still waits for the rest of the zones' servers. */
export interface FirstAnswer {
	status: 'answer' | 'nxdomain' | 'nodata';
	records: ResourceRecord[];
	/** The zone whose server gave it. */
	zone: Name;
	/** When that reply came, ms since the start. */
	atMs: number;
}

/** Referrals followed at most: as many as a walk's path may take (limits.ts maxZoneCuts), with room. */
const MAX_HOPS = 64;

/**
 * What the trace's question looks like so far, before the decisions are in: from the last zone the walk has decided
 * (the root before any), each zone's first reply to the question that the walk could use, down its referral, until
 * one that ends the question. The walk sends a question down a referral as soon as one comes (walk.ts `askAhead`),
 * so this is the answer a resolver that trusts the first reply would have now, while a dead server's time-outs run.
 * Undefined once the trace's outcome is decided, while no reply has come that far, and for a CNAME (its target's
 * zone is for the decisions to find).
 */
export function firstAnswer(trace: Trace): FirstAnswer | undefined {
	const resolution = trace.resolutions[0];
	if (!resolution || trace.outcome.status !== 'pending') return undefined;
	if (resolution.steps.some((step) => step.result !== 'referral')) return undefined;
	const zones = new Map(trace.zones.map((zone) => [zone.name, zone]));
	const {question} = resolution;
	let zone = zones.get(resolution.steps.at(-1)?.next ?? '.');
	for (let hop = 0; zone && hop < MAX_HOPS; hop++) {
		const first = firstReply(zone, question);
		if (!first?.response) return undefined;
		if (first.kind === 'referral') {
			zone = first.referral === undefined ? undefined : zones.get(first.referral);
			continue;
		}
		if (first.kind !== 'answer' && first.kind !== 'nxdomain' && first.kind !== 'nodata') return undefined;
		return {status: first.kind, records: first.kind === 'answer' ? classifyResponse(first.response, zone.name, question).records : [], zone: zone.name, atMs: first.finishedMs ?? 0};
	}
	return undefined;
}

/** The zone's earliest reply to the question that a walk can use (an answer, a referral, a denial, a CNAME). */
function firstReply(zone: Zone, question: {name: Name; type: string}): Probe | undefined {
	let first: Probe | undefined;
	for (const server of zone.servers) {
		for (const probe of server.probes) {
			if (probe.purpose !== 'walk' || !isUsable(probe) || probe.question.name !== question.name || probe.question.type !== question.type) continue;
			if (!first || (probe.finishedMs ?? Infinity) < (first.finishedMs ?? Infinity)) first = probe;
		}
	}
	return first;
}
