import {stat} from 'node:fs';
import {render} from 'ink-testing-library';
import {describe, expect, it} from 'vitest';
import {frameWhere} from '../helpers/frames.js';
import {withAnalysis, type AnalysedTrace} from '../../source/analysis/analyze.js';
import {Explorer} from '../../source/ui/explorer.js';
import {labTrace, labWorld} from '../helpers/lab.js';

const CTRL_C = '\u0003';
const DOWN = '\u001B[B';

/** Time-outs long enough that only the lab's dead servers time out, however busy the machine. */
async function analysed(name: string): Promise<AnalysedTrace> {
	const world = labWorld();
	return withAnalysis(await labTrace(name, 'A', {world, timeoutMs: 500}), {anchors: {source: 'lab', records: world.trustAnchor}});
}

function explore({trace, analysis}: Pick<AnalysedTrace, 'trace'> & Partial<AnalysedTrace>, running = false, onExport = async () => '/tmp/x.json') {
	let quits = 0;
	const app = render(<Explorer trace={trace} {...(analysis ? {analysis} : {})} running={running} onExport={onExport} onQuit={() => quits++} />);
	return {...app, quits: () => quits};
}

const pause = (ms = 30) => new Promise((resolve) => setTimeout(resolve, ms));

/** www.nic.bw's trace with the find prompt open, "b" typed into it. */
async function findPromptOpen() {
	const app = explore(await analysed('www.nic.bw.'));
	await frameWhere(app.lastFrame, (text) => text.includes('bw. — 4 server addresses'));
	app.stdin.write('/b');
	await frameWhere(app.lastFrame, (text) => text.includes('find: b█'));
	return app;
}
const quitted = (app: {quits: () => number}) => frameWhere(() => (app.quits() > 0 ? 'quit' : ''), (text) => text === 'quit');

/* A paste, fast typing over SSH and tmux send-keys deliver several keys in one chunk: each must act on the state the
   key before it left, exactly as if typed one by one. */
