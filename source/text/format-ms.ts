import {presentText, type Presented} from '../dns/sanitize.js';

/** A round trip or a moment in a trace: precise below 100 ms, where loopback and the lab live. */
export function formatMs(ms: number): Presented {
	return presentText(ms < 10 ? `${ms.toFixed(2)} ms` : ms < 100 ? `${ms.toFixed(1)} ms` : `${Math.round(ms)} ms`);
}

/** A duration at a glance (a header that updates as the trace runs): whole milliseconds, then seconds. */
export function formatDuration(ms: number): Presented {
	return presentText(ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`);
}
