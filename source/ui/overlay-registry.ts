import type {Analysis} from '../analysis/analyze.js';
import type {Change} from '../compare/diff.js';
import type {Probe, Trace} from '../trace/model.js';
import type {WatchHistory} from '../compare/watch-history.js';
import type {Overlay, PromptFor, StepPlace} from './explorer-state.js';
import type {Command} from './keymap.js';
import type {NodeRef} from './tree-model.js';
import {diffLines, timelineLines, type LabelledTrace} from './views/changes.js';
import {wrapLines, type Line} from './views/lines.js';
import {dependencyLines} from './views/dependency-view.js';
import {dnssecLines} from './views/dnssec-view.js';
import {explainLines} from './views/explain-view.js';
import {helpLines} from './views/legend.js';
import {compareLines} from './views/overlays.js';
import {resolverViewLines} from './views/resolvers-view.js';
import {stepKeyLine} from './step-keymap.js';
import {stepViewLines} from './views/step-view.js';
import {whatIfLines} from './views/what-if-view.js';

/** The overlays that show something (the prompt only takes text). */
export type View = Exclude<Overlay, 'prompt'>;

/** What an overlay is drawn from: the trace, and what the explorer holds around it. */
export interface OverlaySource {
	trace: Trace;
	/** What the analysis made of the trace; none while it runs. */
	analysis: Analysis | undefined;
	selected: NodeRef | undefined;
	/** The marked servers' and probes' responses, for compare. */
	marked: Probe[];
	width: number;
	height: number;
	/** The older and the newer trace, when there is one to compare with. */
	sides?: {before: LabelledTrace; after: LabelledTrace};
	changes: Change[];
	watch?: {history: WatchHistory; intervalMs: number; tracing: boolean};
	/** Whether the resolvers can be asked again from here. */
	canAskResolvers?: boolean;
	/** Where the step-through is, and how far its text is scrolled. */
	step: StepPlace;
	top: number;
	/** The cursor in the what-if list. */
	whatIfCursor?: number;
}

/** What the explorer has to offer right now: whether an overlay has something to show. */
export interface Availability {
	running: boolean;
	/** Finished rounds of the watch; undefined when not watching. */
	rounds?: number;
	/** There is a trace to compare with. */
	baseline: boolean;
	/** Snapshot files can be read from here (o, D). */
	canLoad: boolean;
	/** Recursive resolvers can be asked from here (a): a live trace or watch, not a snapshot. */
	canAskResolvers?: boolean;
	/** The trace on screen holds resolvers' answers. */
	resolversAsked?: boolean;
	/** How many steps the step-through has (none while the trace runs). */
	steps?: number;
	/** Changes can be assumed on the trace from here (w): a finished trace, live or saved. */
	canWhatIf?: boolean;
	marks: number;
}

/** What an overlay's key does when there is nothing to show yet: say why, or ask for what is missing. */
export type Instead = {status: string} | {prompt: PromptFor};

export interface OverlayEntry {
	/** The command that opens it (and, pressed again, closes it). */
	command: Command;
	/** Keys of its own, on top of moving and Esc, with what they do there: the key line names them while it is open (those whose `when` holds). */
	keys: readonly {command: Command; does: string; when?: (availability: Availability) => boolean}[];
	/** Its lines; absent for the findings list, which is drawn with a cursor of its own. */
	lines?: (source: OverlaySource) => Line[];
	instead?: (availability: Availability) => Instead | undefined;
	/** It draws its own window (`top` scrolls part of it) and names its own keys, from a keymap of its own. */
	own?: {keyLine: (place: StepPlace) => string};
}

/** Every overlay: the router opens them by their command, the key line names their keys, the explorer draws their lines. */
export const OVERLAYS: Record<View, OverlayEntry> = {
	help: {command: 'help', keys: [], lines: ({height, width}) => wrapLines(helpLines(height, width), width)},
	findings: {
		command: 'findings',
		keys: [
			{command: 'open', does: 'jump'},
			{command: 'filter', does: 'filter'},
			{command: 'switchPane', does: 'list/detail'},
		],
	},
	explain: {command: 'explain', keys: [], lines: ({trace, analysis, selected, width}) => wrapLines(explainLines(trace, analysis, selected), width)},
	dnssec: {command: 'dnssec', keys: [], lines: ({trace, analysis, width}) => wrapLines(dnssecLines(trace, analysis), width)},
	dependencies: {command: 'dependencies', keys: [], lines: ({trace, analysis, width}) => wrapLines(dependencyLines(trace, analysis), width)},
	compare: {
		command: 'compare',
		keys: [],
		lines: ({trace, marked, width}) => compareLines(marked, width, trace.options.port),
		instead: ({marks}) => (marks < 2 ? {status: 'mark two or more servers or probes with space first'} : undefined),
	},
	timeline: {
		command: 'timeline',
		keys: [],
		lines: ({watch, width}) => (watch ? timelineLines(watch.history, width, {intervalMs: watch.intervalMs, tracing: watch.tracing}) : []),
		instead: ({rounds}) => (rounds === undefined ? {status: 'the timeline needs a watch: digdeeper NAME --watch [INTERVAL]'} : rounds === 0 ? {status: 'the first trace of the watch is still running'} : undefined),
	},
	resolvers: {
		command: 'resolvers',
		keys: [{command: 'resolvers', does: 'ask again', when: ({canAskResolvers, running}) => canAskResolvers === true && !running}],
		lines: ({trace, analysis, width, canAskResolvers}) => wrapLines(resolverViewLines(trace, analysis, canAskResolvers === true), width),
		instead: ({canAskResolvers, resolversAsked, running}) =>
			!canAskResolvers && !resolversAsked ? {status: 'this trace asked no resolvers: digdeeper NAME --resolvers LIST asks them'} : running ? {status: 'the resolvers are asked once the trace has finished'} : undefined,
	},
	step: {
		command: 'stepThrough',
		keys: [],
		lines: ({trace, step, width, height, top}) => stepViewLines(trace, step, width, height, top),
		instead: ({running, steps}) => (running ? {status: 'the step-through starts once the trace has finished'} : steps === 0 ? {status: 'nothing to step through: the trace sent no query'} : undefined),
		own: {keyLine: (place) => stepKeyLine(place.playing)},
	},
	whatif: {
		command: 'whatIf',
		keys: [{command: 'open', does: 'apply / undo'}],
		lines: ({trace, selected, whatIfCursor, width}) => whatIfLines(trace, selected, whatIfCursor ?? 0, width),
		instead: ({canWhatIf, running}) => (running ? {status: 'changes can be assumed once the trace has finished'} : !canWhatIf ? {status: 'no change can be assumed here'} : undefined),
	},
	diff: {
		command: 'diff',
		keys: [],
		lines: ({sides, changes, width}) => (sides ? diffLines(sides.before, sides.after, changes, width) : []),
		instead: ({baseline, canLoad, running}) => {
			if (!baseline) return canLoad ? {prompt: 'diff'} : {status: 'nothing to compare with: re-trace (r) or open the explorer on a live trace'};
			return running ? {status: 'the changes are compared once the trace has finished'} : undefined;
		},
	},
};

/** The overlay a command opens, if it opens one. */
export function viewOpenedBy(command: Command): View | undefined {
	return (Object.keys(OVERLAYS) as View[]).find((view) => OVERLAYS[view].command === command);
}
