import {describe, expect, it} from 'vitest';
import {withAnalysis} from '../../source/analysis/analyze.js';
import {delegationGraph} from '../../source/graph/delegation-graph.js';
import {graphSvg} from '../../source/graph/graph-svg.js';
import {labTrace, labWorld} from '../helpers/lab.js';
import {svgNodes, svgTexts} from '../helpers/svg.js';

describe('the graph as SVG', () => {
	for (const story of ['www.puri.sm', 'tox.im', 'www.rollover.net']) {
		it(`${story}: a box for every zone, a node for every name server, and nothing from outside the file`, async () => {
			const {trace, analysis} = withAnalysis(await labTrace(story), {anchors: {source: 'lab', records: labWorld().trustAnchor}});
			const graph = delegationGraph(trace, analysis);
			const svg = await graphSvg(trace, analysis);

			expect(svg.startsWith('<svg ')).toBe(true);
			expect([...svg.matchAll(/<g id="cluster_z\d+" class="cluster zone">/gu)]).toHaveLength(trace.zones.length);
			const servers = graph.zones.flatMap((zone) => zone.servers);
			expect(svgNodes(svg, 'server')).toHaveLength(servers.length);
			const texts = svgTexts(svg);
			for (const zone of trace.zones) expect(texts).toContain(zone.name);
			for (const server of servers) expect(texts).toContain(server.name);

			// No script, no link, no DTD fetched by URL: the only URLs are the two namespace names an SVG file must declare.
			expect(svg).not.toMatch(/<script|href=|<!DOCTYPE|<\?xml|<a\b|<image|url\(/iu);
			expect([...svg.matchAll(/https?:\/\/[^"\s]*/gu)].map((match) => match[0])).toEqual(['http://www.w3.org/2000/svg', 'http://www.w3.org/1999/xlink']);
		});
	}
});
