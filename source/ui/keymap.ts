import type {Key} from 'ink';

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
	| 'filter'
	| 'nextMatch'
	| 'previousMatch'
	| 'mark'
	| 'compare'
	| 'dnssec'
	| 'findings'
	| 'dependencies'
	| 'explain'
	| 'timeline'
	| 'diff'
	| 'openFile'
	| 'export'
	| 'retrace'
	| 'help'
	| 'quit';

export interface Binding {
	command: Command;
	/** How the help overlay and the key line spell the keys. */
	label: string;
	description: string;
	matches: (input: string, key: Key) => boolean;
}

/** The one keymap: the input router, the help overlay and the key line all read it, so they cannot drift apart. */
export const KEYMAP: Binding[] = [
	{command: 'up', label: '↑/k', description: 'move up', matches: (input, key) => key.upArrow || input === 'k'},
	{command: 'down', label: '↓/j', description: 'move down', matches: (input, key) => key.downArrow || input === 'j'},
	{command: 'first', label: 'g/Home', description: 'first row', matches: (input, key) => input === 'g' || key.home},
	{command: 'last', label: 'G/End', description: 'last row', matches: (input, key) => input === 'G' || key.end},
	{command: 'pageUp', label: 'PgUp', description: 'page up', matches: (_input, key) => key.pageUp},
	{command: 'pageDown', label: 'PgDn', description: 'page down', matches: (_input, key) => key.pageDown},
	{command: 'open', label: 'Enter/l/→', description: 'open', matches: (input, key) => key.return || input === 'l' || key.rightArrow},
	{command: 'back', label: 'Esc/h/←/⌫', description: 'back', matches: (input, key) => key.escape || input === 'h' || key.leftArrow || key.backspace || key.delete},
	{command: 'switchPane', label: 'Tab', description: 'switch pane', matches: (_input, key) => key.tab},
	{command: 'filter', label: '/', description: 'find', matches: (input) => input === '/'},
	{command: 'nextMatch', label: 'n', description: 'next match', matches: (input) => input === 'n'},
	{command: 'previousMatch', label: 'N', description: 'previous match', matches: (input) => input === 'N'},
	{command: 'mark', label: 'space', description: 'mark for compare', matches: (input) => input === ' '},
	{command: 'compare', label: 'c', description: 'compare marked', matches: (input) => input === 'c'},
	{command: 'dnssec', label: 'd', description: 'DNSSEC chain', matches: (input) => input === 'd'},
	{command: 'findings', label: 'f', description: 'findings', matches: (input) => input === 'f'},
	{command: 'dependencies', label: 'x', description: 'dependencies', matches: (input) => input === 'x'},
	{command: 'explain', label: 'i', description: 'explain this', matches: (input) => input === 'i'},
	{command: 'timeline', label: 't', description: 'watch timeline', matches: (input) => input === 't'},
	{command: 'diff', label: 'D', description: 'changes (diff)', matches: (input) => input === 'D'},
	{command: 'openFile', label: 'o', description: 'open snapshot', matches: (input) => input === 'o'},
	{command: 'export', label: 'e', description: 'export snapshot', matches: (input) => input === 'e'},
	{command: 'retrace', label: 'r', description: 're-trace', matches: (input) => input === 'r'},
	{command: 'help', label: '?', description: 'help', matches: (input) => input === '?'},
	{command: 'quit', label: 'q', description: 'quit', matches: (input, key) => input === 'q' || (key.ctrl && input === 'c')},
];

export function commandFor(input: string, key: Key, allowed: readonly Command[]): Command | undefined {
	return KEYMAP.find((binding) => allowed.includes(binding.command) && binding.matches(input, key))?.command;
}

export function bindingOf(command: Command): Binding {
	return KEYMAP.find((binding) => binding.command === command)!;
}

export function helpLine(commands: readonly Command[]): string {
	return commands.map((command) => `${bindingOf(command).label} ${bindingOf(command).description}`).join(' · ');
}
