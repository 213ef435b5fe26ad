import {render} from 'ink-testing-library';
import {describe, expect, it} from 'vitest';
import {withAnalysis, type AnalysedTrace} from '../../source/analysis/analyze.js';
import {Explorer} from '../../source/ui/explorer.js';
import {KEYMAP} from '../../source/ui/keymap.js';
import {helpLines} from '../../source/ui/views/legend.js';
import {SYMBOLS} from '../../source/ui/views/symbols.js';
import {emptyHistory, recordRound} from '../../source/compare/watch-history.js';
import {compareLines} from '../../source/ui/views/overlays.js';
import {frameWhere} from '../helpers/frames.js';
import {labTrace, labWorld} from '../helpers/lab.js';

const ESCAPE = '\u001B';
const PAGE_DOWN = '\u001B[6~';
/** Every mark the legend explains: the symbols' table and the keys' labels (↑ ↓ ← → ⌫); nothing else is exempt. */
const KNOWN = new Set([...Object.values(SYMBOLS).flatMap((entry) => [...entry.symbol]), ...KEYMAP.flatMap((binding) => [...binding.label])]);

const analysed = async (name: string): Promise<AnalysedTrace> => withAnalysis(await labTrace(name, 'A', {timeoutMs: 250}), {anchors: {source: 'lab', records: labWorld().trustAnchor}});

/** The explorer in a terminal of the given size (ink-testing-library's stdout is 100 columns with no rows). */
function explore({trace, analysis}: AnalysedTrace, columns: number, rows: number) {
	const app = render(<Explorer trace={trace} analysis={analysis} running={false} onExport={async () => ''} onQuit={() => {}} />);
	Object.defineProperty(app.stdout, 'columns', {value: columns});
	Object.defineProperty(app.stdout, 'rows', {value: rows});
	app.stdout.emit('resize');
	return app;
}

/** Pages down an overlay until the frame shows `text` (or the overlay ends), waiting for each page to be drawn. */
async function scrollUntil(app: ReturnType<typeof explore>, text: string): Promise<string> {
	let frame = app.lastFrame() ?? '';
	for (let page = 0; page < 8 && !frame.includes(text); page++) {
		const before = frame;
		app.stdin.write(PAGE_DOWN);
		frame = await frameWhere(app.lastFrame, (next) => next !== before || next.includes(text)).catch(() => before);
	}
	return frame;
}

/** Marks beyond ASCII's own punctuation that are not letters or digits (a name's Arabic letters are letters). */
const unexplained = (frame: string) => [...new Set([...frame].filter((character) => character.codePointAt(0)! > 0x7e && !/[\p{L}\p{N}\p{M}\s]/u.test(character) && !KNOWN.has(character)))];

