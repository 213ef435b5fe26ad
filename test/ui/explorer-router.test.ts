import {beforeAll, describe, expect, it} from 'vitest';
import {analyze} from '../../source/analysis/analyze.js';
import type {Finding} from '../../source/analysis/finding.js';
import type {Trace} from '../../source/trace/model.js';
import {route, type Effect, type RouteContext} from '../../source/ui/explorer-router.js';
import {initialExplorerState, type ExplorerState} from '../../source/ui/explorer-state.js';
import {parseKeys} from '../../source/ui/key-press.js';
import {buildTree, initiallyExpanded, nodeId, type TreeNode} from '../../source/ui/tree-model.js';
import {labTrace, labWorld} from '../helpers/lab.js';

let trace: Trace;
let findings: Finding[];

beforeAll(async () => {
	const world = labWorld();
	trace = await labTrace('www.nic.bw.', 'A', {world, timeoutMs: 500});
	findings = analyze(trace, {anchors: {source: 'lab', records: world.trustAnchor}}).findings;
});

function flatten(nodes: TreeNode[]): TreeNode[] {
	return nodes.flatMap((node) => [node, ...flatten(node.children)]);
}

function contextFor(availability: Partial<RouteContext['availability']> = {}, traced = trace): RouteContext {
	const tree = buildTree(traced, undefined);
	return {
		tree,
		auto: initiallyExpanded(traced),
		height: 10,
		nodes: flatten(tree),
		zones: traced.zones,
		findings: () => findings,
		overlayLength: () => 40,
		detailLength: () => 30,
		findingDetailLength: () => 20,
		stepDetailLength: () => 0,
		gridPages: () => 3,
		availability: {running: false, tracing: false, baseline: false, canLoad: false, canRetrace: false, ...availability},
	};
}

function start(): ExplorerState {
	return initialExplorerState(initiallyExpanded(trace), nodeId({kind: 'zone', zone: '.'}));
}

/** Every key of the input in turn, each on the state the one before it left: what the explorer does with a chunk. */
function press(input: string, state = start(), context = contextFor()): {state: ExplorerState; effects: Effect[]} {
	return parseKeys(input).reduce<{state: ExplorerState; effects: Effect[]}>(
		(routed, key) => {
			const next = route(routed.state, key, context);
			return {state: next.state, effects: [...routed.effects, ...next.effects]};
		},
		{state, effects: []},
	);
}

