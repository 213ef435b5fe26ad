import {afterEach, beforeAll, describe, expect, it} from 'vitest';
import {withAnalysis, type AnalysedTrace} from '../../source/analysis/analyze.js';
import type {ResourceRecord} from '../../source/dns/record.js';
import {presentText} from '../../source/dns/sanitize.js';
import {Explorer} from '../../source/ui/explorer.js';
import {groupLongWords, wrapLines, type Line} from '../../source/ui/views/lines.js';
import {answerText} from '../../source/ui/views/outcome.js';
import {frameWhere} from '../helpers/frames.js';
import {labTrace, labWorld} from '../helpers/lab.js';
import {renderSized} from '../helpers/terminal.js';

const TAB = '\t';
const SIZES = [
	{columns: 80, rows: 24},
	{columns: 120, rows: 32},
];
const traces = new Map<string, Promise<AnalysedTrace>>();

function analysed(name: string): Promise<AnalysedTrace> {
	const world = labWorld();
	if (!traces.has(name)) traces.set(name, labTrace(name, 'A', {world}).then((trace) => withAnalysis(trace, {anchors: {source: 'lab', records: world.trustAnchor}})));
	return traces.get(name)!;
}

// The lab's traces are taken once, before the screens are looked at: a busy machine slows the walk, not the screens.
beforeAll(async () => {
	await Promise.all(['www.twitter.com.', 'www.example.com.', 'www.nic.bw.', 'www.rollover.net.'].map(analysed));
}, 120_000);

let unmount: (() => void) | undefined;
afterEach(() => unmount?.());

async function explore(name: string, size: {columns: number; rows: number}) {
	const app = renderSized(<Explorer {...await analysed(name)} running={false} onExport={async () => ''} onQuit={() => {}} />, size);
	unmount = app.unmount;
	return app;
}

const rowsOf = (frame: string) => frame.split('\n');
/** The detail pane: what is right of the tree's divider. */
const detailOf = (frame: string) => rowsOf(frame).map((row) => row.split('│')[1] ?? '').join('\n');

