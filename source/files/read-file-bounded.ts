import {close, closeSync, constants, fstat, fstatSync, open, openSync, read, readSync, type Stats} from 'node:fs';
import {Socket} from 'node:net';
import {promisify} from 'node:util';

/** A file refused before or while it was read; the message is one line that names it. */
export class FileRefusedError extends Error {
	override name = 'FileRefusedError';
}

export class FileTooLargeError extends FileRefusedError {
	override name = 'FileTooLargeError';
}

/**
 * How long a FIFO or pipe may stay silent (nothing written, not closed) before the read gives up: long enough for a
 * writer started alongside digdeeper (`cat hints > fifo &`), short enough that a FIFO nobody writes to is reported,
 * not waited on for ever.
 */
export const FIFO_WAIT_MS = 5000;

const CHUNK_BYTES = 64 * 1024;

/**
 * A regular file up to this size is read at once, without the event loop: a hints or trust-anchor file then costs no
 * round trips through libuv's thread pool before the first query (open, fstat, two reads, close: 1-2 ms). A larger one
 * (a snapshot) is read chunk by chunk, so a view waiting on it keeps drawing.
 */
const READ_AT_ONCE_BYTES = 256 * 1024;

const openFile = promisify(open);
const statOf = promisify(fstat);
const closeFile = promisify(close);
const readInto = promisify(read);

/**
 * Reads a text file of at most `maxBytes`, and stops as soon as it has read one byte more: a file's size is no
 * guide (`/dev/zero`, a pipe, a FIFO report 0 bytes), so only reading tells, and a bigger file is never read
 * whole. A FIFO or pipe is read as it is written, and given up on after `fifoWaitMs` without a byte or its end; a
 * directory or a socket is refused. Every refusal is a FileRefusedError whose message names the file, for one line
 * on stderr.
 */
export async function readFileBounded(file: string, maxBytes: number, options: {fifoWaitMs?: number} = {}): Promise<string> {
	const chunks: Buffer[] = [];
	for await (const chunk of readChunksBounded(file, maxBytes, options)) chunks.push(chunk);
	return Buffer.concat(chunks).toString('utf8');
}

/**
 * The same file as readFileBounded reads it, chunk by chunk as it is read, for a reader that keeps less than the
 * whole file (a survey's record, line by line). The refusals are readFileBounded's, thrown where the chunks stop.
 */
export async function* readChunksBounded(file: string, maxBytes: number, options: {fifoWaitMs?: number} = {}): AsyncGenerator<Buffer> {
	// Never a blocking open: one of a FIFO waits for a writer inside a thread of libuv's pool, where nothing can
	// cancel it and the process cannot exit. Without O_NONBLOCK's wait, the FIFO is watched by the event loop instead.
	// Opened and looked at synchronously: neither waits, with O_NONBLOCK.
	let fd: number;
	try {
		fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
	} catch (error) {
		// open(2) of a socket fails with ENXIO: say what the file is rather than the errno.
		throw (error as NodeJS.ErrnoException).code === 'ENXIO' ? new FileRefusedError(`${file} is a socket, not a file`) : error;
	}
	let info: Stats;
	try {
		info = fstatSync(fd);
	} catch (error) {
		closeSync(fd);
		throw error;
	}
	if (info.isFIFO()) return yield* readStream(file, fd, maxBytes, options.fifoWaitMs ?? FIFO_WAIT_MS);
	if (info.isFile()) return yield* readToEnd(file, fd, maxBytes, info.size <= READ_AT_ONCE_BYTES ? AT_ONCE : POOLED);
	await closeFile(fd);
	if (info.isDirectory()) throw new FileRefusedError(`${file} is a directory, not a file`);
	if (info.isSocket()) throw new FileRefusedError(`${file} is a socket, not a file`);
	// A device (/dev/zero, a terminal) reads as it always has, blocking: O_NONBLOCK would make a terminal say EAGAIN.
	const blocking = await openFile(file, constants.O_RDONLY);
	const again = await statOf(blocking).catch(async (error: unknown) => {
		await closeFile(blocking);
		throw error;
	});
	if (again.dev !== info.dev || again.ino !== info.ino) {
		await closeFile(blocking);
		throw new FileRefusedError(`${file} changed while it was opened`);
	}
	return yield* readToEnd(file, blocking, maxBytes);
}

/** How a descriptor is read and closed: through libuv's thread pool, or at once (a small regular file). */
interface Reads {
	read(fd: number, into: Buffer): Promise<number> | number;
	close(fd: number): Promise<void> | void;
}

const POOLED: Reads = {read: async (fd, into) => (await readInto(fd, into, 0, into.byteLength, null)).bytesRead, close: closeFile};
const AT_ONCE: Reads = {read: (fd, into) => readSync(fd, into, 0, into.byteLength, null), close: closeSync};

/**
 * A file or device read chunk by chunk, to its end whatever its size said, up to one byte past the limit; the
 * descriptor is closed whatever happens.
 */
async function* readToEnd(file: string, fd: number, maxBytes: number, reads: Reads = POOLED): AsyncGenerator<Buffer> {
	try {
		let total = 0;
		for (;;) {
			const chunk = Buffer.alloc(Math.min(CHUNK_BYTES, maxBytes + 1 - total));
			const bytesRead = await reads.read(fd, chunk);
			if (bytesRead === 0) break;
			total += bytesRead;
			if (total > maxBytes) throw tooLarge(file, maxBytes);
			yield chunk.subarray(0, bytesRead);
		}
	} finally {
		await reads.close(fd);
	}
}

/**
 * A FIFO or pipe read through the event loop (a libuv pipe owns the descriptor and closes it when destroyed): its end
 * comes when the last writer closes, and a FIFO no one has opened for writing yet is simply silent, so silence for
 * `waitMs` ends the read.
 */
async function* readStream(file: string, fd: number, maxBytes: number, waitMs: number): AsyncGenerator<Buffer> {
	const stream = new Socket({fd, readable: true, writable: false});
	let total = 0;
	stream.setTimeout(waitMs, () => {
		const waited = `${Math.round(waitMs / 100) / 10} s`;
		stream.destroy(new FileRefusedError(total === 0 ? `nothing writes to FIFO ${file} (waited ${waited})` : `nothing more was written to FIFO ${file} for ${waited}`));
	});
	try {
		for await (const chunk of stream as AsyncIterable<Buffer>) {
			total += chunk.byteLength;
			if (total > maxBytes) throw tooLarge(file, maxBytes);
			yield chunk;
		}
	} finally {
		stream.destroy();
	}
}

function tooLarge(file: string, maxBytes: number): FileTooLargeError {
	return new FileTooLargeError(`${file}: larger than ${describeBytes(maxBytes)}`);
}

function describeBytes(bytes: number): string {
	return bytes % (1024 * 1024) === 0 ? `${bytes / 1024 / 1024} MB` : `${bytes} bytes`;
}
