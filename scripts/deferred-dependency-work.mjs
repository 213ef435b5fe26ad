// Work some dependencies do when they are imported, which a short command then pays at every start though it never
// needs the result. The bundle reads these files through this plugin with that work made lazy: the same code, run at
// its first use instead of at import. One row per change, each with the text it expects, why, and what it saved; the
// build fails when a dependency's text is not what a row expects (the dependency changed: check the row).
// test/deferred-dependency-work.test.ts checks each row's patched module still does its job.

/**
 * What every RGI emoji holds (UTS #51, ED-20 to ED-27): a single code point is one only if it has Emoji_Presentation
 * (a basic emoji); every longer one holds VS16 (a presentation or keycap sequence), a ZWJ, a skin tone (a modifier
 * sequence), a regional indicator (a flag) or a tag (a tag sequence). test/deferred-dependency-work.test.ts checks it
 * against V8's own RGI_Emoji for every code point and every pair of emoji characters.
 */
export const MAY_BE_RGI_EMOJI = String.raw`^\p{Emoji_Presentation}$|[\uFE0F\u200D\u{1F3FB}-\u{1F3FF}\u{1F1E6}-\u{1F1FF}\u{E0020}-\u{E007F}]`;

/** Each change: the file (a path ending), the text it must contain exactly once, and what that text becomes. */
export const DEFERRED = [
	{
		// meow runs normalize-package-data (spdx-correct sorting its licence table, semver's regexes, hosted-git-info)
		// as its module loads, for `cli.pkg`, which digdeeper never reads (main.tsx hands meow the package's name and
		// version): about 5 ms of every start.
		file: 'meow/build/dependencies.js',
		from: 'var normalizeExports = requireNormalize();\nconst normalizePackageData = getDefaultExportFromCjs(normalizeExports);\n',
		to: 'const normalizePackageData = (...parameters) => getDefaultExportFromCjs(requireNormalize())(...parameters);\n',
	},
	{
		// meow loads node:child_process as it loads, for a promisified execFile it never keeps (a statement whose value
		// is thrown away). A trace still loads it when its first UDP socket binds (Node's dgram asks its cluster module,
		// which loads it); a command that opens no socket (open, report, --version) no longer does.
		file: 'meow/build/dependencies.js',
		from: "import { execFile } from 'node:child_process';\n",
		to: '',
	},
	{
		file: 'meow/build/dependencies.js',
		from: 'promisify(execFile);\n',
		to: '',
	},
	{
		// And Babel's code frame (with its keyword tables and a JavaScript tokenizer), for the message of a package.json
		// that is not JSON, which meow reads only when it is not handed the package (main.tsx hands it the name and
		// version). With these rows, meow's loading took 3.4 ms instead of 5.8 (bench/README.md, "Session 24").
		file: 'meow/build/dependencies.js',
		from: 'var libExports = requireLib$1();\n',
		to: 'const libExports = {codeFrameColumns: (...parameters) => requireLib$1().codeFrameColumns(...parameters)};\n',
	},
	{
		// string-width builds a Unicode segmenter as it loads, which loads ICU's break data (about 7 ms, while a --text
		// trace's walk waits on the network: replies then wait too); it counts printable ASCII without it, and most text
		// it measures is ASCII.
		file: 'node_modules/string-width/index.js',
		from: 'const segmenter = new Intl.Segmenter();\n',
		to: 'let segmenterMade;\nconst segmenter = {segment: (text) => (segmenterMade ??= new Intl.Segmenter()).segment(text)};\n',
	},
	{
		// And the RGI emoji pattern. V8 builds its Unicode sets (`/v`) as the literal is first evaluated (about 10 ms of a
		// --text trace's start, when that was as the module loaded), then compiles its thousands of sequences at its
		// first test and again at its second: 32-41 and 9-13 ms here (bench/README.md, "Session 44"), which the
		// explorer's first frame paid for its first character that is not ASCII, a ▾ or a ·. The pattern is now made
		// and asked only for a cluster that may be an RGI emoji (MAY_BE_RGI_EMOJI).
		file: 'node_modules/string-width/index.js',
		from: 'const rgiEmojiRegex = /^\\p{RGI_Emoji}$/v;\n',
		to: `let rgiEmojiRegexMade;\nconst mayBeRgiEmoji = /${MAY_BE_RGI_EMOJI}/u;\nconst rgiEmojiRegex = {test: (text) => mayBeRgiEmoji.test(text) && (rgiEmojiRegexMade ??= /^\\p{RGI_Emoji}$/v).test(text)};\n`,
	},
	{
		// yoga-layout's module awaits its WebAssembly as it loads (a top-level await), and so do Ink's reconciler's, for
		// React's devtools and Ink's package.json under DEV=true: a script (CommonJS, which V8 can keep compiled code of:
		// scripts/bundle.mjs) cannot hold a module that awaits as it loads. The layout engine's object is filled in when
		// its WebAssembly is ready (`yogaLoaded`, which the explorer's script awaits before anything is drawn: Ink reads
		// it only when it lays out); Ink's devtools (not a dependency, and external to the bundle) are never loaded.
		file: 'yoga-layout/dist/src/index.js',
		from: 'const Yoga = wrapAssembly(await loadYoga());\n',
		to: 'const Yoga = {};\nexport const yogaLoaded = loadYoga().then((assembly) => {\n  Object.assign(Yoga, wrapAssembly(assembly));\n});\n',
	},
	{
		file: 'ink/build/reconciler.js',
		from: "        await import('./devtools.js');\n",
		to: '        throw Object.assign(new Error(\'React devtools are not in this build\'), {code: \'ERR_MODULE_NOT_FOUND\'});\n',
	},
	{
		file: 'ink/build/reconciler.js',
		from: '    ? await loadPackageJson()\n',
		to: '    ? {name: undefined, version: undefined}\n',
	},
	{
		// yoga-layout (Ink's layout engine) carries its WebAssembly as a base64 `data:` URL and, where `fetch` exists (Node
		// 18 and later), fetches it: Node's fetch is undici, loaded at its first call, 30-40 ms of the explorer's start
		// before its first frame can be drawn (bench/README.md, "Session 29"). Emscripten's own fallback, taken where
		// there is no fetch, decodes the URL in place: taken always.
		file: 'yoga-layout/dist/binaries/yoga-wasm-base64-esm.js',
		from: 'function ya(){return w||"function"!=typeof fetch?',
		to: 'function ya(){return true?',
	},
	{
		// And that fallback decodes with atob and a loop over the characters (about 90 KB); Node's Buffer decodes base64
		// natively.
		file: 'yoga-layout/dist/binaries/yoga-wasm-base64-esm.js',
		from: 'if(ua(a))try{var b=xa(a.slice(37)),c=new Uint8Array(b.length);for(a=0;a<b.length;++a)c[a]=b.charCodeAt(a);var d=c}',
		to: 'if(ua(a))try{var d=new Uint8Array(Buffer.from(a.slice(37),"base64"))}',
	},
];

