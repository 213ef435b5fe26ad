import {presentName} from '../dns/present.js';
import {joinPresented, presentText, safe, type Presented} from '../dns/sanitize.js';
import type {WhatIfChange, Zone} from '../trace/model.js';
import {closestZone} from '../trace/zone-book.js';

/**
 * One assumed change in every view's words: "ns1.p05.dynect.net. down", "the DS of example.com. removed". Given the
 * changed trace's zones, an added name server whose server is in its zone is said to have been asked, and a downed
 * zone the trace no longer holds is said with the addresses above it taken down with it (`down`, its assumedDown).
 */
export function describeChange(change: WhatIfChange, zones: readonly Zone[] = [], down: readonly string[] = []): Presented {
	switch (change.kind) {
		case 'down':
			return safe`${presentName(change.server)} down (every address)`;
		case 'down-address':
			return safe`${presentText(change.address)} down`;
		case 'zone-down': {
			// Not reached once its parent's servers are down too (nic.gm.'s are gm.'s): which of the parent's went with it.
			const named = (name: string) => zones.find((zone) => zone.name === name);
			const above = zones.length === 0 || named(change.zone) ? undefined : named(closestZone(change.zone, named));
			const gone = above ? [...new Set(above.servers.map((server) => server.address).filter((address) => down.includes(address)))] : [];
			if (!above || gone.length === 0) return safe`every server of ${presentName(change.zone)} down`;
			return safe`every server of ${presentName(change.zone)} down (not reached: ${presentName(above.name)}'s ${joinPresented(gone.map(presentText), safe`, `)} down with it)`;
		}
		case 'ds-remove':
			return safe`the DS of ${presentName(change.zone)} removed (the parent's signed denial assumed)`;
		case 'ds-replace':
			return safe`the DS of ${presentName(change.zone)} replaced by ${change.ds.keyTag} ${change.ds.algorithm} ${change.ds.digestType} ${presentText(change.ds.digest.toUpperCase())} (signed by the parent, assumed)`;
		case 'ns-remove':
			return safe`${presentName(change.nameserver)} removed from ${presentName(change.zone)}'s delegation`;
		case 'ns-add': {
			const server = zones.find((zone) => zone.name === change.zone)?.servers.find((candidate) => candidate.name === change.nameserver && candidate.address === change.address);
			if (!server) return safe`${presentName(change.nameserver)} (${presentText(change.address)}) added to ${presentName(change.zone)}'s delegation: its answers are unknown, never asked`;
			const answered = server.probes.filter((probe) => probe.status === 'answered').length;
			return safe`${presentName(change.nameserver)} (${presentText(change.address)}) added to ${presentName(change.zone)}'s delegation, and asked: ${answered} of ${server.probes.length} questions answered`;
		}
		case 'clock':
			return safe`signatures judged at ${presentText(change.at)}`;
	}
}

/** The line every view puts first when a trace is a what-if: a hypothesis is never read as a measurement. */
export function whatIfHeadline(trace: {assumed?: readonly WhatIfChange[]; assumedDown?: readonly string[]; zones: readonly Zone[]}): Presented {
	return safe`WHAT-IF, not measured: assuming ${joinPresented((trace.assumed ?? []).map((change) => describeChange(change, trace.zones, trace.assumedDown)), safe`; `)}`;
}

/** The `--what-if` words that assume a change again, for the command that repeats a trace (commands-to-run.ts). */
export function changeWords(change: WhatIfChange): Presented {
	switch (change.kind) {
		case 'down':
			return safe`down ${presentName(change.server)}`;
		case 'down-address':
			return safe`down ${presentText(change.address)}`;
		case 'zone-down':
		case 'ds-remove':
			return safe`${presentText(change.kind)} ${presentName(change.zone)}`;
		case 'ds-replace':
			return safe`ds-replace ${presentName(change.zone)} ${change.ds.keyTag} ${change.ds.algorithm} ${change.ds.digestType} ${presentText(change.ds.digest.toUpperCase())}`;
		case 'ns-remove':
			return safe`ns-remove ${presentName(change.zone)} ${presentName(change.nameserver)}`;
		case 'ns-add':
			return safe`ns-add ${presentName(change.zone)} ${presentName(change.nameserver)} ${presentText(change.address)}`;
		case 'clock':
			return safe`clock ${presentText(change.at)}`;
	}
}
