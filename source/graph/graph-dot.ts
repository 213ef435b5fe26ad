import {presentText} from '../dns/sanitize.js';
import type {ResponseKind} from '../trace/model.js';
import type {DelegationGraph, GraphAddress, GraphEdge, GraphServer, GraphZone, LinkStatus, ServerActivity} from './delegation-graph.js';

/** How each thing a server did is drawn: the border's colour and line, and a light fill (docs/graph.md). */
export const ACTIVITY_STYLE: Readonly<Record<ServerActivity, {color: string; fill: string; style: 'solid' | 'dashed'}>> = {
	answered: {color: '#2e7d32', fill: '#e8f5e9', style: 'solid'},
	stale: {color: '#ef6c00', fill: '#fff3e0', style: 'solid'},
	lame: {color: '#ef6c00', fill: '#fff3e0', style: 'dashed'},
	refused: {color: '#c62828', fill: '#ffebee', style: 'solid'},
	error: {color: '#c62828', fill: '#ffebee', style: 'solid'},
	malformed: {color: '#6a1b9a', fill: '#f3e5f5', style: 'solid'},
	'timed-out': {color: '#c62828', fill: '#ffebee', style: 'dashed'},
	unreachable: {color: '#c62828', fill: '#ffebee', style: 'dashed'},
	'no-address': {color: '#c62828', fill: '#ffffff', style: 'dashed'},
	skipped: {color: '#9e9e9e', fill: '#fafafa', style: 'dashed'},
	pending: {color: '#9e9e9e', fill: '#fafafa', style: 'dashed'},
};

/** The chain of trust's links and the zones' borders, by verdict, with DNSViz's colours. */
export const LINK_STYLE: Readonly<Record<LinkStatus, {color: string; style: 'solid' | 'dashed' | 'dotted'}>> = {
	secure: {color: '#1565c0', style: 'solid'},
	insecure: {color: '#424242', style: 'dashed'},
	bogus: {color: '#c62828', style: 'solid'},
	indeterminate: {color: '#ef6c00', style: 'dotted'},
};

/**
 * One line of a label as a DOT string's content. The text is untrusted: presented first (controls, bidi and
 * invisible characters escaped visibly, as on a terminal), then `\` doubled (Graphviz reads `\n`, `\l`, `\N`… in a
 * label), `"` escaped (it would end the string) and `&` written as `&amp;` (Graphviz passes `&name;` through to the
 * SVG as an entity: an unknown one would make the file no longer XML). `<` and `>` need nothing in a quoted string;
 * Graphviz escapes them in the SVG.
 */
