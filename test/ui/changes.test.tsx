import {render} from 'ink-testing-library';
import wrapAnsi from 'wrap-ansi';
import {beforeAll, describe, expect, it} from 'vitest';
import {withAnalysis, type AnalysedTrace} from '../../source/analysis/analyze.js';
import {INTERNET} from '../../source/lab/internet.js';
import {applyWorldChange} from '../../source/lab/world-change.js';
import {buildWorld, keysOf} from '../../source/lab/world.js';
import {Explorer, type ExplorerProps} from '../../source/ui/explorer.js';
import {emptyHistory, recordRound} from '../../source/compare/watch-history.js';
import {frameWhere} from '../helpers/frames.js';
import {labTrace, labWorld} from '../helpers/lab.js';
import {renderSized} from '../helpers/terminal.js';

const ENTER = '\r';
let before: AnalysedTrace;
let after: AnalysedTrace;

beforeAll(async () => {
	const healthy = labWorld();
	const broken = buildWorld(applyWorldChange(INTERNET, {title: 'ns2 down', servers: {'ns2.example.com.': {down: true}}}), {keys: keysOf(healthy)});
	const trace = async (world: typeof healthy, at: string) => {
		const {trace, analysis} = withAnalysis(await labTrace('www.example.com.', 'A', {world}), {anchors: {source: 'lab', records: world.trustAnchor}});
		return {trace: {...trace, startedAt: at}, analysis};
	};
	before = await trace(healthy, '2026-11-22T10:00:00.000Z');
	after = await trace(broken, '2026-11-22T10:00:30.000Z');
});

function explore(props: Partial<ExplorerProps> & AnalysedTrace) {
	const loads: Array<[string, string]> = [];
	const app = render(
		<Explorer
			running={false}
			onExport={async () => '/tmp/x.json'}
			onLoad={async (purpose, file) => {
				loads.push([purpose, file]);
				return `loaded ${file}`;
			}}
			onQuit={() => {}}
			{...props}
		/>,
	);
	return {...app, loads};
}

const type = async (stdin: {write: (data: string) => void}, text: string) => {
	for (const char of text) {
		stdin.write(char);
		await new Promise((resolve) => setTimeout(resolve, 5));
	}
};

