// Two frames Ink 6.8 writes without the newline that ends its others, which left the shell's prompt on the key line
// once the program quit (a resize, then q). The changes are made to Ink's text as the bundle reads it, and fail the
// build when Ink's text is not what they expect.
// - A frame drawn again from a cleared screen (the terminal was made shorter than the frame before): Ink writes it
//   without its newline, though it tells its line log the frame had one. The bundle writes it as logged,
//   `outputToRender`: with the newline, except in a frame that fills the terminal.
// - A frame that fills the terminal: Ink leaves its newline off on purpose (the screen would scroll), and at the end
//   the cursor stays at the end of its last line. On unmount, after such a frame, the bundle writes the newline.

const CLEARED_WRITE = 'this.options.stdout.write(ansiEscapes.clearTerminal + this.fullStaticOutput + output);';
const DONE = `            else if (!this.options.debug) {
                this.log.done();`;

const once = (source, part) => {
	const parts = source.split(part);
	if (parts.length !== 2) throw new Error(`ink/build/ink.js: expected "${part.trim()}" once, found it ${parts.length - 1} times; Ink changed, check scripts/ink-frame-newlines.mjs`);
	return parts;
};

/** Ink's ink.js, writing a frame drawn from a cleared screen as it logs it. Throws when the part to change is not found. */
export function withClearedFrameAsLogged(source) {
	const parts = once(source, CLEARED_WRITE);
	// What follows the write must still log `outputToRender`, or the newline would be written and not logged.
	if (!parts[1].slice(0, 400).includes('this.log.sync(outputToRender);')) throw new Error('ink/build/ink.js: the cleared frame is no longer logged as outputToRender; check scripts/ink-frame-newlines.mjs');
	return parts.join(CLEARED_WRITE.replace('+ output)', '+ outputToRender)'));
}

/** Ink's ink.js, ending the output with a newline on unmount when its last frame filled the terminal. Throws when the part to change is not found. */
export function withNewlineAfterFullFrame(source) {
	return once(source, DONE).join(`            else if (!this.options.debug) {
                if (this.lastOutputToRender && !this.lastOutputToRender.endsWith('\\n')) this.options.stdout.write('\\n');
                this.log.done();`);
}

/** The esbuild plugin that gives the bundle Ink with both. */
export const inkFrameNewlines = {
	name: 'ink-frame-newlines',
	setup(build) {
		build.onLoad({filter: /[\\/]ink[\\/]build[\\/]ink\.js$/}, async ({path}) => {
			const {readFile} = await import('node:fs/promises');
			return {contents: withNewlineAfterFullFrame(withClearedFrameAsLogged(await readFile(path, 'utf8'))), loader: 'js'};
		});
	},
};
