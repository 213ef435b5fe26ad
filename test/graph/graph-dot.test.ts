import {describe, expect, it} from 'vitest';
import {withAnalysis} from '../../source/analysis/analyze.js';
import {presentText} from '../../source/dns/sanitize.js';
import type {Name} from '../../source/dns/name.js';
import {delegationGraph, type DelegationGraph} from '../../source/graph/delegation-graph.js';
import {dotText, graphDot} from '../../source/graph/graph-dot.js';
import {graphSvg} from '../../source/graph/graph-svg.js';
import {HOSTILE, HOSTILE_ESCAPED_LABELS} from '../../source/lab/hostile-world.js';
import {buildWorld} from '../../source/lab/world.js';
import {labTrace} from '../helpers/lab.js';
import {svgNodes, svgTexts} from '../helpers/svg.js';

/** Names as a hostile file could carry them: each tries to end its string, add an attribute, break a line or open a tag. */
const HOSTILE_NAMES = ['evil"] ; x [label="pwned', 'back\\slash\\n\\l\\N.', 'line\nbreak\r.', '<script>alert(1)</script>.', '&bogus; &lt;b&gt;.', 'rtl\u202eoverride.', 'ns\\"1.child.x2n.evil.'];

/** A zone per hostile name, each with one name server of the same name. */
function hostileGraph(): DelegationGraph {
	return {
		zones: HOSTILE_NAMES.map((name, index) => ({id: `zone:${name}`, name: name as Name, onPath: index === 0, servers: [{id: `server:${name}|${name}`, name: name as Name, addresses: [{address: `${name}`, activity: 'answered', said: 'answer'}], activity: 'answered', onPath: false}], ds: [], keys: [], rrsets: [{id: `rrset:${name}`, owner: name as Name, type: 'A"B'}]})),
		edges: [{kind: 'answer', from: `zone:${HOSTILE_NAMES[0]}`, to: 'outcome'}],
		outcome: {id: 'outcome', name: HOSTILE_NAMES[1] as Name, type: 'A', status: 'answer'},
	};
}

/**
 * Each quoted label in the DOT text, its lines as Graphviz draws them: `\"` is `"`, `\\` one backslash, `\n` a line
 * break (any other escape is the character, for the labels written here), `&amp;` an ampersand.
 */
function drawnLabels(dot: string): string[][] {
	return [...dot.matchAll(/label="((?:[^"\\]|\\.)*)"/gu)].map((match) => {
		let text = '';
		for (let index = 0; index < match[1]!.length; index++) {
			const char = match[1]![index]!;
			if (char !== '\\') text += char;
			else text += match[1]![++index] === 'n' ? '\n' : match[1]![index];
		}
		return text.replace(/&amp;/gu, '&').split('\n');
	});
}

describe('DOT labels from untrusted text', () => {
	it('escape what would end a DOT string or be read as a Graphviz escape, and present the rest as a terminal would', () => {
		expect(dotText('a"b')).toBe('a\\"b');
		expect(dotText('a\\nb')).toBe('a\\\\nb');
		expect(dotText('line\nbreak')).toBe('line\\\\010break');
		expect(dotText('&bogus;')).toBe('&amp;bogus;');
		expect(dotText('<b>')).toBe('<b>');
		expect(dotText('rtl\u202e')).toBe('rtl\\\\u{202e}');
	});

	it('keep every hostile name inside its own label: one statement per node, each label the name as presented', () => {
		const dot = graphDot(hostileGraph());
		// Seven clusters, each with its two frame points, one server and one RRset; the outcome: nothing more, nothing less.
		expect(dot.match(/^\t+z\d+[sr]\d+ \[/gmu)).toHaveLength(14);
		expect(dot.match(/^\tsubgraph cluster_z\d+ \{$/gmu)).toHaveLength(7);
		const labels = drawnLabels(dot);
		for (const name of HOSTILE_NAMES) expect(labels).toContainEqual([presentText(name), `${presentText(name)}: answer`]);
	});

	it('drawn by Graphviz, show each hostile name as text, with a node for each server and nothing else', async () => {
		const graph = hostileGraph();
		const {instance} = await import('@viz-js/viz');
		const svg = (await instance()).renderString(graphDot(graph), {format: 'svg'});
		expect(svgNodes(svg, 'server')).toHaveLength(HOSTILE_NAMES.length);
		expect(svg).not.toMatch(/<script/iu);
		expect(svg).not.toMatch(/&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[\da-f]+);)/iu);
		const texts = svgTexts(svg);
		for (const name of HOSTILE_NAMES) expect(texts).toContain(presentText(name));
	});
});

describe('names from the hostile lab', () => {
	const world = buildWorld(HOSTILE);
	const nsVariants = HOSTILE_ESCAPED_LABELS.filter((variant) => variant.title.endsWith('in the NS target of a delegation, with its glue') && /double quote|backslash/u.test(variant.title));

	it('has name servers whose names hold a double quote and a backslash', () => {
		expect(nsVariants.map((variant) => variant.shows)).toEqual(['ns\\\\1.child.x1n.evil.', 'ns\\"1.child.x2n.evil.']);
	});

	for (const variant of nsVariants) {
		it(`shows ${variant.shows} in the SVG as dig prints it`, async () => {
			const {trace, analysis} = withAnalysis(await labTrace(variant.name, 'A', {world, families: [4]}), {anchors: {source: 'hostile lab', records: world.trustAnchor}});
			const svg = await graphSvg(trace, analysis);
			const graph = delegationGraph(trace, analysis);
			expect(graph.zones.flatMap((zone) => zone.servers.map((server) => server.name))).toContain(variant.shows);
			expect(svgTexts(svg)).toContain(variant.shows);
			expect(svgNodes(svg, 'server')).toHaveLength(graph.zones.flatMap((zone) => zone.servers).length);
		});
	}
});