/** A dependency's source with the rows that name its file applied. Throws when a row's text is not there exactly once. */
export function deferWork(file, source) {
	let patched = source;
	for (const row of DEFERRED.filter((candidate) => file.split('\\').join('/').endsWith(candidate.file))) {
		const parts = patched.split(row.from);
		if (parts.length !== 2) throw new Error(`${row.file}: expected its start-up text once, found it ${parts.length - 1} times; the dependency changed, check scripts/deferred-dependency-work.mjs`);
		patched = parts.join(row.to);
	}
	return patched;
}

/**
 * The esbuild plugin. The bundle is two builds (the program, and the explorer's modules), each reading some of these
 * files: `staleRows` names the rows neither read, and the bundle fails on them (the dependency changed: check the row).
 */
const bundled = new Set();
export const deferredDependencyWork = {
	name: 'deferred-dependency-work',
	setup(build) {
		const filter = new RegExp(`(${DEFERRED.map((row) => row.file.replaceAll('/', '[\\\\/]').replaceAll('.', '\\.')).join('|')})$`);
		build.onLoad({filter}, async ({path}) => {
			const {readFile} = await import('node:fs/promises');
			for (const row of DEFERRED) if (path.split('\\').join('/').endsWith(row.file)) bundled.add(row.file);
			return {contents: deferWork(path, await readFile(path, 'utf8')), loader: 'js'};
		});
	},
};

/** The rows whose file no build has read since this module loaded. */
export const staleRows = () => DEFERRED.filter((row) => !bundled.has(row.file));
