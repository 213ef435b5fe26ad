import type {Name} from '../dns/name.js';
import type {DroppedRecord, Probe, Server} from '../trace/model.js';
import {createFinding, type Finding} from './finding.js';
import {listLabels, unique, type TraceView} from './trace-view.js';

/** How many records a finding names before it only counts the rest: a hostile response can carry hundreds. */
const NAMED_RECORDS = 12;

interface Sent {
	server: Server;
	probe: Probe;
}

/**
 * Records servers sent beyond what they may speak for, which the walk did not use (classify.ts drops them). A
 * referral's are reported with the zone it delegates, as a problem of that delegation; any other response's with
 * the zone its server was asked as a server of.
 */
export function checkOutOfBailiwick(view: TraceView): Finding[] {
	const referrals = new Map<Name, {parent: Name; sent: Sent[]}>();
	const answers = new Map<Name, Sent[]>();
	for (const zone of view.trace.zones) {
		for (const entry of view.probes(zone)) {
			if (!entry.probe.outOfBailiwick?.length) continue;
			const child = entry.probe.kind === 'referral' ? entry.probe.referral : undefined;
			if (child) referrals.set(child, {parent: zone.name, sent: [...(referrals.get(child)?.sent ?? []), entry]});
			else answers.set(zone.name, [...(answers.get(zone.name) ?? []), entry]);
		}
	}
	return [
		...[...referrals].map(([child, {parent, sent}]) =>
			finding(child, sent, `${child}: the referral from ${parent} carried records outside its authority or for no name server of the delegation, ignored: ${describe(sent)}`),
		),
		...[...answers].map(([zone, sent]) =>
			finding(zone, sent, `${zone}: ${listLabels(uniqueServers(sent))} sent records outside ${zone}, ignored: ${describe(sent)}`),
		),
	];
}

function finding(zone: Name, sent: Sent[], message: string): Finding {
	return createFinding({
		code: 'OUT_OF_BAILIWICK_DATA',
		zone,
		servers: uniqueServers(sent).map((server) => server.address),
		message,
		evidence: sent.map(({probe}) => probe.id),
	});
}

/** The records, by section: "additional: www.bank.example. 192.0.2.66; authority: evil. NS". */
function describe(sent: Sent[]): string {
	const records = sent.flatMap(({probe}) => probe.outOfBailiwick ?? []);
	const sections = unique(records.map((record) => record.section));
	let named = 0;
	const parts = sections.map((section) => {
		const labels = unique(records.filter((record) => record.section === section).map(label));
		const shown = labels.slice(0, Math.max(0, NAMED_RECORDS - named));
		named += shown.length;
		return {section, shown, hidden: labels.length - shown.length};
	});
	const hidden = parts.reduce((sum, part) => sum + part.hidden, 0);
	const listed = parts.filter((part) => part.shown.length > 0).map((part) => `${part.section}: ${part.shown.join(', ')}`);
	return `${listed.join('; ')}${hidden > 0 ? `; and ${hidden} more` : ''}`;
}

const label = (record: DroppedRecord) => `${record.name} ${record.address ?? record.type}`;

function uniqueServers(sent: Sent[]): Server[] {
	const servers = sent.map(({server}) => server);
	return servers.filter((server, index) => servers.findIndex((other) => other.address === server.address) === index);
}
