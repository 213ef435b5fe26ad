import {labels, type Name} from '../dns/name.js';
import type {Message, ResourceRecord} from '../dns/record.js';
import {classifyResponse} from './classify.js';
import type {Probe, QuestionRef, Trace, Zone} from './model.js';
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

/** Referrals and CNAMEs followed at most: as many as a walk's path may take (limits.ts maxZoneCuts, maxCnameChain), with room. */
const MAX_HOPS = 64;

/**
 * What the trace's question looks like so far, before the decisions are in: from the last zone the walk has decided
 * (the root before any), each zone's first reply to the question that the walk could use, down its referral, through
 * a CNAME to the zone its target was first asked in, until one that ends the question. The walk sends a question
 * down a referral and to a CNAME's target as soon as one comes (walk.ts `askAhead`, `chaseAhead`), so this is the
 * answer a resolver that trusts the first reply would have now, while a dead server's time-outs run. Undefined once
 * the trace's outcome is decided, and while no reply has come that far.
 */
export function firstAnswer(trace: Trace): FirstAnswer | undefined {
	const resolution = trace.resolutions[0];
	if (!resolution || trace.outcome.status !== 'pending') return undefined;
	const zones = new Map(trace.zones.map((zone) => [zone.name, zone]));
	let question = resolution.question;
	let zone = zones.get('.');
	const chain: ResourceRecord[] = [];
	/** Through a CNAME: its records kept, on to the zone its target was first asked in. False when it names no target. */
	const throughCname = (response: Message, at: Name, asked: QuestionRef) => {
		const {records, target} = classifyResponse(response, at, asked);
		if (target === undefined) return false;
		chain.push(...records);
		question = {name: target, type: question.type};
		zone = firstAsked(trace.zones, question);
		return true;
	};
	// The decisions so far: their referrals and CNAMEs, as the path records them.
	for (const step of resolution.steps) {
		if (step.result === 'referral' && step.next !== undefined) zone = zones.get(step.next);
		else if (step.result !== 'cname') return undefined;
		else {
			const followed = zones.get(step.zone)?.servers.flatMap((server) => server.probes).find((probe) => probe.id === step.probe);
			if (!followed?.response || !throughCname(followed.response, step.zone, step.question)) return undefined;
		}
	}
	for (let hop = 0; zone && hop < MAX_HOPS; hop++) {
		const first = firstReply(zone, question);
		if (!first?.response) return undefined;
		if (first.kind === 'referral') {
			zone = first.referral === undefined ? undefined : zones.get(first.referral);
			continue;
		}
		if (first.kind === 'cname') {
			if (!throughCname(first.response, zone.name, question)) return undefined;
			continue;
		}
		if (first.kind !== 'answer' && first.kind !== 'nxdomain' && first.kind !== 'nodata') return undefined;
		const records = first.kind === 'answer' ? classifyResponse(first.response, zone.name, question).records : [];
		return {status: first.kind, records: [...chain, ...records], zone: zone.name, atMs: first.finishedMs ?? 0};
	}
	return undefined;
}

/** The zone a question was first sent to: of the zones that were asked it, the one nearest the root (the rest were asked down its referrals). */
function firstAsked(zones: readonly Zone[], question: {name: Name; type: string}): Zone | undefined {
	let found: Zone | undefined;
	for (const zone of zones) {
		const asked = zone.servers.some((server) => server.probes.some((probe) => probe.purpose === 'walk' && probe.question.name === question.name && probe.question.type === question.type));
		if (asked && (!found || labels(zone.name).length < labels(found.name).length)) found = zone;
	}
	return found;
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
