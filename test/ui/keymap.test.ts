import {readFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import type {NamedKey} from '../../source/ui/key-press.js';
import {commandFor, fittedKeyLine, helpHints, helpLine, INTERRUPT, keyHint, keyLabel, KEYMAP} from '../../source/ui/keymap.js';

const NAMED: NamedKey[] = ['up', 'down', 'left', 'right', 'pageUp', 'pageDown', 'home', 'end', 'return', 'escape', 'tab', 'backspace', 'ctrl-c'];

describe('the keymap', () => {
	it('binds only named keys and single characters', () => {
		for (const key of KEYMAP.flatMap((binding) => binding.keys)) expect(NAMED.includes(key as NamedKey) || [...key].length === 1, key).toBe(true);
	});

	it('binds no key to two commands', () => {
		const keys = KEYMAP.flatMap((binding) => binding.keys);
		expect(new Set(keys).size).toBe(keys.length);
	});

	it('spells each binding from its keys', () => {
		const label = (command: string) => KEYMAP.find((binding) => binding.command === command)?.label;
		expect(label('up')).toBe('↑/k');
		expect(label('first')).toBe('g/Home');
		expect(label('open')).toBe('Enter/l/→');
		expect(label('back')).toBe('Esc/h/←/⌫');
		expect(label('mark')).toBe('space');
		expect(helpLine(['switchPane', 'quit'])).toBe('Tab switch pane · q quit');
		expect(keyHint('open', 'jump')).toBe('Enter jump');
	});

	it('finds the command a key means among those allowed', () => {
		expect(commandFor('k', ['up', 'down'])).toBe('up');
		expect(commandFor('pageDown', ['up', 'pageDown'])).toBe('pageDown');
		expect(commandFor('c', ['up', 'down'])).toBeUndefined();
		expect(commandFor('ctrl-c', KEYMAP.map((binding) => binding.command))).toBeUndefined();
	});
});

describe('a key line fitted to the terminal', () => {
	const hints = helpHints(['open', 'back', 'switchPane', 'findings', 'dnssec', 'explain', 'help', 'quit']);

	it('is whole where it fits', () => {
		expect(fittedKeyLine(hints, 200)).toBe(helpLine(['open', 'back', 'switchPane', 'findings', 'dnssec', 'explain', 'help', 'quit']));
	});

	it('keeps ? help and q quit at 80 columns, the hints before them going from the end, and says some went', () => {
		// Cut at its end, it read "… · f findings · d DNSSEC chain…": a newcomer was never told how to get help or leave.
		const line = fittedKeyLine(hints, 80);
		expect(line).toBe('Enter/l/→ open · Esc/h/←/⌫ back · Tab switch pane · … · ? help · q quit');
		expect(line.length).toBeLessThanOrEqual(80);
		expect(fittedKeyLine(hints, 30)).toBe('… · ? help · q quit');
	});
});

describe("README's key table", () => {
	/** The first column of the table under "| keys | what |": the keys as the README writes them. */
	const readme = readFileSync(path.resolve(import.meta.dirname, '../../README.md'), 'utf8');
	const table = readme.slice(readme.indexOf('| keys | what |')).split('\n\n')[0]!;
	const keyColumn = table.split('\n').slice(2).map((row) => row.split(' | ')[0]!).join(' ');

	it('names every key the help (?) names, so the two cannot drift apart', () => {
		expect(table.split('\n').length).toBeGreaterThan(10);
		// A character in backquotes (`j`, `<`), a named key as the help spells it (Enter, PgUp, ←, space).
		const written = (key: string) => (NAMED.includes(key as NamedKey) || key === ' ' ? keyLabel(key) : `\`${key}\``);
		const keys = [...KEYMAP.flatMap((binding) => binding.keys), INTERRUPT];
		expect(keys.filter((key) => !keyColumn.includes(written(key))).map(keyLabel)).toEqual([]);
	});
});
