import type {KeyPress} from '../key-press.js';
import {bindingOf, keyLabel} from '../keymap.js';

/** Everything a key can do in the survey's list of zones. */
export type SurveyCommand = 'up' | 'down' | 'first' | 'last' | 'pageUp' | 'pageDown' | 'open' | 'filter' | 'severity' | 'clear' | 'help' | 'quit';

export interface SurveyBinding {
	command: SurveyCommand;
	keys: readonly KeyPress[];
	description: string;
	/** Made from `keys`, so the key line and the help cannot disagree with them. */
	label: string;
}

/** Moving is moving in the trace's explorer too: the same keys, from its keymap. */
const moving = (command: 'up' | 'down' | 'first' | 'last' | 'pageUp' | 'pageDown'): Omit<SurveyBinding, 'label'> => ({command, keys: bindingOf(command).keys, description: bindingOf(command).description});

/** What each key does in the survey's list; the label is made from the keys below. */
const BINDINGS: readonly Omit<SurveyBinding, 'label'>[] = [
	moving('up'),
	moving('down'),
	moving('first'),
	moving('last'),
	moving('pageUp'),
	moving('pageDown'),
	{command: 'open', keys: bindingOf('open').keys, description: "the zone's whole trace (Esc or q comes back)"},
	{command: 'filter', keys: ['/'], description: 'filter: zones whose name or findings contain a text'},
	{command: 'severity', keys: ['s'], description: 'worst finding: all, errors, warnings, notes, clean'},
	{command: 'clear', keys: ['escape'], description: 'clear the filters (or close the help)'},
	{command: 'help', keys: ['?'], description: 'this help'},
	{command: 'quit', keys: ['q'], description: 'quit'},
];

/** The survey list's one keymap: its router, its key line and its help all read it. */
export const SURVEY_KEYMAP: readonly SurveyBinding[] = BINDINGS.map((binding) => ({...binding, label: binding.keys.map(keyLabel).join('/')}));

export function surveyCommandFor(key: KeyPress): SurveyCommand | undefined {
	return SURVEY_KEYMAP.find((binding) => binding.keys.includes(key))?.command;
}

/** The key line: a command's label and a word or two of what it does. */
export function surveyKeyLine(commands: readonly {command: SurveyCommand; does: string}[]): string {
	return commands.map(({command, does}) => `${SURVEY_KEYMAP.find((binding) => binding.command === command)!.label} ${does}`).join(' · ');
}
