import {presentText, safe} from '../../dns/sanitize.js';
import {KEYMAP} from '../keymap.js';
import {heading, plain, type Line} from './lines.js';

/** The help overlay: generated from the keymap, so it cannot drift from what the keys do; two columns if too tall. */
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
	return [heading(safe`Keys`), plain(safe``), ...body, ...footer];
}
