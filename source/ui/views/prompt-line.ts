import {presentText, safe, tailOfPresented, type Presented} from '../../dns/sanitize.js';
import {wrapPresented} from '../../dns/wrap-presented.js';
import {symbol} from './symbols.js';

/**
 * A prompt's line in `columns`: what is typed and the cursor after it always in view. Too long, the hint goes, then
 * the draft's start (`…` says so): cut at its end, a long file name hid its own end and the cursor. Measured by display
 * width (a CJK name is two columns a character), and cut between characters and escapes, never inside one.
 */
export function promptLine(label: string, draft: string, columns: number, hint: string): Presented {
	const head = presentText(`${label}: `);
	const cursor = presentText(symbol('typing'));
	const typed = presentText(draft);
	const fits = (line: Presented) => wrapPresented(line, columns, {hard: true, trim: false}).length === 1;
	// Only the end of a draft longer than the line can show, and wrapping is slower than linear in the text (a break
	// test's 100 KB paste held the thread for minutes): a draft over a line's worth of characters is cut at once.
	if (typed.length <= columns) {
		const whole = safe`${head}${typed}${cursor}`;
		const hinted = safe`${whole}${presentText(hint)}`;
		if (fits(hinted)) return hinted;
		if (fits(whole)) return whole;
	}
	// No more characters than columns can fit; then one fewer at a time, until the line fits.
	for (let start = Math.max(0, typed.length - columns); ; start++) {
		const line = safe`${head}…${tailOfPresented(typed, start)}${cursor}`;
		if (fits(line) || start >= typed.length) return line;
	}
}
