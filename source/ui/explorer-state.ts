import {DEFAULT_STEP_SPEED, STEP_SPEEDS_MS} from './step-keymap.js';
import {pathTo, visibleRows, type Row, type TreeNode} from './tree-model.js';

/** What the reducer needs to know about the tree: its nodes, and the ids the live trace opens by itself. */
export interface TreeContext {
	tree: TreeNode[];
	auto: ReadonlySet<string>;
	height: number;
}

/** The rows on screen for a state: its own expanded set plus the automatic one, less what the user closed. */
export function rowsOf(state: Pick<ExplorerState, 'expanded' | 'collapsed'>, context: TreeContext): Row[] {
	return visibleRows(context.tree, new Set([...state.expanded, ...[...context.auto].filter((id) => !state.collapsed.has(id))]));
}

export type Overlay = 'help' | 'findings' | 'explain' | 'dnssec' | 'dependencies' | 'compare' | 'timeline' | 'diff' | 'resolvers' | 'step' | 'whatif' | 'prompt';

/** Where the step-through is: the step shown (from 0), whether it plays by itself, and how fast (an index into STEP_SPEEDS_MS). */
export interface StepPlace {
	index: number;
	playing: boolean;
	speed: number;
}

/** What the one-line prompt is for: find in the tree, filter the findings, open a snapshot, diff against one. */
export type PromptFor = 'find' | 'findings' | 'open' | 'diff';

/** Everything the explorer remembers between key presses; the trace itself comes from props. */
export interface ExplorerState {
	cursor?: string;
	/** Nodes the user closed: automatic expansion (of zones the live trace reaches) leaves them closed. */
	collapsed: ReadonlySet<string>;
	/** The user has moved: the explorer stops placing the cursor for them. */
	touched: boolean;
	/** First visible row of the tree. */
	top: number;
	expanded: ReadonlySet<string>;
	focus: 'tree' | 'detail';
	/** First visible line of the detail pane (or of the open overlay). */
	detailTop: number;
	/** Which page of the zone grid's columns is shown (`<` and `>`); kept from zone to zone, to compare them. */
	gridPage: number;
	overlay?: Overlay;
	/** Cursor in the findings list. */
	findingCursor: number;
	/** Cursor in the what-if list (w). */
	whatIfCursor: number;
	/** In the findings overlay, what the movement keys move: the list's cursor, or the selected finding's detail. */
	findingFocus: 'list' | 'detail';
	marks: string[];
	filter: string;
	/** Findings shown are those whose code, zone or message contain this (set with / in the findings list). */
	findingsFilter: string;
	/** What the prompt's text is for; from the findings list it filters the list, which comes back. */
	promptFor: PromptFor;
	draft: string;
	/** A one-line message in the status bar ("exported to …"). */
	status: string;
	/** The step-through's place, kept when it is left, so s comes back to the same step. */
	step: StepPlace;
}

export type ExplorerAction =
	| {type: 'move'; by: number; context: TreeContext}
	| {type: 'to'; index: number; context: TreeContext}
	| {type: 'open'; context: TreeContext}
	| {type: 'back'; context: TreeContext}
	| {type: 'expand'; id: string}
	| {type: 'collapse'; id: string}
	| {type: 'reveal'; path: string[]; id: string; context: TreeContext}
	| {type: 'focus'; pane: 'tree' | 'detail'}
	| {type: 'finding-focus'; pane: 'list' | 'detail'}
	| {type: 'scroll'; by: number; max: number}
	| {type: 'grid-page'; by: number; count: number}
	| {type: 'overlay'; overlay?: Overlay}
	| {type: 'prompt'; for: PromptFor}
	| {type: 'finding-cursor'; by: number; count: number}
	| {type: 'what-if-cursor'; by: number; count: number}
	| {type: 'mark'; ids: string[]}
	| {type: 'draft'; text: string}
	| {type: 'submit'; text: string}
	| {type: 'status'; text: string}
	| {type: 'step'; to: number; count: number}
	| {type: 'step-play'; playing: boolean}
	| {type: 'step-speed'; by: number}
	| {type: 'place'; id: string; path: string[]; context: TreeContext};

