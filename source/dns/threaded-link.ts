import {existsSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {Worker} from 'node:worker_threads';
import type {Family} from './address.js';
import type {ThreadEvent, ThreadRequest} from './link-thread.js';
import {monotonicMs} from './monotonic-clock.js';
import {createSocketLink, systemSockets} from './socket-link.js';
import type {Endpoint, Link, LinkExchange, LinkHandlers} from './transport.js';

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
 * start or die (its script missing from the tree, damaged, or throwing), the sockets become this thread's, as for any
 * command: every exchange out is asked again here, from its start, and every one after goes here at once. Ended as
 * errors instead, every probe of a healthy network failed at once and the trace said this host reached no name server
 * (VANTAGE_DNS_BLOCKED): a broken install read as a blocked network. What is lost is only the timing during frames.
 */
export function createThreadedLink(families: readonly Family[], file: URL = linkThreadFile()): Link {
	let here: Link | undefined;
	const thisThread = () => (here ??= createSocketLink(systemSockets(families)));
	if (!existsSync(fileURLToPath(file))) return thisThread();
	const worker = new Worker(file, {workerData: {digdeeperLinkThread: true, families: [...families]}});
	/** An exchange given to the thread; `moved`, the same exchange asked again on this thread once the thread failed. */
	interface Given {
		op: 'udp' | 'tcp';
		to: Endpoint;
		payload: Uint8Array;
		handlers: LinkHandlers;
		moved?: LinkExchange;
	}
	const open = new Map<number, Given>();
	let failed = false;
	let ids = 0;

	const fail = () => {
		if (failed) return;
		failed = true;
		const given = [...open.values()];
		open.clear();
		for (const exchange of given) exchange.moved = thisThread()[exchange.op](exchange.to, exchange.payload, exchange.handlers);
	};
	worker.on('error', fail);
	worker.on('exit', fail);
	worker.on('message', (told: ThreadEvent) => {
		const handlers = open.get(told.id)?.handlers;
		if (!handlers) return;
		if (told.event === 'message') handlers.onMessage(told.data, told.from, Math.max(0, monotonicMs() - told.at));
		else if (told.event === 'sent') handlers.onSent?.(Math.max(0, monotonicMs() - told.at));
		else handlers.onError(told.error, Math.max(0, monotonicMs() - told.at));
	});
	// Only now: a 'message' listener refs the thread's port again, and a port unref'd before it kept every process that
	// ever started the thread alive once its work was done (a survey printed its last zone and never ended).
	worker.unref();

	const exchange = (op: 'udp' | 'tcp') => (to: Endpoint, payload: Uint8Array, handlers: LinkHandlers): LinkExchange => {
		if (failed) return thisThread()[op](to, payload, handlers);
		const id = ++ids;
		const given: Given = {op, to, payload, handlers};
		open.set(id, given);
		worker.postMessage({op, id, to: {address: to.address, port: to.port}, payload} satisfies ThreadRequest);
		return {
			close() {
				if (open.delete(id)) worker.postMessage({op: 'close', id} satisfies ThreadRequest);
				given.moved?.close();
			},
		};
	};
	return {udp: exchange('udp'), tcp: exchange('tcp')};
}