describe('keys sent together', () => {
	it('"/bwc" opens the find prompt and types "bwc" into it, and c does not compare', async () => {
		const {lastFrame, stdin} = explore(await analysed('www.nic.bw.'));
		await frameWhere(lastFrame, (text) => text.includes('bw. — 4 server addresses'));
		stdin.write('/bwc');
		const frame = await frameWhere(lastFrame, (text) => text.includes('find: bwc█'));
		expect(frame).not.toContain('mark two or more');
		stdin.write('\r');
		await frameWhere(lastFrame, (text) => text.includes('no match for "bwc"'));
	});

	it('"/127.77.150.1" and Enter in one chunk find the server and jump to it', async () => {
		const {lastFrame, stdin} = explore(await analysed('www.nic.bw.'));
		await frameWhere(lastFrame, (text) => text.includes('bw. — 4 server addresses'));
		stdin.write('/127.77.150.1\r');
		const frame = await frameWhere(lastFrame, (text) => text.includes('find: 127.77.150.1 (n/N)'));
		expect(frame).toContain('pch.nic.bw. at 127.77.150.1, a server of bw.');
	});

	it('"fj" opens the findings and moves their cursor, not the tree hidden behind them', async () => {
		const {lastFrame, stdin} = explore(await analysed('www.pureos.net.'));
		await frameWhere(lastFrame, (text) => text.includes('pureos.net. — 0 server addresses'));
		stdin.write('fj');
		const frame = await frameWhere(lastFrame, (text) => text.includes('Findings (5)') && text.includes('Who can fix it: the zone owner'));
		expect(frame).toContain('every name server is named under puri.sm.');
		stdin.write('\u001B');
		await frameWhere(lastFrame, (text) => text.includes('pureos.net. — 0 server addresses, delegated by net.'));
	});

	it('a paste is typed into the prompt, its first line, and runs no command (bracketed paste)', async () => {
		const app = explore(await analysed('www.nic.bw.'));
		await frameWhere(app.lastFrame, (text) => text.includes('bw. — 4 server addresses'));
		app.stdin.write('/');
		await frameWhere(app.lastFrame, (text) => text.includes('find: █'));
		// Before, the text after the line break ran as keys: R wrote a report, q quit.
		app.stdin.write('\u001B[200~ns1\rRq\u001B[201~');
		await frameWhere(app.lastFrame, (text) => text.includes('find: ns1█'));
		await pause(100);
		expect(app.quits()).toBe(0);
		// Outside a prompt a paste does nothing at all.
		app.stdin.write('\u001B');
		await frameWhere(app.lastFrame, (text) => !text.includes('find:'));
		const before = app.lastFrame();
		app.stdin.write('\u001B[200~q\u001B[201~');
		await pause(100);
		expect(app.quits()).toBe(0);
		expect(app.lastFrame()).toBe(before);
	});

	it('a 100 KB paste into a prompt is held to what a prompt holds, and drawn at once (it held the thread for minutes)', async () => {
		const app = explore(await analysed('www.nic.bw.'));
		await frameWhere(app.lastFrame, (text) => text.includes('bw. — 4 server addresses'));
		app.stdin.write('/');
		await frameWhere(app.lastFrame, (text) => text.includes('find: █'));
		const started = performance.now();
		app.stdin.write(`\u001B[200~${'m'.repeat(100_000)}\u001B[201~`);
		await frameWhere(app.lastFrame, (text) => /find: …m+█/u.test(text));
		expect(performance.now() - started).toBeLessThan(2000);
		app.stdin.write('\u001B');
		await frameWhere(app.lastFrame, (text) => !text.includes('find:'));
	});

	it('a terminal\'s colour reply types nothing, though Ink hands it on in pieces', async () => {
		const {lastFrame, stdin} = explore(await analysed('www.nic.bw.'));
		await frameWhere(lastFrame, (text) => text.includes('bw. — 4 server addresses'));
		stdin.write('/');
		await frameWhere(lastFrame, (text) => text.includes('find: █'));
		// Before, `ESC ]` was dropped and the rest typed: "find: 11;rgb:0000/0000/0000".
		stdin.write('\u001B]11;rgb:0000/0000/0000\u0007');
		stdin.write('\u001B]10;rgb:ffff/ffff/ffff\u001B\\');
		stdin.write('bw');
		const frame = await frameWhere(lastFrame, (text) => text.includes('find: bw█'));
		expect(frame).not.toContain('rgb');
	});

	it('a colour reply cut after its ESC, or before its ST\'s backslash, types nothing and closes nothing', async () => {
		const {lastFrame, stdin} = await findPromptOpen();
		// A read that ends with ESC: Ink hands that ESC on alone a turn later. Before, it was Esc (the prompt cancelled)
		// and the rest keys: r traced again, / opened find with "0000/0000" in it.
		stdin.write('\u001B');
		await pause(5);
		stdin.write(']11;rgb:0000/0000/0000\u0007');
		// The ESC of the ST alone, then its backslash.
		stdin.write('\u001B]10;rgb:ffff/ffff/ffff');
		await pause(5);
		stdin.write('\u001B');
		await pause(5);
		stdin.write('\\');
		stdin.write('w');
		const frame = await frameWhere(lastFrame, (text) => text.includes('find: bw█'));
		expect(frame).not.toContain('rgb');
		// An Esc typed on its own still cancels, once nothing follows it.
		stdin.write('\u001B');
		await frameWhere(lastFrame, (text) => !text.includes('find:'));
	});

	it('joins the rest of a cut sequence read after a busy moment: the wait is for input, not by the clock', async () => {
		const {lastFrame, stdin} = await findPromptOpen();
		stdin.write('\u001B');
		await pause(5);
		// The rest comes while the thread is held for 60 ms (a survey's zone being opened), and is read as input is, in
		// the loop's poll phase: after the timers that ran out meanwhile. Judged by the clock it was 60 ms late: Esc, keys.
		stat('.', () => stdin.write(']11;rgb:0000/0000/0000\u0007w'));
		const until = performance.now() + 60;
		while (performance.now() < until);
		const frame = await frameWhere(lastFrame, (text) => text.includes('find: bw█'));
		expect(frame).not.toContain('rgb');
	});

	it('leave the same screen whether they arrive one by one or all at once', async () => {
		// The last key marks: the status line says what it did (a key after it would clear it).
		const keys = ['j', 'j', 'l', 'j', 'f', 'j', 'j', '\u001B', 'g', 'j', ' ', 'k', 'j', 'j', ' '];
		const trace = await analysed('www.nic.bw.');
		const oneByOne = explore(trace);
		const together = explore(trace);
		for (const app of [oneByOne, together]) await frameWhere(app.lastFrame, (text) => text.includes('bw. — 4 server addresses'));
		for (const key of keys) {
			oneByOne.stdin.write(key);
			await pause();
		}
		// Ink holds back a lone Esc at the end of a chunk until it knows no sequence follows; none ends this one.
		together.stdin.write(keys.join(''));
		const expected = await frameWhere(oneByOne.lastFrame, (text) => text.includes('marked for compare'));
		expect(expected).toContain('4 marked for compare');
		await frameWhere(together.lastFrame, (text) => text === expected);
	});
});

