// Renders what a terminal shows as SVG: the bytes a program wrote (or `tmux capture-pane -p -e` captured) go through
// a real terminal emulator (@xterm/headless), whose cell grid is then drawn — background rectangles, one <text> per
// run of same-styled cells. The escapes are never parsed here, so what the picture shows is what a terminal shows.
// Used by scripts/media.mjs for the README's pictures; the animation replays an asciicast the same way.
import headless from '@xterm/headless';

const {Terminal} = headless;

/** The picture's metrics, in px: a monospace cell and the font drawn in it. */
const CELL_WIDTH = 8.4;
const LINE_HEIGHT = 17;
const FONT_SIZE = 14;
const BASELINE = 13;
const PADDING = 10;
const FONT = "ui-monospace,'SFMono-Regular','DejaVu Sans Mono',Menlo,Consolas,'Liberation Mono',monospace";

const DEFAULT_FOREGROUND = '#d0d7de';
const DEFAULT_BACKGROUND = '#161b22';
/** The 16 ANSI colours (a dark theme close to GitHub's); 16–255 are xterm's cube and grey ramp. */
const ANSI_16 = [
	'#484f58', '#ff7b72', '#3fb950', '#d29922', '#58a6ff', '#bc8cff', '#39c5cf', '#b1bac4',
	'#6e7681', '#ffa198', '#56d364', '#e3b341', '#79c0ff', '#d2a8ff', '#56d4dd', '#ffffff',
];

const hex = (red, green, blue) => `#${[red, green, blue].map((value) => value.toString(16).padStart(2, '0')).join('')}`;

/** A colour of xterm's 256-colour palette. */
export function paletteColour(index) {
	if (index < 16) return ANSI_16[index];
	if (index < 232) {
		const level = (value) => (value === 0 ? 0 : 55 + value * 40);
		const cube = index - 16;
		return hex(level(Math.floor(cube / 36)), level(Math.floor(cube / 6) % 6), level(cube % 6));
	}
	const grey = 8 + (index - 232) * 10;
	return hex(grey, grey, grey);
}

/** A fresh terminal of the screen's size with `bytes` written into it (resolves once xterm has parsed them). */
export async function emulate(bytes, {columns, rows}) {
	const terminal = new Terminal({cols: columns, rows, allowProposedApi: true, scrollback: 0});
	await new Promise((resolve) => terminal.write(bytes, resolve));
	return terminal;
}

/**
 * A screen capture as a terminal receives it: tmux ends every line with \n, and the last one would scroll the
 * screen up a line, so lines are joined with \r\n and the final newline dropped.
 */
export const captureToBytes = (capture) => capture.replace(/\n$/u, '').replaceAll('\n', '\r\n');

const colourOf = (cell, foreground) => {
	if (foreground ? cell.isFgRGB() : cell.isBgRGB()) {
		const value = foreground ? cell.getFgColor() : cell.getBgColor();
		return hex((value >> 16) & 255, (value >> 8) & 255, value & 255);
	}
	if (foreground ? cell.isFgPalette() : cell.isBgPalette()) return paletteColour(foreground ? cell.getFgColor() : cell.getBgColor());
	return undefined;
};

/**
 * The terminal's visible screen as plain data: per row, the cells that start a character (a wide character's
 * second cell is folded into the first), each with its text, width in cells and resolved colours and attributes.
 */
export function screenGrid(terminal) {
	const buffer = terminal.buffer.active;
	const cell = buffer.getNullCell();
	const grid = [];
	for (let y = 0; y < terminal.rows; y++) {
		const line = buffer.getLine(buffer.viewportY + y);
		const row = [];
		for (let x = 0; x < terminal.cols && line; x++) {
			line.getCell(x, cell);
			const width = cell.getWidth();
			if (width === 0) continue;
			let foreground = colourOf(cell, true) ?? DEFAULT_FOREGROUND;
			let background = colourOf(cell, false);
			if (cell.isInverse()) [foreground, background] = [background ?? DEFAULT_BACKGROUND, foreground];
			row.push({
				x,
				width,
				text: cell.isInvisible() ? ' ' : cell.getChars() || ' ',
				foreground,
				background,
				bold: Boolean(cell.isBold()),
				italic: Boolean(cell.isItalic()),
				dim: Boolean(cell.isDim()),
				underline: Boolean(cell.isUnderline()),
				strike: Boolean(cell.isStrikethrough()),
			});
		}
		grid.push(row);
	}
	return grid;
}

