import type {Command} from './command-words.js';
import {commandExitStatus} from './exit-status-help.js';
import {wrapped} from './help-wrap.js';
/*
 * `digdeeper survey --help` (or `digdeeper help survey`): the part of the help that is about one command, cut from the
 * whole help, which stays the one text of every command and option. A subcommand's help printed the whole 160 lines,
 * most of them options it refuses.
 */

/** Where an option's entry starts in the help: four spaces and its flag (a paragraph starts with a word). */
const ENTRY = /^ {4}-/u;
/** Where a usage line starts: `    $ digdeeper …`. */
const USAGE_LINE = /^ {4}\$ digdeeper /u;
/** How far a help line's own text is indented: a continuation is indented further than the line it goes on. */
const indent = (line: string) => line.length - line.trimStart().length;
/** The help's sections by their headings (two spaces, then a word at the line's start). */
function sections(help: string): Map<string, string[]> {
	const found = new Map<string, string[]>();
	let lines: string[] = [];
	for (const line of help.split('\n')) {
		if (/^ {2}\S/u.test(line)) found.set(line.trim(), (lines = []));
		else lines.push(line);
	}
	return found;
}

/**
 * The entries of a section: a line that starts one (`starts`), with every line indented further after it, up to the
 * first blank line after them (the paragraph that follows, "Flags that contradict each other…", is no entry).
 */
function entries(lines: readonly string[], starts: RegExp): string[][] {
	const found: string[][] = [];
	let entry: string[] | undefined;
	for (const line of lines) {
		if (line.trim() === '' && found.length > 0) break;
		if (starts.test(line)) found.push((entry = [line]));
		else if (entry && line.trim() !== '' && indent(line) > indent(entry[0]!)) entry.push(line);
		else entry = undefined;
	}
	return found;
}

/**
 * An option's entry as one command's help gives it: without the whole help's note of the other commands that take it
 * ("also for open, report, graph and diff"), which `open -h` read as "also for open". Wrapped again only when a note
 * was taken out, under the entry's own text column.
 */
function withoutAlsoFor(entry: string[]): string[] {
	const [first, ...rest] = entry;
	const column = rest.length > 0 ? indent(rest[0]!) : (/^ {4}\S.*? {2,}/u.exec(first!)?.[0].length ?? 0);
	const text = [first!.slice(column), ...rest.map((line) => line.trim())].join(' ');
	const shorter = text.replace(/ \(also for [^()]*\)/gu, '').replace(/; also for [^;()]*?(?=\)| \(|$)/gu, '');
	return shorter === text ? entry : wrapped(shorter, first!.slice(0, column));
}

/**
 * The help of one command: its usage lines (`words`; not those of the commands in `commands` that go on from it:
 * "survey diff" has its own), the options it takes (`flags`, each flag as every way the help spells it: `--output`
 * and `-o`, `--no-dnssec`) with their entries, and those it takes that have none, named (their usage line says them:
 * survey's `--rate`), then what its exit statuses mean (exit-status-help.ts), and where the help of those that go on
 * from it is. Undefined when the help has no usage line for the command.
 */
export function commandHelp(help: string, words: Command, flags: ReadonlyArray<readonly string[]>, commands: readonly string[]): string | undefined {
	const parts = sections(help);
	const further = commands.filter((command) => command.startsWith(`${words} `));
	const about = (line: string, command: string) => line.trimStart().startsWith(`$ digdeeper ${command} `) || line.trim() === `$ digdeeper ${command}`;
	const usage = entries(parts.get('Usage') ?? [], USAGE_LINE).filter(([line]) => about(line!, words) && !further.some((command) => about(line!, command)));
	if (usage.length === 0) return undefined;
	// An entry's flags are the words before its text: "-o, --output FILE", "-4, -6", "--no-dnssec".
	const spellings = flags.flat();
	const flagsOf = (entry: string[]) => (entry[0]!.trim().split(/ {2,}/u)[0] ?? '').split(/[ ,]+/u).filter((word) => spellings.includes(word));
	// A command's own options section (`lab serve options`) says what a flag means to it: --port is where it listens,
	// not where a trace asks.
	const own = entries(parts.get(`${words} options`) ?? [], ENTRY).filter((entry) => flagsOf(entry).length > 0);
	const ownFlags = new Set(own.flatMap(flagsOf));
	const shared = entries(parts.get('Options') ?? [], ENTRY).filter((entry) => flagsOf(entry).some((flag) => !ownFlags.has(flag)));
	const taken = [...own, ...shared.map(withoutAlsoFor)];
	const entered = new Set(taken.flatMap(flagsOf));
	const unentered = flags.filter((forms) => !forms.some((form) => entered.has(form))).map((forms) => forms[0]!);
	const out = ['', '  Usage', ...usage.flat(), ''];
	// The flags with no entry, their lines under the first flag named: `    Also takes --force, --file, …`.
	const ALSO = '    Also takes ';
	if (taken.length === 0 && unentered.length === 0) out.push(`    digdeeper ${words} takes no options.`);
	else out.push('  Options', ...taken.flat(), ...(unentered.length > 0 ? wrapped(`${unentered.join(', ')} (said in the lines above).`, ALSO) : []));
	out.push('', '  Exit status', commandExitStatus(words));
	out.push('', ...further.map((command) => `    digdeeper ${command} -h: its own help.`), '    digdeeper -h lists every command and option.', '');
	return out.join('\n');
}
