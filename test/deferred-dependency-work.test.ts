import {cp, mkdtemp, readFile, rm, symlink, writeFile} from 'node:fs/promises';
import {createRequire} from 'node:module';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {pathToFileURL} from 'node:url';
import {stripVTControlCharacters} from 'node:util';
import {afterAll, describe, expect, it} from 'vitest';

interface Row {
	file: string;
	from: string;
	to: string;
}
const script = (await import(pathToFileURL(path.resolve('scripts/deferred-dependency-work.mjs')).href)) as {DEFERRED: Row[]; MAY_BE_RGI_EMOJI: string; deferWork: (file: string, source: string) => string};

// meow's build, copied twice beside a link to the project's node_modules: as published, and as the bundle reads it.
const meowBuild = path.join(path.dirname(createRequire(import.meta.url).resolve('meow')));
const dir = await mkdtemp(path.join(tmpdir(), 'digdeeper-deferred-'));
await symlink(path.resolve('node_modules'), path.join(dir, 'node_modules'));
for (const copy of ['published', 'deferred']) await cp(meowBuild, path.join(dir, copy), {recursive: true});
const dependencies = path.join(dir, 'deferred', 'dependencies.js');
// (Named as the bundle reads it: the rows name the file by the end of its path.)
await writeFile(dependencies, script.deferWork('node_modules/meow/build/dependencies.js', await readFile(dependencies, 'utf8')));
// string-width, as published and with its segmenter made at first use, each beside the same node_modules link.
const stringWidthSource = await readFile(path.resolve('node_modules/string-width/index.js'), 'utf8');
await writeFile(path.join(dir, 'string-width-published.js'), stringWidthSource);
await writeFile(path.join(dir, 'string-width-deferred.js'), script.deferWork('node_modules/string-width/index.js', stringWidthSource));
// yoga-layout's build, copied twice: as published, and with its WebAssembly decoded in place rather than fetched.
const yogaDist = path.resolve('node_modules/yoga-layout/dist');
for (const copy of ['yoga-published', 'yoga-deferred']) await cp(yogaDist, path.join(dir, copy), {recursive: true});
const yogaBinary = path.join(dir, 'yoga-deferred', 'binaries', 'yoga-wasm-base64-esm.js');
await writeFile(yogaBinary, script.deferWork('node_modules/yoga-layout/dist/binaries/yoga-wasm-base64-esm.js', await readFile(yogaBinary, 'utf8')));
// And its module, which awaited the WebAssembly as it loaded, with a promise of it instead.
const yogaIndex = path.join(dir, 'yoga-deferred', 'src', 'index.js');
await writeFile(yogaIndex, script.deferWork('node_modules/yoga-layout/dist/src/index.js', await readFile(yogaIndex, 'utf8')));
afterAll(() => rm(dir, {recursive: true, force: true}));

type Meow = (help: string, options: Record<string, unknown>) => {input: string[]; flags: Record<string, unknown>; pkg: Record<string, unknown>};
const load = async (copy: string) => ((await import(pathToFileURL(path.join(dir, copy, 'index.js')).href)) as {default: Meow}).default;

