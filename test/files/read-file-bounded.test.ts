/*
 * Reading a file the user names (a snapshot, --hints, --trust-anchor) never hangs and never reads past its limit:
 * a FIFO or pipe someone writes to is read as it is written, one nobody writes to is given up on after a bounded
 * wait, a device stops at the limit, and a directory or a socket is refused in one line.
 */
import {execFileSync, spawn} from 'node:child_process';
import {mkdtemp, writeFile} from 'node:fs/promises';
import {createServer} from 'node:net';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {beforeAll, describe, expect, it} from 'vitest';
import {FileRefusedError, FileTooLargeError, readFileBounded} from '../../source/files/read-file-bounded.js';
import {CLI} from '../helpers/cli.js';

let dir: string;

beforeAll(async () => {
	dir = await mkdtemp(path.join(tmpdir(), 'digdeeper-read-'));
});

const fifo = (name: string): string => {
	const file = path.join(dir, name);
	execFileSync('mkfifo', [file]);
	return file;
};

/** A writer in another process, as a shell user would start one: `sleep …; printf … > fifo`. */
const writeLater = (file: string, text: string, delaySeconds = 0) =>
	spawn('sh', ['-c', `sleep ${delaySeconds}; printf '%s' "$1" > "$2"`, 'writer', text, file], {stdio: 'ignore'});

const refusal = (promise: Promise<unknown>) => promise.then(
	() => {
		throw new Error('the read succeeded; it should have been refused');
	},
	(error: unknown) => error as Error,
);

describe('reading a file up to its limit', () => {
	it('reads a regular file whole', async () => {
		const file = path.join(dir, 'hints');
		await writeFile(file, '. 3600000 NS a.root-servers.net.\n');
		expect(await readFileBounded(file, 1024)).toBe('. 3600000 NS a.root-servers.net.\n');
	});

	it('refuses a regular file one byte over the limit', async () => {
		const file = path.join(dir, 'big');
		await writeFile(file, 'x'.repeat(1025));
		const error = await refusal(readFileBounded(file, 1024));
		expect(error).toBeInstanceOf(FileTooLargeError);
		expect(error.message).toBe(`${file}: larger than 1024 bytes`);
	});

	it('reads a regular file larger than it reads at once (a snapshot) chunk by chunk, whole, and refuses one over the limit', async () => {
		const file = path.join(dir, 'snapshot');
		const text = 'abcdefgh'.repeat(64 * 1024);
		await writeFile(file, text);
		expect(await readFileBounded(file, text.length)).toBe(text);
		const error = await refusal(readFileBounded(file, text.length - 1));
		expect(error).toBeInstanceOf(FileTooLargeError);
		expect(error.message).toBe(`${file}: larger than ${text.length - 1} bytes`);
	});

	it('stops reading /dev/zero one byte past the limit', async () => {
		const error = await refusal(readFileBounded('/dev/zero', 1024 * 1024));
		expect(error).toBeInstanceOf(FileTooLargeError);
		expect(error.message).toBe('/dev/zero: larger than 1 MB');
	});

	it('refuses a directory in one line', async () => {
		const error = await refusal(readFileBounded(dir, 1024));
		expect(error).toBeInstanceOf(FileRefusedError);
		expect(error.message).toBe(`${dir} is a directory, not a file`);
	});

	it('refuses a socket in one line', async () => {
		const file = path.join(dir, 'socket');
		const server = createServer();
		await new Promise<void>((resolve) => server.listen(file, resolve));
		try {
			const error = await refusal(readFileBounded(file, 1024));
			expect(error).toBeInstanceOf(FileRefusedError);
			expect(error.message).toBe(`${file} is a socket, not a file`);
		} finally {
			server.close();
		}
	});
});

