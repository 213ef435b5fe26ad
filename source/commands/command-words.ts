/**
 * The words that name a command other than a trace, as the first word given (`digdeeper open FILE`): any other is a
 * name to trace. Read by main.tsx to choose the command, and by the bin (cli.ts) to guess, before the program loads,
 * whether this run is a trace.
 */
export const COMMAND_WORDS = ['open', 'report', 'graph', 'serve', 'diff', 'survey', 'lab'] as const;

export type CommandWord = (typeof COMMAND_WORDS)[number];

/** Every command, as the help names them: `trace` is a name traced (`digdeeper NAME`, `--lab`), the others their words. */
export const COMMANDS = ['trace', 'open', 'report', 'graph', 'serve', 'diff', 'lab', 'lab serve', 'survey', 'survey diff', 'survey merge'] as const;

export type Command = (typeof COMMANDS)[number];

export function isCommandWord(word: string | undefined): word is CommandWord {
	return (COMMAND_WORDS as readonly string[]).includes(word ?? '');
}

/**
 * Whether a run given these words will ask the registries (RDAP) over the network, as the bin can tell before the
 * program has parsed them: a trace (a name, no command word), without --no-rdap or --lab, not --help or --version.
 * A guess: one wrong costs a registries' thread started for nothing, or one started later, never a wrong trace.
 */
export function asksRegistries(words: readonly string[]): boolean {
	const end = words.indexOf('--');
	const options = end === -1 ? words : words.slice(0, end);
	if (options.some((word) => word === '--no-rdap' || word === '--rdap=false' || word === '--lab' || word === '--lab=true' || word === '--help' || word === '-h' || word === '--version')) return false;
	// The first word that is no option (a value given to one may come first: `--hints FILE NAME` is still a trace), nor
	// an @SERVER, which main.tsx sets apart before it reads the command: `@SERVER open FILE` is open's usage error, and
	// `help` is the help. Each guessed a trace, and the thread, still starting when the process ended, made its end
	// about 20 ms later.
	const first = [...options.filter((word) => !word.startsWith('-')), ...(end === -1 ? [] : words.slice(end + 1))].find((word) => !word.startsWith('@'));
	return first !== undefined && first !== 'help' && !isCommandWord(first);
}