describe('the diff in the explorer', () => {
	it('marks the zone and the server that changed in the tree', async () => {
		const {lastFrame} = explore({...after, label: 'b.json', baseline: {...before, label: 'a.json'}});
		const frame = await frameWhere(lastFrame, (text) => text.includes('example.com.'));
		expect(frame).toMatch(/Δ\s*▾ example\.com\./u);
		expect(frame).toContain('D changes (diff)');
	});

	it('lists every change, before beside after, on D', async () => {
		const {lastFrame, stdin} = explore({...after, label: 'b.json', baseline: {...before, label: 'a.json'}});
		await frameWhere(lastFrame, (text) => text.includes('example.com.'));
		stdin.write('D');
		const frame = await frameWhere(lastFrame, (text) => text.includes('Changes in www.example.com. A'));
		expect(frame).toContain('before: 2026-11-22T10:00:00.000Z (a.json)');
		expect(frame).toContain('after:  2026-11-22T10:00:30.000Z (b.json)');
		expect(frame).toMatch(/reachability\s+ns2\.example\.com\. 127\.77\.110\.2\s+answer\s+→ timeout/u);
		expect(frame).toMatch(/\+ appeared\s+warning SERVER_TIMEOUT/u);
	});

	it('lists a finding that got worse with the severity it had, marked Δ', async () => {
		const world = buildWorld(applyWorldChange(INTERNET, {title: 'both down', servers: {'ns1.example.com.': {down: true}, 'ns2.example.com.': {down: true}}}), {keys: keysOf(labWorld())});
		const worse = withAnalysis(await labTrace('www.example.com.', 'A', {world, timeoutMs: 250}), {anchors: {source: 'lab', records: world.trustAnchor}});
		const {lastFrame, stdin} = explore({...worse, trace: {...worse.trace, startedAt: '2026-11-22T10:01:00.000Z'}, label: 'c.json', baseline: {...after, label: 'b.json'}});
		await frameWhere(lastFrame, (text) => text.includes('example.com.'));
		stdin.write('D');
		const frame = await frameWhere(lastFrame, (text) => text.includes('Changes in www.example.com. A'));
		expect(frame).toMatch(/Δ warning → error\s+SERVER_TIMEOUT: example\.com\.: ns1\.example\.com\./u);
	});

	it('puts the older trace first whichever way round they were given', async () => {
		const {lastFrame, stdin} = explore({...before, label: 'a.json', baseline: {...after, label: 'b.json'}});
		await frameWhere(lastFrame, (text) => text.includes('example.com.'));
		stdin.write('D');
		const frame = await frameWhere(lastFrame, (text) => text.includes('Changes in'));
		expect(frame).toContain('before: 2026-11-22T10:00:00.000Z (a.json)');
		expect(frame).toMatch(/answer\s+→ timeout/u);
	});

	it('asks for a snapshot file to compare with when there is nothing to compare', async () => {
		const {lastFrame, stdin, loads} = explore(after);
		await frameWhere(lastFrame, (text) => text.includes('example.com.'));
		stdin.write('D');
		await frameWhere(lastFrame, (text) => text.includes('compare with snapshot file: █'));
		await type(stdin, 'theirs.json');
		stdin.write(ENTER);
		await frameWhere(lastFrame, (text) => text.includes('loaded theirs.json'));
		expect(loads).toEqual([['diff', 'theirs.json']]);
	});

	it('keeps the end of a long file name and the cursor in view as it is typed, at 70 columns', async () => {
		const app = renderSized(<Explorer {...after} running={false} onExport={async () => ''} onLoad={async () => ''} onQuit={() => {}} />, {columns: 70, rows: 24});
		await frameWhere(app.lastFrame, (text) => text.includes('example.com.'));
		app.stdin.write('o');
		await frameWhere(app.lastFrame, (text) => text.includes('open snapshot file: █'));
		const file = 'digdeeper-www.twitter.com-2026-12-03T22-14-45-921Z.json';
		await type(app.stdin, file);
		// Before: "open snapshot file: digdeeper-www.twitter.com-2026-12-03T22-14-45-921…", the end and the cursor cut off.
		const frame = await frameWhere(app.lastFrame, (text) => text.includes('921Z.json█'));
		const line = frame.split('\n').find((row) => row.startsWith('open snapshot file: '))!;
		expect(line).toBe(`open snapshot file: …${file.slice(-(70 - 'open snapshot file: '.length - 2))}█`);
		app.unmount();
	});

	it('measures the prompt by display width, and never cuts a character in half', async () => {
		for (const [typed, end] of [
			// Two columns a character: counted as one, thirty of them made an 81-column line that wrapped.
			['日本語のファイル名前'.repeat(3), '名前█'],
			// Cut in the middle of a surrogate pair, an emoji printed U+FFFD after the ….
			['a😀'.repeat(40), 'a😀█'],
		] as const) {
			const app = renderSized(<Explorer {...after} running={false} onExport={async () => ''} onLoad={async () => ''} onQuit={() => {}} />, {columns: 70, rows: 24});
			await frameWhere(app.lastFrame, (text) => text.includes('example.com.'));
			app.stdin.write('o');
			await frameWhere(app.lastFrame, (text) => text.includes('open snapshot file: █'));
			app.stdin.write(typed);
			const frame = await frameWhere(app.lastFrame, (text) => text.includes(end));
			const line = frame.split('\n').find((row) => row.startsWith('open snapshot file: '))!;
			expect(line).toMatch(/^open snapshot file: …/u);
			expect(line.endsWith(end)).toBe(true);
			expect(line).not.toContain('\uFFFD');
			expect(wrapAnsi(line, 70, {hard: true, trim: false}).split('\n')).toHaveLength(1);
			app.unmount();
		}
	});

	it('opens a snapshot file from the explorer with o', async () => {
		const {lastFrame, stdin, loads} = explore(after);
		await frameWhere(lastFrame, (text) => text.includes('example.com.'));
		stdin.write('o');
		await frameWhere(lastFrame, (text) => text.includes('open snapshot file: █'));
		await type(stdin, 'colleague.json');
		stdin.write(ENTER);
		await frameWhere(lastFrame, (text) => text.includes('loaded colleague.json'));
		expect(loads).toEqual([['open', 'colleague.json']]);
	});

	it('says a file that cannot be opened in one line, naming it once', async () => {
		// The reader's error names the file: "x.json: cannot read snapshot: x.json: ENOENT" said it twice (a break test).
		const {lastFrame, stdin} = explore({...after, onLoad: async (_, file) => Promise.reject(new Error(`cannot read snapshot: ${file}: ENOENT`))});
		await frameWhere(lastFrame, (text) => text.includes('example.com.'));
		stdin.write('o');
		await frameWhere(lastFrame, (text) => text.includes('open snapshot file: █'));
		await type(stdin, 'gone.json');
		stdin.write(ENTER);
		const said = await frameWhere(lastFrame, (text) => text.includes('cannot read snapshot'));
		expect(said).toContain('cannot read snapshot: gone.json: ENOENT');
		expect(said).not.toContain('gone.json: cannot read');
	});

	it('hands the keys typed behind o\'s Enter, in the same chunk, to the trace opened in its place: none moves this one', async () => {
		let handed: string[] = [];
		const {lastFrame, stdin} = explore({
			...after,
			onLoad: async (_purpose, file, typedAhead) => {
				await new Promise((resolve) => setTimeout(resolve, 50));
				handed = typedAhead().map(String);
				return `loaded ${file}`;
			},
		});
		await frameWhere(lastFrame, (text) => text.includes('example.com.'));
		stdin.write(`ocolleague.json${ENTER}jj`);
		await frameWhere(lastFrame, (text) => text.includes('loaded colleague.json'));
		// Held while the file loaded, and taken for the new explorer: never pressed on this trace.
		expect(handed).toEqual(['j', 'j']);
	});


});

