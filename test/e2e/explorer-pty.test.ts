import {copyFile, mkdir, readdir, readFile, symlink, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {afterAll, afterEach, describe, expect, it} from 'vitest';
import {CLI} from '../helpers/cli.js';
import {tmuxServer} from '../helpers/tmux.js';
import {missingTools, titled} from '../helpers/tools.js';

const missing = missingTools('tmux');

const sessions: string[] = [];
const {tmux, stop, folder} = tmuxServer();

afterEach(async () => {
	for (const session of sessions.splice(0)) await tmux('kill-session', '-t', session).catch(() => {});
});
afterAll(stop);

/**
 * Starts the built CLI in a real pseudo-terminal (a tmux pane of the given size). CI is unset for it: a person's
 * terminal. When it ends, the shell runs `then` in the same terminal.
 */
async function start(args: string, size = {columns: 100, rows: 30}, cwd?: string, then = 'sleep 30'): Promise<{screen: () => Promise<string>; keys: (...keys: string[]) => Promise<void>; cursorShown: () => Promise<boolean>; title: () => Promise<string>}> {
	const session = `digdeeper-e2e-${process.pid}-${sessions.length}`;
	sessions.push(session);
	await tmux('new-session', '-d', '-s', session, '-x', String(size.columns), '-y', String(size.rows), ...(cwd ? ['-c', cwd] : []), `env -u CI TERM=xterm-256color node ${CLI} ${args}; ${then}`);
	return {
		screen: async () => (await tmux('capture-pane', '-p', '-t', session)).stdout,
		cursorShown: async () => (await tmux('display-message', '-p', '-t', session, '#{cursor_flag}')).stdout.trim() === '1',
		title: async () => (await tmux('display-message', '-p', '-t', session, '#{pane_title}')).stdout.trim(),
		keys: async (...keys) => {
			for (const key of keys) {
				await tmux('send-keys', '-t', session, key);
				await new Promise((resolve) => setTimeout(resolve, 120));
			}
		},
	};
}

/** After digdeeper: its exit status, and the terminal's line discipline (raw mode turns these three off). */
const AFTER_EXIT = 'echo "exit status $?"; stty -a | tr -s " ;" "\\n\\n" | grep -E "^-?(icanon|echo|isig)$" | tr "\\n" " "; echo; sleep 30';

async function screenWhere(screen: () => Promise<string>, condition: (text: string) => boolean, what: string): Promise<string> {
	let last = '';
	for (let attempt = 0; attempt < 100; attempt++) {
		last = await screen();
		if (condition(last)) return last;
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
	throw new Error(`the screen never showed ${what}:\n${last}`);
}

describe.skipIf(missing !== undefined)(titled('the explorer in a real terminal', missing), () => {
	it('shows the tree and the grid, compares two servers, opens help, exports, and quits', async () => {
		const dir = await folder('digdeeper-e2e-');
		const {screen, keys} = await start('--lab www.example.net --latency-scale 0.1 --timeout 300', {columns: 100, rows: 30}, dir);

		const grid = await screenWhere(screen, (text) => text.includes('example.net. — 4 server addresses'), 'the example.net. grid');
		expect(grid).toContain('▾ example.net.');
		expect(grid).toContain('REFUSED');
		// At 100 columns the serial is a few pages of columns away (> pages them): each > shows the next page.
		const before = (text: string) => /(\d+) columns? before/u.exec(text)?.[1] ?? '0';
		let serials = grid;
		// The columns come in priority order (where the servers differ first), so the serial's page varies: up to the last.
		for (let page = 0; page < 20 && !serials.includes('a month)') && /more columns?: >/u.test(serials); page++) {
			const shown = before(serials);
			await keys('>');
			serials = await screenWhere(screen, (text) => before(text) !== shown, 'the next page of columns');
		}
		// The lag with its age, whole: beside the server and its address, or under them when too wide to stand beside.
		expect(serials).toMatch(/ns4\.example\.net\. +127\.77\.113\.4[^\n]*(?:\n[^\n]*│ +)?[^\n]*2024010100 \(-10000, about a month\)/u);

		for (const address of ['127.77.13.1', '127.77.113.4']) {
			await keys('/');
			await keys(address, 'Enter', 'Space');
		}
		await screenWhere(screen, (text) => text.includes('2 marked for compare'), 'two marks');
		await keys('c');
		const compare = await screenWhere(screen, (text) => text.includes('Comparing 2 responses'), 'the compare view');
		expect(compare).toContain('192.0.2.30');
		expect(compare).toContain('192.0.2.99');

		await keys('Escape', '?');
		const help = await screenWhere(screen, (text) => text.includes('Ctrl-C always quits'), 'the help overlay');
		expect(help).toContain('mark for compare');

		await keys('Escape', 'e');
		const exported = await screenWhere(screen, (text) => text.includes('snapshot written to'), 'the export message');
		const files = (await readdir(dir)).filter((file) => file.startsWith('digdeeper-www.example.net-'));
		expect(files).toHaveLength(1);
		// The status line cuts a long path in its middle: the file's own end (its time, and whether it is unfinished) shows.
		expect(exported).toContain(files[0]!.slice(-24));
		expect(JSON.parse(await readFile(path.join(dir, files[0]!), 'utf8')).schema).toBe('digdeeper/snapshot@4');

		await keys('q');
		await screenWhere(screen, (text) => !text.includes('example.net. — 4 server addresses'), 'the explorer gone');
	}, 60_000);

	it('o opens a snapshot in place of the trace, and D calls the trace it replaced by what it is now: not "this trace"', async () => {
		const dir = await folder('digdeeper-e2e-open-');
		const {execFile} = await import('node:child_process');
		await new Promise<void>((resolve, reject) => execFile('node', [CLI, '--lab', 'www.nic.bw', '--latency-scale', '0', '--timeout', '300', '--what-if', 'down dns2.btc.bw', '-o', path.join(dir, 'b.json'), '--text'], {env: {...process.env, DIGDEEPER_LOOPBACK_ONLY: '1'}}, (error) => (error && error.code !== 1 ? reject(error) : resolve())));
		const {screen, keys} = await start('--lab www.nic.bw --latency-scale 0 --timeout 300', {columns: 100, rows: 30}, dir);
		await screenWhere(screen, (text) => /done at/u.test(text), 'the trace done');
		await keys('o');
		await keys('b.json', 'Enter');
		await screenWhere(screen, (text) => text.includes('opened b.json; D compares it with the trace it replaced'), 'the file opened');
		await keys('D');
		const changes = await screenWhere(screen, (text) => text.includes('before:') && text.includes('after:'), 'the changes');
		expect(changes).toContain('(the trace it replaced)');
		expect(changes).not.toContain('(this trace)');
	}, 60_000);

	it("opens a watch's -o DIR as its newest round, and says which file on its status line", async () => {
		const dir = await folder('digdeeper-e2e-watch-dir-');
		const {execFile} = await import('node:child_process');
		await new Promise<void>((resolve, reject) => execFile('node', [CLI, '--lab', 'www.example.com', '--latency-scale', '0', '--watch', '1s', '--count', '2', '--text', '-o', path.join(dir, 'rounds')], {env: {...process.env, DIGDEEPER_LOOPBACK_ONLY: '1'}}, (error) => (error ? reject(error) : resolve())));
		const newest = (await readdir(path.join(dir, 'rounds'))).sort().at(-1)!;
		const {screen} = await start('open rounds', {columns: 120, rows: 30}, dir);
		await screenWhere(screen, (text) => text.includes(`opened ${newest}, the watch's newest of 2 rounds`), 'the newest round named');
		// A newer round that is no snapshot: the one before it opens, and the status line says what was skipped.
		await writeFile(path.join(dir, 'rounds', 'digdeeper-www.example.com-2999-01-01T00-00-00-000Z.json'), '{}');
		const skipped = await start('open rounds', {columns: 240, rows: 30}, dir);
		await screenWhere(skipped.screen, (text) => text.includes(`skipped a newer round: digdeeper-www.example.com-2999-01-01T00-00-00-000Z.json (not a digdeeper snapshot); opened ${newest}, the watch's newest of 3 rounds that reads as a snapshot`), 'the skipped round named');
		// At 80 columns the status line is cut at its end: the skip comes first, so the user still learns that the newest round did not open.
		const narrow = await start('open rounds', {columns: 80, rows: 24}, dir);
		await screenWhere(narrow.screen, (text) => text.includes('skipped a newer round: digdeeper-www.example.com-2999-01-01T00-00-00-000Z.json'), 'the skip said at 80 columns');
	}, 60_000);

	it('watches the registry restore puri.sm: announced, marked Δ, listed by D, drawn by t', async () => {
		const {screen, keys} = await start('--lab www.puri.sm --latency-scale 0.1 --watch 1s --quiet', {columns: 110, rows: 34});
		const announced = await screenWhere(screen, (text) => /#3 [\d:]+: \d+ changes/u.test(text), 'the third round announced');
		expect(announced).toContain('lab: the registrar pays');
		expect(announced).toMatch(/Δ.*puri\.sm\./u);
		await keys('D');
		const diff = await screenWhere(screen, (text) => text.includes('Changes in www.puri.sm. A'), 'the changes');
		expect(diff).toMatch(/zone\s+not reached\s+→ reached/u);
		expect(diff).toMatch(/− resolved\s+error DELEGATION_MISSING/u);
		await keys('Escape', 't');
		const timeline = await screenWhere(screen, (text) => text.includes('Timeline:'), 'the timeline');
		expect(timeline).toMatch(/dns\.omniway\.sm\. 127\.77\.2\.1\s+●●●+\s+referral/u);
		// The registry hold is the outage (an error found beside the NXDOMAIN): bad, not "partly wrong".
		expect(timeline).toMatch(/outcome\s+✗✗●+\s+answer from puri\.sm\./u);
		await keys('q');
	}, 60_000);

	it('quits on Ctrl-C while the trace is still running, and leaves the terminal as it found it', async () => {
		const {screen, keys, cursorShown} = await start('--lab www.nic.bw --latency-scale 20 --timeout 5000', {columns: 100, rows: 30}, undefined, AFTER_EXIT);
		await screenWhere(screen, (text) => text.includes(' pending, '), 'the trace running');
		await keys('C-c');
		const after = await screenWhere(screen, (text) => /icanon/u.test(text), 'digdeeper gone and the terminal settings');
		expect(after).toContain('exit status 130');
		expect(after).toMatch(/^isig icanon echo\s*$/mu);
		expect(await cursorShown()).toBe(true);
	}, 60_000);

	it('suspends on Ctrl-Z with the terminal the shell needs, and draws itself again on fg', async () => {
		const session = `digdeeper-e2e-${process.pid}-${sessions.length}`;
		sessions.push(session);
		// An interactive shell, for its job control: it stops the process, says so, and continues it on fg.
		await tmux('new-session', '-d', '-s', session, '-x', '80', '-y', '24', 'env -u CI TERM=xterm-256color PS1="$ " bash --norc --noprofile -i');
		const screen = async () => (await tmux('capture-pane', '-p', '-t', session)).stdout;
		const type = async (...keys: string[]) => {
			for (const key of keys) await tmux('send-keys', '-t', session, key);
		};
		// Under a parent (as npm start runs it): the whole group stops, or the parent waits on and the shell never returns.
		await type(`sh -c 'node ${CLI} --lab www.example.com --latency-scale 0'`, 'Enter');
		await screenWhere(screen, (text) => /\bdone (?:at )?[\d.]+ m?s\b/u.test(text), 'the trace done');
		await type('C-z');
		await screenWhere(screen, (text) => /Stopped +sh -c /u.test(text), 'the shell saying the job stopped');
		// Before, raw mode took Ctrl-Z from the terminal and nothing happened: the fg typed next was f, g and Enter.
		await type('stty -a | tr -s " ;" "\\n\\n" | grep -E "^-?(icanon|echo|isig)$" | tr "\\n" " "; echo', 'Enter');
		await screenWhere(screen, (text) => /^isig icanon echo\s*$/mu.test(text), 'the line discipline the shell needs');
		// Resized while stopped: told to the shell, not to digdeeper, which draws at the new size once back.
		await tmux('resize-window', '-t', session, '-x', '70', '-y', '22');
		await type('fg', 'Enter');
		// The whole frame drawn again (Ink writes only a frame that differs from its last), at 70 columns.
		const back = await screenWhere(screen, (text) => /^(?:digdeeper )?www\.example\.com\. A/u.test(text) && /\? help · q quit$/mu.test(text), 'the explorer back');
		expect(back).not.toContain('Stopped');
		expect(Math.max(...back.split('\n').map((row) => [...row].length))).toBeLessThanOrEqual(70);
		await type('q');
		const shell = async () => `running ${(await tmux('display-message', '-p', '-t', session, '#{pane_current_command}')).stdout.trim()}`;
		await screenWhere(shell, (text) => text === 'running bash', 'the shell in the foreground again');
	}, 60_000);

	// Shorter than the frame: Ink draws it again on a cleared screen, and wrote it without its last newline. At 7 rows
	// the explorer's least frame fills the terminal, which Ink writes without one on purpose.
	for (const rows of [24, 7]) {
		it(`leaves the cursor on a line of its own after the terminal was made ${rows} rows, so the prompt does not join the key line`, async () => {
			const {screen, keys} = await start('--lab www.example.com --latency-scale 0', {columns: 100, rows: 30}, undefined, AFTER_EXIT);
			await screenWhere(screen, (text) => /\bdone (?:at )?[\d.]+ m?s\b/u.test(text), 'the trace done');
			await tmux('resize-window', '-t', sessions.at(-1)!, '-x', '80', '-y', String(rows));
			await screenWhere(screen, (text) => text.trimEnd().split('\n').length <= rows && /\? help · q quit$/mu.test(text), `the frame at 80×${rows}`);
			await keys('q');
			const after = await screenWhere(screen, (text) => /icanon/u.test(text), 'digdeeper gone and the terminal settings');
			// Before: "… · ? help · q quitexit status 0".
			expect(after).toMatch(/\? help · q quit\nexit status 0$/mu);
		}, 60_000);
	}

	it("leaves the story picker's help line whole when it quits in a short terminal, the prompt on a line of its own", async () => {
		const {screen, keys} = await start('--lab', {columns: 80, rows: 10}, undefined, 'echo "exit status $?"; sleep 30');
		await screenWhere(screen, (text) => text.includes('› www.puri.sm'), 'the picker');
		await keys('q');
		const after = await screenWhere(screen, (text) => text.includes('exit status'), 'the picker gone');
		expect(after).toMatch(/q quit {2}\(1\/\d+\)\nexit status 0$/mu);
	}, 60_000);

	// 0 says the trace finished: a trace left half-way has no outcome a script could trust.
	it('exits 1 on q while the trace is still running, at 80×24, with the terminal restored', async () => {
		const {screen, keys, cursorShown} = await start('--lab www.nic.bw --latency-scale 20 --timeout 5000', {columns: 80, rows: 24}, undefined, AFTER_EXIT);
		await screenWhere(screen, (text) => text.includes(' pending, '), 'the trace running');
		await keys('q');
		const after = await screenWhere(screen, (text) => /icanon/u.test(text), 'digdeeper gone and the terminal settings');
		expect(after).toMatch(/^exit status 1$/mu);
		expect(after).toMatch(/^isig icanon echo\s*$/mu);
		expect(await cursorShown()).toBe(true);
	}, 60_000);

	for (const [story, size, outcome, status] of [
		['tox.im --timeout 50 --retries 0', {columns: 80, rows: 24}, 'FAILURE at tox.im.', 1],
		['www.example.com', {columns: 120, rows: 32}, 'ANSWER from example.com.', 0],
	] as const) {
		it(`exits ${status} on q after "${outcome}" at ${size.columns}×${size.rows}, as --text does, with the terminal restored`, async () => {
			const {screen, keys, cursorShown} = await start(`--lab ${story} --latency-scale 0`, size, undefined, AFTER_EXIT);
			// Finished: the header's clock says "done". Between the walk's end and the analysis's, nothing is in flight and the
			// verdict may already read as the outcome, but the trace is not done: q there is a trace left half-way (status 1).
			await screenWhere(screen, (text) => text.includes(outcome) && /\bdone (?:at )?[\d.]+ m?s\b/u.test(text), 'the finished trace');
			await keys('q');
			const after = await screenWhere(screen, (text) => /icanon/u.test(text), 'digdeeper gone and the terminal settings');
			expect(after).toContain(`exit status ${status}`);
			expect(after).toMatch(/^isig icanon echo\s*$/mu);
			expect(await cursorShown()).toBe(true);
		}, 60_000);
	}

	it('marks a trace given --what-if WHAT-IF from its first frame, at 80×24: measured while it runs, then assumed', async () => {
		const {screen, keys} = await start(`--lab www.nic.bw --latency-scale 5 --what-if 'zone-down bw'`, {columns: 80, rows: 24});
		const running = await screenWhere(screen, (text) => text.includes('first reply'), 'the walk measuring');
		expect(running).toMatch(/^WHAT-IF next · www\.nic\.bw\. A · . \d+ out, /mu);
		expect(running).toContain('measuring (the what-if follows)… first reply: ANSWER from bw.');
		const done = await screenWhere(screen, (text) => text.includes('FAILURE at bw.'), 'the changes assumed');
		expect(done).toMatch(/^WHAT-IF · www\.nic\.bw\. A · done [\d.]+ m?s · \d+ queries, 2 zones$/mu);
		await keys('q');
	}, 60_000);

	it('ends with the one line and status 2 of a --what-if that names nothing in the trace, the terminal restored', async () => {
		const {screen, cursorShown} = await start(`--lab www.nic.bw --latency-scale 0 --timeout 200 --what-if 'down nosuch.example.'`, {columns: 80, rows: 24}, undefined, AFTER_EXIT);
		const after = await screenWhere(screen, (text) => /icanon/u.test(text), 'digdeeper gone and the terminal settings');
		// Before, the rejection ended the process with Node's dump of the bundle's source, and status 1.
		expect(after).toContain('digdeeper: invalid --what-if "down nosuch.example.": nosuch.example. is neither\nan address nor a name server asked in this trace\nexit status 2');
		expect(after).not.toMatch(/at \S+ \(/u);
		expect(after).toMatch(/^isig icanon echo\s*$/mu);
		expect(await cursorShown()).toBe(true);
	}, 60_000);

	it('shows the name it was given escaped on its first line, before the name is even checked', async () => {
		// The shell builds the name: ESC [2J would clear the screen, ESC ]0; set the window title.
		const {screen, title} = await start(`--lab "$(printf 'www.\\033[2J\\033]0;pwned\\007x.com')"`, {columns: 100, rows: 30});
		const shown = await screenWhere(screen, (text) => text.includes('invalid name'), 'the usage error');
		const starting = shown.split('\n').filter((line) => line.includes('starting…'));
		expect(starting.length).toBeGreaterThan(0);
		for (const line of starting) expect(line).toBe('digdeeper www.\\027[2J\\027]0;pwned\\007x.com  ·  starting…');
		expect(await title()).not.toBe('pwned');
	}, 60_000);

	it('lets a newcomer find what broke on www.puri.sm in two keys, in 80×24', async () => {
		const {screen, keys} = await start('--lab www.puri.sm --latency-scale 0.1', {columns: 80, rows: 24});
		const first = await screenWhere(screen, (text) => text.includes('NXDOMAIN from sm.') && text.includes('1 error'), 'the outcome');
		expect(first.trimEnd().split('\n').length).toBeLessThanOrEqual(24);
		await keys('f');
		// The zone's grid names the finding too: wait for the findings list itself.
		const findings = await screenWhere(screen, (text) => text.includes('worst first') && text.includes('DELEGATION_MISSING'), 'the finding');
		// The registry's word (RDAP), the registrar to call by name and contact, and when users see the restoration.
		expect(findings).toContain('puri.sm.: the registry has it on server hold; the sm. servers say it does not');
		expect(findings).toContain('Who can fix it: the registrar: Lab Registrar S.r.l., IANA ID 9999,\nabuse@registrar.example, +1.5555550100; the registry (TLD operator): .sm,');
		expect(findings).toContain('Once it is fixed, resolvers that cached the denial see the change within 1 hour');
		await keys('q');
	}, 60_000);
	it("says in one line, exit status 1, that the explorer's script is missing from a broken install", async () => {
		// The built command without its explorer's script (dist/explorer-HASH.cjs): a copy of the rest beside the project's
		// node_modules.
		const dir = await folder('digdeeper-e2e-broken-');
		await mkdir(path.join(dir, 'dist'));
		for (const file of await readdir('dist')) if (/^(?:cli|link-thread|rdap-thread)\.cjs$|^digdeeper-\w+\.cjs(?:\.cache)?$/u.test(file)) await copyFile(path.join('dist', file), path.join(dir, 'dist', file));
		await copyFile('package.json', path.join(dir, 'package.json'));
		await symlink(path.resolve('node_modules'), path.join(dir, 'node_modules'));
		const session = `digdeeper-e2e-${process.pid}-${sessions.length}`;
		sessions.push(session);
		await tmux('new-session', '-d', '-s', session, '-x', '200', '-y', '10', `env -u CI TERM=xterm-256color node ${path.join(dir, 'dist/cli.cjs')} --lab www.example.com; ${AFTER_EXIT}`);
		const screen = await screenWhere(async () => (await tmux('capture-pane', '-p', '-t', session)).stdout, (text) => text.includes('exit status'), 'the exit status');
		expect(screen).toMatch(/^digdeeper: cannot read the explorer's script .*dist\/explorer-\w+\.cjs \(ENOENT\): install digdeeper again$/mu);
		expect(screen).toContain('exit status 1');
		expect(screen).not.toMatch(/^ {4}at /mu);
	});
});
