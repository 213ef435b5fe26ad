import {afterEach, beforeAll, describe, expect, it} from 'vitest';
import {withAnalysis, type AnalysedTrace} from '../../source/analysis/analyze.js';
import {Explorer, treePaneWidth} from '../../source/ui/explorer.js';
import {frameWhere} from '../helpers/frames.js';
import {labTrace, labWorld} from '../helpers/lab.js';
import {renderSized} from '../helpers/terminal.js';

const traces = new Map<string, AnalysedTrace>();

beforeAll(async () => {
	const world = labWorld();
	for (const name of ['www.twitter.com.', 'tox.im.']) traces.set(name, withAnalysis(await labTrace(name, 'A', {world}), {anchors: {source: 'lab', records: world.trustAnchor}}));
}, 120_000);

let unmount: (() => void) | undefined;
afterEach(() => unmount?.());

const treeOf = (frame: string) => frame.split('\n').filter((row) => row.includes('│')).map((row) => row.split('│')[0]!);

async function treeAt(name: string, size: {columns: number; rows: number}) {
	const app = renderSized(<Explorer {...traces.get(name)!} running={false} onExport={async () => ''} onQuit={() => {}} />, size);
	unmount = app.unmount;
	return treeOf(await frameWhere(app.lastFrame, (text) => text.includes('done') && text.includes(' ▾ . 8/8 ')));
}

/**
 * A zone's row: its name, then its servers' state in full ("2/2 answering · secure"), shorter ("2/2 ok · secure"), or
 * at 40 columns compact ("2/2 ok"), never cut.
 */
const ZONE_ROW = /[▾▸] (\S+) (?:(\d+\/\d+ answering)(?: · [a-z]+)?|(\d+\/\d+ ok)(?: · [a-z]+)?|(no reachable server)(?: · [a-z]+)?|(no server)(?: · [a-z]+)?)(?: +[✗!])?$/u;

describe.each(['www.twitter.com.', 'tox.im.'])('the tree of %s', (name) => {
	it('never cuts a zone\'s status words at 80×24, and keeps its name whole: a verdict other than bogus goes first', async () => {
		const tree = await treeAt(name, {columns: 80, rows: 24});
		const zones = tree.filter((row) => /answer|reachable|no server|\d+\/\d+ ok/u.test(row));
		expect(zones.length).toBeGreaterThan(3);
		for (const row of zones) expect(row.trimEnd()).toMatch(ZONE_ROW);
		// Before, "no server · insecure" stayed beside the name cut to "tox…m.": which zone failed could not be read.
		expect(tree.some((row) => /▾ (?:tox\.im|twitter\.com)\. no server ✗/u.test(row))).toBe(true);
		expect(tree.some((row) => /[▾▸] [^ ]*…/u.test(row) && /no server|\d+\/\d+ ok/u.test(row))).toBe(false);
	});

	it('at 200×60 widens the tree to its longest row, so no name or state is cut', async () => {
		const tree = await treeAt(name, {columns: 200, rows: 60});
		expect(tree.some((row) => row.includes('…'))).toBe(false);
		expect(tree.some((row) => /▾ \S+ no reachable server · \S+ ✗/u.test(row))).toBe(true);
		expect(tree[0]!.length).toBeGreaterThan(52);
	});

	it('at 40 columns shows each zone\'s compact state whole ("4/4 ok", "no server")', async () => {
		const tree = await treeAt(name, {columns: 40, rows: 30});
		const zones = tree.filter((row) => /\d+\/\d+ ok| no server/u.test(row));
		expect(zones.length).toBeGreaterThan(2);
		expect(zones.some((row) => / no server ✗$/u.test(row.trimEnd()))).toBe(true);
		for (const row of zones) expect(row.trimEnd()).toMatch(ZONE_ROW);
	});
});

describe('the tree pane\'s width', () => {
	it('is about 45% of the terminal, grows with its longest row up to 60%, and leaves the detail 60 columns', () => {
		expect(treePaneWidth(40, 100)).toBe(20);
		expect(treePaneWidth(80, 30)).toBe(36);
		expect(treePaneWidth(80, 70)).toBe(36);
		expect(treePaneWidth(120, 100)).toBe(57);
		expect(treePaneWidth(200, 70)).toBe(70);
		expect(treePaneWidth(200, 150)).toBe(120);
		expect(treePaneWidth(200, 20)).toBe(52);
	});
});

