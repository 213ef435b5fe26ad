import {closeSync, openSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {isGoneTerminal, terminalHungUp} from '../../source/commands/hang-up.js';

const errno = (code: string): NodeJS.ErrnoException => Object.assign(new Error(code), {code});

describe('a standard stream whose terminal has gone', () => {
	it('is told by EIO on a terminal (a character device), not on a file, and every write error after it is the same', () => {
		const file = openSync('package.json', 'r');
		const device = openSync('/dev/null', 'r');
		try {
			// A file's EIO is its disk's: still an error to say.
			expect(isGoneTerminal(errno('EIO'), file)).toBe(false);
			expect(isGoneTerminal(errno('ENOSPC'), device)).toBe(false);
			expect(terminalHungUp()).toBe(false);
			expect(isGoneTerminal(errno('EIO'), device)).toBe(true);
			expect(terminalHungUp()).toBe(true);
			// Once gone, nothing written is read: a destroyed stream's error is dropped as well.
			expect(isGoneTerminal(errno('ERR_STREAM_DESTROYED'), file)).toBe(true);
		} finally {
			closeSync(file);
			closeSync(device);
		}
	});
});
