import path from 'node:path';
import {pathToFileURL} from 'node:url';
import {describe, expect, it} from 'vitest';
import {svgTexts} from '../helpers/svg.js';

/** scripts/terminal-svg.mjs, as much of it as the README's pictures use. */
interface Screen {
	time: number;
	grid: unknown[];
}
interface TerminalSvg {
	terminalSvg(bytes: string, size: {columns: number; rows: number; title: string}): Promise<string>;
	captureToBytes(capture: string): string;
	paletteColour(index: number): string;
	castScreens(cast: string, step?: number): Promise<{columns: number; rows: number; title: string; screens: Screen[]}>;
	animatedSvg(cast: {columns: number; rows: number; title: string; screens: Screen[]}): string;
}
const script = (await import(pathToFileURL(path.resolve('scripts/terminal-svg.mjs')).href)) as TerminalSvg;

const picture = (bytes: string, columns = 20, rows = 2) => script.terminalSvg(bytes, {columns, rows, title: 'test'});

/** The `<text>` element that shows exactly `text`, with the CSS rules of its class. */
function textElement(svg: string, text: string) {
	const element = [...svg.matchAll(/<text class="(\w+)" x="([\d.]+)" y="[\d.]+"(?: textLength="([\d.]+)")?>([^<]*)<\/text>/gu)].find((match) => match[4] === text);
	if (!element) throw new Error(`no <text> shows ${text}`);
	const rules = new RegExp(`\\.${element[1]!}\\{([^}]*)\\}`, 'u').exec(svg)?.[1];
	return {x: Number(element[2]), textLength: element[3] === undefined ? undefined : Number(element[3]), rules};
}

describe('a terminal screen drawn as SVG (the README pictures)', () => {
	it('draws the 16 colours, the 256-colour palette and true colour, bold, inverse, and background cells as rectangles', async () => {
		const svg = await picture('\u001B[31mred\u001B[0m \u001B[1;38;5;196mhot\u001B[0m \u001B[38;2;1;2;3mrgb\u001B[0m \u001B[44mblue\u001B[0m \u001B[7minv', 30);
		expect(textElement(svg, 'red').rules).toBe('fill:#ff7b72');
		expect(textElement(svg, 'hot').rules).toBe('fill:#ff0000;font-weight:bold');
		expect(textElement(svg, 'rgb').rules).toBe('fill:#010203');
		// "blue" starts at column 12 (10 px of padding, 8.4 px a cell); its background spans its 4 cells and no more.
		const rect = /<rect class="(\w+)" x="([\d.]+)" y="10" width="([\d.]+)" height="17"\/>/u.exec(svg);
		expect(rect?.slice(2)).toEqual(['110.8', '33.6']);
		expect(svg).toContain(`.${rect![1]!}{fill:#58a6ff}`);
		// Inverse swaps the default colours: dark text on a light cell.
		expect(textElement(svg, 'inv').rules).toBe('fill:#161b22');
		const inverse = /<rect class="(\w+)" x="152.8" y="10" width="25.2" height="17"\/>/u.exec(svg);
		expect(svg).toContain(`.${inverse![1]!}{fill:#d0d7de}`);
	});

	it('resolves the palette as xterm does: the 6×6×6 cube, then the grey ramp', () => {
		expect([16, 21, 196, 231, 232, 255].map((index) => script.paletteColour(index))).toEqual(['#000000', '#0000ff', '#ff0000', '#ffffff', '#080808', '#eeeeee']);
	});

	it('gives a wide character its two cells and keeps the columns after it in place', async () => {
		const svg = await picture('a漢b');
		expect(textElement(svg, '漢')).toMatchObject({x: 18.4, textLength: 16.8});
		expect(textElement(svg, 'b').x).toBe(35.2);
	});

	it('escapes <, & and " in what the screen shows, so a hostile string stays text', async () => {
		const svg = await picture('<script>&"x"</script>', 40, 1);
		expect(svg).toContain('&lt;script&gt;&amp;&quot;x&quot;&lt;/script&gt;');
		expect(svg).not.toContain('<script');
		expect(svgTexts(svg)).toEqual(['<script>&"x"</script>']);
	});

	it('keeps the top line of a full-height tmux capture (its last newline would scroll the screen)', async () => {
		const svg = await picture(script.captureToBytes('top\nmiddle\nbottom\n'), 10, 3);
		expect(svgTexts(svg)).toEqual(['top', 'middle', 'bottom']);
	});

	it('replays an asciicast into a screen per change and animates them with CSS alone', async () => {
		const cast = [
			JSON.stringify({version: 2, width: 10, height: 2, title: 'demo'}),
			JSON.stringify([0.1, 'o', 'one']),
			JSON.stringify([0.2, 'o', '\u001B[H\u001B[2Jone']),
			JSON.stringify([1.1, 'o', '\u001B[H\u001B[2Jtwo']),
		].join('\n');
		const replayed = await script.castScreens(cast);
		// Seconds from the first output: "one" at once, "two" at the first half-second tick after 1.1 s.
		expect(replayed.screens.map((screen) => screen.time)).toEqual([0, 1]);
		const svg = script.animatedSvg(replayed);
		expect(svgTexts(svg)).toEqual(['one', 'two']);
		// 1 s of "one", then "two" held 3 s: 4 s in all, the strip moved one screen (2 rows and padding) at 25%.
		expect(svg).toContain('animation:play 4s step-end infinite');
		expect(svg).toContain('@keyframes play{0%{transform:translateY(0px)}25%{transform:translateY(-54px)}100%{transform:translateY(-54px)}}');
		expect(svg).not.toContain('<script');
	});
});
