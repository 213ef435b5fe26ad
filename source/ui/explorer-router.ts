import type {Finding} from '../analysis/finding.js';
import type {Zone} from '../trace/model.js';
import {explorerReducer, findingIndex, findingsLayout, rowsOf, type ExplorerAction, type ExplorerState, type PromptFor, type TreeContext} from './explorer-state.js';
import type {KeyPress} from './key-press.js';
import {commandFor, editedDraft, INTERRUPT, PROMPT_KEYS, type Command} from './keymap.js';
import {OVERLAYS, viewOpenedBy, type Availability, type View} from './overlay-registry.js';
import {stepCommandFor, stepKeysInWords} from './step-keymap.js';
import {markable, nodeId, pathTo, type NodeRef, type TreeNode} from './tree-model.js';
import type {WhatIfChoice} from './views/what-if-view.js';

/** What a key asks of the world outside the explorer's state. */
/** `interrupted`: Ctrl-C, which the command line reports as an interruption (exit status 130), not a plain quit. */
export type Effect = {type: 'quit'; interrupted: boolean} | {type: 'export'} | {type: 'report'} | {type: 'retrace'} | {type: 'load'; purpose: 'open' | 'diff'; file: string} | {type: 'resolvers'} | {type: 'what-if'; choice: WhatIfChoice};

export interface Routed {
	state: ExplorerState;
	effects: Effect[];
}

/** What the router needs besides the state: the tree, the trace's zones and findings, and what can be offered. */
export interface RouteContext extends TreeContext {
	/** Every node, depth first: what find searches. */
	nodes: TreeNode[];
	zones: Zone[];
	/** The findings list for a filter, worst first. */
	findings: (filter: string) => Finding[];
	/** How many lines the open overlay has, for a state: how far it scrolls. */
	overlayLength: (state: ExplorerState) => number;
	/** How many lines the detail pane has, for a state. */
	detailLength: (state: ExplorerState) => number;
	/** How many pages of columns the zone grid has, for a state (1 when the cursor is not on a zone, or all fit). */
	gridPages: (state: ExplorerState) => number;
	/** The what-if list (w) for a state: the changes to try on its selected row, then those in force. */
	whatIfChoices?: (state: ExplorerState) => WhatIfChoice[];
	/** How many lines the findings overlay's detail of the selected finding has, for a state. */
	findingDetailLength: (state: ExplorerState) => number;
	/** How many lines the step-through's text has at its step, for a state. */
	stepDetailLength: (state: ExplorerState) => number;
	availability: Omit<Availability, 'marks'> & {canRetrace: boolean; tracing: boolean; escapeLeaves?: boolean};
}

const COMMANDS: Command[] = ['up', 'down', 'first', 'last', 'pageUp', 'pageDown', 'open', 'back', 'switchPane', 'columnsLeft', 'columnsRight', 'filter', 'nextMatch', 'previousMatch', 'mark', 'compare', 'dnssec', 'findings', 'dependencies', 'explain', 'stepThrough', 'resolvers', 'whatIf', 'timeline', 'diff', 'openFile', 'export', 'report', 'retrace', 'help', 'quit'];

type Movement = 'up' | 'down' | 'pageUp' | 'pageDown' | 'first' | 'last';
const MOVEMENTS: readonly Command[] = ['up', 'down', 'pageUp', 'pageDown', 'first', 'last'] satisfies Movement[];

function isMovement(command: Command): command is Movement {
	return MOVEMENTS.includes(command);
}

/** How far a movement key moves: a row, a page of the given height, or all the way. */
function stepOf(command: Movement, page: number): number {
	return {up: -1, down: 1, pageUp: -page, pageDown: page, first: -Infinity, last: Infinity}[command];
}

/**
 * One key, in the context of the state the key before it left: the prompt takes every key first, then an open
 * overlay, then the tree. Ctrl-C quits from anywhere.
 */
export function route(state: ExplorerState, key: KeyPress, context: RouteContext): Routed {
	if (key === INTERRUPT) return {state, effects: [{type: 'quit', interrupted: true}]};
	// The status line says what the last key did: a key that does something clears what the one before it said, unless
	// it says something itself ("mark two or more…" stayed on through N, < and j). A key that does nothing leaves it.
	const cleared = state.status ? {...state, status: ''} : state;
	const routed = routeKey(cleared, key, context);
	return routed.state === cleared && routed.effects.length === 0 ? {state, effects: []} : routed;
}