describe('start-up work in dependencies, done at first use (scripts/deferred-dependency-work.mjs)', () => {
	it('finds each row\'s text exactly once in the installed dependency, and refuses a file without it', async () => {
		for (const row of script.DEFERRED) {
			const installed = path.resolve(row.file.startsWith('node_modules/') ? row.file : path.join('node_modules', row.file));
			expect((await readFile(installed, 'utf8')).split(row.from)).toHaveLength(2);
		}
		expect(() => script.deferWork('x/meow/build/dependencies.js', 'const unrelated = 1;\n')).toThrow('the dependency changed');
	});

	it('leaves string-width measuring as it did: ASCII, wide characters, emoji, combining marks, escapes', async () => {
		type Width = (text: string, options?: {ambiguousIsNarrow?: boolean}) => number;
		const load = async (copy: string): Promise<Width> => ((await import(pathToFileURL(path.join(dir, `string-width-${copy}.js`)).href)) as {default: Width}).default;
		const published = await load('published');
		const deferred = await load('deferred');
		const samples = ['www.example.com.', '', 'é', 'e\u0301', '日本語', '👨‍👩‍👧', '🇧🇼', '\u001B[31mred\u001B[39m', 'ｱｲｳ', '\u200B', 'a\tb', '한국어', '±×', '😀', '❤️', '#️⃣', '⚠', '⚠️', '▾ · │', '👍🏽', '🏴󠁧󠁢󠁳󠁣󠁴󠁿', '1⃣', '☺', '©️', '🇧'];
		expect(samples.map((text) => deferred(text))).toEqual(samples.map((text) => published(text)));
		expect(samples.map((text) => deferred(text, {ambiguousIsNarrow: false}))).toEqual(samples.map((text) => published(text, {ambiguousIsNarrow: false})));
		expect(deferred('日本語')).toBe(6);
		expect(deferred('👨‍👩‍👧')).toBe(2);
	});

	it('asks the RGI emoji pattern only of clusters that may be one, and of every code point and pair V8 calls one', () => {
		const rgiEmoji = new RegExp(String.raw`^\p{RGI_Emoji}$`, 'v');
		const mayBe = new RegExp(script.MAY_BE_RGI_EMOJI, 'u');
		const codePoints = Array.from({length: 0x11_00_00}, (_, point) => point).filter((point) => point < 0xD8_00 || point > 0xDF_FF);
		const singles = codePoints.map((point) => String.fromCodePoint(point)).filter((text) => rgiEmoji.test(text));
		expect(singles.length).toBeGreaterThan(1000);
		expect(singles.filter((text) => !mayBe.test(text))).toEqual([]);
		// Every RGI sequence longer than one code point holds one of the marked characters (flags, skin tones, keycaps,
		// ZWJ and tag sequences); no pair of emoji characters without one is an RGI emoji.
		const emoji = codePoints.filter((point) => /[\p{Emoji}\p{Emoji_Component}]/u.test(String.fromCodePoint(point)));
		const unmarked = [...emoji, 0x20_E3, 0xFE_0E, 0x03_01].filter((point) => !mayBe.test(`a${String.fromCodePoint(point)}`));
		expect(unmarked.length ** 2).toBeGreaterThan(1_000_000);
		const rgiPairs: string[] = [];
		for (const first of unmarked) {
			for (const second of unmarked) {
				const pair = String.fromCodePoint(first, second);
				if (rgiEmoji.test(pair)) rgiPairs.push(pair);
			}
		}
		expect(rgiPairs).toEqual([]);
		// What the explorer draws at its first frame is not asked: its tree's marks, the dots between parts, the rules.
		expect(['▾', '▸', '·', '│', '─', '…', '✓', '⚠', '±'].filter((text) => mayBe.test(text))).toEqual([]);
		expect(['😀', '❤️', '#️⃣', '🇧🇼', '👍🏽', '👨‍👩‍👧', '🏴󠁧󠁢󠁳󠁣󠁴󠁿'].every((text) => mayBe.test(text) && rgiEmoji.test(text))).toBe(true);
	}, 60_000);

	it('leaves meow parsing a command line as it did', async () => {
		const options = {importMeta: import.meta, pkg: {name: 'digdeeper', version: '1.2.3'}, argv: ['www.example.com', '--json', '--timeout', '900', '-4'], allowUnknownFlags: true, autoVersion: false, flags: {json: {type: 'boolean'}, timeout: {type: 'number', default: 2000}, ipv4: {type: 'boolean', shortFlag: '4'}}};
		const [published, deferred] = await Promise.all([load('published'), load('deferred')]);
		const before = published('usage', options);
		const after = deferred('usage', options);
		expect(after.input).toEqual(['www.example.com']);
		expect(after.flags).toEqual({json: true, timeout: 900, ipv4: true});
		expect({input: after.input, flags: after.flags}).toEqual({input: before.input, flags: before.flags});
		// The normaliser, made lazy, still runs when something asks for the package.
		expect(after.pkg).toEqual(before.pkg);
		expect(after.pkg).toMatchObject({name: 'digdeeper', version: '1.2.3', readme: 'ERROR: No README data found!'});
	});

	it("leaves meow's message for a package.json that is not JSON as it was, code frame and all", async () => {
		type ReadPackageUp = (options: {cwd: string}) => unknown;
		const broken = path.join(dir, 'broken-package');
		await cp(path.join(dir, 'published'), path.join(broken, 'unused'), {recursive: true});
		await writeFile(path.join(broken, 'package.json'), '{"name": "x",\n  "version": 1.2.3\n}\n');
		const message = async (copy: string) => {
			const {a: readPackageUpSync} = (await import(pathToFileURL(path.join(dir, copy, 'dependencies.js')).href)) as {a: ReadPackageUp};
			try {
				readPackageUpSync({cwd: broken});
			} catch (error) {
				return (error as Error).message;
			}
			return 'no error';
		};
		const [before, after] = [await message('published'), await message('deferred')];
		expect(after).toBe(before);
		// (Coloured where picocolors thinks the terminal takes colour: CI=true is one such place.)
		expect(stripVTControlCharacters(after)).toContain('> 2 |   "version": 1.2.3');
	});

	it("loads Ink's layout engine without fetch or a top-level await, and it lays out a box as the published one does", async () => {
		type YogaNode = {setWidth(width: number): void; setHeight(height: number): void; setFlexDirection(direction: number): void; setFlexGrow(grow: number): void; setPadding(edge: number, value: number): void; insertChild(child: YogaNode, index: number): void; calculateLayout(width?: number, height?: number): void; getComputedLayout(): {left: number; top: number; width: number; height: number}};
		type Yoga = {Node: {create(): YogaNode}; FLEX_DIRECTION_ROW: number; EDGE_ALL: number};
		const layout = (yoga: Yoga) => {
			const root = yoga.Node.create();
			root.setWidth(80);
			root.setHeight(24);
			root.setFlexDirection(yoga.FLEX_DIRECTION_ROW);
			root.setPadding(yoga.EDGE_ALL, 1);
			const children = [1, 2].map((grow, index) => {
				const child = yoga.Node.create();
				child.setFlexGrow(grow);
				root.insertChild(child, index);
				return child;
			});
			root.calculateLayout();
			return children.map((child) => child.getComputedLayout());
		};
		const realFetch = globalThis.fetch;
		let fetched = 0;
		globalThis.fetch = (...parameters: Parameters<typeof fetch>) => {
			fetched++;
			return realFetch(...parameters);
		};
		try {
			// As published, it fetches its own data: URL (Node's fetch, undici, loaded for it).
			const published = ((await import(pathToFileURL(path.join(dir, 'yoga-published', 'src', 'index.js')).href)) as {default: Yoga}).default;
			expect(fetched).toBe(1);
			fetched = 0;
			const {default: deferred, yogaLoaded} = (await import(pathToFileURL(yogaIndex).href)) as {default: Yoga; yogaLoaded: Promise<void>};
			// Its object is filled in when the WebAssembly is ready, which its module no longer waits for.
			expect(Object.keys(deferred)).toEqual([]);
			await yogaLoaded;
			expect(fetched).toBe(0);
			expect(layout(deferred)).toEqual(layout(published));
			expect(layout(deferred)).toEqual([
				{left: 1, right: 0, top: 1, bottom: 0, width: 26, height: 22},
				{left: 27, right: 0, top: 1, bottom: 0, width: 52, height: 22},
			]);
		} finally {
			globalThis.fetch = realFetch;
		}
	});

	it('patches the copy the other cases load: no node:child_process, the normaliser and the code frame made at first use', async () => {
		const source = await readFile(dependencies, 'utf8');
		expect(source).not.toContain('child_process');
		expect(source).not.toContain('var normalizeExports = requireNormalize();');
		expect(source).toContain('const libExports = {codeFrameColumns: (...parameters) => requireLib$1().codeFrameColumns(...parameters)};');
	});
});
