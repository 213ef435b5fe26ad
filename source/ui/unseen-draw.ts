import {renderToString} from 'ink';
import type {ReactElement} from 'react';

/**
 * Draws an element to a string that is thrown away, at the terminal's width. Ink keeps what it works out for a line of
 * text, keyed by the text alone: its width (measureText), its cut (wrapText) and, in the bundle, its styled characters
 * (scripts/ink-output-caches.mjs). A frame that later shows the same lines finds that work done, and the draw runs
 * Ink's code on them as that frame will (bench/README.md, "Session 28"). Nothing is written to the terminal; the
 * element is unmounted again before this returns.
 */
export function drawUnseen(element: ReactElement, columns: number): void {
	renderToString(element, {columns});
}
