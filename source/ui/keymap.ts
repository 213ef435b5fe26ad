import type {Key} from 'ink';

/** Every command the UI knows. Handlers ask "does this key mean that command", never compare characters. */
export type Command = 'up' | 'down' | 'first' | 'last' | 'pageUp' | 'pageDown' | 'open' | 'quit';

export interface Binding {
	command: Command;
	/** How the help line and overlay spell the keys. */
	label: string;
	description: string;
	matches: (input: string, key: Key) => boolean;
}

/** The one keymap: the input router and the help line both read it, so they cannot drift apart. */
export const KEYMAP: Binding[] = [
	{command: 'up', label: '↑/k', description: 'move up', matches: (input, key) => key.upArrow || input === 'k'},
	{command: 'down', label: '↓/j', description: 'move down', matches: (input, key) => key.downArrow || input === 'j'},
	{command: 'first', label: 'g/Home', description: 'first', matches: (input, key) => input === 'g' || key.home},
	{command: 'last', label: 'G/End', description: 'last', matches: (input, key) => input === 'G' || key.end},
	{command: 'pageUp', label: 'PgUp', description: 'page up', matches: (_input, key) => key.pageUp},
	{command: 'pageDown', label: 'PgDn', description: 'page down', matches: (_input, key) => key.pageDown},
	{command: 'open', label: 'Enter/l/→', description: 'open', matches: (input, key) => key.return || input === 'l' || key.rightArrow},
	{command: 'quit', label: 'q/Esc', description: 'quit', matches: (input, key) => input === 'q' || key.escape || (key.ctrl && input === 'c')},
];

export function commandFor(input: string, key: Key, allowed: readonly Command[]): Command | undefined {
	return KEYMAP.find((binding) => allowed.includes(binding.command) && binding.matches(input, key))?.command;
}

export function helpLine(commands: readonly Command[]): string {
	return KEYMAP.filter((binding) => commands.includes(binding.command))
		.map((binding) => `${binding.label} ${binding.description}`)
		.join(' · ');
}
