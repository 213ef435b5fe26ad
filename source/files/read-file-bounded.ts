import {open} from 'node:fs/promises';

export class FileTooLargeError extends Error {
	override name = 'FileTooLargeError';
}

const CHUNK_BYTES = 64 * 1024;

/**
 * Reads a text file of at most `maxBytes`, and stops as soon as it has read one byte more: a file's size is no
 * guide (`/dev/zero`, a pipe, a FIFO report 0 bytes), so only reading tells, and a bigger file is never read
 * whole. The message names the file and the limit, for one line on stderr.
 */
export async function readFileBounded(file: string, maxBytes: number): Promise<string> {
	const handle = await open(file, 'r');
	try {
		const chunks: Buffer[] = [];
		let total = 0;
		for (;;) {
			const chunk = Buffer.alloc(Math.min(CHUNK_BYTES, maxBytes + 1 - total));
			const {bytesRead} = await handle.read(chunk, 0, chunk.byteLength, null);
			if (bytesRead === 0) break;
			chunks.push(chunk.subarray(0, bytesRead));
			total += bytesRead;
			if (total > maxBytes) throw new FileTooLargeError(`${file}: larger than ${describeBytes(maxBytes)}`);
		}
		return Buffer.concat(chunks, total).toString('utf8');
	} finally {
		await handle.close();
	}
}

function describeBytes(bytes: number): string {
	return bytes % (1024 * 1024) === 0 ? `${bytes / 1024 / 1024} MB` : `${bytes} bytes`;
}