function routeKey(state: ExplorerState, key: KeyPress, context: RouteContext): Routed {
	if (state.overlay === 'prompt') return promptKey(state, key, context);
	if (state.overlay === 'step') return stepKey(state, key, context);
	// Opened from a list (the survey's), Esc in the tree goes back to it, as q does; h, ← and ⌫ still fold the tree.
	if (key === 'escape' && context.availability.escapeLeaves && !state.overlay && state.focus === 'tree') return {state, effects: [{type: 'quit', interrupted: false}]};
	const command = commandFor(key, COMMANDS);
	if (!command) return {state, effects: []};
	if (command === 'quit') return {state, effects: [{type: 'quit', interrupted: false}]};
	const view = viewOpenedBy(command);
	// The resolvers overlay's key asks them (the command outside the UI does): on opening it, and again while it is open.
	const ask = view === 'resolvers' && context.availability.canAskResolvers === true && !context.availability.running;
	if (ask && state.overlay === 'resolvers') return {state, effects: [{type: 'resolvers'}]};
	if (view) {
		const opened = open(state, view, context);
		return {state: opened, effects: ask && opened.overlay === 'resolvers' ? [{type: 'resolvers'}] : []};
	}
	return state.overlay ? overlayKey(state, state.overlay, command, context) : treeKey(state, command, context);
}

/**
 * The step-through takes every key, from its own keymap: → and ← step, space plays and pauses, + and - change the
 * speed, ↑ and ↓ scroll the text, Esc (or s) goes back to the tree, where it was.
 */
function stepKey(state: ExplorerState, key: KeyPress, context: RouteContext): Routed {
	const none = (next: ExplorerState): Routed => ({state: next, effects: []});
	const count = context.availability.steps ?? 0;
	const {index, playing} = state.step;
	const to = (target: number) => apply(state, {type: 'step', to: target, count});
	switch (stepCommandFor(key)) {
		case 'next':
			return none(to(index + 1));
		case 'previous':
			return none(to(index - 1));
		case 'first':
			return none(to(0));
		case 'last':
			return none(to(count - 1));
		case 'play':
			// Play from the last step starts again from the first.
			return none(apply(playing || index < count - 1 ? state : to(0), {type: 'step-play', playing: !playing}));
		case 'faster':
			return none(apply(state, {type: 'step-speed', by: 1}));
		case 'slower':
			return none(apply(state, {type: 'step-speed', by: -1}));
		case 'up':
		case 'down':
			return none(apply(state, {type: 'scroll', by: stepCommandFor(key) === 'up' ? -1 : 1, max: Math.max(0, context.stepDetailLength(state) - (context.height - 1))}));
		case 'leave':
			return none(apply(apply(state, {type: 'step-play', playing: false}), {type: 'overlay'}));
		case 'help':
			// The step-through takes every key, ? too: it says them all where the key line has room for a few.
			return none(apply(state, {type: 'status', text: stepKeysInWords()}));
		case 'quit':
			return {state, effects: [{type: 'quit', interrupted: false}]};
		default:
			return none(state);
	}
}

function promptKey(state: ExplorerState, key: KeyPress, context: RouteContext): Routed {
	const none = (next: ExplorerState): Routed => ({state: next, effects: []});
	if (key === PROMPT_KEYS.cancel) return none(apply(state, {type: 'overlay', ...(state.promptFor === 'findings' ? {overlay: 'findings'} : {})}));
	if (key === PROMPT_KEYS.confirm) {
		const text = state.draft.trim();
		const submitted = apply(state, {type: 'submit', text});
		if (state.promptFor === 'find') return none(search(submitted, 1, context, true));
		if ((state.promptFor === 'open' || state.promptFor === 'diff') && text && context.availability.canLoad) return {state: submitted, effects: [{type: 'load', purpose: state.promptFor, file: text}]};
		return none(submitted);
	}
	// Only characters (and a paste's first line) are typed; arrows, Tab and the like do nothing here.
	const edited = editedDraft(state.draft, key);
	return none(edited === undefined ? state : apply(state, {type: 'draft', text: edited}));
}