describe('the watch in the explorer', () => {
	function watched() {
		let history = emptyHistory();
		for (const [index, {trace, analysis}] of [before, after, after, before].entries()) history = recordRound(history, {trace: {...trace, startedAt: `2026-11-22T10:0${index}:00.000Z`}, analysis}).history;
		return history;
	}

	it('shows a timeline per zone and server, the change cells inverted, with the changes newest first', async () => {
		const {lastFrame, stdin} = explore({...before, watch: {history: watched(), intervalMs: 60_000, tracing: false}});
		await frameWhere(lastFrame, (text) => text.includes('watch #4 every 1 min'));
		stdin.write('t');
		const frame = await frameWhere(lastFrame, (text) => text.includes('Timeline: 4 traces every 1 min since 10:00:00, 6 changes'));
		expect(frame).toMatch(/ns2\.example\.com\. 127\.77\.110\.2\s+●✗✗●\s+answer/u);
		expect(frame).toMatch(/ns1\.example\.com\. 127\.77\.10\.1\s+●●●●\s+answer/u);
		// Gone, with the round that saw it go (a server brought back answers at once: no "until").
		expect(frame).toMatch(/finding SERVER_TIMEOUT\s+ ◐◐·\s+resolved in #4$/mu);
		// A zone where nothing changed is one row.
		expect(frame).toMatch(/com\.\s+●●●●\s+steady: 4 addresses, serial 1707000000$/mu);
		expect(frame).toMatch(/10:03:00\s+#4\s+example\.com\. {2}reachability ns2\.example\.com\. 127\.77\.110\.2: timeout → answer/u);
		stdin.write('G');
		const end = await frameWhere(lastFrame, (text) => text.includes('10:01:00  #2'));
		expect(end.indexOf('10:01:00  #2')).toBeGreaterThan(end.lastIndexOf('10:03:00  #4'));
	});

	it('announces a round that changed something in the status line', async () => {
		const {lastFrame} = explore({...before, watch: {history: watched(), intervalMs: 30_000, tracing: false}, announcement: {id: 4, text: '#4 10:03:00: 4 changes (Δ in the tree, D lists them, t timeline)', changed: true}});
		await frameWhere(lastFrame, (text) => text.includes('#4 10:03:00: 4 changes'));
	});

	it('says how to get a timeline when not watching', async () => {
		const {lastFrame, stdin} = explore(before);
		await frameWhere(lastFrame, (text) => text.includes('example.com.'));
		stdin.write('t');
		await frameWhere(lastFrame, (text) => text.includes('the timeline needs a watch: digdeeper NAME --watch [INTERVAL]'));
	});
});
