import meow, {type AnyFlags, type Options, type Result} from 'meow';

/** What a command line's flags read as: meow's result, less what main() never reads. */
export interface TypedCommandLine<Flags extends AnyFlags> {
	input: string[];
	flags: Result<Flags>['flags'];
	/** The help as meow lays it out (its description, then the text given), to print. */
	help: Result<Flags>['help'];
}

/**
 * What each flag holds when it is not typed, as meow fills it in: its default; [] for a repeatable flag without one;
 * false for a switch without one. A flag that takes a value and has no default is left out (undefined).
 */
export function untypedValues(flags: AnyFlags): Record<string, unknown> {
	return Object.fromEntries(
		Object.entries(flags).flatMap(([name, flag]): Array<[string, unknown]> => {
			if (flag.default !== undefined) return [[name, flag.default]];
			if (flag.isMultiple) return [[name, []]];
			return flag.type === 'boolean' ? [[name, false]] : [];
		}),
	);
}

/** The one-letter flags of a table (`-o`), by their letter. */
export function shortFlags(flags: AnyFlags): Record<string, string> {
	return Object.fromEntries(Object.entries(flags).flatMap(([name, flag]) => (flag.shortFlag === undefined ? [] : [[flag.shortFlag, name]])));
}

/**
 * A short flag with its value attached, as meow reads one: `-o=x.json`, `-o/tmp/x`, `-o5` (not `-ox`, which is two
 * flags): its letter and the value.
 */
export function attachedShortFlag(token: string): {letter: string; value: string} | undefined {
	const match = /^-([^-\d])(?:=(.*)|([^A-Za-z].*))$/su.exec(token);
	return match ? {letter: match[1]!, value: match[2] ?? match[3]!} : undefined;
}

/**
 * The flags typed before `--`, by meow's name for them (`--no-dnssec` is `dnssec`, `--trust-anchor` is `trustAnchor`,
 * `-o` and `-o=x` are `output`), whether the table has them or not; `--help` and `--version` are not flags of the table.
 */
export function flagNamesIn(tokens: readonly string[], flags: AnyFlags): string[] {
	const letters = shortFlags(flags);
	const end = tokens.indexOf('--');
	return (end === -1 ? tokens : tokens.slice(0, end)).flatMap((token): string[] => {
		const letter = /^-[^-\d]$/u.test(token) ? token.slice(1) : attachedShortFlag(token)?.letter;
		if (letter !== undefined) return letters[letter] === undefined ? [] : [letters[letter]!];
		if (!token.startsWith('--') || token === '--help' || token === '--version') return [];
		const name = token.slice(2).split('=')[0]!.replace(/^no-/u, '');
		return [name.replace(/-([a-z])/gu, (_, letter: string) => letter.toUpperCase())];
	});
}

/**
 * Whether meow may read a flag of the table where flagNamesIn names none: a short flag with its value attached, or a
 * group of letters (`-o=x`, `-o/x`, `-o5`, `-oo`), or a short flag just before `--`, which takes `--` for its value and
 * reads on. Such a command line is read with the whole table, as before.
 */
export function needsWholeTable(tokens: readonly string[]): boolean {
	const end = tokens.indexOf('--');
	const before = end === -1 ? tokens : tokens.slice(0, end);
	return before.some((token) => /^-[^-\d]./u.test(token)) || (end > 0 && /^-[^-\d]$/u.test(tokens[end - 1]!));
}

/**
 * meow, shown only the flags typed in `options.argv` (flagNamesIn), or all of them where it cannot tell which
 * (needsWholeTable). meow builds the parser's options, camel-cased aliases and defaults of every flag in its table on
 * every start, typed or not: with all of digdeeper's 37, meow() took 6.7 ms of a trace's start, and 4.3 with the few
 * flags a trace is given (bench/README.md, "Session 30"). The flags not typed get what meow would have given them
 * (`untypedValues`); test/commands/typed-flags.test.ts checks the two agree, flag by flag and for whole command lines.
 */
export function meowTyped<Flags extends AnyFlags>(help: string, options: Options<Flags> & {flags: Flags; argv: readonly string[]}): TypedCommandLine<Flags> {
	const typed = new Set(flagNamesIn(options.argv, options.flags));
	const shown = needsWholeTable(options.argv) ? options.flags : (Object.fromEntries(Object.entries(options.flags).filter(([name]) => typed.has(name))) as Flags);
	// Only input, flags and help are read: meow's `pkg` getter would normalise the manifest (normalize-package-data).
	const {input, flags, help: laidOut} = meow(help, {...options, flags: shown});
	return {input, flags: {...untypedValues(options.flags), ...flags} as Result<Flags>['flags'], help: laidOut};
}
