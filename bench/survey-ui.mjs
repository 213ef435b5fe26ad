// The survey's explorer under load, in a real pseudo-terminal (tmux): key press to frame on a 1,500-zone survey.
// Run after `npm run build`: node bench/survey-ui.mjs (BENCH_TLDS=N for another size, BENCH_DEBUG=1 for each key).
import {execFileSync} from 'node:child_process';
import {existsSync, statSync, writeFileSync} from 'node:fs';
import {mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {generateRoot} from '../dist/lab/generated-root.js';

const tmux = (...args) => execFileSync('tmux', args, {encoding: 'utf8'});
const screen = (session) => tmux('capture-pane', '-p', '-t', session);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const TARGET_MS = 50;

/**
 * A real survey of the generated root's TLDs (`survey --lab --lab-tlds N`, every zone walked and analysed, its
 * snapshot written), run in the terminal until its list is on screen; then keys, each timed from `send-keys` to the
 * explorer's next write (copied to a file by `tmux pipe-pane`), the frame left to finish before the next key.
 */
export async function measureSurveyUi(cli, tlds = 1500) {
	const dir = await mkdtemp(path.join(tmpdir(), 'digdeeper-bench-survey-'));
	const list = path.join(dir, 'tlds.txt');
	writeFileSync(list, `${generateRoot({tlds}).truth.map((truth) => truth.tld).join('\n')}\n`);
	const session = `bench-survey-${process.pid}`;
	// The lab answers in process: the rate per address is raised so the survey takes a minute, not the polite default's five.
	const started = performance.now();
	tmux('new-session', '-d', '-s', session, '-x', '120', '-y', '40', `exec env -u CI TERM=xterm-256color DIGDEEPER_LOOPBACK_ONLY=1 node ${cli} survey --lab --lab-tlds ${tlds} --rate 1000 --file ${list} -o ${path.join(dir, 'snapshots')}`);
	try {
		while (!screen(session).includes(`${tlds} zones in`)) await sleep(200);
		const surveyMs = performance.now() - started;
		await sleep(500);
		const log = path.join(dir, 'pane.log');
		tmux('pipe-pane', '-t', session, '-o', `cat >> ${log}`);
		await sleep(200);
		const written = () => (existsSync(log) ? statSync(log).size : 0);
		const latencies = [];
		const keys = [...Array(20).fill('j'), 'PageDown', 'PageDown', 'PageUp', 'G', ...Array(10).fill('k'), 'g', 's', 's', 's', 'Escape', '/', 'a', 'b', 'Enter', 'j', 'j', 'Escape', 'PageDown', 'End', 'Home', '?', 'Escape'];
		for (const key of keys) {
			const before = written();
			const sent = performance.now();
			tmux('send-keys', '-t', session, key);
			while (written() === before && performance.now() - sent < 2000);
			const latency = performance.now() - sent;
			if (latency < 2000) latencies.push(latency);
			if (process.env.BENCH_DEBUG) console.log(`  key ${key}: ${latency.toFixed(1)} ms`);
			let size = written();
			for (;;) {
				await sleep(30);
				if (written() === size) break;
				size = written();
			}
		}
		const sorted = [...latencies].sort((a, b) => a - b);
		return {tlds, surveyMs, keys: sorted.length, keyMedian: sorted[Math.floor(sorted.length / 2)], keyP95: sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)]};
	} finally {
		tmux('kill-session', '-t', session);
		await rm(dir, {recursive: true, force: true});
	}
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	const cli = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../dist/cli.js');
	const result = await measureSurveyUi(cli, Number(process.env.BENCH_TLDS ?? 1500));
	console.log(`survey explorer, ${result.tlds} zones (a real survey of --lab --lab-tlds ${result.tlds}, ${(result.surveyMs / 1000).toFixed(0)} s): key press to frame p95 ${result.keyP95.toFixed(0)} ms (median ${result.keyMedian.toFixed(0)} ms, ${result.keys} keys), target < ${TARGET_MS} ms: ${result.keyP95 < TARGET_MS ? 'met' : 'MISSED'}`);
	process.exitCode = result.keyP95 < TARGET_MS ? 0 : 1;
}
