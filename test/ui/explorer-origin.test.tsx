import {afterEach, beforeAll, describe, expect, it} from 'vitest';
import {withAnalysis, type AnalysedTrace} from '../../source/analysis/analyze.js';
import {Explorer} from '../../source/ui/explorer.js';
import {frameWhere} from '../helpers/frames.js';
import {labTrace, labWorld} from '../helpers/lab.js';
import {renderSized} from '../helpers/terminal.js';

let nicBw: AnalysedTrace;
beforeAll(async () => {
	const world = labWorld();
	nicBw = withAnalysis(await labTrace('www.nic.bw.', 'A', {world}), {anchors: {source: 'lab', records: world.trustAnchor}});
}, 60_000);

let unmount: (() => void) | undefined;
afterEach(() => unmount?.());

/** The explorer's first row once the tree is drawn. */
async function headerOf(analysed: AnalysedTrace, size: {columns: number; rows: number}, openedFrom?: string): Promise<string> {
	const app = renderSized(<Explorer {...analysed} running={false} {...(openedFrom !== undefined ? {openedFrom} : {})} onExport={async () => ''} onQuit={() => {}} />, size);
	unmount = app.unmount;
	const frame = await frameWhere(app.lastFrame, (text) => text.includes('bw. — '));
	return frame.split('\n')[0]!;
}

/** The header's words for a start time, as the trace recorded it. */
const minute = (analysed: AnalysedTrace) => `${analysed.trace.startedAt.slice(0, 10)} ${analysed.trace.startedAt.slice(11, 16)} UTC`;

describe('an opened snapshot says in the header when and where the trace was taken, and from which file', () => {
	/** The same trace as the lab takes it with --lab: the snapshot records where it was taken. */
	const fromLab = () => ({...nicBw, trace: {...nicBw.trace, options: {...nicBw.trace.options, lab: 'internet'}}});

	it('at 80×24: the start time (UTC, to the minute) stays on the one line; the counts, the place and the file give way', async () => {
		const header = await headerOf(fromLab(), {columns: 80, rows: 24}, '/var/tmp/on-call/snapshots/www.nic.bw-2026-11-30.json');
		expect(header).toContain(minute(nicBw));
		expect(header).toMatch(/^digdeeper www\.nic\.bw\. A {2}· {2}.*all done at \S+ m?s/u);
		expect(header.length).toBeLessThanOrEqual(80);
	});

	it('at 100×30: where it was taken too, as the text mode says it, before when the answer was known', async () => {
		const header = await headerOf(fromLab(), {columns: 100, rows: 30}, 'bw.json');
		expect(header).toMatch(new RegExp(`^digdeeper www\\.nic\\.bw\\. A {2}· {2}all done at \\S+ m?s {2}· {2}${minute(nicBw)}, from the digdeeper lab$`, 'u'));
	});

	it('at 160×40: the file too, cut in its middle when the whole path does not fit', async () => {
		const header = await headerOf(fromLab(), {columns: 160, rows: 40}, '/var/tmp/on-call/a-rather-long-directory-name-for-the-snapshots/www.nic.bw-2026-11-30.json');
		// The start of the path and its end (the file's name) are the parts a reader knows it by.
		expect(header).toMatch(new RegExp(`known at \\S+ m?s, all done at \\S+ m?s {2}· {2}${minute(nicBw)}, from the digdeeper lab {2}· {2}opened from /var/tmp/\\S*…\\S*\\.json$`, 'u'));
		expect(header).toHaveLength(160);
	});

	it('at 140×32 with a short path: the whole path; at 200×40 the routes and the query counts too', async () => {
		expect(await headerOf(fromLab(), {columns: 140, rows: 32}, 'bw.json')).toMatch(new RegExp(`known at \\S+ m?s, all done at \\S+ m?s {2}· {2}${minute(nicBw)}, from the digdeeper lab {2}· {2}opened from bw\\.json$`, 'u'));
		unmount?.();
		const wide = await headerOf(fromLab(), {columns: 200, rows: 40}, 'bw.json');
		expect(wide).toContain(`${nicBw.trace.stats.queries} queries, ${nicBw.trace.zones.length} zones  ·  ${minute(nicBw)}, from the digdeeper lab; routes: IPv4 and IPv6  ·  opened from bw.json`);
	});

	it('a trace taken from the internet says so, in the text mode\'s words', async () => {
		const header = await headerOf(nicBw, {columns: 200, rows: 40}, 'bw.json');
		expect(header).toContain(`${minute(nicBw)}, from the internet as the host that took it saw it; routes: IPv4 and IPv6  ·  opened from bw.json`);
	});

	it('a trace taken here says none of it: its time is now, its place here, and it came from no file', async () => {
		const header = await headerOf(fromLab(), {columns: 200, rows: 40});
		expect(header).not.toContain(minute(nicBw));
		expect(header).not.toContain('from the digdeeper lab');
		expect(header).not.toContain('opened from');
		expect(header).toMatch(/all done at \S+ m?s {2}· {2}\d+ queries, \d+ zones$/u);
	});
});

describe('an opened snapshot of a trace saved while it ran', () => {
	it('says when it was saved (its last reply), never that it was all done', async () => {
		const saved = {...nicBw, trace: {...nicBw.trace, durationMs: 1234, outcome: {status: 'pending' as const, records: [], atMs: 0}}};
		const header = await headerOf(saved, {columns: 120, rows: 30}, 'bw.json');
		expect(header).toContain('saved at 1.2 s');
		expect(header).not.toContain('all done');
	});
});
