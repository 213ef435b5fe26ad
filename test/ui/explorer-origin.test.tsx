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

describe('an opened snapshot says in the header when the trace was taken and from which file', () => {
	it('at 80×24: the start time (UTC, to the minute) stays on the one line; the counts and the file give way', async () => {
		const header = await headerOf(nicBw, {columns: 80, rows: 24}, '/var/tmp/on-call/snapshots/www.nic.bw-2026-11-30.json');
		expect(header).toContain(minute(nicBw));
		expect(header).toMatch(/^digdeeper www\.nic\.bw\. A {2}· {2}.*all done at \S+ m?s/u);
		expect(header.length).toBeLessThanOrEqual(80);
	});

	it('at 120×32: the file too, cut in its middle when the whole path does not fit', async () => {
		const header = await headerOf(nicBw, {columns: 120, rows: 32}, '/var/tmp/on-call/a-rather-long-directory-name-for-the-snapshots/www.nic.bw-2026-11-30.json');
		// The start of the path and its end (the file's name) are the parts a reader knows it by.
		expect(header).toMatch(new RegExp(`all done at \\S+ m?s {2}· {2}${minute(nicBw)} {2}· {2}opened from /var/tmp…\\S*\\.json$`, 'u'));
		expect(header).toHaveLength(120);
	});

	it('at 120×32 with a short path: the whole path; at 160×40 the query counts too', async () => {
		expect(await headerOf(nicBw, {columns: 120, rows: 32}, 'bw.json')).toMatch(new RegExp(`known at \\S+ m?s, all done at \\S+ m?s {2}· {2}${minute(nicBw)} {2}· {2}opened from bw\\.json$`, 'u'));
		unmount?.();
		const wide = await headerOf(nicBw, {columns: 160, rows: 40}, 'bw.json');
		expect(wide).toContain(`${nicBw.trace.stats.queries} queries, ${nicBw.trace.zones.length} zones  ·  ${minute(nicBw)}  ·  opened from bw.json`);
	});

	it('a trace taken here says neither: its time is now and it came from no file', async () => {
		const header = await headerOf(nicBw, {columns: 120, rows: 32});
		expect(header).not.toContain(minute(nicBw));
		expect(header).not.toContain('opened from');
		expect(header).toMatch(/all done at \S+ m?s {2}· {2}\d+ queries, \d+ zones$/u);
	});
});