describe.each([
	[80, 24],
	[120, 32],
])('at %i×%i', (columns, rows) => {
	it('? shows the keys and a legend of every symbol, one a line', async () => {
		const app = explore(await analysed('www.example.net.'), columns, rows);
		await frameWhere(app.lastFrame, (frame) => frame.includes('▾ .'));
		app.stdin.write('?');
		const first = await frameWhere(app.lastFrame, (frame) => frame.includes('Keys'));
		// How to leave, on the first screen: at 80×24 it had been under the keys, past the "more lines" line.
		expect(first).toContain('Esc closes this · Ctrl-C always quits · Ctrl-Z suspends (fg resumes)');
		const frame = await scrollUntil(app, SYMBOLS.neutral.meaning);
		expect(frame).toMatch(/─ +in the timeline: a fact neither right nor wrong/u);
		expect(frame).toMatch(/◐ +in the timeline: partly wrong/u);
		expect(frame.split('\n').length).toBeLessThan(rows);
		app.unmount();
	});

	it('draws no symbol the legend does not explain, on the tree, the grid and every student view', async () => {
		for (const name of ['www.secondary.org.', 'tox.im.', 'www.example.net.']) {
			const app = explore(await analysed(name), columns, rows);
			const frames = [await frameWhere(app.lastFrame, (frame) => frame.includes('▾ .'))];
			for (const key of ['d', 'x', 'i', '?', 'f']) {
				app.stdin.write(key);
				frames.push(await frameWhere(app.lastFrame, (frame) => frame !== frames.at(-1)));
				// Every page of the overlay, while it says more lines follow.
				for (let page = 0; page < 6 && /↓ \d+ more lines/u.test(frames.at(-1)!); page++) {
					const before = frames.at(-1)!;
					app.stdin.write(PAGE_DOWN);
					frames.push(await frameWhere(app.lastFrame, (frame) => frame !== before));
				}
				app.stdin.write(ESCAPE);
				// Back on the tree: its key line again (at 80 columns: open, back, switch pane, …, help and quit).
				frames.push(await frameWhere(app.lastFrame, (frame) => frame.includes('Tab switch pane')));
			}
			expect(frames.flatMap(unexplained), name).toEqual([]);
			app.unmount();
		}
	}, 60_000);

	it('draws no mark the legend does not explain in the watch timeline, the diff, compare and the prompt', async () => {
		const before = await analysed('www.nic.bw.');
		const after = await analysed('www.twitter.com.');
		// A watch whose facts come and go: the twitter trace's zones are absent from the bw rounds, and back.
		let history = emptyHistory();
		for (const [index, round] of [before, after, before, after].entries()) history = recordRound(history, {...round, trace: {...round.trace, startedAt: `2026-11-22T10:0${index}:00.000Z`}}).history;
		const app = render(<Explorer {...after} baseline={{...before, label: 'a.json'}} label="b.json" watch={{history, intervalMs: 60_000, tracing: false}} running={false} onExport={async () => ''} onLoad={async () => ''} onQuit={() => {}} />);
		Object.defineProperty(app.stdout, 'columns', {value: columns});
		Object.defineProperty(app.stdout, 'rows', {value: rows});
		app.stdout.emit('resize');
		const frames = [await frameWhere(app.lastFrame, (frame) => frame.includes('▾ .'))];
		for (const key of ['t', 'D']) {
			app.stdin.write(key);
			frames.push(await frameWhere(app.lastFrame, (frame) => frame !== frames.at(-1)));
			for (let page = 0; page < 8 && /↓ \d+ more lines/u.test(frames.at(-1)!); page++) {
				const shown = frames.at(-1)!;
				app.stdin.write(PAGE_DOWN);
				frames.push(await frameWhere(app.lastFrame, (frame) => frame !== shown));
			}
			app.stdin.write(ESCAPE);
			frames.push(await frameWhere(app.lastFrame, (frame) => frame.includes('│ ')));
		}
		// Compare, as c draws it: two servers' responses side by side.
		const probes = after.trace.zones.find((zone) => zone.name === 'dynect.net.')!.servers.map((server) => server.probes[0]!);
		frames.push(compareLines(probes, columns - 1).map((line) => line.map((segment) => segment.text).join('')).join('\n'));
		app.stdin.write('o');
		frames.push(await frameWhere(app.lastFrame, (frame) => frame.includes('open snapshot file: █')));
		const joined = frames.join('\n');
		for (const mark of ['●', '─', '·', '✗', '│', '█']) expect(joined, mark).toContain(mark);
		expect(frames.flatMap(unexplained)).toEqual([]);
		app.unmount();
	}, 60_000);

	it('d names the server whose signatures expired and x shows who tox.im. waits on', async () => {
		const secondary = explore(await analysed('www.secondary.org.'), columns, rows);
		await frameWhere(secondary.lastFrame, (frame) => frame.includes('▾ .'));
		secondary.stdin.write('d');
		await frameWhere(secondary.lastFrame, (text) => text.includes('DNSSEC chain of trust'));
		const frame = await scrollUntil(secondary, '✗ served by ns3.secondary.org.');
		expect(frame).toContain('✗ served by ns3.secondary.org. 127.77.115.3:');
		secondary.unmount();

		const tox = explore(await analysed('tox.im.'), columns, rows);
		await frameWhere(tox.lastFrame, (text) => text.includes('▾ .'));
		tox.stdin.write('x');
		const edges = await frameWhere(tox.lastFrame, (text) => text.includes('depends on'));
		expect(edges).toContain('tox.im.  ✗ no server address');
		expect(edges).toContain('└─ servers named under servicex-dns.com.:');
		expect(edges).toContain('   servicex-dns.com.  ✗ no server address');
		expect(edges).toContain('      servicey.net.  ✗ 0 of 2 servers answer (timeout)');
		tox.unmount();
	});
});

describe('the keys in the help overlay', () => {
	const rows = (height: number, width: number) => helpLines(height, width).map((line) => line.map((segment) => segment.text).join('').trimEnd());

	it('at 80 columns, a description too long for the right column goes on under itself, not under the keys', () => {
		const lines = rows(24, 80);
		const whatIf = lines.findIndex((line) => line.includes('what if…'));
		const column = lines[whatIf]!.indexOf('what if…');
		expect(lines[whatIf]).toMatch(/^Enter\/l\/→ +open +w +what if… \(server down, DS$/u);
		expect(lines[whatIf + 1]).toBe(`${' '.repeat(column)}removed, clock)`);
		expect(lines[whatIf + 2]).toMatch(/^Esc\/h\/←\/⌫ +back +t +watch timeline$/u);
		expect(Math.max(...lines.slice(0, lines.indexOf('Symbols')).map((line) => line.length))).toBeLessThanOrEqual(80);
	});

	it('at 80 columns, a symbol\'s meaning too long for the pane goes on under itself, not under the symbols', () => {
		const lines = rows(24, 80);
		const legend = lines.slice(lines.indexOf('Symbols') + 2).filter((line) => line !== '');
		const column = Math.max(...Object.values(SYMBOLS).map((entry) => entry.symbol.length)) + 2;
		expect(legend.length).toBeGreaterThan(Object.keys(SYMBOLS).length);
		for (const line of legend) {
			expect(line.length, line).toBeLessThanOrEqual(80);
			// A symbol and its meaning, or the meaning going on: never text under the symbols' column.
			expect(line.slice(0, column).trim() === '' || Object.values(SYMBOLS).some((entry) => line.startsWith(`${entry.symbol} `)), line).toBe(true);
			expect(line.slice(column, column + 1), line).not.toBe(' ');
		}
	});

	it('in a pane under 67 columns, one column of keys to scroll, each description whole beside its key', () => {
		const lines = rows(24, 60);
		expect(lines).toContain('w          what if… (server down, DS removed, clock)');
		for (const binding of KEYMAP) expect(lines.filter((line) => line.startsWith(`${binding.label} `) || line === binding.label)).toHaveLength(1);
		expect(lines.find((line) => line.startsWith('↑/k'))).toBe('↑/k        move up');
	});
});
