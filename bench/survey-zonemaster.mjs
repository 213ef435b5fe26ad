// digdeeper's survey side by side with Zonemaster (Debian's zonemaster-cli) on the same 20 zones of the generated lab,
// served on loopback port 53: the time each takes, and for every problem Zonemaster reports that docs/coverage.md
// says digdeeper covers, whether the survey found it too. `node bench/survey-zonemaster.mjs` (after npm run build).
//
// Loopback only, by construction: the bench re-runs itself in a network namespace of its own (`unshare -n`, with
// `-r` when not root) where the only interface is lo, so neither tool can reach anything but 127.0.0.0/8 whatever
// it tries; the hints file is checked to list 127.x addresses only, and it replaces Zonemaster's built-in root
// hints (zonemaster-cli removes its own before adding the file's); DIGDEEPER_LOOPBACK_ONLY=1 is set for both.
import {execFile, spawn} from 'node:child_process';
import {existsSync, openSync, rmSync} from 'node:fs';
import {mkdtemp, readFile, writeFile} from 'node:fs/promises';
import {loadavg, tmpdir} from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';
import {systemDeps} from '../dist/dns/network-transport.js';
import {createTransport} from '../dist/dns/querier.js';
import {buildGeneratedLab, signEveryCopy} from '../dist/lab/generated-lab.js';
import {generateRoot} from '../dist/lab/generated-root.js';
import {createLabLink} from '../dist/lab/lab-link.js';
import {FAILURE_MODES} from '../dist/lab/tld-failure-modes.js';
import {DEFAULT_POLITENESS} from '../dist/survey/polite-transport.js';
import {survey} from '../dist/survey/survey.js';

const run = promisify(execFile);
const here = new URL(import.meta.url).pathname;
const root = path.resolve(path.dirname(here), '..');
const cli = path.join(root, 'dist', 'cli.cjs');
/** The lab served: enough TLDs that every failure mode is there at least once. */
const LAB_TLDS = 200;
const ZONES = 20;
process.env.DIGDEEPER_LOOPBACK_ONLY = '1';

/** One TLD of each failure mode, then healthy ones, up to ZONES. */
function pickZones() {
	const {truth} = generateRoot({tlds: LAB_TLDS});
	const broken = FAILURE_MODES.map((mode) => truth.find((entry) => entry.modes[0] === mode)).filter(Boolean);
	const healthy = truth.filter((entry) => entry.modes.length === 0 && entry.tld !== 'net.').slice(0, ZONES - broken.length);
	return [...broken, ...healthy];
}

/** docs/coverage.md's Zonemaster table: test case → the codes it says cover it (none for out of scope or planned). */
async function coverage() {
	const text = await readFile(path.join(root, 'docs', 'coverage.md'), 'utf8');
	const table = new Map();
	for (const line of text.split('\n')) {
		const cells = line.split('|').map((cell) => cell.trim());
		if (cells.length < 4 || !/^[A-Z]+\d+$/u.test(cells[1])) continue;
		const last = cells.at(-2);
		const claimed = /^(out of scope|planned)/iu.test(last) ? [] : [...last.matchAll(/`([A-Z0-9_]+)`/gu)].map((match) => match[1]);
		table.set(cells[1], claimed);
	}
	return table;
}

