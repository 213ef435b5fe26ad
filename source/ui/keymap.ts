import {erasedLast, pastedLine, pastedText, typedInto, type KeyPress, type NamedKey} from './key-press.js';

/** Every command the UI knows. Handlers ask "does this key mean that command", never compare characters. */
export type Command =
	| 'up'
	| 'down'
	| 'first'
	| 'last'
	| 'pageUp'
	| 'pageDown'
	| 'open'
	| 'back'
	| 'switchPane'
	| 'columnsLeft'
	| 'columnsRight'
	| 'filter'
	| 'nextMatch'
	| 'previousMatch'
	| 'mark'
	| 'compare'
	| 'dnssec'
	| 'findings'
	| 'dependencies'
	| 'explain'
	| 'stepThrough'
	| 'resolvers'
	| 'whatIf'
	| 'timeline'
	| 'diff'
	| 'openFile'
	| 'export'
	| 'report'
	| 'retrace'
	| 'help'
	| 'quit';

export interface Binding {
	command: Command;
	/** The keys that mean it, in the order the help and the key line name them. */
	keys: readonly KeyPress[];
	description: string;
	/** How the help overlay and the key line spell the keys: made from `keys`, so the two cannot disagree. */
	label: string;
}

/**
 * Quits from anywhere: the prompt, an overlay, a trace still running. The router reads it before any binding, so
 * nothing can take it over; the help's footer says so.
 */
export const INTERRUPT: KeyPress = 'ctrl-c';

/**
 * Suspends to the shell (`fg` comes back), as in any terminal program: raw mode takes it from the terminal, which
 * would otherwise stop the process. Read where keys are read (use-key-presses.ts), before any screen sees it.
 */
export const SUSPEND: KeyPress = 'ctrl-z';

const SPELLING: Record<NamedKey, string> = {up: '↑', down: '↓', left: '←', right: '→', pageUp: 'PgUp', pageDown: 'PgDn', home: 'Home', end: 'End', return: 'Enter', escape: 'Esc', tab: 'Tab', backspace: '⌫', 'ctrl-c': 'Ctrl-C', 'ctrl-z': 'Ctrl-Z'};

/** How a key is written for a person: arrows as arrows, space as "space", a character as itself. */
export function keyLabel(key: KeyPress): string {
	if (key === ' ') return 'space';
	return key in SPELLING ? SPELLING[key as NamedKey] : key;
}

/**
 * The first line of a help: how to leave it, and the keys that work everywhere. First, where a newcomer in 80×24 sees
 * it: under the keys it was cut off the first screen. `closes`: the keys that close that help.
 */
export function leavingLine(closes: string): string {
	return `${closes} closes this · ${keyLabel(INTERRUPT)} always quits · ${keyLabel(SUSPEND)} suspends (fg resumes)`;
}

const BINDINGS: readonly Omit<Binding, 'label'>[] = [
	{command: 'up', keys: ['up', 'k'], description: 'move up'},
	{command: 'down', keys: ['down', 'j'], description: 'move down'},
	{command: 'first', keys: ['g', 'home'], description: 'first row'},
	{command: 'last', keys: ['G', 'end'], description: 'last row'},
	{command: 'pageUp', keys: ['pageUp'], description: 'page up'},
	{command: 'pageDown', keys: ['pageDown'], description: 'page down'},
	{command: 'open', keys: ['return', 'l', 'right'], description: 'open'},
	{command: 'back', keys: ['escape', 'h', 'left', 'backspace'], description: 'back'},
	{command: 'switchPane', keys: ['tab'], description: 'switch pane'},
	{command: 'columnsLeft', keys: ['<'], description: 'grid: columns before'},
	{command: 'columnsRight', keys: ['>'], description: 'grid: more columns'},
	{command: 'filter', keys: ['/'], description: 'find'},
	{command: 'nextMatch', keys: ['n'], description: 'next match'},
	{command: 'previousMatch', keys: ['N'], description: 'previous match'},
	{command: 'mark', keys: [' '], description: 'mark for compare'},
	{command: 'compare', keys: ['c'], description: 'compare marked'},
	{command: 'dnssec', keys: ['d'], description: 'DNSSEC chain'},
	{command: 'findings', keys: ['f'], description: 'findings'},
	{command: 'dependencies', keys: ['x'], description: 'dependencies'},
	{command: 'explain', keys: ['i'], description: 'explain this'},
	{command: 'stepThrough', keys: ['s'], description: 'step through'},
	{command: 'resolvers', keys: ['a'], description: 'ask resolvers'},
	{command: 'whatIf', keys: ['w'], description: 'what if… (server down, DS removed, clock)'},
	{command: 'timeline', keys: ['t'], description: 'watch timeline'},
	{command: 'diff', keys: ['D'], description: 'changes (diff)'},
	{command: 'openFile', keys: ['o'], description: 'open snapshot'},
	{command: 'export', keys: ['e'], description: 'export snapshot'},
	{command: 'report', keys: ['R'], description: 'write Markdown report'},
	{command: 'retrace', keys: ['r'], description: 're-trace'},
	{command: 'help', keys: ['?'], description: 'help'},
	{command: 'quit', keys: ['q'], description: 'quit'},
];

