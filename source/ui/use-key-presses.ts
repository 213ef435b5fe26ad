import {useStdin, useStdout} from 'ink';
import {useEffect, useRef} from 'react';
import {BRACKETED_PASTE_OFF, BRACKETED_PASTE_ON, createKeyReader, type KeyPress, type KeyReader} from './key-press.js';
import {SUSPEND} from './keymap.js';
import {suspendToShell} from './suspend.js';

/** A reader holding something when its screen gave way, by the input it read (Ink's, one an app). */
const carried = new WeakMap<object, KeyReader>();

/**
 * Hands every key to `onKeys`, in order, a chunk at a time: "/bwc" arrives as one chunk and is four keys. The
 * handler must let each key see the state the one before it left (a reducer, not values from the last render).
 * The handler of the latest render is the one called; the subscription stays the same.
 *
 * The raw input Ink reads is parsed here (createKeyReader), not by Ink's useInput: its key reader throws on a sequence
 * it names as Ctrl with no key (`ESC [ 30 m`, as pasted colour text carries), which would end the program with a stack
 * trace. The reader drops a sequence that is no key, and takes up what Ink split into pieces (a control string, an ESC
 * handed on alone), so an Esc is pressed CONTROL_STRING_GAP_MS (15 ms) after it is typed, once nothing followed it.
 * A terminal is asked to mark pastes (bracketed paste) while keys are read, so a paste is text for a prompt and
 * never commands.
 */
export function useKeyPresses(onKeys: (keys: KeyPress[]) => void, options: {onResumed?: () => void} = {}): void {
	const latest = useRef(onKeys);
	latest.current = onKeys;
	const resumed = useRef(options.onResumed);
	resumed.current = options.onResumed;
	const {stdin, setRawMode, internal_eventEmitter: input} = useStdin();
	const {stdout} = useStdout();
	useEffect(() => {
		setRawMode(true);
		const paste = pasteMarks(stdout);
		return () => {
			paste.off();
			setRawMode(false);
		};
	}, [setRawMode, stdout]);
	useEffect(() => {
		// What is held when the screen changed (Enter, then Esc, in one chunk: the list gives way to the trace) is the next
		// screen's: its reader goes on with the one before.
		const reader = carried.get(input) ?? createKeyReader();
		carried.delete(input);
		let timer: NodeJS.Timeout | undefined;
		let turn: NodeJS.Immediate | undefined;
		const cancel = () => {
			clearTimeout(timer);
			clearImmediate(turn);
		};
		// Ctrl-Z suspends wherever it comes in a chunk: the keys before it are pressed first, those after it once back
		// (the screen drawn again by then: suspend.ts). `onResumed`: what the screen says of the stop, if anything.
		const press = (pressed: KeyPress[]) => {
			let keys = pressed;
			for (let at = keys.indexOf(SUSPEND); at >= 0; at = keys.indexOf(SUSPEND)) {
				if (at > 0) latest.current(keys.slice(0, at));
				keys = keys.slice(at + 1);
				if (suspendToShell({stdin, stdout})) resumed.current?.();
			}
			if (keys.length > 0) latest.current(keys);
		};
		// What a chunk left held or open is given up once nothing came for the gap: after the timer, a turn later, when the
		// input that came meanwhile has been read (after a busy moment, timers run before it is), unless a chunk came.
		const expireLater = () => {
			if (!reader.waiting()) return;
			timer = setTimeout(() => {
				turn = setImmediate(() => press(reader.expire()));
			}, reader.gapMs());
		};
		const handle = (chunk: string) => {
			cancel();
			press(reader.read(chunk));
			expireLater();
		};
		expireLater();
		input.on('input', handle);
		return () => {
			cancel();
			if (reader.waiting()) carried.set(input, reader);
			input.removeListener('input', handle);
		};
	}, [input, stdin, stdout]);
}

/** Screens that read keys now: the terminal marks pastes while any does (a screen gives way to the next). */
let reading = 0;
let exitHooked = false;

/**
 * Bracketed paste on for a terminal, while a screen reads keys; off again when the last one stops, and at exit
 * whatever ended the process, so a shell is never left receiving marked pastes. Nothing is written where the output is
 * no terminal (a test's, a pipe).
 */
function pasteMarks(stdout: NodeJS.WriteStream): {off: () => void} {
	if (!stdout.isTTY) return {off: () => undefined};
	if (reading++ === 0) stdout.write(BRACKETED_PASTE_ON);
	if (!exitHooked) {
		exitHooked = true;
		process.once('exit', () => {
			if (reading > 0) stdout.write(BRACKETED_PASTE_OFF);
		});
	}
	let done = false;
	return {
		off() {
			if (done) return;
			done = true;
			if (--reading === 0) stdout.write(BRACKETED_PASTE_OFF);
		},
	};
}