export function dotText(text: string): string {
	return presentText(text).replace(/\\/gu, '\\\\').replace(/"/gu, '\\"').replace(/&/gu, '&amp;');
}

/** A label of several lines, each escaped: the only line breaks are the writer's own. */
function label(lines: readonly string[]): string {
	return `"${lines.map(dotText).join('\\n')}"`;
}

/** Attributes of the writer's own (colours, styles, the writer's ids), with a label of escaped text last. */
function attributes(list: Record<string, string | number>, text?: readonly string[]): string {
	const own = Object.entries(list).map(([key, value]) => `${key}=${typeof value === 'number' ? value : `"${value}"`}`);
	return `[${[...own, ...(text ? [`label=${label(text)}`] : [])].join(', ')}]`;
}

/** A zone's DNSSEC verdict as the colour of its border. */
function zoneStyle(zone: GraphZone) {
	const status = zone.dnssec;
	const link: LinkStatus = status === 'secure' || status === 'bogus' ? status : status === 'insecure' || status === 'unanchored' ? 'insecure' : 'indeterminate';
	return status === undefined || status === 'not-checked' ? {color: '#616161', style: 'solid'} : LINK_STYLE[link];
}

const ACTIVITY_WORDS: Readonly<Record<ServerActivity, string>> = {
	answered: 'answered',
	stale: 'stale (older serial)',
	lame: 'lame',
	refused: 'refused',
	error: 'error',
	malformed: 'malformed',
	'timed-out': 'timed out',
	unreachable: 'unreachable',
	'no-address': 'no address',
	skipped: 'not asked',
	pending: 'pending',
};

/** What an answering server said, in dig's words where it has them. */
const SAID_WORDS: Partial<Record<ResponseKind, string>> = {answer: 'answer', cname: 'CNAME', referral: 'referral', nxdomain: 'NXDOMAIN', nodata: 'NODATA'};

function serverLines(server: GraphServer): string[] {
	if (server.addresses.length === 0) return [server.name, ACTIVITY_WORDS['no-address']];
	const words = (entry: GraphAddress) => {
		const said = entry.said === undefined ? undefined : SAID_WORDS[entry.said];
		return entry.activity === 'answered' && said ? said : entry.activity === 'stale' && said ? `${said}, stale (older serial)` : ACTIVITY_WORDS[entry.activity];
	};
	return [server.name, ...server.addresses.map((entry) => `${entry.address}: ${words(entry)}`)];
}

const FONT = 'Courier';

/** "2 errors", "1 warning", or nothing for none. */
const plural = (count: number, word: string) => (count === 0 ? '' : `${count} ${word}${count === 1 ? '' : 's'}`);

const DNSSEC_WORDS: Readonly<Record<string, string>> = {unanchored: 'outside validation', 'not-checked': 'not checked'};

/**
 * The graph as Graphviz DOT: each zone a cluster (its border the zone's DNSSEC verdict) holding its name servers
 * (coloured by what they did), its DS, DNSKEY and signed RRsets; delegations from the parent's servers to the child,
 * DS → DNSKEY → RRset links by verdict, glueless dependencies dashed, the path the answer took in bold. Node names
 * are the writer's own (`z0`, `z0s1`…): no text from the trace is ever an identifier, only a quoted label.
 */
export function graphDot(graph: DelegationGraph): string {
	const names = new Map<string, string>();
	// Each zone's invisible top and bottom points and its cluster: edges to a zone end at the cluster's border.
	const anchors = new Map<string, {top: string; bottom: string; cluster: string}>();
	// Courier: Graphviz sizes every box from its font's metrics, and a browser draws Helvetica with whatever sans-serif
	// it has (DejaVu Sans on Debian is wider, and labels ran over their borders); every monospace font is 0.6 em a
	// character, so the boxes fit whichever one draws them.
	const lines = ['digraph delegation {', `\tgraph [rankdir="TB", compound=true, fontname="${FONT}", fontsize=12, nodesep=0.3, ranksep=0.6];`, `\tnode [fontname="${FONT}", fontsize=10];`, `\tedge [fontname="${FONT}", fontsize=9];`];
	// A what-if says so over the whole picture, in red, before anything else is read.
	if (graph.whatIf !== undefined) lines.push(`\tgraph ${attributes({labelloc: 't', fontcolor: '#c62828'}, [graph.whatIf])};`);
	const frames: string[] = [];
	graph.zones.forEach((zone, index) => {
		const cluster = `cluster_z${index}`;
		const style = zoneStyle(zone);
		const verdict = zone.dnssec === undefined ? undefined : `DNSSEC: ${DNSSEC_WORDS[zone.dnssec] ?? zone.dnssec}`;
		lines.push(`\tsubgraph ${cluster} {`);
		const found = zone.findings;
		const trouble = found ? [`${[plural(found.errors, 'error'), plural(found.warnings, 'warning')].filter(Boolean).join(', ')}: ${found.worst}${found.errors + found.warnings > 1 ? ', …' : ''}`] : [];
		const troubleColor: Record<string, string> = found ? {fontcolor: found.errors > 0 ? '#c62828' : '#ef6c00'} : {};
		lines.push(`\t\tgraph ${attributes({id: cluster, class: 'zone', color: style.color, style: `rounded,${style.style}`, penwidth: zone.onPath ? 3 : 1.5, ...troubleColor}, [zone.name, ...(verdict ? [verdict] : []), ...trouble])};`);
		// Two invisible points frame each zone, its top and its bottom: edges to a zone end at its top, and a child's
		// top is placed below its parent's bottom, so the delegation reads downwards as DNSViz draws it.
		const [top, bottom] = [`z${index}t`, `z${index}b`];
		anchors.set(zone.id, {top, bottom, cluster});
		lines.push(`\t\t${top} ${attributes({shape: 'point', style: 'invis', width: 0})};`, `\t\t${bottom} ${attributes({shape: 'point', style: 'invis', width: 0})};`);
		const inside: string[] = [];
		const node = (id: string, suffix: string, attrs: Record<string, string | number>, text: readonly string[]) => {
			const name = `z${index}${suffix}`;
			names.set(id, name);
			inside.push(name);
			lines.push(`\t\t${name} ${attributes({id: name, ...attrs}, text)};`);
		};
		zone.servers.forEach((server, n) => {
			const look = ACTIVITY_STYLE[server.activity];
			node(server.id, `s${n}`, {class: 'server', shape: 'box', style: `rounded,filled,${look.style}`, color: look.color, fillcolor: look.fill, penwidth: server.onPath ? 2.5 : 1}, serverLines(server));
		});
		// A DS that matches a key and a key that is served are as trusted as the zone (blue only where it is secure);
		// a DS that matches nothing and a key no server serves are broken ends, red.
		zone.ds.forEach((ds, n) => node(ds.id, `d${n}`, {class: 'ds', shape: 'ellipse', style: ds.matched ? 'solid' : 'dashed', color: ds.matched ? style.color : '#c62828'}, [ds.anchor ? 'trust anchor' : 'DS', `${ds.keyTag} ${ds.algorithmName}`, ds.digestName]));
		zone.keys.forEach((key, n) => node(key.id, `k${n}`, {class: 'dnskey', shape: 'ellipse', style: key.served ? 'solid' : 'dashed', color: key.served ? style.color : '#c62828', penwidth: key.vouched ? 2 : 1}, [`DNSKEY ${key.tag}`, key.served ? `${key.role}${key.revoked ? ', revoked' : ''} ${key.algorithmName}` : `${key.algorithmName}, served by no server`]));
		zone.rrsets.forEach((rrset, n) => node(rrset.id, `r${n}`, {class: 'rrset', shape: 'box'}, [rrset.owner, rrset.type]));
		lines.push('\t}');
		frames.push(...inside.flatMap((name) => [`${top} -> ${name} [style="invis"];`, `${name} -> ${bottom} [style="invis"];`]), `${top} -> ${bottom} [style="invis"];`);
	});
	for (const zone of graph.zones) {
		const parent = zone.parent === undefined ? undefined : anchors.get(zone.parent);
		if (parent) frames.push(`${parent.bottom} -> ${anchors.get(zone.id)!.top} [style="invis"];`);
	}
	lines.push(...frames.map((line) => `\t${line}`));
	const outcome = graph.outcome;
	const outcomeColor = outcome.status === 'answer' ? '#2e7d32' : outcome.status === 'failure' ? '#c62828' : outcome.status === 'pending' ? '#9e9e9e' : '#424242';
	names.set(outcome.id, 'q');
	lines.push(`\tq ${attributes({id: 'q', class: 'outcome', shape: 'box', style: 'rounded,bold', color: outcomeColor}, [`${outcome.name} ${outcome.type}`, outcome.status.toUpperCase()])};`);
	for (const edge of graph.edges) {
		const line = edgeLine(edge, names, anchors);
		if (line !== undefined) lines.push(`\t${line}`);
	}
	lines.push('}');
	return `${lines.join('\n')}\n`;
}

/** One edge; to a zone it points at the cluster's border (lhead), through the cluster's invisible anchor. */
function edgeLine(edge: GraphEdge, names: ReadonlyMap<string, string>, anchors: ReadonlyMap<string, {top: string; bottom: string; cluster: string}>): string | undefined {
	const from = names.get(edge.from) ?? anchors.get(edge.from)?.bottom;
	const to = names.get(edge.to) ?? anchors.get(edge.to)?.top;
	if (from === undefined || to === undefined) return undefined;
	const cluster = (id: string): Record<string, string> => {
		const zone = anchors.get(id);
		return zone ? {lhead: zone.cluster} : {};
	};
	switch (edge.kind) {
		case 'delegation':
			return `${from} -> ${to} ${attributes({class: 'delegation', ...cluster(edge.to), color: edge.onPath ? '#000000' : '#9e9e9e', penwidth: edge.onPath ? 3 : 1})};`;
		case 'ds':
			return `${from} -> ${to} ${attributes({class: `ds ${edge.status}`, color: LINK_STYLE[edge.status].color, style: LINK_STYLE[edge.status].style, penwidth: edge.status === 'bogus' ? 2 : 1})};`;
		case 'signature':
			return `${from} -> ${to} ${attributes({class: `signature ${edge.status}`, color: LINK_STYLE[edge.status].color, style: LINK_STYLE[edge.status].style, penwidth: edge.status === 'bogus' ? 2 : 1}, edge.verdict === 'valid' ? undefined : [edge.verdict])};`;
		case 'dependency':
			return `${from} -> ${to} ${attributes({class: 'dependency', ...cluster(edge.to), color: '#8d6e63', style: 'dashed', arrowhead: 'empty', constraint: 'false'}, ['address from'])};`;
		case 'answer':
			return `${from} -> ${to} ${attributes({class: 'answer', ltail: anchors.get(edge.from)!.cluster, color: '#000000', penwidth: 3})};`;
	}
}
