import {execFileSync} from 'node:child_process';
import {existsSync} from 'node:fs';
import {lstat, mkdir, mkdtemp, readdir, readFile, symlink, writeFile} from 'node:fs/promises';
import * as nodeFs from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {beforeAll, describe, expect, it} from 'vitest';
import {writeLabFiles} from '../../source/commands/lab-command.js';
import {LAB_RESOLVER} from '../../source/lab/resolver-config.js';
import {OutputExistsError, OutputWriteError, writeFileAtomic, type WriterFs} from '../../source/files/write-file-atomic.js';
import {cli} from '../helpers/cli.js';
import {labWorld} from '../helpers/lab.js';

const NODE_FS: WriterFs = {writeFile: nodeFs.writeFile, rename: nodeFs.rename, link: nodeFs.link, unlink: nodeFs.unlink, lstat: nodeFs.lstat};

const scratch = () => mkdtemp(path.join(tmpdir(), 'digdeeper-files-'));

/** A disk that fills up after `room` bytes: the temporary file is left half-written, as a real ENOSPC leaves it. */
function fullDiskAfter(room: number): WriterFs {
	return {
		...NODE_FS,
		async writeFile(file, data, options) {
			await nodeFs.writeFile(file, data.slice(0, room), options);
			throw Object.assign(new Error('ENOSPC: no space left on device, write'), {code: 'ENOSPC'});
		},
	};
}

describe('writing a file atomically', () => {
	it('on a full disk: refused in one line, and the half-written temporary file is removed', async () => {
		const dir = await scratch();
		await writeFile(path.join(dir, 'other.json'), 'kept');
		const target = path.join(dir, 'trace.json');
		const error = await writeFileAtomic(target, 'x'.repeat(10_000), {force: false}, fullDiskAfter(4096)).catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(OutputWriteError);
		expect((error as Error).message).toBe(`cannot write ${target}: ENOSPC`);
		expect(await readdir(dir)).toEqual(['other.json']);
	});

	it('on a full disk with --force: the file it would have replaced is untouched', async () => {
		const dir = await scratch();
		const target = path.join(dir, 'trace.json');
		await writeFile(target, 'precious');
		await expect(writeFileAtomic(target, 'new', {force: true}, fullDiskAfter(1))).rejects.toThrow(OutputWriteError);
		expect(await readdir(dir)).toEqual(['trace.json']);
		expect(await readFile(target, 'utf8')).toBe('precious');
	});

	it('when the final rename fails: no temporary file is left', async () => {
		const dir = await scratch();
		const failing: WriterFs = {...NODE_FS, rename: async () => Promise.reject(Object.assign(new Error('EIO'), {code: 'EIO'}))};
		await expect(writeFileAtomic(path.join(dir, 'trace.json'), 'data', {force: true}, failing)).rejects.toThrow('cannot write');
		expect(await readdir(dir)).toEqual([]);
	});

	for (const [label, target, code] of [
		['into a missing directory', async () => path.join(await scratch(), 'missing', 'trace.json'), 'ENOENT'],
		['under a name that is a file, not a directory', async () => {
			const dir = await scratch();
			await writeFile(path.join(dir, 'file'), 'a file');
			return path.join(dir, 'file', 'trace.json');
		}, 'ENOTDIR'],
		['under /proc/version (not a directory, even for root)', async () => '/proc/version/trace.json', 'ENOTDIR'],
	] as const) {
		it(`${label}: refused with the reason`, async () => {
			const file = await target();
			await expect(writeFileAtomic(file, 'data', {force: false})).rejects.toThrow(new OutputWriteError(`cannot write ${file}: ${code}`));
			await expect(writeFileAtomic(file, 'data', {force: true})).rejects.toThrow(OutputWriteError);
		});
	}

	it.runIf(existsSync('/sys/kernel'))('into a read-only directory (sysfs refuses even root): refused with EACCES', async () => {
		await expect(writeFileAtomic('/sys/digdeeper-trace.json', 'data', {force: false})).rejects.toThrow(new OutputWriteError('cannot write /sys/digdeeper-trace.json: EACCES'));
	});

	describe('--force replaces regular files only', () => {
		let dir: string;
		beforeAll(async () => {
			dir = await scratch();
		});

		it('a regular file is replaced', async () => {
			const target = path.join(dir, 'regular.json');
			await writeFile(target, 'old');
			await writeFileAtomic(target, 'new', {force: true});
			expect(await readFile(target, 'utf8')).toBe('new');
		});

		for (const [what, make] of [
			['a FIFO', async (target: string) => execFileSync('mkfifo', [target])],
			['a directory', async (target: string) => mkdir(target)],
			['a symbolic link', async (target: string) => {
				await writeFile(`${target}.victim`, 'victim');
				await symlink(`${target}.victim`, target);
			}],
		] as const) {
			it(`${what} is refused and stays as it was`, async () => {
				const target = path.join(dir, what.replace(/\W/gu, '-'));
				await make(target);
				const before = await lstat(target);
				await expect(writeFileAtomic(target, 'new', {force: true})).rejects.toThrow(new OutputWriteError(`${target} is ${what}: only a regular file is ever replaced`));
				const after = await lstat(target);
				expect([after.ino, after.mode]).toEqual([before.ino, before.mode]);
				if (what === 'a symbolic link') expect(await readFile(`${target}.victim`, 'utf8')).toBe('victim');
			});
		}

		it('a device is refused: /dev/null and /dev/full stay devices', async () => {
			for (const device of ['/dev/null', '/dev/full']) {
				await expect(writeFileAtomic(device, 'new', {force: true})).rejects.toThrow(new OutputWriteError(`${device} is a device: only a regular file is ever replaced`));
				expect((await lstat(device)).isCharacterDevice()).toBe(true);
			}
		});

		it('without --force nothing that exists is replaced, whatever it is: what is no regular file is said at once, with no hint at --force', async () => {
			await expect(writeFileAtomic('/dev/null', 'new', {force: false})).rejects.toThrow(new OutputWriteError('/dev/null is a device: only a regular file is ever replaced'));
			expect((await lstat('/dev/null')).isCharacterDevice()).toBe(true);
			const file = path.join(dir, 'kept.json');
			await writeFile(file, 'old');
			await expect(writeFileAtomic(file, 'new', {force: false})).rejects.toThrow(new OutputExistsError(`${file} already exists (use --force to replace it)`));
			expect(await readFile(file, 'utf8')).toBe('old');
		});
	});
});

