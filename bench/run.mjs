// npm run bench: digdeeper against the single-path tracers, side by side in one run, and the explorer under load.
// Every figure is measured here and now; the targets sit beside them; a missed target makes the exit status 1.
// The method is in bench/README.md.
import {execFile} from 'node:child_process';
import {existsSync, rmSync} from 'node:fs';
import {mkdtemp} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';
import {writeLabFiles} from '../dist/commands/lab-command.js';
import {INTERNET} from '../dist/lab/internet.js';
import {createLabTransport} from '../dist/lab/lab-transport.js';
import {outcomeFirstKnownMs} from '../dist/trace/probe-facts.js';
import {serveLab} from '../dist/lab/loopback-server.js';
import {buildWorld} from '../dist/lab/world.js';
import {walk} from '../dist/trace/walk.js';
import {measureSurveyUi} from './survey-ui.mjs';
import {measureUi} from './ui.mjs';

const run = promisify(execFile);
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const cli = path.join(root, 'dist', 'cli.cjs');
// BENCH_PORT: another port where 5398 is taken (other jobs on the same machine).
const PORT = Number(process.env.BENCH_PORT ?? 5398);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
// The overhead is a difference of two noisy wall times (about a second a round): more rounds than the traces get, so its
// median settles (5 rounds moved it by 50 ms between two runs of one build: bench/README.md, "Session 28").
const OVERHEAD_RUNS = Number(process.env.BENCH_OVERHEAD_RUNS ?? 15);
process.env.DIGDEEPER_LOOPBACK_ONLY = '1';

const NAMES = [
	['www.example.com', 'a healthy signed name'],
	['www.nic.bw', 'a TLD with one dead server'],
	['www.twitter.com', 'a provider that never answers'],
	['www.shop.com', 'a glueless NS chain (and a CNAME)'],
];

