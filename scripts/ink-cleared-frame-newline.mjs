// Ink 6.8 draws a frame again from a cleared screen when the frame before it was as tall as the terminal (the
// terminal was made shorter). It then writes the frame without the newline that ends every other frame, though it
// tells its line log the frame had one. When that is the last frame drawn, the cursor is left at the end of the key
// line, and the shell's prompt came up on that line once the explorer quit (a resize, then q). The bundle writes
// the frame as Ink logs it, `outputToRender`: with the newline, except in a frame that fills the terminal, where
// Ink leaves it off on purpose. The change is made to Ink's text as the bundle reads it, and fails the build when
// Ink's text is not what it expects.

const CLEARED_WRITE = 'this.options.stdout.write(ansiEscapes.clearTerminal + this.fullStaticOutput + output);';

/** Ink's ink.js, writing a frame drawn from a cleared screen as it logs it. Throws when the part to change is not found. */
export function withClearedFrameAsLogged(source) {
	const parts = source.split(CLEARED_WRITE);
	if (parts.length !== 2) throw new Error(`ink/build/ink.js: expected "${CLEARED_WRITE}" once, found it ${parts.length - 1} times; Ink changed, check scripts/ink-cleared-frame-newline.mjs`);
	// What follows the write must still log `outputToRender`, or the newline would be written and not logged.
	if (!parts[1].slice(0, 400).includes('this.log.sync(outputToRender);')) throw new Error('ink/build/ink.js: the cleared frame is no longer logged as outputToRender; check scripts/ink-cleared-frame-newline.mjs');
	return parts.join(CLEARED_WRITE.replace('+ output)', '+ outputToRender)'));
}

/** The esbuild plugin that gives the bundle Ink with that frame's newline. */
export const inkClearedFrameNewline = {
	name: 'ink-cleared-frame-newline',
	setup(build) {
		build.onLoad({filter: /[\\/]ink[\\/]build[\\/]ink\.js$/}, async ({path}) => {
			const {readFile} = await import('node:fs/promises');
			return {contents: withClearedFrameAsLogged(await readFile(path, 'utf8')), loader: 'js'};
		});
	},
};