describe('reading a FIFO', () => {
	it('reads what a writer writes, and ends when the writer closes it', async () => {
		const file = fifo('written');
		writeLater(file, 'hello from a writer');
		expect(await readFileBounded(file, 1024, {fifoWaitMs: 5000})).toBe('hello from a writer');
	});

	it('waits for a writer that comes a little later', async () => {
		const file = fifo('late');
		writeLater(file, 'late but there', 0.3);
		expect(await readFileBounded(file, 1024, {fifoWaitMs: 5000})).toBe('late but there');
	});

	it('stops a writer that writes too much one byte past the limit', async () => {
		const file = fifo('flood');
		writeLater(file, 'y'.repeat(2000));
		const error = await refusal(readFileBounded(file, 1024, {fifoWaitMs: 5000}));
		expect(error).toBeInstanceOf(FileTooLargeError);
		expect(error.message).toBe(`${file}: larger than 1024 bytes`);
	});

	it('gives up on a FIFO nothing writes to after the wait, in one line', async () => {
		const file = fifo('silent');
		const started = performance.now();
		const error = await refusal(readFileBounded(file, 1024, {fifoWaitMs: 300}));
		expect(error).toBeInstanceOf(FileRefusedError);
		expect(error.message).toBe(`nothing writes to FIFO ${file} (waited 0.3 s)`);
		expect(performance.now() - started).toBeGreaterThanOrEqual(290);
		expect(performance.now() - started).toBeLessThan(3000);
	});
});

/** A command in a child process, killed if it outlives `limitMs`: its exit status, stderr, and how long it ran. */
function run(command: string, args: string[], limitMs = 25_000): Promise<{code: number | null; stdout: string; stderr: string; ms: number}> {
	return new Promise((resolve) => {
		const started = performance.now();
		const child = spawn(command, args, {env: {...process.env, DIGDEEPER_LOOPBACK_ONLY: '1'}, stdio: ['ignore', 'pipe', 'pipe']});
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
		child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
		const killer = setTimeout(() => child.kill('SIGKILL'), limitMs);
		child.on('close', (code) => {
			clearTimeout(killer);
			resolve({code, stdout, stderr, ms: performance.now() - started});
		});
	});
}

describe('the command with a FIFO nothing writes to: one line, exit status 2, and the process exits', () => {
	let snapshot: string;
	beforeAll(async () => {
		snapshot = path.join(dir, 'bw.json');
		const traced = await run('node', [CLI, '--lab', 'www.nic.bw', '--latency-scale', '0', '-o', snapshot, '--json']);
		expect(traced.code).toBe(0);
	}, 30_000);

	it('open, report, diff, --hints and --trust-anchor', async () => {
		const file = fifo('nobody');
		const line = (what: string) => `digdeeper: cannot read ${what}: nothing writes to FIFO ${file} (waited 5 s)\n`;
		// In parallel: each waits five seconds doing nothing, and a blocked thread would keep its process alive until
		// killed. The bound leaves room for a loaded machine's start-up, far under the hang it rules out.
		const cases = [[['open', file], 'snapshot'], [['report', file], 'snapshot'], [['diff', file, snapshot, '--text'], 'snapshot'], [['example.com', '--hints', file], 'hints file'], [['example.com', '--trust-anchor', file], 'trust-anchor file']] as const;
		const runs = await Promise.all(cases.map(async ([args, what]) => ({what, ...(await run('node', [CLI, ...args]))})));
		for (const run of runs) {
			expect([run.code, run.stdout, run.stderr]).toEqual([2, '', line(run.what)]);
			expect(run.ms).toBeLessThan(20_000);
		}
	}, 40_000);

	it('a snapshot piped from a shell still opens: `cat FILE | digdeeper open /dev/stdin` and `digdeeper open <(cat FILE)`', async () => {
		for (const script of ['cat "$1" | node "$0" open /dev/stdin', 'node "$0" open <(cat "$1")']) {
			const piped = await run('bash', ['-c', script, CLI, snapshot]);
			expect([piped.code, piped.stderr]).toEqual([0, '']);
			expect(piped.stdout).toContain(';; ANSWER from bw.');
		}
	}, 30_000);
});
