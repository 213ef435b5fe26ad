import type {Name} from '../dns/name.js';
import type {ResourceRecord} from '../dns/record.js';
import type {Classification} from './classify.js';
import type {WalkLimits} from './limits.js';
import type {LimitHit, LoopRecord, Outcome, PathStep, Probe, QuestionRef} from './model.js';

/** What a zone told a resolution: the response its decision rule chose (`decide` in walk.ts), or that none will come. */
export type Decision = {probe: Probe; classification: Classification} | {exhausted: true; reason: string};

/** Where one resolution stands between two steps. */
export interface Cursor {
	/** The resolution's own question: the CNAME limit counts from it. */
	origin: Name;
	/** The question the next zone is asked (the origin, or the end of the CNAME/DNAME chain). */
	question: QuestionRef;
	/** The CNAME/DNAME records followed so far. */
	chain: ResourceRecord[];
	/** Every name the chain has been at: a target among them is a loop. */
	seen: ReadonlySet<Name>;
	/** Zone cuts descended. */
	cuts: number;
	/**
	 * In the child a cut (not a referral) led to: the zone whose servers answered from the child's data, and the cuts
	 * descended before it. Nothing delegated the child to its own servers, so when they give no decision the resolution
	 * goes back there (`back`).
	 */
	cutFrom?: {zone: Name; cuts: number};
	/**
	 * Back at that zone: its servers' response is taken as it is, no cut looked for, as a resolver that follows the
	 * zone's delegation takes it (BIND and Unbound never leave a zone's servers without a referral).
	 */
	asItIs?: true;
}

/** What one step decided: what the path records, and where the resolution goes next. */
export interface Verdict {
	result: PathStep['result'];
	probe?: number;
	next?: Name;
	move: Move;
}

export type Move =
	/** A referral, or a cut the zone's servers answered below (co-hosted): ask the child zone the same question. */
	| {to: 'child'; zone: Name; cursor: Cursor}
	/** A CNAME or DNAME: ask the closest known zone of the target. */
	| {to: 'target'; cursor: Cursor}
	/** The child a cut led to gave no decision: take the response its parent's servers gave from the child's data. */
	| {to: 'back'; zone: Name; cursor: Cursor}
	| {to: 'outcome'; outcome: Pick<Outcome, 'status' | 'records' | 'reason'>; limit?: LimitHit; loop?: LoopRecord};

export function startCursor(question: QuestionRef): Cursor {
	return {origin: question.name, question, chain: [], seen: new Set([question.name]), cuts: 0};
}

/**
 * One step of a resolution, as a resolver's iterator takes it: a referral descends a zone cut, and so does a response
 * from a child zone's data (its SOA names a cut below the zone asked: a server that also serves the child answered
 * instead of referring, and the question is asked again of the child, whose parent still answers its DS); a CNAME or
 * DNAME restarts at its target, anything else decisive ends the resolution, and so does a zone that gave no decision,
 * unless a cut led there: then the parent's servers' response is what users get, and the resolution goes back for it.
 * Pure: the caller asks the zones (for a positive answer below the zone, `SOA name` too, to find a cut) and records
 * the step.
 */
export function takeStep(cursor: Cursor, decision: Decision, limits: WalkLimits): Verdict {
	const {cutFrom, asItIs: _asItIs, ...plain} = cursor;
	if ('exhausted' in decision) {
		if (cutFrom) return {result: 'failure', move: {to: 'back', zone: cutFrom.zone, cursor: {...plain, cuts: cutFrom.cuts, asItIs: true}}};
		return {result: 'failure', move: {to: 'outcome', outcome: {status: 'failure', records: cursor.chain, reason: decision.reason}}};
	}
	const {probe, classification} = decision;
	const verdict = {result: classification.kind, probe: probe.id};

	const child = classification.kind === 'referral' ? classification.referral?.child : cursor.asItIs ? undefined : cutOf(cursor.question, classification);
	if (child) {
		const cuts = cursor.cuts + 1;
		const result = classification.kind === 'referral' ? 'referral' : 'cut';
		if (cuts > limits.maxZoneCuts) {
			const limit = {limit: 'zone-cuts', value: limits.maxZoneCuts, detail: `${cursor.question.name} is more than ${limits.maxZoneCuts} zone cuts deep`} as const;
			return {...verdict, result, next: child, move: {to: 'outcome', outcome: {status: 'failure', records: cursor.chain, reason: `stopped after ${limits.maxZoneCuts} zone cuts`}, limit}};
		}
		const from = result === 'cut' ? {cutFrom: {zone: probe.zone, cuts: cursor.cuts}} : {};
		return {...verdict, result, next: child, move: {to: 'child', zone: child, cursor: {...plain, cuts, ...from}}};
	}

	const records = [...cursor.chain, ...classification.records];
	const target = classification.kind === 'cname' ? classification.target : undefined;
	const seen = new Set(cursor.seen);
	if (target) {
		const links = linkOwners(records);
		for (const name of links) seen.add(name);
		if (seen.has(target)) {
			const loop: LoopRecord = {kind: 'cname', names: [...links, target], detail: `the CNAME/DNAME chain returns to ${target}`};
			return {...verdict, next: target, move: {to: 'outcome', outcome: {status: 'failure', records, reason: `CNAME loop at ${target}`}, loop}};
		}
	}
	// Servers chase chains themselves, so a long chain can arrive in one response: every link counts, wherever it came from.
	if (linkOwners(records).length > limits.maxCnameChain) {
		const limit = {limit: 'cname-chain', value: limits.maxCnameChain, detail: `the CNAME chain from ${cursor.origin} is longer than ${limits.maxCnameChain}`} as const;
		const outcome = {status: 'failure', records, reason: `CNAME chain longer than ${limits.maxCnameChain}`} as const;
		return {...verdict, ...(target ? {next: target} : {}), move: {to: 'outcome', outcome, limit}};
	}
	if (target) {
		seen.add(target);
		return {...verdict, next: target, move: {to: 'target', cursor: {...plain, question: {name: target, type: cursor.question.type}, chain: records, seen}}};
	}
	const status = classification.kind === 'answer' ? 'answer' : classification.kind === 'nxdomain' ? 'nxdomain' : 'nodata';
	return {...verdict, move: {to: 'outcome', outcome: {status, records}}};
}

/**
 * The child zone a response from a child's data leads to, asked `question`: the cut its SOA names. A DS lives on the
 * parent's side of its cut, so a DS question is never sent down to its own owner.
 */
export function cutOf(question: QuestionRef, classification: Classification): Name | undefined {
	const apex = classification.childApex;
	return apex && !(question.type === 'DS' && apex === question.name) ? apex : undefined;
}

/**
 * Whether a step is back at the zone whose cut led to a child that gave no decision (`back`): the step after the cut
 * failed in that child, so this one takes the zone's response as it is.
 */
export function backFromCut(before: readonly PathStep[], step: PathStep): boolean {
	const [cut, failed] = before.slice(-2);
	return cut?.result === 'cut' && failed?.result === 'failure' && failed.zone === cut.next && step.zone === cut.zone;
}

/** The owners of a chain's CNAME and DNAME records: its links. */
export const linkOwners = (records: ResourceRecord[]): Name[] =>
	records.filter((record) => record.type === 'CNAME' || record.type === 'DNAME').map((record) => record.name);
