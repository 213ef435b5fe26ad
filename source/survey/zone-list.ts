import {parseUserName, type Name} from '../dns/name.js';

/** A zone list read at most this big: a million zones of 64 characters each, with room for comments. */
export const MAX_ZONE_LIST_BYTES = 128 * 1024 * 1024;

/** A zone the list cannot hold, where it is: the command line (line undefined) or a line of the file. */
export class ZoneListError extends Error {}

/**
 * The zones to survey: the names on the command line, then one per line of the file (`#` starts a comment, blank lines
 * are skipped), each parsed as a trace's name is and each surveyed once, in the order first given.
 */
export function zoneList(words: readonly string[], file?: {path: string; text: string}): Name[] {
	const zones = new Set<Name>();
	const add = (text: string, where: string) => {
		try {
			zones.add(parseUserName(text).name);
		} catch (error) {
			throw new ZoneListError(`invalid zone${where}: ${(error as Error).message}`);
		}
	};
	for (const word of words) add(word, '');
	for (const [index, line] of (file?.text.split(/\r?\n/u) ?? []).entries()) {
		const text = line.replace(/#.*$/u, '').trim();
		if (text !== '') add(text, ` (${file!.path} line ${index + 1})`);
	}
	return [...zones];
}
