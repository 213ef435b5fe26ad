/**
 * The monotonic clock in milliseconds (uv_hrtime, CLOCK_MONOTONIC): one clock for every thread of the process, where
 * each thread's `performance.now()` counts from its own start. A moment stamped by the sockets' thread is compared with
 * this thread's by it.
 */
export function monotonicMs(): number {
	const [seconds, nanoseconds] = process.hrtime();
	return seconds * 1000 + nanoseconds / 1e6;
}
