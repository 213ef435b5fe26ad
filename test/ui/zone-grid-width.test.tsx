import {afterEach, beforeAll, describe, expect, it} from 'vitest';
import {withAnalysis, type AnalysedTrace} from '../../source/analysis/analyze.js';
import {parseUserName} from '../../source/dns/name.js';
import {presentText, safe} from '../../source/dns/sanitize.js';
import {INTERNET} from '../../source/lab/internet.js';
import {Explorer} from '../../source/ui/explorer.js';
import {wrapLines, zoneGrid, type Line} from '../../source/ui/views/lines.js';
import {frameWhere} from '../helpers/frames.js';
import {labTrace, labWorld} from '../helpers/lab.js';
import {renderSized} from '../helpers/terminal.js';

const SIZES = [
	{columns: 80, rows: 24},
	{columns: 120, rows: 32},
	{columns: 40, rows: 10},
];
/** The detail pane's widths at those sizes, whatever the tree beside it takes, and a few more. */
const PANE_WIDTHS = [17, 19, 24, 30, 41, 47, 56, 65, 80];

const traces = new Map<string, AnalysedTrace>();
const textOf = (line: Line) => line.map((segment) => segment.text).join('');

// Every story is traced once, before the grids are laid out.
beforeAll(async () => {
	const world = labWorld();
	for (const story of INTERNET.stories) {
		const name = parseUserName(story.name).name;
		const type = story.type ?? 'A';
		traces.set(`${name} ${type}`, withAnalysis(await labTrace(name, type, {world}), {anchors: {source: 'lab', records: world.trustAnchor}}));
	}
}, 300_000);

describe('the zone grid of every lab story', () => {
	it('never lays out a table row wider than its pane, on any page of columns, so no row wraps', () => {
		let checked = 0;
		for (const [story, {trace, analysis}] of traces) {
			for (const zone of trace.zones) {
				for (const width of PANE_WIDTHS) {
					const {pages} = zoneGrid(trace, analysis, zone, width);
					for (let page = 0; page < pages; page++) {
						const {lines} = zoneGrid(trace, analysis, zone, width, page);
						const header = lines.findIndex((line) => textOf(line).startsWith('server'));
						// The header and one row per server address: the table itself, never wrapped.
						for (const line of lines.slice(header, header + 1 + zone.servers.length)) expect(textOf(line).length, `${story} ${zone.name} at ${width}, page ${page}: ${textOf(line)}`).toBeLessThanOrEqual(width);
						// And what the pane shows (the heading and hints wrapped as prose) fits too.
						for (const line of wrapLines(lines, width)) expect(textOf(line).length, `${story} ${zone.name} at ${width}: ${textOf(line)}`).toBeLessThanOrEqual(width);
						checked++;
					}
				}
			}
		}
		expect(checked).toBeGreaterThan(traces.size * PANE_WIDTHS.length);
		// Every story's every zone at every width and page: 5 s alone, four times that beside the rest of the suite on two
		// busy cores.
	}, 90_000);
});

let unmount: (() => void) | undefined;
afterEach(() => unmount?.());

const rowsOf = (frame: string) => frame.split('\n');
/** The detail pane's rows: what is right of the tree's divider. */
const detailOf = (frame: string) => rowsOf(frame).filter((row) => row.includes('│')).map((row) => row.split('│')[1]!);
const TABLE = /^ server +address.*\n ns1\./mu;

