// The command as two scripts with V8's code cache of each, and Graphviz as an ES module: Node reads and compiles a
// hundred small modules far slower than one, and compiling the program again cost every start about 30 ms
// (bench/README.md, "Session 21"); Node 20 keeps no compiled code of an ES module at all, which the explorer was until
// session 44 (its 62 modules took 150-180 ms to import, against 110-130 from a script with its cache). tsc has compiled
// dist/ first (its tree: bench/ and tests import it); this writes, beside it:
// - dist/digdeeper-HASH.cjs: main.js and all it imports but the explorer, as one script, and .cache, V8's code cache
//   of what three runs of it compiled (a --json, a --text and a --report trace of the lab served on loopback);
// - dist/explorer-HASH.cjs: the explorer's entries (EXPLORER_ENTRIES) and all they import, Ink and React among them,
//   as one script, run by the program when it first needs one of them, and .cache, of what loading it compiled;
// - dist/viz.js and its chunks: Graphviz (ES_MODULES), imported by `graph` alone;
// - dist/cli.cjs: the package's bin, which runs those scripts with their caches (source/cli.ts); dist/cli.js runs it.
import {execFile} from 'node:child_process';
import {chmod, mkdtemp, readdir, readFile, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';
import {build} from 'esbuild';
import {deferredDependencyWork, staleRows} from './deferred-dependency-work.mjs';
import {inkFrameNewlines} from './ink-frame-newlines.mjs';
import {inkOutputCaches} from './ink-output-caches.mjs';
import {lazyPublicSuffixes} from './lazy-public-suffixes.mjs';
import {oneStringWidth} from './one-string-width.mjs';

/** What the program imports with import() but runs as ES modules (dist/NAME.js): Graphviz, 1 MB, for `graph` alone. */
const ES_MODULES = {viz: '@viz-js/viz'};

/**
 * What the program imports with import() from the explorer's script, by the name the script exports each under: the
 * explorer's entries, which hold Ink. Ink's layout engine awaits its WebAssembly as its module loads, which a script
 * cannot: deferred-dependency-work.mjs makes it a promise (`yogaLoaded`), which the bin awaits before it hands the
 * program the script's exports (source/cli.ts).
 */
const EXPLORER_ENTRIES = {
	exploreCommand: 'dist/commands/explore-command.js',
	surveyExplore: 'dist/commands/survey-explore.js',
	pickStory: 'dist/commands/pick-story.js',
};

// Files of an earlier build would linger beside the new ones: their names carry a hash.
for (const file of await readdir('dist')) if (/-[A-Z\d]{8}\.(?:js|cjs)(?:\.map|\.cache)?$|^(?:ui-.*|viz)\.js(?:\.map)?$/u.test(file)) await rm(`dist/${file}`);

const shared = {
	bundle: true,
	platform: 'node',
	target: 'node20',
	minify: true,
	// React's production build: its development build checks every render and times it, several times slower. The
	// manifest's name and version as literals (source/version.ts): a start need not find and read package.json.
	// The sockets' thread's script (below), beside every file of the bundle that may start it.
	define: {'process.env.NODE_ENV': '"production"', DIGDEEPER_LINK_THREAD: JSON.stringify('./link-thread.cjs'), DIGDEEPER_RDAP_THREAD: JSON.stringify('./rdap-thread.cjs'), DIGDEEPER_MANIFEST: JSON.stringify((({name, version}) => ({name, version}))(JSON.parse(await readFile('package.json', 'utf8'))))},
	// Ink loads React's devtools only when DEV is set; it is not a dependency. tr46 (UTS-46 tables, 200 KB) is
	// required on first use by source/dns/name.ts, from the installed dependency: never parsed by an ASCII trace, and
	// an import of it that crept back would load it from node_modules too, where test/startup-laziness.test.ts sees it.
	external: ['react-devtools-core', 'tr46'],
	sourcemap: 'linked',
	legalComments: 'none',
	logLevel: 'warning',
	metafile: true,
};

// Ink's frame keeps what it learnt of each line's text for the next frame (ink-output-caches.mjs); the public
// suffixes' trie is built as look-ups reach it, not all at start-up (lazy-public-suffixes.mjs); work other
// dependencies do as they load is done at first use (deferred-dependency-work.mjs); wrap-ansi measures text with
// the string-width Ink lays it out with (one-string-width.mjs); the frames Ink writes without their newline
// (one drawn from a cleared screen, the last of a program that filled the terminal) end in one (ink-frame-newlines.mjs).
const dependencyPlugins = [inkOutputCaches, inkFrameNewlines, lazyPublicSuffixes, deferredDependencyWork, oneStringWidth];

const esModules = await build({
	...shared,
	entryPoints: ES_MODULES,
	outdir: 'dist',
	splitting: true,
	format: 'esm',
	chunkNames: '[name]-[hash]',
	// Some bundled CommonJS packages call require() for Node's built-ins.
	banner: {js: "import {createRequire as digdeeperRequire} from 'node:module'; const require = digdeeperRequire(import.meta.url);"},
});

/** Node's built-ins imported with import(), which a script run by node:vm cannot do: required instead. */
const builtInImports = {
	name: 'built-in-imports',
	setup(build) {
		build.onResolve({filter: /^node:/}, ({path: specifier, kind}) => (kind === 'dynamic-import' ? {path: specifier, namespace: 'built-in'} : undefined));
		build.onLoad({filter: /.*/, namespace: 'built-in'}, ({path: builtIn}) => ({contents: `module.exports = require(${JSON.stringify(builtIn)});`, loader: 'js'}));
	},
};

/**
 * A script of the bundle: `build`'s one output, as a function the bin calls as Node calls a CommonJS module's, with
 * what an ES module had: import.meta, and import() of the ES modules (node:vm gives a script no import() of its own
 * without an experimental flag); and the explorer's script, loaded by the bin at the first call of
 * __digdeeperExplorer. Written in ASCII: esbuild writes non-ASCII characters as escapes, but in a tagged template
 * (`safe`, whose tag reads the cooked text) it cannot; so the bin reads it as Latin-1 into a one-byte string, 0.2 ms
 * where decoding 2 MB of UTF-8 took 4-7 ms. (A line with one is a few columns off in the source map.) Any import()
 * left in it would fail as it runs: the build checks there is none.
 */
async function buildScript(options) {
	const result = await build({
		...shared,
		outdir: 'dist',
		outExtension: {'.js': '.cjs'},
		format: 'cjs',
		define: {...shared.define, 'import.meta': '__digdeeperImportMeta'},
		banner: {js: '(function (exports, require, module, __filename, __dirname, __digdeeperImportMeta, __digdeeperImport, __digdeeperExplorer) {'},
		footer: {js: '})'},
		...options,
	});
	const file = Object.keys(result.metafile.outputs).find((output) => output.endsWith('.cjs'));
	const script = (await readFile(file, 'utf8')).replace(/[^\0-\x7f]/g, (unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`);
	if (/(?<![\w$])import\(/u.test(script)) throw new Error(`${file} calls import(), which a script run by node:vm cannot: bridge it (scripts/bundle.mjs)`);
	await writeFile(file, script);
	return file;
}

// The explorer's script: one entry that exports, for each of EXPLORER_ENTRIES, a function that imports it, under its
// name, and the layout engine's promise. Each entry's modules are evaluated when it is first imported: the story
// picker does not wait for the explorer's views and the walk (40 ms of its first frame when evaluated with the rest).
const explorerEntry = {
	name: 'explorer-entry',
	setup(build) {
		build.onResolve({filter: /^digdeeper:explorer$/}, () => ({path: 'explorer', namespace: 'explorer-entry'}));
		build.onLoad({filter: /.*/, namespace: 'explorer-entry'}, () => ({
			contents: [...Object.entries(EXPLORER_ENTRIES).map(([name, entry]) => `export const ${name} = () => import(${JSON.stringify(path.resolve(entry))});`), "export {yogaLoaded} from 'yoga-layout';"].join('\n'),
			resolveDir: path.resolve('.'),
			loader: 'js',
		}));
	},
};
const explorerFile = await buildScript({entryPoints: {explorer: 'digdeeper:explorer'}, entryNames: 'explorer-[hash]', plugins: [explorerEntry, builtInImports, ...dependencyPlugins]});

// What each explorer entry exports, for the program's calls of them: read from the entries alone, not bundled, in a
// build that writes nothing.
const explorerExports = (await build({entryPoints: EXPLORER_ENTRIES, outdir: 'dist', format: 'esm', write: false, metafile: true, logLevel: 'warning'})).metafile.outputs;

/**
 * The program's import() of what is not in its script, each export a function that loads it and calls the export
 * (the program only calls them, and awaits what they return): an entry of the explorer's script, by the bin's
 * __digdeeperExplorer; an ES module of ES_MODULES, by the bin's import of dist/NAME.js; a built-in of Node's, by
 * require() (builtInImports).
 */
const programBridge = {
	name: 'program-bridge',
	setup(build) {
		const byPath = new Map([...Object.entries(ES_MODULES).map(([name, entry]) => [entry, {name, namespace: 'es-module'}]), ...Object.entries(EXPLORER_ENTRIES).map(([name, entry]) => [path.resolve(entry), {name, namespace: 'explorer-script'}])]);
		build.onResolve({filter: /.*/}, ({path: specifier, resolveDir, kind}) => {
			if (kind !== 'dynamic-import' && kind !== 'import-statement') return undefined;
			const bridged = byPath.get(specifier.startsWith('.') ? path.resolve(resolveDir, specifier) : specifier);
			if (bridged === undefined) return undefined;
			if (kind !== 'dynamic-import') throw new Error(`${specifier} is imported statically by the program: it is loaded apart from it (scripts/bundle.mjs), so only import() it`);
			return {path: bridged.name, namespace: bridged.namespace};
		});
		const calls = (load, exported) => [load, ...exported.map((name) => `export const ${name} = async (...parameters) => (await load()).${name}(...parameters);`)].join('\n');
		build.onLoad({filter: /.*/, namespace: 'es-module'}, ({path: name}) => ({contents: calls(`const load = () => __digdeeperImport(${JSON.stringify(`./${name}.js`)});`, esModules.metafile.outputs[`dist/${name}.js`].exports), loader: 'js'}));
		build.onLoad({filter: /.*/, namespace: 'explorer-script'}, ({path: name}) => ({contents: calls(`const load = async () => (await __digdeeperExplorer()).${name}();`, explorerExports[`dist/${name}.js`].exports), loader: 'js'}));
	},
};

const programFile = await buildScript({entryPoints: ['dist/main.js'], entryNames: 'digdeeper-[hash]', plugins: [programBridge, builtInImports, lazyPublicSuffixes, deferredDependencyWork, oneStringWidth]});
if (staleRows().length > 0) throw new Error(`${staleRows().map((row) => row.file).join(', ')} was not bundled: check scripts/deferred-dependency-work.mjs`);

// The sockets' thread of the explorer's walk (source/dns/threaded-link.ts): a worker's script of its own, beside the
// program, which finds it by DIGDEEPER_LINK_THREAD.
await build({...shared, entryPoints: ['dist/dns/link-thread.js'], outfile: 'dist/link-thread.cjs', format: 'cjs', sourcemap: false, metafile: false});
// The registries' thread (source/rdap/threaded-lookups.ts), found by DIGDEEPER_RDAP_THREAD the same way. Its names
// are read by dns/name.ts, which finds tr46 from its own URL.
await build({
	...shared,
	entryPoints: ['dist/rdap/lookup-thread.js'],
	outfile: 'dist/rdap-thread.cjs',
	format: 'cjs',
	sourcemap: false,
	metafile: false,
	define: {...shared.define, 'import.meta.url': 'digdeeperThreadUrl'},
	banner: {js: "const digdeeperThreadUrl = require('node:url').pathToFileURL(__filename).href;"},
});

// The bin is CommonJS: Node starts a CommonJS entry about 5 ms sooner than an ES module (no module loader to set up,
// no module wrappers for the built-ins it imports: bench/README.md). tsc's dist/cli.js becomes a line that runs it, for
// `node dist/cli.js` as earlier builds were run.
await build({
	...shared,
	entryPoints: ['dist/cli.js'],
	outfile: 'dist/cli.cjs',
	format: 'cjs',
	minify: false,
	sourcemap: false,
	define: {DIGDEEPER_PROGRAM: JSON.stringify(`./${path.basename(programFile)}`), DIGDEEPER_EXPLORER: JSON.stringify(`./${path.basename(explorerFile)}`), DIGDEEPER_RDAP_THREAD: shared.define.DIGDEEPER_RDAP_THREAD, 'import.meta.url': 'digdeeperBinUrl'},
	// Its real path: run through npm's bin link with --preserve-symlinks-main, __filename is the link's, in node_modules/.bin.
	banner: {js: "const digdeeperBinUrl = require('node:url').pathToFileURL(require('node:fs').realpathSync(__filename)).href;"},
	// tsc's tree alone runs main.js itself; the bundle's bin never reaches that import.
	external: ['./main.js'],
});
await rm('dist/cli.js.map', {force: true});
// By its real path, as the bin's banner finds its program: run through a link with --preserve-symlinks-main,
// import.meta.url is the link's, and './cli.cjs' beside the link is not there.
await writeFile(
	'dist/cli.js',
	"#!/usr/bin/env node\n// The command is dist/cli.cjs (scripts/bundle.mjs); this runs it for `node dist/cli.js`, found by this file's real path.\nimport {realpathSync} from 'node:fs';\nimport {fileURLToPath, pathToFileURL} from 'node:url';\nawait import(new URL('./cli.cjs', pathToFileURL(realpathSync(fileURLToPath(import.meta.url)))).href);\n",
);
// npm makes a bin executable when it installs; a build after that (npm test builds) writes a new file without the
// bit, and `npx digdeeper` then fails with "Permission denied".
for (const bin of ['dist/cli.cjs', 'dist/cli.js']) await chmod(bin, 0o755);

// V8's code cache of the program, from three runs of it: each starts from the cache the one before wrote and adds
// what it compiled. V8 reads the whole cache at every start (about 6 ms a MB), so it should hold what a trace of the
// network runs and little else: the runs are real traces, over sockets, of the lab served on loopback (the network is
// not the build's to use), of a healthy name, a glueless CNAME and a dead server. Trained on the in-process lab, it
// held the lab's world building, which no trace of the network runs, and none of the socket code: 1.56 MB, where these
// make 1.38, and a `--json` trace ran 27 M instructions more (bench/README.md, "Session 27"). Where the lab cannot be
// served on loopback (macOS has 127.0.0.1 alone unless more are aliased), the in-process lab as before.
// Made, and checked, without the NODE_OPTIONS the build was run with: V8 refuses a cache made with other flags (a
// CI's --max-old-space-size made one every ordinary run refused), and with --enable-source-maps the bin makes none.
const scratch = await mkdtemp(path.join(tmpdir(), 'digdeeper-code-cache-'));
const inherited = {...process.env};
delete inherited.NODE_OPTIONS;
const env = {...inherited, DIGDEEPER_LOOPBACK_ONLY: '1', DIGDEEPER_CODE_CACHE: 'write'};
const outputs = (mode) => (mode === '--json' ? [mode] : [mode, '-o', path.join(scratch, `${mode.slice(2)}.json`)]);
const lab = await loopbackLab(scratch);
const runs = lab
	? [
			['www.example.com', '--json'],
			['www.shop.com', '--text'],
			['www.nic.bw', '--report', '--timeout', '300'],
		].map(([name, mode, ...rest]) => [name, '--hints', lab.hintsFile, '--trust-anchor', lab.anchorFile, '--port', String(lab.port), '-4', '--no-rdap', ...rest, ...outputs(mode)])
	: ['--json', '--text', '--report'].map((mode) => ['--lab', 'www.example.com', '--latency-scale', '0', ...outputs(mode)]);
try {
	for (const run of runs) {
		const {stderr} = await promisify(execFile)(process.execPath, ['dist/cli.cjs', ...run], {env, maxBuffer: 64 * 1024 * 1024});
		if (stderr !== '') throw new Error(`making the code cache, digdeeper ${run.join(' ')} said: ${stderr}`);
	}
} finally {
	// A run that fails leaves no lab files (hints, trust anchor, outputs) in the tmp directory either.
	await lab?.close();
	await rm(scratch, {recursive: true, force: true});
}
const {stderr: status} = await promisify(execFile)(process.execPath, ['dist/cli.cjs', '--version'], {env: {...inherited, DIGDEEPER_CODE_CACHE: 'status'}});
if (status !== 'digdeeper: code cache taken (program)\n') throw new Error(`the code cache just made is not taken by a plain run of dist/cli.cjs: ${status}`);

// The explorer's cache, of what loading its script compiles: its modules' top levels, Ink's and React's among them.
// (An explorer needs a terminal, which a build may not have: what a frame runs is compiled at its first call.)
await promisify(execFile)(process.execPath, ['dist/cli.cjs'], {env: {...inherited, DIGDEEPER_LOOPBACK_ONLY: '1', DIGDEEPER_CODE_CACHE: 'explorer-write'}});
const {stderr: explorerStatus} = await promisify(execFile)(process.execPath, ['dist/cli.cjs'], {env: {...inherited, DIGDEEPER_LOOPBACK_ONLY: '1', DIGDEEPER_CODE_CACHE: 'explorer-status'}});
if (explorerStatus !== 'digdeeper: code cache taken (explorer)\n') throw new Error(`the explorer's code cache just made is not taken by dist/cli.cjs: ${explorerStatus}`);

/**
 * The built-in lab served on loopback at a port chosen at random (another lab, or a test's, may hold 5300), with its
 * hints and trust anchor in DIR; undefined where it cannot be served (no 127.77.x.y addresses: macOS).
 */
async function loopbackLab(dir) {
	const [{INTERNET}, {buildWorld}, {serveLab}, {writeLabFiles}] = await Promise.all([import('../dist/lab/internet.js'), import('../dist/lab/world.js'), import('../dist/lab/loopback-server.js'), import('../dist/commands/lab-command.js')]);
	const world = buildWorld(INTERNET);
	for (let attempt = 0; attempt < 5; attempt++) {
		const port = 20_000 + Math.floor(Math.random() * 20_000);
		let running;
		try {
			running = await serveLab(world, {port, latencyScale: 0});
			return {port, ...(await writeLabFiles(dir, world)), close: () => running.close()};
		} catch (error) {
			// Served but its files not written: the sockets closed, or the build, done, would wait on them for ever.
			await running?.close();
			if (error.code !== 'EADDRINUSE') return undefined;
		}
	}
	return undefined;
}
