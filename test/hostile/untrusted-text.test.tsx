import {mkdtemp, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {render} from 'ink-testing-library';
import {beforeAll, describe, expect, it, vi} from 'vitest';
import {openSnapshot} from '../../source/commands/open-command.js';
import {HOSTILE} from '../../source/lab/hostile-world.js';
import {buildWorld} from '../../source/lab/world.js';
import {diffTraces} from '../../source/snapshot/diff.js';
import {serializeSnapshot} from '../../source/snapshot/snapshot.js';
import {renderReport} from '../../source/text/report.js';
import {renderTraceText} from '../../source/text/trace-text.js';
import type {Trace} from '../../source/trace/model.js';
import {detailLines, Explorer} from '../../source/ui/explorer.js';
import {buildTree, type TreeNode} from '../../source/ui/tree-model.js';
import {diffLines, timelineLines} from '../../source/ui/views/changes.js';
import {findingLines, type Line} from '../../source/ui/views/lines.js';
import {compareLines, dependencyLines, dnssecLines, explainLines, helpLines} from '../../source/ui/views/overlays.js';
import {walkProbe} from '../../source/trace/probe-facts.js';
import {emptyHistory, recordRound} from '../../source/watch/history.js';
import {cli} from '../helpers/cli.js';
import {frameWhere} from '../helpers/frames.js';
import {labTrace} from '../helpers/lab.js';

// Ink styles nothing, so any ESC in a frame came from the data: the assertions below allow none at all.
vi.hoisted(() => {
	process.env['FORCE_COLOR'] = '0';
});

/*
 * The hostile lab's tty.evil. answers TXT strings with OSC title and clipboard sequences, BEL, C1 and bidi
 * characters, and a CNAME to a name with a colour sequence in it. Its snapshot then arrives as a file from someone
 * else: named with an OSC sequence, the zone renamed to carry a screen clear and a bidi override, and one probe's
 * error carrying an OSC and a C1 CSI. The analysis, run again on the file, puts the zone's name in its findings.
 */
const ZONE = 'tty\u001b[2J\u202e.evil.';
const ERROR = 'no reply \u001b]2;error\u0007 \u009b31m';
const FILE = 'digdeeper-\u001b]0;file\u0007.json';
const SHOWN = {
	zone: 'tty\\027[2J\\u{202e}.evil.',
	error: 'no reply \\027]2;error\\007 \\15531m',
	file: 'digdeeper-\\027]0;file\\007.json',
	txt: '"\\027]0;pwned title\\007" "\\027]52;c;ZXZpbCBjbGlwYm9hcmQ=\\007"',
	target: '\\027[31mred.tty.evil.',
	finding: `${'tty\\027[2J\\u{202e}.evil.'}: only one name server, ns1.tty.evil.`,
};
/** What must never reach a terminal: C0 (but the program's own tab and newline), DEL, C1, bidi controls and zero-width characters. */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/u;

const world = buildWorld(HOSTILE);
let dir: string;
let txt: {file: string; trace: Trace; clean: Trace};
let cname: {file: string; trace: Trace; clean: Trace};

/** A lab trace, written as a hostile snapshot file and opened the way `digdeeper open` does. */
async function hostileSnapshot(name: string, type: string, file: string) {
	const clean = await labTrace(name, type, {world, families: [4]});
	const data = JSON.parse(serializeSnapshot(clean, {name: 'digdeeper', version: 'test'}), (_key, value: unknown) => (value === 'tty.evil.' ? ZONE : value));
	const evil = data.zones.find((zone: {name: string}) => zone.name === 'evil.');
	const probe = evil.servers[0].probes.find((candidate: {purpose: string}) => candidate.purpose === 'walk');
	for (const key of ['kind', 'rcode', 'size', 'message', 'messageId', 'referral']) delete probe[key];
	Object.assign(probe, {status: 'timeout', error: ERROR});
	const where = path.join(dir, file);
	await writeFile(where, JSON.stringify(data));
	return {file: where, trace: await openSnapshot(where), clean: {...clean, findings: []}};
}

beforeAll(async () => {
	dir = await mkdtemp(path.join(tmpdir(), 'digdeeper-untrusted-'));
	txt = await hostileSnapshot('www.tty.evil.', 'TXT', FILE);
	cname = await hostileSnapshot('www2.tty.evil.', 'A', `cname-${FILE}`);
}, 60_000);

function expectEscaped(output: string, ...shown: string[]) {
	expect(output).not.toMatch(UNSAFE);
	for (const text of shown) expect(output).toContain(text);
}

const text = (lines: Line[]) => lines.map((line) => line.map((segment) => segment.text).join('')).join('\n');
const flatten = (nodes: TreeNode[]): TreeNode[] => nodes.flatMap((node) => [node, ...flatten(node.children)]);

describe('text from the wire or a snapshot file', () => {
	it('shows escaped in the detail pane of every node, at any width', () => {
		for (const {trace} of [txt, cname]) {
			const nodes = flatten(buildTree(trace));
			expectEscaped(nodes.map((node) => `${node.label} ${node.state}`).join('\n'), SHOWN.zone);
			const panes = nodes.flatMap((node) => [detailLines(trace, node.ref, 60), detailLines(trace, node.ref)]);
			expectEscaped(panes.map(text).join('\n'), SHOWN.zone, SHOWN.error, SHOWN.finding);
		}
		expectEscaped(flatten(buildTree(txt.trace)).map((node) => text(detailLines(txt.trace, node.ref))).join('\n'), SHOWN.txt);
		expectEscaped(flatten(buildTree(cname.trace)).map((node) => text(detailLines(cname.trace, node.ref))).join('\n'), SHOWN.target);
	});

	it('shows escaped in every overlay: findings, DNSSEC, dependencies, explain, compare, help, changes and timeline', () => {
		const {trace, clean} = txt;
		const nodes = flatten(buildTree(trace));
		expectEscaped(trace.findings.map((finding) => text(findingLines(finding, trace, 80))).join('\n'), SHOWN.zone, SHOWN.finding);
		expectEscaped(text(dnssecLines(trace)), SHOWN.zone);
		expectEscaped(text(dependencyLines(trace)), SHOWN.zone);
		expectEscaped(nodes.map((node) => text(explainLines(trace, node.ref))).join('\n'), SHOWN.zone, SHOWN.error, SHOWN.finding);
		const probes = trace.zones.flatMap((zone) => zone.servers.flatMap((server) => walkProbe(server) ?? []));
		// The servers of evil. (its probe failed) and of the renamed zone (its TXT answer), side by side.
		expectEscaped(text(compareLines(probes.slice(1), 400)), SHOWN.zone, SHOWN.error, SHOWN.txt);
		expectEscaped(text(helpLines()));
		const changes = diffTraces(clean, trace);
		expectEscaped(text(diffLines({trace: clean, label: 'a.json'}, {trace, label: FILE}, changes, 200)), SHOWN.zone, SHOWN.file, SHOWN.finding);
		const history = recordRound(recordRound(emptyHistory(), clean).history, trace).history;
		expectEscaped(text(timelineLines(history, 200, {intervalMs: 30_000, tracing: false})), SHOWN.zone, SHOWN.finding);
	});

	it('never reaches the terminal from the explorer: header, status line, tree, panes and overlays', async () => {
		const {trace, clean} = txt;
		const history = recordRound(recordRound(emptyHistory(), clean).history, trace).history;
		const app = render(
			<Explorer
				trace={trace}
				running={false}
				label={FILE}
				baseline={{trace: clean, label: 'a.json'}}
				watch={{history, intervalMs: 30_000, tracing: false}}
				announcement={{id: 1, text: `opened ${FILE}`, changed: false}}
				onExport={async () => FILE}
				onQuit={() => {}}
			/>,
		);
		const first = await frameWhere(app.lastFrame, (frame) => frame.includes(SHOWN.file));
		expect(first).toContain(`ANSWER from ${SHOWN.zone}`);
		// Every overlay; a.nic.evil. and ns1.tty.evil. marked and compared; then the export's message in the status line.
		const keys = ['f', 'j', '\u001b', 'd', '\u001b', 'x', '\u001b', 'i', '\u001b', '?', '\u001b', 'D', '\u001b', 't', '\u001b', 'g', 'j', 'j', 'j', ' ', 'G', ' ', 'c', '\u001b', 'e'];
		for (const key of keys) {
			app.stdin.write(key);
			await new Promise((resolve) => setTimeout(resolve, 40));
		}
		await frameWhere(app.lastFrame, (frame) => frame.includes(`snapshot written to ${SHOWN.file}`));
		const frames = app.frames.join('\n');
		expectEscaped(frames, SHOWN.zone, SHOWN.file, SHOWN.finding);
		for (const overlay of ['Findings (5)', 'DNSSEC chain of trust', 'depends on', 'Keys', `Changes in www.tty.evil. TXT`, 'Timeline: 2 traces', 'Comparing 2 responses']) expect(frames).toContain(overlay);
		app.unmount();
	});

	it('shows escaped in --text, in reports (Markdown and text) and in diffs, from the command line', async () => {
		for (const [{file}, shown] of [[txt, SHOWN.txt], [cname, SHOWN.target]] as const) {
			expectEscaped((await cli('open', file, '--text')).stdout, SHOWN.zone, SHOWN.error, SHOWN.finding, shown);
			expectEscaped((await cli('report', file)).stdout, SHOWN.zone, SHOWN.finding, SHOWN.file);
			expectEscaped((await cli('report', file, '--format', 'text')).stdout, SHOWN.zone, SHOWN.finding, SHOWN.file);
		}
		const clean = path.join(dir, 'clean.json');
		await writeFile(clean, serializeSnapshot(txt.clean, {name: 'digdeeper', version: 'test'}));
		expectEscaped((await cli('diff', clean, txt.file, '--text')).stdout, SHOWN.zone, SHOWN.finding);
	});

	it('is escaped in the same views rendered in process', () => {
		expectEscaped(renderTraceText(txt.trace, {toolVersion: 'test'}), SHOWN.zone, SHOWN.error, SHOWN.txt, SHOWN.finding);
		expectEscaped(renderReport(cname.trace, {format: 'markdown', toolVersion: 'test', snapshot: FILE}), SHOWN.zone, SHOWN.target, SHOWN.finding, `\`${SHOWN.file}\``);
	});

	it('shows escaped in an error about a snapshot file', async () => {
		const file = path.join(dir, FILE.replace('.json', '-schema.json'));
		await writeFile(file, JSON.stringify({schema: 'digdeeper/snapshot@\u001b]0;pwned\u0007'}));
		const {code, stderr} = await cli('open', file);
		expect(code).toBe(2);
		expectEscaped(stderr, 'digdeeper: snapshot format digdeeper/snapshot@\\027]0;pwned\\007 is not supported');
	});
});