/** Opens an overlay (or closes it, when it is the one open), unless it has nothing to show: then what it does instead. */
function open(state: ExplorerState, view: View, context: RouteContext): ExplorerState {
	const instead = OVERLAYS[view].instead?.({...context.availability, marks: state.marks.length});
	if (!instead) return apply(state, {type: 'overlay', overlay: view});
	return 'prompt' in instead ? prompt(state, instead.prompt) : apply(state, {type: 'status', text: instead.status});
}

function overlayKey(state: ExplorerState, overlay: View, command: Command, context: RouteContext): Routed {
	const none = (next: ExplorerState): Routed => ({state: next, effects: []});
	if (command === 'back') return none(apply(state, {type: 'overlay'}));
	if (isMovement(command)) {
		const by = stepOf(command, context.height);
		if (overlay === 'findings' && state.findingFocus === 'detail') {
			const {detail} = findingsLayout(context.height, context.findings(state.findingsFilter).length);
			return none(apply(state, {type: 'scroll', by: command === 'pageUp' || command === 'pageDown' ? Math.sign(by) * detail : by, max: Math.max(0, context.findingDetailLength(state) - detail)}));
		}
		if (overlay === 'findings') return none(apply(state, {type: 'finding-cursor', by, count: context.findings(state.findingsFilter).length}));
		if (overlay === 'whatif') return none(apply(state, {type: 'what-if-cursor', by, count: context.whatIfChoices?.(state).length ?? 0}));
		return none(apply(state, {type: 'scroll', by, max: Math.max(0, context.overlayLength(state) - context.height)}));
	}
	// Beyond moving and Esc, an overlay takes only the keys it lists.
	if (!OVERLAYS[overlay].keys.some((entry) => entry.command === command)) return none(state);
	if (command === 'filter') return none(prompt(state, 'findings'));
	if (command === 'switchPane') return none(apply(state, {type: 'finding-focus', pane: state.findingFocus === 'list' ? 'detail' : 'list'}));
	if (overlay === 'whatif') {
		// Applied (or taken back) at once, by the command that holds the measured trace; the list closes on the result.
		const choice = context.whatIfChoices?.(state)[state.whatIfCursor];
		return choice && command === 'open' ? {state: apply(state, {type: 'overlay'}), effects: [{type: 'what-if', choice}]} : none(state);
	}
	const findings = context.findings(state.findingsFilter);
	const finding = findings[findingIndex(state, findings.length)];
	return none(command === 'open' && finding ? jumpToFinding(state, finding, context) : state);
}

function treeKey(state: ExplorerState, command: Command, context: RouteContext): Routed {
	const none = (next: ExplorerState): Routed => ({state: next, effects: []});
	const {availability} = context;
	if (isMovement(command)) {
		const by = stepOf(command, context.height);
		if (state.focus === 'detail') return none(apply(state, {type: 'scroll', by, max: Math.max(0, context.detailLength(state) - context.height)}));
		if (command === 'first' || command === 'last') return none(apply(state, {type: 'to', index: command === 'first' ? 0 : -1, context}));
		return none(apply(state, {type: 'move', by, context}));
	}
	switch (command) {
		case 'open':
			return none(apply(state, {type: 'open', context}));
		case 'back':
			return none(apply(state, {type: 'back', context}));
		case 'switchPane':
			return none(apply(state, {type: 'focus', pane: state.focus === 'tree' ? 'detail' : 'tree'}));
		case 'columnsLeft':
		case 'columnsRight':
			return none(apply(state, {type: 'grid-page', by: command === 'columnsLeft' ? -1 : 1, count: context.gridPages(state)}));
		case 'filter':
			return none(prompt(state, 'find'));
		case 'openFile':
			return none(availability.canLoad ? prompt(state, 'open') : apply(state, {type: 'status', text: 'snapshots cannot be opened from here'}));
		case 'nextMatch':
			return none(search(state, 1, context));
		case 'previousMatch':
			return none(search(state, -1, context));
		case 'mark': {
			const rows = rowsOf(state, context);
			const node = rows[Math.max(0, rows.findIndex((row) => row.node.id === state.cursor))]?.node;
			const ids = node ? markable(node) : [];
			return none(apply(state, ids.length > 0 ? {type: 'mark', ids} : {type: 'status', text: 'only servers and probes can be compared'}));
		}
		case 'export':
			return {state, effects: [{type: 'export'}]};
		case 'report':
			// A report of a trace still running would judge half a walk: it waits for the verdict.
			if (availability.running || availability.tracing) return none(apply(state, {type: 'status', text: 'the trace is still running: the report can be written once it is done'}));
			return {state, effects: [{type: 'report'}]};
		case 'retrace':
			if (availability.running || availability.tracing) return none(apply(state, {type: 'status', text: 'the trace is still running'}));
			if (!availability.canRetrace) return none(apply(state, {type: 'status', text: 'a saved snapshot cannot be re-traced from here'}));
			return {state, effects: [{type: 'retrace'}]};
		default:
			return none(state);
	}
}

