import {classifyResponse} from './classify.js';
import {DEFAULT_LIMITS, type WalkLimits} from './limits.js';
import type {Outcome, PathStep, Probe, QuestionRef, Resolution, Trace, Zone} from './model.js';
import {probesByIdIn, USABLE_KINDS} from './probe-facts.js';
import {startCursor, takeStep} from './resolution-steps.js';
import {describeExhausted} from './zone-book.js';

/**
 * How an outcome names its zone: a failure is at the zone (none of its servers may have answered: "FAILURE from tox.im."
 * read as if they had); an answer or a denial comes from its servers.
 */
export function outcomeZoneWord(outcome: Pick<Outcome, 'status'>): 'at' | 'from' {
	return outcome.status === 'failure' ? 'at' : 'from';
}

/*
 * A saved resolution's outcome, judged again: the recorded path is replayed over responses decoded again from their
 * raw bytes by the walk's own step rule (`takeStep`), so an outcome (records included) is never taken from a file.
 */

/**
 * The outcome a recorded path comes to, judged again from the responses its steps followed; `pending` when the
 * path has not ended (a trace saved while it ran). Each step's response is classified anew, so a step whose
 * response does not move the walk on ends the path there, whatever the file says it decided. The path only says
 * which response each step followed: a step that asks another question than the walk would, or follows a response
 * to another question or from another zone, is not the walk's, and the path ends there.
 */
export function replayOutcome(trace: Pick<Trace, 'zones'>, resolution: Resolution, limits: Pick<WalkLimits, 'maxZoneCuts' | 'maxCnameChain'> = DEFAULT_LIMITS): Outcome {
	const zones = new Map(trace.zones.map((zone) => [zone.name, zone]));
	const probes = probesByIdIn(trace.zones);
	let cursor = startCursor(resolution.question);
	// A referral or a cut names the zone the next step asks, and so does going back from a cut's child; a CNAME's target
	// is asked of whatever zone was closest then.
	let referredTo: string | undefined;
	for (const [index, step] of resolution.steps.entries()) {
		const zone = zones.get(step.zone);
		const followed = step.probe === undefined ? undefined : probes.get(step.probe);
		const offPath = (referredTo !== undefined && step.zone !== referredTo) || !sameQuestion(step.question, cursor.question);
		// A cut below a positive answer is found with `SOA name` (`seekCut` in walk.ts): a step may follow that question's response.
		const asked = followed && (sameQuestion(followed.question, cursor.question) ? cursor.question : sameQuestion(followed.question, {name: cursor.question.name, type: 'SOA'}) ? followed.question : undefined);
		const doesNotFollow = {status: 'failure', records: cursor.chain, reason: `the saved path does not follow from its responses at ${step.zone}`, zone: step.zone, atMs: step.atMs} as const;
		if (offPath || (followed && (followed.zone !== step.zone || !asked || !answers(followed, asked)))) return doesNotFollow;
		const classification = followed?.response && followed.status === 'answered' && asked ? classifyResponse(followed.response, step.zone, asked) : undefined;
		// The walk ends a resolution at its first final step: a path that goes on after one is not the walk's.
		const last = index === resolution.steps.length - 1;
		const goesOn = (outcome: Outcome): Outcome => (last ? outcome : {status: 'failure', records: cursor.chain, reason: `the saved path does not follow from its responses after ${step.zone}`, zone: step.zone, atMs: step.atMs});
		if (!followed || !classification || !USABLE_KINDS.has(classification.kind)) {
			const reason = zone ? describeExhausted(zone, askedBefore(zone, step)) : `${step.zone} is not in the trace`;
			// The child a cut led to: its parent's servers' response is taken next, by the step after this one.
			const {move} = takeStep(cursor, {exhausted: true, reason}, {...DEFAULT_LIMITS, ...limits});
			if (move.to === 'back' && !last) {
				referredTo = move.zone;
				cursor = move.cursor;
				continue;
			}
			return goesOn({status: 'failure', records: cursor.chain, reason, zone: step.zone, atMs: step.atMs});
		}
		const {result, move} = takeStep(cursor, {probe: followed, classification}, {...DEFAULT_LIMITS, ...limits});
		// Only a cut is found by another question than the step's own.
		if (asked !== cursor.question && result !== 'cut') return doesNotFollow;
		if (move.to === 'outcome') return goesOn({...move.outcome, zone: step.zone, atMs: step.atMs});
		// A path saved before the walk looked for cuts ends at the child's data, taken as the zone's own: its outcome stands.
		if (last && result === 'cut' && asked === cursor.question) {
			const {childApex: _apex, ...asTheZones} = classification;
			const {move: ended} = takeStep(cursor, {probe: followed, classification: asTheZones}, {...DEFAULT_LIMITS, ...limits});
			if (ended.to === 'outcome') return {...ended.outcome, zone: step.zone, atMs: step.atMs};
		}
		referredTo = move.to === 'target' ? undefined : move.zone;
		cursor = move.cursor;
	}
	return {status: 'pending', records: cursor.chain, atMs: resolution.steps.at(-1)?.atMs ?? 0};
}

const sameQuestion = (a: QuestionRef, b: QuestionRef) => a.name === b.name && a.type === b.type;

/** A response's own question section (from its bytes) names the question: a file cannot hand one answer to another. */
const answers = (probe: Probe, question: QuestionRef) => !probe.response || probe.response.question.some((asked) => asked.name.toLowerCase() === question.name && asked.type === question.type);

/** The probes that had asked a zone a step's question by the time the step was decided, in the order they were sent. */
function askedBefore(zone: Zone, step: PathStep): Probe[] {
	return zone.servers
		.flatMap((server) => server.probes)
		.filter((probe) => probe.question.name === step.question.name && probe.question.type === step.question.type && probe.startedMs <= step.atMs)
		.sort((a, b) => a.id - b.id);
}
