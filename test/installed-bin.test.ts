import {execFile} from 'node:child_process';
import {mkdtemp, rm, symlink} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';
import {describe, expect, it} from 'vitest';
import {CLI} from './helpers/cli.js';

const run = promisify(execFile);

/**
 * The README runs `npx digdeeper` after `npm ci`, and again after `npm test`, which builds: npm made the bin executable
 * when it installed, and a build that wrote a new file without the bit made `npx digdeeper` fail with "Permission
 * denied" (found on a fresh clone after .ci/run).
 */
describe('the built command', () => {
	it('runs as the package bin, by its own path, after every build', async () => {
		const {stdout} = await run(CLI, ['--version'], {env: {...process.env, DIGDEEPER_LOOPBACK_ONLY: '1'}});
		expect(stdout).toMatch(/^digdeeper \d+\.\d+\.\d+/u);
	});

	it("runs through npm's bin link, with Node keeping the link's path (--preserve-symlinks-main)", async () => {
		const bin = await mkdtemp(path.join(tmpdir(), 'digdeeper-bin-'));
		try {
			await symlink(CLI, path.join(bin, 'digdeeper'));
			const {stdout, stderr} = await run('node', ['--preserve-symlinks-main', path.join(bin, 'digdeeper'), '--version'], {env: {...process.env, DIGDEEPER_LOOPBACK_ONLY: '1', DIGDEEPER_CODE_CACHE: 'status'}});
			expect(stdout).toMatch(/^digdeeper \d+\.\d+\.\d+/u);
			expect(stderr).toBe('digdeeper: code cache taken (program)\n');
		} finally {
			await rm(bin, {recursive: true, force: true});
		}
	});

	it('runs as `node dist/cli.js` through a link, with Node keeping the link\'s path (--preserve-symlinks-main)', async () => {
		const bin = await mkdtemp(path.join(tmpdir(), 'digdeeper-bin-'));
		try {
			await symlink(path.resolve('dist/cli.js'), path.join(bin, 'digdeeper'));
			const {stdout, stderr} = await run('node', ['--preserve-symlinks-main', path.join(bin, 'digdeeper'), '--version'], {env: {...process.env, DIGDEEPER_LOOPBACK_ONLY: '1', DIGDEEPER_CODE_CACHE: 'status'}});
			expect(stdout).toMatch(/^digdeeper \d+\.\d+\.\d+/u);
			expect(stderr).toBe('digdeeper: code cache taken (program)\n');
		} finally {
			await rm(bin, {recursive: true, force: true});
		}
	});
});
