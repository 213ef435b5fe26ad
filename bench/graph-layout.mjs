// node bench/graph-layout.mjs (after npm run build): the delegation graph laid out by Graphviz (@viz-js/viz) and by
// elkjs, side by side in one run, on every lab story's trace and one large generated trace: the time to load each
// library, the time to lay out each graph, and what each would add to what is shipped. The choice and why: docs/graph.md.
import {readdir, stat} from 'node:fs/promises';
import {gzipSync} from 'node:zlib';
import {readFileSync} from 'node:fs';
import path from 'node:path';
import {withAnalysis} from '../dist/analysis/analyze.js';
import {delegationGraph} from '../dist/graph/delegation-graph.js';
import {graphDot} from '../dist/graph/graph-dot.js';
import {parseUserName} from '../dist/dns/name.js';
import {INTERNET} from '../dist/lab/internet.js';
import {createLabTransport} from '../dist/lab/lab-transport.js';
import {buildWorld} from '../dist/lab/world.js';
import {walk} from '../dist/trace/walk.js';
import {largeWorld} from './ui.mjs';

process.env.DIGDEEPER_LOOPBACK_ONLY = '1';
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const modules = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', 'node_modules');

const median = (values) => {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const ms = (value) => (value < 10 ? `${value.toFixed(1)} ms` : `${Math.round(value)} ms`);
const mb = (bytes) => `${(bytes / 1e6).toFixed(2)} MB`;
const ratio = (a, b) => `${(a / b).toFixed(1)}×`;

async function traced(world, name, type = 'A') {
	const trace = await walk({name, type}, {transport: createLabTransport(world, {latencyScale: 0}), hints: world.hints, port: 53, families: [4, 6], timeoutMs: 100, retries: 0, dnssec: true});
	const {analysis} = withAnalysis(trace, {anchors: {source: 'bench', records: world.trustAnchor}});
	return delegationGraph(trace, analysis);
}

/**
 * The same graph as elkjs takes it: zones as compound nodes holding their nodes, edges across them, each node sized
 * from its label as Graphviz would size it (about 7 px a character at 10 pt, 14 px a line), since elkjs measures no text.
 */
function elkGraph(graph) {
	const size = (lines) => ({width: Math.max(...lines.map((line) => line.length)) * 7 + 16, height: lines.length * 14 + 10});
	const children = graph.zones.map((zone) => ({
		id: zone.id,
		layoutOptions: {'elk.padding': '[top=30,left=10,bottom=10,right=10]'},
		children: [
			...zone.servers.map((server) => ({id: server.id, ...size([server.name, ...server.addresses.map((entry) => `${entry.address}: ${entry.activity}`)])})),
			...zone.ds.map((ds) => ({id: ds.id, ...size(['DS', `${ds.keyTag} ${ds.algorithmName}`, ds.digestName])})),
			...zone.keys.map((key) => ({id: key.id, ...size([`DNSKEY ${key.tag}`, `${key.role} ${key.algorithmName}`])})),
			...zone.rrsets.map((rrset) => ({id: rrset.id, ...size([rrset.owner, rrset.type])})),
		],
	}));
	children.push({id: graph.outcome.id, ...size([`${graph.outcome.name} ${graph.outcome.type}`, graph.outcome.status])});
	const edges = graph.edges.map((edge, index) => ({id: `e${index}`, sources: [edge.from], targets: [edge.to]}));
	return {id: 'root', layoutOptions: {'elk.algorithm': 'layered', 'elk.direction': 'DOWN', 'elk.hierarchyHandling': 'INCLUDE_CHILDREN'}, children, edges};
}

/** The files npm would install for a package (those its `files` field lists, or all), in bytes, and gzipped. */
async function packageSize(name) {
	const dir = path.join(modules, name);
	const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
	const walkDir = async (file) => ((await stat(file)).isDirectory() ? (await Promise.all((await readdir(file)).map((entry) => walkDir(path.join(file, entry))))).flat() : [file]);
	const files = (await Promise.all([...(manifest.files ?? ['.']), 'package.json'].map((entry) => walkDir(path.join(dir, entry)).catch(() => [])))).flat();
	return {bytes: files.reduce((sum, file) => sum + readFileSync(file).length, 0), files: files.length};
}

/** The one file the program would load (what a bundle carries of the package), in bytes and gzipped. */
function loadedSize(file) {
	const bytes = readFileSync(path.join(modules, file));
	return {bytes: bytes.length, gzip: gzipSync(bytes).length};
}

const labWorld = buildWorld(INTERNET);
const cases = [];
for (const story of INTERNET.stories) cases.push({name: `${story.name}${story.type ? ` ${story.type}` : ''}`, graph: await traced(labWorld, parseUserName(story.name).name, story.type ?? 'A')});
cases.push({name: 'large generated trace (www.site.big TXT)', graph: await traced(largeWorld(), 'www.site.big.', 'TXT')});

// Loading: each library imported and started once, in this process (the first layout pays it, as the command does).
let started = performance.now();
const {instance} = await import('@viz-js/viz');
const viz = await instance();
const vizLoad = performance.now() - started;
started = performance.now();
const {default: ELK} = await import('elkjs/lib/elk.bundled.js');
const elk = new ELK();
await elk.layout({id: 'warm', children: [{id: 'a', width: 10, height: 10}], edges: []});
const elkLoad = performance.now() - started;

console.log(`Layout of the delegation graph, median of ${RUNS} runs each, alternating (Graphviz: DOT → SVG; elkjs: JSON → positions, no drawing)\n`);
const header = ['trace', 'nodes', 'edges', 'Graphviz', 'elkjs', 'elkjs / Graphviz'];
const rows = [];
const totals = {viz: 0, elk: 0};
for (const {name, graph} of cases) {
	const dot = graphDot(graph);
	const input = elkGraph(graph);
	const vizTimes = [];
	const elkTimes = [];
	for (let run = 0; run < RUNS; run++) {
		let start = performance.now();
		viz.renderString(dot, {format: 'svg', engine: 'dot'});
		vizTimes.push(performance.now() - start);
		start = performance.now();
		await elk.layout(structuredClone(input));
		elkTimes.push(performance.now() - start);
	}
	const nodes = graph.zones.reduce((sum, zone) => sum + zone.servers.length + zone.ds.length + zone.keys.length + zone.rrsets.length, 1);
	const [vizMedian, elkMedian] = [median(vizTimes), median(elkTimes)];
	totals.viz += vizMedian;
	totals.elk += elkMedian;
	rows.push([name, String(nodes), String(graph.edges.length), ms(vizMedian), ms(elkMedian), ratio(elkMedian, vizMedian)]);
}
rows.push(['all traces (sum of medians)', '', '', ms(totals.viz), ms(totals.elk), ratio(totals.elk, totals.viz)]);
rows.push(['loading (import and start, once)', '', '', ms(vizLoad), ms(elkLoad), ratio(elkLoad, vizLoad)]);
const widths = header.map((_, column) => Math.max(header[column].length, ...rows.map((row) => row[column].length)));
for (const row of [header, widths.map((width) => '-'.repeat(width)), ...rows]) console.log(row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('  '));

const [vizPackage, elkPackage] = [await packageSize('@viz-js/viz'), await packageSize('elkjs')];
const [vizFile, elkFile] = [loadedSize('@viz-js/viz/dist/viz.js'), loadedSize('elkjs/lib/elk.bundled.js')];
console.log('\nWhat each adds to what is shipped');
console.log(`  package as installed:   @viz-js/viz ${mb(vizPackage.bytes)} (${vizPackage.files} files)   elkjs ${mb(elkPackage.bytes)} (${elkPackage.files} files)   elkjs / viz ${ratio(elkPackage.bytes, vizPackage.bytes)}`);
console.log(`  the file loaded:        viz.js ${mb(vizFile.bytes)} (${mb(vizFile.gzip)} gzipped)   elk.bundled.js ${mb(elkFile.bytes)} (${mb(elkFile.gzip)} gzipped)   elkjs / viz ${ratio(elkFile.bytes, vizFile.bytes)} (${ratio(elkFile.gzip, vizFile.gzip)} gzipped)`);
console.log('  elkjs draws nothing: it returns positions, so an SVG writer (boxes, labels, edge routes, arrowheads) would ship besides.');
