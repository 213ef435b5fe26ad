import {spawn} from 'node:child_process';
import {createRequire} from 'node:module';
import {mkdtemp, readdir, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {CLI, cli} from './helpers/cli.js';

/** The command refuses the arguments: nothing on stdout, one line on stderr that starts with the message, status 2. */
async function refusedInOneLine(args: readonly string[], message: string) {
	const {code, stdout, stderr} = await cli(...args);
	expect(code).toBe(2);
	expect(stdout).toBe('');
	const lines = stderr.trim().split('\n');
	expect(lines).toHaveLength(1);
	expect(lines[0]!.slice(0, message.length)).toBe(message);
}

describe('the command line', () => {
	it('tells the puri.sm suspension story from the lab with no network', async () => {
		const {code, stdout} = await cli('--lab', 'www.puri.sm', '--latency-scale', '0', '--text');
		expect(code).toBe(0);
		expect(stdout).toMatch(/dns\.omniway\.sm\.\s+127\.77\.2\.1\s.*NXDOMAIN\s+aa/u);
		expect(stdout).toContain(';; NXDOMAIN from sm.');
	});

	it('explains the suspension and says who can fix it', async () => {
		const {stdout} = await cli('--lab', 'www.puri.sm', '--latency-scale', '0', '--text');
		expect(stdout).toContain('ERROR    DELEGATION_MISSING  puri.sm.: the registry has it on server hold; the sm. servers say it does not exist (NXDOMAIN for www.puri.sm.); the registry does not delegate it');
		expect(stdout).toContain('suspended, expired, deleted or never-registered domain');
		expect(stdout).toContain('Who can fix it: the registrar: Lab Registrar S.r.l., IANA ID 9999,\n         abuse@registrar.example, +1.5555550100; the registry (TLD operator): .sm,\n         hostmaster@telecomitalia.sm.');
		expect(stdout).toContain(';;   DELEGATION_MISSING (puri.sm.): Once it is fixed, resolvers that cached the denial see the change within 1 hour (3600 s: the negative TTL of sm.).');
		expect(stdout).toMatch(/;; DNSSEC: insecure — sm\.: no DS at \.: proven unsigned delegation/u);
	});

	it('reads a trust anchor file and rejects a bad one with exit status 2', async () => {
		const dir = await mkdtemp(path.join(tmpdir(), 'digdeeper-cli-'));
		const bad = path.join(dir, 'bad.anchor');
		await writeFile(bad, 'example. 60 IN A 192.0.2.1\n');
		const {code, stderr} = await cli('example.com', '--trust-anchor', bad);
		expect(code).toBe(2);
		expect(stderr).toContain('invalid trust-anchor file: ');
		const missing = await cli('example.com', '--trust-anchor', path.join(dir, 'nope'));
		expect(missing.stderr).toMatch(/cannot read trust-anchor file: .*nope: ENOENT \(no such file or directory\)/u);
	});

	it('exits 1 when the trace ends in failure', async () => {
		const {code, stdout} = await cli('--lab', 'tox.im', '--latency-scale', '0', '--timeout', '50', '--retries', '0');
		expect(code).toBe(1);
		expect(stdout).toContain(';; FAILURE');
	});

	it('lists the lab stories', async () => {
		const {code, stdout} = await cli('lab');
		expect(code).toBe(0);
		expect(stdout).toContain('www.puri.sm');
		expect(stdout).toContain('Registry suspension');
	});

	it('lists the stories instead of opening the picker when not in a terminal', async () => {
		const {code, stdout} = await cli('--lab');
		expect(code).toBe(0);
		expect(stdout).toContain('digdeeper --lab NAME [TYPE]');
		expect(stdout).toContain('nic.xn--wgbh1c');
	});

	it('records the lab root and trust anchor in the snapshot', async () => {
		const {stdout} = await cli('--lab', 'www.example.com', '--latency-scale', '0', '--json');
		expect(JSON.parse(stdout).options).toMatchObject({hints: 'lab', lab: 'internet', trustAnchor: expect.stringMatching(/^lab root KSK, key tag \d+$/u)});
	});

	it('keeps --expiry-warning in the snapshot, so the snapshot is judged again with the same window', async () => {
		const {stdout} = await cli('--lab', 'www.example.com', '--latency-scale', '0', '--json', '--expiry-warning', '10');
		expect(JSON.parse(stdout).options.expiryWarningDays).toBe(10);
	});

	it('accepts Unicode names and shows both forms', async () => {
		const {stdout} = await cli('--lab', 'bücher.example.com', '--latency-scale', '0');
		expect(stdout).toContain('xn--bcher-kva.example.com. A (bücher.example.com.)');
	});

	for (const [label, args, message] of [
		['an invalid name', ['--lab', 'a..b'], /invalid name: "a..b" has an empty label/u],
		['an unknown type', ['--lab', 'example.com', 'BOGUS'], /invalid type/u],
		['a missing hints file', ['example.com', '--hints', '/nonexistent/hints'], /cannot read hints file: \/nonexistent\/hints: ENOENT/u],
		['an unknown flag', ['example.com', '--frobnicate'], /^digdeeper: unknown option --frobnicate \(digdeeper -h lists them\)$/mu],
		['an unknown short flag', ['example.com', '-x'], /^digdeeper: unknown option -x /mu],
		['a bad port', ['example.com', '--port', '70000'], /invalid --port/u],
	] as const) {
		it(`rejects ${label} with one line and exit status 2`, async () => {
			const {code, stderr} = await cli(...args);
			expect(code).toBe(2);
			expect(stderr).toMatch(message);
			expect(stderr.trim().split('\n').length).toBeLessThanOrEqual(2);
		});
	}

	// A usage error quotes what was typed: an escape sequence in it is shown, not played on the terminal.
	for (const [label, args] of [
		['a name', [`www.\u001b[2J.com`, '--lab']],
		['a type', ['www.nic.bw', `A\u001b]0;x\u0007`, '--lab']],
		['a port', ['www.nic.bw', '--lab', '--port', '\u001b']],
		['a snapshot file', ['open', 'f\u001b.json']],
		['an unknown flag', ['www.nic.bw', '--lab', `--\u001b]0;x\u0007`]],
		['a lab command', ['lab', '\u001b[2J']],
		['an extra argument', ['www.nic.bw', 'A', '\u001b[2J', '--lab']],
	] as const) {
		it(`escapes ${label} quoted in a usage error`, async () => {
			const {code, stderr} = await cli(...args);
			expect(code).toBe(2);
			expect(stderr).toMatch(/^digdeeper: /u);
			expect(stderr).not.toContain('\u001b');
			expect(stderr).not.toContain('\u0007');
			expect(stderr).toMatch(/\\027|NaN/u);
		});
	}

	// Every duration and count has a bound: Node's timers overflow past 2^31 ms and then fire at once, in a loop.
	for (const [args, message] of [
		[['--lab', 'www.example.com', '--watch', '600h'], 'digdeeper: --watch 600 h: the interval must be at most 24 h'],
		[['--lab', 'www.example.com', '--watch', '25h', '--text'], 'digdeeper: --watch 25 h: the interval must be at most 24 h'],
		[['--lab', 'www.example.com', '--watch', '10s', '--count', '0'], 'digdeeper: invalid --count 0: use 1 to 1000000'],
		[['--lab', 'www.example.com', '--watch', '10s', '--count', '2000000'], 'digdeeper: invalid --count 2000000: use 1 to 1000000'],
		[['--lab', 'www.example.com', '--watch', '10s', '--count', '1.5'], 'digdeeper: invalid --count 1.5: use 1 to 1000000'],
		[['--lab', 'www.example.com', '--timeout', '600000'], 'digdeeper: invalid --timeout 600000: use 10 to 60000 milliseconds'],
		// dig's +timeout counts seconds: --timeout 1.5 would time every query out and blame the network.
		[['--lab', 'www.example.com', '--timeout', '1.5'], 'digdeeper: invalid --timeout 1.5: use 10 to 60000 milliseconds (it counts milliseconds: 1.5 s is --timeout 1500)'],
		[['--lab', 'www.example.com', '--timeout', '0'], 'digdeeper: invalid --timeout 0: use 10 to 60000 milliseconds'],
		[['--lab', 'www.example.com', '--retries', '11'], 'digdeeper: invalid --retries 11: use 0 to 10'],
		[['--lab', 'www.example.com', '--expiry-warning', '400'], 'digdeeper: invalid --expiry-warning 400: use 0 to 366 days'],
		[['--lab', 'www.example.com', '--expiry-warning', '1.5'], 'digdeeper: invalid --expiry-warning 1.5: use 0 to 366 days'],
		[['--lab', 'www.example.com', '--latency-scale', '1000'], 'digdeeper: invalid --latency-scale 1000: use 0 to 100'],
		[['--lab', 'www.example.com', '--latency-scale', '-1'], 'digdeeper: invalid --latency-scale -1: use 0 to 100'],
		[['lab', 'serve', '--latency-scale', '1e9'], 'digdeeper: invalid --latency-scale 1000000000: use 0 to 100'],
		[['--lab', 'example.com', 'AXFR'], 'digdeeper: invalid type: AXFR is a zone transfer, not a record type: use dig AXFR against one server'],
		[['--lab', 'example.com', 'ANY'], 'digdeeper: invalid type: ANY is not traced: since RFC 8482 each server may answer it with any one RRset'],
		[['--lab', 'example.com', 'TSIG'], 'digdeeper: invalid type: TSIG (250) is a meta-type, not a record type (RFC 6895), and cannot be queried'],
		[['--lab', 'example.com', '130'], 'digdeeper: invalid type: TYPE130 (130) is a meta-type'],
	] as const) {
		it(`refuses ${args.join(' ')} with one line and exit status 2`, () => refusedInOneLine(args, message));
	}

	// A file's size says nothing for /dev/zero: the read stops one byte past the limit instead of filling memory.
	for (const [args, message] of [
		[['example.com', '--hints', '/dev/zero'], 'digdeeper: cannot read hints file: /dev/zero: larger than 1 MB'],
		[['example.com', '--trust-anchor', '/dev/zero'], 'digdeeper: cannot read trust-anchor file: /dev/zero: larger than 1 MB'],
		[['open', '/dev/zero'], 'digdeeper: cannot read snapshot: /dev/zero: larger than 64 MB'],
	] as const) {
		it(`stops reading ${args.join(' ')} at its limit, with one line and exit status 2`, async () => {
			const {code, stderr} = await cli(...args);
			expect(code).toBe(2);
			expect(stderr).toBe(`${message}\n`);
		});
	}

	it('rejects a hints file that is not root hints', async () => {
		const dir = await mkdtemp(path.join(tmpdir(), 'digdeeper-cli-'));
		const file = path.join(dir, 'bad.hints');
		await writeFile(file, 'example.com. 60 A 192.0.2.1\n');
		const {code, stderr} = await cli('example.com', '--hints', file);
		expect(code).toBe(2);
		expect(stderr).toContain('not a root hints file');
	});

	it('refuses to overwrite an existing output file without --force', async () => {
		const dir = await mkdtemp(path.join(tmpdir(), 'digdeeper-cli-'));
		const file = path.join(dir, 'out.json');
		await writeFile(file, 'keep me');
		const {code, stderr} = await cli('--lab', 'www.example.com', '--latency-scale', '0', '-o', file);
		expect(code).toBe(2);
		expect(stderr).toContain('already exists (use --force');
	});

	// Each command takes its own flags: one meant for another is refused, not silently ignored.
	for (const [args, message] of [
		[['open', 'trace.json', '--port', '5'], 'digdeeper: --port does not apply to digdeeper open (it takes --text, --json, --at, --step, --what-if)'],
		[['report', 'trace.json', '--hints', 'x'], 'digdeeper: --hints does not apply to digdeeper report (it takes --format, --at, --output, --force, --what-if)'],
		[['diff', 'a.json', 'b.json', '-o', 'c.json'], 'digdeeper: --output does not apply to digdeeper diff (it takes --text, --json, --at)'],
		[['lab', '--no-dnssec'], 'digdeeper: --no-dnssec does not apply to digdeeper lab'],
		[['lab', 'serve', '--json'], 'digdeeper: --json does not apply to digdeeper lab serve (it takes --address, --port, --latency-scale, --dir, --lab-tlds, --lab-seed)'],
		[['example.com', '--address', '127.0.0.1'], 'digdeeper: --address does not apply to a trace'],
	] as const) {
		it(`refuses ${args.join(' ')} with one line and exit status 2`, () => refusedInOneLine(args, message));
	}

});

/** The command refuses the arguments with exactly this line on stderr, nothing on stdout, and exit status 2. */
async function refusedWith(args: readonly string[], line: string) {
	const {code, stdout, stderr} = await cli(...args);
	expect({code, stdout, stderr}).toEqual({code: 2, stdout: '', stderr: `${line}\n`});
}

describe('dig and drill habits', () => {
	const versionLine = `digdeeper 0.1.0 (node ${process.version}, dns-packet ${createRequire(import.meta.url)('dns-packet/package.json').version})`;

	for (const flag of ['-v', '-V', '--version']) {
		it(`${flag} prints digdeeper's version with Node's and dns-packet's, and exits 0`, async () => {
			expect(await cli(flag)).toEqual({code: 0, stdout: `${versionLine}\n`, stderr: ''});
		});
	}

	for (const args of [['-h'], ['--help'], ['help'], ['--lab', 'www.nic.bw', '-h'], ['www.example.com', '--help'], ['-h', 'www.example.com']]) {
		it(`digdeeper ${args.join(' ')} prints the help on stdout and exits 0`, async () => {
			const {code, stdout, stderr} = await cli(...args);
			expect({code, stderr}).toEqual({code: 0, stderr: ''});
			expect(stdout).toContain('$ digdeeper <name> [type] @SERVER  the same, with the root\'s servers asked\n                                       of SERVER (as dig +trace @SERVER)');
			expect(stdout).toContain('-t TYPE             the type to ask for (as dig\'s -t; or give it after the\n                        name)');
		});
	}

	it('a command\'s -h is its own help: its usage, the options it takes and no other, the exit status', async () => {
		for (const args of [['survey', '--help'], ['help', 'survey']]) {
			const {code, stdout, stderr} = await cli(...args);
			expect({code, stderr}).toEqual({code: 0, stderr: ''});
			expect(stdout).toMatch(/^\n {2}Usage\n {4}\$ digdeeper survey ZONE… \| --file FILE\n/u);
			expect(stdout).toContain('    --timeout MS        time-out per attempt, ms (default 1500; 10 to 60000)');
			// What survey refuses is not offered, nor the commands that go on from it, which have their own.
			expect(stdout).not.toMatch(/^ {4}(?:--what-if|--watch|--step)|\$ digdeeper survey diff/mu);
			expect(stdout).toContain('    digdeeper survey diff -h: its own help.');
			// Its own exit statuses, not a trace's (survey -h said 0 meant "the trace finished").
			expect(stdout).toContain('  Exit status\n    0    no zone has an error finding\n    1    a zone has an error finding (a name listed that is no zone counts as\n         one)\n');
			expect(stdout).not.toContain('the trace finished');
			// Not the paragraph after the options, though its lines start with a flag.
			expect(stdout).not.toContain('--trust-anchor and --what-if)');
		}
		// A flag that means something else to the command is said in its words: serve listens on --port.
		const serve = await cli('serve', '-h');
		expect(serve.stdout).toContain('    --port N            listen on port N (default 5301)');
		expect(serve.stdout).not.toContain('query every server on port N');
		expect((await cli('lab', '-h')).stdout).toContain('    digdeeper lab takes no options.');
		// The whole help's note of the other commands an option is for is not a command's own: open -h said "also for open".
		const open = (await cli('open', '-h')).stdout;
		expect(open).not.toContain('also for');
		expect(open).toContain('2026-12-01, or +7d/-1d from the trace\'s time) instead of\n                        when the trace was taken\n');
		expect(open).toContain('numbered\n                        transcript (docs/step-through.md)\n');
		expect((await cli('-h')).stdout).toContain('also for open, report, graph');
		// A flag with no entry of its own (its usage line says it) is named, not left out (a break test: report -h had no --format).
		expect((await cli('report', '-h')).stdout).toContain('    Also takes --format, --force (said in the lines above).');
		// Wrapped to the help's 80 columns, its second line under the first flag named.
		expect((await cli('survey', '-h')).stdout).toContain('    Also takes --force, --file, --concurrency, --rate, --shard, --since,\n               --format, --tlds (said in the lines above).');
	});

	it('a command\'s -h says what a flag does for that command: diff --json prints the changes, survey -o names a directory', async () => {
		const diff = (await cli('diff', '-h')).stdout;
		expect(diff).toContain("    --json              what changed, as JSON on stdout: the two traces' start\n                        times and every change\n");
		expect(diff).not.toContain('the snapshot (versioned JSON)');
		const survey = (await cli('help', 'survey')).stdout;
		expect(survey).toContain("    --json              one JSON object per zone as it finishes, then the\n                        survey's summary (NDJSON) on stdout\n");
		expect(survey).toContain('    -o, --output DIR    a directory: each zone\'s snapshot as DIR/ZONE.json,\n');
		expect(survey).not.toMatch(/-o, --output FILE|the snapshot \(versioned JSON\)/u);
		expect((await cli('survey', 'diff', '-h')).stdout).toContain('    --json              the comparison as one JSON object on stdout\n');
		// A trace's are unchanged: its -o is the snapshot's file.
		const trace = (await cli('--help')).stdout;
		expect(trace).toContain('    --json              the snapshot (versioned JSON) on stdout\n');
		expect(trace).toContain('    -o, --output FILE   also write the snapshot to FILE');
	});

	it('with no arguments prints a short usage on stderr and exits 2', async () => {
		const {code, stdout, stderr} = await cli();
		expect({code, stdout}).toEqual({code: 2, stdout: ''});
		expect(stderr.split('\n')).toEqual([
			'Usage: digdeeper [options] NAME [TYPE] [@SERVER]  trace NAME, asking every',
			'                                                  server at every zone cut',
			'       digdeeper --lab [NAME [TYPE]]              the built-in lab: no network',
			'       digdeeper open FILE | report FILE | diff A.json B.json | lab [serve]',
			'digdeeper -h lists every option.',
			'',
		]);
	});

	it('takes the type from -t, as from the word after the name', async () => {
		for (const args of [['-t', 'MX', 'www.example.com'], ['www.example.com', 'MX']]) {
			const {code, stdout} = await cli('--lab', ...args, '--latency-scale', '0', '--json');
			expect(code).toBe(0);
			expect(JSON.parse(stdout).query).toMatchObject({name: 'www.example.com.', type: 'MX'});
		}
	});

	// A lone word is a mistyped command far more often than a top-level domain, which is written with its dot.
	for (const [args, line] of [
		[['hepl'], 'digdeeper: hepl is neither a command nor a name with a dot (did you mean help?); to trace the top-level domain, type hepl.'],
		[['reprot', 'x.json'], 'digdeeper: reprot is neither a command nor a name with a dot (did you mean report?); to trace the top-level domain, type reprot.'],
		[['localhost'], 'digdeeper: localhost is neither a command nor a name with a dot; to trace the top-level domain, type localhost.'],
		[['--lab', 'sm'], 'digdeeper: sm is neither a command nor a name with a dot; to trace the top-level domain, type sm.'],
		// Every command is a word a typo may mean, and a mistyped one is named before an argument too many (a break test).
		[['serv', 'x.json'], 'digdeeper: serv is neither a command nor a name with a dot (did you mean serve?); to trace the top-level domain, type serv.'],
		[['grpah', 'x.json'], 'digdeeper: grpah is neither a command nor a name with a dot (did you mean graph?); to trace the top-level domain, type grpah.'],
		[['survy'], 'digdeeper: survy is neither a command nor a name with a dot (did you mean survey?); to trace the top-level domain, type survy.'],
		[['dif', 'a.json', 'b.json'], 'digdeeper: dif is neither a command nor a name with a dot (did you mean diff?); to trace the top-level domain, type dif.'],
		// Nothing at all: "type ." would have traced the root.
		[['--lab', ''], 'digdeeper: no domain name given: an empty word is no name'],
	] as const) {
		it(`refuses the lone word in digdeeper ${args.join(' ')} rather than trace it from the root`, () => refusedWith(args, line));
	}

	it('traces a top-level domain written with its dot', async () => {
		const {code, stdout} = await cli('--lab', 'sm.', 'NS', '--latency-scale', '0', '--text');
		expect(code).toBe(0);
		expect(stdout).toContain('; digdeeper 0.1.0: sm. NS, every server at every address');
	});

	for (const [args, line] of [
		[['example.com', '--port', 'abc'], 'digdeeper: invalid --port: abc (not a number)'],
		[['example.com', '-p', 'abc'], 'digdeeper: invalid --port: abc (not a number)'],
		[['example.com', '--timeout=soon'], 'digdeeper: invalid --timeout: soon (not a number)'],
		[['example.com', '--port'], 'digdeeper: --port needs a value'],
		[['example.com', '--hints', '--text'], 'digdeeper: --hints needs a value'],
		[['--lab', 'www.example.com', '-o'], 'digdeeper: --output needs a value'],
		[['--lab', 'www.example.com', '--watch=abc'], 'digdeeper: invalid --watch interval: abc (give one such as 30s, 2m or 1h)'],
		[['--lab', 'www.example.com', '--watch', '10x'], 'digdeeper: invalid --watch interval: 10x (give one such as 30s, 2m or 1h)'],
		// A word with no dot after --watch is a mistyped interval, not a name to trace.
		[['--lab', '--watch', 'abc', 'www.gov.bw'], 'digdeeper: invalid --watch interval: abc (give one such as 30s, 2m or 1h)'],
		// An unknown option before the name is named, not answered with the usage (meow took the name for its value).
		[['--frobnicate', 'www.gov.bw'], 'digdeeper: unknown option --frobnicate (digdeeper -h lists them)'],
		[['--Lab', 'www.gov.bw'], 'digdeeper: unknown option --Lab (digdeeper -h lists them)'],
		[['example.com', '-x'], 'digdeeper: unknown option -x (digdeeper -h lists them)'],
		// meow negates any switch: --no-lab after --lab would trace from the real root. Only --no-dnssec and --no-rdap are flags.
		[['--lab', '--no-lab', 'www.example.com'], 'digdeeper: unknown option --no-lab (digdeeper -h lists them)'],
		[['--lab', 'www.example.com', '--no-json', '--text'], 'digdeeper: unknown option --no-json (digdeeper -h lists them)'],
		// meow took `--no-port` after `--port` for a second setting, and threw with a stack trace.
		[['--lab', 'www.example.com', '--text', '-p', '5', '--no-port'], 'digdeeper: unknown option --no-port (digdeeper -h lists them)'],
		// Letters grouped after -4 are not a negative number: meow read -4o as -4 -o and dropped both without a word.
		[['--lab', 'www.example.com', '--text', '-4o', 'x2'], 'digdeeper: unknown option -4o (digdeeper -h lists them)'],
		[['www.example.com', 'MX', '-t', 'A'], 'digdeeper: two types: MX and -t A (give one)'],
	] as const) {
		it(`refuses digdeeper ${args.join(' ')} in one line naming the flag and the value, exit status 2`, () => refusedWith(args, line));
	}

	// The server of `dig +trace @SERVER`: where the root's name servers are asked (the real asking is in test/integration).
	for (const [args, line] of [
		[['www.example.com', '@::1', '-4'], 'digdeeper: @::1 is an IPv6 address, and only IPv4 is asked'],
		[['www.example.com', '@127.0.0.1', '--hints', 'lab.hints'], 'digdeeper: @127.0.0.1 and --hints both say where the root is: give one'],
		[['--lab', 'www.example.com', '@127.77.0.1'], 'digdeeper: @127.77.0.1 does not apply to --lab: the lab brings its own root'],
		[['www.example.com', '@127.0.0.1', '@127.0.0.2'], 'digdeeper: @127.0.0.2: give one @SERVER'],
		[['www.example.com', '@'], 'digdeeper: @ names no server: give an address or a name, as in @127.0.0.1'],
		[['open', 'trace.json', '@127.0.0.1'], "digdeeper: @127.0.0.1 does not apply to digdeeper open: @SERVER is where a trace's root servers are asked of"],
	] as const) {
		it(`refuses digdeeper ${args.join(' ')} in one line, exit status 2`, () => refusedWith(args, line));
	}
});

/**
 * Starts the built command, waits until its output contains `ready`, then interrupts it as Ctrl-C would: how it
 * ended, what it printed, and how long it took to end after the interrupt.
 */
function interrupted(args: string[], ready: string): Promise<{code: number | null; signal: NodeJS.Signals | null; stdout: string; exitMs: number}> {
	return new Promise((resolve) => {
		const child = spawn('node', [CLI, ...args], {env: {...process.env, DIGDEEPER_LOOPBACK_ONLY: '1'}});
		let stdout = '';
		let sent = false;
		let sentAt = 0;
		const interrupt = () => {
			if (sent) return;
			sent = true;
			sentAt = Date.now();
			child.kill('SIGINT');
		};
		child.stdout.on('data', (chunk: Buffer) => {
			stdout += chunk.toString();
			if (stdout.includes(ready)) interrupt();
		});
		if (ready === '') setTimeout(interrupt, 3000);
		child.on('exit', (code, signal) => resolve({code, signal, stdout, exitMs: Date.now() - sentAt}));
	});
}

describe('Ctrl-C', () => {
	it('ends a text trace with exit status 130', async () => {
		// A slow lab: the trace is still running when the interrupt comes.
		const {code, signal, stdout} = await interrupted(['--lab', 'www.nic.bw', '--latency-scale', '100', '--text'], '');
		expect({code, signal, stdout}).toEqual({code: 130, signal: null, stdout: ''});
	}, 20_000);

	it('ends a --watch --text log with exit status 130, after the lines written', async () => {
		const {code, stdout} = await interrupted(['--lab', 'www.example.com', '--watch', '1h', '--text', '--latency-scale', '0'], 'round 1');
		expect(code).toBe(130);
		expect(stdout).toMatch(/round 1 {4}secure {8}watching www\.example\.com\. A/u);
	}, 20_000);

	it('stops a --watch --text log at once: the round in progress is abandoned, the closing line still written', async () => {
		// dns1.btc.bw never answers: every round waits over two seconds for it, and with --watch 1s the second round
		// starts as soon as the first is printed, so the interrupt comes in the middle of it.
		const {code, stdout, exitMs} = await interrupted(['--lab', 'www.nic.bw', '--watch', '1s', '--text', '--latency-scale', '0'], 'watching www.nic.bw. A');
		expect(code).toBe(130);
		expect(exitMs).toBeLessThan(1000);
		expect(stdout).toMatch(/round 1 {4}insecure {6}watching www\.nic\.bw\. A/u);
		expect(stdout).not.toContain('round 2');
		expect(stdout.endsWith('; watch ended after 1 trace: 0 changes\n')).toBe(true);
	}, 20_000);

	it('ends serve FILE with exit status 0: a server runs until Ctrl-C stops it, as lab serve does', async () => {
		const dir = await mkdtemp(path.join(tmpdir(), 'digdeeper-cli-'));
		const file = path.join(dir, 'trace.json');
		expect((await cli('--lab', 'www.example.com', '--latency-scale', '0', '-o', file)).code).toBe(0);
		const {code, signal, stdout} = await interrupted(['serve', file, '--port', '5386'], 'Ctrl-C stops.');
		expect({code, signal}).toEqual({code: 0, signal: null});
		expect(stdout).toMatch(/^Replaying .*'s trace of www\.example\.com\. A: /u);
	}, 20_000);

	it('stops a --watch --json log at once too, with nothing after the lines written', async () => {
		const {code, stdout, exitMs} = await interrupted(['--lab', 'www.nic.bw', '--watch', '1s', '--json', '--latency-scale', '0'], '"baseline"');
		expect(code).toBe(130);
		expect(exitMs).toBeLessThan(1000);
		expect(stdout.trim().split('\n').map((line) => JSON.parse(line).round)).toEqual([1]);
	}, 20_000);
});

/** Runs the command in a shell pipeline into `head` (a real pipe, as a user types it): what head printed, then our status. */
function intoHead(head: string, ...args: string[]): Promise<{read: string; status: number; stderr: string}> {
	return new Promise((resolve) => {
		const script = `node "$@" | head ${head}; echo "<status \${PIPESTATUS[0]}>"`;
		const child = spawn('bash', ['-c', script, 'bash', CLI, ...args], {env: {...process.env, DIGDEEPER_LOOPBACK_ONLY: '1'}});
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (chunk: Buffer) => {
			stdout += chunk.toString();
		});
		child.stderr.on('data', (chunk: Buffer) => {
			stderr += chunk.toString();
		});
		child.on('close', () => {
			const [, read = '', status = ''] = /^([\s\S]*)<status (\d+)>\n$/u.exec(stdout) ?? [];
			resolve({read, status: Number(status), stderr});
		});
	});
}

describe('a reader that closes the pipe early', () => {
	it('ends --json quietly, with the status dig has when killed by SIGPIPE', async () => {
		const {read, status, stderr} = await intoHead('-c 10', '--lab', 'www.nic.bw', '--json', '--latency-scale', '0');
		expect(read).toBe('{"schema":');
		expect(stderr).toBe('');
		expect(status).toBe(141);
	});

	it('ends a --watch --text log quietly after the lines read', async () => {
		// A healthy story: a dead server costs every round a few seconds of time-outs, which is not what this is about.
		const {read, status, stderr} = await intoHead('-2', '--lab', 'www.example.com', '--watch', '1s', '--text', '--count', '5', '--latency-scale', '0');
		expect(read.split('\n')).toHaveLength(3);
		expect(read).toMatch(/^\d{4}-\d\d-\d\dT.*round 1 {4}secure {8}watching www\.example\.com\. A/u);
		expect(stderr).toBe('');
		expect(status).toBe(141);
	}, 20_000);
});

describe('an output that cannot be written', () => {
	const intoFullDisk = (...args: string[]) =>
		new Promise<{status: number; stderr: string}>((resolve) => {
			const child = spawn('bash', ['-c', 'node "$@" > /dev/full', 'bash', CLI, ...args], {env: {...process.env, DIGDEEPER_LOOPBACK_ONLY: '1'}});
			let text = '';
			child.stderr.on('data', (chunk: Buffer) => {
				text += chunk.toString();
			});
			child.on('close', (code) => resolve({status: code ?? -1, stderr: text}));
		});

	it('says so in one line, with status 1, not a stack trace (a full disk: /dev/full)', async () => {
		expect(await intoFullDisk('--lab', 'www.example.com', '--text', '--latency-scale', '0')).toEqual({status: 1, stderr: 'digdeeper: cannot write standard output: ENOSPC\n'});
	}, 20_000);

	it('leaves no temporary folder behind when lab serve cannot write its output', async () => {
		const tmp = await mkdtemp(path.join(tmpdir(), 'digdeeper-cli-tmp-'));
		const {status} = await new Promise<{status: number}>((resolve) => {
			const child = spawn('bash', ['-c', 'node "$@" > /dev/full 2>/dev/null', 'bash', CLI, 'lab', 'serve', '--port', '5386'], {env: {...process.env, DIGDEEPER_LOOPBACK_ONLY: '1', TMPDIR: tmp}});
			child.on('close', (code) => resolve({status: code ?? -1}));
		});
		expect(status).toBe(1);
		expect(await readdir(tmp)).toEqual([]);
	}, 20_000);

	it('goes on when standard error cannot be written: the output and the status stand (a note, a usage error)', async () => {
		const run = (script: string, ...args: string[]) =>
			new Promise<{status: number; stdout: string}>((resolve) => {
				const child = spawn('bash', ['-c', script, 'bash', CLI, ...args], {env: {...process.env, DIGDEEPER_LOOPBACK_ONLY: '1'}});
				let stdout = '';
				child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
				child.on('close', (code) => resolve({status: code ?? -1, stdout}));
			});
		// The lab has no such name: a note on standard error says so after the trace.
		const noted = await run('node "$@" 2>/dev/full', '--lab', 'www.nosuch.example', '--text', '--latency-scale', '0');
		expect(noted.status).toBe(0);
		expect(noted.stdout).toMatch(/^;; NXDOMAIN from \., /mu);
		expect((await run('node "$@" 2>/dev/full', 'bogus', 'words', 'here')).status).toBe(2);
	}, 20_000);

	// Each of these made Node's stream for standard output (a stack trace when its error came a turn later) or printed
	// through meow's console.log (nothing said, status 0).
	for (const args of [['--help'], ['help'], ['lab'], ['--lab', 'www.example.com', '--report', '--latency-scale', '0']]) {
		it(`says so for digdeeper ${args.join(' ')} too`, async () => {
			expect(await intoFullDisk(...args)).toEqual({status: 1, stderr: 'digdeeper: cannot write standard output: ENOSPC\n'});
		}, 20_000);
	}
});
