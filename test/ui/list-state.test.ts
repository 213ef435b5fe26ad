import {describe, expect, it} from 'vitest';
import {initialListState, listReducer} from '../../source/ui/list-state.js';

describe('list state', () => {
	it('keeps the cursor inside the list', () => {
		let state = initialListState(3, 10);
		state = listReducer(state, {type: 'move', by: -1});
		expect(state.cursor).toBe(0);
		state = listReducer(state, {type: 'move', by: 10});
		expect(state.cursor).toBe(2);
	});

	it('scrolls the window so the cursor stays visible', () => {
		let state = initialListState(100, 10);
		state = listReducer(state, {type: 'move', by: 15});
		expect(state).toMatchObject({cursor: 15, top: 6});
		state = listReducer(state, {type: 'first'});
		expect(state).toMatchObject({cursor: 0, top: 0});
		state = listReducer(state, {type: 'last'});
		expect(state).toMatchObject({cursor: 99, top: 90});
	});

	it('refits the window when the terminal shrinks', () => {
		const state = listReducer(listReducer(initialListState(100, 20), {type: 'move', by: 19}), {type: 'resize', height: 5});
		expect(state).toMatchObject({cursor: 19, top: 15, height: 5});
	});
});