describe.each(SIZES)('the zone grid on screen at $columns×$rows', (size) => {
	it('shows www.secondary.org.\'s servers one row each, directly under the header, every row inside the terminal', async () => {
		const app = renderSized(<Explorer {...traces.get('www.secondary.org. A')!} running={false} onExport={async () => ''} onQuit={() => {}} />, size);
		unmount = app.unmount;
		await frameWhere(app.lastFrame, (text) => detailOf(text).some((row) => row.startsWith(' secondary.org. —')));
		// On a small terminal the table is below the heading: the detail pane scrolls down to it.
		app.stdin.write('\t');
		await new Promise((resolve) => setTimeout(resolve, 100));
		for (let line = 0; line < 30 && !TABLE.test(detailOf(app.lastFrame() ?? '').join('\n')); line++) {
			const before = app.lastFrame();
			app.stdin.write('j');
			await frameWhere(app.lastFrame, (text) => text !== before);
		}
		const frame = await frameWhere(app.lastFrame, (text) => TABLE.test(detailOf(text).join('\n')));
		for (const row of rowsOf(frame)) expect([...row].length).toBeLessThanOrEqual(size.columns);
		const detail = detailOf(frame);
		const header = detail.findIndex((row) => /^ server +address/u.test(row));
		// The rows that fit under the header are servers of secondary.org., with no blank line between them.
		const below = detail.slice(header + 1, Math.min(detail.length - 1, header + 4)).filter((row) => !row.includes('more line'));
		expect(below.length).toBeGreaterThan(0);
		// At 40 columns the pane is narrower than a server and its address: the row is cut at its edge, not wrapped.
		for (const row of below) expect(row).toMatch(size.columns > 40 ? /^ ns[123]\.\S*  +127\.77\.1?15\.[123]/u : /^ ns[123]\.\S*  +127\.77\./u);
	});
});

/** The table of a grid page: its header, the indented header of the columns under the rows, and each server's row(s). */
function tableOf(lines: Line[], servers: number): string[] {
	const header = lines.findIndex((line) => textOf(line).startsWith('server'));
	const stacked = textOf(lines[header + 1] ?? []).startsWith('    ');
	return lines.slice(header, header + (1 + servers) * (stacked ? 2 : 1)).map((line) => textOf(line).trimEnd());
}

describe('the zone grid in the detail pane of an 80-column terminal (41 columns)', () => {
	it('cuts no value and no server name: a column too wide to stand beside them goes under the row', () => {
		let stacked = 0;
		for (const [story, {trace, analysis}] of traces) {
			for (const zone of trace.zones) {
				const {pages} = zoneGrid(trace, analysis, zone, 41);
				for (let page = 0; page < pages; page++) {
					const table = tableOf(zoneGrid(trace, analysis, zone, 41, page).lines, zone.servers.length);
					for (const row of table) expect(row, `${story} ${zone.name} page ${page}`).not.toContain('…');
					if (table[1]?.startsWith('    ')) stacked++;
				}
			}
		}
		expect(stacked).toBeGreaterThan(0);
	});

	it('shows bw.\'s serials and td.\'s key tags whole, under each server, with the one mark for no value', () => {
		const bw = traces.get('www.nic.bw. A')!;
		const bwZone = bw.trace.zones.find((zone) => zone.name === 'bw.')!;
		const bwPages = Array.from({length: zoneGrid(bw.trace, bw.analysis, bwZone, 41).pages}, (_, page) => tableOf(zoneGrid(bw.trace, bw.analysis, bwZone, 41, page).lines, bwZone.servers.length));
		const serials = bwPages.find((table) => /^ {4}serial/u.test(table[1] ?? ''))!;
		expect(serials.slice(0, 4)).toEqual([expect.stringMatching(/^server +address$/u), expect.stringMatching(/^ {4}serial/u), expect.stringMatching(/^afrinic\.nic\.bw\. +127\.77\.151\.1$/u), expect.stringMatching(/^ {4}20240\d{5}$/u)]);
		// dns1.btc.bw. never answered: no serial, said with the legend's mark.
		expect(serials[serials.findIndex((row) => row.startsWith('dns1.btc.bw.')) + 1]).toMatch(/^ {4}—( |$)/u);
	});

	it('draws no ASCII "-" for a missing value on any story, and an empty list of keys as "—"', () => {
		for (const [story, {trace, analysis}] of traces) {
			for (const zone of trace.zones) {
				const table = tableOf(zoneGrid(trace, analysis, zone).lines, zone.servers.length);
				for (const row of table.slice(1)) expect(row, `${story} ${zone.name}`).not.toMatch(/(?:^| )-(?: |$)/u);
			}
		}
		const td = traces.get('nic.td. A')!;
		const grid = zoneGrid(td.trace, td.analysis, td.trace.zones.find((zone) => zone.name === 'td.')!).lines.map(textOf);
		const header = grid.find((row) => row.startsWith('server'))!;
		const afrinic = grid.find((row) => row.startsWith('ns-td.afrinic.net.'))!;
		expect(afrinic.slice(header.indexOf('DNSKEY tags')).startsWith('—')).toBe(true);
	});
});