/** XML-escaped text; characters XML 1.0 cannot carry at all become U+FFFD. */
export const xmlEscape = (text) =>
	text
		// eslint-disable-next-line no-control-regex
		.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/gu, '\uFFFD')
		.replaceAll('&', '&amp;')
		.replaceAll('<', '&lt;')
		.replaceAll('>', '&gt;')
		.replaceAll('"', '&quot;');

const round = (value) => Math.round(value * 100) / 100;
const styleKey = (cell) => [cell.foreground, cell.bold, cell.italic, cell.dim, cell.underline, cell.strike].join(' ');

/** Shares one CSS class per text style and per background colour across every screen of a picture. */
class Styles {
	#text = new Map();
	#fills = new Map();

	text(cell) {
		const key = styleKey(cell);
		if (!this.#text.has(key)) {
			const rules = [`fill:${cell.foreground}`];
			if (cell.bold) rules.push('font-weight:bold');
			if (cell.italic) rules.push('font-style:italic');
			if (cell.dim) rules.push('opacity:.6');
			const lines = [cell.underline && 'underline', cell.strike && 'line-through'].filter(Boolean);
			if (lines.length > 0) rules.push(`text-decoration:${lines.join(' ')}`);
			this.#text.set(key, {name: `t${this.#text.size}`, rules});
		}
		return this.#text.get(key).name;
	}

