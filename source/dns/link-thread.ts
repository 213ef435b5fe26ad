import {parentPort, workerData} from 'node:worker_threads';
import type {Family} from './address.js';
import {monotonicMs} from './monotonic-clock.js';
import {createSocketLink, rehearseExchange, systemSockets} from './socket-link.js';
import type {Endpoint, LinkError, LinkExchange} from './transport.js';

/*
 * The sockets' own thread (a worker of threaded-link.ts): it sends each query and reads each reply the moment the
 * kernel has it, and stamps both by the process's monotonic clock, which every thread shares. The thread that walks
 * and draws may be busy for a hundred milliseconds (an explorer's first frames); what it reads late is still timed here.
 */

/** What the walking thread asks: one exchange begun, or one ended. */
export type ThreadRequest = {op: 'udp' | 'tcp'; id: number; to: Endpoint; payload: Uint8Array} | {op: 'close'; id: number};

/** What this thread tells of an exchange, each event with its moment (`at`, ms of the monotonic clock). */
export type ThreadEvent =
	| {id: number; event: 'sent'; at: number}
	| {id: number; event: 'message'; at: number; data: Uint8Array; from: Endpoint}
	| {id: number; event: 'error'; at: number; error: LinkError};

function serve(port: NonNullable<typeof parentPort>, families: readonly Family[]) {
	const link = createSocketLink(systemSockets(families));
	// This thread waits for the walk's first query while the other loads the explorer or the survey: time enough to
	// run Node's UDP code once, so that query leaves without compiling it.
	rehearseExchange(families.includes(4) ? 'udp4' : 'udp6');
	const exchanges = new Map<number, LinkExchange>();
	const tell = (event: ThreadEvent) => port.postMessage(event);
	port.on('message', (request: ThreadRequest) => {
		if (request.op === 'close') {
			exchanges.get(request.id)?.close();
			exchanges.delete(request.id);
			return;
		}
		const {id} = request;
		const handlers = {
			onMessage: (data: Uint8Array, from: Endpoint) => tell({id, event: 'message', at: monotonicMs(), data, from}),
			onError: (error: LinkError) => tell({id, event: 'error', at: monotonicMs(), error}),
			// A send call that was interrupted says how long it took (socket-link.ts): the datagram may have left at its start.
			onSent: (lateMs = 0) => tell({id, event: 'sent', at: monotonicMs() - lateMs}),
		};
		exchanges.set(id, request.op === 'udp' ? link.udp(request.to, request.payload, handlers) : link.tcp(request.to, request.payload, handlers));
	});
}

if (parentPort && (workerData as {digdeeperLinkThread?: true} | undefined)?.digdeeperLinkThread) serve(parentPort, (workerData as {families: Family[]}).families);
