import {execFile} from 'node:child_process';
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
});