describe('digdeeper -o: one line, exit status 2, nothing left behind', () => {
	let dir: string;
	beforeAll(async () => {
		dir = await scratch();
		await writeFile(path.join(dir, 'a-file'), 'a file');
		execFileSync('mkfifo', [path.join(dir, 'fifo')]);
		await mkdir(path.join(dir, 'a-directory'));
	});

	for (const [label, target, force, message] of [
		['into a missing directory', () => path.join(dir, 'missing', 'x.json'), false, /^digdeeper: cannot write .*missing\/x\.json: ENOENT\n$/u],
		['under a file', () => path.join(dir, 'a-file', 'x.json'), false, /^digdeeper: cannot write .*a-file\/x\.json: ENOTDIR\n$/u],
		['under /proc/version', () => '/proc/version/x.json', false, /^digdeeper: cannot write \/proc\/version\/x\.json: ENOTDIR\n$/u],
		['over a device with --force', () => '/dev/null', true, /^digdeeper: \/dev\/null is a device: only a regular file is ever replaced\n$/u],
		['over a FIFO with --force', () => path.join(dir, 'fifo'), true, /^digdeeper: .*fifo is a FIFO: only a regular file is ever replaced\n$/u],
		['over a directory with --force', () => path.join(dir, 'a-directory'), true, /^digdeeper: .*a-directory is a directory: only a regular file is ever replaced\n$/u],
		// "use --force" would only lead to the refusal above: what the name is, is said at once.
		['over a directory', () => path.join(dir, 'a-directory'), false, /^digdeeper: .*a-directory is a directory: only a regular file is ever replaced\n$/u],
		['over a FIFO', () => path.join(dir, 'fifo'), false, /^digdeeper: .*fifo is a FIFO: only a regular file is ever replaced\n$/u],
		['over a file', () => path.join(dir, 'a-file'), false, /^digdeeper: .*a-file already exists \(use --force to replace it\)\n$/u],
	] as const) {
		it(label, async () => {
			const before = await readdir(dir);
			const {code, stdout, stderr} = await cli('--lab', 'www.example.com', '--latency-scale', '0', '--text', '-o', target(), ...(force ? ['--force'] : []));
			expect(code).toBe(2);
			expect(stdout).toBe('');
			expect(stderr).toMatch(message);
			expect(await readdir(dir)).toEqual(before);
			expect(await readdir(path.join(dir, 'a-directory'))).toEqual([]);
		});
	}
});

describe('lab serve --dir: the files it writes never follow a planted symbolic link', () => {
	it('writes the five files, and writes them again over its own', async () => {
		const dir = await scratch();
		const files = await writeLabFiles(dir, labWorld());
		expect((await readdir(dir)).sort()).toEqual(['lab.anchor', 'lab.bind-keys', 'lab.hints', 'resolv.conf', 'unbound.conf']);
		expect(await readFile(files.resolvFile, 'utf8')).toBe(`nameserver ${LAB_RESOLVER}\n`);
		await writeLabFiles(dir, labWorld());
		expect((await readdir(dir)).sort()).toEqual(['lab.anchor', 'lab.bind-keys', 'lab.hints', 'resolv.conf', 'unbound.conf']);
	});

	for (const name of ['lab.hints', 'lab.anchor', 'lab.bind-keys', 'unbound.conf', 'resolv.conf']) {
		it(`a symbolic link planted at ${name} is refused, and its target is untouched`, async () => {
			const dir = await scratch();
			const victim = path.join(await scratch(), 'victim');
			await writeFile(victim, 'precious');
			await symlink(victim, path.join(dir, name));
			await expect(writeLabFiles(dir, labWorld())).rejects.toThrow(new OutputWriteError(`${path.join(dir, name)} is a symbolic link: only a regular file is ever replaced`));
			expect(await readFile(victim, 'utf8')).toBe('precious');
			expect((await lstat(path.join(dir, name))).isSymbolicLink()).toBe(true);
			expect((await readdir(dir)).filter((entry) => entry.endsWith('.tmp'))).toEqual([]);
		});
	}
});
