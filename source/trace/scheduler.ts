/** Runs tasks with bounded concurrency; urgent tasks (the walk's own questions) jump the queue. */
export interface Scheduler {
	run<T>(task: () => Promise<T>, urgent: boolean): Promise<T>;
}

export function createScheduler(concurrency: number): Scheduler {
	let running = 0;
	const urgentQueue: Array<() => void> = [];
	const normalQueue: Array<() => void> = [];

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
				next();
			});
		},
	};
}