function apply(state: ExplorerState, action: ExplorerAction): ExplorerState {
	return explorerReducer(state, action);
}

function prompt(state: ExplorerState, purpose: PromptFor): ExplorerState {
	return apply(state, {type: 'prompt', for: purpose});
}

/**
 * How well a node matches the text, lower is better; undefined for no match. A row that is what it names (a zone, a
 * name server, a server's address) comes before a probe or sub-trace that only mentions it (`ns4.ex` is the server
 * ns4, not ns1's question about ns4's address), a label that starts with the text before one that contains it, and
 * a label before a state.
 */
function matchRank(node: TreeNode, needle: string): number | undefined {
	const label = `${node.label}`.toLowerCase();
	const named = node.ref.kind === 'zone' || node.ref.kind === 'nameserver' || node.ref.kind === 'server';
	if (label.includes(needle)) return (named ? 0 : 2) + (label.startsWith(needle) ? 0 : 1);
	return `${node.state}`.toLowerCase().includes(needle) ? 4 : undefined;
}

/**
 * The node whose label or state contains the text, from the cursor on, wrapping around: a new search (`best`) lands
 * on the best match (matchRank), the nearest of equals; n and N then go to the next or previous match in the tree.
 */
function search(state: ExplorerState, direction: 1 | -1, context: RouteContext, best = false): ExplorerState {
	const text = state.filter;
	if (!text) return apply(state, {type: 'status', text: 'n and N go through the matches of a find: / finds first'});
	const {nodes} = context;
	const start = Math.max(0, nodes.findIndex((node) => node.id === state.cursor));
	const needle = text.toLowerCase();
	// n and N go through the matches of the best kind there is besides the one the cursor is on: where zones, name
	// servers or addresses match, the probes whose questions name them too are not stops on the way (seven n's went
	// from dns1.btc.bw. to dns2.btc.bw.); where only the one under the cursor does, the probes are the matches left.
	const kind = (rank: number) => (rank < 2 ? 0 : rank < 4 ? 1 : 2);
	const bestKind = Math.min(
		...nodes.map((node, index) => {
			const rank = index === start ? undefined : matchRank(node, needle);
			return rank === undefined ? Number.POSITIVE_INFINITY : kind(rank);
		}),
	);
	let found: {node: TreeNode; rank: number} | undefined;
	for (let step = 1; step <= nodes.length; step++) {
		const node = nodes[(start + direction * step + nodes.length * 2) % nodes.length]!;
		const rank = matchRank(node, needle);
		if (rank === undefined || kind(rank) > bestKind || (found && found.rank <= rank)) continue;
		found = {node, rank};
		if (!best) break;
	}
	if (found) return apply(jumpTo(state, found.node.ref, context), {type: 'status', text: `find: ${text} (n/N)`});
	return apply(state, {type: 'status', text: `no match for "${text}"`});
}

function jumpTo(state: ExplorerState, ref: NodeRef, context: RouteContext): ExplorerState {
	const id = nodeId(ref);
	const path = pathTo(context.tree, id);
	return path ? apply(state, {type: 'reveal', path, id, context}) : state;
}

/** A finding's server, or its zone when no server of it is named, or a word when the trace never reached the zone. */
function jumpToFinding(state: ExplorerState, finding: Finding, context: RouteContext): ExplorerState {
	const zone = context.zones.find((candidate) => candidate.name === finding.zone);
	const server = zone?.servers.find((candidate) => finding.servers.includes(candidate.address));
	if (zone && server) return jumpTo(state, {kind: 'server', zone: zone.name, name: server.name, address: server.address}, context);
	if (zone) return jumpTo(state, {kind: 'zone', zone: zone.name}, context);
	return apply(state, {type: 'status', text: `${finding.zone} is not a zone the trace reached`});
}
