import {parentPort, workerData} from 'node:worker_threads';
import type {Name} from '../dns/name.js';
import type {Bootstrap} from './bootstrap.js';
import {fetchBootstrapText} from './rdap-client.js';
import {createHttpLink} from './rdap-link.js';
import {lookUpRegistration} from './registration-lookup.js';
import type {RegistrationLookup, RegistrationReason} from './registration.js';

/*
 * The registries' own thread (a worker of threaded-lookups.ts): it loads node:http(s), asks, and reads each reply
 * (zod's parse of the domain object included) away from the thread that walks. There, about 25 ms of that work ran
 * while the root servers' replies came in, and each was read, and timed, that much later: a root server 13 ms away
 * measured 35-41 ms in every `--json` trace that asked RDAP, the default.
 */

/**
 * What the walking thread asks: first, the bootstrap to use (the thread may be started before the program has chosen
 * one: early-thread.ts); then a domain's registration, or a bootstrap file's text (IANA's, for the cache).
 */
export type RdapThreadRequest = {op: 'use'; bootstrap: Bootstrap} | {op: 'look-up'; id: number; domain: Name; reason: RegistrationReason} | {op: 'bootstrap'; id: number; url: string};

/** What this thread answers, by the request's id: the look-up, the file's text (none: not fetched whole), or why it threw. */
export type RdapThreadReply = {id: number; lookup: RegistrationLookup} | {id: number; bootstrap: string | undefined} | {id: number; threw: string};

export interface RdapThreadData {
	digdeeperRdapThread: true;
}

function serve(port: NonNullable<typeof parentPort>) {
	const link = createHttpLink();
	let bootstrap: Bootstrap | undefined;
	port.on('message', (request: RdapThreadRequest) => {
		if (request.op === 'use') {
			bootstrap = request.bootstrap;
			return;
		}
		const answer = async (): Promise<RdapThreadReply> => {
			try {
				if (request.op === 'bootstrap') return {id: request.id, bootstrap: await fetchBootstrapText(link, request.url)};
				if (!bootstrap) throw new Error('no bootstrap was given to the registries\' thread');
				return {id: request.id, lookup: await lookUpRegistration(request.domain, request.reason, {link, bootstrap})};
			} catch (error) {
				return {id: request.id, threw: error instanceof Error ? error.message : String(error)};
			}
		};
		void answer().then((reply) => port.postMessage(reply));
	});
}

if (parentPort && (workerData as Partial<RdapThreadData> | undefined)?.digdeeperRdapThread) serve(parentPort);
