import type {Name} from '../dns/name.js';
import type {ResourceRecord} from '../dns/record.js';
import {classifyResponse, type Classification} from './classify.js';
import {DEFAULT_LIMITS, type WalkLimits} from './limits.js';
import type {LimitHit, LoopRecord, Outcome, PathStep, Probe, QuestionRef, Resolution, Trace, Zone} from './model.js';
import {USABLE_KINDS} from './probe-facts.js';

/*
 * How a resolution's path turns responses into an outcome: one definition, used by the walk as responses arrive
 * and by a snapshot's reader, which replays the recorded path over responses decoded again from their raw bytes,
 * so an outcome (records included) is never taken from a file.
 */

/** A resolution's path so far: the question asked now, the CNAME/DNAME chain that led to it, the zone cuts taken. */
export interface PathSoFar {
	origin: QuestionRef;
	question: QuestionRef;
	chain: ResourceRecord[];
	seen: Set<Name>;
	cuts: number;
}

/** What one decisive response does to the path: it goes on (to a child zone, or to a CNAME's target), or it ends. */
export type Move =
	| {next: Name; into: 'zone' | 'name'; end?: undefined; limit?: undefined; loop?: undefined}
	| {next?: Name; end: Omit<Outcome, 'zone' | 'atMs'>; limit?: LimitHit; loop?: LoopRecord};

export function startPath(question: QuestionRef): PathSoFar {
	return {origin: question, question, chain: [], seen: new Set([question.name]), cuts: 0};
}

/** Moves the path on by one decisive response (answer, CNAME, referral, NXDOMAIN or NODATA); `path` is updated. */
export function advance(path: PathSoFar, classification: Classification, limits: Pick<WalkLimits, 'maxZoneCuts' | 'maxCnameChain'>): Move {
	const failure = (reason: string, records = path.chain) => ({status: 'failure' as const, records, reason});
	const chainTooLong = {limit: 'cname-chain' as const, value: limits.maxCnameChain, detail: `the CNAME chain from ${path.origin.name} is longer than ${limits.maxCnameChain}`};
	if (classification.kind === 'referral' && classification.referral) {
		const next = classification.referral.child;
		if (++path.cuts > limits.maxZoneCuts) {
			return {next, end: failure(`stopped after ${limits.maxZoneCuts} zone cuts`), limit: {limit: 'zone-cuts', value: limits.maxZoneCuts, detail: `${path.question.name} is more than ${limits.maxZoneCuts} zone cuts deep`}};
		}
		return {next, into: 'zone'};
	}
	if (classification.kind === 'cname' && classification.target) {
		path.chain.push(...classification.records);
		const next = classification.target;
		const links = path.chain.filter((record) => record.type === 'CNAME' || record.type === 'DNAME').map((record) => record.name);
		for (const name of links) path.seen.add(name);
		if (path.seen.has(next)) return {next, end: failure(`CNAME loop at ${next}`), loop: {kind: 'cname', names: [...links, next], detail: `the CNAME/DNAME chain returns to ${next}`}};
		if (links.length > limits.maxCnameChain) return {next, end: failure(`CNAME chain longer than ${limits.maxCnameChain}`), limit: chainTooLong};
		path.seen.add(next);
		path.question = {name: next, type: path.question.type};
		return {next, into: 'name'};
	}
	const status = classification.kind === 'answer' ? 'answer' : classification.kind === 'nxdomain' ? 'nxdomain' : 'nodata';
	const records = [...path.chain, ...classification.records];
	// Servers chase chains themselves, so a long chain can arrive in one response: count every link.
	const linkCount = records.filter((record) => record.type === 'CNAME' || record.type === 'DNAME').length;
	if (linkCount > limits.maxCnameChain) return {end: failure(`CNAME chain longer than ${limits.maxCnameChain}`, records), limit: chainTooLong};
	return {end: {status, records}};
}

/** Why no server of a zone moved the walk on, from the probes that asked it the question. */
export function exhaustedReason(zone: Zone, probes: Probe[]): string {
	if (zone.servers.length === 0) {
		const unresolved = zone.nameservers.map((entry) => entry.unresolved ?? `${entry.name} has no usable address`);
		return `no server of ${zone.name} could be reached: ${unresolved.join('; ') || 'it has no name servers'}`;
	}
	const counts = new Map<string, number>();
	for (const probe of probes) {
		const label = probe.status === 'answered' ? (probe.kind ?? 'answered') : probe.status;
		counts.set(label, (counts.get(label) ?? 0) + 1);
	}
	const summary = [...counts.entries()].map(([label, count]) => `${count} ${label}`).join(', ');
	return `no server of ${zone.name} gave a usable answer (${summary})`;
}

/**
 * The outcome a recorded path comes to, judged again from the responses its steps followed; `pending` when the
 * path has not ended (a trace saved while it ran). Each step's response is classified anew, so a step whose
 * response does not move the walk on ends the path there, whatever the file says it decided.
 */
export function replayOutcome(trace: Pick<Trace, 'zones'>, resolution: Resolution, limits: Pick<WalkLimits, 'maxZoneCuts' | 'maxCnameChain'> = DEFAULT_LIMITS): Outcome {
	const zones = new Map(trace.zones.map((zone) => [zone.name, zone]));
	const probes = new Map(trace.zones.flatMap((zone) => zone.servers.flatMap((server) => server.probes.map((probe) => [probe.id, probe] as const))));
	const path = startPath(resolution.question);
	for (const step of resolution.steps) {
		const zone = zones.get(step.zone);
		const followed = step.probe === undefined ? undefined : probes.get(step.probe);
		const classification = followed?.response && followed.status === 'answered' && followed.zone === step.zone ? classifyResponse(followed.response, step.zone, step.question) : undefined;
		if (!classification || !USABLE_KINDS.has(classification.kind)) {
			return {status: 'failure', records: path.chain, reason: zone ? exhaustedReason(zone, askedBefore(zone, step)) : `${step.zone} is not in the trace`, zone: step.zone, atMs: step.atMs};
		}
		const move = advance(path, classification, limits);
		if (move.end) return {...move.end, zone: step.zone, atMs: step.atMs};
	}
	return {status: 'pending', records: path.chain, atMs: resolution.steps.at(-1)?.atMs ?? 0};
}

/** The probes that had asked a zone a step's question by the time the step was decided, in the order they were sent. */
function askedBefore(zone: Zone, step: PathStep): Probe[] {
	return zone.servers
		.flatMap((server) => server.probes)
		.filter((probe) => probe.question.name === step.question.name && probe.question.type === step.question.type && probe.startedMs <= step.atMs)
		.sort((a, b) => a.id - b.id);
}
