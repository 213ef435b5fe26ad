import {execFile} from 'node:child_process';
import {copyFile, mkdir, mkdtemp, readdir, readFile, rm, symlink, truncate, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';

const run = promisify(execFile);

/**
 * V8 checks a code cache against no more than its own version and flags and the script's length: a cache with a
 * flipped bit was taken and crashed the command ("Fatal error … unreachable code", or a segmentation fault), and
 * another build's cache, for a script of the same length, was taken and ran that build's code. The bin gives V8 only
 * the cache the build made for its script (source/cli.ts): these run a copy of the built command with a cache that
 * is not, and see it refused, the command working as without one.
 */
describe('the code cache the bin gives V8', () => {
	let dir: string;
	let program: string;
	let cache: Buffer;
	let explorer: string;
	let explorerCache: Buffer;
	beforeAll(async () => {
		dir = await mkdtemp(path.join(tmpdir(), 'digdeeper-code-cache-test-'));
		program = (await readdir('dist')).find((file) => /^digdeeper-\w+\.cjs$/u.test(file))!;
		cache = await readFile(`dist/${program}.cache`);
		explorer = (await readdir('dist')).find((file) => /^explorer-\w+\.cjs$/u.test(file))!;
		explorerCache = await readFile(`dist/${explorer}.cache`);
		await mkdir(path.join(dir, 'dist'));
		await Promise.all([
			copyFile('dist/cli.cjs', path.join(dir, 'dist/cli.cjs')),
			copyFile(`dist/${program}`, path.join(dir, 'dist', program)),
			copyFile(`dist/${explorer}`, path.join(dir, 'dist', explorer)),
			copyFile('package.json', path.join(dir, 'package.json')),
			symlink(path.resolve('node_modules'), path.join(dir, 'node_modules')),
		]);
	});
	afterAll(async () => rm(dir, {recursive: true, force: true}));

	/** `digdeeper --version` run from the copy, with DIGDEEPER_CODE_CACHE=status. */
	const version = async (bin = 'dist/cli.cjs') => run('node', [path.join(dir, bin), '--version'], {env: {...process.env, DIGDEEPER_LOOPBACK_ONLY: '1', DIGDEEPER_CODE_CACHE: 'status'}});

	it('takes the cache the build made', async () => {
		await writeFile(path.join(dir, 'dist', `${program}.cache`), cache);
		expect(await version()).toEqual({stdout: expect.stringMatching(/^digdeeper \d/u), stderr: 'digdeeper: code cache taken (program)\n'});
	});

	it("takes the explorer's cache the build made (Ink's and React's modules loaded from it), and refuses it changed", async () => {
		const explorerStatus = async () => (await run('node', [path.join(dir, 'dist/cli.cjs')], {env: {...process.env, DIGDEEPER_LOOPBACK_ONLY: '1', DIGDEEPER_CODE_CACHE: 'explorer-status'}})).stderr;
		const cacheFile = path.join(dir, 'dist', `${explorer}.cache`);
		await writeFile(cacheFile, explorerCache);
		expect(await explorerStatus()).toBe('digdeeper: code cache taken (explorer)\n');
		const damaged = Buffer.from(explorerCache);
		damaged[damaged.length >> 1]! ^= 0x10;
		await writeFile(cacheFile, damaged);
		expect(await explorerStatus()).toBe('digdeeper: code cache refused (explorer)\n');
		await rm(cacheFile);
		expect(await explorerStatus()).toBe('digdeeper: code cache absent (explorer)\n');
	});

	it("names the package's file in a stack trace, not the directory the build made the cache in", async () => {
		await writeFile(path.join(dir, 'dist', `${program}.cache`), cache);
		// A bug, as seen from the program: the first write to standard output throws.
		const preload = path.join(dir, 'throw.cjs');
		await writeFile(preload, "const fs = require('node:fs');\nconst writeSync = fs.writeSync;\nfs.writeSync = (fd, ...rest) => { if (fd === 1) throw new TypeError('a bug'); return writeSync(fd, ...rest); };\nprocess.stdout.write = () => { throw new TypeError('a bug'); };\n");
		const failed = await run('node', ['--require', preload, path.join(dir, 'dist/cli.cjs'), 'lab'], {env: {...process.env, DIGDEEPER_LOOPBACK_ONLY: '1'}}).catch((error: {code: number; stderr: string}) => error);
		expect(failed).toMatchObject({code: 1, stderr: expect.stringContaining('TypeError: a bug')});
		// V8 keeps the name a cache was made under: the script is named the same wherever a cache is made or taken.
		expect((failed as {stderr: string}).stderr).toMatch(new RegExp(`^ {4}at .*\\(digdeeper/dist/${program.replace('.', '\\.')}:\\d+:\\d+\\)$`, 'mu'));
		expect((failed as {stderr: string}).stderr).not.toContain(path.resolve('dist'));
	});

	it('refuses it with one byte changed anywhere in it, and runs as without one', async () => {
		for (const at of [cache.length >> 2, cache.length >> 1, cache.length - 1]) {
			const damaged = Buffer.from(cache);
			damaged[at]! ^= 0x10;
			await writeFile(path.join(dir, 'dist', `${program}.cache`), damaged);
			expect(await version()).toEqual({stdout: expect.stringMatching(/^digdeeper \d/u), stderr: 'digdeeper: code cache refused (program)\n'});
		}
	});

	it('refuses a cache made for another build\'s script, even one of the same length', async () => {
		// The same script under another build's name (a hash of its text), with this build's cache: V8 alone takes it.
		const other = 'digdeeper-ANOTHER1.cjs';
		await copyFile(path.join(dir, 'dist', program), path.join(dir, 'dist', other));
		await writeFile(path.join(dir, 'dist', `${other}.cache`), cache);
		await writeFile(path.join(dir, 'dist/other-cli.cjs'), (await readFile('dist/cli.cjs', 'utf8')).replace(`./${program}`, `./${other}`));
		expect(await version('dist/other-cli.cjs')).toEqual({stdout: expect.stringMatching(/^digdeeper \d/u), stderr: 'digdeeper: code cache refused (program)\n'});
	});

	it('runs without one where the build made none', async () => {
		await rm(path.join(dir, 'dist', `${program}.cache`));
		expect(await version()).toEqual({stdout: expect.stringMatching(/^digdeeper \d/u), stderr: 'digdeeper: code cache absent (program)\n'});
	});

	it('runs as without one where the cache is too large to read (5 GB, sparse) or is a directory', async () => {
		const cacheFile = path.join(dir, 'dist', `${program}.cache`);
		await writeFile(cacheFile, '');
		await truncate(cacheFile, 5 * 2 ** 30);
		expect(await version()).toEqual({stdout: expect.stringMatching(/^digdeeper \d/u), stderr: 'digdeeper: code cache absent (program)\n'});
		await rm(cacheFile);
		await mkdir(cacheFile);
		expect(await version()).toEqual({stdout: expect.stringMatching(/^digdeeper \d/u), stderr: 'digdeeper: code cache absent (program)\n'});
		await rm(cacheFile, {recursive: true});
	});

	it('refuses one that is empty or cut short', async () => {
		for (const damaged of [Buffer.alloc(0), cache.subarray(0, 20), cache.subarray(0, cache.length >> 1)]) {
			await writeFile(path.join(dir, 'dist', `${program}.cache`), damaged);
			expect((await version()).stderr).toBe('digdeeper: code cache refused (program)\n');
		}
	});
});

/**
 * A stack trace of the program's script names the minified script; run with Node's --enable-source-maps, it names
 * the source, as tsc's tree did: node:vm reads no source map in Node 20, so the bin has Node's CommonJS loader
 * compile the script then (without the cache).
 */
describe('the bin with --enable-source-maps', () => {
	it('names the source lines of a stack trace', async () => {
		const dir = await mkdtemp(path.join(tmpdir(), 'digdeeper-source-maps-test-'));
		try {
			// A bug, as seen from the program: the first write to standard output throws, through the descriptor
			// (source/files/standard-streams.ts) or through Node's stream once something has made it.
			const preload = path.join(dir, 'throw.cjs');
			await writeFile(preload, "const fs = require('node:fs');\nconst writeSync = fs.writeSync;\nfs.writeSync = (fd, ...rest) => { if (fd === 1) throw new TypeError('a bug'); return writeSync(fd, ...rest); };\nprocess.stdout.write = () => { throw new TypeError('a bug'); };\n");
			const failed = await run('node', ['--enable-source-maps', '--require', preload, path.resolve('dist/cli.cjs'), 'lab'], {env: {...process.env, DIGDEEPER_LOOPBACK_ONLY: '1'}}).catch((error: {code: number; stderr: string}) => error);
			expect(failed).toMatchObject({code: 1, stderr: expect.stringContaining('TypeError: a bug')});
			expect((failed as {stderr: string}).stderr).toMatch(/^ {4}at .*source\/main\.tsx:\d+:\d+\)$/mu);
		} finally {
			await rm(dir, {recursive: true, force: true});
		}
	});
});
