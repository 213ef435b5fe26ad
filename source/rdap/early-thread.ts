import {existsSync} from 'node:fs';
import {createRequire} from 'node:module';
import {fileURLToPath} from 'node:url';
import type {Worker} from 'node:worker_threads';
import type {RdapThreadData} from './lookup-thread.js';

/** The registries' thread's script, beside the program: the bundle's own file, or tsc's module in its tree. */
declare const DIGDEEPER_RDAP_THREAD: string | undefined;

export function rdapThreadFile(): URL {
	return new URL(typeof DIGDEEPER_RDAP_THREAD === 'string' ? DIGDEEPER_RDAP_THREAD : './lookup-thread.js', import.meta.url);
}

/**
 * The registries' thread (lookup-thread.ts), given its bootstrap later (`use`). Its standard streams are its own (it
 * writes nothing): piped to this thread's, they made this thread's stream objects, 1.2 ms, which a command that writes
 * its output through standard-streams.ts never makes.
 */
export function startRdapThread(file: URL): Worker {
	// Required here, not imported: the bin takes this module, and a run that asks no registry (--version, --no-rdap, a
	// survey) never loads worker_threads (2-4 ms).
	const {Worker: Thread} = createRequire(import.meta.url)('node:worker_threads') as typeof import('node:worker_threads');
	return new Thread(file, {workerData: {digdeeperRdapThread: true} satisfies RdapThreadData, stdout: true, stderr: true});
}

/** Where the bin leaves the thread it started for the program: the two are built apart, and share only the process. */
const LEFT = Symbol.for('digdeeper.rdap-thread');
type Left = {worker: Worker; ended: boolean};
const shelf = globalThis as {[LEFT]?: Left};

/**
 * Started by the bin before the program loads, for a run that will ask the registries: a thread takes 40-60 ms to
 * start, longer than the walk of a nearby zone, and the trace waited for it; started here, that time passes while the
 * program loads (30-40 ms) and prepares. Idle, it holds no process; one the program never takes ends with it.
 */
export function startEarly(file: URL = rdapThreadFile()): void {
	if (shelf[LEFT] || !existsSync(fileURLToPath(file))) return;
	const left: Left = {worker: startRdapThread(file), ended: false};
	// Listened to at once: a thread that fails before the program takes it would otherwise throw its error here.
	const end = () => (left.ended = true);
	left.worker.on('error', end);
	left.worker.on('exit', end);
	left.worker.unref();
	shelf[LEFT] = left;
}

/** The thread the bin started, once, if it is still running. */
export function takeEarly(): Worker | undefined {
	const left = shelf[LEFT];
	delete shelf[LEFT];
	return left && !left.ended ? left.worker : undefined;
}
