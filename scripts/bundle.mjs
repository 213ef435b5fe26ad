// The command as one file (and lazily loaded chunks for the explorer): Node reads and compiles a hundred small
// modules far slower than one, and start-up is most of a short trace's wall time. tsc has compiled dist/ first;
// this rewrites dist/cli.js in place, so the package's bin and every test keep the same path.
import {chmod, readdir, rm} from 'node:fs/promises';
import {build} from 'esbuild';
import {deferredDependencyWork} from './deferred-dependency-work.mjs';
import {inkOutputCaches} from './ink-output-caches.mjs';
import {lazyPublicSuffixes} from './lazy-public-suffixes.mjs';
import {oneStringWidth} from './one-string-width.mjs';

// Chunks of an earlier build would linger beside the new ones: their names carry a hash.
for (const file of await readdir('dist')) if (/-[A-Z\d]{8}\.js(\.map)?$/u.test(file)) await rm(`dist/${file}`);

await build({
	entryPoints: ['dist/cli.js'],
	outdir: 'dist',
	allowOverwrite: true,
	bundle: true,
	splitting: true,
	format: 'esm',
	platform: 'node',
	target: 'node20',
	minify: true,
	// React's production build: its development build checks every render and times it, several times slower.
	define: {'process.env.NODE_ENV': '"production"'},
	// Ink loads React's devtools only when DEV is set; it is not a dependency. tr46 (UTS-46 tables, 200 KB) is
	// required on first use by source/dns/name.ts, from the installed dependency: never parsed by an ASCII trace, and
	// an import of it that crept back would load it from node_modules too, where test/startup-laziness.test.ts sees it.
	external: ['react-devtools-core', 'tr46'],
	chunkNames: '[name]-[hash]',
	sourcemap: 'linked',
	legalComments: 'none',
	// Some bundled CommonJS packages call require() for Node's built-ins.
	banner: {js: "import {createRequire as digdeeperRequire} from 'node:module'; const require = digdeeperRequire(import.meta.url);"},
	logLevel: 'warning',
	// Ink's frame keeps what it learnt of each line's text for the next frame (ink-output-caches.mjs); the public
	// suffixes' trie is built as look-ups reach it, not all at start-up (lazy-public-suffixes.mjs); work other
	// dependencies do as they load is done at first use (deferred-dependency-work.mjs); wrap-ansi measures text with
	// the string-width Ink lays it out with (one-string-width.mjs).
	plugins: [inkOutputCaches, lazyPublicSuffixes, deferredDependencyWork, oneStringWidth],
});
// npm makes a bin executable when it installs; a build after that (npm test builds) writes a new file without the
// bit, and `npx digdeeper` then fails with "Permission denied".
await chmod('dist/cli.js', 0o755);