describe.each(SIZES)('the on-call first screen at $columns×$rows', (size) => {
	it('lands on the zone of the worst finding: for www.twitter.com the dead dynect.net., not twitter.com. where the walk ended', async () => {
		const {lastFrame} = await explore('www.twitter.com.', size);
		const frame = await frameWhere(lastFrame, (text) => text.includes('dynect.net. — 2 server addresses'));
		expect(rowsOf(frame)[1]).toMatch(/^FAILURE at twitter\.com\./u);
		// Its cause stays in sight: a reason too long for the row is cut in its middle, not at the edge.
		expect(rowsOf(frame)[1]).toMatch(/^FAILURE at twitter\.com\. — no server of twitter\.com\. .*\(dynect\.net\. failed\)$/u);
		expect(rowsOf(frame)[1]!.length).toBeLessThanOrEqual(size.columns);
		// A failure was never known: only when every server was done.
		expect(rowsOf(frame)[0]).toMatch(/www\.twitter\.com\. A {2}· {2}all done at \S+ m?s/u);
	});

	it('shows the answer records on the outcome line, and when the answer was first known', async () => {
		const {lastFrame} = await explore('www.example.com.', size);
		const frame = await frameWhere(lastFrame, (text) => text.includes('example.com. — 4 server addresses'));
		const [header, outcome] = rowsOf(frame);
		// At 80 columns the times take fewer words, so the query counts fit.
		expect(header).toMatch(size.columns === 80 ? /· known \S+ m?s, done \S+ m?s · \d+ queries, 3 zones$/u : /known at \S+ m?s, all done at \S+ m?s/u);
		// The record, not its signature (the DNSSEC state follows); at 80 columns without its owner, so the counts fit.
		expect(outcome).toBe(size.columns === 80 ? 'ANSWER from example.com.: A 192.0.2.10 · DNSSEC secure · 0 errors, 0 warnings' : 'ANSWER from example.com.: www.example.com. A 192.0.2.10  ·  DNSSEC secure  ·  0 errors, 0 warnings (f)');
	});

	it('scrolls the findings detail: j moves to the next finding, Tab then ↓ scrolls, and the hint says which', async () => {
		const {lastFrame, stdin} = await explore('www.twitter.com.', size);
		await frameWhere(lastFrame, (text) => text.includes('dynect.net. — 2 server addresses'));
		stdin.write('f');
		const list = await frameWhere(lastFrame, (text) => text.includes('worst first') && text.includes('Who can fix it: the DNS operator: dynect.net; the registrar'));
		expect(list).toMatch(/↓ \d+ more lines \(Tab, then ↓\)/u);
		const firstDetail = rowsOf(list).findIndex((row) => row.startsWith('Who can fix it: the DNS operator: dynect.net; the registrar'));
		stdin.write(TAB);
		stdin.write('j');
		const scrolled = await frameWhere(lastFrame, (text) => /↓ \d+ more lines \(↓\)/u.test(text));
		// The detail moved up a line under the list, which stayed where it was.
		expect(rowsOf(scrolled).findIndex((row) => row.startsWith('Who can fix it: the DNS operator: dynect.net; the registrar'))).toBe(firstDetail - 1);
		stdin.write(TAB);
		stdin.write('j');
		// Back in the list, j is the next finding again: its detail starts with its message.
		await frameWhere(lastFrame, (text) => rowsOf(text).some((row) => row.startsWith('dynect.net.: none of its 2 server addresses')));
	});

	it('gives a lone finding the rows a longer list would take: the detail of www.puri.sm. runs down to the key line', async () => {
		const {lastFrame, stdin} = await explore('www.puri.sm.', size);
		await frameWhere(lastFrame, (text) => text.includes('NXDOMAIN from sm.'));
		stdin.write('f');
		const rows = rowsOf(await frameWhere(lastFrame, (text) => text.includes('worst first') && text.includes('Once it is fixed')));
		// The title, the one finding, a blank row, then the detail and its hint on the last row above the key line.
		expect(rows[3]).toMatch(/^ERROR +DELEGATION_MISSING/u);
		expect(rows[4]).toBe('');
		expect(rows[5]).toMatch(/^puri\.sm\.: the sm\. servers say it does not exist/u);
		// At 80×24 the detail runs on to the hint on the last row above the status row (it had half the screen and
		// stopped eight rows short); at 120×32 all of it fits, its evidence included.
		if (size.rows === 24) expect(rows.at(-3)).toMatch(/^↓ \d+ more lines \(Tab, then ↓\)/u);
		else expect(rows.some((row) => /^ {2}#\d+ dns\.intelcom\.sm\. 127\.77\.102\.2: www\.puri\.sm\. A → NXDOMAIN/u.test(row))).toBe(true);
	});

	it('lays the zone grid out as one table: every server named beside its address, the rest of the columns one key away', async () => {
		const {lastFrame, stdin} = await explore('www.nic.bw.', size);
		const frame = await frameWhere(lastFrame, (text) => text.includes('bw. — 4 server addresses'));
		const detail = detailOf(frame);
		expect(detail.match(/^ server +address /gmu)).toHaveLength(1);
		for (const [name, address] of [['afrinic.nic.bw.', '127.77.151.1'], ['dns1.btc.bw.', '127.77.50.1'], ['dns2.btc.bw.', '127.77.50.2'], ['pch.nic.bw.', '127.77.150.1']] as const) expect(detail).toMatch(new RegExp(` ${name.replaceAll('.', '\\.')} {2,}${address.replaceAll('.', '\\.')} {2}`, 'u'));
		// Servers in name order, then address.
		expect(detail.indexOf('afrinic.nic.bw.  ')).toBeLessThan(detail.indexOf('dns1.btc.bw.  '));
		const more = /(\d+) more columns: >/u.exec(detail);
		expect(more).not.toBeNull();
		stdin.write('>');
		const paged = await frameWhere(lastFrame, (text) => / before/u.test(text));
		expect(detailOf(paged)).toMatch(/< \d+ columns? before/u);
		expect(detailOf(paged)).toMatch(/ dns1\.btc\.bw\. {2,}127\.77\.50\.1/u);
	});

	it('cuts a long name in the tree in its middle and keeps its status', async () => {
		const {lastFrame} = await explore('www.twitter.com.', size);
		const frame = await frameWhere(lastFrame, (text) => text.includes('dynect.net. — 2 server addresses'));
		const tree = rowsOf(frame).map((row) => row.split('│')[0] ?? '');
		expect(tree.some((row) => /▸ a\.gtld-servers\.net\. 2× ok/u.test(row))).toBe(true);
		if (size.columns === 80) expect(tree.some((row) => /▸ ns1\.\S*…\S*et\. no address/u.test(row))).toBe(true);
		// At 120 columns the tree grows to its longest row: the name has room, whole.
		if (size.columns === 120) expect(tree.some((row) => /▸ ns1\.p16\.dynect\.net\. no address: unresolvable {2}$/u.test(row))).toBe(true);
	});

	it('shows key tags in order of their numbers, on a signed story', async () => {
		const {lastFrame} = await explore('www.rollover.net.', size);
		const frame = await frameWhere(lastFrame, (text) => text.includes('rollover.net. — 2 server addresses'));
		const tags = [...frame.matchAll(/\b(\d{3,5}),(\d{3,5})\b/gu)].map((match) => [Number(match[1]), Number(match[2])]);
		for (const [first, second] of tags) expect(first).toBeLessThan(second!);
	});

	it('shrinks to 40×10 with nothing outside its panes, and comes back whole, the root row visible again', async () => {
		const app = await explore('www.twitter.com.', size);
		await frameWhere(app.lastFrame, (text) => text.includes('dynect.net. — 2 server addresses'));
		app.resize(40, 10);
		const small = await frameWhere(app.lastFrame, (text) => rowsOf(text)[0]!.length <= 40);
		expect(rowsOf(small).length).toBeLessThanOrEqual(9);
		for (const row of rowsOf(small)) expect([...row].length).toBeLessThanOrEqual(40);
		expect(small).not.toContain('▾ . 8/8');
		app.resize(size.columns, size.rows);
		const back = await frameWhere(app.lastFrame, (text) => text.includes('▾ . 8/8 answering · secure'));
		expect(rowsOf(back).find((row) => row.includes('│'))).toMatch(/^ ▾ \. 8\/8 answering · secure/u);
		expect(rowsOf(back).length).toBeLessThanOrEqual(size.rows - 1);
	});
});

describe('the answer on the outcome line', () => {
	const record = (address: string): ResourceRecord => ({name: 'shop.cdnhost.net.', type: 'A', class: 'IN', ttl: 300, data: {kind: 'address', address}});
	const cname: ResourceRecord = {name: 'www.shop.com.', type: 'CNAME', class: 'IN', ttl: 300, data: {kind: 'name', target: 'shop.cdnhost.net.'}};

	it('shows the CNAME chain as arrows to the records, as many as fit and "+N more": never the alias alone', () => {
		const records = [cname, ...['192.0.2.1', '192.0.2.2', '192.0.2.3'].map(record)];
		expect(answerText(records, 200)).toBe('www.shop.com. → shop.cdnhost.net. A 192.0.2.1 192.0.2.2 192.0.2.3');
		expect(answerText(records, 50)).toBe('www.shop.com. → shop.cdnhost.net. A 192.0.2.1 +2 more');
		expect(answerText(records, 10)).toBe('www.shop.com. → shop.cdnhost.net. A 192.0.2.1 +2 more');
		expect(answerText([cname], 80)).toBe('www.shop.com. → shop.cdnhost.net.');
	});
});

describe('wrapped text', () => {
	const text = (lines: Line[]) => lines.map((line) => line.map((segment) => segment.text).join(''));
	const digest = presentText('49FD46E6C4B45C55D4AC69CBD3CD34AC1AFE51DE0CF0C7E5F44D18F7D2E3E63A');

	it('breaks a long hex word in groups of eight, never leaving one character alone', () => {
		expect(groupLongWords(presentText(`DS ${digest}`), 40)).toBe('DS 49FD46E6C4B45C55D4AC69CBD3CD34AC1AFE51DE 0CF0C7E5F44D18F7D2E3E63A');
		const odd = presentText(`${'A'.repeat(40)}B`);
		expect(groupLongWords(odd, 40)).toBe(`${'A'.repeat(32)} ${'A'.repeat(8)}B`);
	});

	it('breaks a long name after its dots, each piece the most that fits, so no space shows inside it', () => {
		// In groups of eight it read "ns2.exam" / "ple.com .; DS": the last two pieces shared a row, the space between them seen.
		expect(groupLongWords(presentText('ns1.example.com. ns2.example.com.; DS 46987'), 16)).toBe('ns1.example.com. ns2.example.com. ; DS 46987');
		expect(groupLongWords(presentText('ns2.example.com.;'), 14)).toBe('ns2.example. com.;');
		// A label longer than the row is cut where the row ends.
		expect(groupLongWords(presentText('a.verylonglabelindeed.example.'), 10)).toBe('a. verylongla belindeed. example.');
	});

	it('in a pane one column wide, breaks a word into its characters, none empty', () => {
		expect(groupLongWords(presentText('ABC'), 1)).toBe('A B C');
	});

	it('wraps a styled record line with single spaces and the digest in groups', () => {
		const record: Line = [{text: presentText('example.com. 3600 IN ')}, {text: presentText('DS'), color: 'blue', bold: true}, {text: presentText(` 12345 8 2 ${digest} and the rest of the words`)}];
		const rows = text(wrapLines([record], 40));
		for (const row of rows) expect(row.trim()).not.toMatch(/ {2}/u);
		for (const row of rows) expect(row.trim().length).toBeGreaterThan(1);
		expect(rows.join(' ').replaceAll(/\s+/gu, '')).toBe(`example.com.3600INDS1234582${digest}andtherestofthewords`);
		expect(rows.every((row) => row.length <= 40)).toBe(true);
	});
});
