/**
 * This thread busy for `ms` from the next turn of the event loop, where a walk's own work runs (after I/O): what an
 * explorer's first frame does to the replies that arrive meanwhile.
 */
export const busyFor = (ms: number) =>
	new Promise<void>((resolve) =>
		setImmediate(() => {
			const until = performance.now() + ms;
			while (performance.now() < until);
			resolve();
		}),
	);
