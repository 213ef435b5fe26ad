import {presentText, safe} from '../../dns/sanitize.js';
import {KEYMAP} from '../keymap.js';
import {heading, plain, type Line} from './lines.js';
import {SYMBOLS} from './symbols.js';

/**
 * The help overlay: the keys, generated from the keymap, so it cannot drift from what the keys do (two columns if
 * too tall); then every symbol the views draw, generated from the table they take them from.
 */
export function helpLines(height = Number.POSITIVE_INFINITY): Line[] {
	const labelWidth = Math.max(...KEYMAP.map((binding) => binding.label.length)) + 2;
	const entry = (index: number): Line => {
		const binding = KEYMAP[index];
		return binding ? [{text: presentText(binding.label.padEnd(labelWidth)), bold: true}, {text: presentText(binding.description.padEnd(22))}] : [];
	};
	const footer = [plain(safe``), plain(safe`Overlays take keys first; Esc closes them. Ctrl-C always quits.`)];
	const single = KEYMAP.length + 2 + footer.length <= height;
	const rows = single ? KEYMAP.length : Math.ceil(KEYMAP.length / 2);
	const body = Array.from({length: rows}, (_, index): Line => (single ? entry(index) : [...entry(index), {text: safe`   `}, ...entry(index + rows)]));
	// The blank line under the heading gives way first, so the keys and the footer still fit the first screen (whose
	// last line says how many more follow).
	const gap = 2 + rows + footer.length <= height - 1 ? [plain(safe``)] : [];
	return [heading(safe`Keys`), ...gap, ...body, ...footer, plain(safe``), ...legendLines()];
}

/** What each symbol on the screen means, one a line. */
export function legendLines(): Line[] {
	const entries = Object.values(SYMBOLS);
	const width = Math.max(...entries.map((entry) => entry.symbol.length)) + 2;
	return [heading(safe`Symbols`), plain(safe``), ...entries.map((entry): Line => [{text: presentText(entry.symbol.padEnd(width)), bold: true}, {text: presentText(entry.meaning)}])];
}