describe('the explorer routes each key on the state the key before it left', () => {
	it('"/bwc" opens the find prompt and types bwc into it; Enter finds', () => {
		const typed = press('/bwc');
		expect(typed.state).toMatchObject({overlay: 'prompt', promptFor: 'find', draft: 'bwc', status: ''});
		expect(typed.effects).toEqual([]);
		expect(press('\r', typed.state).state).toMatchObject({overlay: undefined, filter: 'bwc', status: 'no match for "bwc"'});
	});

	it('"/127.77.150.1" and Enter move the cursor to that server', () => {
		const {state} = press('/127.77.150.1\r');
		expect(state.status).toBe('find: 127.77.150.1 (n/N)');
		expect(state.cursor).toBe(nodeId({kind: 'server', zone: 'bw.', name: 'pch.nic.bw.', address: '127.77.150.1'}));
	});

	it('"/ns4.ex" and Enter land on the best match: the name server ns4, not a probe under ns1 that asks for its address; n goes on in the tree', async () => {
		const net = await labTrace('www.example.net.', 'A', {world: labWorld(), timeoutMs: 500});
		const context = contextFor({}, net);
		const begin = initialExplorerState(initiallyExpanded(net), nodeId({kind: 'zone', zone: '.'}));
		const found = press('/ns4.ex\r', begin, context).state;
		const ns4 = nodeId({kind: 'nameserver', zone: 'example.net.', name: 'ns4.example.net.'});
		expect(found).toMatchObject({cursor: ns4, status: 'find: ns4.ex (n/N)'});
		// Probes under ns1 that ask for ns4's address come first in the tree: a first match would have stopped there.
		const at = (id: string | undefined) => context.nodes.findIndex((node) => node.id === id);
		expect(context.nodes.findIndex((node) => node.ref.kind === 'probe' && `${node.label}`.startsWith('ns4.example.net.'))).toBeLessThan(at(ns4));
		const next = press('n', found, context).state;
		const nextNode = context.nodes[at(next.cursor)]!;
		expect(at(next.cursor)).toBeGreaterThan(at(ns4));
		expect(`${nextNode.label}`).toMatch(/^ns4\.example\.net\. /u);
	}, 60_000);

	it('"/dns" then n goes from name server to name server: dns1.btc.bw. to dns2.btc.bw., not through the probes that ask for them', () => {
		const found = press('/dns\r').state;
		const label = (state: ExplorerState) => `${contextFor().nodes.find((node) => node.id === state.cursor)?.label}`;
		expect(label(found)).toBe('dns1.btc.bw.');
		const next = press('n', found).state;
		expect(label(next)).toBe('dns2.btc.bw.');
		expect(next.status).toBe('find: dns (n/N)');
		expect(label(press('N', next).state)).toBe('dns1.btc.bw.');
	});

	it('"fj" opens the findings and moves their cursor, leaving the tree where it was', () => {
		const {state} = press('fj');
		expect(state).toMatchObject({overlay: 'findings', findingCursor: 1, cursor: start().cursor});
	});

	it('Enter in the findings list jumps to the finding\'s zone or server and closes the list', () => {
		const {state} = press('f\r');
		const first = findings[0]!;
		expect(state.overlay).toBeUndefined();
		expect(state.cursor).toContain(first.zone);
	});

	it('Esc in the findings filter goes back to the list, with the filter as it was', () => {
		const {state} = press('f/serial\u001B');
		expect(state).toMatchObject({overlay: 'findings', findingsFilter: ''});
	});

	it('in the findings, j moves to the next finding; Tab moves the focus to its detail, where j scrolls it no further than its last line', () => {
		expect(press('fj').state).toMatchObject({findingCursor: 1, detailTop: 0, findingFocus: 'list'});
		// height 10: 5 rows of list, a blank row, 4 of detail; the detail has 20 lines, so it scrolls by at most 16.
		expect(press('fj\tjj').state).toMatchObject({findingCursor: 1, detailTop: 2, findingFocus: 'detail'});
		expect(press('f\tG').state.detailTop).toBe(16);
		expect(press('f\tG\tj').state).toMatchObject({findingCursor: 1, detailTop: 0, findingFocus: 'list'});
	});

	it('> and < page the zone grid\'s columns, no further than its last page and its first', () => {
		expect(press('>').state.gridPage).toBe(1);
		expect(press('>>>>').state.gridPage).toBe(2);
		expect(press('>><<<').state.gridPage).toBe(0);
	});

	it('scrolls an overlay no further than its last page', () => {
		expect(press('?G').state.detailTop).toBe(30);
		expect(press('?jjj').state.detailTop).toBe(3);
	});
});

describe('keys that leave the explorer, or ask the world outside it', () => {
	it('Ctrl-C quits from the tree, the prompt and an overlay, and changes nothing on the way', () => {
		for (const before of [start(), press('/ab').state, press('?').state, press('f').state]) {
			const {state, effects} = press('\u0003', before);
			expect(effects).toEqual([{type: 'quit', interrupted: true}]);
			expect(state).toBe(before);
		}
	});

	it('q quits, except in the prompt, where it is a letter', () => {
		expect(press('q').effects).toEqual([{type: 'quit', interrupted: false}]);
		expect(press('/q')).toMatchObject({effects: [], state: {draft: 'q'}});
	});

	it('e exports; r re-traces once the trace is done, and says why not while it runs', () => {
		expect(press('e').effects).toEqual([{type: 'export'}]);
		expect(press('r', start(), contextFor({canRetrace: true})).effects).toEqual([{type: 'retrace'}]);
		expect(press('r', start(), contextFor({canRetrace: true, running: true}))).toMatchObject({effects: [], state: {status: 'the trace is still running'}});
	});

	it('R writes the Markdown report once the trace is done, and says why not while it runs or a watch round traces', () => {
		expect(press('R').effects).toEqual([{type: 'report'}]);
		for (const busy of [{running: true}, {tracing: true}]) {
			expect(press('R', start(), contextFor(busy))).toMatchObject({effects: [], state: {status: 'the trace is still running: the report can be written once it is done'}});
		}
		// In the prompt it is a letter of the file name.
		expect(press('/R')).toMatchObject({effects: [], state: {draft: 'R'}});
	});

	it('D with nothing to compare asks for a snapshot file, and Enter reads it', () => {
		const {state, effects} = press('Dbefore.json\r', start(), contextFor({canLoad: true}));
		expect(effects).toEqual([{type: 'load', purpose: 'diff', file: 'before.json'}]);
		expect(state.status).toBe('reading before.json…');
	});
});

