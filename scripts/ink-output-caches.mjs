// Ink 6.8 makes a new Output for every frame, and with it empty caches: each frame splits every line on the screen
// into styled characters again (tokenised, each character an object of its own), though a key that moves a list's
// cursor changes two lines of forty. That is most of a frame's time (bench/README.md: Output.get, 69 % of the survey
// list's frame). What the caches hold are pure functions of a line's text (its styled characters, its width), so the
// bundle keeps one set of them for the process, each map emptied when it reaches CACHE_LIMIT entries (a watch's
// clock makes new lines for ever). The frames are the same, character for character (test/ink-output-caches.test.ts).
// The change is made to Ink's text as the bundle reads it, and fails the build when Ink's text is not what it expects.

/** Entries a cache keeps before it starts again: a screen's lines and characters many times over. */
export const CACHE_LIMIT = 10_000;

/** Ink's output.js, with its caches kept across frames. Throws when a part to change is not found. */
export function withSharedOutputCaches(source) {
	const once = (text, from, to) => {
		const parts = text.split(from);
		if (parts.length !== 2) throw new Error(`ink/build/output.js: expected "${from}" once, found it ${parts.length - 1} times; Ink changed, check scripts/ink-output-caches.mjs`);
		return parts.join(to);
	};
	let patched = once(source, 'export default class Output {', 'const sharedOutputCaches = new OutputCaches();\nexport default class Output {');
	patched = once(patched, 'caches = new OutputCaches();', 'caches = sharedOutputCaches;');
	for (const cache of ['styledChars', 'widths', 'blockWidths']) {
		patched = once(patched, `this.${cache}.set(`, `if (this.${cache}.size >= ${CACHE_LIMIT}) this.${cache}.clear();\n            this.${cache}.set(`);
	}
	return patched;
}

/**
 * Ink's render-node-to-output.js, measuring each text node's width with Ink's own measureText, whose cache the layout
 * has just filled with that very text, instead of measuring it again every frame (`widestLine`: 1-2 ms a frame on a
 * large trace). Throws when the part to change is not found.
 */
export function withCachedTextWidths(source) {
	const once = (text, from, to) => {
		const parts = text.split(from);
		if (parts.length !== 2) throw new Error(`ink/build/render-node-to-output.js: expected "${from}" once, found it ${parts.length - 1} times; Ink changed, check scripts/ink-output-caches.mjs`);
		return parts.join(to);
	};
	const patched = once(source, "import widestLine from 'widest-line';\n", "import measureText from './measure-text.js';\n");
	return once(patched, 'const currentWidth = widestLine(text);', 'const currentWidth = measureText(text).width;');
}

/**
 * ansi-tokenize's styledCharsToString (which writes each row of Ink's frame), skipping the style difference between
 * two characters whose styles are the same codes: most neighbours are (a row is mostly plain text, or one colour), and
 * working the difference out made three sets per character, 4,800 times a frame on a 120×40 terminal (a third of a
 * key's frame on a large trace, bench/README.md "Session 24"). The same codes make an empty difference, so the text out
 * is the same. Throws when the part to change is not found.
 */
export function withSameStylesSkipped(source) {
	const parts = source.split('            ret += ansiCodesToString(diffAnsiCodes(chars[i - 1].styles, char.styles));\n');
	if (parts.length !== 2) throw new Error('@alcalzone/ansi-tokenize/build/styledChars.js: expected its styledCharsToString once; ansi-tokenize changed, check scripts/ink-output-caches.mjs');
	const skip = '            const before = chars[i - 1].styles;\n            if (before.length !== char.styles.length || before.some((code, at) => code.code !== char.styles[at].code || code.endCode !== char.styles[at].endCode)) ret += ansiCodesToString(diffAnsiCodes(before, char.styles));\n';
	return parts.join(skip);
}

/**
 * The esbuild plugin that gives the bundle Ink's Output with shared caches, its text widths from Ink's cache, and rows
 * written without working out differences between equal styles.
 */
export const inkOutputCaches = {
	name: 'ink-output-caches',
	setup(build) {
		build.onLoad({filter: /[\\/](?:ink[\\/]build[\\/](?:output|render-node-to-output)|@alcalzone[\\/]ansi-tokenize[\\/]build[\\/]styledChars)\.js$/}, async ({path}) => {
			const {readFile} = await import('node:fs/promises');
			const source = await readFile(path, 'utf8');
			const change = /render-node-to-output\.js$/.test(path) ? withCachedTextWidths : /styledChars\.js$/.test(path) ? withSameStylesSkipped : withSharedOutputCaches;
			return {contents: change(source), loader: 'js'};
		});
	},
};
