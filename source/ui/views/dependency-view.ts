import type {Analysis} from '../../analysis/analyze.js';
import {isAtOrBelow, type Name} from '../../dns/name.js';
import type {Trace, Zone} from '../../trace/model.js';
import {isUsable} from '../../trace/probe-facts.js';
import {presentName} from '../../dns/present.js';
import {presentText, safe} from '../../dns/sanitize.js';
import {heading, plain, type Line, type Segment} from './lines.js';
import {symbol} from './symbols.js';

/**
 * Every zone the name depends on, drawn as edges: each zone of the walk, the zones its name servers are named under,
 * and theirs, each with whether its servers answer, so "tox.im is down because the zone its servers are named under
 * fails" reads top to bottom; then the single points of failure and the operators.
 */
export function dependencyLines(trace: Trace, analysis: Analysis | undefined): Line[] {
	if (!analysis) return [plain(safe`Dependencies are mapped once the trace has finished.`)];
	const {dependencies} = analysis;
	const lines: Line[] = [
		heading(safe`${presentName(trace.query.name)} depends on ${dependencies.counts.zones} zones, ${dependencies.counts.servers} server addresses, ${dependencies.counts.domains} operator domains`),
		plain(safe``),
	];
	const byName = new Map(trace.zones.map((zone) => [zone.name, zone]));
	const drawn = new Set<Name>();
	const draw = (zone: Zone, indent: string) => {
		lines.push([{text: safe`${presentText(indent)}${presentName(zone.name)}  `, bold: true}, ...health(zone)]);
		if (drawn.has(zone.name)) {
			if (namedUnder(trace, zone).size > 0) lines.push([{text: safe`${presentText(indent)}   (its dependencies are drawn above)`, dim: true}]);
			return;
		}
		drawn.add(zone.name);
		for (const [holder, names] of namedUnder(trace, zone)) {
			const below = byName.get(holder);
			lines.push([{text: safe`${presentText(indent)}${presentText(symbol('namedUnder'))} servers named under ${presentName(holder)}: `, dim: true}, ...nameserverSegments(zone, names)]);
			if (below) draw(below, `${indent}   `);
		}
	};
	for (const name of [...new Set(trace.resolutions[0]?.steps.map((step) => step.zone) ?? [])]) {
		const zone = byName.get(name);
		if (zone) draw(zone, '');
	}
	const single = analysis.findings.filter((finding) => finding.code === 'SINGLE_POINT_OF_FAILURE');
	if (single.length > 0) lines.push(plain(safe``), heading(safe`Single points of failure:`));
	for (const mark of single) lines.push([{text: safe`   ${presentText(symbol('warning'))} `, color: mark.severity === 'warning' ? 'yellow' : 'gray', bold: true}, {text: presentText(mark.message)}]);
	lines.push(plain(safe``), heading(safe`Operators (registrable domains of the name servers):`), plain(safe`   ${presentText(dependencies.domains.join('  '))}`));
	return lines;
}

/** The zones of the trace this zone's name servers are named under (not the zone itself: that is glue), deepest first. */
function namedUnder(trace: Trace, zone: Zone): Map<Name, Name[]> {
	const edges = new Map<Name, Name[]>();
	for (const ns of zone.nameservers) {
		const holder = trace.zones.map((candidate) => candidate.name).filter((name) => isAtOrBelow(ns.name, name)).sort((a, b) => b.length - a.length)[0];
		// The zone itself or one below it is glue; one above it is on the way down anyway: neither is an edge.
		if (!holder || isAtOrBelow(holder, zone.name) || isAtOrBelow(zone.name, holder)) continue;
		edges.set(holder, [...(edges.get(holder) ?? []), ns.name]);
	}
	return edges;
}

/** "✓ 2 of 2 servers answer", "✗ 0 of 2 servers answer (timeout)", "✗ no server address". */
function health(zone: Zone): Segment[] {
	const working = zone.servers.filter((server) => server.probes.some(isUsable)).length;
	if (zone.servers.length === 0) return [{text: safe`${presentText(symbol('error'))} no server address`, color: 'red', bold: true}];
	const failures = [...new Set(zone.servers.filter((server) => !server.probes.some(isUsable)).map((server) => server.probes.find((probe) => probe.purpose === 'walk')?.status === 'answered' ? (server.probes.find((probe) => probe.purpose === 'walk')?.rcode ?? 'no usable answer') : (server.probes[0]?.status ?? 'not asked')))];
	const text = safe`${working} of ${zone.servers.length} server${zone.servers.length === 1 ? safe`` : safe`s`} answer${failures.length > 0 ? safe` (${presentText(failures.join(', '))})` : safe``}`;
	if (working === zone.servers.length) return [{text: safe`${presentText(symbol('holds'))} ${text}`, color: 'green'}];
	return [{text: safe`${presentText(working === 0 ? symbol('error') : symbol('warning'))} ${text}`, color: working === 0 ? 'red' : 'yellow', bold: true}];
}

function nameserverSegments(zone: Zone, names: Name[]): Segment[] {
	return names.flatMap((name, index): Segment[] => {
		const ns = zone.nameservers.find((entry) => entry.name === name);
		const comma: Segment[] = index > 0 ? [{text: safe`, `}] : [];
		if (ns && ns.addresses.length > 0) return [...comma, {text: presentName(name)}];
		// The walk's reason names the server itself ("ns1.x. could not be resolved (x. failed)"): said once.
		const why = ns?.unresolved;
		return [...comma, {text: why?.startsWith(name) ? safe`${presentText(symbol('error'))} ${presentText(why)}` : safe`${presentName(name)} ${presentText(symbol('error'))} no address${why ? safe` (${presentText(why)})` : safe``}`, color: 'red'}];
	});
}
