#!/usr/bin/env node
import {createHash} from 'node:crypto';
import {closeSync, fstatSync, openSync, readFileSync, readSync, statSync, writeFileSync} from 'node:fs';
import {createRequire, Module} from 'node:module';
import path from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';
import {Script} from 'node:vm';
import {asksRegistries} from './commands/command-words.js';
import {startEarly} from './rdap/early-thread.js';

/*
 * The command starts here, and only starts the program (main.tsx): Node 20 keeps no compiled code between runs of
 * an ES module, so every start spent about 30 ms compiling the same JavaScript again. The bundle (scripts/bundle.mjs)
 * builds the program as one script and runs it at build time to keep V8's code cache of what it compiled; each start
 * reads that script with its cache. V8 takes the cache only if it was made by the same V8 with the same flags, and
 * otherwise compiles as before; a file name per build (a hash of the script) keeps another build's cache from lying
 * beside this one's script, and the cache's seal (below) keeps V8 from taking a cache the build did not write for this
 * script. The explorer (Ink, React and the views) is a second script with its own cache, run when the program first
 * needs it (`loadExplorer`); Graphviz stays an ES module (viz.js), imported by the program through `importModule`.
 *
 * `npm run build` without the bundle (tsc's tree alone) has no program file named: it imports main.js as is.
 */
declare const DIGDEEPER_PROGRAM: string | undefined;
declare const DIGDEEPER_EXPLORER: string | undefined;

/** The bundle's scripts (each with its code cache beside it), named by the bundle at build time. */
const program = typeof DIGDEEPER_PROGRAM === 'string' ? fileURLToPath(new URL(DIGDEEPER_PROGRAM, import.meta.url)) : undefined;
const explorer = typeof DIGDEEPER_EXPLORER === 'string' ? fileURLToPath(new URL(DIGDEEPER_EXPLORER, import.meta.url)) : undefined;

/**
 * DIGDEEPER_CODE_CACHE=write (the bundle's build step) writes the program's cache of everything compiled by the time
 * the process exits; =status says on standard error whether each script's cache was taken, naming the script (a
 * cache V8 refused costs a start about 30 ms: bench/README.md). =explorer-write and =explorer-status do the same for the explorer's script
 * alone, loaded and nothing run: an explorer needs a terminal, which the build may not have.
 */
const mode = process.env['DIGDEEPER_CODE_CACHE'];

/** The explorer's script's exports, once loadExplorer has run it. */
let explorerLoaded: Promise<object> | undefined;

/*
 * V8 checks a cache against its own version and flags and the script's length, no more: it took a cache with a bit
 * flipped (the command then crashed: "Fatal error … unreachable code", or a segmentation fault), and another build's
 * cache for a script of the same length (and ran that build's code: test/code-cache.test.ts). So the cache file starts
 * with a seal, a SHA-256 of the script's file name (the build's hash of its text) and of V8's data after it; a cache
 * whose seal does not match is not given to V8 (refused, as V8 refuses one). About 1 ms for 1.5 MB; node:crypto is
 * loaded anyway by every command but --version.
 */
const SEAL_BYTES = 32;

/** The most readFileSync reads of one file (Node's kIoMaxLength): a larger cache is refused by it, as before. */
const MAX_READ = 2 ** 31 - 1;

const sealOf = (data: Uint8Array, script: string) => createHash('sha256').update(path.basename(script)).update(data).digest();

// A trace asks the registries on a thread of its own, which takes 40-60 ms to start: started now, for a run that will
// ask them, it starts while the program loads (rdap/early-thread.ts).
if (asksRegistries(process.argv.slice(2))) startEarly();
if (program === undefined) void import('./main.js');
else if (explorer !== undefined && (mode === 'explorer-write' || mode === 'explorer-status')) void loadExplorer(mode.slice('explorer-'.length));
else run(program, mode);

/**
 * The explorer's script, run once, its exports handed over when Ink's layout engine has its WebAssembly (a module
 * that awaited it as it loaded cannot be in a script: scripts/deferred-dependency-work.mjs).
 */
async function loadExplorer(cacheMode = mode): Promise<object> {
	explorerLoaded ??= (async () => {
		let exports: {yogaLoaded: Promise<void>};
		try {
			exports = run(explorer!, cacheMode) as typeof exports;
		} catch (error) {
			// A broken install (the script removed, unreadable): one line and status 1, as the program says a run that
			// failed (commands/error-line.ts knows a RunFailure by its name; its class is in the program's script).
			const code = (error as NodeJS.ErrnoException).code;
			if (code === undefined) throw error;
			throw Object.assign(new Error(`cannot read the explorer's script ${explorer} (${code}): install digdeeper again`), {name: 'RunFailure'});
		}
		await exports.yogaLoaded;
		// Making its cache: every entry imported, so the cache holds what each evaluates as it loads.
		if (cacheMode === 'write') for (const value of Object.values(exports)) if (typeof value === 'function') await (value as () => Promise<unknown>)();
		return exports;
	})();
	return explorerLoaded;
}

/**
 * Run a script of the bundle as Node runs a CommonJS module, with what its ES modules had: `import.meta` and
 * `import()` of the ES modules, taken relative to the script; and the explorer's script, loaded at its first use.
 */
function run(file: string, cacheMode: string | undefined): object {
	const url = pathToFileURL(file).href;
	const start = process.sourceMapsEnabled ? compiledWithSourceMap(file, cacheMode) : compiledWithCache(file, cacheMode);
	const module = {exports: {}};
	start(module.exports, createRequire(file), module, file, path.dirname(file), {url}, async (specifier) => import(new URL(specifier, url).href), async () => loadExplorer());
	return module.exports;
}

