import type {Analysis} from '../../analysis/analyze.js';
import {BOGUS_HEADLINE, dnssecStatusWords, type DnssecStatus} from '../../analysis/dnssec/dnssec-status.js';
import type {Trace} from '../../trace/model.js';
import {presentName} from '../../dns/present.js';
import {presentText, safe} from '../../dns/sanitize.js';
import {heading, plain, type Line, type Segment} from './lines.js';

const STATUS_COLOUR: Record<DnssecStatus, Segment['color']> = {secure: 'green', insecure: 'yellow', bogus: 'red', indeterminate: 'gray', 'not-checked': 'gray'};

/** Root → … → answer: per zone, the DS that vouches for it, the keys it serves, and the verdict with its reason. */
export function dnssecLines(trace: Trace, analysis: Analysis | undefined): Line[] {
	const report = analysis?.dnssec;
	if (!report) return [plain(safe`DNSSEC has not been analysed yet (the trace is still running).`)];
	const lines: Line[] = [heading(safe`DNSSEC chain of trust — anchored in ${presentText(report.anchors)}`), plain(safe``)];
	const path = trace.resolutions[0]?.steps.map((step) => step.zone) ?? [];
	for (const name of [...new Set(path)]) {
		const zone = report.zones.find((entry) => entry.zone === name);
		if (!zone) continue;
		lines.push([{text: safe`${presentName(name)}  `, bold: true}, {text: presentText(zone.status), color: STATUS_COLOUR[zone.status], bold: true}]);
		lines.push(plain(safe`   DS ${presentText(zone.dsTags.length > 0 ? zone.dsTags.join(', ') : 'none')} → DNSKEY ${presentText(zone.keyTags.length > 0 ? zone.keyTags.join(', ') : 'none')}`));
		lines.push(plain(safe`   ${presentText(zone.reason)}`));
		const odd = zone.servers.filter((server) => server.status !== zone.status);
		for (const server of odd) lines.push([{text: safe`   ${presentName(server.name)} ${presentText(server.address)}: `}, {text: presentText(server.status), color: STATUS_COLOUR[server.status]}, {text: safe` — ${presentText(server.reason)}`}]);
		lines.push([{text: safe`   ↓`, dim: true}]);
	}
	lines.push([{text: safe`answer  `, bold: true}, {text: presentText(dnssecStatusWords(report.outcome.status)), color: STATUS_COLOUR[report.outcome.status], bold: true}, ...(report.outcome.status === 'bogus' ? [{text: safe` — ${presentText(BOGUS_HEADLINE)}`, color: 'red' as const}] : [])]);
	lines.push(plain(safe`   ${presentText(report.outcome.reason)}`));
	return lines;
}
