import {readFile} from 'node:fs/promises';
import path from 'node:path';
import {pathToFileURL} from 'node:url';
import {describe, expect, it} from 'vitest';

const script = (await import(pathToFileURL(path.resolve('scripts/ink-frame-newlines.mjs')).href)) as {withClearedFrameAsLogged: (source: string) => string; withNewlineAfterFullFrame: (source: string) => string};
const ink = await readFile(path.resolve('node_modules/ink/build/ink.js'), 'utf8');

describe("the bundle's Ink: frames end in a newline", () => {
	it('writes outputToRender there, the frame with its newline unless it fills the terminal', () => {
		const patched = script.withClearedFrameAsLogged(ink);
		expect(ink).toContain('ansiEscapes.clearTerminal + this.fullStaticOutput + output);');
		expect(patched).not.toContain('ansiEscapes.clearTerminal + this.fullStaticOutput + output);');
		expect(patched).toContain('ansiEscapes.clearTerminal + this.fullStaticOutput + outputToRender);');
		// Only that write: everything else of Ink is as it was.
		expect(patched.length - ink.length).toBe('ToRender'.length);
	});

	it('fails the build when Ink is not the text it expects', () => {
		expect(() => script.withClearedFrameAsLogged(ink.replace('ansiEscapes.clearTerminal + this.fullStaticOutput + output);', 'ansiEscapes.clearTerminal + this.fullStaticOutput + output + "\\n");'))).toThrow(/Ink changed/u);
		expect(() => script.withClearedFrameAsLogged(ink.replace('this.log.sync(outputToRender);', 'this.log.sync(output);'))).toThrow(/no longer logged as outputToRender/u);
	});

	it('writes one on unmount after a frame that filled the terminal, before the log is done', () => {
		const patched = script.withNewlineAfterFullFrame(ink);
		expect(patched).toContain("if (this.lastOutputToRender && !this.lastOutputToRender.endsWith('\\n')) this.options.stdout.write('\\n');\n                this.log.done();");
		expect(() => script.withNewlineAfterFullFrame(ink.replace('this.log.done();', 'this.log.finish();'))).toThrow(/Ink changed/u);
	});
});
