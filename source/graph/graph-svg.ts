import type {Analysis} from '../analysis/analyze.js';
import type {Trace} from '../trace/model.js';
import {delegationGraph} from './delegation-graph.js';
import {graphDot} from './graph-dot.js';

/**
 * The delegation graph as SVG text, laid out by Graphviz (`@viz-js/viz`, compiled to wasm): loaded on first use, so
 * only a command that draws pays for it. Graphviz's XML declaration and DOCTYPE (which names the SVG DTD by URL) are
 * left out: the text is one `<svg>` element, for a file or inline in a page, referring to nothing outside itself.
 */
export async function graphSvg(trace: Trace, analysis: Analysis): Promise<string> {
	const {instance} = await import('@viz-js/viz');
	const viz = await instance();
	const svg = viz.renderString(graphDot(delegationGraph(trace, analysis)), {format: 'svg', engine: 'dot'});
	return svg.slice(svg.indexOf('<svg'));
}
