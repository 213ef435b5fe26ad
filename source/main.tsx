import type {Family} from './dns/address.js';
import type {PrepareHow, TraceRequest} from './commands/trace-command.js';
import type {SurveyRequest} from './commands/survey-command.js';
import type {ValidationTime} from './commands/validation-time.js';
import type {WatchRequest} from './commands/watch-command.js';
import {isIPv4, isIPv6} from 'node:net';
import {type Command, isCommandWord} from './commands/command-words.js';
import {exitStatus, INTERRUPTED_STATUS} from './commands/exit-status.js';
import {flagConflict} from './commands/flag-conflicts.js';
import {loneWordRefusal} from './commands/lone-word.js';
import {FLAGS} from './commands/flag-table.js';
import {flagNamesIn, meowTyped, shortFlags} from './commands/typed-flags.js';
import {RunFailure} from './commands/run-failure.js';
import {UsageError} from './commands/usage-error.js';
import {deferStandardStreams, writeStandard} from './files/standard-streams.js';
import {endAsHungUp, isGoneTerminal, markHungUp, terminalHungUp} from './commands/hang-up.js';
import {TOOL, versionLine} from './version.js';
import {isInteractive} from './ui/interactive.js';
import {isatty} from 'node:tty';
import {parseInterval} from './watch/watch-loop.js';

/*
 * A reader that stops early (`digdeeper … --json | head -c 10`) closes the pipe. dig and git are killed by SIGPIPE
 * then, which the shell reports as 128 + 13 = 141; Node ignores SIGPIPE and raises EPIPE on the next write instead,
 * as an uncaught 'error' with a stack trace. Leave the same way dig does: quietly, with 141, so `set -o pipefail`
 * scripts see what they would with dig.
 */
const SIGPIPE_STATUS = 141;
deferStandardStreams((error, name) => {
	// Standard error holds notes and the error line: when it cannot be written, there is nowhere left to say so, and
	// the command's output and status stand (a full one had lost a trace's output behind a note, and made a usage
	// error's status 2 a 1).
	if (name === 'stderr') return;
	if (error.code === 'EPIPE') process.exit(SIGPIPE_STATUS);
	// The terminal has gone (commands/hang-up.ts): nobody is left to read this, or the error it would be.
	if (isGoneTerminal(error, name === 'stdout' ? 1 : 2)) return;
	// A full disk or a closed descriptor (an errno) is where the output goes, not a bug: one line, status 1.
	if (error.code === undefined) throw error;
	throw new RunFailure(`cannot write standard ${name === 'stdout' ? 'output' : 'error'}: ${error.code}`);
}, (thrown) => void ended(thrown).then(() => process.exit()));

/** Where the whole help's exit statuses go: made from their table (exit-status-help.ts) when the help is printed, not at every start. */
const EXIT_STATUS_HERE = '    (what each exit status means)';

