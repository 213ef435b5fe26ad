/** The streams a suspension hands back to the shell and takes again: Ink's, a TTY's in practice. */
export interface SuspendStreams {
	stdin: NodeJS.ReadStream & {setRawMode?: (mode: boolean) => unknown; isTTY?: boolean};
	stdout: NodeJS.WriteStream;
}

import {BRACKETED_PASTE_OFF, BRACKETED_PASTE_ON} from './key-press.js';

const SHOW_CURSOR = '\u001B[?25h';
const HIDE_CURSOR = '\u001B[?25l';
/** The whole screen cleared and the cursor home: the frame is drawn again from the top (the shell wrote below it). */
const CLEAR_SCREEN = '\u001B[2J\u001B[H';

/**
 * Ctrl-Z: the terminal as the shell left it (line mode, echo, the cursor shown), then the process group stops, as the
 * terminal would have stopped it: the group, so a parent that started this one (npm start, sh -c) stops too and the
 * shell gets the terminal back; SIGTSTP alone to this process left it waiting on a parent that never stopped. `fg`
 * continues it here, and the screen is taken again: raw mode set on the stream itself (not through Ink's count of the
 * components that asked for it, which stays as it was), the screen cleared, and the whole frame drawn again at the
 * terminal's size now (redraw). False where nothing can be suspended (not a TTY, or Windows, which has no job control).
 *
 * A process group that no shell controls (orphaned) is not stopped by SIGTSTP: it goes on at once, and is drawn again.
 */
export function suspendToShell({stdin, stdout}: SuspendStreams, stop: () => void = () => process.kill(0, 'SIGTSTP')): boolean {
	if (process.platform === 'win32' || !stdin.isTTY || typeof stdin.setRawMode !== 'function') return false;
	stdin.setRawMode(false);
	// The shell gets pastes unmarked, as it asks for them itself.
	stdout.write(`${BRACKETED_PASTE_OFF}${SHOW_CURSOR}`);
	// The stop is taken as this call returns: the lines after it run once the shell continues the process.
	stop();
	stdin.setRawMode(true);
	stdout.write(`${BRACKETED_PASTE_ON}${HIDE_CURSOR}${CLEAR_SCREEN}`);
	redraw(stdout);
	return true;
}

/**
 * Has Ink draw its whole frame again, at the terminal's size now. A resize while the process was stopped was told to
 * the shell (SIGWINCH goes to the foreground group), and Node's `getWindowSize` only returns the size it last read:
 * the terminal is asked again, as Node's own SIGWINCH handler asks it (`_refreshSize`, which says 'resize' when the
 * size changed), and a frame at a new size differs from the last. The same size, Ink would write nothing (it writes a
 * frame only when it differs from the last one written, and forgets the last one only when the terminal narrows): told
 * of a terminal a column narrower, then of its real size, it draws the whole frame again.
 */
function redraw(stdout: NodeJS.WriteStream & {_refreshSize?: () => void}): void {
	const before = [stdout.columns, stdout.rows];
	stdout._refreshSize?.();
	const {columns, rows} = stdout;
	if (!columns || !rows || columns !== before[0] || rows !== before[1]) return;
	stdout.columns = Math.max(1, columns - 1);
	stdout.emit('resize');
	stdout.columns = columns;
	stdout.emit('resize');
}
