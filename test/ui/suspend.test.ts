import {PassThrough} from 'node:stream';
import {describe, expect, it} from 'vitest';
import {suspendToShell, type SuspendStreams} from '../../source/ui/suspend.js';

/** A terminal that records what is done to it, in order: raw mode set and unset, what is written, the stop, resizes. */
function terminal(isTTY = true, size: [number, number] = [80, 24]) {
	const log: string[] = [];
	const stdin = Object.assign(new PassThrough(), {isTTY, setRawMode: (mode: boolean) => log.push(`raw ${mode}`)}) as unknown as SuspendStreams['stdin'];
	// As Node's tty stream: the size it last read, until it reads it again (and says 'resize' when it changed).
	const stdout = Object.assign(new PassThrough(), {
		columns: 80,
		rows: 24,
		write: (text: string) => log.push(JSON.stringify(text)) > 0,
		_refreshSize() {
			const changed = size[0] !== stdout.columns || size[1] !== stdout.rows;
			[stdout.columns, stdout.rows] = size;
			if (changed) stdout.emit('resize');
		},
	}) as unknown as SuspendStreams['stdout'];
	stdout.on('resize', () => log.push(`resize ${stdout.columns}×${stdout.rows}`));
	return {streams: {stdin, stdout}, log, stop: () => void log.push('stopped')};
}

describe('Ctrl-Z', () => {
	it('gives the shell its terminal (line mode, pastes unmarked, the cursor shown) before the stop, and takes it again after', () => {
		const {streams, log, stop} = terminal();
		expect(suspendToShell(streams, stop)).toBe(true);
		// After fg the screen is cleared (the shell wrote on it: "[1]+ Stopped", the prompt, fg), and Ink is told of a
		// narrower terminal and then the real one: it draws its whole frame again, which it skips for a frame it wrote.
		expect(log).toEqual(['raw false', '"\\u001b[?2004l\\u001b[?25h"', 'stopped', 'raw true', '"\\u001b[?2004h\\u001b[?25l\\u001b[2J\\u001b[H"', 'resize 79×24', 'resize 80×24']);
	});

	it('draws at the size the terminal has after fg: a resize while stopped was told to the shell, not to this process', () => {
		const {streams, log, stop} = terminal(true, [60, 20]);
		suspendToShell(streams, stop);
		// Once, as SIGWINCH would have said it: the frame at the new size differs from the last, and is drawn whole.
		expect(log.slice(-2)).toEqual(['"\\u001b[?2004h\\u001b[?25l\\u001b[2J\\u001b[H"', 'resize 60×20']);
		expect([streams.stdout.columns, streams.stdout.rows]).toEqual([60, 20]);
	});

	it('does nothing where no terminal can be handed back', () => {
		const {streams, log, stop} = terminal(false);
		expect(suspendToShell(streams, stop)).toBe(false);
		expect(log).toEqual([]);
	});
});
