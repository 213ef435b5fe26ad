import {mkdtemp, readFile, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterEach, beforeAll, describe, expect, it} from 'vitest';
import {withAnalysis, type AnalysedTrace} from '../../source/analysis/analyze.js';
import {exportSnapshot, writeReport} from '../../source/commands/explore-command.js';
import {renderReport} from '../../source/text/report.js';
import {applyChanges} from '../../source/what-if/apply-changes.js';
import {parseChange} from '../../source/what-if/parse-change.js';
import {Explorer} from '../../source/ui/explorer.js';
import {TOOL} from '../../source/version.js';
import {frameWhere} from '../helpers/frames.js';
import {labTrace, labWorld} from '../helpers/lab.js';
import {renderSized} from '../helpers/terminal.js';

let rollover: AnalysedTrace;
const home = process.cwd();
let directory: string;

beforeAll(async () => {
	const world = labWorld();
	rollover = withAnalysis(await labTrace('www.rollover.net.', 'A', {world}), {anchors: {source: 'lab', records: world.trustAnchor}});
}, 60_000);

let unmount: (() => void) | undefined;
afterEach(async () => {
	unmount?.();
	process.chdir(home);
	if (directory) await rm(directory, {recursive: true, force: true});
});

/** The explorer as `digdeeper NAME` runs it, in a fresh working directory: where `e` and R write their files. */
async function explore(size: {columns: number; rows: number}, running = false) {
	directory = await mkdtemp(path.join(tmpdir(), 'digdeeper report dir with a rather long name to cut in the middle '));
	process.chdir(directory);
	const app = renderSized(<Explorer {...rollover} running={running} onExport={async () => ''} onReport={() => writeReport(rollover)} onQuit={() => {}} />, size);
	unmount = app.unmount;
	await frameWhere(app.lastFrame, (text) => text.startsWith('digdeeper www.rollover.net. A'));
	return app;
}

const reportFile = () => path.join(directory, `digdeeper-www.rollover.net-${rollover.trace.startedAt.replace(/[:.]/gu, '-')}.md`);

