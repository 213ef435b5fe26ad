import type {SnapshotFile} from './schema.js';
import {STILL_RUNNING} from './write-snapshot.js';

/**
 * A snapshot's times checked against each other, where the schema bounds each alone: a probe finishes after it starts,
 * its round trip fits inside it, and nothing the walk did comes after the walk ended. A file that says otherwise is
 * damaged (or hostile), and its views would show a negative or impossible time. What digdeeper itself writes always
 * passes, so each rule leaves alone what a real trace may say:
 *
 * - The walk rounds every time to the microsecond (`Math.round(ms * 1000) / 1000`, walk.ts and prober.ts), from one
 *   monotonic clock: a start, a finish and the end keep their order through the rounding; a round trip, rounded
 *   apart from the start and the finish it lies between, may exceed their difference by one microsecond at most (half
 *   a microsecond each, and the three are whole microseconds).
 * - A probe answered from a survey's share carries the round trip of the query that went out, measured by another
 *   trace, and may be answered at once from the kept result: its round trip is not its own span.
 * - A trace saved while it ran (`savedWhileRunning`: a probe still out, or no outcome yet, judged again) lasted, as
 *   the file says, as far as its last reply (write-snapshot.ts), and the walk may have taken steps since; one saved
 *   before the walk set its duration at its end says 0. Only an ended trace bounds its steps, and only a trace with a
 *   duration bounds its probes.
 * - So does one saved after its last reply and its decision, before that end: nothing out and its outcome decided, it
 *   is not saved while running by anything the file shows, and says 0 (two of 1,935 real snapshots). Its steps may
 *   come after its last reply (the decision that reply let the walk make: 0.8 ms later in www.twitter.com's), so a
 *   0 bounds nothing; a step long after every reply looks as such a file would.
 * - A what-if (`assumed`) keeps the measured walk's duration, while a server it takes down waits out its time-outs
 *   (made again on reading) and a server an `ns-add` adds was asked after the walk: their probes may end after it.
 */
export function timingProblem(file: SnapshotFile, savedWhileRunning: boolean): {what: string; path: PropertyKey[]} | undefined {
	const us = (ms: number) => Math.round(ms * 1000);
	const end = us(file.durationMs);
	const assumed = file.assumed ?? [];
	const added = (zone: string, server: {name: string; address: string}) => assumed.some((change) => change.kind === 'ns-add' && change.zone === zone && change.nameserver === server.name && change.address === server.address);
	// A server taken down has every probe made a time-out (what-if/apply-changes.ts). Which addresses went down cannot
	// be told from the file: a zone taken down takes its machines down for every zone they serve, and a zone reached
	// only through them is never learnt. So a time-out of a what-if that takes servers down may be one of its own, if it
	// waited no longer than the what-if makes a dead server wait: a time-out the walk measured, or every try waited out.
	const takesDown = assumed.some((change) => change.kind === 'down' || change.kind === 'down-address' || change.kind === 'zone-down');
	const longestWait = Math.max(end, us(file.options.timeoutMs * (file.options.retries + 2)));
	for (const [zoneIndex, zone] of file.zones.entries()) {
		for (const [serverIndex, server] of zone.servers.entries()) {
			const askedAfter = added(zone.name, server);
			for (const [probeIndex, probe] of server.probes.entries()) {
				const path = ['zones', zoneIndex, 'servers', serverIndex, 'probes', probeIndex];
				const mayEndLater = askedAfter || (takesDown && probe.status === 'timeout' && us(probe.finishedMs ?? 0) - us(probe.startedMs) <= longestWait);
				// Only a probe still out has no finish (1,935 real snapshots, 227,208 probes: none other): an answer or a
				// time-out without one would escape every rule below and show its round trip unchecked. (One still out with a
				// finish or a round trip is refused before, with anything else only an ended exchange leaves: snapshot.ts.)
				if (probe.finishedMs === undefined) {
					if (probe.status !== 'pending') return {what: `a probe ${probe.status} has no finish`, path: [...path, 'finishedMs']};
					continue;
				}
				// Compared as written, not as whole microseconds: a finish before its start by less than one still rounds to a
				// span of 0 and would be blamed on the round trip. The walk writes both rounded, and rounding keeps order.
				if (probe.finishedMs < probe.startedMs) return {what: `a probe finished at ${probe.finishedMs} ms, before it started at ${probe.startedMs} ms`, path: [...path, 'finishedMs']};
				const span = us(probe.finishedMs) - us(probe.startedMs);
				// A probe skipped before it left has no round trip; builds before session 37 wrote the time to its refusal (the
				// loopback guard's, or no route for its family) as one, which the reader drops.
				if (probe.rttMs !== undefined && !probe.shared && probe.status !== 'skipped' && us(probe.rttMs) > span + 1) {
					return {what: `a probe's round trip of ${probe.rttMs} ms is longer than the probe itself (${probe.startedMs} ms to ${probe.finishedMs} ms)`, path: [...path, 'rttMs']};
				}
				if (end > 0 && !mayEndLater && us(probe.finishedMs) > end) return {what: `a probe finished at ${probe.finishedMs} ms, after the trace ended at ${file.durationMs} ms (durationMs)`, path: [...path, 'finishedMs']};
			}
		}
	}
	if (end > 0 && !savedWhileRunning) {
		for (const [index, resolution] of file.resolutions.entries()) {
			for (const [stepIndex, step] of resolution.steps.entries()) {
				if (us(step.atMs) > end) return {what: `a step was taken at ${step.atMs} ms, after the trace ended at ${file.durationMs} ms (durationMs)`, path: ['resolutions', index, 'steps', stepIndex, 'atMs']};
			}
		}
		if (us(file.outcome.atMs) > end) return {what: `the outcome was decided at ${file.outcome.atMs} ms, after the trace ended at ${file.durationMs} ms (durationMs)`, path: ['outcome', 'atMs']};
	}
	return outcomeTimeProblem(file);
}

/**
 * The outcome's time is its deciding step's: the walk dates the outcome with the time of the step that decided it, the
 * last of the trace's own resolution (walk.ts), and one still to come (a trace saved while it ran, written as a failure
 * "still running") keeps the 0 it starts with. So every one of 1,935 real snapshots says (196 decided, 1,739 not).
 */
function outcomeTimeProblem(file: SnapshotFile): {what: string; path: PropertyKey[]} | undefined {
	const {atMs} = file.outcome;
	const path = ['outcome', 'atMs'];
	if (file.outcome.status === 'failure' && file.outcome.reason === STILL_RUNNING) {
		return atMs === 0 ? undefined : {what: `an outcome still to come (the trace was saved while it ran) says it was decided at ${atMs} ms`, path};
	}
	const steps = file.resolutions[0]?.steps ?? [];
	const deciding = steps.at(-1);
	if (deciding === undefined || deciding.atMs === atMs) return undefined;
	return {what: `the outcome was decided at ${atMs} ms, not when the step that decided it was taken (${deciding.atMs} ms, resolutions[0].steps[${steps.length - 1}].atMs)`, path};
}
