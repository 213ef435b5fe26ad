import type {Analysis} from '../../analysis/analyze.js';
import type {Trace} from '../../trace/model.js';
import {presentName} from '../../dns/present.js';
import {presentText, safe} from '../../dns/sanitize.js';
import {heading, plain, type Line} from './lines.js';

/** Every zone and server the name depends on, transitively, with the single points of failure marked. */
export function dependencyLines(trace: Trace, analysis: Analysis | undefined): Line[] {
	if (!analysis) return [plain(safe`Dependencies are mapped once the trace has finished.`)];
	const {dependencies} = analysis;
	const single = analysis.findings.filter((finding) => finding.code === 'SINGLE_POINT_OF_FAILURE');
	const lines: Line[] = [
		heading(safe`${presentName(trace.query.name)} depends on ${dependencies.counts.zones} zones, ${dependencies.counts.servers} server addresses, ${dependencies.counts.domains} operator domains`),
		plain(safe``),
	];
	for (const name of dependencies.zones) {
		const zone = trace.zones.find((candidate) => candidate.name === name);
		const marks = single.filter((finding) => finding.zone === name);
		lines.push([{text: safe`${presentName(name)}  `, bold: true}, {text: safe`${zone?.servers.length ?? 0} addresses, NS: ${presentText(zone?.nameservers.map((ns) => ns.name).join(' ') ?? '')}`}]);
		for (const mark of marks) lines.push([{text: safe`   single point of failure: `, color: mark.severity === 'warning' ? 'yellow' : 'gray', bold: true}, {text: presentText(mark.message.replace(`${name}: `, ''))}]);
	}
	lines.push(plain(safe``), heading(safe`Operators (registrable domains of the name servers):`), plain(safe`   ${presentText(dependencies.domains.join('  '))}`));
	return lines;
}
