import {execFile} from 'node:child_process';
import {mkdtemp, readFile, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';
import {beforeAll, describe, expect, it} from 'vitest';
import {CLI} from './helpers/cli.js';
import {servedLabDuring} from './helpers/loopback.js';

const run = promisify(execFile);
const PORT = 5472;

/**
 * Start-up is most of a short trace's wall time, so the built command loads what a trace needs and no more
 * (bench/README.md, "Process overhead"). These run the bundle as a user does and list every CommonJS module the
 * process loaded (Node's `require.cache`, written by a preloaded script as the process exits), so a static import
 * of UTS-46 creeping back into the trace's path fails here. The lab is served on loopback, as `lab serve` does: the
 * in-process lab (--lab) reads its stories' Unicode names itself.
 */
describe('what the built command loads', () => {
	const served = servedLabDuring(PORT);
	let preload: string;
	let listFile: string;
	beforeAll(async () => {
		const dir = await mkdtemp(path.join(tmpdir(), 'digdeeper-laziness-'));
		preload = path.join(dir, 'list-modules.cjs');
		listFile = path.join(dir, 'modules.json');
		await writeFile(preload, `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(listFile)}, JSON.stringify(Object.keys(require.cache))));\n`);
	});
	const loadedBy = async (...args: string[]): Promise<string[]> => {
		await run('node', ['--require', preload, CLI, ...args, '--hints', served.hintsFile(), '--trust-anchor', served.anchorFile(), '--port', String(PORT), '-4', '--no-rdap', '--json'], {maxBuffer: 64 * 1024 * 1024, env: {...process.env, DIGDEEPER_LOOPBACK_ONLY: '1'}});
		return (JSON.parse(await readFile(listFile, 'utf8')) as string[]).map((file) => file.split(path.sep).join('/'));
	};

	it('traces an ASCII name without loading the UTS-46 tables (tr46)', async () => {
		const modules = await loadedBy('www.example.com');
		expect(modules.filter((file) => file.includes('/node_modules/tr46/'))).toEqual([]);
	});

	it('loads them for a name with an A-label, which is shown in Unicode', async () => {
		const modules = await loadedBy('nic.xn--wgbh1c');
		expect(modules).toContainEqual(expect.stringMatching(/\/node_modules\/tr46\/index\.js$/u));
	});
});
