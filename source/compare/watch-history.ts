import type {AnalysedTrace} from '../analysis/analyze.js';
import type {Severity} from '../analysis/finding.js';
import type {Name} from '../dns/name.js';
import {changesTheDns, diffFacts, type Change} from './diff.js';
import {absentValue, factKey, traceFacts, type Fact, type FactKind, type FactSet, type Tone} from './trace-facts.js';

/** One trace of a watch, summarised: what is left of it once the next one comes. */
export interface WatchRound {
	/** 1 for the first trace of the watch; never reused, even when old rounds are dropped. */
	index: number;
	at: string;
	durationMs: number;
	outcome: Pick<Fact, 'value' | 'tone'>;
	findings: {error: number; warning: number; info: number};
	/** How many changes this round brought (0 for the first). */
	changes: number;
	/** Something the watcher knows happened before this round (the lab changed its world). */
	note?: string;
	/** Where this round's snapshot was written, with --output DIR. */
	snapshot?: string;
}

/** A stretch of rounds over which one fact kept one value. */
export interface Stretch {
	from: number;
	value: string;
	tone: Tone;
}

/** One fact followed through the watch: a zone's delegation, a server's reachability, a finding. */
export interface Track {
	key: string;
	kind: FactKind;
	zone?: Name;
	server?: string;
	stretches: Stretch[];
	/** For a finding: the longest resolvers may keep it after its fix, as its latest fact said, so a timeline can say until when once it is gone. */
	afterFixSeconds?: number;
}

export interface WatchEvent {
	round: number;
	at: string;
	change: Change;
}

/** How much of the past a watch keeps: at 30 s a round, a day of rounds and of changes. */
export interface HistoryLimits {
	rounds: number;
	events: number;
	stretchesPerTrack: number;
}

export const DEFAULT_HISTORY_LIMITS: HistoryLimits = {rounds: 2880, events: 5000, stretchesPerTrack: 500};

/**
 * Everything a watch remembers. Old traces are not kept: each is reduced to its round, the facts that changed
 * (stretches) and the changes (events), so hours of watching take the memory of a few traces.
 */
export interface WatchHistory {
	rounds: WatchRound[];
	/** Tracks in the order they were first seen; the map gives each by key. */
	tracks: Map<string, Track>;
	events: WatchEvent[];
	/** How many rounds and events were dropped to stay within the limits. */
	dropped: {rounds: number; events: number};
	/** The latest trace's facts: what the next one is compared with. */
	facts: FactSet;
	limits: HistoryLimits;
}

export function emptyHistory(limits: HistoryLimits = DEFAULT_HISTORY_LIMITS): WatchHistory {
	return {rounds: [], tracks: new Map(), events: [], dropped: {rounds: 0, events: 0}, facts: new Map(), limits};
}

/** Adds a finished, analysed trace to the history: the new history, and what changed since the previous trace. */
export function recordRound(history: WatchHistory, analysed: AnalysedTrace, extra: {note?: string; snapshot?: string} = {}): {history: WatchHistory; changes: Change[]} {
	const index = (history.rounds.at(-1)?.index ?? 0) + 1;
	const {trace, analysis} = analysed;
	const facts = traceFacts(analysed);
	// Round trips wander from one trace to the next; a watch follows answers, not jitter (the timeline shows the latest).
	const changes = history.rounds.length === 0 ? [] : diffFacts(history.facts, facts, trace.startedAt).filter(changesTheDns);
	const count = (severity: Severity) => analysis.findings.filter((finding) => finding.severity === severity).length;
	const outcome = facts.get(factKey({kind: 'outcome', value: ''}))!;
	const round: WatchRound = {
		index,
		at: trace.startedAt,
		durationMs: trace.durationMs,
		outcome: {value: outcome.value, tone: outcome.tone},
		findings: {error: count('error'), warning: count('warning'), info: count('info')},
		changes: changes.length,
		...extra,
	};

	const rounds = [...history.rounds, round];
	const droppedRounds = Math.max(0, rounds.length - history.limits.rounds);
	const keptRounds = rounds.slice(droppedRounds);
	const oldest = keptRounds[0]!.index;

	const tracks = new Map<string, Track>();
	for (const key of new Set([...history.tracks.keys(), ...facts.keys()])) {
		const fact = facts.get(key);
		const track = history.tracks.get(key) ?? {key, kind: fact!.kind, ...(fact!.zone ? {zone: fact!.zone} : {}), ...(fact!.server ? {server: fact!.server} : {}), stretches: []};
		const value = fact?.value ?? absentValue(track.kind);
		const last = track.stretches.at(-1);
		const stretches = last?.value === value ? track.stretches : [...track.stretches, {from: index, value, tone: fact?.tone ?? 'none'}];
		const trimmed = trimStretches(stretches, oldest, history.limits.stretchesPerTrack);
		// A fact that vanished before the oldest round kept (a server no longer in the trace) is forgotten.
		if (!fact && trimmed.length === 1 && trimmed[0]!.from <= oldest && value === absentValue(track.kind)) continue;
		// A finding that is gone keeps the last word on how long resolvers keep it; one still there follows its latest fact.
		const afterFixSeconds = fact ? fact.afterFixSeconds : track.afterFixSeconds;
		if (stretches === track.stretches && trimmed === stretches && afterFixSeconds === track.afterFixSeconds) {
			tracks.set(key, track);
			continue;
		}
		const next: Track = {...track, stretches: trimmed};
		if (afterFixSeconds === undefined) delete next.afterFixSeconds;
		else next.afterFixSeconds = afterFixSeconds;
		tracks.set(key, next);
	}

	const events = [...history.events, ...changes.map((change) => ({round: index, at: trace.startedAt, change}))];
	const droppedEvents = Math.max(0, events.length - history.limits.events);
	return {
		history: {
			rounds: keptRounds,
			tracks,
			events: droppedEvents > 0 ? events.slice(droppedEvents) : events,
			dropped: {rounds: history.dropped.rounds + droppedRounds, events: history.dropped.events + droppedEvents},
			facts,
			limits: history.limits,
		},
		changes,
	};
}

/** Drops stretches that ended before the oldest round kept, and the oldest ones beyond the limit. */
function trimStretches(stretches: Stretch[], oldest: number, limit: number): Stretch[] {
	let start = 0;
	while (start + 1 < stretches.length && stretches[start + 1]!.from <= oldest) start++;
	start = Math.max(start, stretches.length - limit);
	if (start === 0) return stretches;
	return [{...stretches[start]!, from: Math.max(stretches[start]!.from, oldest)}, ...stretches.slice(start + 1)];
}

/** The value a track had at a round, or undefined before it was first seen (or before what is kept). */
export function valueAt(track: Track, round: number): Stretch | undefined {
	let found: Stretch | undefined;
	for (const stretch of track.stretches) {
		if (stretch.from > round) break;
		found = stretch;
	}
	return found;
}
