/** How far a survey has gone, as it runs: counts and the two figures made from them, for a progress bar. */
export interface SurveyProgress {
	zonesDone: number;
	/** Zones in the list; undefined when the zones come from an iterable of unknown length. */
	zonesTotal: number | undefined;
	/** Zones started and not yet done. */
	zonesInFlight: number;
	/** Queries that went out on the network (or the lab's) so far: the share's answers are not counted. */
	queriesSent: number;
	/** Queries sent per second since the survey started. */
	queriesPerSecond: number;
	/** Time left at the pace of the zones so far, those in flight half done; undefined until a zone is done (or with no total). */
	etaMs: number | undefined;
	/** Zones done whose worst finding is an error, and those whose worst is a warning. */
	withErrors: number;
	withWarnings: number;
	elapsedMs: number;
}

export interface ProgressCounts {
	zonesDone: number;
	zonesTotal: number | undefined;
	/** Zones started and not yet done. */
	zonesInFlight: number;
	queriesSent: number;
	withErrors: number;
	withWarnings: number;
}

/**
 * The counts so far, `elapsedMs` after the start, as a reading: the rate is the mean since the start (a survey's pace
 * is set by its politeness, so the mean is steady once it runs), the ETA the mean time per zone times the zones left,
 * which counts the slow zones (a dead server's time-outs) as they come. The zones in flight count as half done: a
 * survey starts dozens at once, and the first to finish come after the time all of them have had (the root's and the
 * TLDs' answers, asked once and shared), so zones done alone put all that time on the few done: 5 to 9 times too long.
 */
export function progressReading(counts: ProgressCounts, elapsedMs: number): SurveyProgress {
	const seconds = elapsedMs / 1000;
	const {zonesDone, zonesTotal, zonesInFlight} = counts;
	const progressed = zonesDone + zonesInFlight / 2;
	return {
		...counts,
		queriesPerSecond: seconds > 0 ? counts.queriesSent / seconds : 0,
		etaMs: zonesTotal === undefined || zonesDone === 0 ? undefined : Math.round((elapsedMs / progressed) * Math.max(0, zonesTotal - progressed)),
		elapsedMs,
	};
}
