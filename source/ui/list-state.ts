/** A cursor over a list and the window of rows that fits on screen. Plain reducer: testable without a terminal. */
export interface ListState {
	count: number;
	cursor: number;
	/** First visible row. */
	top: number;
	/** Rows that fit. */
	height: number;
}

export type ListAction =
	| {type: 'move'; by: number}
	| {type: 'first'}
	| {type: 'last'}
	| {type: 'resize'; height: number}
	| {type: 'set-count'; count: number};

export function initialListState(count: number, height: number): ListState {
	return {count, cursor: 0, top: 0, height: Math.max(1, height)};
}

export function listReducer(state: ListState, action: ListAction): ListState {
	switch (action.type) {
		case 'move':
			return scrollTo(state, state.cursor + action.by);
		case 'first':
			return scrollTo(state, 0);
		case 'last':
			return scrollTo(state, state.count - 1);
		case 'resize':
			return scrollTo({...state, height: Math.max(1, action.height)}, state.cursor);
		case 'set-count':
			return scrollTo({...state, count: action.count}, state.cursor);
	}
}

function scrollTo(state: ListState, target: number): ListState {
	const cursor = Math.max(0, Math.min(state.count - 1, target));
	let top = state.top;
	if (cursor < top) top = cursor;
	if (cursor >= top + state.height) top = cursor - state.height + 1;
	top = Math.max(0, Math.min(top, Math.max(0, state.count - state.height)));
	return {...state, cursor: Math.max(0, cursor), top};
}