describe('overlays that have nothing to show say why instead of opening', () => {
	it('compare needs two marks', () => {
		const {state} = press('c');
		expect(state.overlay).toBeUndefined();
		expect(state.status).toBe('mark two or more servers or probes with space first');
	});

	it('what a key said goes with the next key that does something else, and stays through a key that does nothing', () => {
		const said = 'mark two or more servers or probes with space first';
		// An unbound key does nothing: the line still says why c did not compare.
		expect(press('cZ').state.status).toBe(said);
		// N with nothing found yet says so, in place of what c said.
		expect(press('cN').state.status).toBe('n and N go through the matches of a find: / finds first');
		// <, j, Tab and Esc each do something: the line no longer speaks of c.
		for (const next of ['<', 'j', '\t', 'fh']) expect(press(`c${next}`).state.status, next).toBe('');
		// A key that says something says its own; c again says it again.
		expect(press('c ').state.status).toBe('only servers and probes can be compared');
		expect(press('cjc').state.status).toBe(said);
	});

	it('the timeline needs a watch, and a finished round of it', () => {
		expect(press('t').state.status).toBe('the timeline needs a watch: digdeeper NAME --watch [INTERVAL]');
		expect(press('t', start(), contextFor({rounds: 0})).state.status).toBe('the first trace of the watch is still running');
		expect(press('t', start(), contextFor({rounds: 1})).state.overlay).toBe('timeline');
	});

	it('a key of another overlay switches to it; its own key closes it', () => {
		expect(press('fd').state.overlay).toBe('dnssec');
		expect(press('dd').state.overlay).toBeUndefined();
	});
});

describe('an explorer opened from a list (the survey)', () => {
	const ESC = '\u001B';

	it('goes back to the list on Esc in the tree, as on q', () => {
		expect(press(ESC, start(), contextFor({escapeLeaves: true})).effects).toEqual([{type: 'quit', interrupted: false}]);
		expect(press(ESC).effects).toEqual([]);
	});

	it('closes an overlay or leaves the detail pane on Esc first, and folds the tree on h as ever', () => {
		const context = contextFor({escapeLeaves: true});
		const fromOverlay = press(`f${ESC}`, start(), context);
		expect(fromOverlay.effects).toEqual([]);
		expect(fromOverlay.state.overlay).toBeUndefined();
		const fromDetail = press(`\t${ESC}`, start(), context);
		expect(fromDetail.effects).toEqual([]);
		expect(fromDetail.state.focus).toBe('tree');
		expect(press('h', start(), context).effects).toEqual([]);
		expect(press(`\t${ESC}${ESC}`, start(), context).effects).toEqual([{type: 'quit', interrupted: false}]);
	});
});

describe('a (ask resolvers)', () => {
	it('opens the resolvers overlay and asks them, where the command can; pressed again in it, asks again and stays', () => {
		const opened = press('a', start(), contextFor({canAskResolvers: true}));
		expect(opened.state.overlay).toBe('resolvers');
		expect(opened.effects).toEqual([{type: 'resolvers'}]);
		const again = press('a', opened.state, contextFor({canAskResolvers: true}));
		expect(again.state.overlay).toBe('resolvers');
		expect(again.effects).toEqual([{type: 'resolvers'}]);
	});

	it('on a snapshot that kept resolvers, shows them and asks nothing; on one without, says how to ask', () => {
		const kept = press('a', start(), contextFor({resolversAsked: true}));
		expect(kept.state.overlay).toBe('resolvers');
		expect(kept.effects).toEqual([]);
		const none = press('a', start(), contextFor({}));
		expect(none.state.overlay).toBeUndefined();
		expect(none.state.status).toBe('this trace asked no resolvers: digdeeper NAME --resolvers LIST asks them');
		expect(none.effects).toEqual([]);
	});

	it('waits for the trace to finish', () => {
		const running = press('a', start(), contextFor({canAskResolvers: true, running: true}));
		expect(running.state.status).toBe('the resolvers are asked once the trace has finished');
		expect(running.effects).toEqual([]);
	});
});
