import {render} from 'ink-testing-library';
import {beforeAll, describe, expect, it} from 'vitest';
import {withAnalysis} from '../../source/analysis/analyze.js';
import type {Name} from '../../source/dns/name.js';
import type {SurveyProgress} from '../../source/survey/survey-progress.js';
import {summarizeZone, type ZoneSummary} from '../../source/survey/zone-summary.js';
import {parseKeys} from '../../source/ui/key-press.js';
import {SURVEY_KEYMAP} from '../../source/ui/survey/survey-keymap.js';
import {initialSurveyListState, surveyKey, type SurveyEffect, type SurveyListState} from '../../source/ui/survey/survey-list-state.js';
import {SurveyList} from '../../source/ui/survey/survey-list.js';
import {progressLines, timeLeft} from '../../source/ui/survey/survey-progress-view.js';
import {filterRows, rowLayout, sortWorstFirst, type SurveyRow} from '../../source/ui/survey/survey-rows.js';
import {frameWhere} from '../helpers/frames.js';
import {labTrace, labWorld} from '../helpers/lab.js';
import {renderSized} from '../helpers/terminal.js';

const ESC = '\u001B';
const ENTER = '\r';
const CTRL_C = '\u0003';

/** The lab's zones as a survey of them sums each up: healthy TLDs, a dead secondary, a suspended domain, a dead provider, a note. */
let rows: SurveyRow[];
beforeAll(async () => {
	const world = labWorld();
	const anchors = {source: 'lab', records: world.trustAnchor.filter((record) => record.type === 'DS')};
	const zones = ['com.', 'bw.', 'puri.sm.', 'example.com.', 'twitter.com.', 'net.'] as Name[];
	rows = [];
	// One at a time, with time-outs no busy machine reaches: the dead servers are the lab's, not the test's.
	for (const zone of zones) rows.push({summary: summarizeZone(zone, withAnalysis(await labTrace(zone, 'SOA', {world, timeoutMs: 1000, retries: 0}), {anchors})), snapshot: `/surveys/${zone}json`});
});

/** A made-up zone, for what the lab's few cannot show (a thousand zones, a hostile name). */
function madeUp(zone: string, severity: 'error' | 'warning' | undefined, message = 'something', extra = 0): SurveyRow {
	const findings = severity ? Array.from({length: 1 + extra}, () => ({code: 'SERVER_TIMEOUT' as const, severity, zone: zone as Name, servers: ['127.0.0.9'], message})) : [];
	const summary: ZoneSummary = {zone: zone as Name, servers: {answering: 2, total: 3}, serials: [2024010102, 2024010101], dnssec: 'insecure', findings, probes: {total: 10, shared: 4}};
	return {summary, snapshot: `/surveys/${zone}json`};
}

const DONE: SurveyProgress = {zonesDone: 6, zonesTotal: 6, zonesInFlight: 0, queriesSent: 512, queriesPerSecond: 200, etaMs: 0, withErrors: 1, withWarnings: 2, elapsedMs: 2560};

function list(all: readonly SurveyRow[], props: {initial?: SurveyListState; onOpen?: (row: SurveyRow, state: SurveyListState) => Promise<string | undefined>; onQuit?: (how: {interrupted: boolean}) => void; columns?: number; rows?: number} = {}) {
	return renderSized(<SurveyList rows={sortWorstFirst(all)} done={DONE} onOpen={props.onOpen ?? (async () => undefined)} onQuit={props.onQuit ?? (() => {})} {...(props.initial ? {initial: props.initial} : {})} />, {columns: props.columns ?? 80, rows: props.rows ?? 24});
}