const HELP = `
  Usage
    $ digdeeper <name> [type]          trace a name: every server, every
                                       address, every zone cut
    $ digdeeper <name> [type] @SERVER  the same, with the root's servers asked
                                       of SERVER (as dig +trace @SERVER)
    $ digdeeper --lab <name> [type]    trace through the built-in lab (no
                                       network needed)
    $ digdeeper --lab                  pick a lab story to trace (in a terminal;
                                       else lists them)
    $ digdeeper lab                    list the lab's stories (real outages,
                                       simulated)
    $ digdeeper lab serve              serve the lab on loopback for dig, drill
                                       and delv
    $ digdeeper open FILE              read a snapshot (validated, re-decoded,
                                       re-analysed), no network; a survey's
                                       -o DIR: its zones' list again; a
                                       watch's -o DIR: its newest round
    $ digdeeper report FILE            a summary to paste into a ticket
                                       (--format markdown|text), or a page
                                       to send (--format html -o PAGE.html:
                                       one offline file, the trace in it)
    $ digdeeper serve FILE             serve a snapshot's recorded responses
                                       on loopback (127.78.x.y), for dig,
                                       drill, delv and digdeeper to replay
                                       (--port N, default 5301; --dir DIR)
    $ digdeeper graph FILE             the delegation graph, as DNSViz draws
                                       one (--format svg|dot, default svg;
                                       -o OUT, --force to replace it)
    $ digdeeper diff A.json B.json     what changed between two traces of the
                                       same name: in the explorer (changes
                                       marked Δ, D lists them), or as text
                                       (--text) or data (--json)
    $ digdeeper survey ZONE… | --file FILE
                                       judge many zones as a trace of ZONE SOA
                                       judges one: one line per zone as it
                                       finishes (--json: NDJSON), -o DIR keeps
                                       each zone's snapshot as DIR/ZONE.json;
                                       --concurrency N queries in flight
                                       (default 256), --rate N per second per
                                       server address (default 20), every
                                       message counted; exit 1 when a zone
                                       has an error finding (one listed that
                                       is no zone is one); --tlds: every TLD
                                       of the root, from its validated NSEC
                                       chain; --at TIME as for a trace;
                                       --report the morning mail (--format;
                                       html with -o DIR: DIR/report.html),
                                       --since PREVIOUS (NDJSON or DIR) what
                                       changed; --shard K/N one part of the
                                       list (docs/survey.md)
    $ digdeeper survey diff A B        two surveys compared (--text, --json)
    $ digdeeper survey merge PART…     a sharded survey's parts as one NDJSON
    $ digdeeper help [COMMAND]         this help (also -h, --help), or one
                                       command's (digdeeper survey -h)

    A name is traced as given, with or without its final dot, except a single
    word: a top-level domain is written with its dot (digdeeper com.), so a
    mistyped command is never traced from the real root. After --, every word
    is a name or a type, never an option.

  Options
    --text              plain text (the default when stdout is not a terminal)
    --json              the snapshot (versioned JSON) on stdout
    -o, --output FILE   also write the snapshot to FILE (atomically; --force to
                        replace a file); with --watch, a directory that keeps
                        every trace's snapshot; with --report --format html,
                        the page (which carries the snapshot)
    --hints FILE        root hints in named.root format (default: IANA's, built
                        in)
    --trust-anchor FILE DNSSEC trust anchors (default: IANA's root keys): DS or
                        DNSKEY records (zone-file lines, dnssec-keygen .key,
                        dnssec-dsfromkey .ds) or BIND trust-anchors/
                        managed-keys/trusted-keys { }; give it again for more
                        files; with --lab it replaces the lab's root key
    --at TIME           judge signatures as of TIME (2026-12-01T00:00:00Z,
                        2026-12-01, or +7d/-1d from the trace's time) instead of
                        when the trace was taken; also for open, report, graph
                        and diff
    --port N            query every server on port N (default 53)
    -4, -6              IPv4 or IPv6 only
    --timeout MS        time-out per attempt, ms (default 1500; 10 to 60000)
    --retries N         further UDP attempts after a time-out, then one over TCP
                        (default 1, at most 10)
    --no-dnssec         no DO bit, no DNSKEY or DS questions
    --no-rdap           do not ask the domain's registry for its registration
                        status (RDAP; asked by default: docs/rdap.md)
    --rdap-bootstrap F  the RDAP bootstrap file (RFC 9224) to find registries'
                        servers in (default: IANA's, built in, refreshed daily)
    --expiry-warning D  report signatures that expire within D days (default 3,
                        at most 366)
    --report            print a report (see digdeeper report) instead of the
                        text trace (--format markdown|text|html)
    --lab               use the lab instead of the internet
    --watch [INTERVAL]  re-trace every INTERVAL (default 30s; 10s, 2m, 1h…; 1s
                        to 24h) and show what changes, as a timeline in the UI,
                        or one line per change with --text (one JSON object per
                        line with --json), each with the round's DNSSEC verdict
    --count N           watch: stop after N traces (at most 1000000)
    --quiet             watch: no terminal bell when something changes
    --latency-scale X   lab only: multiply server latencies (default 1; 0 for
                        instant; at most 100)
    --lab-tlds N        lab only: a generated root of N TLDs (1 to 5000) shaped
                        like the real one, some of them broken, instead of the
                        stories (also for lab serve)
    --lab-seed S        with --lab-tlds: another generated root (default 16)
    --resolvers LIST    after the trace, ask recursive resolvers the question
                        (RD=1, DO=1) and compare with the servers: system
                        (/etc/resolv.conf; with --lab, the lab's), public
                        (Google, Cloudflare, Quad9, OpenDNS), ADDR[#PORT];
                        comma-separated (docs/resolvers.md)
    --what-if CHANGE    show the trace as it would be with CHANGE, never as
                        measured (repeatable; also for open and report):
                        "down NAME|ADDRESS", "zone-down ZONE", "ds-remove ZONE",
                        "ds-replace ZONE 'TAG ALG TYPE DIGEST'", "ns-remove ZONE
                        NS", "ns-add ZONE NS ADDRESS", "clock +30d|TIME"
                        (docs/what-if.md)
    -t TYPE             the type to ask for (as dig's -t; or give it after the
                        name)
    -p PORT             the same as --port
    --step              step through the resolution one query at a time, for
                        a learner: in the explorer (s), or with --text a
                        numbered transcript; also for open FILE
                        (docs/step-through.md)
    -v, -V, --version   digdeeper's version, with Node's and dns-packet's

    Flags that contradict each other are refused, not one of them picked: -4
    with -6; more than one of --json, --text and --report; --no-dnssec with
    --trust-anchor, --at or --expiry-warning; --no-rdap with
    --rdap-bootstrap; --lab with --hints, --port or @SERVER; --hints with
    @SERVER; --latency-scale or --lab-tlds without --lab; --lab-seed without
    --lab-tlds; --format without --report; --count or --quiet without
    --watch; --force without --output or with --watch; an option with a value
    given twice (but --trust-anchor and --what-if).

  lab serve options
    --address A         print commands for this server address (default: the
                        first root)
    --port N            listen on port N (default 5300)
    --dir DIR           write the hints file here (default: a new temporary
                        directory)

  serve options
    --port N            listen on port N (default 5301)
    --dir DIR           write the root hints, trust anchors and unbound.conf
                        here, and keep them (default: a new temporary
                        directory, removed at exit)

  diff options
    --json              what changed, as JSON on stdout: the two traces' start
                        times and every change

  survey options
    --json              one JSON object per zone as it finishes, then the
                        survey's summary (NDJSON) on stdout
    -o, --output DIR    a directory: each zone's snapshot as DIR/ZONE.json,
                        and the survey as DIR/survey.ndjson (digdeeper open
                        DIR reads it again); with --report --format html, the
                        page as DIR/report.html; --force to replace them

  survey diff options
    --json              the comparison as one JSON object on stdout

  Exit status
${EXIT_STATUS_HERE}

  Examples
    $ digdeeper --lab www.puri.sm
    $ digdeeper --lab big.example.org TXT --text
    $ digdeeper example.com MX --json -o example.json
    $ digdeeper --lab www.puri.sm --watch 5s --text
`;

