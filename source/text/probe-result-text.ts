import {presentText, safe, type Presented} from '../dns/sanitize.js';
import type {Probe} from '../trace/model.js';
import {failedStatusWords, isAssumedDown} from '../trace/probe-facts.js';
import {formatDuration} from './format-ms.js';

/**
 * What a probe got, said once: the rcode, and its meaning for the walk only where it says more (NOERROR referral,
 * NOERROR nodata, NOERROR lame), never twice the same word (REFUSED, not "REFUSED refused"); with no response, its
 * status (timeout, unreachable, tcp unreachable after TC=1 over UDP, …).
 */
export function probeResult(probe: Pick<Probe, 'status' | 'rcode' | 'kind' | 'truncatedOverUdp' | 'transport' | 'error'>): Presented {
	if (isAssumedDown(probe)) return safe`assumed down (what-if)`;
	if (probe.status !== 'answered') return presentText(failedStatusWords(probe));
	return presentText(meaningBeyondRcode(probe) ? `${probe.rcode ?? ''} ${probe.kind}`.trim() : (probe.rcode ?? probe.kind ?? 'answered'));
}

/** Whether a response's meaning for the walk says more than its rcode: "nxdomain" beside NXDOMAIN says nothing new. */
export function meaningBeyondRcode(probe: Pick<Probe, 'rcode' | 'kind'>): boolean {
	return probe.kind !== undefined && probe.kind !== probe.rcode?.toLowerCase();
}

/**
 * A round trip exists only where a response came back: a time-out's length is how long the walk waited, not how fast
 * the server was, and a probe without a response has none.
 */
export function roundTripMs(probe: Pick<Probe, 'status' | 'rttMs'>): number | undefined {
	return probe.status === 'answered' ? probe.rttMs : undefined;
}

/** A TCP check named with its question, as every view names it: "NS over TCP, the TCP check". */
export function tcpCheckWords(probe: Pick<Probe, 'question'>): Presented {
	return safe`${presentText(probe.question.type)} over TCP, the TCP check`;
}

/** What a probe without a response cost, from sending to giving up, every attempt included. */
export function waitedMs(probe: Pick<Probe, 'status' | 'startedMs' | 'finishedMs'>): number | undefined {
	if (probe.status === 'answered' || probe.status === 'pending' || probe.status === 'skipped' || probe.finishedMs === undefined) return undefined;
	return probe.finishedMs - probe.startedMs;
}

/** That wait as words: "waited 3.0 s"; of a what-if's server taken down, what it would cost ("would wait 3.0 s"). */
export function waited(probe: Pick<Probe, 'status' | 'startedMs' | 'finishedMs' | 'error'>): Presented | undefined {
	const ms = waitedMs(probe);
	return ms === undefined ? undefined : isAssumedDown(probe) ? safe`would wait ${formatDuration(ms)}` : safe`waited ${formatDuration(ms)}`;
}

/**
 * A probe the survey's share answered (`shared`): its query went out once, for another zone's trace, and this trace
 * was given the answer. Said where a person reads the probe, so no one takes it for a query sent to this zone's walk
 * at this moment. The time is the one the answer was measured at, in UTC.
 */
export function sharedProbeWords(probe: Pick<Probe, 'shared'>): Presented | undefined {
	if (!probe.shared) return undefined;
	const at = new Date(probe.shared.measuredAt);
	const time = Number.isNaN(at.getTime()) ? presentText(probe.shared.measuredAt) : safe`${presentText(at.toISOString().slice(11, 19))} UTC`;
	return safe`answered from the survey's share: this query was sent once, at ${time}, for another zone`;
}
