import {PassThrough} from 'node:stream';
import {describe, expect, it} from 'vitest';
import {suspendToShell, type SuspendStreams} from '../../source/ui/suspend.js';

/** A terminal that records what is done to it, in order: raw mode set and unset, what is written, the stop. */
function terminal(isTTY = true) {
	const log: string[] = [];
	const stdin = Object.assign(new PassThrough(), {isTTY, setRawMode: (mode: boolean) => log.push(`raw ${mode}`)}) as unknown as SuspendStreams['stdin'];
	const stdout = Object.assign(new PassThrough(), {write: (text: string) => log.push(JSON.stringify(text)) > 0}) as unknown as SuspendStreams['stdout'];
	return {streams: {stdin, stdout}, log, stop: () => void log.push('stopped')};
}

describe('Ctrl-Z', () => {
	it('gives the shell its terminal (line mode, the cursor shown) before the stop, and takes it again after', () => {
		const {streams, log, stop} = terminal();
		expect(suspendToShell(streams, stop)).toBe(true);
		// The screen is cleared after fg: the shell wrote on it ("[1]+ Stopped", the prompt, fg), and the frame is drawn again.
		expect(log).toEqual(['raw false', '"\\u001b[?25h"', 'stopped', 'raw true', '"\\u001b[?25l\\u001b[2J\\u001b[H"']);
	});

	it('does nothing where no terminal can be handed back', () => {
		const {streams, log, stop} = terminal(false);
		expect(suspendToShell(streams, stop)).toBe(false);
		expect(log).toEqual([]);
	});
});