export function initialExplorerState(expanded: ReadonlySet<string>, cursor?: string): ExplorerState {
	return {expanded, collapsed: new Set(), touched: false, top: 0, focus: 'tree', detailTop: 0, gridPage: 0, findingCursor: 0, whatIfCursor: 0, findingFocus: 'list', marks: [], filter: '', findingsFilter: '', promptFor: 'find', draft: '', status: '', step: {index: 0, playing: false, speed: DEFAULT_STEP_SPEED}, ...(cursor ? {cursor} : {})};
}

/**
 * The finding the cursor is on, in a list of `count`: the list shrinks under it when the analysis changes (a what-if,
 * a watch's round), and a cursor past its end had no row lit, an empty detail, and Enter doing nothing.
 */
export const findingIndex = (state: Pick<ExplorerState, 'findingCursor'>, count: number): number => Math.max(0, Math.min(state.findingCursor, count - 1));

/**
 * The findings overlay's rows: up to half for the list (its title included) — no more than its findings need, so a
 * trace with one finding gives its detail the rest —, a blank row, the rest for the detail.
 */
export function findingsLayout(height: number, findings: number): {list: number; detail: number} {
	const list = Math.max(1, Math.min(Math.floor(height / 2), findings + 1));
	return {list, detail: Math.max(1, height - list - 1)};
}

/**
 * Keeps the cursor's row inside the window of `height` rows, and the window no lower than the rows need: after the
 * terminal grows, the rows scrolled off at the small size come back.
 */
export function scrolled(top: number, index: number, height: number, count: number): number {
	let next = top;
	if (index < next) next = index;
	if (index >= next + height) next = index - height + 1;
	return Math.max(0, Math.min(next, Math.max(0, count - height)));
}

