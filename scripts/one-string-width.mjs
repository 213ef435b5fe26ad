// wrap-ansi 9 asks for string-width 7; Ink, cli-truncate and widest-line ask for 8. The bundle gives wrap-ansi the same
// string-width 8 as the rest: the explorer's wrapping then measures text as Ink lays it out, and string-width 8 counts
// printable ASCII by its length, where 7 segments every word with ICU (bench/README.md, "Key press to frame": wrapping
// a paragraph 0.8 → 0.12 ms). Its API is the same (`stringWidth(text, {ambiguousIsNarrow, countAnsiEscapeCodes})`).
import path from 'node:path';

export const oneStringWidth = {
	name: 'one-string-width',
	setup(build) {
		build.onResolve({filter: /^string-width$/}, async ({importer, kind}) => {
			if (!/[\\/]wrap-ansi[\\/]/u.test(importer)) return undefined;
			const resolved = await build.resolve('string-width', {kind, resolveDir: path.resolve('.')});
			if (resolved.errors.length > 0 || !/[\\/]node_modules[\\/]string-width[\\/]/u.test(resolved.path) || /wrap-ansi/u.test(resolved.path)) throw new Error('string-width (8, the one Ink uses) is not where scripts/one-string-width.mjs expects it');
			return {path: resolved.path};
		});
	},
};
