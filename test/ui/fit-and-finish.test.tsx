import stringWidth from 'string-width';
import {afterEach, beforeAll, describe, expect, it} from 'vitest';
import {withAnalysis, type AnalysedTrace} from '../../source/analysis/analyze.js';
import type {Change} from '../../source/compare/diff.js';
import {joinPresented, safe} from '../../source/dns/sanitize.js';
import {renderDiff} from '../../source/text/diff-text.js';
import {renderReport} from '../../source/text/report.js';
import {renderTraceText} from '../../source/text/trace-text.js';
import {Explorer} from '../../source/ui/explorer.js';
import {buildTree, nodeId, type TreeNode} from '../../source/ui/tree-model.js';
import {changedNodeIds, diffLines} from '../../source/ui/views/changes.js';
import {findingLines, zoneGrid, type Line} from '../../source/ui/views/lines.js';
import {compareLines} from '../../source/ui/views/overlays.js';
import {frameWhere} from '../helpers/frames.js';
import {labTrace, labWorld, serverOf, zoneOf} from '../helpers/lab.js';
import {renderSized} from '../helpers/terminal.js';

const traces = new Map<string, AnalysedTrace>();
const NAMES = ['www.nic.bw.', 'nic.creditunion.', 'www.puri.sm.', 'tox.im.'];

beforeAll(async () => {
	const world = labWorld();
	// A real time-out (250 ms each attempt, one retry): long enough to be mistaken for a slow answer.
	for (const name of NAMES) traces.set(name, withAnalysis(await labTrace(name, 'A', {world, retries: 1}), {anchors: {source: 'lab', records: world.trustAnchor}}));
}, 120_000);

let unmount: (() => void) | undefined;
afterEach(() => unmount?.());

const analysed = (name: string) => traces.get(name)!;
const text = (lines: Line[]): string[] => lines.map((line) => joinPresented(line.map((segment) => segment.text), safe``));
const find = (nodes: TreeNode[], id: string): TreeNode | undefined => nodes.map((node) => (node.id === id ? node : find(node.children, id))).find(Boolean);
/** Every page of the zone grid at a width, one row of text per server (name first). */
const gridRows = (name: string, zone: string, width: number) => {
	const {trace, analysis} = analysed(name);
	const {pages} = zoneGrid(trace, analysis, zoneOf(trace, zone), width);
	return Array.from({length: pages}, (_, page) => text(zoneGrid(trace, analysis, zoneOf(trace, zone), width, page).lines)).flat();
};

describe('a server that timed out has no round trip', () => {
	it('in the tree: dns1.btc.bw. reads "timeout", never "timeout 500 ms"', () => {
		const {trace, analysis} = analysed('www.nic.bw.');
		const tree = buildTree(trace, analysis);
		const server = find(tree, nodeId({kind: 'server', zone: 'bw.', name: 'dns1.btc.bw.', address: '127.77.50.1'}))!;
		expect(server.state).toBe('timeout [glue]');
		for (const probe of server.children) expect(probe.state).toBe('timeout');
		// An answered server keeps its round trip.
		expect(find(tree, nodeId({kind: 'server', zone: 'bw.', name: 'pch.nic.bw.', address: '127.77.150.1'}))!.state).toMatch(/^ok \d+(\.\d)? ms \[glue\]$/u);
	});

	it.each([80, 120])('in the zone grid at %i columns: the rtt cell of a time-out is "-", beside "timeout"', (columns) => {
		const rows = gridRows('www.nic.bw.', 'bw.', columns - 37);
		const dead = rows.filter((row) => row.startsWith('dns1.btc.bw.'));
		expect(dead.length).toBeGreaterThan(0);
		for (const row of dead) expect(row).not.toMatch(/\d ms/u);
		expect(dead.some((row) => /\btimeout\b/u.test(row))).toBe(true);
		expect(rows.some((row) => row.startsWith('pch.nic.bw.') && / \d+(\.\d)? ms/u.test(row))).toBe(true);
	});

	it('in the text trace: TIMEOUT with no rtt, and what the walk waited for it', () => {
		const row = renderTraceText(analysed('www.nic.bw.'), {toolVersion: 'test'}).split('\n').find((line) => line.includes('127.77.50.1 '))!;
		expect(row).toMatch(/127\.77\.50\.1 +\[glue\] +serial \? +TIMEOUT +every UDP attempt timed out.*\(waited \d+ ms\)/u);
		expect(row).not.toMatch(/\d ms +TIMEOUT/u);
	});

	it('in the report: the evidence says how long the walk waited, not an rtt', () => {
		const report = renderReport(analysed('www.nic.bw.'), {format: 'text', toolVersion: 'test'});
		const row = report.split('\n').find((line) => line.startsWith('  dns1.btc.bw.'))!;
		expect(row).toMatch(/ timeout +TCP \(UDP timed out\) +waited \d+ ms( to \d+ ms)? /u);
	});

	it('in the response view: TIMEOUT, the attempts and the wait, no query time', () => {
		const {trace} = analysed('www.nic.bw.');
		const probe = serverOf(zoneOf(trace, 'bw.'), '127.77.50.1').probes[0]!;
		const lines = compareLines([probe, serverOf(zoneOf(trace, 'bw.'), '127.77.150.1').probes[0]!], 200);
		expect(lines.some((line) => /TIMEOUT/u.test(text([line])[0]!))).toBe(true);
		expect(text(lines).join('\n')).toMatch(/;; \d attempts: UDP timed out, then TCP; waited \d+ ms/u);
	});
});