/** --watch takes an optional interval, which meow cannot express: a bare --watch gets the default here. */
const DEFAULT_WATCH = '30s';

/** What a bare `digdeeper` prints on stderr: not the whole help, which is one -h away. */
const USAGE = `Usage: digdeeper [options] NAME [TYPE] [@SERVER]  trace NAME, asking every
                                                  server at every zone cut
       digdeeper --lab [NAME [TYPE]]              the built-in lab: no network
       digdeeper open FILE | report FILE | diff A.json B.json | lab [serve]
digdeeper -h lists every option.
`;

/** dig's and drill's one-letter options, spelled out before meow sees them (meow reads only letters as short flags). */
const SPELLED_OUT: Record<string, string> = {'-4': '--ipv4', '-6': '--ipv6', '-h': '--help', '-v': '--version', '-V': '--version', '-t': '--type', '-p': '--port'};

/*
 * Short options are spelled out before meow sees them (SPELLED_OUT); --watch takes an optional interval, which
 * meow cannot express: "--watch 10s" becomes --watch=10s, a bare --watch the default. What follows --watch is its
 * interval when it looks like one (a number, maybe with a unit: 10x is a mistyped interval, not a name to trace), or
 * when it is a word with no dot that is not an option or @SERVER ("--watch abc": a mistyped interval, not a name).
 * "--at -1d" would be read as flags -1 and -d: it becomes --at=-1d.
 */
const args = process.argv.slice(2);
const looksLikeInterval = (arg: string | undefined) => arg !== undefined && (/^\d+(?:\.\d+)?[a-z]*$/iu.test(arg) || (arg !== '' && !arg.includes('.') && !arg.startsWith('-') && !arg.startsWith('@')));
const argv: string[] = [];
// After `--` every word is a name or a type, never an option: `digdeeper -- -h` asks about a name `-h`, not for help.
const optionsEnd = args.indexOf('--');
for (const [index, arg] of args.entries()) {
	if (optionsEnd !== -1 && index >= optionsEnd) argv.push(arg);
	else if (args[index - 1] === '--watch' && looksLikeInterval(arg)) continue;
	else if (args[index - 1] === '--at' && /^-\d/u.test(arg)) continue;
	else if (arg === '--at' && /^-\d/u.test(args[index + 1] ?? '')) argv.push(`--at=${args[index + 1]}`);
	else if (arg === '--watch') argv.push(`--watch=${looksLikeInterval(args[index + 1]) ? args[index + 1] : DEFAULT_WATCH}`);
	// -o with its value attached, as getopt reads it: `-ox`, `-otrace.json`, `-o=x`, `-o/tmp/x`. meow would read a letter
	// after -o as another flag (`-ox` is -o -x, and -o was dropped without a word; `-oo` threw with a stack trace).
	else if (/^-o./su.test(arg)) argv.push(`--output=${arg.slice(arg[2] === '=' ? 3 : 2)}`);
	else argv.push(SPELLED_OUT[arg] ?? arg);
}

/** The one-letter flags meow is told of (the rest are spelled out first: SPELLED_OUT). */
const SHORT_FLAGS = shortFlags(FLAGS) as Record<string, FlagName>;

/** A flag that takes a value, given twice (`--port 5 --port 6`, `-o a -o=b`): meow would throw with a stack trace; main() names it. */
const repeated = (Object.keys(FLAGS) as (keyof typeof FLAGS)[]).find((flag) => {
	const {type} = FLAGS[flag];
	if (type === 'boolean' || 'isMultiple' in FLAGS[flag]) return false;
	const text = spelledOut(flag);
	const short = 'shortFlag' in FLAGS[flag] ? `-${(FLAGS[flag] as {shortFlag: string}).shortFlag}` : undefined;
	const optionWords = optionsEnd === -1 ? argv : argv.slice(0, argv.indexOf('--'));
	// `--no-port` too: meow reads it as a second setting of the flag (main() then names it as an unknown option).
	return optionWords.filter((token) => token === text || token.startsWith(`${text}=`) || token === short || token === `--no-${text.slice(2)}`).length > 1;
});

const cli = meowTyped(
	HELP,
	{
		importMeta: import.meta,
		// The manifest is already read (version.ts): meow need not search the directories above for it again.
		pkg: {name: TOOL.name, version: TOOL.version},
		argv: repeated === undefined ? argv : [],
		// --version says more than meow would (Node's and dns-packet's versions): main() answers it.
		autoVersion: false,
		// --help too: meow prints it with console.log, which drops a write's error (a full disk), and exits 0.
		autoHelp: false,
		// Unknown flags are refused by main() instead: meow would print one raw, escape sequences and all.
		allowUnknownFlags: true,
		flags: FLAGS,
	},
);

type FlagName = keyof typeof FLAGS;

