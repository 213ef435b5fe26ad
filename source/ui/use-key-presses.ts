import {useInput} from 'ink';
import {useCallback, useRef} from 'react';
import {keysOf, type KeyPress} from './key-press.js';

/**
 * Hands every key to `onKeys`, in order, a chunk at a time: "/bwc" arrives as one chunk and is four keys. The
 * handler must let each key see the state the one before it left (a reducer, not values from the last render).
 * The handler of the latest render is the one called; Ink's subscription stays the same.
 */
export function useKeyPresses(onKeys: (keys: KeyPress[]) => void): void {
	const latest = useRef(onKeys);
	latest.current = onKeys;
	useInput(useCallback((input, key) => latest.current(keysOf(input, key)), []));
}
