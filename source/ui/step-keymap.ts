import type {KeyPress} from './key-press.js';
import {bindingOf, keyLabel} from './keymap.js';

/**
 * Everything a key can do in the step-through. It takes every key while it is open (Ctrl-C aside), so its keys are
 * its own table, as the survey's list has one: → and ← step here where in the tree they open and fold.
 */
export type StepCommand = 'next' | 'previous' | 'first' | 'last' | 'play' | 'faster' | 'slower' | 'up' | 'down' | 'leave' | 'help' | 'quit';

export interface StepBinding {
	command: StepCommand;
	keys: readonly KeyPress[];
	description: string;
	/** Made from `keys`, so the key line and the docs cannot disagree with them. */
	label: string;
}

const BINDINGS: readonly Omit<StepBinding, 'label'>[] = [
	{command: 'next', keys: ['right', 'l', 'return'], description: 'next'},
	{command: 'previous', keys: ['left', 'h', 'backspace'], description: 'previous'},
	{command: 'play', keys: [' ', 'p'], description: 'play / pause'},
	{command: 'faster', keys: ['+', '='], description: 'faster'},
	{command: 'slower', keys: ['-'], description: 'slower'},
	{command: 'first', keys: bindingOf('first').keys, description: 'first'},
	{command: 'last', keys: bindingOf('last').keys, description: 'last'},
	// The explanation and the response can be longer than the pane: the movement keys scroll them, as in the detail pane.
	{command: 'up', keys: bindingOf('up').keys, description: 'scroll up'},
	{command: 'down', keys: bindingOf('down').keys, description: 'scroll down'},
	{command: 'leave', keys: ['escape', ...bindingOf('stepThrough').keys], description: 'back to the tree'},
	{command: 'help', keys: bindingOf('help').keys, description: 'more keys'},
	{command: 'quit', keys: bindingOf('quit').keys, description: 'quit'},
];

/** The step-through's one keymap: its router and its key line read it. */
export const STEP_KEYMAP: readonly StepBinding[] = BINDINGS.map((binding) => ({...binding, label: binding.keys.map(keyLabel).join('/')}));

export function stepCommandFor(key: KeyPress): StepCommand | undefined {
	return STEP_KEYMAP.find((binding) => binding.keys.includes(key))?.command;
}

/**
 * The step-through's key line: the keys that step, leave, list the others and play, the way out before the speeds
 * (the line is cut at the pane's width, and at 80 columns "back to the tree" had been past its end).
 */
export function stepKeyLine(playing: boolean): string {
	const label = (command: StepCommand) => STEP_KEYMAP.find((binding) => binding.command === command)!;
	const play = label('play');
	return [label('next'), label('previous'), label('leave'), label('help'), {...play, description: playing ? 'pause' : 'play'}, label('faster'), label('slower')].map((binding) => `${binding.label} ${binding.description}`).join(' · ');
}

/**
 * `?` in the step-through: the keys past the key line's first four, for the status line, in as few words as fit 80
 * columns (the two scrolling keys as one).
 */
export function stepKeysInWords(): string {
	// Each command by its first key: the key line and the docs give the others.
	const key = (command: StepCommand) => keyLabel(STEP_KEYMAP.find((entry) => entry.command === command)!.keys[0]!);
	return [`${key('first')}/${key('last')} first/last`, `${key('up')}/${key('down')} scroll`, `${key('play')} play`, `${key('faster')}/${key('slower')} faster/slower`, `${key('quit')} quit`].join(' · ');
}

/** The auto-play's speeds, slowest first: how long each step stays on screen. */
export const STEP_SPEEDS_MS: readonly number[] = [5000, 3000, 2000, 1000, 500, 250];
/** Two seconds a step: time to read the sentence that says what happened. */
export const DEFAULT_STEP_SPEED = 2;