/** The flags each command takes: any other given to it is a usage error, not silently ignored. */
const FLAGS_OF: Record<Command, FlagName[]> = {
	trace: ['text', 'json', 'output', 'force', 'hints', 'trustAnchor', 'port', 'ipv4', 'ipv6', 'timeout', 'retries', 'dnssec', 'expiryWarning', 'lab', 'latencyScale', 'labTlds', 'labSeed', 'report', 'format', 'watch', 'count', 'quiet', 'at', 'type', 'resolvers', 'rdap', 'rdapBootstrap', 'step', 'whatIf'],
	open: ['text', 'json', 'at', 'step', 'whatIf'],
	report: ['format', 'at', 'output', 'force', 'whatIf'],
	graph: ['format', 'output', 'force', 'at'],
	serve: ['port', 'dir'],
	diff: ['text', 'json', 'at'],
	lab: [],
	'lab serve': ['address', 'port', 'latencyScale', 'dir', 'labTlds', 'labSeed'],
	survey: ['text', 'json', 'output', 'force', 'hints', 'trustAnchor', 'port', 'ipv4', 'ipv6', 'timeout', 'retries', 'dnssec', 'expiryWarning', 'lab', 'latencyScale', 'labTlds', 'labSeed', 'file', 'concurrency', 'rate', 'shard', 'since', 'report', 'format', 'tlds', 'at'],
	'survey diff': ['text', 'json'],
	'survey merge': [],
};

/** The flags on the command line, by meow's name for them (`--no-dnssec` is `dnssec`, `-o` is `output`). */
function givenFlags(tokens: string[]): FlagName[] {
	return flagNamesIn(tokens, FLAGS) as FlagName[];
}

/** A flag typed that digdeeper does not have (a negative number is a value, `-` alone names standard input). */
function unknownFlag(tokens: string[]): string | undefined {
	const end = tokens.indexOf('--');
	return (end === -1 ? tokens : tokens.slice(0, end)).find((token) => {
		// A negative number is a value; `-4o` or `-4tMX` is letters grouped after -4, which meow would read apart.
		if (!token.startsWith('-') || token === '-' || /^-\d+(?:\.\d+)?$/u.test(token)) return false;
		if (!token.startsWith('--')) return SHORT_FLAGS[token.slice(1, 2)] === undefined;
		const spelled = token.slice(2).split('=')[0]!;
		const name = spelled.replace(/^no-/u, '').replace(/-([a-z])/gu, (_, letter: string) => letter.toUpperCase());
		// meow negates any switch (`--no-lab` undoes --lab, and the trace goes to the real root): only the two the help
		// lists are flags; any other `--no-` is a typo to name.
		if (spelled.startsWith('no-') && TYPED_AS[name as FlagName] !== `--${spelled}`) return true;
		return !Object.values(FLAGS_OF).some((flags) => flags.includes(name as FlagName)) && name !== 'help' && name !== 'version';
	});
}

/** The flags whose usual spelling is not `--` and their name: `-t TYPE`, and `--no-dnssec`, the only way `dnssec` is given. */
const TYPED_AS: Partial<Record<FlagName, string>> = {type: '-t', dnssec: '--no-dnssec', rdap: '--no-rdap'};

/** A flag as typed: its usual spelling (`-t`, `--no-dnssec`), else spelled out. */
const flagText = (flag: FlagName) => TYPED_AS[flag] ?? spelledOut(flag);

/** Every way the help spells a flag: `--output` and `-o`, `--ipv4` and `-4`, `-t`, `--no-dnssec`. */
function typedForms(flag: FlagName): string[] {
	const short = 'shortFlag' in FLAGS[flag] ? [`-${(FLAGS[flag] as {shortFlag: string}).shortFlag}`] : [];
	const spelledShort = Object.entries(SPELLED_OUT).flatMap(([typed, spelled]) => (spelled === spelledOut(flag) ? [typed] : []));
	return [flagText(flag), spelledOut(flag), ...short, ...spelledShort];
}

/** A flag's name spelled out as an option: `latencyScale` is `--latency-scale`. */
function spelledOut(flag: string): string {
	return `--${flag.replace(/[A-Z]/gu, (letter) => `-${letter.toLowerCase()}`)}`;
}

/**
 * A switch is given bare (`--lab`, `--no-dnssec`) or as `--X=true|false`. meow reads any other value as off
 * (`--dnssec=on` turned DNSSEC off, `--lab=yes` traced the real root), drops `--no-dnssec=true` without a word, and
 * keeps the last of two settings (`--dnssec --no-dnssec`), when which one was meant is not known: each is refused.
 */
function checkSwitches(words: readonly string[]): void {
	const negatable = (Object.keys(TYPED_AS) as FlagName[]).filter((flag) => TYPED_AS[flag]!.startsWith('--no-'));
	const valued = negatable.find((flag) => words.some((word) => word.startsWith(`${TYPED_AS[flag]!}=`)));
	if (valued !== undefined) throw new UsageError(`${flagText(valued)} takes no value`);
	const odd = (Object.keys(FLAGS) as FlagName[]).find((flag) => FLAGS[flag].type === 'boolean' && words.some((word) => word.startsWith(`${spelledOut(flag)}=`) && word !== `${spelledOut(flag)}=true` && word !== `${spelledOut(flag)}=false`));
	if (odd !== undefined) throw new UsageError(`${spelledOut(odd)} takes no value${negatable.includes(odd) ? `: give ${spelledOut(odd)} or ${flagText(odd)}` : ''}`);
	// What each word sets a switch to: --X and --X=true on, --X=false and --no-X off (`--lab --lab=false` traced the
	// real root).
	const settings = (flag: FlagName) => new Set(words.flatMap((word) => (word === spelledOut(flag) ? [true] : word.startsWith(`${spelledOut(flag)}=`) ? [word.endsWith('=true')] : word === TYPED_AS[flag] ? [false] : [])));
	const contradicted = (Object.keys(FLAGS) as FlagName[]).find((flag) => FLAGS[flag].type === 'boolean' && settings(flag).size > 1);
	if (contradicted !== undefined) throw new UsageError(negatable.includes(contradicted) ? `${spelledOut(contradicted)} and ${flagText(contradicted)} are both given: give one` : `${spelledOut(contradicted)} is given both on and off: give it once`);
}

