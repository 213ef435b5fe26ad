import {COMMAND_WORDS} from './command-words.js';
import {editDistance} from './edit-distance.js';
import {UsageError} from './usage-error.js';

/** The words a mistyped one may have meant: every command, and help (a break test's `serv`, `grpah` got no hint). */
const MEANT = [...COMMAND_WORDS, 'help'];

/** A dot, or one of the full stops UTS 46 reads as one (ideographic, fullwidth, halfwidth): `例え。jp` has two labels. */
const LABEL_SEPARATOR = /[.\u3002\uFF0E\uFF61]/u;

/**
 * A name of one label with no dot (`digdeeper hepl`, `digdeeper reprot`) is refused. dig would ask for it (through
 * the search list, then as a top-level domain), but here it is far more often a mistyped command than a TLD, and
 * tracing it would send every question to the real root servers for nothing. A TLD is traced when it is written as
 * one, with its dot (`digdeeper hepl.`), so nothing is lost; the refusal says so, and names the command meant.
 */
export function loneWordRefusal(name: string): UsageError | undefined {
	if (LABEL_SEPARATOR.test(name)) return undefined;
	// Only a word after `--` gets here starting with a dash: an option there is a name, and `-h` no domain name.
	if (name.startsWith('-')) return new UsageError(`${name} is not a domain name: after --, every word is a name or a type, never an option`);
	// An empty word (`--lab ''`): "type ." would trace the root.
	if (name === '') return new UsageError('no domain name given: an empty word is no name');
	const meant = closestCommand(name.toLowerCase());
	return new UsageError(`${name} is neither a command nor a name with a dot${meant ? ` (did you mean ${meant}?)` : ''}; to trace the top-level domain, type ${name}.`);
}

/** The command within two edits (a letter added, dropped, changed, or two swapped), if any: what a typo leaves. */
function closestCommand(word: string): string | undefined {
	const scored = MEANT.map((command) => ({command, distance: editDistance(word, command)}));
	const best = scored.filter(({distance}) => distance > 0 && distance <= 2).sort((a, b) => a.distance - b.distance)[0];
	return best?.command;
}
