import {headWithin, presentedWidth} from '../../dns/presented-width.js';
import {presentText, safe, type Presented} from '../../dns/sanitize.js';

/** What follows the name on the line written before the explorer loads. */
const STARTING = safe`  ·  starting…`;

/**
 * The line written before the explorer loads, in `columns`: the name as given (escaped, not yet checked), cut at its
 * end where the terminal is narrower. Wider, it wrapped onto a second row until the first frame replaced it, and a
 * name whose characters string-width counts narrow (Devanagari conjuncts) wrapped where Ink's count said it fit.
 */
export function startingLine(title: string, columns: number | undefined): Presented {
	const whole = safe`digdeeper ${presentText(title)}${STARTING}`;
	if (columns === undefined || presentedWidth(whole) <= columns) return whole;
	const room = columns - 'digdeeper '.length - STARTING.length;
	// Fewer than a few characters of the name say nothing: the line says what is happening.
	if (room < 4) return headWithin(safe`starting…`, columns);
	return safe`digdeeper ${headWithin(presentText(title), room - 1)}…${STARTING}`;
}