/** A script's one function (the bundle's banner and footer), called as Node calls a CommonJS module's. */
type Program = (exports: object, require: NodeJS.Require, module: {exports: object}, filename: string, dirname: string, importMeta: {url: string}, importModule: (specifier: string) => Promise<unknown>, loadExplorer: () => Promise<object>) => void;

function compiledWithCache(file: string, mode: string | undefined): Program {
	const cacheFile = `${file}.cache`;
	// Large enough for either file, so the cache is read into the pages the script was read into.
	const buffer = Buffer.allocUnsafeSlow(Math.max(sizeOf(file), sizeOf(cacheFile)));
	// The bundle makes the script ASCII, so Latin-1 reads it exactly, into a one-byte string, without decoding UTF-8.
	const source = readInto(buffer, file).toString('latin1');
	const cache = readCache(buffer, cacheFile, file);
	const cachedData = typeof cache === 'string' ? undefined : cache;
	// V8 keeps the file name a cache was made under (the build's directory) and ignores the one given with it: the
	// script is named as the package's file wherever a cache is made or taken, so a stack trace names no other machine.
	const filename = cachedData || mode === 'write' ? `digdeeper/dist/${path.basename(file)}` : file;
	const script = new Script(source, {filename, ...(cachedData ? {cachedData} : {})});
	if (mode === 'status') process.stderr.write(`digdeeper: code cache ${cache === 'absent' ? 'absent' : cache === 'unsealed' || script.cachedDataRejected ? 'refused' : 'taken'} (${scriptName(file)})\n`);
	if (mode === 'write') {
		process.once('exit', () => {
			try {
				// A trace turns V8's lazy feedback allocation off for its walk (commands/trace-command.ts), and V8 stamps a cache
				// with the flags in force when it is made: made under the default, as every start compiles, or no start takes it.
				(createRequire(file)('node:v8') as typeof import('node:v8')).setFlagsFromString('--lazy-feedback-allocation');
				writeFileSync(cacheFile, sealed(script.createCachedData(), file));
			} catch (error) {
				// The build checks the cache was written; anyone else who sets the variable is told, and nothing else changes.
				process.stderr.write(`digdeeper: cannot write the code cache ${cacheFile}: ${(error as Error).message}\n`);
			}
		});
	}
	return script.runInThisContext() as Program;
}

/**
 * With Node's --enable-source-maps, a stack trace should name the source (as tsc's tree's did), but node:vm reads no
 * source map in Node 20: Node's CommonJS loader compiles the script then, reading the map its last line names, without
 * the cache. (`_compile` is how Node compiles every CommonJS module; the assignment is on the banner's line, which maps
 * to no source.)
 */
function compiledWithSourceMap(file: string, mode: string | undefined): Program {
	if (mode === 'status') process.stderr.write(`digdeeper: code cache unused (${scriptName(file)}, --enable-source-maps)\n`);
	const holder = new Module(file) as Module & {_compile(content: string, filename: string): void};
	holder._compile(`module.exports = ${readFileSync(file, 'latin1')}`, file);
	return holder.exports as Program;
}

/** Which of the bundle's scripts a file is, as the status line names it: a trace that opens the explorer runs both. */
function scriptName(file: string): string {
	return file === explorer ? 'explorer' : 'program';
}

function sealed(data: Buffer, script: string): Buffer {
	return Buffer.concat([sealOf(data, script), data]);
}

/**
 * A file's bytes, read as readFileSync reads them but into `buffer` where they fit: the script and then its cache are
 * read into the same memory. The first touch of each page of memory is a page fault, which on the bench's machine (a
 * virtual machine) costs about 12 µs; a buffer of its own for each file made 270 more, 3 ms of every start
 * (bench/README.md, "Session 33"). Anything but a regular file that fits (a FIFO or a device, whose size says
 * nothing; a file grown since it was measured) is read by readFileSync itself, as before.
 */
function readInto(buffer: Buffer, file: string): Buffer {
	const fd = openSync(file, 'r');
	try {
		const stat = fstatSync(fd);
		if (!stat.isFile() || stat.size > buffer.length) return readFileSync(fd);
		let read = 0;
		while (read < stat.size) {
			const count = readSync(fd, buffer, read, stat.size - read, read);
			if (count === 0) break;
			read += count;
		}
		return buffer.subarray(0, read);
	} finally {
		closeSync(fd);
	}
}

/**
 * The room a file needs in readInto's buffer: its size, if it is a regular file readFileSync could read (2 GiB at
 * most); 0 for anything else, which readInto leaves to readFileSync (a cache of 5 GB made the buffer's allocation
 * throw before any file was read).
 */
function sizeOf(file: string): number {
	try {
		const stat = statSync(file);
		return stat.isFile() && stat.size <= MAX_READ ? stat.size : 0;
	} catch {
		return 0;
	}
}

/** V8's data in the cache file, if its seal is the script's: read into `buffer` (readInto). */
function readCache(buffer: Buffer, file: string, script: string): Buffer | 'absent' | 'unsealed' {
	let contents: Buffer;
	try {
		contents = readInto(buffer, file);
	} catch {
		// No cache (a build that made none): V8 compiles the script as it would any other.
		return 'absent';
	}
	const data = contents.subarray(SEAL_BYTES);
	return contents.length > SEAL_BYTES && sealOf(data, script).equals(contents.subarray(0, SEAL_BYTES)) ? data : 'unsealed';
}
