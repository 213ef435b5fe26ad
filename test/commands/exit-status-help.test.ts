import {describe, expect, it} from 'vitest';
import {COMMANDS} from '../../source/commands/command-words.js';
import {commandExitStatus, wholeExitStatus} from '../../source/commands/exit-status-help.js';

/** The statuses a section names, in order: each at the start of its line's text. */
const statuses = (section: string) => [...section.matchAll(/^ {4}(\d+) +/gmu)].map((match) => Number(match[1]));

describe("the help's exit statuses, one table for the whole help and each command's", () => {
	it('says, for every command, what 0, 1 and 2 mean to it', () => {
		for (const command of COMMANDS) expect(statuses(commandExitStatus(command)).slice(0, 3), command).toEqual([0, 1, 2]);
	});

	it("gives a command its own meanings alone: graph's 0 is its graph written, never a trace finished", () => {
		expect(commandExitStatus('graph')).toBe(
			[
				'    0    the graph was written',
				'    1    the command failed as it ran (a full disk, say), with one line on',
				'         stderr',
				'    2    a usage error: what was typed, or a file it names (a snapshot, hints,',
				'         trust anchors, -o FILE), cannot be used; one line on stderr',
				'    130  Ctrl-C',
				'    141  the reader of its output went away (a closed pipe: digdeeper … | head)',
			].join('\n'),
		);
		expect(commandExitStatus('diff')).toMatch(/^ {4}0 {4}no change\n {4}1 {4}something changed\n/u);
	});

	it('has no 130 for the servers, which Ctrl-C stops with 0', () => {
		for (const command of ['lab serve', 'serve'] as const) {
			expect(statuses(commandExitStatus(command))).toEqual([0, 1, 2, 141]);
			expect(commandExitStatus(command)).toMatch(/^ {4}0 {4}stopped by Ctrl-C, SIGTERM or SIGHUP/u);
		}
	});

	it('says in the whole help which commands each meaning is about, within 80 columns', () => {
		const whole = wholeExitStatus();
		expect(statuses(whole)).toEqual([0, 1, 2, 130, 141]);
		expect(whole).toContain('\n         diff: something changed\n');
		expect(whole).toContain('    2    any command: a usage error');
		expect(whole.split('\n').filter((line) => line.length > 80)).toEqual([]);
	});
});