function commandOf(first: string | undefined, second: string | undefined): Command {
	if (first === 'lab') return second === 'serve' ? 'lab serve' : 'lab';
	// A zone named diff or merge is surveyed with its dot: `digdeeper survey diff.`.
	if (first === 'survey' && (second === 'diff' || second === 'merge')) return `survey ${second}`;
	return isCommandWord(first) ? first : 'trace';
}

/** The words before `--`: after it every word is a name, even `--version`. */
function givenOptions(tokens: string[]): string[] {
	const end = tokens.indexOf('--');
	return end === -1 ? tokens : tokens.slice(0, end);
}

/** The text typed after a flag (`--port=abc`, `--port abc`, `-o file`; `-o=file` is `--output=file` by now): the last one, which is the one meow keeps. */
function typedValue(tokens: string[], flag: FlagName): string | undefined {
	const options = givenOptions(tokens);
	const text = spelledOut(flag);
	const short = Object.keys(SHORT_FLAGS).find((letter) => SHORT_FLAGS[letter] === flag);
	let value: string | undefined;
	for (const [index, token] of options.entries()) {
		if (token.startsWith(`${text}=`)) value = token.slice(text.length + 1);
		else if (token === text || (short !== undefined && token === `-${short}`)) value = options[index + 1];
	}
	return value;
}

