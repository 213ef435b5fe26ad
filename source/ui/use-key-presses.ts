import {useStdin} from 'ink';
import {useEffect, useRef} from 'react';
import {parseKeys, type KeyPress} from './key-press.js';

/**
 * Hands every key to `onKeys`, in order, a chunk at a time: "/bwc" arrives as one chunk and is four keys. The
 * handler must let each key see the state the one before it left (a reducer, not values from the last render).
 * The handler of the latest render is the one called; the subscription stays the same.
 *
 * The raw input Ink reads is parsed here (`parseKeys`), not by Ink's useInput: its key reader throws on a sequence it
 * names as Ctrl with no key (`ESC [ 30 m`, as pasted colour text carries), which would end the program with a stack
 * trace. parseKeys drops a sequence that is no key.
 */
export function useKeyPresses(onKeys: (keys: KeyPress[]) => void): void {
	const latest = useRef(onKeys);
	latest.current = onKeys;
	const {setRawMode, internal_eventEmitter: input} = useStdin();
	useEffect(() => {
		setRawMode(true);
		return () => {
			setRawMode(false);
		};
	}, [setRawMode]);
	useEffect(() => {
		const handle = (chunk: string) => {
			const keys = parseKeys(chunk);
			if (keys.length > 0) latest.current(keys);
		};
		input.on('input', handle);
		return () => {
			input.removeListener('input', handle);
		};
	}, [input]);
}
