import wrapAnsi from 'wrap-ansi';
import {countedAsDrawn, wrapInColumns} from './presented-width.js';
import {presentedWrapper, type Presented} from './sanitize.js';

const byWrapAnsi = presentedWrapper(wrapAnsi);

/**
 * Presented text wrapped to a width (by display width, so wide characters count right), one presented text per line:
 * by wrap-ansi, or, for text whose characters string-width counts narrower than a terminal draws them or that a cut
 * between code points would split (Devanagari conjuncts, skin tones), in columns as the terminal draws them.
 */
export function wrapPresented(text: Presented, width: number, options: {hard: boolean; trim?: boolean}): Presented[] {
	return countedAsDrawn(text) ? byWrapAnsi(text, width, options) : wrapInColumns(text, width, options);
}