async function waitFor(file, text, timeoutMs) {
	const until = Date.now() + timeoutMs;
	while (Date.now() < until) {
		if ((await readFile(file, 'utf8').catch(() => '')).includes(text)) return;
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
	throw new Error(`${file} never said ${text}`);
}

function timedRun(command, args) {
	const started = performance.now();
	return run(command, args, {maxBuffer: 256 * 1024 * 1024, timeout: 1_800_000, env: {...process.env, DIGDEEPER_LOOPBACK_ONLY: '1'}}).then(
		({stdout}) => ({stdout, wallMs: performance.now() - started}),
		// digdeeper's exit status 1 says a zone has an error: its output is whole all the same.
		(error) => ({stdout: error.stdout ?? '', wallMs: performance.now() - started, ...(error.code === 1 && error.stdout ? {} : {error: error.message.split('\n')[0]})}),
	);
}

/** Inside the namespace: serve the lab, run both tools, print one JSON line. */
async function inside() {
	await run('ip', ['link', 'set', 'lo', 'up']);
	const dir = await mkdtemp(path.join(tmpdir(), 'digdeeper-zonemaster-'));
	// The served lab's files and the survey's list: they go with the bench, however it ends.
	process.once('exit', () => rmSync(dir, {recursive: true, force: true}));
	const log = path.join(dir, 'serve.txt');
	const server = spawn(process.execPath, [cli, 'lab', 'serve', '--lab-tlds', String(LAB_TLDS), '--port', '53', '--dir', dir], {stdio: ['ignore', openSync(log, 'w'), openSync(log, 'a')]});
	try {
		await waitFor(log, 'Root hints', 120_000);
		const hints = path.join(dir, 'lab.hints');
		const addresses = [...(await readFile(hints, 'utf8')).matchAll(/\s(?:A|AAAA)\s+(\S+)/gu)].map((match) => match[1]);
		if (addresses.length === 0 || addresses.some((address) => !address.startsWith('127.'))) throw new Error(`the hints file lists an address outside 127.0.0.0/8: ${addresses.join(' ')}`);
		const zones = pickZones();
		const list = path.join(dir, 'zones.txt');
		await writeFile(list, `${zones.map((entry) => entry.tld).join('\n')}\n`);
		// The machine may be shared: the load average (1 minute) before each tool and after it, with its figure.
		const load = [loadavg()[0]];
		const ours = await timedRun(process.execPath, [cli, 'survey', '--hints', hints, '--trust-anchor', path.join(dir, 'lab.anchor'), '--port', '53', '-4', '--json', '--file', list]);
		// Zonemaster tests one zone per run: all twenty at once, each timed, and the whole.
		load.push(loadavg()[0]);
		const startedAll = performance.now();
		const theirs = await Promise.all(zones.map((entry) => timedRun('zonemaster-cli', ['--hints', hints, '--no-ipv6', '--level', 'WARNING', '--json', '--no-progress', entry.tld.replace(/\.$/u, '')])));
		const theirWallMs = performance.now() - startedAll;
		load.push(loadavg()[0]);
		console.log(JSON.stringify({zones, ours, theirs, theirWallMs, hintsAddresses: addresses.length, load}));
	} finally {
		server.kill('SIGINT');
	}
}

async function outside() {
	if (!existsSync(cli)) {
		console.error('run npm run build first');
		process.exit(2);
	}
	const has = await run('sh', ['-c', 'command -v zonemaster-cli']).then(() => true, () => false);
	if (!has) {
		console.log('zonemaster-cli is not installed (Debian zonemaster-cli): the side-by-side bench is left out');
		return [];
	}
	const asRoot = process.getuid?.() === 0;
	const {stdout} = await run('unshare', [...(asRoot ? ['-n'] : ['-rn']), process.execPath, here, '--inside'], {maxBuffer: 256 * 1024 * 1024, timeout: 3_600_000, env: {...process.env, DIGDEEPER_LOOPBACK_ONLY: '1'}});
	const result = JSON.parse(stdout.trim().split('\n').at(-1));
	const table = await coverage();
	const lines = result.ours.stdout.trim().split('\n').map((line) => JSON.parse(line));
	const findings = new Map(lines.filter((line) => line.zone).map((line) => [line.zone, line.findings.filter((finding) => finding.severity !== 'info')]));
	const rows = [];
	for (const [index, entry] of result.zones.entries()) {
		const ours = findings.get(entry.tld) ?? [];
		const messages = JSON.parse(result.theirs[index].stdout || '[]').filter((message) => ['WARNING', 'ERROR', 'CRITICAL'].includes(message.level));
		for (const [testcase, tags] of groupBy(messages, (message) => message.testcase)) {
			const claimed = table.get(testcase) ?? [];
			const exact = claimed.filter((code) => ours.some((finding) => finding.code === code));
			// The same problem under another code: a finding of the survey about this zone naming a server Zonemaster named.
			const addresses = new Set(tags.flatMap((message) => [message.args?.ns_ip, message.args?.server, ...[message.args?.ns, message.args?.ns_ip_list, message.args?.ns_list].flatMap((list) => String(list ?? '').split(/[;,]/u).map((part) => part.split('/').at(-1)))]).filter(Boolean));
			const other = exact.length > 0 ? [] : [...new Set(ours.filter((finding) => finding.servers.some((server) => addresses.has(server))).map((finding) => finding.code))];
			// The lab's servers are on loopback by construction: that is the lab, not a fault of the zone.
			const artifact = testcase === 'ADDRESS01' && tags.every((message) => String(message.args?.ns_ip ?? '').startsWith('127.'));
			const verdict = claimed.length === 0 ? '—' : exact.length > 0 ? exact.join(' ') : artifact ? 'lab artifact (127/8 by design)' : other.length > 0 ? `as ${other.join(' ')}` : 'MISSED';
			rows.push({zone: entry.tld, mode: entry.modes[0] ?? 'healthy', testcase, tags: [...new Set(tags.map((message) => `${message.level} ${message.tag}`))].join(', '), claimed, verdict});
		}
	}
	const sumMs = result.theirs.reduce((sum, entry) => sum + entry.wallMs, 0);
	console.log(`Side by side with Zonemaster: ${result.zones.length} zones of the generated root (--lab-tlds ${LAB_TLDS}) on loopback port 53, in a network namespace with only lo; the hints file lists ${result.hintsAddresses} addresses, all 127.x\n`);
	const load = (from, to) => `load average ${result.load[from].toFixed(1)} → ${result.load[to].toFixed(1)}`;
	console.log(`  digdeeper survey (one process, every zone): ${ms(result.ours.wallMs)}${result.ours.error ? ` (${result.ours.error})` : ''} (${load(0, 1)})`);
	console.log(`  zonemaster-cli (one process per zone, all ${result.zones.length} at once): ${ms(result.theirWallMs)}; one after another they take ${ms(sumMs)} (per zone ${ms(Math.min(...result.theirs.map((entry) => entry.wallMs)))}–${ms(Math.max(...result.theirs.map((entry) => entry.wallMs)))}) (${load(1, 2)})`);
	const failed = result.theirs.filter((entry) => entry.error);
	if (failed.length > 0) console.log(`  zonemaster-cli failed on ${failed.length}: ${failed[0].error}`);
	console.log('\n  Every problem Zonemaster reported (WARNING and above), by test case, against what docs/coverage.md claims:');
	printTable(
		['zone', 'injected', 'test case', 'Zonemaster said', 'coverage.md claims', 'survey found'],
		rows.map((row) => [row.zone, row.mode, row.testcase, row.tags, row.claimed.join(' ') || '(not claimed)', row.verdict]),
		'  ',
	);
	console.log('\n  The survey against the ground truth of the same zones (error and warning codes):');
	printTable(
		['zone', 'injected', 'expected', 'survey found'],
		result.zones.map((entry) => [entry.tld, entry.modes[0] ?? 'healthy', entry.expected.join(' ') || '—', [...new Set((findings.get(entry.tld) ?? []).map((finding) => finding.code))].sort().join(' ') || '—']),
		'  ',
	);
	const bounds = await surveyBounds(result.zones.map((entry) => entry.tld));
	printBounds(bounds);
	const claimedRows = rows.filter((row) => row.claimed.length > 0 && !row.verdict.startsWith('lab artifact'));
	const exactRows = claimedRows.filter((row) => !row.verdict.startsWith('as ') && row.verdict !== 'MISSED');
	const missed = claimedRows.filter((row) => row.verdict === 'MISSED');
	const ratio = result.theirWallMs / result.ours.wallMs;
	return [
		{label: `survey vs zonemaster-cli, ${result.zones.length} zones`, measured: `${ratio.toFixed(1)}× (${ms(result.ours.wallMs)} vs ${ms(result.theirWallMs)} all at once; ${(sumMs / result.ours.wallMs).toFixed(1)}× one after another)`, limit: '≥ 20× faster', passed: ratio >= 20},
		{
			label: 'Zonemaster problems coverage.md claims, found by the survey',
			measured: `${claimedRows.length - missed.length} of ${claimedRows.length} (${exactRows.length} under a code the table names, ${claimedRows.length - missed.length - exactRows.length} under another about the same server)${missed.length ? `; missed: ${missed.map((row) => `${row.zone} ${row.testcase}`).join(', ')}` : ''}`,
			limit: 'all',
			passed: missed.length === 0,
		},
	];
}

/**
 * What bounds the survey's time on these zones: the same survey in process over the lab's own link (every server at
 * its latency, no sockets), timed zone by zone, with every exchange counted at its address. The survey ends with its
 * slowest zone; that zone alone, with the politeness and without the rate limit, says how much of it is the zone's
 * own critical path (latencies, time-outs at dead servers) and how much the rate at the addresses it shares.
 */
async function surveyBounds(zones) {
	const {world} = await buildGeneratedLab({tlds: LAB_TLDS});
	signEveryCopy(world);
	const once = async (list, politeness) => {
		const inner = createLabLink(world, {latencyScale: 1});
		const arrivals = new Map();
		const counted = (protocol) => (to, payload, handlers) => {
			arrivals.set(to.address, (arrivals.get(to.address) ?? 0) + 1);
			return inner[protocol](to, payload, handlers);
		};
		const finished = [];
		const started = performance.now();
		const cpu = process.cpuUsage();
		await survey(
			list,
			{transport: createTransport({udp: counted('udp'), tcp: counted('tcp')}, systemDeps), hints: world.hints, port: 53, families: [4], timeoutMs: 1500, retries: 1, dnssec: true, anchors: {source: 'generated root', records: world.trustAnchor}, politeness, describe: {hints: 'lab'}},
			({summary}) => void finished.push({zone: summary.zone, ms: performance.now() - started}),
		);
		const used = process.cpuUsage(cpu);
		const [busiest, count] = [...arrivals].sort((a, b) => b[1] - a[1])[0];
		return {wallMs: performance.now() - started, cpuMs: (used.user + used.system) / 1000, finished, busiest: `${world.byAddress.get(busiest)?.name ?? busiest} (${busiest})`, count};
	};
	const all = await once(zones, DEFAULT_POLITENESS);
	const slowest = all.finished.at(-1);
	const alone = await once([slowest.zone], DEFAULT_POLITENESS);
	const unlimited = await once([slowest.zone], {...DEFAULT_POLITENESS, ratePerAddress: 1e6});
	return {all, slowest, alone, unlimited};
}

function printBounds({all, slowest, alone, unlimited}) {
	const median = all.finished[Math.floor(all.finished.length / 2)];
	console.log(`\n  What bounds the survey (the same ${all.finished.length} zones in process, every server at its latency, ${ms(all.wallMs)}, ${ms(all.cpuMs)} of CPU, load average ${loadavg()[0].toFixed(1)}):`);
	console.log(`    zones done: the first ${all.finished[0].zone} at ${ms(all.finished[0].ms)}, half by ${ms(median.ms)}, the last ${slowest.zone} at ${ms(slowest.ms)} (then ${all.finished.at(-2).zone} at ${ms(all.finished.at(-2).ms)})`);
	console.log(`    rate bound: the busiest address, ${all.busiest}, got ${all.count} exchanges: ${ms(((all.count - 1) / DEFAULT_POLITENESS.ratePerAddress) * 1000)} at ${DEFAULT_POLITENESS.ratePerAddress} a second`);
	console.log(`    ${slowest.zone} alone: ${ms(alone.wallMs)} (busiest address ${alone.count} exchanges); without the rate limit ${ms(unlimited.wallMs)}: its own critical path`);
}

function groupBy(items, keyOf) {
	const groups = new Map();
	for (const item of items) groups.set(keyOf(item), [...(groups.get(keyOf(item)) ?? []), item]);
	return groups;
}

const ms = (value) => (value < 10_000 ? `${Math.round(value)} ms` : `${(value / 1000).toFixed(1)} s`);

function printTable(header, rows, indent = '') {
	const widths = header.map((cell, index) => Math.max(cell.length, ...rows.map((row) => String(row[index]).length)));
	const line = (cells) => indent + cells.map((cell, index) => String(cell).padEnd(widths[index])).join('  ');
	console.log(line(header));
	console.log(indent + widths.map((width) => '-'.repeat(width)).join('  '));
	for (const row of rows) console.log(line(row));
}

export {outside as measureAgainstZonemaster};

if (process.argv.includes('--inside')) await inside();
else if (path.resolve(process.argv[1] ?? '') === here) {
	const targets = await outside();
	console.log('\nTargets:');
	printTable(['target', 'measured', 'limit', ''], targets.map((entry) => [entry.label, entry.measured, entry.limit, entry.passed ? 'met' : 'MISSED']));
	process.exitCode = targets.every((entry) => entry.passed) ? 0 : 1;
}
