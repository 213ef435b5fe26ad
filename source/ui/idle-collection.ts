import {setFlagsFromString} from 'node:v8';
import {runInNewContext} from 'node:vm';

let collected = false;

/**
 * One full garbage collection, once per process, while the explorer waits for its first key. Reading a large trace
 * leaves V8's old generation at its limit, and the collection it then starts lands on the first key instead: 55 ms
 * of a 90 ms first ↓ on the bench's large trace (bench/README.md, "Session 24"). Node offers no collection without
 * --expose-gc, which a bin cannot pass; set now, it gives a new context `gc` (the V8 flags already in force, the
 * program's code cache among them, are untouched). Where even that is refused, V8 collects when it would have.
 */
export function collectWhileIdle(): void {
	if (collected) return;
	collected = true;
	try {
		setFlagsFromString('--expose-gc');
		(runInNewContext('gc') as () => void)();
	} catch {
		// V8 collects on its own, later.
	}
}