describe('a result is said once', () => {
	it('REFUSED and NXDOMAIN are not followed by the same word as their meaning', () => {
		for (const name of ['nic.creditunion.', 'www.puri.sm.']) {
			const {trace, analysis} = analysed(name);
			const all = [renderTraceText(analysed(name), {toolVersion: 'test'}), renderReport(analysed(name), {format: 'text', toolVersion: 'test'}), renderReport(analysed(name), {format: 'markdown', toolVersion: 'test'}), ...analysis.findings.flatMap((finding) => text(findingLines(finding, trace)))].join('\n');
			expect(all, name).not.toMatch(/REFUSED\s+(\S+\s+){0,3}refused\b|NXDOMAIN\s+(\S+\s+){0,3}nxdomain\b/u);
			const probes = buildTree(trace, analysis).flatMap(function all(node): TreeNode[] {
				return [node, ...node.children.flatMap(all)];
			});
			expect(probes.some((node) => /^(REFUSED|NXDOMAIN)( \d|$)/u.test(node.state)), name).toBe(true);
			expect(probes.filter((node) => / (refused|nxdomain)\b/u.test(node.state)), name).toEqual([]);
		}
	});

	it('keeps the meaning where it says more than NOERROR', () => {
		const row = renderTraceText(analysed('nic.creditunion.'), {toolVersion: 'test'});
		expect(row).toMatch(/NOERROR +\d+ B +lame/u);
		expect(row).toMatch(/REFUSED +\d+ B$/mu);
	});
});