const median = (values) => {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const ms = (value) => (value === undefined ? '—' : value < 10 ? `${value.toFixed(1)} ms` : `${Math.round(value)} ms`);

async function has(command) {
	return run('sh', ['-c', `command -v ${command}`]).then(
		() => true,
		() => false,
	);
}

/** The reference tools come from Debian: installed here when missing and this user may (root, or sudo without a password). */
async function ensure(command, debianPackage) {
	if (await has(command)) return true;
	const root = process.getuid?.() === 0;
	const sudo = !root && (await run('sudo', ['-n', 'true']).then(() => true, () => false));
	if (!root && !sudo) return false;
	console.log(`${command} is missing: installing Debian's ${debianPackage}…`);
	const apt = (...args) => run(root ? 'apt-get' : 'sudo', [...(root ? [] : ['apt-get']), ...args], {timeout: 600_000, env: {...process.env, DEBIAN_FRONTEND: 'noninteractive'}});
	await apt('update').catch(() => {});
	await apt('install', '-y', debianPackage).catch((error) => console.log(`  could not install ${debianPackage}: ${error.message.split('\n')[0]}`));
	return has(command);
}

/** Runs a command, returning its wall time and the queries the lab's servers received meanwhile. */
async function timed(lab, command, args, options = {}) {
	lab.queries.clear();
	const started = performance.now();
	const {stdout} = await run(command, args, {maxBuffer: 64 * 1024 * 1024, timeout: 120_000, ...options}).catch((error) => ({stdout: error.stdout ?? ''}));
	const wall = performance.now() - started;
	const queries = [...lab.queries.values()].reduce((sum, count) => sum + count, 0);
	return {wall, queries, servers: lab.queries.size, stdout};
}

/**
 * The critical-path bound: the sum, over the cuts the answer needed, of the fastest server's round trip (the
 * network's: from the datagram leaving to its reply being read); where a cut's servers had to be found by a sub-trace
 * first, that sub-trace's own bound is added (it is on the path). Everything else in the time to answer is digdeeper's.
 */
function criticalPath(trace) {
	const zones = new Map(trace.zones.map((zone) => [zone.name, zone]));
	const boundOf = (resolution, seen = new Set()) => {
		let total = 0;
		for (const step of resolution.steps) {
			const zone = zones.get(step.zone);
			if (!zone) continue;
			const answers = zone.servers.flatMap((server) =>
				server.probes.filter((probe) => probe.purpose === 'walk' && probe.question.name === step.question.name && probe.question.type === step.question.type && probe.rttMs !== undefined && probe.status === 'answered').map((probe) => ({server, rtt: probe.rttMs})),
			);
			if (answers.length === 0) continue;
			const fastest = answers.reduce((best, entry) => (entry.rtt < best.rtt ? entry : best));
			total += fastest.rtt;
			if (fastest.server.origin === 'subtrace') {
				const ns = zone.nameservers.find((candidate) => candidate.name === fastest.server.name);
				const sub = ns?.subtraces.map((id) => trace.resolutions[id]).find((candidate) => candidate?.question.type === 'A');
				if (sub && !seen.has(sub.id)) total += boundOf(sub, new Set([...seen, sub.id]));
			}
		}
		return total;
	};
	return boundOf(trace.resolutions[0]);
}

async function traceSpeed(lab, hintsFile, tools) {
	const rows = [];
	for (const [name, what] of NAMES) {
		const results = Object.fromEntries(tools.map((tool) => [tool.name, []]));
		const answers = [];
		for (let round = 0; round < RUNS; round++) {
			for (const tool of round % 2 ? [...tools].reverse() : tools) {
				const result = await tool.run(name);
				results[tool.name].push(result);
				if (tool.name === 'digdeeper') {
					const snapshot = JSON.parse(result.stdout);
					// In hand: the first response that says what the decision later chose (the explorer's "known at").
					answers.push({atMs: outcomeFirstKnownMs(snapshot) ?? snapshot.outcome.atMs, decidedMs: snapshot.outcome.atMs, bound: criticalPath(snapshot), durationMs: snapshot.durationMs});
				}
			}
		}
		rows.push({
			name,
			what,
			tools: Object.fromEntries(
				tools.map((tool) => {
					const walls = results[tool.name].map((result) => result.wall);
					return [tool.name, {wall: median(walls), mean: walls.reduce((sum, wall) => sum + wall, 0) / walls.length, min: Math.min(...walls), max: Math.max(...walls), queries: median(results[tool.name].map((result) => result.queries)), servers: median(results[tool.name].map((result) => result.servers))}];
				}),
			),
			answer: median(answers.map((answer) => answer.atMs)),
			decided: median(answers.map((answer) => answer.decidedMs)),
			trace: median(answers.map((answer) => answer.durationMs)),
			bound: median(answers.map((answer) => answer.bound)),
			// Each run against its own bound: the bound moves by several milliseconds from run to run (which root server
			// was quickest, the lab's timers), and the median answer and the median bound can come from different runs. Their
			// quotient was one run's excess over another run's bound: the same build read ×1.03 and ×1.06 in two runs.
			ratio: median(answers.filter((answer) => answer.bound > 0).map((answer) => answer.atMs / answer.bound)),
			excess: median(answers.map((answer) => answer.atMs - answer.bound)),
		});
	}
	return rows;
}

/**
 * The trace's duration as text and reports print it ("; taken …, for 104 ms", "- When: …, for 104 ms"), to the
 * millisecond. Until session 39 the bench had them write a snapshot with -o to read it from, which timed writing that
 * file too (13-18 ms here): more than `digdeeper NAME --text` does.
 */
function printedDuration(output) {
	const found = /\bfor (\d+(?:\.\d+)?) (ms|s)\b/u.exec(output);
	if (!found) throw new Error(`no duration in the output: ${output.slice(0, 300)}`);
	return Number(found[1]) * (found[2] === 's' ? 1000 : 1);
}

/**
 * Process overhead: the wall time of `digdeeper NAME --json|--text|--report` minus the trace's own `durationMs` (from
 * the snapshot it printed, or the duration the text or report printed), against `node -e 0` run alternately with
 * them, in the same minutes.
 */
async function processOverhead(lab, digdeeper) {
	const modes = ['--json', '--text', '--report'];
	const walls = {node: [], ...Object.fromEntries(modes.map((mode) => [mode, []]))};
	for (let round = 0; round < OVERHEAD_RUNS; round++) {
		walls.node.push((await timed(lab, 'node', ['-e', '0'])).wall);
		for (const mode of modes) {
			const result = await timed(lab, 'node', [...digdeeper('www.example.com'), mode]);
			walls[mode].push(result.wall - (mode === '--json' ? JSON.parse(result.stdout).durationMs : printedDuration(result.stdout)));
		}
	}
	return {node: median(walls.node), modes: modes.map((mode) => ({mode, overhead: median(walls[mode])}))};
}

/**
 * What the first touch of a page of memory (4 KB: a page fault) costs on this machine, in µs: 64 MB never touched,
 * one byte written per page, median of three. On the virtual machine this project is built on it was 11-13 µs where a
 * Linux on bare metal takes well under one, and a start makes thousands (`node -e 0` about 2,200, a trace about 3,500
 * more: bench/README.md, "Session 33"), so it sets much of the overhead's floor and moves it from machine to machine.
 */
function pageFaultMicros() {
	const size = 64 << 20;
	const runs = [];
	for (let run = 0; run < 3; run++) {
		const started = performance.now();
		const memory = Buffer.allocUnsafeSlow(size);
		for (let offset = 0; offset < size; offset += 4096) memory[offset] = 1;
		runs.push(((performance.now() - started) * 1000) / (size / 4096));
	}
	return median(runs);
}

/** CPU per trace, in process over the lab at zero latency: is tracing 1,000 names network-bound? */
async function cpuPerTrace() {
	const world = buildWorld(INTERNET);
	const transport = createLabTransport(world, {latencyScale: 0});
	const names = ['www.example.com.', 'www.shop.com.', 'www.nic.bw.', 'nosuch.example.com.'];
	const count = 200;
	const before = process.cpuUsage();
	const started = performance.now();
	for (let index = 0; index < count; index++) {
		await walk({name: names[index % names.length], type: 'A'}, {transport, hints: world.hints, port: 53, families: [4, 6], timeoutMs: 50, retries: 0, dnssec: true});
	}
	const used = process.cpuUsage(before);
	return {perTrace: (used.user + used.system) / 1000 / count, wallPerTrace: (performance.now() - started) / count};
}

const targets = [];
function target(label, measured, limit, passed) {
	targets.push({label, measured, limit, passed});
}

async function main() {
	const world = buildWorld(INTERNET);
	const lab = await serveLab(world, {port: PORT, latencyScale: 1});
	const dir = await mkdtemp(path.join(tmpdir(), 'digdeeper-bench-'));
	// Its hints and anchor name the lab served here: they go with it, however the bench ends.
	process.once('exit', () => rmSync(dir, {recursive: true, force: true}));
	const {hintsFile, anchorFile} = await writeLabFiles(dir, world);
	// The lab's own trust anchor (so DNSSEC validates as it would at home); no RDAP (the bench serves no registry).
	const digdeeper = (name) => [cli, name, '--hints', hintsFile, '--port', String(PORT), '-4', '--trust-anchor', anchorFile, '--no-rdap'];

	const tools = [{name: 'digdeeper', run: (name) => timed(lab, 'node', [...digdeeper(name), '--json'])}];
	if (!(await ensure('tmux', 'tmux'))) console.log('tmux is missing and could not be installed: the UI figures need it');
	if (await ensure('drill', 'ldnsutils')) tools.push({name: 'drill -T', run: (name) => timed(lab, 'drill', ['-4', '-T', '-p', String(PORT), '-r', hintsFile, name])});
	else console.log('drill not installed (Debian ldnsutils): left out');

	console.log(`Trace speed: ${RUNS} alternating runs per tool and name, the lab on loopback with realistic latency\n`);
	const rows = await traceSpeed(lab, hintsFile, tools);
	console.log(`Process overhead: ${OVERHEAD_RUNS} alternating runs of node -e 0 and digdeeper www.example.com --json, --text, --report`);
	const overhead = await processOverhead(lab, digdeeper);
	console.log(`  a page fault (the first touch of a page of memory) costs ${pageFaultMicros().toFixed(1)} µs on this machine`);
	await lab.close();

	const header = ['name', ...tools.flatMap((tool) => [`${tool.name} median`, ...(tool.name === 'digdeeper' ? ['its trace'] : ['range']), 'queries', 'servers']), 'ratio', 'time to answer', 'critical path', 'answer/bound (each run)', 'decided (every server)'];
	const table = rows.map((row) => {
		const ours = row.tools['digdeeper'];
		const reference = tools[1] ? row.tools[tools[1].name] : undefined;
		return [
			`${row.name} (${row.what})`,
			...tools.flatMap((tool) => [ms(row.tools[tool.name].wall), tool.name === 'digdeeper' ? ms(row.trace) : `${ms(row.tools[tool.name].min)}–${ms(row.tools[tool.name].max)}`, String(row.tools[tool.name].queries), String(row.tools[tool.name].servers)]),
			reference ? `${(reference.wall / ours.wall).toFixed(2)}×` : '—',
			ms(row.answer),
			ms(row.bound),
			row.bound > 0 ? `${row.ratio.toFixed(3)}` : '—',
			ms(row.decided),
		];
	});
	printTable(header, table);

	for (const row of rows) {
		if (row.bound > 0 && row.answer !== undefined && row.name !== 'www.twitter.com') target(`time to answer, ${row.name}`, `×${row.ratio.toFixed(3)} (${row.excess.toFixed(1)} ms over; medians ${ms(row.answer)}, bound ${ms(row.bound)})`, '≤ 1.05 × bound', row.ratio <= 1.05);
	}
	for (const {mode, overhead: measured} of overhead.modes) {
		target(`process overhead, ${mode} (wall − durationMs)`, `${ms(measured)} (node -e 0: ${ms(overhead.node)})`, `≤ node + 60 ms = ${ms(overhead.node + 60)}`, measured <= overhead.node + 60);
	}
	const reference = tools[1]?.name;
	if (reference) {
		const healthy = rows[0];
		target(`all-server trace vs ${reference}, healthy name`, `${ms(healthy.tools.digdeeper.wall)} vs ${ms(healthy.tools[reference].wall)}`, 'no slower', healthy.tools.digdeeper.wall <= healthy.tools[reference].wall * 1.05);
		// A single-path tracer meets a dead server only when it happens to pick it (drill picks at random), so its
		// wall time is bimodal there: the mean over the runs is what a user can expect to wait, the median is luck.
		for (const row of rows.slice(1, 3)) {
			const ratio = row.tools[reference].mean / row.tools.digdeeper.mean;
			target(`speed-up with dead servers, ${row.name}`, `${ratio.toFixed(1)}× (means: ${ms(row.tools[reference].mean)} vs ${ms(row.tools.digdeeper.mean)})`, '≥ 3×', ratio >= 3);
		}
	}

	const cpu = await cpuPerTrace();
	console.log(`\nCPU: ${cpu.perTrace.toFixed(1)} ms of CPU per trace (in process, lab at zero latency, ${cpu.wallPerTrace.toFixed(1)} ms wall)`);
	const healthyWall = rows[0].tools.digdeeper.wall;
	target('CPU per trace vs the network time of a healthy trace', `${cpu.perTrace.toFixed(1)} ms vs ${ms(healthyWall)}`, '< 50% (network-bound)', cpu.perTrace < healthyWall * 0.5);

	console.log('\nUI speed (a real pseudo-terminal, tmux):');
	const ui = await measureUi(cli);
	console.log(`  first frame ${ms(ui.firstFrame)} (the title line, written as the explorer loads), the explorer's own (Ink's) first frame ${ms(ui.inkFrame)}; key press to frame: median ${ms(ui.keyMedian)}, p95 ${ms(ui.keyP95)} over ${ui.keys} keys on a trace of ${ui.servers} servers and ${ui.records} records (the terminal's own part, keys echoed by cat in a pane: p95 ${ms(ui.floorP95)}); peak memory ${ui.peakMb.toFixed(0)} MB`);
	target('first frame of the explorer, from process start', ms(ui.firstFrame), '≤ 150 ms', ui.firstFrame <= 150);
	target('key press to frame, p95, large trace', `${ms(ui.keyP95)} (median ${ms(ui.keyMedian)})`, '≤ 30 ms', ui.keyP95 <= 30);
	target('peak memory', `${ui.peakMb.toFixed(0)} MB`, '< 200 MB', ui.peakMb < 200);
	// The survey's list (a real survey first: about two minutes on a quiet machine); BENCH_SURVEY_UI=0 leaves it out.
	if (process.env.BENCH_SURVEY_UI !== '0') {
		const tlds = Number(process.env.BENCH_TLDS ?? 1500);
		console.log(`\nThe survey's explorer (a real survey of ${tlds} zones first):`);
		const survey = await measureSurveyUi(cli, tlds);
		console.log(`  key press to frame: median ${ms(survey.keyMedian)}, p95 ${ms(survey.keyP95)} over ${survey.keys} keys; CPU per key p95 ${ms(survey.cpuP95)}; load average ${survey.load.toFixed(1)}`);
		target(`key press to frame, p95, survey of ${tlds} zones`, `${ms(survey.keyP95)} (median ${ms(survey.keyMedian)})`, '≤ 30 ms', survey.keyP95 <= 30);
	} else console.log('\nThe survey\'s explorer: left out (BENCH_SURVEY_UI=0); `node bench/survey-ui.mjs` measures it alone');

	console.log('\nTargets:');
	printTable(['target', 'measured', 'limit', ''], targets.map((entry) => [entry.label, entry.measured, entry.limit, entry.passed ? 'met' : 'MISSED']));
	process.exitCode = targets.every((entry) => entry.passed) ? 0 : 1;
}

function printTable(header, rows) {
	const widths = header.map((cell, index) => Math.max(cell.length, ...rows.map((row) => String(row[index]).length)));
	const line = (cells) => cells.map((cell, index) => String(cell).padEnd(widths[index])).join('  ');
	console.log(line(header));
	console.log(widths.map((width) => '-'.repeat(width)).join('  '));
	for (const row of rows) console.log(line(row));
}

if (!existsSync(cli)) {
	console.error('run npm run build first');
	process.exit(2);
}
await main();
