// The Public Suffix List, as tldts ships it, is one nested object literal of every rule (in dist/cjs/index.js):
// building it is about 150 M instructions (some 15 ms) at every start, though a trace looks up a handful of names
// under two or three top-level domains. Every trace asks for registrable domains (the snapshot's queried domain, the
// dependencies), so loading tldts later would not help; building less of it does. The bundle reads tldts's trie
// through this plugin: the same trie, whose top-level domains each hold their subtree as JSON text, parsed the first
// time a look-up reaches it (a proxy that parses it on first read and keeps it: defining a getter for each of 1,600
// labels cost about 1-4 ms of every start). The look-ups are tldts's own, unchanged: `hasOwnProperty` and indexing see
// the same keys and the same values (test/lazy-public-suffixes.test.ts compares every rule). The build fails when
// tldts's data is not of the shape expected.
/**
 * The trie `[flags, {label: subtree}]` built as it is used: each top-level domain's subtree JSON text, parsed the first
 * time a look-up reaches it. Declares `exceptions` and `rules`, as the text it replaces did.
 */
export function lazyTrie({exceptions, rules}) {
	const isNode = (node) => Array.isArray(node) && node.length === 2 && typeof node[0] === 'number' && typeof node[1] === 'object' && node[1] !== null;
	if (!isNode(exceptions) || !isNode(rules) || Object.keys(rules[1]).length < 1000) throw new Error('tldts: expected its trie as [flags, {label: subtree}] with every top-level domain; tldts changed, check scripts/lazy-public-suffixes.mjs');
	const subtrees = Object.fromEntries(Object.entries(rules[1]).map(([label, node]) => [label, JSON.stringify(node)]));
	return `const lazyChildren = (texts) => {
	const parsed = new Map();
	return new Proxy(texts, {
		get(target, label) {
			if (!Object.hasOwn(target, label)) return target[label];
			let node = parsed.get(label);
			if (node === undefined) parsed.set(label, (node = JSON.parse(target[label])));
			return node;
		},
	});
};
const exceptions = JSON.parse(${JSON.stringify(JSON.stringify(exceptions))});
const rules = [${rules[0]}, lazyChildren(${JSON.stringify(subtrees)})];
`;
}

const FROM = 'const exceptions = (function () {';
const TO = 'return rules;\n})();\n';

/** tldts's CommonJS build (one file, tldts-core inlined) with its trie built as it is used. Throws when not found. */
export function withLazyTrie(source) {
	const start = source.indexOf(FROM);
	const end = source.indexOf(TO, start);
	if (start === -1 || end === -1 || source.indexOf(FROM, start + 1) !== -1) throw new Error(`tldts/dist/cjs/index.js: expected its trie once, from "${FROM}" to "return rules; })();"; tldts changed, check scripts/lazy-public-suffixes.mjs`);
	const literal = source.slice(start, end + TO.length);
	// The data is tldts's own text, run here: the lazy trie holds exactly what its literal builds.
	const trie = new Function(`${literal}\nreturn {exceptions, rules};`)();
	return `${source.slice(0, start)}${lazyTrie(trie)}${source.slice(end + TO.length)}`;
}

/** The esbuild plugin that gives the bundle tldts with a trie built as it is used. */
export const lazyPublicSuffixes = {
	name: 'lazy-public-suffixes',
	setup(build) {
		let replaced = false;
		// esbuild takes tldts's `main` for Node: its CommonJS build.
		build.onLoad({filter: /[\\/]tldts[\\/]dist[\\/]cjs[\\/]index\.js$/}, async ({path}) => {
			const {readFile} = await import('node:fs/promises');
			replaced = true;
			return {contents: withLazyTrie(await readFile(path, 'utf8')), loader: 'js'};
		});
		build.onEnd((result) => {
			if (result.errors.length === 0 && !replaced) throw new Error('tldts/dist/cjs/index.js was not bundled: tldts changed, check scripts/lazy-public-suffixes.mjs');
		});
	},
};
