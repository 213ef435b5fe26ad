import wrapAnsi from 'wrap-ansi';
import {presentedWrapper} from './sanitize.js';

/** Presented text wrapped to a width (by display width, so wide characters count right), one presented text per line. */
export const wrapPresented = presentedWrapper(wrapAnsi);
