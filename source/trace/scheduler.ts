export interface Scheduler {
	run<T>(task: () => Promise<T>, urgent: boolean): Promise<T>;
	/**
	 * Runs `task` on the next turn of the event loop, after everything urgent created in this turn, together with
	 * everything else put off in this turn, in order.
	 */
	later(task: () => void): void;
	/** Marks work in progress (a probe, a resolution); the walk is not idle until every hold is released. */
	hold(): () => void;
	/** Resolves once nothing is held: no probe, no resolution, nothing put off. */
	idle(): Promise<void>;
}

/**
 * Runs tasks with bounded concurrency; urgent tasks (the walk's own questions) jump the queue. Normal tasks start
 * one tick later, so urgent ones created in the same tick (a new zone's walk question, after its SOA, NS and
 * DNSKEY questions) still go out first.
 */
export function createScheduler(concurrency: number): Scheduler {
	let running = 0;
	const urgentQueue: Array<() => void> = [];
	const normalQueue: Array<() => void> = [];
	let deferred = false;
	const later: Array<() => void> = [];
	let held = 0;
	const idlers: Array<() => void> = [];

	const next = () => {
		while (running < concurrency) {
			const start = urgentQueue.shift() ?? normalQueue.shift();
			if (!start) return;
			running++;
			start();
		}
	};

	const hold = () => {
		held++;
		return () => {
			held--;
			if (held === 0) for (const idle of idlers.splice(0)) idle();
		};
	};

	return {
		run(task, urgent) {
			return new Promise((resolve, reject) => {
				(urgent ? urgentQueue : normalQueue).push(() => {
					task()
						.then(resolve, reject)
						.finally(() => {
							running--;
							next();
						});
				});
				if (urgent) next();
				else if (!deferred) {
					deferred = true;
					setImmediate(() => {
						deferred = false;
						next();
					});
				}
			});
		},
		later(task) {
			if (later.length === 0) {
				const release = hold();
				setImmediate(() => {
					for (const put of later.splice(0)) put();
					release();
				});
			}
			later.push(task);
		},
		hold,
		idle() {
			return held === 0 ? Promise.resolve() : new Promise((resolve) => idlers.push(resolve));
		},
	};
}
