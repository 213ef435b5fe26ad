import {cp, mkdtemp, readFile, rm, symlink, writeFile} from 'node:fs/promises';
import {createRequire} from 'node:module';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {pathToFileURL} from 'node:url';
import {afterAll, describe, expect, it} from 'vitest';

/** Ink's Output, as much of it as the frames use. */
interface Output {
	write(x: number, y: number, text: string, options: {transformers: Array<(line: string, index: number) => string>}): void;
	clip(clip: {x1?: number; x2?: number; y1?: number; y2?: number}): void;
	unclip(): void;
	get(): {output: string; height: number};
	caches: {styledChars: Map<string, unknown>; widths: Map<string, number>};
}
type OutputClass = new (options: {width: number; height: number}) => Output;

const script = (await import(pathToFileURL(path.resolve('scripts/ink-output-caches.mjs')).href)) as {withSharedOutputCaches: (source: string) => string; CACHE_LIMIT: number};
const inkOutput = path.join(path.dirname(createRequire(import.meta.url).resolve('ink')), 'output.js');

// Both Outputs side by side, beside a link to the project's node_modules so they import what Ink imports.
const dir = await mkdtemp(path.join(tmpdir(), 'digdeeper-ink-output-'));
await symlink(path.resolve(path.dirname(inkOutput), '../..'), path.join(dir, 'node_modules'));
// Without Ink's source map comment: its map is not beside the copies.
const inkSource = (await readFile(inkOutput, 'utf8')).replace(/^\/\/# sourceMappingURL=.*$/mu, '');
await writeFile(path.join(dir, 'ink-output.js'), inkSource);
await writeFile(path.join(dir, 'shared-output.js'), script.withSharedOutputCaches(inkSource));
const load = async (file: string) => ((await import(pathToFileURL(path.join(dir, file)).href)) as {default: OutputClass}).default;
const InkOutput = await load('ink-output.js');
const SharedOutput = await load('shared-output.js');
afterAll(() => rm(dir, {recursive: true, force: true}));

/** One frame drawn by both: the same operations, the same text out. */
function frame(draw: (output: Output) => void, width = 40, height = 6): {ink: string; shared: string} {
	const ink = new InkOutput({width, height});
	const shared = new SharedOutput({width, height});
	draw(ink);
	draw(shared);
	return {ink: ink.get().output, shared: shared.get().output};
}

const plain = {transformers: []};
const red = (text: string) => `\u001B[31m${text}\u001B[39m`;

describe("the bundle's Ink Output, its caches kept across frames", () => {
	it('draws every frame of a moving cursor as Ink draws it: styles, wide characters, clipping', () => {
		const rows = ['  com.          4/4  ok', '  net.          2/4  DEAD', '  bw.           0/2  LAME', '  中文.          1/1  ok 🚀', '  sm.           3/3  ok'];
		for (let cursor = 0; cursor < rows.length * 2; cursor++) {
			const drawn = frame((output) => {
				rows.forEach((row, index) => output.write(0, index, index === cursor % rows.length ? red(`❯${row}`) : ` ${row}`, plain));
				output.clip({x1: 0, x2: 20, y1: 0, y2: 5});
				output.write(15, 5, red('a line cut by its clip, with a tail'), {transformers: [(line) => line.toUpperCase()]});
				output.unclip();
			});
			expect(drawn.shared).toBe(drawn.ink);
		}
	});

	it('keeps at most CACHE_LIMIT entries in a cache, however many lines go by (a watch\'s clock)', () => {
		for (let tick = 0; tick < script.CACHE_LIMIT + 50; tick++) {
			const drawn = frame((output) => output.write(0, 0, `updated ${tick} s ago`, plain), 30, 1);
			if (tick % 1000 === 0) expect(drawn.shared).toBe(drawn.ink);
		}
		const caches = new SharedOutput({width: 1, height: 1}).caches;
		expect(caches.styledChars.size).toBeGreaterThan(0);
		expect(caches.styledChars.size).toBeLessThanOrEqual(script.CACHE_LIMIT);
		expect(caches.widths.size).toBeLessThanOrEqual(script.CACHE_LIMIT);
	});

	it('fails the build when Ink\'s text is not the one it changes', () => {
		expect(() => script.withSharedOutputCaches('export default class Output {}')).toThrow(/Ink changed/u);
	});
});

describe('text widths from Ink\'s measureText cache (withCachedTextWidths)', () => {
	const caches = script as unknown as {withCachedTextWidths: (source: string) => string};
	it('measures each text node with measureText instead of widestLine, and measureText gives widestLine\'s width', async () => {
		const renderNode = path.join(path.dirname(inkOutput), 'render-node-to-output.js');
		const patched = caches.withCachedTextWidths(await readFile(renderNode, 'utf8'));
		expect(patched).toContain("import measureText from './measure-text.js';");
		expect(patched).toContain('const currentWidth = measureText(text).width;');
		expect(patched).not.toMatch(/widestLine/u);
		const measureText = ((await import(pathToFileURL(path.join(path.dirname(inkOutput), 'measure-text.js')).href)) as {default: (text: string) => {width: number}}).default;
		const widestLine = ((await import(pathToFileURL(createRequire(inkOutput).resolve('widest-line')).href)) as {default: (text: string) => number}).default;
		for (const text of ['www.example.com.', 'a\nlonger second line', '\u001B[31m日本語\u001B[39m', '👨‍👩‍👧 x', '']) expect(measureText(text).width).toBe(widestLine(text));
		expect(() => caches.withCachedTextWidths('const unrelated = 1;')).toThrow('Ink changed');
	});
});

describe('rows written without working out the difference between equal styles (withSameStylesSkipped)', () => {
	const patches = script as unknown as {withSameStylesSkipped: (source: string) => string};
	it('writes every row as ansi-tokenize writes it: plain, coloured, bold and dim, backgrounds, styles opened and closed mid-row', async () => {
		const fc = await import('fast-check');
		// (Its package exports only an ES module entry, which require.resolve cannot name: found beside Ink's.)
		const build = path.resolve(path.dirname(inkOutput), '../../@alcalzone/ansi-tokenize/build');
		const copy = path.join(dir, 'ansi-tokenize');
		await cp(build, copy, {recursive: true});
		const source = await readFile(path.join(build, 'styledChars.js'), 'utf8');
		await writeFile(path.join(copy, 'skipping.js'), patches.withSameStylesSkipped(source));
		const tokenizer = (await import(pathToFileURL(path.join(build, 'index.js')).href)) as {tokenize: (text: string) => unknown[]; styledCharsFromTokens: (tokens: unknown[]) => unknown[]; styledCharsToString: (chars: unknown[]) => string};
		const skipping = (await import(pathToFileURL(path.join(copy, 'skipping.js')).href)) as {styledCharsToString: (chars: unknown[]) => string};
		// Pieces of a row: text, and the codes Ink's colours and styles write (opening and closing, intensity's shared 22).
		const codes = ['\u001B[31m', '\u001B[39m', '\u001B[1m', '\u001B[2m', '\u001B[22m', '\u001B[4m', '\u001B[24m', '\u001B[42m', '\u001B[49m', '\u001B[7m', '\u001B[27m', '\u001B[0m', '\u001B[38;5;208m', '\u001B[90m'];
		const piece = fc.oneof(fc.constantFrom(...codes), fc.constantFrom('a', ' ', '──', 'www.example.com.', '日本', '✗', '│'));
		let styled = 0;
		fc.assert(
			fc.property(fc.array(piece, {maxLength: 40}), (pieces) => {
				const chars = tokenizer.styledCharsFromTokens(tokenizer.tokenize(pieces.join('')));
				const expected = tokenizer.styledCharsToString(chars);
				if (expected.includes('\u001B')) styled++;
				expect(skipping.styledCharsToString(chars)).toBe(expected);
			}),
			{numRuns: 2000},
		);
		// (Most rows the generator makes carry styles: the property is not tested on plain text alone.)
		expect(styled).toBeGreaterThan(600);
		expect(() => patches.withSameStylesSkipped('export function other() {}')).toThrow('ansi-tokenize changed');
	});
});
