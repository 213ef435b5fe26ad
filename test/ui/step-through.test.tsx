import {stepKeysInWords} from '../../source/ui/step-keymap.js';
import {render} from 'ink-testing-library';
import {beforeAll, describe, expect, it} from 'vitest';
import {withAnalysis, type AnalysedTrace} from '../../source/analysis/analyze.js';
import {stepsOf} from '../../source/text/step-through.js';
import {Explorer} from '../../source/ui/explorer.js';
import {frameWhere} from '../helpers/frames.js';
import {labTrace, labWorld} from '../helpers/lab.js';

const RIGHT = '\u001B[C';
const LEFT = '\u001B[D';
const ESCAPE = '\u001B';

let example: AnalysedTrace;
beforeAll(async () => {
	const world = labWorld();
	example = withAnalysis(await labTrace('www.example.com', 'A', {world}), {anchors: {source: 'lab', records: world.trustAnchor}});
});

/** The explorer in a 120×32 terminal (ink-testing-library's stdout has no rows of its own). */
function explore({trace, analysis}: AnalysedTrace, props: {stepThrough?: boolean} = {}) {
	const app = render(<Explorer trace={trace} analysis={analysis} running={false} onExport={async () => ''} onQuit={() => {}} {...props} />);
	Object.defineProperty(app.stdout, 'columns', {value: 120});
	Object.defineProperty(app.stdout, 'rows', {value: 32});
	app.stdout.emit('resize');
	return app;
}

/** The rows of the step-through's two panes: those with the divider. */
const paneRows = (frame: string) => frame.split('\n').filter((line) => line.includes('│'));
/** The tree's side of a frame: what is left of the divider on each row. */
const treeSide = (frame: string) => paneRows(frame).map((line) => line.split('│')[0]!).join('\n');
/** The text on the right of the divider, its wrapped lines joined again: what a person reads there. */
const textSide = (frame: string) => paneRows(frame).map((line) => line.slice(line.indexOf('│') + 1).trim()).join(' ').replace(/\s+/gu, ' ');

