export interface Scheduler {
	run<T>(task: () => Promise<T>, urgent: boolean): Promise<T>;
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

	const next = () => {
		while (running < concurrency) {
			const start = urgentQueue.shift() ?? normalQueue.shift();
			if (!start) return;
			running++;
			start();
		}
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
	};
}