export function explorerReducer(state: ExplorerState, action: ExplorerAction): ExplorerState {
	switch (action.type) {
		case 'move':
		case 'to': {
			const rows = rowsOf(state, action.context);
			if (rows.length === 0) return state;
			const current = Math.max(0, rows.findIndex((row) => row.node.id === state.cursor));
			const index = Math.max(0, Math.min(rows.length - 1, action.type === 'move' ? current + action.by : action.index < 0 ? rows.length - 1 : action.index));
			return {...state, cursor: rows[index]!.node.id, top: scrolled(state.top, index, action.context.height, rows.length), detailTop: 0, touched: true};
		}
		case 'open': {
			const row = rowsOf(state, action.context).find((candidate) => candidate.node.id === state.cursor);
			if (!row) return state;
			if (row.node.children.length > 0 && !row.expanded) return explorerReducer(state, {type: 'expand', id: row.node.id});
			return {...state, focus: 'detail', touched: true};
		}
		case 'back': {
			if (state.focus === 'detail') return {...state, focus: 'tree'};
			const rows = rowsOf(state, action.context);
			const row = rows.find((candidate) => candidate.node.id === state.cursor);
			if (!row) return state;
			if (row.expanded && row.node.children.length > 0) return explorerReducer(state, {type: 'collapse', id: row.node.id});
			const path = pathTo(action.context.tree, row.node.id);
			const parent = path && path.length > 1 ? path[path.length - 2] : undefined;
			if (!parent) return state;
			return explorerReducer(state, {type: 'to', index: rows.findIndex((candidate) => candidate.node.id === parent), context: action.context});
		}
		case 'expand': {
			const collapsed = new Set(state.collapsed);
			collapsed.delete(action.id);
			return {...state, expanded: new Set([...state.expanded, action.id]), collapsed, touched: true};
		}
		case 'collapse': {
			const expanded = new Set(state.expanded);
			expanded.delete(action.id);
			return {...state, expanded, collapsed: new Set([...state.collapsed, action.id]), touched: true};
		}
		case 'place': {
			if (state.touched) return state;
			const expanded = new Set([...state.expanded, ...action.path.slice(0, -1)]);
			const rows = rowsOf({expanded, collapsed: state.collapsed}, action.context);
			const index = Math.max(0, rows.findIndex((row) => row.node.id === action.id));
			return {...state, expanded, cursor: action.id, top: scrolled(state.top, index, action.context.height, rows.length)};
		}
		case 'reveal': {
			const expanded = new Set([...state.expanded, ...action.path.slice(0, -1)]);
			const rows = rowsOf({expanded, collapsed: state.collapsed}, action.context);
			const index = Math.max(0, rows.findIndex((row) => row.node.id === action.id));
			const {height} = action.context;
			return {...state, expanded, cursor: action.id, top: scrolled(index - Math.floor(height / 2), index, height, rows.length), focus: 'tree', detailTop: 0, overlay: undefined, touched: true};
		}
		case 'focus':
			return {...state, focus: action.pane};
		case 'scroll':
			return {...state, detailTop: Math.max(0, Math.min(action.max, state.detailTop + action.by))};
		case 'grid-page':
			return {...state, gridPage: Math.max(0, Math.min(action.count - 1, state.gridPage + action.by))};
		case 'finding-focus':
			return {...state, findingFocus: action.pane};
		case 'overlay': {
			const overlay = state.overlay === action.overlay ? undefined : action.overlay;
			// A status line said while an overlay was open is about it ("2 of 2 resolvers answered"): it goes when the overlay does.
			return {...state, overlay, detailTop: 0, findingFocus: 'list', whatIfCursor: 0, ...(state.overlay && !overlay ? {status: ''} : {})};
		}
		case 'prompt':
			return {...state, overlay: 'prompt', promptFor: action.for, draft: '', detailTop: 0};
		case 'finding-cursor':
			return {...state, findingCursor: Math.max(0, Math.min(action.count - 1, findingIndex(state, action.count) + action.by)), detailTop: 0};
		case 'what-if-cursor':
			return {...state, whatIfCursor: Math.max(0, Math.min(action.count - 1, state.whatIfCursor + action.by))};
		case 'mark': {
			// A name server marks all its addresses at once; marking again unmarks them.
			const all = action.ids.every((id) => state.marks.includes(id));
			const marks = all ? state.marks.filter((id) => !action.ids.includes(id)) : [...state.marks, ...action.ids.filter((id) => !state.marks.includes(id))];
			return {...state, marks, status: `${marks.length} marked for compare${marks.length >= 2 ? ' (c compares)' : ''}`};
		}
		case 'draft':
			return {...state, draft: action.text};
		case 'submit':
			switch (state.promptFor) {
				case 'findings':
					return {...state, findingsFilter: action.text, overlay: 'findings', findingCursor: 0, status: action.text ? `findings matching "${action.text}" (/ to change)` : ''};
				case 'find':
					return {...state, filter: action.text, overlay: undefined, status: action.text ? `find: ${action.text} (n/N)` : ''};
				default:
					return {...state, overlay: undefined, status: action.text ? `reading ${action.text}…` : ''};
			}
		case 'status':
			return {...state, status: action.text};
		case 'step': {
			// A new step starts at the top of its explanation; past the last one the auto-play stops there.
			const index = Math.max(0, Math.min(action.count - 1, action.to));
			return {...state, step: {...state.step, index, playing: state.step.playing && action.to < action.count}, detailTop: 0};
		}
		case 'step-play':
			return {...state, step: {...state.step, playing: action.playing}};
		case 'step-speed':
			return {...state, step: {...state.step, speed: Math.max(0, Math.min(STEP_SPEEDS_MS.length - 1, state.step.speed + action.by))}};
	}
}