describe("the survey's zones, worst first", () => {
	it('puts errors first, then warnings, then clean zones, and by the number of errors before the name', () => {
		const sorted = sortWorstFirst([madeUp('b.', 'warning'), madeUp('a.', undefined), madeUp('c.', 'error'), madeUp('d.', 'error', 'x', 2), madeUp('e.', 'warning')]);
		expect(sorted.map((row) => row.summary.zone)).toEqual(['d.', 'c.', 'b.', 'e.', 'a.']);
	});

	it("lists the lab's zones with their servers, serials, DNSSEC and worst finding, under the totals", async () => {
		const {lastFrame} = list(rows);
		const frame = await frameWhere(lastFrame, (text) => text.includes('zone'));
		const lines = frame.split('\n');
		expect(lines[0]).toBe('digdeeper survey  ·  6 zones in 3 s  ·  512 queries sent');
		const worst = rows.map((row) => row.summary.findings[0]?.severity ?? 'clean');
		expect(lines[1]).toBe(`worst: ${worst.filter((w) => w === 'error').length} errors, ${worst.filter((w) => w === 'warning').length} warnings, ${worst.filter((w) => w === 'info').length} notes, ${worst.filter((w) => w === 'clean').length} clean`);
		// The two zones with errors first (the suspended domain, the dead provider), the clean ones last.
		expect(lines.slice(3, 5).map((line) => line.split(/ +/u)[1]).sort()).toEqual(['puri.sm.', 'twitter.com.']);
		expect(lines.slice(3, 5).every((line) => / ERROR /u.test(line))).toBe(true);
		expect(lines[3]).toMatch(/^› /u);
		// Each row as its summary says: servers answering of all, the serials (one, or how many), DNSSEC, worst finding.
		const cells = (zone: string) => {
			const {servers, serials} = rows.find((row) => row.summary.zone === zone)!.summary;
			return `${servers.answering}/${servers.total} +${serials.length === 0 ? 'no serial' : serials.length === 1 ? serials[0] : `${serials.length} serials`}`;
		};
		// bw.'s dead secondary, then the note, then the clean TLDs by name.
		expect(lines[5]).toMatch(new RegExp(`^ {2}bw\\. +${cells('bw.')} +insecure +WARN +SERVER_TIMEOUT: dns1\\.b`, 'u'));
		expect(lines[6]).toMatch(new RegExp(`^ {2}example\\.com\\. +${cells('example.com.')} +secure +NOTE +SINGLE_POINT`, 'u'));
		expect(lines.slice(7, 9)).toEqual([expect.stringMatching(new RegExp(`^ {2}com\\. +${cells('com.')} +secure +ok$`, 'u')), expect.stringMatching(new RegExp(`^ {2}net\\. +${cells('net.')} +secure +ok$`, 'u'))]);
		expect(lines.at(-1)).toBe('Enter/l/→ trace · / filter · s severity · ? help · q quit');
	});

	it('draws only the rows that fit: a thousand zones make a frame of the terminal height less one', async () => {
		const many = Array.from({length: 1000}, (_, index) => madeUp(`zone${String(index).padStart(4, '0')}.`, index % 7 === 0 ? 'warning' : undefined));
		const {stdin, lastFrame} = list(many);
		const frame = await frameWhere(lastFrame, (text) => text.includes('› zone0000.'));
		expect(frame.split('\n')).toHaveLength(23);
		stdin.write('G');
		const last = await frameWhere(lastFrame, (text) => text.includes('› zone0999.'));
		expect(last.split('\n')).toHaveLength(23);
		expect(last).toContain('1000/1000');
		stdin.write('\u001B[5~');
		expect(await frameWhere(lastFrame, (text) => text.includes('1000/1000') === false)).toContain('982/1000');
	});

	it('filters by a text typed after / (a name, a code or a message) and by the worst severity with s; Esc clears both', async () => {
		const {stdin, lastFrame} = list(rows);
		await frameWhere(lastFrame, (text) => text.includes('› '));
		stdin.write(`/btc${ENTER}`);
		const typed = await frameWhere(lastFrame, (text) => text.includes('showing'));
		expect(typed).toContain('› bw.');
		expect(typed).not.toContain(' com. ');
		expect(typed).toContain('1 zone: "btc" (Esc clears)');
		stdin.write(`${ESC}s`);
		const errors = await frameWhere(lastFrame, (text) => text.includes(': errors'));
		const erring = rows.filter((row) => row.summary.findings[0]?.severity === 'error').map((row) => row.summary.zone);
		expect(errors).toContain(`showing ${erring.length}: errors`);
		for (const row of rows) expect(errors.includes(` ${row.summary.zone} `)).toBe(erring.includes(row.summary.zone));
		stdin.write(ESC);
		expect(await frameWhere(lastFrame, (text) => !text.includes('showing'))).toContain(' com. ');
	});

	it('keeps the cursor on its zone, on the same line of the screen, when Esc clears a filter', async () => {
		const many = sortWorstFirst(Array.from({length: 1000}, (_, index) => madeUp(`zone${String(index).padStart(4, '0')}.`, index % 7 === 0 ? 'warning' : undefined)));
		const {stdin, lastFrame} = list(many);
		await frameWhere(lastFrame, (text) => text.includes('› '));
		stdin.write(`/zone05${ENTER}`);
		await frameWhere(lastFrame, (text) => text.includes('"zone05" (Esc'));
		stdin.write('jjj');
		// The fourth row of those shown: the column heads are the frame's third line.
		const filteredFrame = await frameWhere(lastFrame, (text) => text.split('\n')[6]?.startsWith('› zone05') === true);
		const zone = /› (zone05\d\d\.)/u.exec(filteredFrame)![1]!;
		stdin.write(ESC);
		const clearedFrame = await frameWhere(lastFrame, (text) => !text.includes('showing'));
		// Every zone again, worst first: the cursor's zone is below the first screen of 18, and still the fourth row on it.
		const index = many.findIndex((row) => row.summary.zone === zone);
		expect(index).toBeGreaterThan(18);
		expect(clearedFrame.split('\n')[6]).toMatch(new RegExp(`^› ${zone.replace('.', '\\.')} `, 'u'));
		expect(clearedFrame).toContain(`${index + 1}/1000`);
	});

	it('keeps the worst finding at 40 columns: the serials, DNSSEC and servers give way first', async () => {
		expect([40, 60, 80].map((columns) => rowLayout(columns - 2))).toEqual([
			{name: 12, servers: false, serials: undefined, dnssec: false},
			{name: 12, servers: true, serials: undefined, dnssec: true},
			{name: 17, servers: true, serials: 'narrow', dnssec: true},
		]);
		const {lastFrame} = list(rows, {columns: 40, rows: 10});
		const frame = await frameWhere(lastFrame, (text) => text.includes('› '));
		const lines = frame.split('\n');
		expect(lines).toHaveLength(9);
		expect(lines[2]).toBe('  zone         worst finding');
		// The two zones with errors, their severity and code whole, cut to the width.
		for (const line of lines.slice(3, 5)) expect(line).toMatch(/^(› | {2})(puri\.sm\.|twitter\.com\.) +ERROR [A-Z_]{10,}/u);
		expect(lines[5]).toBe('  bw.          WARN  SERVER_TIMEOUT: dn…');
		for (const line of lines) expect(line.length).toBeLessThanOrEqual(40);
	});

	it('opens the zone under the cursor on Enter, and comes back to the same row', async () => {
		let opened: {row: SurveyRow; state: SurveyListState} | undefined;
		const {stdin, lastFrame} = list(rows, {onOpen: async (row, state) => ((opened = {row, state}), undefined)});
		await frameWhere(lastFrame, (text) => text.includes('› '));
		stdin.write(`jj${ENTER}`);
		await frameWhere(() => (opened ? 'opened' : ''), (text) => text === 'opened');
		const third = sortWorstFirst(rows)[2]!;
		expect(opened!.row).toBe(third);
		const back = list(rows, {initial: opened!.state});
		expect(await frameWhere(back.lastFrame, (text) => text.includes('›'))).toContain(`› ${third.summary.zone}`);
	});

	it('says why a zone could not be opened, and stays', async () => {
		const {stdin, lastFrame} = list(rows, {onOpen: async () => '/surveys/sm.json: not a digdeeper snapshot'});
		await frameWhere(lastFrame, (text) => text.includes('› '));
		stdin.write(ENTER);
		expect(await frameWhere(lastFrame, (text) => text.includes('not a digdeeper'))).toContain(`› ${sortWorstFirst(rows)[0]!.summary.zone}`);
	});

	it('lists every key of its keymap in the help (?)', async () => {
		const {stdin, lastFrame} = list(rows);
		await frameWhere(lastFrame, (text) => text.includes('› '));
		stdin.write('?');
		const help = await frameWhere(lastFrame, (text) => text.includes('always quits'));
		// How to leave it first, where a short terminal does not cut it off.
		expect(help.split('\n')[2]).toBe('? or Esc closes this · Ctrl-C always quits · Ctrl-Z suspends (fg resumes)');
		for (const binding of SURVEY_KEYMAP) expect(help).toContain(`${binding.label.padEnd(11)}${binding.description}`);
	});

	it('quits on q, and on Ctrl-C as an interruption, even while typing a filter', async () => {
		const quits: boolean[] = [];
		const {stdin, lastFrame} = list(rows, {onQuit: ({interrupted}) => quits.push(interrupted)});
		await frameWhere(lastFrame, (text) => text.includes('› '));
		stdin.write('q');
		stdin.write(`/q${CTRL_C}`);
		await frameWhere(() => String(quits.length), (text) => text === '2');
		expect(quits).toEqual([false, true]);
	});

	it('shows zone names and messages from the network escaped, never as terminal controls', async () => {
		const hostile = madeUp('evil\u001B]0;pwned\u0007.', 'error', 'ns1 says \u202Eoops\u001B[2J');
		const {lastFrame} = list([hostile, ...rows], {columns: 140});
		const frame = await frameWhere(lastFrame, (text) => text.includes('ERROR'));
		expect(frame).not.toMatch(/[\u001B\u0007\u202E]/u);
		expect(frame).toMatch(/ {2}evil\\027\]0;pwned\\007\. +2\/3 +2024010102…2024010101 +insecure +ERROR SERVER_TIMEOUT: ns1 says \\u\{202e\}oops\\027\[2J/u);
	});
});