async function main(): Promise<number> {
	const stdout = (text: string) => writeStandard('stdout', text);
	if (givenOptions(argv).includes('--version')) {
		stdout(`${versionLine()}\n`);
		return 0;
	}
	// `@SERVER` as dig takes it, anywhere among the words: the server the root's name servers are asked of.
	const servers = cli.input.filter((word) => word.startsWith('@'));
	const [first, second, ...rest] = cli.input.filter((word) => !word.startsWith('@'));
	// -h anywhere is a request for help, as in dig: never a trace of the words around it. After a command's word
	// (`survey -h`, `help survey`), the help of that command.
	const helpOf = givenOptions(argv).includes('--help') ? [first, second] : first === 'help' ? [second, rest[0]] : undefined;
	if (helpOf) {
		const words = isCommandWord(helpOf[0]) ? commandOf(helpOf[0], helpOf[1]) : undefined;
		// Loaded only here: it wraps with wrap-ansi, which a trace's start need not load.
		const text = words === undefined ? undefined : (await import('./commands/command-help.js')).commandHelp(HELP, words, FLAGS_OF[words].map(typedForms), Object.keys(FLAGS_OF));
		stdout(text ?? `${cli.help.replace(EXIT_STATUS_HERE, (await import('./commands/exit-status-help.js')).wholeExitStatus())}\n`);
		return 0;
	}
	// Before the usage: meow takes the name after an unknown option for its value, leaving no name to trace.
	const unknown = unknownFlag(argv);
	if (unknown !== undefined) throw new UsageError(`unknown option ${unknown} (digdeeper -h lists them)`);
	if (repeated !== undefined) throw new UsageError(`${flagText(repeated)} is given twice: give it once`);
	const command = commandOf(first, second);
	const stray = givenFlags(argv).find((flag) => !FLAGS_OF[command].includes(flag));
	if (stray) {
		const takes = FLAGS_OF[command].map(flagText).join(', ');
		throw new UsageError(`${flagText(stray)} does not apply to ${command === 'trace' ? 'a trace' : `digdeeper ${command}`}${takes ? ` (it takes ${takes})` : ''}`);
	}
	// After the flags' command: a switch the command does not take is named as such, not as given both ways.
	checkSwitches(optionsEnd === -1 ? argv : argv.slice(0, argv.indexOf('--')));
	// Every flag that is not a switch in the table takes a value. meow drops a missing one without a word (a bare
	// --hints would trace from the built-in root) and turns text that is not a number into NaN: the text typed is what
	// to show. Before the usage: `digdeeper -t` is missing -t's value, whether or not a name was given.
	for (const flag of givenFlags(argv).filter((given) => FLAGS[given as keyof typeof FLAGS].type !== 'boolean')) {
		const typed = typedValue(argv, flag);
		if (typed === undefined || typed === '' || typed.startsWith('--')) throw new UsageError(`${flagText(flag)} needs a value`);
		if (Number.isNaN(cli.flags[flag])) throw new UsageError(`invalid ${flagText(flag)}: ${typed} (not a number)`);
	}
	if (first === undefined && !cli.flags.lab) {
		process.stderr.write(USAGE);
		return 2;
	}
	if (servers.length > 0 && command !== 'trace') throw new UsageError(`${servers[0]} does not apply to digdeeper ${command}: @SERVER is where a trace's root servers are asked of`);
	if (servers.length > 1) throw new UsageError(`${servers[1]}: give one @SERVER`);
	const given = new Set<string>(givenFlags(argv));
	const conflict = flagConflict({has: (flag) => (flag === 'noDnssec' ? !cli.flags.dnssec : flag === 'noRdap' ? !cli.flags.rdap : given.has(flag)), command});
	if (conflict !== undefined) throw new UsageError(conflict);
	// `-o -` is standard output, as for curl: where a report or a graph goes without -o anyway. A snapshot (--json
	// prints one) and a survey's directory have no such place; a file named "-" is never what was meant.
	if (cli.flags.output === '-') {
		if (!(command === 'report' || command === 'graph' || (command === 'trace' && cli.flags.report))) throw new UsageError(`-o -: ${command === 'survey' ? "a survey's -o is a directory" : 'a snapshot is written to a file (--json prints it instead)'}`);
	}
	const server = servers[0]?.slice(1);
	// An address of a family not asked is a contradiction on the command line, like -4 with -6.
	if (server !== undefined && ((cli.flags.ipv4 && isIPv6(server)) || (cli.flags.ipv6 && isIPv4(server)))) throw new UsageError(`@${server} is an IPv${isIPv6(server) ? 6 : 4} address, and only IPv${cli.flags.ipv4 ? 4 : 6} is asked`);
	const interactive = isInteractive(cli.flags);
	const at = cli.flags.at === undefined ? undefined : (await import('./commands/validation-time.js')).parseValidationTime(cli.flags.at);

	switch (command) {
		case 'lab':
			if (second !== undefined) throw unknownLabCommand([second, ...rest]);
			stdout((await import('./commands/lab-command.js')).renderLabList());
			return 0;
		case 'lab serve': {
			if (rest.length > 0) throw unknownLabCommand([second!, ...rest]);
			const controller = stoppedBySignals();
			await (await import('./commands/lab-command.js')).runLabServe({address: cli.flags.address, port: cli.flags.port ?? 5300, latencyScale: cli.flags.latencyScale, dir: cli.flags.dir, ...labTlds()}, {stdout, signal: controller.signal});
			return 0;
		}
		case 'open':
			if (second === undefined || rest.length > 0) throw new UsageError("open takes one snapshot file, or a survey's or a watch's directory: digdeeper open FILE|DIR");
			return (await import('./commands/open-command.js')).runOpen(second, {json: cli.flags.json, interactive, step: cli.flags.step, ...(at ? {at} : {}), ...whatIf()}, {stdout, ...terminalColumns()});
		case 'report': {
			if (second === undefined || rest.length > 0) throw new UsageError('report takes one snapshot file: digdeeper report FILE');
			const {parseTraceReportFormat, runReport} = await import('./commands/report-command.js');
			return runReport(second, {format: parseTraceReportFormat(cli.flags.format), ...(at ? {at} : {}), ...whatIf(), ...(outputFlag() ? {output: outputFlag()} : {}), force: cli.flags.force}, {stdout});
		}
		case 'graph': {
			if (second === undefined || rest.length > 0) throw new UsageError('graph takes one snapshot file: digdeeper graph FILE');
			const {parseGraphFormat, runGraph} = await import('./commands/graph-command.js');
			// --format's default is the report's: the graph's own is svg.
			const format = parseGraphFormat(given.has('format') ? cli.flags.format : 'svg');
			return runGraph(second, {format, ...(outputFlag() === undefined ? {} : {output: outputFlag()}), force: cli.flags.force, ...(at ? {at} : {})}, {stdout});
		}
		case 'serve': {
			if (second === undefined || rest.length > 0) throw new UsageError('serve takes one snapshot file: digdeeper serve FILE [--port N] [--dir DIR]');
			const controller = stoppedBySignals();
			await (await import('./commands/serve-command.js')).runServe({file: second, port: cli.flags.port ?? 5301, ...(cli.flags.dir === undefined ? {} : {dir: cli.flags.dir})}, {stdout, signal: controller.signal});
			return 0;
		}
		case 'diff':
			if (second === undefined || rest.length !== 1) throw new UsageError('diff takes two snapshot files: digdeeper diff A.json B.json');
			return (await import('./commands/diff-command.js')).runDiff([second, rest[0]!], {json: cli.flags.json, interactive, ...(at ? {at} : {})}, {stdout});
		case 'survey':
			return survey(second === undefined ? [] : [second, ...rest], interactive, stdout, at);
		case 'survey diff':
			if (rest.length !== 2) throw new UsageError('survey diff takes two surveys: digdeeper survey diff PREVIOUS CURRENT (each NDJSON or -o DIR)');
			return (await import('./commands/survey-files-command.js')).runSurveyDiff([rest[0]!, rest[1]!], {json: cli.flags.json}, {stdout});
		case 'survey merge':
			if (rest.length === 0) throw new UsageError('survey merge takes the parts of a sharded survey: digdeeper survey merge PART…');
			return (await import('./commands/survey-files-command.js')).runSurveyMerge(rest, {stdout});
		case 'trace':
			return trace(first, second, rest, server, interactive, stdout, at);
	}
}

/** --lab-tlds (and --lab-seed) as a trace and lab serve take them. */
function labTlds(): {labTlds?: {tlds: number; seed?: number}} {
	return cli.flags.labTlds === undefined ? {} : {labTlds: {tlds: cli.flags.labTlds, ...(cli.flags.labSeed === undefined ? {} : {seed: cli.flags.labSeed})}};
}