describe('the compare view names its columns', () => {
	it.each([
		[80, 24],
		[120, 32],
	])('at %i×%i the heads name each server (cut in the middle) and its address', async (columns, rows) => {
		const {trace, analysis} = analysed('www.nic.bw.');
		const app = renderSized(<Explorer trace={trace} analysis={analysis} running={false} onExport={async () => ''} onQuit={() => {}} />, {columns, rows});
		unmount = app.unmount;
		await frameWhere(app.lastFrame, (frame) => frame.includes('bw. — 4 server addresses'));
		const settle = () => new Promise((resolve) => setTimeout(resolve, 100));
		await settle();
		// afrinic.nic.bw. and dns1.btc.bw. are the first two name servers under bw.; space marks each one's address.
		for (const [index, name] of ['afrinic.nic.bw.', 'dns1.btc.bw.'].entries()) {
			app.stdin.write('j');
			await frameWhere(app.lastFrame, (frame) => frame.includes(`${name}, listed by`));
			await settle();
			app.stdin.write(' ');
			await frameWhere(app.lastFrame, (frame) => frame.includes(`${index + 1} marked for compare`));
		}
		app.stdin.write('c');
		const frame = await frameWhere(app.lastFrame, (text) => text.includes('Comparing 2 responses'));
		const lines = frame.split('\n');
		const heads = lines.findIndex((line) => line.includes('│'));
		expect(lines[heads]).toMatch(/^afrinic\.nic\.bw\. +│ dns1\.btc\.bw\. *$/u);
		expect(lines[heads + 1]).toMatch(/^127\.77\.151\.1 +│ 127\.77\.50\.1 *$/u);
	});

	it('at 79 columns a line too long for its column goes on under itself, highlighted, so the difference shows', () => {
		const {trace} = analysed('nic.creditunion.');
		const zone = zoneOf(trace, 'creditunion.');
		const answered = zone.servers.find((server) => server.probes[0]?.rcode === 'NOERROR')!.probes[0]!;
		const refused = zone.servers.find((server) => server.probes[0]?.rcode === 'REFUSED')!.probes[0]!;
		const lines = compareLines([answered, refused], 79);
		const rows = text(lines);
		expect(Math.max(...rows.map((row) => row.length))).toBeLessThanOrEqual(79);
		// Each column read top to bottom holds its whole header line: cut at the edge, both read "status:".
		const column = (index: number) => rows.slice(2).map((row) => row.split(' │ ')[index] ?? '').join(' ').replace(/\s+/gu, ' ');
		expect(column(0)).toMatch(/status: NOERROR/u);
		expect(column(1)).toMatch(/status: REFUSED/u);
		const header = rows.findIndex((row) => row.startsWith(';; ->>HEADER<<-'));
		// Both cells of the line and of the row it goes on in (the rule between them aside).
		for (const line of [lines[header]!, lines[header + 1]!]) expect(line.filter((segment) => !segment.dim).map((segment) => segment.inverse)).toEqual([true, true]);
	});

	it('lines responses of different shapes up section by section: a referral, an answer, a time-out and an NXDOMAIN', () => {
		const bw = analysed('www.nic.bw.').trace;
		const sm = analysed('www.puri.sm.').trace;
		const probes = [
			serverOf(zoneOf(bw, '.'), '127.77.0.1').probes[0]!,
			serverOf(zoneOf(bw, 'bw.'), '127.77.151.1').probes[0]!,
			serverOf(zoneOf(bw, 'bw.'), '127.77.50.1').probes[0]!,
			zoneOf(sm, 'sm.').servers[0]!.probes[0]!,
		];
		expect(probes.map((probe) => probe.kind ?? probe.status)).toEqual(['referral', 'answer', 'timeout', 'nxdomain']);
		for (const width of [200, 79]) {
			const rows = text(compareLines(probes, width)).slice(3);
			const cells = rows.map((row) => row.split(' │ ').map((cell) => cell.trimEnd()));
			/** The row each column starts a part on, or undefined where it has no such part. */
			const starts = (title: RegExp) => [0, 1, 2, 3].map((column) => {
				const at = cells.findIndex((row) => title.test(row[column] ?? ''));
				return at < 0 ? undefined : at;
			});
			const question = starts(/^;; QUESTION/u);
			const answer = starts(/^;; ANSWER/u);
			const authority = starts(/^;; AUTHORITY/u);
			const additional = starts(/^;; ADDITIONAL/u);
			const footer = starts(/^;; Query time/u);
			// The time-out has none of them; where the others have a part, it starts on the same row in each.
			expect(question, `${width}`).toEqual([question[0], question[0], undefined, question[0]]);
			expect(answer, `${width}`).toEqual([undefined, answer[1], undefined, undefined]);
			expect(authority, `${width}`).toEqual([authority[0], undefined, undefined, authority[0]]);
			expect(additional, `${width}`).toEqual([additional[0], undefined, undefined, undefined]);
			expect(footer, `${width}`).toEqual([footer[0], footer[0], undefined, footer[0]]);
			// In order, each after the one before it has ended in every column: the answer's records, then the authority.
			expect(question[0]! < answer[1]! && answer[1]! < authority[0]! && authority[0]! < additional[0]! && additional[0]! < footer[0]!, `${width}`).toBe(true);
			// Beside the answer's records, the referral and the NXDOMAIN show nothing: not their authority records.
			for (const row of cells.slice(answer[1]!, authority[0]! - 1)) expect([row[0], row[3]], `${width}`).toEqual(['', '']);
		}
	});

	it('shows as many columns as fit, and says how many marked ones it left out: none cut off at the pane\'s edge', () => {
		const {trace} = analysed('nic.creditunion.');
		const probes = zoneOf(trace, 'creditunion.').servers.map((server) => server.probes[0]!);
		expect(probes).toHaveLength(4);
		const at = (width: number) => text(compareLines(probes, width));
		for (const [width, columns] of [[79, 4], [59, 3], [40, 2]] as const) {
			const rows = at(width);
			// The heading aside, which the pane wraps as any line: the columns themselves fit.
			expect(Math.max(...rows.slice(1).map((row) => row.length)), `${width}`).toBeLessThanOrEqual(width);
			expect(rows[0]).toBe(`Comparing ${columns} responses (differing lines highlighted)`);
			expect(rows[1]).toBe(columns === 4 ? '' : `${4 - columns} more marked: no room here`);
		}
	});

	it('pads each column in columns as drawn: a TXT answer in CJK keeps the rule between the columns in one place', () => {
		const {trace} = analysed('www.nic.bw.');
		const probe = serverOf(zoneOf(trace, 'bw.'), '127.77.150.1').probes[0]!;
		const txt = {name: 'www.nic.bw.', type: 'TXT', class: 'IN', ttl: 300, data: {kind: 'txt' as const, strings: ['お問い合わせは営業時間内にお願いしますお問い合わせは営業時間内']}};
		const cjk = {...probe, response: {...probe.response!, answer: [txt]}};
		for (const width of [79, 120]) {
			const rows = text(compareLines([cjk, probe], width)).slice(2);
			// Padded by its length, a row of 20 CJK characters took 20 columns more than the column: the rule moved right.
			const rules = new Set(rows.filter((row) => row.includes(' │ ')).map((row) => stringWidth(row.slice(0, row.indexOf(' │ ')))));
			expect(rules.size, `${width}`).toBe(1);
			expect(Math.max(...rows.map((row) => stringWidth(row))), `${width}`).toBeLessThanOrEqual(width);
			expect(rows.some((row) => row.includes('お問い合わせ'))).toBe(true);
		}
	});

	it('cuts a long server name in its middle so both ends stay', () => {
		const {trace} = analysed('www.nic.bw.');
		const probe = serverOf(zoneOf(trace, 'bw.'), '127.77.150.1').probes[0]!;
		const long = {...probe, server: 'a-very-long-server-name.of-some-provider.example.'};
		const [head] = text(compareLines([long, probe], 79).slice(2, 3));
		expect(head).toMatch(/^a-very-long-server-\S*…\S*provider\.example\. +│ pch\.nic\.bw\. *$/u);
	});
});