describe('a wrapped line', () => {
	it('continues right of its own indent and mark, never at the pane\'s edge', () => {
		const dig = wrapLines([[{text: safe`;; flags: qr; QUERY: 1, ANSWER: 0, AUTHORITY: 2, ADDITIONAL: 1`}]], 41).map((line) => textOf(line).trimEnd());
		expect(dig).toEqual([';; flags: qr; QUERY: 1, ANSWER: 0,', '    AUTHORITY: 2, ADDITIONAL: 1']);
		const signature = wrapLines([[{text: safe`       → `}, {text: safe`RRSIG DNSKEY rollover.net. by 34401, valid 2026-11-23 to 2026-12-21: valid`, color: 'green'}]], 60).map(textOf);
		expect(signature[1]).toMatch(/^ {11}\S/u);
		const dependency = wrapLines([[{text: safe`   └─ servers named under dnsprovider.net.: ns1.dnsprovider.net. ns2.dnsprovider.net.`, dim: true}]], 41).map(textOf);
		for (const row of dependency.slice(1)) expect(row).toMatch(/^ {8}\S/u);
	});

	it('never breaks a \\DDD escape of a TXT string\'s bytes: the rows read back to the same bytes', () => {
		// Bytes that are not printable UTF-8 are written \DDD, and \" and \\ are escapes too: one long word of them.
		const data = `"${'\\255\\001ab\\"\\\\'.repeat(12)}"`;
		const record = (): Line => [{text: safe`www.example. 300 IN `}, {text: safe`TXT`, color: 'cyan', bold: true}, {text: safe` ${presentText(data)}`}];
		for (const width of [...PANE_WIDTHS, 21, 22, 23, 25, 26, 27]) {
			const rows = wrapLines([record()], width).map(textOf);
			for (const row of rows) {
				expect(row.length, `${width}: ${row}`).toBeLessThanOrEqual(width);
				// A row that ends in a backslash, or in one followed by fewer than three digits, cut an escape.
				expect(row.trimEnd(), `${width}: ${row}`).not.toMatch(/(?<!\\)(?:\\\\)*\\\d{0,2}$/u);
			}
			expect(rows.join('').replaceAll(' ', ''), `${width}`).toBe(textOf(record()).replaceAll(' ', ''));
		}
	});

	it('puts no space into a TXT string where it breaks one: two pieces of it never share a row', () => {
		// Pieces shortened to end before an escape fit two to a row in a narrow pane (18 or 19 columns: 40 split in
		// two), and the space between them read as a character of the string: "ab\255 \001\"q.
		const data = `"${'ab\\255\\001\\"q\\\\z\\000'.repeat(6)}"`;
		const record = (): Line => [{text: safe`w.one. 3600 IN `}, {text: safe`TXT`}, {text: safe` ${presentText(data)}`}];
		for (const width of [14, 15, 16, 17, 18, 19, 20, 24, 30, 40, 60, 80]) {
			const rows = wrapLines([record()], width).map(textOf);
			for (const row of rows.slice(1)) expect(row.trim(), `${width}: ${JSON.stringify(rows)}`).not.toContain(' ');
			expect(rows.join('').replaceAll(' ', ''), `${width}`).toBe(textOf(record()).replaceAll(' ', ''));
		}
	});
});
