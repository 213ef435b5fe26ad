import {writeSync} from 'node:fs';

type StreamName = 'stdout' | 'stderr';

const DESCRIPTORS: Record<StreamName, number> = {stdout: 1, stderr: 2};

/** The standard streams Node has made so far: once one exists, what is written goes through it, in its order. */
const made = new Set<StreamName>();

type ErrorHandler = (error: NodeJS.ErrnoException, name: StreamName) => void;

let onStreamError: ErrorHandler = (error) => {
	throw error;
};

/**
 * Node makes `process.stdout` and `process.stderr` when they are first read: for a pipe, a socket and its stream
 * machinery, about 1.5 ms of a start. A trace that prints its result once (--json, --text, --report) writes it to the
 * descriptor instead and never makes them. Whoever does read them (Ink, a TTY check) gets Node's stream as before,
 * with `onError` attached as it is made: the same handler for a write through the descriptor and through the stream.
 * A stream tells its error on a later turn, outside any caller: what `onError` throws then goes to `late` (thrown
 * from an event listener, a full disk's one line had become a stack trace).
 */
export function deferStandardStreams(onError: ErrorHandler, late: (thrown: unknown) => void): void {
	onStreamError = onError;
	for (const name of Object.keys(DESCRIPTORS) as StreamName[]) {
		const descriptor = Object.getOwnPropertyDescriptor(process, name);
		const make = descriptor?.get;
		if (!make) continue;
		let stream: NodeJS.WriteStream | undefined;
		Object.defineProperty(process, name, {
			configurable: true,
			enumerable: descriptor.enumerable ?? true,
			get() {
				if (!stream) {
					stream = make.call(process) as NodeJS.WriteStream;
					stream.on('error', (error: NodeJS.ErrnoException) => {
						try {
							onError(error, name);
						} catch (thrown) {
							late(thrown);
						}
					});
					made.add(name);
				}
				return stream;
			},
		});
	}
}

/**
 * Writes all of `text` to a standard stream: straight to its descriptor, blocking, while Node has not made the stream
 * (standard output and error are blocking descriptors as a shell or a parent process hands them over); through the
 * stream once it exists, or when the descriptor would block (a parent that made it non-blocking), so nothing is lost
 * or reordered. A reader that has gone (EPIPE) is told to the same handler as a stream's error.
 */
export function writeStandard(name: StreamName, text: string): void {
	if (made.has(name)) {
		process[name].write(text);
		return;
	}
	const bytes = Buffer.from(text, 'utf8');
	let offset = 0;
	try {
		while (offset < bytes.byteLength) offset += writeSync(DESCRIPTORS[name], bytes, offset);
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'EAGAIN') {
			process[name].write(bytes.subarray(offset));
			return;
		}
		onStreamError(error as NodeJS.ErrnoException, name);
	}
}
