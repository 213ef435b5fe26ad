import {existsSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {Worker} from 'node:worker_threads';
import type {Family} from './address.js';
import type {ThreadEvent, ThreadRequest} from './link-thread.js';
import {monotonicMs} from './monotonic-clock.js';
import {createSocketLink, systemSockets} from './socket-link.js';
import type {Endpoint, Link, LinkError, LinkHandlers} from './transport.js';

/** The sockets' thread's script, beside the program: the bundle's own file, or tsc's module in its tree. */
declare const DIGDEEPER_LINK_THREAD: string | undefined;

export function linkThreadFile(): URL {
	return new URL(typeof DIGDEEPER_LINK_THREAD === 'string' ? DIGDEEPER_LINK_THREAD : './link-thread.js', import.meta.url);
}

/**
 * The real network, its sockets on a thread of their own (link-thread.ts): for the explorer, whose frames take this
 * thread for tens of milliseconds while replies arrive (the first, with code never run, a hundred). A reply read on
 * this thread after a frame was timed by the sockets' thread when it came, and the link says how long ago that was
 * (`lateMs`), so a round trip is the network's: www.nic.bw's root servers, 13-31 ms away on the lab, measured 87-127 ms
 * in the explorer when this thread read its own sockets (bench/README.md, "Session 37").
 *
 * The thread never keeps the process alive (the querier's timers do, while an exchange is out). Should it fail to
 * start or die, every exchange out and every one after ends as a network error that says so: never a walk waiting.
 * Without its script (the sources run as they are, by the tests), the sockets are this thread's, as for any command.
 */
export function createThreadedLink(families: readonly Family[], file: URL = linkThreadFile()): Link {
	if (!existsSync(fileURLToPath(file))) return createSocketLink(systemSockets(families));
	const worker = new Worker(file, {workerData: {digdeeperLinkThread: true, families: [...families]}});
	const open = new Map<number, LinkHandlers>();
	let failure: LinkError | undefined;
	let ids = 0;

	const fail = (message: string) => {
		failure ??= {kind: 'network', code: 'ETHREAD', message: `the sockets' thread stopped: ${message}`};
		const ended = [...open.values()];
		open.clear();
		for (const handlers of ended) handlers.onError(failure);
	};
	worker.on('error', (error) => fail(error.message));
	worker.on('exit', (code) => fail(`it exited (${code})`));
	worker.on('message', (told: ThreadEvent) => {
		const handlers = open.get(told.id);
		if (!handlers) return;
		if (told.event === 'message') handlers.onMessage(told.data, told.from, Math.max(0, monotonicMs() - told.at));
		else if (told.event === 'sent') handlers.onSent?.(Math.max(0, monotonicMs() - told.at));
		else handlers.onError(told.error);
	});
	// Only now: a 'message' listener refs the thread's port again, and a port unref'd before it kept every process that
	// ever started the thread alive once its work was done (a survey printed its last zone and never ended).
	worker.unref();

	const exchange = (op: 'udp' | 'tcp') => (to: Endpoint, payload: Uint8Array, handlers: LinkHandlers) => {
		const id = ++ids;
		if (failure) {
			const {onError} = handlers;
			const told = failure;
			setImmediate(() => onError(told));
			return {close() {}};
		}
		open.set(id, handlers);
		worker.postMessage({op, id, to: {address: to.address, port: to.port}, payload} satisfies ThreadRequest);
		return {
			close() {
				if (open.delete(id)) worker.postMessage({op: 'close', id} satisfies ThreadRequest);
			},
		};
	};
	return {udp: exchange('udp'), tcp: exchange('tcp')};
}