	fill(colour) {
		if (!this.#fills.has(colour)) this.#fills.set(colour, `b${this.#fills.size}`);
		return this.#fills.get(colour);
	}

	css() {
		return [
			...[...this.#text.values()].map(({name, rules}) => `.${name}{${rules.join(';')}}`),
			...[...this.#fills].map(([colour, name]) => `.${name}{fill:${colour}}`),
		].join('');
	}
}

/** One screen's rectangles and texts, placed at `top` px. */
function drawScreen(grid, styles, top) {
	const parts = [];
	grid.forEach((row, y) => {
		const rowTop = top + y * LINE_HEIGHT;
		// Backgrounds: one rectangle per run of the same non-default colour.
		for (let index = 0; index < row.length; ) {
			const start = row[index];
			let end = index;
			while (end + 1 < row.length && row[end + 1].background === start.background) end++;
			const last = row[end];
			if (start.background !== undefined) {
				const width = (last.x + last.width - start.x) * CELL_WIDTH;
				parts.push(`<rect class="${styles.fill(start.background)}" x="${round(PADDING + start.x * CELL_WIDTH)}" y="${rowTop}" width="${round(width)}" height="${LINE_HEIGHT}"/>`);
			}
			index = end + 1;
		}
		// Texts: a run of same-styled, single-width cells; a wide character stands alone, stretched to its two cells.
		for (let index = 0; index < row.length; ) {
			const start = row[index];
			let end = index;
			if (start.width === 1) while (end + 1 < row.length && row[end + 1].width === 1 && styleKey(row[end + 1]) === styleKey(start)) end++;
			let cells = row.slice(index, end + 1);
			index = end + 1;
			// Blank cells at either end of a run draw nothing unless a line runs through them.
			if (!(start.underline || start.strike)) {
				const first = cells.findIndex((cell) => cell.text !== ' ');
				if (first === -1) continue;
				cells = cells.slice(first, cells.findLastIndex((cell) => cell.text !== ' ') + 1);
			}
			const shown = cells.map((cell) => cell.text).join('');
			const x = cells[0].x;
			const span = cells.reduce((sum, cell) => sum + cell.width, 0);
			// A glyph from a fallback font may be narrower or wider than the cell: pinning the run's length to its cells
			// keeps the columns after it in place. Plain ASCII is drawn in the monospace font itself.
			const length = /[^\x20-\x7E]/u.test(shown) ? ` textLength="${round(span * CELL_WIDTH)}"` : '';
			parts.push(`<text class="${styles.text(start)}" x="${round(PADDING + x * CELL_WIDTH)}" y="${rowTop + BASELINE}"${length}>${xmlEscape(shown)}</text>`);
		}
	});
	return parts.join('');
}

const frameSize = (columns, rows) => ({width: round(columns * CELL_WIDTH + 2 * PADDING), height: rows * LINE_HEIGHT + 2 * PADDING});

function document({columns, rows, title, css, body}) {
	const {width, height} = frameSize(columns, rows);
	return (
		`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${xmlEscape(title)}">` +
		`<title>${xmlEscape(title)}</title>` +
		`<style>text{font-family:${FONT};font-size:${FONT_SIZE}px;white-space:pre}${css}</style>` +
		`<rect width="100%" height="100%" rx="6" fill="${DEFAULT_BACKGROUND}"/>` +
		`<g xml:space="preserve">${body}</g></svg>\n`
	);
}

/** A still picture of one screen. */
export function gridToSvg(grid, {columns, rows, title}) {
	const styles = new Styles();
	const body = drawScreen(grid, styles, PADDING);
	return document({columns, rows, title, css: styles.css(), body});
}

/** Bytes a terminal received (a capture, see captureToBytes) as a still picture. */
export async function terminalSvg(bytes, {columns, rows, title}) {
	const terminal = await emulate(bytes, {columns, rows});
	const svg = gridToSvg(screenGrid(terminal), {columns, rows, title});
	terminal.dispose();
	return svg;
}

/**
 * An asciicast (v2) replayed through the emulator into screens: the screen at every `step` seconds, kept only when it
 * differs from the last kept one, and the final screen. Each screen carries the second it appears at.
 */
export async function castScreens(cast, step = 0.5) {
	const [headerLine, ...eventLines] = cast.trim().split('\n');
	const header = JSON.parse(headerLine);
	const events = eventLines.map((line) => JSON.parse(line)).filter(([, kind]) => kind === 'o');
	const terminal = new Terminal({cols: header.width, rows: header.height, allowProposedApi: true, scrollback: 0});
	const screens = [];
	const keep = (time) => {
		const grid = screenGrid(terminal);
		const key = JSON.stringify(grid);
		if (screens.length === 0 || screens.at(-1).key !== key) screens.push({time, grid, key});
	};
	const first = events.length > 0 ? events[0][0] : 0;
	const end = events.length > 0 ? events.at(-1)[0] : 0;
	let next = 0;
	for (let tick = first; tick <= end + step; tick += step) {
		while (next < events.length && events[next][0] <= tick) {
			const data = events[next][2];
			await new Promise((resolve) => terminal.write(data, resolve));
			next++;
		}
		keep(Math.round((tick - first) * 1000) / 1000);
	}
	terminal.dispose();
	return {columns: header.width, rows: header.height, title: header.title ?? 'terminal', screens: screens.map(({time, grid}) => ({time, grid}))};
}

/**
 * Screens as one animated picture, with no script: every screen is drawn once, stacked in a strip, and one CSS
 * animation moves the strip so that screen i shows from its time until the next one's (`hold` seconds for the last),
 * then starts again.
 */
export function animatedSvg({columns, rows, title, screens}, {hold = 3} = {}) {
	const styles = new Styles();
	const {width, height} = frameSize(columns, rows);
	const duration = screens.at(-1).time + hold;
	const percent = (time) => `${round((time / duration) * 100)}%`;
	const stops = screens.map((screen, index) => `${percent(screen.time)}{transform:translateY(${-index * height}px)}`);
	const strip = screens.map((screen, index) => drawScreen(screen.grid, styles, index * height + PADDING)).join('');
	const css = `${styles.css()}.strip{animation:play ${round(duration)}s step-end infinite}@keyframes play{${stops.join('')}100%{transform:translateY(${-(screens.length - 1) * height}px)}}`;
	// The strip is as tall as all its screens: a nested <svg> clips it to one, even where the picture is opened on
	// its own in a window larger than itself.
	return document({columns, rows, title, css, body: `<svg width="${width}" height="${height}"><g class="strip">${strip}</g></svg>`});
}
