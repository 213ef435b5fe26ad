import {joinPresented, presentText, safe, type Presented} from '../dns/sanitize.js';
import type {Trace} from '../trace/model.js';
import {pendingProbes, savedWhileRunning} from '../trace/probe-facts.js';
import {formatDuration, formatMs} from './format-ms.js';

/** The program that took a trace: digdeeper's version and, when recorded, Node.js's (a snapshot says; a live trace is this process). */
export interface TakenWith {
	version: string;
	node?: string;
}

/**
 * When and where a trace was taken, for a reader who was not there: the start (UTC, as recorded) and how long it
 * ran (or, saved while it ran, how far it got); the network (the lab, or the internet as the host that took it saw it), the address families that had a
 * route there and those that had none, and the program that took it. Words from a file are presented.
 */
export function traceOrigin(trace: Trace, takenWith: TakenWith): {when: Presented; where: Presented} {
	const {network, routes} = tracePlace(trace);
	const program = safe`digdeeper ${presentText(takenWith.version)}${takenWith.node ? safe` on Node.js ${presentText(takenWith.node)}` : safe``}`;
	return {
		when: safe`${presentText(trace.startedAt)} (UTC), ${savedWhileRunning(trace) ? savedAt(trace) : safe`for ${formatDuration(trace.durationMs)}`}`,
		where: safe`${network}; ${routes}; by ${program}`,
	};
}

/**
 * How far a trace saved while it ran got, in `--text`'s words: its duration is that of its last reply, not of a walk
 * that ended (a decided outcome's zones still had checks out).
 */
export function savedAt(trace: Trace): Presented {
	const out = pendingProbes(trace);
	return safe`saved while it ran, ${out} probe${out === 1 ? safe`` : safe`s`} still out; the last reply came at ${formatMs(trace.durationMs)}`;
}

/**
 * How many queries the trace holds, in a report's headline: "to every server of 3 zones", or, saved while it ran,
 * the replies in and the queries still out, to the zones known so far (not every server had been asked).
 */
export function queriesSent(trace: Trace): Presented {
	const {queries} = trace.stats;
	const zones = safe`${trace.zones.length} zone${trace.zones.length === 1 ? safe`` : safe`s`}`;
	const sent = safe`${queries} quer${queries === 1 ? safe`y` : safe`ies`}`;
	return savedWhileRunning(trace) ? safe`${sent} back and ${pendingProbes(trace)} still out, to the servers of the ${zones} known so far` : safe`${sent} to every server of ${zones}`;
}

/** Where a trace was taken (the lab, or the internet as its host saw it), and the routes it had: "routes: IPv4 and IPv6". */
export function tracePlace(trace: Trace): {network: Presented; routes: Presented} {
	const unrouted = new Map(trace.vantage.unavailableFamilies.map(({family, reason}) => [family, reason]));
	// A family no query was sent over (its servers all skipped: loopback only, the query limit; or no server of it to
	// ask, as with hints of the other family) was never tried: no route is claimed for it.
	const servers = trace.zones.flatMap((zone) => zone.servers);
	const untried = trace.options.families.filter((family) => !unrouted.has(family) && !servers.some((server) => server.family === family && server.probes.some((probe) => probe.status !== 'skipped')));
	const routed = trace.options.families.filter((family) => !unrouted.has(family) && !untried.includes(family));
	const families = routed.length > 0 ? joinPresented(routed.map((family) => safe`IPv${family}`), safe` and `) : safe`none`;
	const missing = [...[...unrouted].map(([family, reason]) => safe`; no IPv${family} route (${presentText(reason)})`), ...untried.map((family) => safe`; IPv${family} not tried (no query was sent over it)`)];
	const asked = trace.options.families.length === 1 ? safe` (only IPv${trace.options.families[0]!} asked for)` : safe``;
	return {
		network: trace.options.lab ? safe`the digdeeper lab` : safe`the internet as the host that took it saw it`,
		routes: safe`routes: ${families}${asked}${joinPresented(missing, safe``)}`,
	};
}

/** When a trace started, to the minute (UTC), for a one-line header; a start that is no date is shown as recorded. */
export function startedToTheMinute(trace: Trace): Presented {
	const started = new Date(trace.startedAt);
	if (Number.isNaN(started.getTime())) return presentText(trace.startedAt);
	const iso = started.toISOString();
	return safe`${presentText(iso.slice(0, 10))} ${presentText(iso.slice(11, 16))} UTC`;
}