/** `digdeeper survey`: the zones typed and --file's; in a terminal, a progress bar and then the survey's explorer. */
async function survey(zones: string[], interactive: boolean, stdout: (text: string) => void, at: ValidationTime | undefined): Promise<number> {
	const {runSurvey} = await import('./commands/survey-command.js');
	const {removeTemporaryFiles} = await import('./commands/survey-record-file.js');
	// The morning mail is text wherever it is asked for: a terminal gets it too, not the explorer.
	const explorer = interactive && !cli.flags.report ? await import('./commands/survey-explore.js') : undefined;
	// The explorer reads Ctrl-C as a key; once it closes, walks still out (a dead server's time-outs) are not waited for.
	if (!explorer) {
		process.once('SIGINT', () => process.exit(INTERRUPTED_STATUS));
		// A kill or a closed terminal ends it by the signal itself (128 + the signal), its unfinished record removed first.
		for (const signal of ['SIGTERM', 'SIGHUP'] as const) process.once(signal, () => {
			removeTemporaryFiles();
			process.kill(process.pid, signal);
		});
	}
	const run = explorer ? async (request: SurveyRequest) => leaveNow(await explorer.exploreSurvey(request)) : (request: SurveyRequest) => runSurvey(request, {stdout});
	return run(
		{
			zones,
			...(cli.flags.file === undefined ? {} : {file: cli.flags.file}),
			...(outputFlag() === undefined ? {} : {outputDir: outputFlag()}),
			...(cli.flags.concurrency === undefined ? {} : {concurrency: cli.flags.concurrency}),
			...(cli.flags.rate === undefined ? {} : {rate: cli.flags.rate}),
			...(cli.flags.shard === undefined ? {} : {shard: cli.flags.shard}),
			...(cli.flags.since === undefined ? {} : {since: cli.flags.since}),
			...(cli.flags.report ? {report: (await import('./commands/report-command.js')).parseTraceReportFormat(cli.flags.format)} : {}),
			...(cli.flags.tlds ? {tlds: true} : {}),
			...(at ? {at} : {}),
			lab: cli.flags.lab,
			json: cli.flags.json,
			force: cli.flags.force,
			...(cli.flags.hints ? {hints: cli.flags.hints} : {}),
			...(cli.flags.trustAnchor && cli.flags.trustAnchor.length > 0 ? {trustAnchors: cli.flags.trustAnchor} : {}),
			port: cli.flags.port ?? 53,
			families: cli.flags.ipv4 && !cli.flags.ipv6 ? [4] : cli.flags.ipv6 && !cli.flags.ipv4 ? [6] : [4, 6],
			timeoutMs: cli.flags.timeout,
			retries: cli.flags.retries,
			dnssec: cli.flags.dnssec,
			latencyScale: cli.flags.latencyScale,
			...(cli.flags.expiryWarning === undefined ? {} : {expiryWarningDays: cli.flags.expiryWarning}),
			...labTlds(),
		},
	);
}

/** `digdeeper lab WORDS` that are no lab command: a story's name is traced with --lab, which the refusal says. */
function unknownLabCommand(words: string[]): UsageError {
	const story = words[0]!.includes('.') ? ` (to trace a lab story: digdeeper --lab ${words.join(' ')})` : ' (try digdeeper lab, or digdeeper lab serve)';
	return new UsageError(`unknown lab command: ${words.join(' ')}${story}`);
}

async function trace(first: string | undefined, second: string | undefined, rest: string[], server: string | undefined, interactive: boolean, stdout: (text: string) => void, at: ValidationTime | undefined): Promise<number> {
	let name = first;
	if (second !== undefined && cli.flags.type !== undefined) throw new UsageError(`two types: ${second} and -t ${cli.flags.type} (give one)`);
	let type = second ?? cli.flags.type;
	if (server === '') throw new UsageError('@ names no server: give an address or a name, as in @127.0.0.1');
	if (name === undefined) {
		if (!interactive) {
			stdout((await import('./commands/lab-command.js')).renderLabList());
			return 0;
		}
		const {pickStory} = await import('./commands/pick-story.js');
		const {story, interrupted} = await pickStory();
		if (interrupted) return INTERRUPTED_STATUS;
		if (!story) return 0;
		name = story.name;
		type = story.type;
	}
	// A mistyped command first: `dif a.json b.json` is told of diff, not of an argument too many.
	const loneWord = loneWordRefusal(name);
	if (loneWord) throw loneWord;
	if (rest.length > 0) throw new UsageError(`unexpected argument "${rest[0]}": give a name and at most one type`);

	const families: Family[] = cli.flags.ipv4 && !cli.flags.ipv6 ? [4] : cli.flags.ipv6 && !cli.flags.ipv4 ? [6] : [4, 6];
	const request: TraceRequest = {
		name,
		...(type ? {type} : {}),
		lab: cli.flags.lab,
		json: cli.flags.json,
		...(outputFlag() ? {output: outputFlag()} : {}),
		force: cli.flags.force,
		...(cli.flags.hints ? {hints: cli.flags.hints} : {}),
		...(server === undefined ? {} : {server}),
		...(cli.flags.trustAnchor && cli.flags.trustAnchor.length > 0 ? {trustAnchors: cli.flags.trustAnchor} : {}),
		port: cli.flags.port ?? 53,
		families,
		timeoutMs: cli.flags.timeout,
		retries: cli.flags.retries,
		dnssec: cli.flags.dnssec,
		latencyScale: cli.flags.latencyScale,
		...labTlds(),
		...(cli.flags.expiryWarning === undefined ? {} : {expiryWarningDays: cli.flags.expiryWarning}),
		...(at ? {at} : {}),
		...(cli.flags.resolvers === undefined ? {} : {resolvers: cli.flags.resolvers}),
		rdap: cli.flags.rdap,
		...(cli.flags.rdapBootstrap ? {rdapBootstrap: cli.flags.rdapBootstrap} : {}),
		...(cli.flags.step ? {step: true} : {}),
		...whatIf(),
	};
	if (cli.flags.watch !== undefined) {
		const intervalMs = parseInterval(cli.flags.watch);
		if (intervalMs === undefined) throw new UsageError(`invalid --watch interval: ${cli.flags.watch} (give one such as 30s, 2m or 1h)`);
		const {output, ...traced} = request;
		const watch: WatchRequest = {intervalMs, ...(cli.flags.count === undefined ? {} : {count: cli.flags.count}), ...(output ? {outputDir: output} : {}), quiet: cli.flags.quiet};
		if (interactive) {
			const {explorer, how} = await loadExplorer(name, traced);
			return leaveNow(await explorer.exploreWatch({...traced, force: false}, watch, how));
		}
		// Ctrl-C ends the log at once, the round in progress abandoned, with the status of an interruption; SIGTERM, a
		// service manager's stop, is the watch's ordinary end. Either way the probes still out are not waited for.
		const controller = new AbortController();
		let status = 0;
		process.once('SIGINT', () => {
			status = INTERRUPTED_STATUS;
			controller.abort();
		});
		process.once('SIGTERM', () => controller.abort());
		const {runWatchText} = await import('./commands/watch-command.js');
		await runWatchText({...traced, force: false}, watch, {stdout, signal: controller.signal});
		// Stopped, the round it abandoned is still out: leave without it. Ended by --count, nothing is: end as usual,
		// so a reader that closed the pipe still gets its EPIPE, and 141.
		return controller.signal.aborted ? leaveNow(status) : status;
	}
	if (interactive && !outputFlag() && !cli.flags.report) {
		const {explorer, how} = await loadExplorer(name, request);
		return leaveNow(await explorer.exploreLive(request, how));
	}
	// A trace printed at its end has nothing to put back when interrupted: leave at once, as dig does, with its status.
	process.once('SIGINT', () => process.exit(INTERRUPTED_STATUS));
	if (cli.flags.report) {
		const {parseTraceReportFormat, runTraceReport} = await import('./commands/report-command.js');
		return runTraceReport(request, {format: parseTraceReportFormat(cli.flags.format)}, {stdout});
	}
	const {runTrace} = await import('./commands/trace-command.js');
	return exitStatus(await runTrace(request, {stdout, ...terminalColumns()}));
}

