import {mkdtemp, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {render} from 'ink-testing-library';
import {beforeAll, describe, expect, it, vi} from 'vitest';
import {openSnapshot} from '../../source/commands/open-command.js';
import {HOSTILE} from '../../source/lab/hostile-world.js';
import {buildWorld} from '../../source/lab/world.js';
import {analyze, type AnalysedTrace} from '../../source/analysis/analyze.js';
import {diffTraces} from '../../source/compare/diff.js';
import {emptyHistory, recordRound} from '../../source/compare/watch-history.js';
import {serializeSnapshot} from '../../source/snapshot/snapshot.js';
import {renderReport} from '../../source/text/report.js';
import {renderTraceText} from '../../source/text/trace-text.js';
import {detailLines, Explorer} from '../../source/ui/explorer.js';
import {buildTree, type TreeNode} from '../../source/ui/tree-model.js';
import {diffLines, timelineLines} from '../../source/ui/views/changes.js';
import {findingLines, type Line} from '../../source/ui/views/lines.js';
import {compareLines} from '../../source/ui/views/overlays.js';
import {dependencyLines} from '../../source/ui/views/dependency-view.js';
import {dnssecLines} from '../../source/ui/views/dnssec-view.js';
import {explainLines} from '../../source/ui/views/explain-view.js';
import {helpLines} from '../../source/ui/views/legend.js';
import {walkProbe} from '../../source/trace/probe-facts.js';
import {cli} from '../helpers/cli.js';
import {frameWhere} from '../helpers/frames.js';
import {labTrace} from '../helpers/lab.js';
import {markdownShown} from '../helpers/markdown.js';

// Ink styles nothing, so any ESC in a frame came from the data: the assertions below allow none at all.
vi.hoisted(() => {
	process.env['FORCE_COLOR'] = '0';
});

/*
 * The hostile lab's tty.evil. answers TXT strings with OSC title and clipboard sequences, BEL, C1 and bidi
 * characters, and a CNAME to a name with a colour sequence in it. Its snapshot then arrives as a file from someone
 * else: named with an OSC sequence, and one probe's error carrying an OSC and a C1 CSI. The zone's own name carries a
 * screen clear and a bidi override (U+202E as its UTF-8 bytes) on the wire: a file can no longer rename a zone its
 * responses do not name. The analysis, run again on the file, puts the zone's name in its findings.
 */
const LABEL = 'tty\\027[2j\\226\\128\\174';
const ERROR = 'no reply \u001b]2;error\u0007 \u009b31m';
const FILE = 'digdeeper-\u001b]0;file\u0007.json';
const SHOWN = {
	// A name is shown as dig shows it, lower-cased: U+202E, read from the file, is its UTF-8 bytes.
	zone: 'tty\\027[2j\\226\\128\\174.evil.',
	error: 'no reply \\027]2;error\\007 \\15531m',
	file: 'digdeeper-\\027]0;file\\007.json',
	txt: '"\\027]0;pwned title\\007" "\\027]52;c;ZXZpbCBjbGlwYm9hcmQ=\\007"',
	target: '\\027[31mred.tty\\027[2j\\226\\128\\174.evil.',
	// (The rest, ns1 under the same zone, wraps at 80 columns in some views.)
	finding: `${'tty\\027[2j\\226\\128\\174.evil.'}: only one name server`,
};
/** What must never reach a terminal: C0 (but the program's own tab and newline), DEL, C1, bidi controls and zero-width characters. */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/u;

/** The hostile lab with tty.evil. renamed to LABEL.evil. in every zone text and server (a master file reads \DDD). */
const json = (text: string) => JSON.stringify(text).slice(1, -1);
const world = buildWorld(
	JSON.parse(
		JSON.stringify(HOSTILE)
			.replaceAll('tty.evil.', json(`${LABEL}.evil.`))
			.replaceAll('\\ntty NS ', json(`\n${LABEL} NS `))
			.replaceAll('\\nns1.tty A ', json(`\nns1.${LABEL} A `)),
	),
);
let dir: string;
let txt: {file: string; analysed: AnalysedTrace; clean: AnalysedTrace};
let cname: {file: string; analysed: AnalysedTrace; clean: AnalysedTrace};
let broken: {file: string; analysed: AnalysedTrace; clean: AnalysedTrace};

/** A lab trace, written as a hostile snapshot file and opened the way `digdeeper open` does. */
async function hostileSnapshot(name: string, type: string, file: string, damaged: 'soa' | 'walk' = 'soa') {
	const traced = await labTrace(name, type, {world, families: [4]});
	// The lab's trust anchor travels in the file, as a trace taken with --lab carries it, so the file is judged by it.
	const trace = {...traced, options: {...traced.options, trustAnchor: 'lab', trustAnchorRecords: world.trustAnchor}};
	// The trace before, as its sender saw it: no findings yet, so every finding about the renamed zone is news.
	const clean: AnalysedTrace = {trace, analysis: {...analyze(trace, {anchors: {source: 'lab', records: world.trustAnchor}}), findings: []}};
	const data = JSON.parse(serializeSnapshot(clean, {name: 'digdeeper', version: 'test'}));
	// The SOA probe of evil. keeps the walk's path intact; the walk probe of the renamed zone (its only server's answer)
	// breaks it, and the outcome, judged again, fails there. (A referral cannot be broken: it names the next zone.)
	const zone = data.zones.find((candidate: {name: string}) => candidate.name === (damaged === 'soa' ? 'evil.' : `${LABEL}.evil.`));
	const probe = zone.servers[0].probes.find((candidate: {purpose: string}) => candidate.purpose === damaged);
	for (const key of ['kind', 'rcode', 'size', 'message', 'messageId', 'referral']) delete probe[key];
	Object.assign(probe, {status: 'timeout', error: ERROR});
	const where = path.join(dir, file);
	await writeFile(where, JSON.stringify(data));
	return {file: where, analysed: await openSnapshot(where), clean};
}

beforeAll(async () => {
	dir = await mkdtemp(path.join(tmpdir(), 'digdeeper-untrusted-'));
	txt = await hostileSnapshot(`www.${LABEL}.evil.`, 'TXT', FILE);
	cname = await hostileSnapshot(`www2.${LABEL}.evil.`, 'A', `cname-${FILE}`);
	broken = await hostileSnapshot(`www.${LABEL}.evil.`, 'TXT', `broken-${FILE}`, 'walk');
}, 60_000);

function expectEscaped(output: string, ...shown: string[]) {
	expect(output).not.toMatch(UNSAFE);
	for (const text of shown) expect(output).toContain(text);
}

const text = (lines: Line[]) => lines.map((line) => line.map((segment) => segment.text).join('')).join('\n');
const flatten = (nodes: TreeNode[]): TreeNode[] => nodes.flatMap((node) => [node, ...flatten(node.children)]);

describe('text from the wire or a snapshot file', () => {
	it('shows escaped in the detail pane of every node, at any width', () => {
		for (const {analysed: {trace, analysis}} of [txt, cname]) {
			const nodes = flatten(buildTree(trace, analysis));
			expectEscaped(nodes.map((node) => `${node.label} ${node.state}`).join('\n'), SHOWN.zone);
			const panes = nodes.flatMap((node) => [detailLines(trace, analysis, node.ref, 60), detailLines(trace, analysis, node.ref)]);
			expectEscaped(panes.map(text).join('\n'), SHOWN.zone, SHOWN.error, SHOWN.finding);
		}
		expectEscaped(flatten(buildTree(txt.analysed.trace, txt.analysed.analysis)).map((node) => text(detailLines(txt.analysed.trace, txt.analysed.analysis, node.ref))).join('\n'), SHOWN.txt);
		expectEscaped(flatten(buildTree(cname.analysed.trace, cname.analysed.analysis)).map((node) => text(detailLines(cname.analysed.trace, cname.analysed.analysis, node.ref))).join('\n'), SHOWN.target);
	});

	it('shows escaped in every overlay: findings, DNSSEC, dependencies, explain, compare, help, changes and timeline', () => {
		const {analysed, clean} = txt;
		const {trace, analysis} = analysed;
		const nodes = flatten(buildTree(trace, analysis));
		expectEscaped(analysis.findings.map((finding) => text(findingLines(finding, trace, 80))).join('\n'), SHOWN.zone, SHOWN.finding);
		expectEscaped(text(dnssecLines(trace, analysis)), SHOWN.zone);
		expectEscaped(text(dependencyLines(trace, analysis)), SHOWN.zone);
		expectEscaped(nodes.map((node) => text(explainLines(trace, analysis, node.ref))).join('\n'), SHOWN.zone, SHOWN.error, SHOWN.finding);
		const failed = trace.zones.flatMap((zone) => zone.servers.flatMap((server) => server.probes)).find((probe) => probe.status === 'timeout')!;
		const probes = [failed, ...trace.zones.flatMap((zone) => zone.servers.flatMap((server) => walkProbe(server) ?? [])).slice(-1)];
		// The servers of evil. (its probe failed) and of the renamed zone (its TXT answer), side by side.
		expectEscaped(text(compareLines(probes, 400)), SHOWN.zone, SHOWN.error, SHOWN.txt);
		expectEscaped(text(helpLines()));
		const changes = diffTraces(clean, analysed);
		expectEscaped(text(diffLines({...clean, label: 'a.json'}, {...analysed, label: FILE}, changes, 200)), SHOWN.zone, SHOWN.file, SHOWN.finding);
		const history = recordRound(recordRound(emptyHistory(), clean).history, analysed).history;
		expectEscaped(text(timelineLines(history, 200, {intervalMs: 30_000, tracing: false})), SHOWN.zone, SHOWN.finding);
	});

	it('never reaches the terminal from the explorer: header, status line, tree, panes and overlays', async () => {
		const {analysed, clean} = txt;
		const history = recordRound(recordRound(emptyHistory(), clean).history, analysed).history;
		const app = render(
			<Explorer
				trace={analysed.trace}
				analysis={analysed.analysis}
				running={false}
				label={FILE}
				baseline={{...clean, label: 'a.json'}}
				watch={{history, intervalMs: 30_000, tracing: false}}
				announcement={{id: 1, text: `opened ${FILE}`, changed: false}}
				onExport={async () => FILE}
				onQuit={() => {}}
			/>,
		);
		const first = await frameWhere(app.lastFrame, (frame) => frame.includes(SHOWN.file));
		// The file renames the zone its raw answer came from, so the answer is judged out of that zone; the name shows escaped.
		expect(first).toContain(`from ${SHOWN.zone}`);
		// Every overlay; a.nic.evil. and ns1.tty.evil. marked and compared; then the export's message in the status line.
		const keys = ['f', 'j', '\u001b', 'd', '\u001b', 'x', '\u001b', 'i', '\u001b', '?', '\u001b', 'D', '\u001b', 't', '\u001b', 's', 'l', 'l', '\u001b', 'g', 'j', 'j', 'j', ' ', 'G', ' ', 'c', '\u001b', 'e'];
		for (const key of keys) {
			app.stdin.write(key);
			await new Promise((resolve) => setTimeout(resolve, 40));
		}
		await frameWhere(app.lastFrame, (frame) => frame.includes(`snapshot written to ${SHOWN.file}`));
		const frames = app.frames.join('\n');
		expectEscaped(frames, SHOWN.zone, SHOWN.file, SHOWN.finding);
		for (const overlay of ['Findings (', 'DNSSEC chain of trust', 'depends on', 'Keys', `Changes in www.${SHOWN.zone} TXT`, 'Timeline: 2 traces', 'Comparing 2 responses', 'Step 3 of']) expect(frames).toContain(overlay);
		app.unmount();
	});

	it('shows escaped in --text, in reports (Markdown and text) and in diffs, from the command line', async () => {
		for (const [{file}, shown] of [[txt, SHOWN.zone], [cname, SHOWN.target]] as const) {
			expectEscaped((await cli('open', file, '--text')).stdout, SHOWN.zone, SHOWN.finding, shown);
			expectEscaped((await cli('open', file, '--step', '--text')).stdout, SHOWN.zone, shown);
			const markdown = (await cli('report', file)).stdout;
			expectEscaped(markdown);
			expectEscaped(markdownShown(markdown), SHOWN.zone, SHOWN.finding, SHOWN.file);
			expectEscaped((await cli('report', file, '--format', 'text')).stdout, SHOWN.zone, SHOWN.finding, SHOWN.file);
		}
		const clean = path.join(dir, 'clean.json');
		await writeFile(clean, serializeSnapshot(txt.clean, {name: 'digdeeper', version: 'test'}));
		// Both files are judged again from their bytes, so their findings agree: the diff names the zone, not a finding.
		expectEscaped((await cli('diff', clean, txt.file, '--text')).stdout, SHOWN.zone);
	});

	it('is escaped in the same views rendered in process', () => {
		expectEscaped(renderTraceText(txt.analysed, {toolVersion: 'test'}), SHOWN.zone, SHOWN.finding);
		// The TXT strings straight from the wire, before any file renamed the zone.
		expectEscaped(renderTraceText(txt.clean, {toolVersion: 'test'}), SHOWN.txt);
		// The walk's own probe damaged: the file's answer is not believed, and the error is shown where the path broke.
		const failure = renderTraceText(broken.analysed, {toolVersion: 'test'});
		expectEscaped(failure, SHOWN.error, ';; FAILURE');
		const report = renderReport(cname.analysed, {format: 'markdown', toolVersion: 'test', snapshot: FILE});
		expectEscaped(report);
		// Read as Markdown: escaped for it, and then the same escaped text as everywhere else.
		expectEscaped(markdownShown(report), SHOWN.zone, SHOWN.target, SHOWN.finding, SHOWN.file);
		expect(report).toContain(`\`${SHOWN.file}\``);
	});

	it('shows escaped in an error about a snapshot file', async () => {
		const file = path.join(dir, FILE.replace('.json', '-schema.json'));
		await writeFile(file, JSON.stringify({schema: 'digdeeper/snapshot@\u001b]0;pwned\u0007'}));
		const {code, stderr} = await cli('open', file);
		expect(code).toBe(2);
		expectEscaped(stderr, 'snapshot format digdeeper/snapshot@\\027]0;pwned\\007 is not supported');
	});
});
