import {execFile} from 'node:child_process';
import {mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';
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
 * of UTS-46 creeping back into the trace's path fails here. The lab is served on loopback, as `lab serve` does.
 *
 * The bundle's program is one script (scripts/bundle.mjs), in which each module the source imports with import() is
 * evaluated when first imported, as Node evaluates tsc's tree: which modules a run imports, and when, is read from
 * the tree (dist/main.js), each module a file of its own.
 */
describe('what the built command loads', () => {
	const served = servedLabDuring(PORT);
	let preload: string;
	let listFile: string;
	let esmHooks: string;
	let esmList: string;
	let firstSend: string;
	let sendPreload: string;
	beforeAll(async () => {
		const dir = await mkdtemp(path.join(tmpdir(), 'digdeeper-laziness-'));
		preload = path.join(dir, 'list-modules.cjs');
		listFile = path.join(dir, 'modules.json');
		await writeFile(preload, `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(listFile)}, JSON.stringify(Object.keys(require.cache))));\n`);
		// tsc's tree is ES modules: a loader hook (module.register) writes down each one as it loads.
		esmList = path.join(dir, 'esm.txt');
		esmHooks = path.join(dir, 'esm-hooks.mjs');
		await writeFile(path.join(dir, 'esm-hooks-code.mjs'), `import {appendFileSync} from 'node:fs';\nexport async function load(url, context, next) {\n\tappendFileSync(${JSON.stringify(esmList)}, url + ' ' + (performance.timeOrigin + performance.now()) + '\\n');\n\treturn next(url, context);\n}\n`);
		await writeFile(esmHooks, `import {register} from 'node:module';\nregister(${JSON.stringify(pathToFileURL(path.join(dir, 'esm-hooks-code.mjs')).href)});\n`);
		// And when the first query left: the moment the first datagram was handed to a socket.
		firstSend = path.join(dir, 'first-send.txt');
		sendPreload = path.join(dir, 'first-send.cjs');
		await writeFile(sendPreload, `const dgram = require('node:dgram');\nconst send = dgram.Socket.prototype.send;\ndgram.Socket.prototype.send = function (...args) {\n\tif (!require('node:fs').existsSync(${JSON.stringify(firstSend)})) require('node:fs').writeFileSync(${JSON.stringify(firstSend)}, String(performance.timeOrigin + performance.now()));\n\treturn send.apply(this, args);\n};\n`);
	});
	const loadedBy = async (...args: string[]): Promise<string[]> => {
		await run('node', ['--require', preload, CLI, ...args, '--hints', served.hintsFile(), '--trust-anchor', served.anchorFile(), '--port', String(PORT), '-4', '--no-rdap', '--json'], {maxBuffer: 64 * 1024 * 1024, env: {...process.env, DIGDEEPER_LOOPBACK_ONLY: '1'}});
		return (JSON.parse(await readFile(listFile, 'utf8')) as string[]).map((file) => file.split(path.sep).join('/'));
	};
	/**
	 * The sources (by the tree's source maps) of every module a run of tsc's tree imported, as paths under source/ or
	 * node_modules/, and those imported before the first query left.
	 */
	const sourcesLoadedBy = async (...args: string[]): Promise<{sources: string[]; beforeFirstQuery: string[]}> => {
		await Promise.all([rm(esmList, {force: true}), rm(firstSend, {force: true})]);
		await run('node', ['--require', sendPreload, '--import', pathToFileURL(esmHooks).href, path.resolve('dist/main.js'), ...args, '--hints', served.hintsFile(), '--trust-anchor', served.anchorFile(), '--port', String(PORT), '-4', '--no-rdap'], {maxBuffer: 64 * 1024 * 1024, env: {...process.env, DIGDEEPER_LOOPBACK_ONLY: '1'}});
		const sent = Number(await readFile(firstSend, 'utf8'));
		const modules = (await readFile(esmList, 'utf8')).split('\n').map((line) => line.split(' ')).filter(([url]) => url!.startsWith('file:'));
		const sourcesOf = async (url: string): Promise<string[]> => {
			if (url.includes('/node_modules/')) return [url.slice(url.lastIndexOf('/node_modules/') + 1)];
			if (!url.includes('/dist/')) return [];
			return (JSON.parse(await readFile(`${fileURLToPath(url)}.map`, 'utf8')) as {sources: string[]}).sources.map((source) => source.replace(/^(?:\.\.\/)+/u, ''));
		};
		const read = await Promise.all(modules.map(async ([url, at]) => ({before: Number(at) < sent, sources: await sourcesOf(url!)})));
		return {sources: [...new Set(read.flatMap((module) => module.sources))], beforeFirstQuery: [...new Set(read.filter((module) => module.before).flatMap((module) => module.sources))]};
	};

	it('runs the program with the code cache the build made for it', async () => {
		const {stderr} = await run('node', [CLI, '--version'], {env: {...process.env, DIGDEEPER_LOOPBACK_ONLY: '1', DIGDEEPER_CODE_CACHE: 'status'}});
		expect(stderr).toBe('digdeeper: code cache taken (program)\n');
	});

	it("leaves Node's fs/promises and perf_hooks unloaded for a --json trace, which writes no file and times with hrtime", async () => {
		const builtins = path.join(path.dirname(listFile), 'builtins.json');
		const listBuiltins = path.join(path.dirname(listFile), 'list-builtins.cjs');
		await writeFile(listBuiltins, `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(builtins)}, JSON.stringify(process.moduleLoadList)));\n`);
		const loaded = async (...args: string[]) => {
			await run('node', ['--require', listBuiltins, CLI, 'www.example.com', '--hints', served.hintsFile(), '--trust-anchor', served.anchorFile(), '--port', String(PORT), '-4', '--no-rdap', ...args], {maxBuffer: 64 * 1024 * 1024, env: {...process.env, DIGDEEPER_LOOPBACK_ONLY: '1'}});
			return JSON.parse(await readFile(builtins, 'utf8')) as string[];
		};
		const json = await loaded('--json');
		expect(json).not.toContain('NativeModule fs/promises');
		// performance.now() loads a dozen modules of Node's own on first use (1.3 ms in a fresh process).
		expect(json).not.toContain('NativeModule perf_hooks');
		expect(json).not.toContain('NativeModule internal/perf/performance');
		// (A trace written to a file does load it, which is what the list is read from.)
		expect(await loaded('--json', '-o', path.join(path.dirname(listFile), 'trace.json'), '--force')).toContain('NativeModule fs/promises');
	});

	it('traces an ASCII name without loading the UTS-46 tables (tr46)', async () => {
		const modules = await loadedBy('www.example.com');
		expect(modules.filter((file) => file.includes('/node_modules/tr46/'))).toEqual([]);
	});

	it("traces an ASCII name in the in-process lab without them too: its resolvers read the stories' IDNs when first asked", async () => {
		await run('node', ['--require', preload, CLI, '--lab', 'www.example.com', '--latency-scale', '0', '--json'], {maxBuffer: 64 * 1024 * 1024, env: {...process.env, DIGDEEPER_LOOPBACK_ONLY: '1'}});
		const modules = (JSON.parse(await readFile(listFile, 'utf8')) as string[]).map((file) => file.split(path.sep).join('/'));
		expect(modules).toContainEqual(expect.stringMatching(/\/dist\/cli\.cjs$/u));
		expect(modules.filter((file) => file.includes('/node_modules/tr46/'))).toEqual([]);
	});

	it('sends a --json trace\'s first query before loading the analysis, and never loads wrapping, zod, Ink or the text outputs', async () => {
		const {sources, beforeFirstQuery} = await sourcesLoadedBy('www.example.com', '--json');
		const loaded = (pattern: RegExp) => sources.filter((source) => pattern.test(source));
		expect(beforeFirstQuery).toContainEqual(expect.stringMatching(/source\/trace\/walk\.ts$/u));
		// Loaded while the walk waits on the network.
		expect(loaded(/source\/analysis\/analyze\.ts$/u)).toHaveLength(1);
		// (The trust anchors are read before: a bad --trust-anchor file is refused before any query.)
		expect(beforeFirstQuery.filter((source) => /source\/analysis\/(?!dnssec\/(?:bind-)?trust-anchors\.ts)|source\/snapshot\/|node_modules\/tldts/u.test(source))).toEqual([]);
		expect(loaded(/node_modules\/(?:wrap-ansi|string-width|zod|ink|react)\//u)).toEqual([]);
		expect(loaded(/source\/(?:text|html|snapshot\/schema|what-if)\/|source\/ui\/(?!interactive\.ts)/u)).toEqual([]);
	});

	it('loads the text trace\'s renderer and wrapping only for --text, and the report\'s only for --report', async () => {
		const {sources: text} = await sourcesLoadedBy('www.example.com', '--text');
		expect(text).toContainEqual(expect.stringMatching(/source\/text\/trace-text\.ts$/u));
		expect(text).toContainEqual(expect.stringMatching(/node_modules\/wrap-ansi\//u));
		expect(text.filter((source) => /source\/text\/report\.ts$|node_modules\/zod\//u.test(source))).toEqual([]);
		const {sources: report} = await sourcesLoadedBy('www.example.com', '--report');
		expect(report).toContainEqual(expect.stringMatching(/source\/text\/report\.ts$/u));
		expect(report.filter((source) => /source\/text\/trace-text\.ts$|source\/snapshot\/schema\.ts$|node_modules\/zod\//u.test(source))).toEqual([]);
	});

	it("loads the bundle's explorer, Ink's layout engine ready, without Node's fetch (undici)", async () => {
		const builtins = path.join(path.dirname(listFile), 'explorer-builtins.json');
		const listBuiltins = path.join(path.dirname(listFile), 'list-explorer-builtins.cjs');
		await writeFile(listBuiltins, `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(builtins)}, JSON.stringify(process.moduleLoadList)));\n`);
		// The explorer's script alone, as the build loads it to make its cache (source/cli.ts).
		const {stderr} = await run('node', ['--require', listBuiltins, CLI], {env: {...process.env, DIGDEEPER_LOOPBACK_ONLY: '1', DIGDEEPER_CODE_CACHE: 'explorer-status'}});
		expect(stderr).toBe('digdeeper: code cache taken (explorer)\n');
		const loaded = JSON.parse(await readFile(builtins, 'utf8')) as string[];
		// (The bin waits for the layout engine's WebAssembly, decoded in place: undici, which its loader fetched its data:
		// URL with, is never loaded.)
		expect(loaded).toContainEqual(expect.stringMatching(/^NativeModule /u));
		expect(loaded.filter((module) => module.includes('undici'))).toEqual([]);
	});

	it('loads them for a name with an A-label, which is shown in Unicode', async () => {
		const modules = await loadedBy('nic.xn--wgbh1c');
		expect(modules).toContainEqual(expect.stringMatching(/\/node_modules\/tr46\/index\.js$/u));
	});
});
