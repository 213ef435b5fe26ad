// The survey's explorer under load, in a real pseudo-terminal (tmux): key press to frame on a 1,500-zone survey.
// Run after `npm run build`: node bench/survey-ui.mjs (BENCH_TLDS=N for another size, BENCH_DEBUG=1 for each key).
import {readdirSync, readFileSync, writeFileSync} from 'node:fs';
import {mkdtemp, rm} from 'node:fs/promises';
import {loadavg, tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {generateRoot} from '../dist/lab/generated-root.js';
import {keyPresser, paneLog, terminalFloor, whenFile} from './pane-timing.mjs';
import {keepServer, stopServer, TMUX_ARGS, tmux} from './tmux-server.mjs';

const screen = (session) => tmux('capture-pane', '-p', '-t', session);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const TARGET_MS = 30;

/**
 * The CPU time a process has had, in ms, over all its threads (the main thread, the GC's helpers, libuv's pool): the
 * scheduler's own count in nanoseconds (`/proc/PID/task/TID/schedstat`), not the clock, so it does not grow while
 * the process waits for one of the machine's two cores that other jobs hold.
 */
function cpuMs(pid) {
	let ns = 0;
	for (const task of readdirSync(`/proc/${pid}/task`)) {
		try {
			ns += Number(readFileSync(`/proc/${pid}/task/${task}/schedstat`, 'utf8').split(' ')[0]);
		} catch {
			// A thread that ended between the listing and the read has nothing more to count.
		}
	}
	return ns / 1e6;
}

const percentile = (values, p) => {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * p) - 1)];
};

/**
 * A real survey of the generated root's TLDs (`survey --lab --lab-tlds N`, every zone walked and analysed, its
 * snapshot written), run in the terminal until its list is on screen; then keys, each timed from `send-keys` to the
 * explorer's next write (copied to a file by `tmux pipe-pane`, watched: pane-timing.mjs), the frame left to finish
 * before the next key.
 */
export async function measureSurveyUi(cli, tlds = 1500) {
	const dir = await mkdtemp(path.join(tmpdir(), 'digdeeper-bench-survey-'));
	const list = path.join(dir, 'tlds.txt');
	writeFileSync(list, `${generateRoot({tlds}).truth.map((truth) => truth.tld).join('\n')}\n`);
	const session = `bench-survey-${process.pid}`;
	// The lab answers in process: the rate per address is raised so the survey takes a minute, not the polite default's five.
	const started = performance.now();
	keepServer();
	let presser;
	tmux('new-session', '-d', '-s', session, '-x', '120', '-y', '40', `exec env -u CI TERM=xterm-256color DIGDEEPER_LOOPBACK_ONLY=1 node ${cli} survey --lab --lab-tlds ${tlds} --rate 1000 --file ${list} -o ${path.join(dir, 'snapshots')}`);
	try {
		while (!screen(session).includes(`${tlds} zones in`)) await sleep(200);
		const surveyMs = performance.now() - started;
		await sleep(500);
		const log = paneLog(tmux, session, path.join(dir, 'pane.log'));
		presser = await keyPresser(TMUX_ARGS, 'keeper');
		await sleep(200);
		const written = log.size;
		// The pane runs node itself (exec): its process is the explorer's.
		const pid = tmux('list-panes', '-t', session, '-F', '#{pane_pid}').trim();
		// What the survey leaves in memory under the list: the suspect for keys slower after 1,500 zones than after 200.
		const rssMb = Number(/VmRSS:\s+(\d+)/u.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;
		const latencies = [];
		const cpu = [];
		const keys = [...Array(20).fill('j'), 'PageDown', 'PageDown', 'PageUp', 'G', ...Array(10).fill('k'), 'g', 's', 's', 's', 'Escape', '/', 'a', 'b', 'Enter', 'j', 'j', 'Escape', 'PageDown', 'End', 'Home', '?', 'Escape'];
		for (const key of keys) {
			const before = written();
			const cpuBefore = cpuMs(pid);
			const sent = performance.now();
			const framed = await whenFile(log.file, () => written() !== before, 2000, () => presser.press(session, key));
			const latency = framed === undefined ? 2000 : framed - sent;
			let size = written();
			for (;;) {
				await sleep(30);
				if (written() === size) break;
				size = written();
			}
			// The whole key's CPU: reading it, the state, React, Ink's frame, and any collection it caused, up to a quiet pane.
			const used = cpuMs(pid) - cpuBefore;
			if (latency < 2000) {
				latencies.push(latency);
				cpu.push(used);
			}
			if (process.env.BENCH_DEBUG) console.log(`  key ${key}: ${latency.toFixed(1)} ms, CPU ${used.toFixed(1)} ms`);
		}
		return {tlds, surveyMs, rssMb, load: loadavg()[0], keys: latencies.length, keyMedian: percentile(latencies, 0.5), keyP95: percentile(latencies, 0.95), cpuMedian: percentile(cpu, 0.5), cpuP95: percentile(cpu, 0.95)};
	} finally {
		presser?.close();
		stopServer();
		await rm(dir, {recursive: true, force: true});
	}
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	const cli = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../dist/cli.cjs');
	const result = await measureSurveyUi(cli, Number(process.env.BENCH_TLDS ?? 1500));
	console.log(`survey explorer, ${result.tlds} zones (a real survey of --lab --lab-tlds ${result.tlds}, ${(result.surveyMs / 1000).toFixed(0)} s): key press to frame p95 ${result.keyP95.toFixed(0)} ms (median ${result.keyMedian.toFixed(0)} ms, ${result.keys} keys); CPU per key p95 ${result.cpuP95.toFixed(1)} ms (median ${result.cpuMedian.toFixed(1)} ms); explorer RSS ${result.rssMb.toFixed(0)} MB; load average ${result.load.toFixed(1)}; target ≤ ${TARGET_MS} ms: ${result.keyP95 <= TARGET_MS ? 'met' : 'MISSED'}`);
	process.exitCode = result.keyP95 <= TARGET_MS ? 0 : 1;
}
