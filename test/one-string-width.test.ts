import {readdir, readFile} from 'node:fs/promises';
import path from 'node:path';
import {describe, expect, it} from 'vitest';

describe('one string-width in the bundle (scripts/one-string-width.mjs)', () => {
	it('gives wrap-ansi the string-width Ink lays text out with, and bundles no other copy', async () => {
		const maps = (await readdir('dist')).filter((file) => /\.c?js\.map$/u.test(file));
		const sources = (await Promise.all(maps.map(async (file) => (JSON.parse(await readFile(path.join('dist', file), 'utf8')) as {sources: string[]}).sources))).flat();
		const copies = [...new Set(sources.filter((source) => /string-width[\\/]index\.js$/u.test(source)).map((source) => source.replace(/^(?:\.\.\/)+/u, '')))];
		expect(copies).toEqual(['node_modules/string-width/index.js']);
		expect(sources.some((source) => source.endsWith('node_modules/wrap-ansi/index.js'))).toBe(true);
	});
});
