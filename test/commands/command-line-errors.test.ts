import {createServer, type Server} from 'node:net';
import {mkdtemp, readFile, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {execFile} from 'node:child_process';
import {promisify} from 'node:util';
import stringWidth from 'string-width';
import {CLI, cli} from '../helpers/cli.js';

const run = promisify(execFile);

/** The command refuses or fails with exactly this line on stderr, nothing on stdout, and this status. */
async function endsWith(args: readonly string[], status: number, line: string) {
	const {code, stdout, stderr} = await cli(...args);
	expect({code, stdout, stderr}).toEqual({code: status, stdout: '', stderr: `${line}\n`});
}

// dig refuses `-4 -6` ("only one of -4 and -6 allowed") rather than pick one: so does every pair here.
describe('flags that contradict each other: one line naming both, exit status 2', () => {
	for (const [args, line] of [
		[['--lab', 'www.example.com', '-4', '-6', '--text'], '-4 and -6 cannot be given together: give one, or neither for both families'],
		[['--lab', 'www.example.com', '--json', '--text'], '--json and --text cannot be given together: give one'],
		[['--lab', 'www.example.com', '--report', '--json'], '--report and --json cannot be given together: give one (the snapshot of a report is -o FILE)'],
		[['--lab', 'www.example.com', '--report', '--text'], '--report and --text cannot be given together: give one (a report as plain text is --report --format text)'],
		[['open', 'trace.json', '--json', '--text'], '--json and --text cannot be given together: give one'],
		[['diff', 'a.json', 'b.json', '--text', '--json'], '--json and --text cannot be given together: give one'],
		[['--lab', 'www.example.com', '--format', 'text'], '--format only applies to --report (and digdeeper report)'],
		[['--lab', 'www.example.com', '--watch', '5s', '--report'], '--report does not apply to --watch: report on one of the snapshots it keeps (--output DIR)'],
		[['--lab', 'www.example.com', '--quiet', '--text'], '--quiet only applies to --watch'],
		[['--lab', 'www.example.com', '--force', '--text'], '--force only applies with --output: it lets the snapshot replace a file'],
		[['--lab', 'www.example.com', '--watch', '5s', '-o', 'dir', '--force'], "--force does not apply to --watch: each trace's snapshot gets a file name of its own"],
		[['--lab', 'www.example.com', '-o', '-'], '-o -: a snapshot is written to a file (--json prints it instead)'],
		[['survey', '--lab', 'bw', '-o', '-'], "-o -: a survey's -o is a directory"],
		[['www.example.com', '--no-dnssec', '--trust-anchor', 'root.key'], '--no-dnssec and --trust-anchor cannot be given together: nothing is validated'],
		[['www.example.com', '--no-dnssec', '--expiry-warning', '7'], '--no-dnssec and --expiry-warning cannot be given together: no signature is checked'],
		[['www.example.com', '--no-rdap', '--rdap-bootstrap', 'dns.json'], '--no-rdap and --rdap-bootstrap cannot be given together: no registry is asked'],
		[['--lab', 'www.example.com', '--hints', 'root.hints'], '--hints does not apply to --lab: the lab brings its own root'],
		[['--lab', 'www.example.com', '--port', '5300'], "--port does not apply to --lab: the lab's servers answer in process, on no port (lab serve --port puts them on one)"],
		[['--lab', 'www.example.com', '-p', '5300'], "--port does not apply to --lab: the lab's servers answer in process, on no port (lab serve --port puts them on one)"],
		[['www.example.com', '--latency-scale', '2'], '--latency-scale only applies to --lab (and digdeeper lab serve)'],
		[['net.', '--lab-tlds', '10'], '--lab-tlds only applies to --lab (and digdeeper lab serve)'],
		[['--lab', 'www.example.com', '--lab-seed', '3'], '--lab-seed only applies with --lab-tlds: it seeds the generated root'],
		[['lab', 'serve', '--lab-seed', '3'], '--lab-seed only applies with --lab-tlds: it seeds the generated root'],
		[['www.example.com', '@::1', '-4'], '@::1 is an IPv6 address, and only IPv4 is asked'],
		[['www.example.com', '@127.0.0.1', '-6'], '@127.0.0.1 is an IPv4 address, and only IPv6 is asked'],
		[['--lab', 'open', 'trace.json'], '--lab does not apply to digdeeper open (it takes --text, --json, --at, --step, --what-if)'],
		[['--lab', 'lab', 'serve'], '--lab does not apply to digdeeper lab serve (it takes --address, --port, --latency-scale, --dir, --lab-tlds, --lab-seed)'],
		// meow throws with a stack trace on a value given twice; which one was meant is the user's to say.
		[['--lab', 'www.example.com', '--port', '5', '--port', '6'], '--port is given twice: give it once'],
		[['--lab', 'www.example.com', '-t', 'A', '-t', 'MX'], '-t is given twice: give it once'],
		[['--lab', 'www.example.com', '--watch', '5s', '--watch', '10s'], '--watch is given twice: give it once'],
		[['--lab', 'www.example.com', '-o=a.json', '--output', 'b.json'], '--output is given twice: give it once'],
		[['--lab', 'www.example.com', '-o', 'a.json', '-o/tmp/b.json'], '--output is given twice: give it once'],
		[['--lab', 'www.example.com', '--text', '-o='], '--output needs a value'],
		[['--lab', 'www.example.com', '--text', '-oa.json', '-ob.json'], '--output is given twice: give it once'],
		[['--lab', 'www.example.com', '--text', '-oo', '-o', 'b.json'], '--output is given twice: give it once'],
		// meow keeps the last of a switch given both ways: which one was meant is the user's to say.
		[['--lab', 'www.example.com', '--dnssec', '--no-dnssec'], '--dnssec and --no-dnssec are both given: give one'],
		[['--lab', 'www.example.com', '--no-rdap', '--rdap'], '--rdap and --no-rdap are both given: give one'],
		[['--lab', 'www.example.com', '--dnssec=false', '--dnssec'], '--dnssec and --no-dnssec are both given: give one'],
		// meow drops a value given to --no-X without a word, and reads any value of a switch but `true` as off.
		[['--lab', 'www.example.com', '--no-dnssec=true'], '--no-dnssec takes no value'],
		[['--lab', 'www.example.com', '--dnssec=on'], '--dnssec takes no value: give --dnssec or --no-dnssec'],
		[['--lab=yes', 'www.example.com'], '--lab takes no value'],
		[['www.example.com', '--lab', '--lab=false'], '--lab is given both on and off: give it once'],
		// A switch the command does not take is named once, as such, not first as given both ways.
		[['open', 'trace.json', '--dnssec', '--no-dnssec'], '--no-dnssec does not apply to digdeeper open (it takes --text, --json, --at, --step, --what-if)'],
	] as const) {
		it(`refuses digdeeper ${args.join(' ')}`, () => endsWith(args, 2, `digdeeper: ${line}`));
	}

	it('takes -o with its value attached (-o=FILE) as -o FILE, --force with it too', async () => {
		const dir = await mkdtemp(path.join(tmpdir(), 'digdeeper-attached-o-'));
		const file = path.join(dir, 'trace.json');
		await writeFile(file, 'old');
		const {code, stderr} = await cli('--lab', 'www.example.com', '--text', '--latency-scale', '0', `-o=${file}`, '--force');
		expect({code, stderr}).toEqual({code: 0, stderr: ''});
		expect(JSON.parse(await readFile(file, 'utf8')).query.name).toBe('www.example.com.');
	});

	it('takes -o with a value of letters attached (-otrace.json, -oo) as getopt does: the rest of the word is the file', async () => {
		const dir = await mkdtemp(path.join(tmpdir(), 'digdeeper-letters-o-'));
		for (const [option, file] of [['-otrace.json', 'trace.json'], ['-oo', 'o']] as const) {
			const {stdout, stderr} = await run('node', [CLI, '--lab', '--latency-scale', '0', '--text', option, 'www.example.com'], {cwd: dir, env: {...process.env, DIGDEEPER_LOOPBACK_ONLY: '1'}, maxBuffer: 64 * 1024 * 1024});
			expect(stderr).toBe('');
			expect(stdout).toContain('www.example.com. A');
			expect(JSON.parse(await readFile(path.join(dir, file), 'utf8')).query.name).toBe('www.example.com.');
		}
	});

	it('still takes --trust-anchor more than once, and a switch given twice', async () => {
		const {code, stdout} = await cli('--lab', 'www.example.com', '--json', '--json', '-4', '-4', '--latency-scale', '0');
		expect(code).toBe(0);
		expect(JSON.parse(stdout).options.families).toEqual([4]);
	});
});

// Read from the help, so an option added with a value is checked without this test being touched.
describe('an option typed without its value: one line naming it, wherever it stands, exit status 2', () => {
	/** The lines of the help under `heading` (`  Options`, `  serve options`), up to the next heading. */
	function helpSection(help: string, heading: string): string {
		const [, after] = help.split(`\n  ${heading}\n`);
		return after!.split(/\n {2}\S/u)[0]!;
	}

	/** The options a section of the help shows with a value (`--hints FILE`, `-o, --output FILE`), and the name the refusal gives each. */
	function valueOptions(section: string): {spelling: string; named: string}[] {
		return section.split('\n').flatMap((line) => {
			const shown = /^ {4}(-[-\w]+(?:, -[-\w]+)*) [A-Z]+\b/u.exec(line);
			if (!shown) return [];
			// The long name on the line: the option's own (`-o, --output`) or the one it is the same as (`-p PORT  the same as --port`).
			const named = /--[a-z][-a-z]*/u.exec(line)?.[0] ?? shown[1]!;
			return shown[1]!.split(', ').map((spelling) => ({spelling, named}));
		});
	}

	it('for every option of a trace, of lab serve, of serve and of survey that takes one', async () => {
		const {stdout: help} = await cli('--help');
		const traceOptions = valueOptions(helpSection(help, 'Options'));
		const serveOptions = valueOptions(helpSection(help, 'lab serve options'));
		const replayOptions = valueOptions(helpSection(help, 'serve options'));
		const surveyOptions = valueOptions(helpSection(help, 'survey options'));
		expect(replayOptions.map(({spelling}) => spelling)).toEqual(['--port', '--dir']);
		expect(traceOptions.map(({spelling}) => spelling)).toEqual(expect.arrayContaining(['-t', '-p', '-o', '--output', '--at', '--hints', '--trust-anchor', '--port', '--timeout', '--retries', '--expiry-warning', '--count', '--latency-scale']));
		expect(serveOptions.map(({spelling}) => spelling)).toEqual(['--address', '--port', '--dir']);
		expect(surveyOptions).toEqual([{spelling: '-o', named: '--output'}, {spelling: '--output', named: '--output'}]);
		const runs = [
			...traceOptions.flatMap(({spelling, named}) => [{args: [spelling], named}, {args: ['--lab', 'www.example.com', spelling], named}, {args: [spelling, '--lab', 'www.example.com'], named}]),
			...serveOptions.map(({spelling, named}) => ({args: ['lab', 'serve', spelling], named})),
			...replayOptions.map(({spelling, named}) => ({args: ['serve', 'trace.json', spelling], named})),
			...surveyOptions.map(({spelling, named}) => ({args: ['survey', '--lab', 'bw', spelling], named})),
		];
		const results = [];
		for (const {args, named} of runs) results.push({args, ...(await cli(...args)), expected: `digdeeper: ${named} needs a value\n`});
		expect(results.filter(({code, stdout, stderr, expected}) => code !== 2 || stdout !== '' || stderr !== expected)).toEqual([]);
	}, 120_000);
});

describe('after --, every word is a name or a type', () => {
	for (const args of [['--', '-h'], ['--lab', '--', '-h'], ['--', '--help']]) {
		it(`digdeeper ${args.join(' ')} is a usage error about the name: never the help, never a trace`, () =>
			endsWith(args, 2, `digdeeper: ${args.at(-1)} is not a domain name: after --, every word is a name or a type, never an option`));
	}

	it('traces a name that follows --', async () => {
		const {code, stdout} = await cli('--lab', '--latency-scale', '0', '--json', '--', 'www.example.com', 'MX');
		expect(code).toBe(0);
		expect(JSON.parse(stdout).query).toMatchObject({name: 'www.example.com.', type: 'MX'});
	});
});

describe('every help and usage text fits in 80 columns', () => {
	/** Every command the help's usage lists, each with a help of its own (survey -h, help survey). */
	const COMMANDS = ['lab', 'lab serve', 'open', 'report', 'serve', 'graph', 'diff', 'survey', 'survey diff', 'survey merge', 'help'];

	it('checks every command the help lists', async () => {
		const {stdout} = await cli('--help');
		// `$ digdeeper lab serve`, `$ digdeeper survey ZONE…`: the words before a placeholder (FILE, <name>) or an option.
		const listed = [...stdout.matchAll(/^ {4}\$ digdeeper ((?:[a-z]+ ?)+)(?=\s|$)/gmu)].map(([, words]) => words!.trim());
		expect([...new Set(listed)]).toEqual(COMMANDS);
	});

	const helps = [['--help'], ['-h'], ['help'], [], ['open', 'x.json', '--help'], ...COMMANDS.flatMap((command) => [[...command.split(' '), '-h'], ['help', ...command.split(' ')]])];
	for (const args of helps) {
		it(`digdeeper ${args.join(' ')}`, async () => {
			const {code, stdout, stderr} = await cli(...args);
			// A bare digdeeper prints its short usage on stderr; every other, its help on stdout.
			const text = args.length === 0 ? stderr : stdout;
			expect(code).toBe(args.length === 0 ? 2 : 0);
			expect(text).toContain('Usage');
			expect(text.split('\n').filter((line) => stringWidth(line) > 80)).toEqual([]);
		});
	}

	it('keeps every option in the help', async () => {
		const {stdout} = await cli('--help');
		for (const option of ['--text', '--json', '-o, --output FILE', '--force', '--hints FILE', '--trust-anchor FILE', '--at TIME', '--port N', '-4, -6', '--timeout MS', '--retries N', '--no-dnssec', '--no-rdap', '--rdap-bootstrap F', '--expiry-warning D', '--report', '--lab', '--watch [INTERVAL]', '--count N', '--quiet', '--latency-scale X', '-t TYPE', '-p PORT', '-v, -V, --version', '--step', '--address A', '--dir DIR']) {
			expect(stdout).toContain(option);
		}
	});
});

// Every error a user can reach: one line `digdeeper: <what went wrong>: <detail>`, 2 for what was typed (or a file it
// names), 1 for a sound command that failed as it ran.
describe('errors in one shape, with their exit status', () => {
	let dir: string;
	let files: {a: string; b: string; other: string; foreign: string; hints: string; anchor: string; hostile: string};
	let busy: Server;
	const port = 50_000 + (process.pid % 10_000);

	beforeAll(async () => {
		dir = await mkdtemp(path.join(tmpdir(), 'digdeeper-errors-'));
		files = {a: path.join(dir, 'a.json'), b: path.join(dir, 'b.json'), other: path.join(dir, 'other.json'), foreign: path.join(dir, 'foreign.json'), hints: path.join(dir, 'bad.hints'), anchor: path.join(dir, 'bad.anchor'), hostile: path.join(dir, 'evil\u001b[2J.json')};
		for (const [file, name] of [[files.a, 'www.example.com'], [files.b, 'www.example.com'], [files.other, 'www.puri.sm']] as const) {
			expect((await cli('--lab', name, '--latency-scale', '0', '--text', '-o', file)).code).toBeLessThan(2);
		}
		await writeFile(files.foreign, '{"hello": "world"}');
		await writeFile(files.hostile, '{"hello": "world"}');
		await writeFile(files.hints, 'example.com. 60 A 192.0.2.1\n');
		await writeFile(files.anchor, 'example. 60 IN A 192.0.2.1\n');
		busy = createServer();
		await new Promise<void>((resolve) => busy.listen(port, '127.77.0.1', resolve));
	}, 60_000);

	afterAll(() => new Promise<void>((resolve) => busy.close(() => resolve())));

	const cases: [string, () => string[], 1 | 2, () => string][] = [
		['open: a missing snapshot', () => ['open', path.join(dir, 'nope.json')], 2, () => `cannot read snapshot: ${path.join(dir, 'nope.json')}: ENOENT (no such file or directory)`],
		['report: a directory', () => ['report', dir], 2, () => `cannot read snapshot: ${dir} is a directory, not a file`],
		['diff: a missing snapshot', () => ['diff', files.a, path.join(dir, 'nope.json'), '--text'], 2, () => `cannot read snapshot: ${path.join(dir, 'nope.json')}: ENOENT (no such file or directory)`],
		['open: JSON that is no snapshot', () => ['open', files.foreign, '--text'], 2, () => `${files.foreign}: not a digdeeper snapshot: no "schema": "digdeeper/snapshot@N" field`],
		['open: a file name with an escape sequence', () => ['open', files.hostile, '--text'], 2, () => `${path.join(dir, 'evil\\027[2J.json')}: not a digdeeper snapshot: no "schema": "digdeeper/snapshot@N" field`],
		['diff: two different names', () => ['diff', files.a, files.other, '--text'], 2, () => `cannot compare ${files.a} and ${files.other}: they trace different questions (www.example.com. A and www.puri.sm. A)`],
		['a trust-anchor file that anchors nothing', () => ['www.example.com', '--trust-anchor', files.anchor], 2, () => `invalid trust-anchor file: ${files.anchor} line 1: an A record is not a trust anchor (give DS or DNSKEY records)`],
		['a missing trust-anchor file', () => ['www.example.com', '--trust-anchor', path.join(dir, 'nope')], 2, () => `cannot read trust-anchor file: ${path.join(dir, 'nope')}: ENOENT (no such file or directory)`],
		['a hints file that is not root hints', () => ['www.example.com', '--hints', files.hints], 2, () => `invalid hints file: ${files.hints}: no NS records for the root (".") — not a root hints file`],
		['a missing hints file', () => ['www.example.com', '--hints', path.join(dir, 'nope')], 2, () => `cannot read hints file: ${path.join(dir, 'nope')}: ENOENT (no such file or directory)`],
		['an RDAP bootstrap file that is not one', () => ['--lab', 'www.example.com', '--rdap-bootstrap', files.hints], 2, () => `invalid RDAP bootstrap file: ${files.hints}: not JSON`],
		['a missing RDAP bootstrap file', () => ['www.example.com', '--rdap-bootstrap', path.join(dir, 'nope')], 2, () => `cannot read RDAP bootstrap file: ${path.join(dir, 'nope')}: ENOENT (no such file or directory)`],
		['a lab story given to lab', () => ['lab', 'www.puri.sm'], 2, () => 'unknown lab command: www.puri.sm (to trace a lab story: digdeeper --lab www.puri.sm)'],
		// -o names a directory for a watch and a survey: a file there is said to be one, not EEXIST.
		['a watch told to keep its snapshots in a file', () => ['--lab', 'www.example.com', '--watch', '10s', '--text', '-o', files.hints], 2, () => `cannot use ${files.hints} for snapshots: it is a file, and with --watch -o names a directory (one snapshot a round)`],
		['a survey told to keep its snapshots in a file', () => ['survey', '--lab', 'com.', '--text', '-o', files.hints], 2, () => `cannot use ${files.hints} for snapshots: it is a file, and a survey's -o names a directory (one snapshot a zone)`],
		// Under /proc every mkdir fails ENOENT, where Node's recursive mkdir spun for ever (files/make-directory.ts).
		...(process.platform === 'linux'
			? ([
					['a watch told to keep its snapshots under /proc', () => ['--lab', 'www.example.com', '--watch', '10s', '--text', '-o', '/proc/digdeeper-test/rounds'], 2, () => 'cannot use /proc/digdeeper-test/rounds for snapshots: ENOENT'],
					['a survey told to keep its snapshots under /proc', () => ['survey', '--lab', 'com.', '--text', '-o', '/proc/digdeeper-test/zones'], 2, () => 'cannot use /proc/digdeeper-test/zones for snapshots: ENOENT'],
				] satisfies typeof cases)
			: []),
		['a survey of no zones', () => ['survey', '--lab', '--text'], 2, () => 'survey needs zones: digdeeper survey ZONE…, --file FILE or --tlds'],
		['an unknown lab command', () => ['lab', 'serv'], 2, () => 'unknown lab command: serv (try digdeeper lab, or digdeeper lab serve)'],
		['lab serve on a port in use', () => ['lab', 'serve', '--port', String(port)], 1, () => `cannot listen on 127.77.x.y port ${port}: EADDRINUSE (is another lab running?)`],
		// A port out of range is what was typed, for lab serve as for a trace: never a socket error once the lab starts.
		['lab serve on a port above 65535', () => ['lab', 'serve', '--port', '70000'], 2, () => 'invalid --port 70000: use 1 to 65535'],
		['lab serve on a negative port', () => ['lab', 'serve', '--port', '-1'], 2, () => 'invalid --port -1: use 1 to 65535'],
		['lab serve on port 0', () => ['lab', 'serve', '--port', '0'], 2, () => 'invalid --port 0: use 1 to 65535'],
		['lab serve on a port that is no number', () => ['lab', 'serve', '--port', 'abc'], 2, () => 'invalid --port: abc (not a number)'],
		['a trace on a port above 65535', () => ['www.example.com', '-p', '70000'], 2, () => 'invalid --port 70000: use 1 to 65535'],
		['a generated root of no TLD', () => ['--lab', '--lab-tlds', '0', 'net.'], 2, () => 'invalid --lab-tlds 0: use 1 to 5000'],
		['a generated root past its limit', () => ['lab', 'serve', '--lab-tlds', '5001'], 2, () => 'invalid --lab-tlds 5001: use 1 to 5000'],
		['a fractional seed', () => ['--lab', '--lab-tlds', '10', '--lab-seed', '1.5', 'net.'], 2, () => 'invalid --lab-seed 1.5: use a whole number from 0 to 4294967295'],
		['a bad --at', () => ['--lab', 'www.example.com', '--at', 'tomorrow'], 2, () => "invalid --at: tomorrow (give an ISO 8601 time such as 2026-12-01T00:00:00Z or 2026-12-01, or +7d/-1d from the trace's time)"],
		['a bad -t', () => ['--lab', 'www.example.com', '-t', 'BOGUS'], 2, () => 'invalid type: "BOGUS" is not a DNS record type (a mnemonic such as AAAA, TYPE65, or a number)'],
		['a name that is not a domain name', () => ['--lab', 'a..b'], 2, () => 'invalid name: "a..b" has an empty label'],
		['@SERVER that does not answer', () => ['www.example.com', '@127.0.0.1', '-p', String(port), '--timeout', '200', '--retries', '0'], 1, () => `@127.0.0.1 gave no root NS set: 127.0.0.1: ECONNREFUSED: recvmsg ECONNREFUSED`],
		['@SERVER beyond loopback here', () => ['www.example.com', '@192.0.2.1'], 1, () => '@192.0.2.1 was not asked: 192.0.2.1 is not a loopback address and DIGDEEPER_LOOPBACK_ONLY is set'],
		['@SERVER by name here', () => ['www.example.com', '@resolver.example.'], 1, () => "@resolver.example.: DIGDEEPER_LOOPBACK_ONLY is set, and looking the name up could ask a resolver beyond loopback: give the server's address"],
	];
	for (const [label, args, status, line] of cases) {
		it(`${label}: exit status ${status}`, () => endsWith(args(), status, `digdeeper: ${line()}`), 20_000);
	}
});
