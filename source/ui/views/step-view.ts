import {headOfPresented, padPresented, presentText, safe, type Presented} from '../../dns/sanitize.js';
import {formatDuration} from '../../text/format-ms.js';
import {ROLE_MARK} from '../../text/step-text.js';
import {stepsOf, traceUpTo, type Step} from '../../text/step-through.js';
import type {Trace} from '../../trace/model.js';
import {probesByIdIn} from '../../trace/probe-facts.js';
import type {StepPlace} from '../explorer-state.js';
import {STEP_SPEEDS_MS} from '../step-keymap.js';
import {buildTree, nodeId, pathTo, visibleRows, type Row} from '../tree-model.js';
import {heading, plain, responseLines, wrapLines, type Line} from './lines.js';
import {symbol} from './symbols.js';

/** A finished trace's steps, worked out once per trace: the step-through redraws on every key and every tick. */
const STEPS = new WeakMap<Trace, Step[]>();

export function stepsFor(trace: Trace): Step[] {
	let steps = STEPS.get(trace);
	if (!steps) {
		steps = stepsOf(trace);
		STEPS.set(trace, steps);
	}
	return steps;
}

/** The tree's share of the width: enough for a zone, a name server and a probe's question, never more than half. */
function treeWidth(width: number): number {
	return Math.max(16, Math.min(48, Math.floor(width * 0.4)));
}

/**
 * The step-through as `height` lines of `width`: a heading (which step, its role, playing or paused), then the tree as
 * the resolver knew it after this step on the left (the zones so far, the current query's row highlighted), and on
 * the right what was asked, what it meant, and the response in dig's format, from `top`. Only the window is drawn.
 */
export function stepViewLines(trace: Trace, place: StepPlace, width: number, height: number, top = 0): Line[] {
	const steps = stepsFor(trace);
	const step = steps[place.index];
	if (!step) return [plain(safe`Nothing to step through: the trace sent no query.`)];
	const speed = formatDuration(STEP_SPEEDS_MS[place.speed] ?? STEP_SPEEDS_MS[0]!);
	const title: Line = [
		{text: safe`Step ${step.number} of ${steps.length}`, bold: true},
		{text: safe` · ${presentText(ROLE_MARK[step.role])}`, ...(step.role === 'path' ? {color: 'green' as const, bold: true} : {color: 'cyan' as const})},
		{text: place.playing ? safe` · ${presentText(symbol('playing'))} playing, a step every ${speed}` : safe` · paused (a step every ${speed} when playing)`, dim: !place.playing},
	];
	const left = treeWidth(width);
	const right = Math.max(10, width - left - 3);
	const body = Math.max(1, height - 1);
	const tree = treeLines(trace, steps, place.index, left, body);
	const detail = wrapLines(detailLines(trace, step), right);
	const shown = detail.slice(Math.max(0, Math.min(top, detail.length - body)), Math.max(0, Math.min(top, detail.length - body)) + body);
	const rows: Line[] = [title];
	for (let row = 0; row < body; row++) {
		const treeRow = tree[row] ?? [{text: safe``}];
		const used = treeRow.reduce((sum, segment) => sum + segment.text.length, 0);
		rows.push([...treeRow, {text: presentText(' '.repeat(Math.max(0, left - used)))}, {text: safe` ${presentText(symbol('divider'))} `, dim: true}, ...(shown[row] ?? [])]);
	}
	return rows;
}

/** How many lines the right side has for a step at this width: how far its movement keys scroll. */
export function stepDetailLength(trace: Trace, place: StepPlace, width: number): number {
	const step = stepsFor(trace)[place.index];
	return step ? wrapLines(detailLines(trace, step), Math.max(10, width - treeWidth(width) - 3)).length : 0;
}

/** The right side: where a side trip begins, what was asked and what it meant, the words, its end; the response. */
function detailLines(trace: Trace, step: Step): Line[] {
	const lead = probesByIdIn(trace.zones).get(step.probes[0] ?? -1);
	const lines: Line[] = [];
	if (step.enters) lines.push([{text: safe`${presentText(symbol('sideTrip'))} ${step.enters}`, color: 'magenta'}], plain(safe``));
	lines.push(heading(step.title), plain(safe``), ...step.words.map((words) => plain(words)));
	if (step.leaves) lines.push(plain(safe``), [{text: safe`${presentText(symbol('tripBack'))} ${step.leaves}`, color: 'magenta'}]);
	if (step.probes.length > 1) lines.push(plain(safe``), plain(safe`${step.probes.length} queries in this step; the first of them:`));
	if (lead) lines.push(plain(safe``), ...responseLines(lead, trace.options.port));
	return lines;
}

/**
 * The delegation tree cut to the first `index + 1` steps: every zone open, and the way to the step's first query, whose
 * row is highlighted and kept in the window.
 */
function treeLines(trace: Trace, steps: readonly Step[], index: number, width: number, height: number): Line[] {
	const cut = traceUpTo(trace, steps, index + 1);
	const roots = buildTree(cut, undefined);
	const step = steps[index]!;
	const lead = cut.zones.flatMap((zone) => zone.servers.flatMap((server) => server.probes)).find((probe) => probe.id === step.probes[0]);
	const current = lead ? nodeId({kind: 'probe', zone: lead.zone, address: lead.address, probe: lead.id}) : nodeId({kind: 'zone', zone: step.zone});
	const open = new Set([...cut.zones.map((zone) => nodeId({kind: 'zone', zone: zone.name})), ...(pathTo(roots, current) ?? []).slice(0, -1)]);
	const rows = visibleRows(roots, open);
	const at = Math.max(0, rows.findIndex((row) => row.node.id === current));
	const first = Math.max(0, Math.min(at - Math.floor(height / 2), rows.length - height));
	return rows.slice(first, first + height).map((row) => treeRow(row, row.node.id === current, width));
}

function treeRow(row: Row, current: boolean, width: number): Line {
	const arrow = row.node.children.length === 0 ? ' ' : row.expanded ? symbol('open') : symbol('closed');
	const text: Presented = safe`${presentText(`${'  '.repeat(row.depth)}${arrow} `)}${row.node.label} ${row.node.shorter.at(-1) ?? row.node.state}`;
	// Cut between escapes: `ns\19…` of `ns\192\255` reads as another byte.
	const cut = text.length > width ? safe`${headOfPresented(text, Math.max(0, width - 1))}…` : text;
	return [{text: current ? padPresented(cut, width) : cut, ...(current ? {inverse: true} : {}), ...(row.node.ref.kind === 'zone' ? {bold: true} : {})}];
}