/**
 * The terminal's width when standard output is one; a pipe or a file gets lines as long as they are. Asked of the
 * descriptor first: reading `process.stdout` makes Node's stream, which a pipe's output never needs (files/standard-streams.ts).
 */
function terminalColumns(): {columns?: number} {
	return isatty(1) && process.stdout.columns > 0 ? {columns: process.stdout.columns} : {};
}

/** --what-if, each as typed (read in source/commands/what-if-option.ts), for the request of any command that takes it. */
/** -o as given, `-o -` (standard output) as none. */
function outputFlag(): string | undefined {
	return cli.flags.output === '-' ? undefined : cli.flags.output;
}

function whatIf(): {whatIf?: string[]} {
	return cli.flags.whatIf && cli.flags.whatIf.length > 0 ? {whatIf: cli.flags.whatIf} : {};
}

/**
 * The UI is imported only when it will be used: Ink's layout engine alone takes about 0.4 s to load, which plain
 * output (--text, --json, --version, pipes) should never pay. A first line goes up before it loads, with the name as
 * given: not yet checked, so escaped like any text from outside. Then, for a walk on the real network, its sockets'
 * thread is started (dns/threaded-link.ts: 40-50 ms to its first datagram), so it starts beside Ink's loading rather
 * than after it; the lab has no sockets.
 */
async function loadExplorer(title: string, walk?: TraceRequest): Promise<{explorer: typeof import('./commands/explore-command.js'); how: PrepareHow}> {
	const {startingLine} = await import('./ui/views/starting-line.js');
	process.stdout.write(`${startingLine(title, process.stdout.columns)}\n`);
	const how: PrepareHow = walk && !walk.lab ? {link: (await import('./dns/threaded-link.js')).createThreadedLink(walk.families)} : {};
	return {explorer: await import('./commands/explore-command.js'), how};
}

/**
 * What stops a server command (lab serve, serve) so that it closes its sockets and removes its temporary folder:
 * Ctrl-C, SIGTERM, and SIGHUP (its terminal closed: a tmux session killed, an SSH connection lost), whose default
 * ended the process on the spot and left the folder behind.
 */
function stoppedBySignals(): AbortController {
	const controller = new AbortController();
	// Every one, not once: a closed terminal's shell passes its SIGHUP on as the kernel sends its own, and the second,
	// back to the default, ended the process half-way through removing its folder.
	for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => controller.abort());
	// Node starts with SIGHUP at its default whatever the parent set (nohup's "ignore" included), so it always came.
	process.on('SIGHUP', () => {
		markHungUp();
		controller.abort();
	});
	return controller;
}

/**
 * After the explorer has closed (Ink has put the terminal back: raw mode off, cursor shown), or a text watch has
 * ended, probes of a trace still running (a dead server's time-outs, a watch's next round) would keep the process
 * alive for seconds with nothing on screen: the user asked to quit, so quit, with the status.
 */
function leaveNow(status: number): never {
	process.exit(status);
}

main().then((code) => {
	if (terminalHungUp()) return endAsHungUp();
	process.exitCode = code;
}, ended);

/** A run that failed: its one line on stderr and its status, or, for a bug, the error as it is (its stack). */
async function ended(error: unknown): Promise<void> {
	if (terminalHungUp()) return endAsHungUp();
	const {errorLine, errorStatus} = await import('./commands/error-line.js');
	const line = errorLine(error);
	if (line !== undefined) {
		process.stderr.write(`${line}\n`);
		process.exitCode = errorStatus(error as Error);
		return;
	}
	throw error;
}