describe('at 80×24 the rows under a zone', () => {
	beforeAll(async () => {
		const world = labWorld();
		for (const name of ['www.rollover.net.', 'www.nic.gm.']) traces.set(name, withAnalysis(await labTrace(name, 'A', {world}), {anchors: {source: 'lab', records: world.trustAnchor}}));
	}, 120_000);

	async function treeAfter(name: string, keys: string[]) {
		const app = renderSized(<Explorer {...traces.get(name)!} running={false} onExport={async () => ''} onQuit={() => {}} />, {columns: 80, rows: 24});
		unmount = app.unmount;
		await frameWhere(app.lastFrame, (text) => text.includes('done') && text.includes(' ▾ . 8/8 '));
		for (const key of keys) app.stdin.write(key);
		return treeOf(await frameWhere(app.lastFrame, (text) => text.includes('CDNSKEY')));
	}

	it('keep a server\'s address and each probe\'s record type whole, so DNSKEY and CDNSKEY never read the same', async () => {
		const tree = await treeAfter('www.rollover.net.', ['/', '127.77.14.1', '\r', '\r']);
		expect(tree).toContainEqual(expect.stringMatching(/▾ 127\.77\.14\.1 ok \[glue\] ✗ *$/u));
		const dnskey = tree.find((row) => / DNSKEY NOERROR/u.test(row));
		const cdnskey = tree.find((row) => / CDNSKEY NOERROR/u.test(row));
		expect(dnskey).toMatch(/^ +\S+…\S+ DNSKEY NOERROR *$/u);
		expect(cdnskey).toMatch(/^ +\S+…\S+ CDNSKEY NOERROR *$/u);
	});

	it('keep a bogus zone\'s verdict, cutting its name instead', async () => {
		const tree = await treeAt('www.rollover.net.', {columns: 80, rows: 24});
		expect(tree).toContainEqual(expect.stringMatching(/▾ rollo\S*…\S*net\. 2\/2 ok · bogus ✗$/u));
	});

	it('keep an insecure zone\'s verdict whole beside its whole name', async () => {
		const tree = await treeAt('www.nic.gm.', {columns: 80, rows: 24});
		expect(tree).toContainEqual(expect.stringMatching(/▾ nic\.gm\. 2\/2 ok · insecure *$/u));
	});
});

describe('below 60 columns the tree', () => {
	beforeAll(async () => {
		const world = labWorld();
		traces.set('www.example.com.', withAnalysis(await labTrace('www.example.com.', 'A', {world}), {anchors: {source: 'lab', records: world.trustAnchor}}));
	}, 120_000);

	/** Where each row's arrow is: one column of indent per level or two, the same in every row. */
	async function arrowsAt(columns: number) {
		const app = renderSized(<Explorer {...traces.get('www.example.com.')!} running={false} onExport={async () => ''} onQuit={() => {}} />, {columns, rows: 30});
		unmount = app.unmount;
		await frameWhere(app.lastFrame, (text) => text.includes('done') && text.includes(' ▾ . 8/8 '));
		// G goes to ns2.example.com., the last row; l opens it: its addresses are the deepest rows, four levels down.
		app.stdin.write('G');
		await frameWhere(app.lastFrame, (text) => text.includes('listed by'));
		app.stdin.write('l');
		const tree = treeOf(await frameWhere(app.lastFrame, (text) => treeOf(text).filter((row) => /[▾▸]/u.test(row)).length === 13));
		return tree.filter((row) => /[▾▸]/u.test(row)).map((row) => row.search(/[▾▸]/u));
	}

	it.each([40, 50, 59])('at %i columns keeps every row\'s depth: an address is right of its server, a zone in line with the servers beside it', async (columns) => {
		const arrows = await arrowsAt(columns);
		const step = arrows[1]! - arrows[0]!;
		expect(step).toBeGreaterThanOrEqual(1);
		// ., four root servers, com.; two of com.'s servers, example.com.; its two servers, ns2's two addresses.
		const depths = [0, 1, 1, 1, 1, 1, 2, 2, 2, 3, 3, 4, 4];
		expect(arrows).toEqual(depths.map((depth) => arrows[0]! + step * depth));
	});
});
