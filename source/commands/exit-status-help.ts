import type {Command} from './command-words.js';
import {wrapped} from './help-wrap.js';

/*
 * What each exit status means, command by command: the one table the help's "Exit status" is made from, whole
 * (`digdeeper -h`: every row, each said with the commands it is about) and for one command (`digdeeper diff -h`,
 * command-help.ts: its rows alone). One block for all had `graph -h` say that 0 meant "the trace finished".
 */

interface ExitRow {
	status: 0 | 1 | 2 | 130 | 141;
	/** The commands it is about; `all`: every command, said without naming them. */
	commands: readonly Command[] | 'all';
	text: string;
}

const SERVERS: readonly Command[] = ['lab serve', 'serve'];

const ROWS: readonly ExitRow[] = [
	{status: 0, commands: ['trace', 'open', 'report'], text: 'the trace finished with an answer, NXDOMAIN or NODATA'},
	{status: 0, commands: ['trace'], text: '--watch as a log (--text, --json): its rounds ran (--count of them, or until SIGTERM), whatever they found; in the explorer, q leaves with the last round\'s status'},
	{status: 0, commands: ['open'], text: "a survey's -o DIR: no zone has an error finding (a watch's -o DIR: as its newest round)"},
	{status: 0, commands: ['diff'], text: 'no change'},
	{status: 0, commands: ['survey', 'survey merge'], text: 'no zone has an error finding'},
	{status: 0, commands: ['survey diff'], text: 'no zone of the later survey has an error finding'},
	{status: 0, commands: ['graph'], text: 'the graph was written'},
	{status: 0, commands: ['lab'], text: "the lab's stories were listed"},
	{status: 0, commands: SERVERS, text: 'stopped by Ctrl-C, SIGTERM or SIGHUP (it serves until then)'},
	{status: 1, commands: ['trace'], text: 'the trace ended in failure or DNSSEC bogus, or the explorer was quit before it finished; @SERVER never answered'},
	{status: 1, commands: ['open', 'report'], text: 'the trace ended in failure or DNSSEC bogus, or was saved before it finished'},
	{status: 1, commands: ['open'], text: "a survey's -o DIR: a zone has an error finding (a watch's -o DIR: as its newest round)"},
	{status: 1, commands: ['diff'], text: 'something changed'},
	{status: 1, commands: ['survey'], text: 'a zone has an error finding (a name listed that is no zone counts as one)'},
	{status: 1, commands: ['survey merge'], text: 'a zone has an error finding'},
	{status: 1, commands: ['survey diff'], text: 'a zone of the later survey has an error finding'},
	{status: 1, commands: SERVERS, text: 'the port is in use'},
	{status: 1, commands: 'all', text: 'the command failed as it ran (a full disk, say), with one line on stderr'},
	{status: 2, commands: 'all', text: 'a usage error: what was typed, or a file it names (a snapshot, hints, trust anchors, -o FILE), cannot be used; one line on stderr'},
	{status: 130, commands: ['trace', 'open', 'report', 'graph', 'diff', 'lab', 'survey', 'survey diff', 'survey merge'], text: 'Ctrl-C'},
	{status: 130, commands: ['survey'], text: "not once its screen shows the survey finished: Ctrl-C then leaves with the survey's own status"},
	{status: 141, commands: 'all', text: 'the reader of its output went away (a closed pipe: digdeeper … | head)'},
];

/** Where a status's text starts: `    130  `. */
const TEXT_COLUMN = 9;

/** Rows as the section's lines: each row a line of its own, a status named on its first. */
function section(rows: readonly ExitRow[], say: (row: ExitRow) => string): string {
	return rows.flatMap((row, index) => wrapped(say(row), `    ${index > 0 && rows[index - 1]!.status === row.status ? '' : row.status}`.padEnd(TEXT_COLUMN))).join('\n');
}

/** The whole help's section: every row, each with the commands it is about (`diff: something changed`). */
export function wholeExitStatus(): string {
	const name = (command: Command) => (command === 'trace' ? 'a trace' : command);
	const said = (commands: readonly Command[]) => commands.map(name).join(', ').replace(/, ([^,]+)$/u, ' and $1');
	return section(ROWS, (row) => (row.commands === 'all' ? `any command: ${row.text}` : `${said(row.commands)}: ${row.text}`));
}

/** One command's section: its rows alone, without naming it. */
export function commandExitStatus(command: Command): string {
	return section(
		ROWS.filter((row) => row.commands === 'all' || row.commands.includes(command)),
		(row) => row.text,
	);
}
