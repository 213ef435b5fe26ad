import type {AnalysedTrace} from '../analysis/analyze.js';
import {presentName} from '../dns/present.js';
import {presentText} from '../dns/sanitize.js';
import {probeResult} from '../text/probe-result-text.js';
import type {Probe, Zone} from '../trace/model.js';
import {serversByAddress} from '../trace/probe-facts.js';
import {byNameThenAddress} from '../trace/server-order.js';
import {responseLines, zoneGridLines} from '../ui/views/lines.js';
import {html, type Html} from './html-text.js';
import {linesHtml} from './lines-html.js';

/**
 * Every zone of the trace, in the order the walk met them: the explorer's comparison grid (one row per server
 * address, a cell that differs from the other servers marked, the zone's findings under it), then every response
 * each server gave, folded, in dig's format. <details> opens without a script.
 */
export function zonesHtml({trace, analysis}: AnalysedTrace): Html {
	return html`<section id="zones">
<h2>Zones: every server, every response</h2>
${trace.zones.map((zone, index) => html`<section class="zone" id="zone-${index}">
<h3><code>${presentName(zone.name)}</code></h3>
${linesHtml(zoneGridLines(trace, analysis, zone))}
${responsesHtml(zone, trace.options.port)}
</section>`)}
</section>`;
}

function responsesHtml(zone: Zone, port: number): Html {
	const servers = [...zone.servers].sort(byNameThenAddress);
	const probes = servers.flatMap((server) => server.probes.filter((probe) => probe.status !== 'skipped'));
	return html`<details class="responses"><summary>${probes.length} responses and failures from ${serversByAddress(servers).size} server addresses</summary>
${probes.map((probe) => probeHtml(probe, port))}
</details>`;
}

function probeHtml(probe: Probe, port: number): Html {
	return html`<details class="probe" data-server="${presentText(probe.address)}"><summary><code>${presentName(probe.question.name)} ${presentText(probe.question.type)}</code> → ${presentName(probe.server)} (${presentText(probe.address)})${probe.transport === 'tcp' ? html` over TCP` : html``}: ${probeResult(probe)}</summary>
${linesHtml(responseLines(probe, port))}
</details>`;
}
