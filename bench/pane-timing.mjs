// Timing what a terminal shows without taking the CPU from what is timed. On this project's 2-core machine a bench
// that spins on a file's size (or spawns `tmux capture-pane` every 2 ms) holds a core while the explorer, the tmux
// server and the pane's `cat` share the other: the figure grew with the bench's own load (bench/README.md, "Session
// 29"). Here the wait is the kernel's: an inotify watch on the file that `tmux pipe-pane` copies the pane's output to.
import {execFileSync, spawn} from 'node:child_process';
import {readFileSync, rmSync, statSync, watch, writeFileSync} from 'node:fs';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Resolves with the time (performance.now()) at which `ready()` first holds, checked whenever `file` changes; `start`
 * runs once the watch is set (a key sent before it could be answered before anything listens).
 */
export function whenFile(file, ready, timeoutMs, start = () => {}) {
	return new Promise((resolve) => {
		const done = (at) => {
			watcher.close();
			clearTimeout(timer);
			resolve(at);
		};
		const timer = setTimeout(() => done(undefined), timeoutMs);
		const watcher = watch(file, () => {
			if (ready()) done(performance.now());
		});
		start();
		if (ready()) done(performance.now());
	});
}

/**
 * Keys typed into panes by one tmux client in control mode (`tmux -C`: it reads commands on its standard input),
 * started once and kept for the whole run, attached to `session` (any session of the server: the keys name their
 * pane). Until session 33 each key started a `tmux send-keys` client process, and that start, 12-16 ms on this
 * project's machine, was inside every key's figure (bench/README.md, "Session 33"). `press` returns at once: the
 * frame's arrival is noticed on this process's event loop.
 */
export async function keyPresser(socketArgs, session) {
	const client = spawn('tmux', [...socketArgs, '-C', 'attach-session', '-t', session], {stdio: ['pipe', 'pipe', 'ignore']});
	let exited = false;
	client.once('exit', () => {
		exited = true;
	});
	// Attached once it says the session is its own; an attach that failed (no such session, no server) says %error
	// and %exit instead, and a key written after would be lost without a word.
	await new Promise((resolve, reject) => {
		let said = '';
		const read = (chunk) => {
			said += chunk;
			if (/^%(?:error|exit)/mu.test(said)) reject(new Error(`tmux -C attach-session -t ${session}: ${said.trim()}`));
			else if (/^%session-changed /mu.test(said)) {
				client.stdout.off('data', read);
				resolve();
			}
		};
		client.stdout.on('data', read);
		client.once('error', reject);
		client.once('exit', (code) => reject(new Error(`tmux -C attach-session -t ${session} exited (${code}) before it read a command`)));
	});
	client.stdout.resume();
	return {
		// Quoted for tmux's command parser (`;` and `#` are its own); no bench key holds a quote.
		press(target, key) {
			if (exited) throw new Error('the tmux control client has exited: the key would be lost');
			client.stdin.write(`send-keys -t ${target} '${key}'\n`);
		},
		close: () => client.stdin.end(),
	};
}

/**
 * The terminal's own part of a key's figure: keys pressed into a pane running `cat` in raw mode, as Ink runs the
 * explorer (each key read by the process and written back at once, not echoed by the terminal's line discipline),
 * timed as the explorer's are. Resolves with the p95 in ms (undefined if no key came back).
 */
export async function terminalFloor(tmux, presser, file, count = 30) {
	const session = `floor-${process.pid}`;
	tmux('new-session', '-d', '-s', session, '-x', '120', '-y', '40', 'stty raw -echo; exec cat');
	try {
		await sleep(200);
		const log = paneLog(tmux, session, file);
		await sleep(200);
		const latencies = [];
		for (let index = 0; index < count; index++) {
			const before = log.size();
			const sent = performance.now();
			const echoed = await whenFile(file, () => log.size() !== before, 2000, () => presser.press(session, 'j'));
			if (echoed !== undefined) latencies.push(echoed - sent);
			await sleep(30);
		}
		const sorted = latencies.sort((a, b) => a - b);
		return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)];
	} finally {
		tmux('kill-session', '-t', session);
	}
}

/** An empty file that `tmux pipe-pane` appends the pane's output to. */
export function paneLog(tmux, session, file) {
	writeFileSync(file, '');
	tmux('pipe-pane', '-t', session, '-o', `cat >> ${file}`);
	return {
		file,
		size: () => statSync(file).size,
		text: () => readFileSync(file, 'latin1'),
	};
}

/**
 * From the process's start to each of the first `times` outputs containing `marker` (ms each), in a pane of
 * `columns`×`rows`. The pane's shell waits for a line on standard input, notes the clock (`date +%s%N`) and `exec`s
 * the command, so the figures start where the process does: not at tmux's own start, nor at the shell's.
 */
export async function outputsFromStart(tmux, {session, command, marker, times = 1, file, columns = 100, rows = 30}) {
	const clock = `${file}.start`;
	rmSync(clock, {force: true});
	tmux('new-session', '-d', '-s', session, '-x', String(columns), '-y', String(rows), `read -r _; date +%s%N > ${clock}; exec ${command}`);
	const log = paneLog(tmux, session, file);
	// The pane's `cat` is started by tmux after pipe-pane returns.
	await sleep(150);
	tmux('send-keys', '-t', session, 'Enter');
	const seen = [];
	for (let count = 1; count <= times; count++) {
		const at = await whenFile(file, () => log.text().split(marker).length > count, 10_000);
		if (at === undefined) throw new Error(`"${marker}" not shown ${count} times within 10 s: ${command}`);
		seen.push(performance.timeOrigin + at);
	}
	let started = '';
	while (started === '') {
		try {
			started = readFileSync(clock, 'utf8').trim();
		} catch {
			// Not written yet: the shell writes it before the command starts, so it is there by now or in a moment.
		}
		if (started === '') await sleep(1);
	}
	return seen.map((at) => at - Number(started) / 1e6);
}

/** `date +%s%N` against this process's clock: the two must agree for outputsFromStart's figures to mean anything. */
export function clockSkewMs() {
	const before = performance.timeOrigin + performance.now();
	const date = Number(execFileSync('date', ['+%s%N'], {encoding: 'utf8'}).trim()) / 1e6;
	const after = performance.timeOrigin + performance.now();
	return date < before ? date - before : date > after ? date - after : 0;
}