it('draws a long filter\'s end and the cursor, as the explorer\'s prompts do (it drew the start, the typing unseen)', async () => {
	const {lastFrame, stdin} = list(rows, {columns: 60});
	await frameWhere(lastFrame, (text) => text.includes('zones'));
	stdin.write('/');
	await frameWhere(lastFrame, (text) => text.includes('filter zones: █'));
	stdin.write(`\u001B[200~${'q'.repeat(200)}\u001B[201~XYZ`);
	const frame = await frameWhere(lastFrame, (text) => text.includes('XYZ█'));
	const line = frame.split('\n').find((row) => row.startsWith('filter zones: '))!;
	expect(line).toMatch(/^filter zones: …q+XYZ█$/u);
	expect([...line].length).toBeLessThanOrEqual(60);
});

describe('keys in the survey list, each on the state the one before it left', () => {
	const shownBy = (filter: string, severity: SurveyListState['severity']) => filterRows(rows, filter, severity);
	const press = (input: string, state = initialSurveyListState(3)) =>
		parseKeys(input).reduce<{state: SurveyListState; effects: SurveyEffect[]}>(
			(routed, key) => {
				const next = surveyKey(routed.state, key, shownBy);
				return {state: next.state, effects: [...routed.effects, ...next.effects]};
			},
			{state, effects: []},
		);

	it('Backspace erases a whole emoji, never half of one (a break test read "b\uFFFD")', () => {
		expect(press('/b😀\u007F').state.draft).toBe('b');
	});

	it('"/bw" and Enter in one chunk filter, and Enter again opens the first row shown', () => {
		const routed = press(`/bw${ENTER}${ENTER}`);
		expect(routed.state).toMatchObject({filter: 'bw', cursor: 0, draft: undefined});
		expect(routed.effects).toEqual([{type: 'open', index: 0}]);
	});

	it('Esc after a filter leaves the cursor on the zone it was on; on the first row when the filter showed none', () => {
		const bw = rows.findIndex((row) => row.summary.zone === 'bw.');
		expect(press(`/bw${ENTER}${ESC}`).state).toMatchObject({filter: '', cursor: bw, top: Math.min(bw, rows.length - 3)});
		expect(press(`/no such zone${ENTER}${ESC}`).state).toMatchObject({filter: '', cursor: 0, top: 0});
	});

	it('moves within the rows shown and scrolls its window of three', () => {
		expect(press('jjjj').state).toMatchObject({cursor: 4, top: 2});
		expect(press('G').state).toMatchObject({cursor: rows.length - 1, top: rows.length - 3});
		expect(press('Gg').state).toMatchObject({cursor: 0, top: 0});
	});

	it('s leaves the cursor on the zone it was on when the next severity still shows it; on the first row when it hides it', () => {
		const clean = shownBy('', 'clean');
		const zone = clean.at(-1)!.summary.zone;
		expect(press('ssssG').state).toMatchObject({severity: 'clean', cursor: clean.length - 1});
		// Back to every zone: the last clean zone is still listed, under the cursor.
		const all = press('ssssGs').state;
		expect(all.severity).toBe('all');
		expect(shownBy('', 'all')[all.cursor]?.summary.zone).toBe(zone);
		expect(all.cursor).toBe(rows.findIndex((row) => row.summary.zone === zone));
		expect(all.cursor).toBeGreaterThan(0);
		// On to errors: a clean zone is not one, so the cursor goes to the first error.
		expect(press('ssssGss').state).toMatchObject({severity: 'error', cursor: 0, top: 0});
	});

	it('steps the severity filter through errors, warnings, notes, clean and back to every zone', () => {
		expect(['s', 'ss', 'sss', 'ssss', 'sssss'].map((keys) => press(keys).state.severity)).toEqual(['error', 'warning', 'info', 'clean', 'all']);
	});
});