/** The one keymap: the input routers, the help overlay and the key line all read it, so they cannot drift apart. */
export const KEYMAP: readonly Binding[] = BINDINGS.map((binding) => ({...binding, label: binding.keys.map(keyLabel).join('/')}));

export function commandFor(key: KeyPress, allowed: readonly Command[]): Command | undefined {
	return KEYMAP.find((binding) => allowed.includes(binding.command) && binding.keys.includes(key))?.command;
}

export function bindingOf(command: Command): Binding {
	return KEYMAP.find((binding) => binding.command === command)!;
}

export function helpLine(commands: readonly Command[]): string {
	return helpHints(commands).join(' · ');
}

/** Each command's hint ("? help"), for a line that fits them to its width (fittedKeyLine). */
export function helpHints(commands: readonly Command[]): string[] {
	return commands.map((command) => `${bindingOf(command).label} ${bindingOf(command).description}`);
}

/**
 * A key line of `columns`: its hints in order, the last `kept` of them always shown (? help and q quit: how a newcomer
 * finds the rest and leaves). Where the line is too narrow, hints before those go from the end, and `…` says some did;
 * cut at its end, an 80-column line never showed either.
 */
export function fittedKeyLine(hints: readonly string[], columns: number, kept = 2): string {
	const tail = hints.slice(-kept);
	const lead = hints.slice(0, -kept);
	const whole = hints.join(' · ');
	if (whole.length <= columns) return whole;
	for (let shown = lead.length - 1; shown > 0; shown--) {
		const line = [...lead.slice(0, shown), '…', ...tail].join(' · ');
		if (line.length <= columns) return line;
	}
	return ['…', ...tail].join(' · ');
}

/**
 * A prompt types every character into its draft; only these keys do something else (and Ctrl-C quits). The router
 * reads them and the key line names them, so the line never offers a key the prompt would type.
 */
export const PROMPT_KEYS = {confirm: 'return', cancel: 'escape', erase: 'backspace'} as const satisfies Record<string, NamedKey>;

/** A prompt's draft after a key that edits it (erase, a character, a paste's first line); undefined for any other key. */
export function editedDraft(draft: string, key: KeyPress): string | undefined {
	if (key === PROMPT_KEYS.erase) return erasedLast(draft);
	const pasted = pastedText(key);
	if (pasted !== undefined) return typedInto(draft, pastedLine(pasted));
	return [...key].length === 1 ? typedInto(draft, key) : undefined;
}

export const PROMPT_LINE = [...Object.entries(PROMPT_KEYS).map(([does, key]) => `${keyLabel(key)} ${does}`), `${keyLabel(INTERRUPT)} quit`].join(' · ');

/** A command's first key and what it does in a given place ("Enter jump" in the findings list). */
export function keyHint(command: Command, does: string): string {
	return `${keyLabel(bindingOf(command).keys[0]!)} ${does}`;
}

/**
 * What a pane with more lines than it shows says on its last row: how many, and the keys that reach them — the pane's
 * down key, after the key that moves the focus to it when the movement keys move something else.
 */
export function moreLinesHint(hidden: number, focusFirst: boolean): string {
	const down = keyLabel(bindingOf('down').keys[0]!);
	return `↓ ${hidden} more line${hidden === 1 ? '' : 's'} (${focusFirst ? `${keyLabel(bindingOf('switchPane').keys[0]!)}, then ${down}` : down})`;
}
