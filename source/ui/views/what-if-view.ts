import {joinPresented, presentText, safe, type Presented} from '../../dns/sanitize.js';
import type {Trace, WhatIfChange} from '../../trace/model.js';
import {parentDsTags} from '../../trace/probe-facts.js';
import {sameChange} from '../../what-if/apply-changes.js';
import {describeChange} from '../../what-if/describe-change.js';
import {nodeId, type NodeRef} from '../tree-model.js';
import {heading, paragraph, plain, type Line} from './lines.js';

/** One line of the what-if list (w): a change to try on the selected row, or one in force to take back. */
export interface WhatIfChoice {
	change: WhatIfChange;
	undo: boolean;
}

/** How far on the clock can be tried from anywhere. */
const CLOCK_DAYS = [1, 7, 30] as const;


/**
 * The changes to try on a row — a server or its address: down; a name server: down; a zone: every server down, its
 * DS removed, each name server its parent lists removed; anywhere: the clock on by a day, a week, a month — then
 * those in force, to take back. A change already in force is offered only as an undo.
 */
export function whatIfChoices(trace: Trace, selected: NodeRef | undefined): WhatIfChoice[] {
	const assumed = trace.assumed ?? [];
	const offers: WhatIfChange[] = [];
	if (selected?.kind === 'server') offers.push({kind: 'down-address', address: selected.address}, {kind: 'down', server: selected.name});
	if (selected?.kind === 'nameserver') offers.push({kind: 'down', server: selected.name});
	if (selected?.kind === 'zone') {
		const zone = trace.zones.find((candidate) => candidate.name === selected.zone);
		offers.push({kind: 'zone-down', zone: selected.zone});
		// Removing a DS set the parent never served changes nothing (it was offered on every unsigned zone, sm.).
		if (zone?.parent && parentDsTags(trace, zone).length > 0) offers.push({kind: 'ds-remove', zone: selected.zone});
		const delegated = zone?.nameservers.filter((nameserver) => nameserver.listedBy.includes('parent')) ?? [];
		// Removing the last is removing the delegation (parse-change.ts refuses it too).
		if (delegated.length > 1) offers.push(...delegated.map((nameserver): WhatIfChange => ({kind: 'ns-remove', zone: selected.zone, nameserver: nameserver.name})));
	}
	offers.push(...CLOCK_DAYS.map((days): WhatIfChange => ({kind: 'clock', at: new Date(Date.parse(trace.startedAt) + days * 86_400_000).toISOString()})));
	return [...offers.filter((offer) => !assumed.some((change) => sameChange(change, offer))).map((change) => ({change, undo: false})), ...assumed.map((change) => ({change, undo: true}))];
}

/** The list as the overlay draws it, the cursor's line in reverse. */
export function whatIfLines(trace: Trace, selected: NodeRef | undefined, cursor: number, width: number): Line[] {
	const choices = whatIfChoices(trace, selected);
	const lines: Line[] = [heading(safe`What if… (Enter applies a change at once, or takes back one in force; the trace is then judged again)`), plain(safe``)];
	const inForce = choices.findIndex((choice) => choice.undo);
	for (const [index, choice] of choices.entries()) {
		if (index === inForce) lines.push(plain(safe``), heading(safe`In force (WHAT-IF, not measured):`));
		const text: Presented = choice.undo ? safe`  undo: ${describeChange(choice.change)}` : safe`  ${describeChange(choice.change)}`;
		lines.push([{text, ...(index === cursor ? {inverse: true} : {})}]);
	}
	const down = trace.assumedDown ?? [];
	if (down.length > 0) {
		// What the changes reach, wrapped, never cut: a zone a change names may be gone from the trace (never reached
		// once its parent's servers are down too), and its addresses are then nowhere else.
		const named = joinPresented(down.slice(0, ADDRESSES_NAMED).map(presentText), safe`, `);
		lines.push(plain(safe``), ...paragraph(safe`Addresses assumed down: ${named}${down.length > ADDRESSES_NAMED ? safe` and ${down.length - ADDRESSES_NAMED} more` : safe``}`, width, safe`  `));
	}
	return lines;
}

/** The addresses taken down named in the list before it counts the rest. */
const ADDRESSES_NAMED = 6;

/** The tree's rows a what-if changed: the servers it took down (with their name servers and zones), the zones whose delegation it changed. */
export function whatIfNodeIds(trace: Trace): Set<string> {
	const assumed = trace.assumed ?? [];
	const down = new Set(trace.assumedDown);
	const ids = new Set<string>();
	for (const zone of trace.zones) {
		// As a diff marks a server that stopped answering: its zone and name server too, the rows a closed tree shows
		// (a break test saw no Δ on a downed server's row until it was opened).
		for (const server of zone.servers) {
			if (!down.has(server.address)) continue;
			ids.add(nodeId({kind: 'zone', zone: zone.name}));
			ids.add(nodeId({kind: 'nameserver', zone: zone.name, name: server.name}));
			ids.add(nodeId({kind: 'server', zone: zone.name, name: server.name, address: server.address}));
		}
		if (assumed.some((change) => (change.kind === 'ds-remove' || change.kind === 'ds-replace' || change.kind === 'ns-remove' || change.kind === 'ns-add') && change.zone === zone.name)) ids.add(nodeId({kind: 'zone', zone: zone.name}));
	}
	return ids;
}

/** The header's mark, whole and for a narrow terminal (where the query and its counts come first). */
export interface WhatIfMark {
	long: Presented;
	short: Presented;
}

/**
 * The header's mark while any change is in force, or, while the walk of a trace given --what-if still measures, the
 * changes it will assume once the walk is done (`pending`: the options given, not yet read against a trace, so the
 * same change given twice counts twice here and is assumed once): what is on screen then is measured, and the verdict
 * after it will not be.
 */
export function whatIfMark(trace: Trace, pending = 0): WhatIfMark | undefined {
	const assumed = trace.assumed?.length ?? 0;
	if (assumed > 0) return {long: safe`WHAT-IF (${assumed} assumed, w lists them) · `, short: safe`WHAT-IF · `};
	if (pending > 0) return {long: safe`WHAT-IF once measured (${pending} given) · `, short: safe`WHAT-IF next · `};
	return undefined;
}