describe('the progress bar', () => {
	const progress: SurveyProgress = {zonesDone: 450, zonesTotal: 1500, zonesInFlight: 64, queriesSent: 38_211, queriesPerSecond: 812.4, etaMs: 100_000, withErrors: 7, withWarnings: 49, elapsedMs: 42_000};

	it('says zones done of all, queries, their rate, the time left and the problems so far, in 80 columns', () => {
		const [bar, counts] = progressLines(progress, 80);
		expect(bar).toBe(`${'█'.repeat(12)}${'░'.repeat(28)} 450/1500 zones  30%`);
		expect(counts).toBe('38211 queries · 812/s · ETA 1 m 40 s · 7 with errors, 49 with warnings');
		expect(counts.length).toBeLessThanOrEqual(80);
		expect(progressLines(progress, 120)[1]).toBe('38211 queries  ·  812/s  ·  ETA 1 m 40 s  ·  7 with errors, 49 with warnings  ·  Ctrl-C stops');
	});

	it('says the time left as people do', () => {
		expect([timeLeft(42_000), timeLeft(100_000), timeLeft(3_725_000)]).toEqual(['42 s', '1 m 40 s', '1 h 02 m']);
	});
});

it('renders one frame of the progress from the view', async () => {
	const {SurveyProgressView} = await import('../../source/ui/survey/survey-progress-view.js');
	const {lastFrame} = render(<SurveyProgressView progress={undefined} columns={80} />);
	expect(lastFrame()).toContain('digdeeper survey  ·  starting…');
});
