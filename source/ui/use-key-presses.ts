import {useStdin, useStdout} from 'ink';
import {useEffect, useRef} from 'react';
import {createKeyReader, type KeyPress} from './key-press.js';
import {SUSPEND} from './keymap.js';
import {suspendToShell} from './suspend.js';

/**
 * Hands every key to `onKeys`, in order, a chunk at a time: "/bwc" arrives as one chunk and is four keys. The
 * handler must let each key see the state the one before it left (a reducer, not values from the last render).
 * The handler of the latest render is the one called; the subscription stays the same.
 *
 * The raw input Ink reads is parsed here (`parseKeys`), not by Ink's useInput: its key reader throws on a sequence it
 * names as Ctrl with no key (`ESC [ 30 m`, as pasted colour text carries), which would end the program with a stack
 * trace. The reader drops a sequence that is no key, a control string Ink split into pieces too (createKeyReader).
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
		return () => {
			setRawMode(false);
		};
	}, [setRawMode]);
	useEffect(() => {
		// Ctrl-Z suspends wherever it comes in a chunk: the keys before it are pressed first, those after it once back
		// (the screen drawn again by then: suspend.ts). `onResumed`: what the screen says of the stop, if anything.
		const read = createKeyReader();
		const handle = (chunk: string) => {
			let keys = read(chunk, performance.now());
			for (let at = keys.indexOf(SUSPEND); at >= 0; at = keys.indexOf(SUSPEND)) {
				if (at > 0) latest.current(keys.slice(0, at));
				keys = keys.slice(at + 1);
				if (suspendToShell({stdin, stdout})) resumed.current?.();
			}
			if (keys.length > 0) latest.current(keys);
		};
		input.on('input', handle);
		return () => {
			input.removeListener('input', handle);
		};
	}, [input, stdin, stdout]);
}
