import {afterEach, describe, expect, it} from 'vitest';
import {withAnalysis} from '../../source/analysis/analyze.js';
import {INTERNET} from '../../source/lab/internet.js';
import {Explorer} from '../../source/ui/explorer.js';
import {StoryPicker} from '../../source/ui/story-picker.js';
import {frameWhere} from '../helpers/frames.js';
import {labTrace, labWorld} from '../helpers/lab.js';
import {renderSized} from '../helpers/terminal.js';

let unmount: (() => void) | undefined;
afterEach(() => unmount?.());

const rowsOf = (frame: string) => frame.split('\n');

describe('at 80×24', () => {
	it('scrolls the findings list to its last finding: it stopped a row short, the selected finding hidden', async () => {
		const world = labWorld();
		const analysed = withAnalysis(await labTrace('tox.im.', 'A', {world, timeoutMs: 200}), {anchors: {source: 'lab', records: world.trustAnchor}});
		const app = renderSized(<Explorer {...analysed} running={false} onExport={async () => ''} onQuit={() => {}} />, {columns: 80, rows: 24});
		unmount = app.unmount;
		await frameWhere(app.lastFrame, (text) => text.includes('done'));
		app.stdin.write('f');
		await frameWhere(app.lastFrame, (text) => text.includes('Findings (12)'));
		app.stdin.write('\u001B[F');
		const frame = await frameWhere(app.lastFrame, (text) => text.includes('tox.im.: every name server is named under servicex-dns.com.: one provider'));
		const rows = rowsOf(frame);
		const heading = rows.findIndex((row) => row.startsWith('Findings (12)'));
		const list = rows.slice(heading + 1, rows.indexOf('', heading));
		expect(list).toHaveLength(8);
		// The last finding, whose detail is below, is the list's last row.
		expect(list.at(-1)).toMatch(/^INFO {4}SINGLE_POINT_OF_FAILURE {3}tox\.im\.: every name server is named under/u);
	});
});

describe('at 40×10', () => {
	it('the findings overlay shows the finding\'s detail, every row inside the terminal', async () => {
		const world = labWorld();
		const analysed = withAnalysis(await labTrace('www.twitter.com.', 'A', {world}), {anchors: {source: 'lab', records: world.trustAnchor}});
		const app = renderSized(<Explorer {...analysed} running={false} onExport={async () => ''} onQuit={() => {}} />, {columns: 40, rows: 10});
		unmount = app.unmount;
		await frameWhere(app.lastFrame, (text) => text.includes('done'));
		app.stdin.write('f');
		const frame = await frameWhere(app.lastFrame, (text) => text.includes('Findings (8)'));
		for (const row of rowsOf(frame)) expect([...row].length).toBeLessThanOrEqual(40);
		// Below the list: the selected finding's message, then the hint to scroll it.
		expect(frame).toMatch(/^dynect\.net\.: ns1\.p16\.dynect\.net\.$/mu);
		expect(frame).toMatch(/^↓ \d+ more lines \(Tab, then ↓\)$/mu);
		// The key line keeps the way out: back and quit, the hints before them giving way.
		expect(rowsOf(frame).at(-1)).toBe('… · Esc/h/←/⌫ back · q quit');
	}, 60_000);

	it("keeps the findings' counts in the header, the verdict cut before them", async () => {
		const world = labWorld();
		const analysed = withAnalysis(await labTrace('www.rollover.net.', 'A', {world}), {anchors: {source: 'lab', records: world.trustAnchor}});
		const app = renderSized(<Explorer {...analysed} running={false} onExport={async () => ''} onQuit={() => {}} />, {columns: 40, rows: 10});
		unmount = app.unmount;
		// Waits for the counts, not for the header's "done": at 40 columns a slow walk's times ("known 1.2 s") leave it out.
		const frame = await frameWhere(app.lastFrame, (text) => rowsOf(text)[1]?.includes('warn') === true);
		// At 80 columns: "ANSWER from rollover.net.: A 192.0.2.140 · DNSSEC bogus: SERVFAIL … · 1 error, 0 warnings (f)".
		expect(rowsOf(frame)[1]).toBe('ANSWER from rol… · bogus · 1 err, 0 warn');
	});

	it('the story picker fits every row, and its description keeps to its rows after a resize', async () => {
		const app = renderSized(<StoryPicker stories={INTERNET.stories} onChoose={() => {}} />, {columns: 80, rows: 24});
		unmount = app.unmount;
		await frameWhere(app.lastFrame, (text) => text.includes('Pick one'));
		app.resize(40, 10);
		const frame = await frameWhere(app.lastFrame, (text) => rowsOf(text)[0]!.length <= 40);
		for (const row of rowsOf(frame)) expect([...row].length).toBeLessThanOrEqual(40);
		expect(frame).toMatch(/^› www\.puri\.sm +Registry su…$/mu);
		// The help line stays the last row, under two rows of the incident and two of what to look for.
		expect(rowsOf(frame).at(-1)).toMatch(/^↑\/k move up/u);
		expect(rowsOf(frame).at(-3)).toMatch(/^Look for: /u);
	});
});
