import {existsSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import type {Name} from '../dns/name.js';
import type {Bootstrap} from './bootstrap.js';
import {rdapThreadFile, startRdapThread, takeEarly} from './early-thread.js';
import type {RdapThreadReply, RdapThreadRequest} from './lookup-thread.js';
import {fetchBootstrapText, RDAP_LIMITS} from './rdap-client.js';
import type {RdapLink} from './rdap-link.js';
import {lookUpRegistration} from './registration-lookup.js';
import type {RegistrationLookup, RegistrationReason} from './registration.js';

/**
 * How long a request on the thread may go unanswered: its own time-out (the look-up's whole, or the bootstrap's
 * fetch), and a margin for the thread's start (50-60 ms on a busy two-core host) and a slow reply's read.
 */
const REPLY_WITHIN_MS = RDAP_LIMITS.timeoutMs + 2000;

/** Where a trace's registries are asked, and IANA's bootstrap fetched for the cache. */
export interface RdapAsker {
	lookUp(domain: Name, reason: RegistrationReason): Promise<RegistrationLookup>;
	/** A bootstrap file's text, when it came whole and reads as one (`fetchBootstrapText`). */
	fetchBootstrap(url: string): Promise<string | undefined>;
	/**
	 * Nothing more will be asked (a command that prints its trace and ends): the thread is stopped now, as a thread still
	 * running when the process ends made its end 7-17 ms later. Anything asked after is asked on this thread.
	 */
	close(): void;
}

/** The look-ups on this thread, through `link`. */
export function askHere(client: {link: RdapLink; bootstrap: Bootstrap}): RdapAsker {
	return {
		lookUp: (domain, reason) => lookUpRegistration(domain, reason, client),
		fetchBootstrap: (url) => fetchBootstrapText(client.link, url),
		close: () => undefined,
	};
}

/**
 * The look-ups on a thread of their own (lookup-thread.ts), through the network's link made there: node:http(s), TLS
 * and the parse of each reply cost this thread nothing while the walk's replies come in. Starting it costs this thread
 * 5-10 ms (worker_threads loaded and the thread made), which the bin spends before the program loads for a trace that
 * will ask the registries (early-thread.ts), and this, before the walk, for one it did not foresee: the look-ups it
 * moves held the walk's first replies about 25 ms (bench/README.md, "Session 38").
 *
 * The thread keeps the process alive only while a look-up is out. Should it fail to start or die (its script missing
 * from the tree, damaged, or throwing), what it was asked is asked again here, through `client.link`, and everything
 * after it too: a broken install costs the timing, never the registration. So is a thread that runs but does not
 * answer within `replyWithinMs` (a script there that is not this one, or one stuck): each request there ends by its
 * own time-out, so a reply that late will not come, and waiting for it held the trace, and the process, for ever.
 */
export function askOnThread(client: {link: RdapLink; bootstrap: Bootstrap}, file: URL = rdapThreadFile(), replyWithinMs: number = REPLY_WITHIN_MS): RdapAsker {
	const here = askHere(client);
	// The one the bin started before the program loaded, when it did (early-thread.ts), else one started now.
	const early = takeEarly();
	if (!early && !existsSync(fileURLToPath(file))) return here;
	const worker = early ?? startRdapThread(file);
	/** A request given to the thread: what to do with its reply, and how to answer it here instead. */
	interface Given {
		settle(reply: RdapThreadReply): void;
		askHere(): void;
	}
	const open = new Map<number, Given>();
	let failed = false;
	let ids = 0;
	const fail = () => {
		if (failed) return;
		failed = true;
		const given = [...open.values()];
		open.clear();
		worker.unref();
		for (const request of given) request.askHere();
	};
	worker.on('error', fail);
	worker.on('exit', fail);
	worker.on('message', (reply: RdapThreadReply) => {
		const given = open.get(reply.id);
		if (!given) return;
		open.delete(reply.id);
		if (open.size === 0) worker.unref();
		given.settle(reply);
	});
	// After the listener, which refs the thread's port again (threaded-link.ts): idle, the thread holds no process.
	worker.unref();
	worker.postMessage({op: 'use', bootstrap: client.bootstrap} satisfies RdapThreadRequest);

	/**
	 * `read` takes the request's answer from a reply, or nothing from one that is no answer to it (a script there that is
	 * not this one): that request is asked here, as a thread's failure is.
	 */
	const ask = <T>(request: Extract<RdapThreadRequest, {id: number}>, read: (reply: RdapThreadReply) => {answer: T} | undefined, inThread: () => Promise<T>): Promise<T> => {
		if (failed) return inThread();
		return new Promise<T>((resolve, reject) => {
			// Unref'd: while the request is out the thread holds the process, and a thread that ended hands it back.
			const late = setTimeout(() => {
				fail();
				void worker.terminate();
			}, replyWithinMs).unref();
			const again = () => {
				clearTimeout(late);
				void inThread().then(resolve, reject);
			};
			open.set(request.id, {
				// A look-up that threw there is asked here: the same code, so the same error, unless the thread was the cause.
				settle: (reply) => {
					clearTimeout(late);
					const answered = 'threw' in reply ? undefined : read(reply);
					if (answered) resolve(answered.answer);
					else again();
				},
				askHere: again,
			});
			worker.ref();
			worker.postMessage(request);
		});
	};
	return {
		lookUp: (domain, reason) => ask({op: 'look-up', id: ++ids, domain, reason}, (reply) => ('lookup' in reply && reply.lookup?.domain === domain && reply.lookup.reason === reason ? {answer: reply.lookup} : undefined), () => here.lookUp(domain, reason)),
		fetchBootstrap: (url) => ask({op: 'bootstrap', id: ++ids, url}, (reply) => ('bootstrap' in reply && (reply.bootstrap === undefined || typeof reply.bootstrap === 'string') ? {answer: reply.bootstrap} : undefined), () => here.fetchBootstrap(url)),
		close() {
			fail();
			void worker.terminate();
		},
	};
}
