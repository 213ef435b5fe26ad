import {mkdtemp, readFile, writeFile} from 'node:fs/promises';
import {createRequire} from 'node:module';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {pathToFileURL} from 'node:url';
import {describe, expect, it} from 'vitest';

type Tldts = {getDomain: (host: string, options?: {allowPrivateDomains?: boolean}) => string | null; getPublicSuffix: (host: string, options?: {allowPrivateDomains?: boolean}) => string | null};
type TrieNode = [number, Record<string, TrieNode>];

const script = (await import(pathToFileURL(path.resolve('scripts/lazy-public-suffixes.mjs')).href)) as {withLazyTrie: (source: string) => string};
const require = createRequire(import.meta.url);
const tldtsFile = require.resolve('tldts');
const original = require(tldtsFile) as Tldts;
// tldts's CommonJS build is one file (tldts-core inlined): the bundle's copy stands alone in a directory of its own.
const dir = await mkdtemp(path.join(tmpdir(), 'digdeeper-tldts-'));
await writeFile(path.join(dir, 'lazy.cjs'), script.withLazyTrie((await readFile(tldtsFile, 'utf8')).replace(/^\/\/# sourceMappingURL=.*$/mu, '')));
const lazy = require(path.join(dir, 'lazy.cjs')) as Tldts;

/** Every rule of the list, as a name (`*` as a label of its own), from tldts's own trie. */
function ruleNames(node: TrieNode, suffix: string[] = []): string[] {
	return Object.entries(node[1]).flatMap(([label, child]) => {
		const name = [label === '*' ? 'wild' : label, ...suffix];
		return [name.join('.'), ...ruleNames(child, name)];
	});
}

/**
 * The bundle builds the Public Suffix List's trie as look-ups reach it (scripts/lazy-public-suffixes.mjs), so a
 * trace's start does not build all of it. The look-ups must not change: every rule, with a label or two before it,
 * in both sections of the list, gives what tldts gives.
 */
describe('the public suffixes, built as they are used', () => {
	it('give every name of every rule the registrable domain and public suffix tldts gives', () => {
		const {rules} = require(path.join(path.dirname(tldtsFile), 'src/data/trie.js')) as {rules: TrieNode};
		const names = ruleNames(rules).flatMap((rule) => [rule, `example.${rule}`, `www.example.${rule}`]);
		expect(names.length).toBeGreaterThan(20_000);
		for (const allowPrivateDomains of [false, true]) {
			const differing = names.filter((name) => lazy.getDomain(name, {allowPrivateDomains}) !== original.getDomain(name, {allowPrivateDomains}) || lazy.getPublicSuffix(name, {allowPrivateDomains}) !== original.getPublicSuffix(name, {allowPrivateDomains}));
			expect(differing).toEqual([]);
		}
	});

	it('answer the names a trace asks about', () => {
		expect([lazy.getDomain('www.example.com'), lazy.getDomain('a.b.example.co.uk'), lazy.getDomain('www.city.kawasaki.jp'), lazy.getDomain('co.uk'), lazy.getDomain('www.nic.xn--wgbh1c')]).toEqual(['example.com', 'example.co.uk', 'city.kawasaki.jp', null, 'nic.xn--wgbh1c']);
	});
});
