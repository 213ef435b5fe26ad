import {presentText, type Presented} from '../dns/sanitize.js';
import type {Trace} from '../trace/model.js';
import {outcomeFirstKnownMs} from '../trace/probe-facts.js';

/** A round trip or a moment in a trace: precise below 100 ms, where loopback and the lab live. */
export function formatMs(ms: number): Presented {
	return presentText(ms < 10 ? `${ms.toFixed(2)} ms` : ms < 100 ? `${ms.toFixed(1)} ms` : `${Math.round(ms)} ms`);
}

/** A duration at a glance (a header that updates as the trace runs): whole milliseconds, then seconds. */
export function formatDuration(ms: number): Presented {
	return presentText(ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`);
}

/** The outcome's status as a report's headline says it: a trace saved while it ran is UNFINISHED, as `--text` says. */
export function outcomeWord(trace: Trace): Presented {
	return presentText(trace.outcome.status === 'pending' ? 'UNFINISHED' : trace.outcome.status.toUpperCase());
}

/**
 * When the outcome was known (the first reply of the data the walk followed: what a resolver that asked that server
 * first had) and when the zone's decision was complete (every server had replied or was given up on: a dead server
 * costs its time-out), named as such, as the explorer's header says them.
 */
export function outcomeTimes(trace: Trace): Presented {
	// A trace saved while it ran (the explorer's export) has no decision, whatever moment its last step had.
	if (trace.outcome.status === 'pending') return presentText('saved before the walk reached an outcome');
	const known = outcomeFirstKnownMs(trace);
	const decided = `decided at ${formatMs(trace.outcome.atMs)}, once every server had replied or was given up on`;
	return presentText(known === undefined ? decided : `known at ${formatMs(known)} (${decided})`);
}
