import {beforeAll, describe, expect, it} from 'vitest';
import {withAnalysis} from '../../source/analysis/analyze.js';
import type {OpenedSnapshot} from '../../source/commands/open-command.js';
import {App, createStore} from '../../source/commands/survey-explore.js';
import type {Name} from '../../source/dns/name.js';
import {summarizeZone} from '../../source/survey/zone-summary.js';
import type {SurveyRow} from '../../source/ui/survey/survey-rows.js';
import {sortWorstFirst} from '../../source/ui/survey/survey-rows.js';
import {TOOL} from '../../source/version.js';
import {frameWhere} from '../helpers/frames.js';
import {labTrace, labWorld} from '../helpers/lab.js';
import {renderSized} from '../helpers/terminal.js';

const ENTER = '\r';
const ESC = '\u001B';

/** Two zones of a survey of the lab, and their traces as opening them reads them. */
const traces = new Map<string, OpenedSnapshot>();
let rows: SurveyRow[];
beforeAll(async () => {
	const world = labWorld();
	const anchors = {source: 'lab', records: world.trustAnchor.filter((record) => record.type === 'DS')};
	rows = [];
	for (const zone of ['com.', 'net.']) {
		const analysed = withAnalysis(await labTrace(zone, 'SOA', {world, timeoutMs: 1000, retries: 0}), {anchors});
		traces.set(`/surveys/${zone}json`, {...analysed, takenWith: TOOL});
		rows.push({summary: summarizeZone(zone as Name, analysed), snapshot: `/surveys/${zone}json`});
	}
	rows = sortWorstFirst(rows);
});

/**
 * The survey's screens on its list, a zone's snapshot read only when the test says so (`finish`), or failing; the
 * screens shown, in order.
 */
function survey(read: 'succeeds' | 'fails' = 'succeeds') {
	const store = createStore({phase: 'list', rows, done: undefined});
	const phases: string[] = [store.get().phase];
	store.subscribe(() => phases.push(store.get().phase));
	let finish = () => {};
	const reading = (file: string) =>
		new Promise<OpenedSnapshot>((resolve, reject) => {
			finish = () => (read === 'succeeds' ? resolve(traces.get(file)!) : reject(new Error('not a digdeeper snapshot')));
		});
	const app = renderSized(<App store={store} onQuit={() => {}} read={reading} />, {columns: 80, rows: 24});
	return {...app, phases, finish: () => finish()};
}

describe('keys typed while a zone of the survey is opened', () => {
	it('Enter then Esc in one chunk opens the trace and comes back to the list, on the row opened', async () => {
		const {stdin, lastFrame, phases, finish} = survey();
		await frameWhere(lastFrame, (frame) => frame.includes('› com.'));
		stdin.write('j');
		await frameWhere(lastFrame, (frame) => frame.includes('› net.'));
		stdin.write(`${ENTER}${ESC}`);
		await frameWhere(lastFrame, (frame) => frame.includes('opening net.…'));
		finish();
		const frame = await frameWhere(lastFrame, () => phases.length === 3);
		expect(phases).toEqual(['list', 'zone', 'list']);
		expect(await frameWhere(lastFrame, (text) => text.includes('› net.'))).toContain('digdeeper survey');
		expect(frame).not.toContain('Esc or q goes back to the list');
	});

	it('keys behind the Esc that leaves a trace, in the same chunk, are the list\'s: Esc j moves its cursor', async () => {
		const {stdin, lastFrame, phases, finish} = survey();
		await frameWhere(lastFrame, (frame) => frame.includes('› com.'));
		stdin.write(ENTER);
		finish();
		await frameWhere(lastFrame, () => phases.length === 2);
		await frameWhere(lastFrame, (frame) => frame.includes('Esc or q goes back to the list'));
		// Before, the j went with the trace's explorer: the list came back on com.
		stdin.write(`${ESC}j`);
		const frame = await frameWhere(lastFrame, (text) => phases.length === 3 && text.includes('› net.'));
		expect(frame).toContain('digdeeper survey');
	});

	it('keys typed after Enter, before the trace is shown, are for the trace: the list does not move under them', async () => {
		const {stdin, lastFrame, phases, finish} = survey();
		await frameWhere(lastFrame, (frame) => frame.includes('› com.'));
		stdin.write(ENTER);
		await frameWhere(lastFrame, (frame) => frame.includes('opening com.…'));
		// The help, asked for while the trace is read: the trace's help, once it is shown.
		stdin.write('j');
		stdin.write('?');
		finish();
		const help = await frameWhere(lastFrame, (frame) => frame.includes('digdeeper com. SOA') && /help/iu.test(frame) && frame.includes('Esc'));
		expect(phases).toEqual(['list', 'zone']);
		expect(help).not.toContain('› net.');
		// Closing the help and leaving the trace finds the list where it was: on com., the row opened.
		stdin.write(ESC);
		stdin.write(ESC);
		const list = await frameWhere(lastFrame, (frame) => frame.includes('digdeeper survey'));
		expect(list).toContain('› com.');
	});

	it('when the trace cannot be read, the keys typed meanwhile are the list\'s, in order', async () => {
		const {stdin, lastFrame, phases, finish} = survey('fails');
		await frameWhere(lastFrame, (frame) => frame.includes('› com.'));
		stdin.write(`${ENTER}j`);
		await frameWhere(lastFrame, (frame) => frame.includes('opening com.…'));
		finish();
		const frame = await frameWhere(lastFrame, (text) => text.includes('cannot open com.: not a digdeeper snapshot'));
		expect(frame).toContain('› net.');
		expect(phases).toEqual(['list']);
	});
});

describe('open DIR while it judges each zone again from its snapshot', () => {
	it('says how far it is, shows the list once done, and Ctrl-C stops it (interrupted)', async () => {
		const store = createStore({phase: 'reading', dir: '/surveys/monday', judged: 0});
		const quits: boolean[] = [];
		const {stdin, lastFrame} = renderSized(<App store={store} onQuit={({interrupted}) => quits.push(interrupted)} />, {columns: 80, rows: 24});
		store.set({phase: 'reading', dir: '/surveys/monday', judged: 37});
		const reading = await frameWhere(lastFrame, (frame) => frame.includes('37 so far'));
		expect(reading).toContain('digdeeper open /surveys/monday');
		expect(reading).toContain('judging each zone again from its snapshot: 37 so far');
		// Keys other than Ctrl-C do nothing yet; Ctrl-C asks to stop.
		stdin.write('j');
		stdin.write('\u0003');
		expect(quits).toEqual([true]);
		store.set({phase: 'list', rows, done: undefined});
		expect(await frameWhere(lastFrame, (frame) => frame.includes('› com.'))).toContain('digdeeper survey');
	});
});
