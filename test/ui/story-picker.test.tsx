import {render} from 'ink-testing-library';
import {describe, expect, it} from 'vitest';
import {frameWhere} from '../helpers/frames.js';
import {renderSized} from '../helpers/terminal.js';
import {INTERNET} from '../../source/lab/internet.js';
import type {StorySpec} from '../../source/lab/world.js';
import {parseKeys} from '../../source/ui/key-press.js';
import {initialListState} from '../../source/ui/list-state.js';
import {pickerLayout, pickerReducer, StoryPicker, type PickerState} from '../../source/ui/story-picker.js';

const ARROW_DOWN = '\u001B[B';
const ENTER = '\r';

/** What the picker hands back after `keys` arrive in one chunk: the story chosen, or undefined when it quit. */
async function choiceAfter(keys: string): Promise<StorySpec | undefined> {
	let called = false;
	let chosen: StorySpec | undefined = INTERNET.stories[0];
	const {stdin, lastFrame} = render(
		<StoryPicker
			stories={INTERNET.stories}
			onChoose={(story) => {
				called = true;
				chosen = story;
			}}
		/>,
	);
	await frameWhere(lastFrame, (frame) => frame.includes('›'));
	stdin.write(keys);
	await frameWhere(() => (called ? 'done' : ''), (frame) => frame === 'done');
	return chosen;
}

describe('the lab story picker', () => {
	it('lists the stories with the first selected and its incident shown', () => {
		const {lastFrame} = render(<StoryPicker stories={INTERNET.stories} onChoose={() => {}} />);
		const frame = lastFrame()!;
		expect(frame).toContain('› www.puri.sm');
		expect(frame).toContain('Registry suspension');
		expect(frame).toContain('the registrar had not paid the .sm registry');
		expect(frame).toContain('Enter/l/→ open');
	});

	it('moves with the arrow keys and traces the chosen story on Enter', async () => {
		let chosen: StorySpec | undefined;
		const {stdin, lastFrame} = render(<StoryPicker stories={INTERNET.stories} onChoose={(story) => (chosen = story)} />);
		await frameWhere(lastFrame, (frame) => frame.includes('› www.puri.sm'));
		stdin.write(ARROW_DOWN);
		await frameWhere(lastFrame, (frame) => frame.includes('› www.pureos.net'));
		stdin.write(ENTER);
		await frameWhere(() => (chosen ? 'done' : ''), (frame) => frame === 'done');
		expect(chosen?.name).toBe('www.pureos.net');
	});

	it('quits with q without choosing', async () => {
		expect(await choiceAfter('q')).toBeUndefined();
	});

	it('takes keys sent together one by one: jjj and Enter in one chunk open the fourth story', async () => {
		let chosen: StorySpec | undefined;
		const {stdin, lastFrame} = render(<StoryPicker stories={INTERNET.stories} onChoose={(story) => (chosen = story)} />);
		await frameWhere(lastFrame, (frame) => frame.includes('› www.puri.sm'));
		stdin.write('jjj\r');
		await frameWhere(() => (chosen ? 'done' : ''), (frame) => frame === 'done');
		expect(chosen).toBe(INTERNET.stories[3]);
	});

	it('quits on Ctrl-C, even right behind other keys in the same chunk', async () => {
		expect(await choiceAfter('j\u0003')).toBeUndefined();
	});

	it('keeps the frame within a 24-row terminal by scrolling the list', async () => {
		const many: StorySpec[] = Array.from({length: 60}, (_, index) => ({name: `story${index}.example`, title: `Story ${index}`, incident: 'An incident.', lookFor: 'Something.'}));
		const {stdin, lastFrame} = render(<StoryPicker stories={many} onChoose={() => {}} />);
		expect(lastFrame()!.split('\n').length).toBeLessThan(24);
		stdin.write('G');
		const frame = await frameWhere(lastFrame, (text) => text.includes('› story59.example'));
		expect(frame).not.toContain('story0.example');
		expect(frame).toContain('(60/60)');
	});
});

describe('the picker in a short terminal', () => {
	it('keeps the selected story and the help line on screen, the chrome around the list giving way', async () => {
		for (const rows of [12, 10, 7, 5]) {
			const app = renderSized(<StoryPicker stories={INTERNET.stories} onChoose={() => {}} />, {columns: 80, rows});
			const frame = await frameWhere(app.lastFrame, (text) => text.includes('› www.puri.sm'));
			// Fewer rows than the terminal's: a frame that fills it scrolls its first row off (and Ink leaves its newline off).
			expect(frame.split('\n').length, `${rows} rows`).toBeLessThan(rows);
			expect(frame, `${rows} rows`).toMatch(/q quit {2}\(1\/\d+\)$/u);
			app.unmount();
		}
	});

	it('gives way blank rows first, then what to look for, the title and the incident', () => {
		expect(pickerLayout(24)).toEqual({chrome: {title: true, gapAbove: true, gapBelow: true, incident: true, lookFor: true}, listRows: 15});
		expect(pickerLayout(12).listRows).toBe(3);
		expect(pickerLayout(10)).toEqual({chrome: {title: true, gapAbove: false, gapBelow: false, incident: true, lookFor: true}, listRows: 3});
		expect(pickerLayout(7)).toEqual({chrome: {title: false, gapAbove: false, gapBelow: false, incident: true, lookFor: false}, listRows: 3});
		expect(pickerLayout(4)).toEqual({chrome: {title: false, gapAbove: false, gapBelow: false, incident: false, lookFor: false}, listRows: 2});
	});
});

describe('the picker\'s reducer', () => {
	const press = (input: string, state: PickerState = {...initialListState(10, 4), done: false}) => parseKeys(input).reduce((current, key) => pickerReducer(current, {type: 'key', key}), state);

	it('moves on the cursor the key before left and chooses where it stands', () => {
		expect(press('jjj\r')).toMatchObject({cursor: 3, done: true, chosen: 3});
		expect(press('G\u001B[5~\r')).toMatchObject({cursor: 5, chosen: 5});
	});

	it('ends without a choice on q, Esc or Ctrl-C, and takes no key after that', () => {
		for (const input of ['jq', 'j\u001B', 'j\u0003']) {
			const state = press(`${input}jj\r`);
			expect(state).toMatchObject({cursor: 1, done: true});
			expect(state.chosen).toBeUndefined();
			// Ctrl-C exits 130, as it does everywhere; q and Esc are a plain quit.
			expect(state.interrupted === true).toBe(input.endsWith('\u0003'));
		}
	});
});