describe('R writes the Markdown report of the trace on screen, ready to paste', () => {
	it('next to where e writes snapshots, and says the full path on the status line, cut in its middle at 80 columns', async () => {
		const {lastFrame, stdin} = await explore({columns: 80, rows: 24});
		stdin.write('R');
		const frame = await frameWhere(lastFrame, (text) => text.includes('report written to '));
		const status = frame.split('\n').find((row) => row.includes('report written to '))!;
		// The path's start and its end, the file's name, with the middle given up for the width.
		expect(status.trim()).toMatch(/^report written to \/\S.*….*-\d+Z\.md$/u);
		expect(status.trim().startsWith(`report written to ${directory.slice(0, 4)}`)).toBe(true);
		expect(status.trim().length).toBeLessThanOrEqual(80);
		expect(await readFile(reportFile(), 'utf8')).toBe(`${renderReport(rollover, {format: 'markdown', toolVersion: TOOL.version, takenWith: TOOL})}\n`);
	});

	it('the report it writes is the one `report` prints: the verdict, the finding with its servers and dig lines', async () => {
		const {lastFrame, stdin} = await explore({columns: 200, rows: 40});
		stdin.write('R');
		await frameWhere(lastFrame, (text) => text.includes(`report written to ${reportFile()}`));
		const written = await readFile(reportFile(), 'utf8');
		expect(written).toMatch(/^# DNS trace: www\\\.rollover\.net\. A$/mu);
		expect(written).toContain('### ERROR DS_NO_MATCHING_DNSKEY — rollover.net.');
		expect(written).toContain('`dig @127.77.14.1 +norec +dnssec rollover.net. DNSKEY`');
	});

	it('a second R does not overwrite the report: it says it was already written', async () => {
		const {lastFrame, stdin} = await explore({columns: 200, rows: 40});
		stdin.write('R');
		await frameWhere(lastFrame, (text) => text.includes(`report written to ${reportFile()}`) && !text.includes('already'));
		stdin.write('R');
		await frameWhere(lastFrame, (text) => text.includes(`report written to ${reportFile()} (already written)`));
	});

	it('while the trace runs it writes nothing and says why', async () => {
		const {lastFrame, stdin} = await explore({columns: 120, rows: 32}, true);
		stdin.write('R');
		await frameWhere(lastFrame, (text) => text.includes('the trace is still running: the report can be written once it is done'));
		await expect(readFile(reportFile(), 'utf8')).rejects.toThrow(/ENOENT/u);
	});
});

describe('e exports the snapshot of the trace on screen', () => {
	it('says at 80 columns which file it wrote, its path cut in the middle: the end tells an unfinished export and one already written', async () => {
		directory = await mkdtemp(path.join(tmpdir(), 'digdeeper export dir with a rather long name to cut in the middle '));
		const file = path.join(directory, `digdeeper-www.rollover.net-${rollover.trace.startedAt.replace(/[:.]/gu, '-')}-unfinished.json`);
		const said = [file, `${file} (already written)`];
		const app = renderSized(<Explorer {...rollover} running={false} onExport={async () => said.shift()!} onReport={() => writeReport(rollover)} onQuit={() => {}} />, {columns: 80, rows: 24});
		unmount = app.unmount;
		await frameWhere(app.lastFrame, (text) => text.startsWith('digdeeper www.rollover.net. A'));
		// The file's own end, then the refusal's: what the middle gives up is the directory's.
		for (const ending of ['Z-unfinished.json', 'nished.json (already written)']) {
			app.stdin.write('e');
			const frame = await frameWhere(app.lastFrame, (text) => text.split('\n').some((row) => row.trim().startsWith('snapshot written to ') && row.trim().endsWith(ending)));
			const status = frame.split('\n').find((row) => row.trim().startsWith('snapshot written to '))!;
			expect(status.trim()).toMatch(/^snapshot written to \/\S.*…/u);
			expect(status.trim().startsWith(`snapshot written to ${directory.slice(0, 4)}`)).toBe(true);
			expect(status.trim().length).toBeLessThanOrEqual(80);
		}
	});

	it('once the trace is done, even after an export while it ran: the unfinished one is its own file, replaced by a later export of the same run', async () => {
		directory = await mkdtemp(path.join(tmpdir(), 'digdeeper-export-'));
		process.chdir(directory);
		const running = {trace: {...rollover.trace, outcome: {status: 'pending' as const, records: [], atMs: 0}}, analysis: undefined};
		const early = await exportSnapshot(running);
		expect(await exportSnapshot(running)).toBe(early);
		const done = await exportSnapshot(rollover);
		expect(done).not.toBe(early);
		expect(JSON.parse(await readFile(done, 'utf8')).outcome.status).toBe('answer');
		expect(JSON.parse(await readFile(early, 'utf8')).outcome.reason).toBe('the trace is still running');
		// The finished trace is one file: exported again, it is not written twice.
		expect(await exportSnapshot(rollover)).toBe(`${done} (already written)`);
	});

	it('a what-if is its own file, by its changes: e after w does not say "already written" of the measured trace\'s file', async () => {
		directory = await mkdtemp(path.join(tmpdir(), 'digdeeper-export-'));
		process.chdir(directory);
		const assumed = (text: string) => {
			const parsed = parseChange(text, rollover.trace);
			if (!('change' in parsed)) throw new Error(JSON.stringify(parsed));
			const trace = applyChanges(rollover.trace, [parsed.change]);
			return withAnalysis(trace, {anchors: {source: 'lab', records: labWorld().trustAnchor}});
		};
		const measured = await exportSnapshot(rollover);
		const dsGone = await exportSnapshot(assumed('ds-remove rollover.net'));
		expect(path.basename(dsGone)).toMatch(/^digdeeper-www\.rollover\.net-.*Z-what-if-[0-9a-f]{8}\.json$/u);
		expect(JSON.parse(await readFile(dsGone, 'utf8')).assumed).toHaveLength(1);
		expect(JSON.parse(await readFile(measured, 'utf8')).assumed).toBeUndefined();
		// Another what-if is another file; the measured trace and each what-if, exported again, are each "already written".
		const clock = await exportSnapshot(assumed('clock +30d'));
		expect(new Set([measured, dsGone, clock]).size).toBe(3);
		expect(await exportSnapshot(rollover)).toBe(`${measured} (already written)`);
		expect(await exportSnapshot(assumed('ds-remove rollover.net'))).toBe(`${dsGone} (already written)`);
		// One set of changes is one file, whatever order they were applied in.
		const both = (first: string, second: string) => {
			const changes = [first, second].map((text) => {
				const parsed = parseChange(text, rollover.trace);
				if (!('change' in parsed)) throw new Error(JSON.stringify(parsed));
				return parsed.change;
			});
			return withAnalysis(applyChanges(rollover.trace, changes), {anchors: {source: 'lab', records: labWorld().trustAnchor}});
		};
		const oneWay = await exportSnapshot(both('ds-remove rollover.net', 'clock +30d'));
		expect(await exportSnapshot(both('clock +30d', 'ds-remove rollover.net'))).toBe(`${oneWay} (already written)`);
		// R names its report the same way.
		expect(path.basename(await writeReport(assumed('ds-remove rollover.net')))).toBe(path.basename(dsGone).replace(/\.json$/u, '.md'));
	});

	it('pressed after the outcome is decided but while probes are still out, is named unfinished and says how far it got: the finished trace still gets its own file', async () => {
		directory = await mkdtemp(path.join(tmpdir(), 'digdeeper-export-'));
		process.chdir(directory);
		// The live trace between the walk's decision and its end (www.shop.com at --latency-scale 20: decided at 2.99 s,
		// done at 3.5 s): its outcome is set, a DNSKEY answer is still out, and the walk has not set its duration yet.
		const last = rollover.trace.zones.at(-1)!;
		const out = last.servers[0]!.probes.at(-1)!;
		const {finishedMs: _finished, rttMs: _rtt, kind: _kind, rcode: _rcode, size: _size, ...sent} = out;
		const zones = rollover.trace.zones.map((zone) => (zone !== last ? zone : {...zone, servers: zone.servers.map((server, index) => (index !== 0 ? server : {...server, probes: server.probes.map((probe) => (probe === out ? {...sent, status: 'pending' as const} : probe))}))}));
		const decided = {trace: {...rollover.trace, zones, durationMs: 0}, analysis: rollover.analysis};
		const early = await exportSnapshot(decided);
		expect(path.basename(early)).toMatch(/-unfinished\.json$/u);
		const saved = JSON.parse(await readFile(early, 'utf8'));
		expect(saved.outcome.status).toBe('answer');
		// Its duration is its last reply, as for a trace saved before its outcome, not the 0 the walk starts with.
		const lastReply = Math.max(...zones.flatMap((zone) => zone.servers.flatMap((server) => server.probes.map((probe) => probe.finishedMs ?? 0))));
		expect(saved.durationMs).toBe(lastReply);
		const done = await exportSnapshot(rollover);
		expect(done).not.toBe(early);
		expect(done).not.toMatch(/already written/u);
		expect(JSON.parse(await readFile(done, 'utf8')).durationMs).toBe(rollover.trace.durationMs);
	});
});

describe('q after e or R in one chunk of keys', () => {
	it('closes the explorer once the file is written, not before: `eq` and `Rq` lost the file, and said nothing', async () => {
		const events: string[] = [];
		const slowly = (what: string) => () => new Promise<string>((resolve) => setTimeout(() => {
			events.push(`${what} written`);
			resolve(`/tmp/${what}`);
		}, 150));
		for (const keys of ['eq', 'Rq']) {
			events.length = 0;
			let quit!: () => void;
			const quitted = new Promise<void>((resolve) => (quit = resolve));
			const app = renderSized(<Explorer {...rollover} running={false} onExport={slowly('snapshot')} onReport={slowly('report')} onQuit={() => {
				events.push('quit');
				quit();
			}} />, {columns: 80, rows: 24});
			await frameWhere(() => app.lastFrame() ?? '', (text) => text.startsWith('digdeeper www.rollover.net. A'));
			app.stdin.write(keys);
			await quitted;
			app.unmount();
			expect(events).toEqual([keys === 'eq' ? 'snapshot written' : 'report written', 'quit']);
		}
	});
});