describe('Ctrl-C', () => {
	it('quits from the tree (it is not c, compare)', async () => {
		const app = explore(await analysed('www.nic.bw.'));
		await frameWhere(app.lastFrame, (text) => text.includes('bw. — 4 server addresses'));
		app.stdin.write(CTRL_C);
		await quitted(app);
		expect(app.lastFrame()).not.toContain('mark two or more');
	});

	it('quits while the find prompt is open, where q is only a letter', async () => {
		const app = explore(await analysed('www.nic.bw.'));
		await frameWhere(app.lastFrame, (text) => text.includes('bw. — 4 server addresses'));
		app.stdin.write('/q');
		await frameWhere(app.lastFrame, (text) => text.includes('find: q█'));
		expect(app.quits()).toBe(0);
		app.stdin.write(CTRL_C);
		await quitted(app);
	});

	it('quits from an overlay', async () => {
		const app = explore(await analysed('www.nic.bw.'));
		await frameWhere(app.lastFrame, (text) => text.includes('bw. — 4 server addresses'));
		app.stdin.write('?');
		await frameWhere(app.lastFrame, (text) => text.includes('DNSSEC chain') && text.includes('move up'));
		app.stdin.write(CTRL_C);
		await quitted(app);
	});

	it('quits while the trace is still running', async () => {
		const app = explore(await analysed('www.nic.bw.'), true);
		// A finished walk shown as still running: being analysed.
		await frameWhere(app.lastFrame, (text) => text.includes(' analysing, '));
		app.stdin.write(CTRL_C);
		await quitted(app);
	});

	it('quits when it arrives behind other keys, and no key after it runs', async () => {
		let exports = 0;
		const app = explore(await analysed('www.nic.bw.'), false, async () => `/tmp/${++exports}.json`);
		await frameWhere(app.lastFrame, (text) => text.includes('bw. — 4 server addresses'));
		app.stdin.write(`${DOWN}j${CTRL_C}e`);
		await quitted(app);
		await pause();
		expect(app.quits()).toBe(1);
		expect(exports).toBe(0);
	});
});

describe('a: the resolvers overlay', () => {
	it('names its own key while the resolvers can be asked, and its status line goes with it', async () => {
		const {trace, analysis} = await analysed('www.example.com.');
		const asked = {count: 2, done: Promise.resolve('2 of 2 resolvers answered')};
		const {lastFrame, stdin} = render(<Explorer trace={trace} analysis={analysis} running={false} onExport={async () => '/tmp/x.json'} onAskResolvers={() => asked} onQuit={() => undefined} />);
		await frameWhere(lastFrame, (text) => text.includes('DNSSEC secure'));
		stdin.write('a');
		const open = await frameWhere(lastFrame, (text) => text.includes('2 of 2 resolvers answered'));
		expect(open.split('\n').at(-1)).toContain('a ask again');
		stdin.write('\u001B');
		const closed = await frameWhere(lastFrame, (text) => text.includes('Enter/l/→ open'));
		expect(closed).not.toContain('resolvers answered');
	});

	it('on a snapshot, where nothing can be asked, names no key of its own', async () => {
		const {trace, analysis} = await analysed('www.example.com.');
		const {lastFrame, stdin} = render(<Explorer trace={{...trace, resolvers: []}} analysis={analysis} running={false} onExport={async () => '/tmp/x.json'} onQuit={() => undefined} />);
		await frameWhere(lastFrame, (text) => text.includes('DNSSEC secure'));
		stdin.write('a');
		const open = await frameWhere(lastFrame, (text) => text.includes('What recursive resolvers serve'));
		expect(open.split('\n').at(-1)).not.toContain('ask again');
	});
});