describe('the step-through (s)', () => {
	it('opens on the first query: the root asked, its referral to com. explained, the response in dig format', async () => {
		const app = explore(example);
		await frameWhere(app.lastFrame, (frame) => frame.includes('▾ .'));
		app.stdin.write('s');
		const frame = await frameWhere(app.lastFrame, (text) => text.includes('Step 1 of 13'));
		expect(frame).toContain('· path');
		expect(textSide(frame)).toContain('asking a.root-servers.net. (127.77.0.1) for www.example.com. A: the root does not know the name, but knows who serves com. (a.gtld-servers.net. and b.gtld-servers.net.) and gives their addresses (glue)');
		expect(textSide(frame)).toContain(';; ->>HEADER<<- opcode: QUERY, status: NOERROR');
		expect(textSide(frame)).toContain(';; meaning: referral to com.');
		// The way out comes third, before the speeds: at 80 columns the line is cut.
		const keyLine = '→/l/Enter next · ←/h/⌫ previous · Esc/s back to the tree · ? more keys';
		expect(frame).toContain(keyLine);
		// The way out and ? fit 80 columns.
		expect(keyLine.length).toBeLessThanOrEqual(79);
		// ? in the step-through (which takes every key) says the keys the line has no room for, in a line that fits 80.
		app.stdin.write('?');
		const keys = await frameWhere(app.lastFrame, (text) => text.includes('g/G first/last'));
		const said = stepKeysInWords();
		expect(keys).toContain(said);
		expect(said).toBe('g/G first/last · ↑/↓ scroll · space play · +/- faster/slower · q quit');
		expect(said.length).toBeLessThanOrEqual(79);
		expect(keys).toContain('Step 1 of 13');
		expect(frame.split('\n').length).toBeLessThan(32);
		app.unmount();
	});

	it('goes forward and back one step a key, the tree growing as the resolver learns, and Esc leaves it', async () => {
		const app = explore(example);
		await frameWhere(app.lastFrame, (frame) => frame.includes('▾ .'));
		app.stdin.write('s');
		const first = await frameWhere(app.lastFrame, (text) => text.includes('Step 1 of 13'));
		// After the root's referral the resolver knows com., not yet example.com.
		expect(treeSide(first)).toMatch(/[▸▾] com\. /u);
		expect(treeSide(first)).not.toMatch(/[▸▾] example\.com\. /u);
		app.stdin.write(RIGHT);
		const second = await frameWhere(app.lastFrame, (text) => text.includes('Step 2 of 13'));
		expect(textSide(second)).toContain('also asked, to compare: www.example.com. A of the 7 other addresses of the root\'s servers: all 7 gave referral to com.');
		for (let step = 2; step < 5; step++) {
			app.stdin.write('l');
			await frameWhere(app.lastFrame, (text) => text.includes(`Step ${step + 1} of 13`));
		}
		const fifth = app.lastFrame() ?? '';
		expect(textSide(fifth)).toContain('asking a.gtld-servers.net. (127.77.1.1) for www.example.com. A: com. does not know the name, but knows who serves example.com.');
		expect(treeSide(fifth)).toMatch(/[▸▾] example\.com\. /u);
		app.stdin.write(LEFT);
		const back = await frameWhere(app.lastFrame, (text) => text.includes('Step 4 of 13'));
		expect(treeSide(back)).not.toMatch(/[▸▾] example\.com\. /u);
		app.stdin.write(ESCAPE);
		const tree = await frameWhere(app.lastFrame, (text) => !text.includes('of 13') && text.includes('Tab switch pane'));
		expect(tree).toContain('▾ .');
		// s again comes back to the step it was left on.
		app.stdin.write('s');
		await frameWhere(app.lastFrame, (text) => text.includes('Step 4 of 13'));
		app.unmount();
	});

	it('plays by itself with space, faster with +, and pauses with space', async () => {
		const app = explore(example);
		await frameWhere(app.lastFrame, (frame) => frame.includes('▾ .'));
		app.stdin.write('s');
		await frameWhere(app.lastFrame, (text) => text.includes('Step 1 of 13') && text.includes('paused (a step every 2.0 s'));
		app.stdin.write('++++');
		await frameWhere(app.lastFrame, (text) => text.includes('a step every 250 ms'));
		app.stdin.write(' ');
		await frameWhere(app.lastFrame, (text) => text.includes('▶ playing'));
		// It moves on by itself: step 3 or later, however busy the machine.
		const later = await frameWhere(app.lastFrame, (text) => Number(/Step (\d+) of 13/u.exec(text)?.[1]) >= 3);
		expect(later).toContain('space/p pause');
		app.stdin.write(' ');
		const paused = await frameWhere(app.lastFrame, (text) => text.includes('paused'));
		const at = /Step (\d+) of 13/u.exec(paused)![1];
		await new Promise((resolve) => setTimeout(resolve, 400));
		expect(app.lastFrame()).toContain(`Step ${at} of 13`);
		app.unmount();
	});

	it('enters and leaves a side trip for a glueless name server, visibly (pureos.net, whose servers are under puri.sm)', async () => {
		const world = labWorld();
		const pureos = withAnalysis(await labTrace('www.pureos.net', 'A', {world}), {anchors: {source: 'lab', records: world.trustAnchor}});
		const app = explore(pureos);
		await frameWhere(app.lastFrame, (frame) => frame.includes('▾ .'));
		app.stdin.write('s');
		const first = await frameWhere(app.lastFrame, (text) => text.includes('Step 1 of'));
		// Where the first side trip begins and ends, as the steps (tested on their own in test/text) say.
		const steps = stepsOf(pureos.trace);
		const enters = steps.find((step) => step.enters)!.number;
		const leaves = steps.find((step) => step.leaves)!.number;
		app.stdin.write('l'.repeat(enters - 1));
		const entered = await frameWhere(app.lastFrame, (text) => text.includes(`Step ${enters} of ${steps.length}`));
		expect(textSide(entered)).toContain('↪ A side trip begins: to reach ns1.puri.sm., a name server of pureos.net., the resolver first needs its address (A).');
		expect(textSide(entered)).toContain('[side trip: the A of ns1.puri.sm.] asking a.root-servers.net. (127.77.0.1) for ns1.puri.sm. A');
		app.stdin.write('l'.repeat(leaves - enters));
		const left = await frameWhere(app.lastFrame, (text) => text.includes(`Step ${leaves} of ${steps.length}`));
		expect(textSide(left)).toContain('↩ The side trip ends, back to pureos.net.: no A address for ns1.puri.sm. (nxdomain)');
		// The tree has grown by the zone the side trip went to: the root's referral to sm. is its first step.
		expect(treeSide(first)).not.toMatch(/[▸▾] sm\. /u);
		expect(treeSide(entered)).toMatch(/[▸▾] sm\. /u);
		app.unmount();
	});

	it('is in the help (?), from the keymap', async () => {
		const app = explore(example);
		await frameWhere(app.lastFrame, (frame) => frame.includes('▾ .'));
		app.stdin.write('?');
		expect(await frameWhere(app.lastFrame, (text) => text.includes('Keys'))).toMatch(/\bs +step through/u);
		app.unmount();
	});

	it('--step opens it by itself once the trace is done', async () => {
		const app = explore(example, {stepThrough: true});
		await frameWhere(app.lastFrame, (text) => text.includes('Step 1 of 13'));
		app.unmount();
	});
});