describe('the tree at 40 columns', () => {
	it('never cuts "no address": the name server\'s name gives way', async () => {
		const app = renderSized(<Explorer {...analysed('tox.im.')} running={false} onExport={async () => ''} onQuit={() => {}} />, {columns: 40, rows: 40});
		unmount = app.unmount;
		const frame = await frameWhere(app.lastFrame, (text) => text.includes('no address'));
		const tree = frame.split('\n').map((row) => row.split('│')[0]!);
		const rows = tree.filter((row) => /no ad/u.test(row));
		expect(rows.length).toBeGreaterThan(0);
		for (const row of rows) expect(row).toMatch(/ no address( [✗!])? *$/u);
	});
});

describe('round trips alone are not a change of the DNS', () => {
	const rtt: Change = {kind: 'rtt', zone: 'bw.', server: 'pch.nic.bw. 127.77.150.1', before: '24 ms', after: '210 ms'};
	const serial: Change = {kind: 'serial', zone: 'bw.', server: 'dns2.btc.bw. 127.77.50.2', before: '2024020312', after: '2024020712'};

	it('marks no row Δ for a round trip that moved', () => {
		expect(changedNodeIds([rtt])).toEqual(new Set());
		expect(changedNodeIds([rtt, serial])).toEqual(new Set(['z:bw.', 'n:bw.|dns2.btc.bw.', 's:bw.|dns2.btc.bw.|127.77.50.2']));
	});

	it('D says "none (same answers, rtt differs)" and lists the round trips apart', () => {
		const side = {...analysed('www.nic.bw.'), label: 'trace #1'};
		const lines = text(diffLines(side, {...side, label: 'trace #2'}, [rtt], 79));
		expect(lines[0]).toBe('Changes in www.nic.bw. A: none (same answers, rtt differs)');
		expect(lines).toContain('Same answers, rtt differs (not a change of the DNS):');
		expect(lines.some((line) => /rtt +pch\.nic\.bw\. 127\.77\.150\.1 +24 ms +→ 210 ms/u.test(line))).toBe(true);
		const both = text(diffLines(side, side, [serial, rtt], 79));
		expect(both[0]).toBe('Changes in www.nic.bw. A: 1');
		expect(both.indexOf('Same answers, rtt differs (not a change of the DNS):')).toBeGreaterThan(both.findIndex((line) => line.includes('serial')));
	});

	it('the text diff says the same', () => {
		const {trace} = analysed('www.nic.bw.');
		expect(renderDiff(trace, trace, [rtt])).toContain(';; no difference in the DNS: same answers, rtt differs');
		const both = renderDiff(trace, trace, [rtt, serial]);
		expect(both.indexOf(';; same answers, rtt differs (not a change of the DNS):')).toBeGreaterThan(both.indexOf('serial'));
	});
});
