// The survey at scale: every TLD of the generated root (1,500 by default) at realistic latency, against the bound
// computed from the world itself, with its peak memory and the rate each server really received, and its recall and
// precision against the ground truth. `node bench/survey-scale.mjs` (after npm run build), or part of `npm run bench`.
// The method is in bench/README.md. Prints a table of targets; exit status 1 when one is missed.
import {execFile} from 'node:child_process';
import {existsSync} from 'node:fs';
import path from 'node:path';
import {promisify} from 'node:util';
import {systemDeps} from '../dist/dns/network-transport.js';
import {createTransport} from '../dist/dns/querier.js';
import {buildGeneratedLab, signEveryCopy} from '../dist/lab/generated-lab.js';
import {createLabLink} from '../dist/lab/lab-link.js';
import {scoreAgainstTruth} from '../dist/lab/truth-score.js';
import {DEFAULT_POLITENESS} from '../dist/survey/polite-transport.js';
import {survey} from '../dist/survey/survey.js';

const run = promisify(execFile);
const here = new URL(import.meta.url).pathname;
const TLDS = Number(process.env.BENCH_SURVEY_TLDS ?? 1500);
/** A survey's defaults, as `digdeeper survey` runs: the time-out and retries of a trace, the politeness. */
const TIMEOUT_MS = 1500;
const RETRIES = 1;
const LATENCY_SCALE = Number(process.env.BENCH_SURVEY_LATENCY ?? 1);
const POLITENESS = {...DEFAULT_POLITENESS, ...(process.env.BENCH_SURVEY_RATE ? {ratePerAddress: Number(process.env.BENCH_SURVEY_RATE)} : {})};
process.env.DIGDEEPER_LOOPBACK_ONLY = '1';

/**
 * The lab's network with a counter at the servers: every exchange that reaches a server address (UDP or TCP), when,
 * and what it cost. An answered exchange holds its slot for the server's round trip (its latency, from the world);
 * one to a dead server holds it until the querier gives up (measured: opened to closed).
 */
function countedLink(world) {
	const inner = createLabLink(world, {latencyScale: LATENCY_SCALE});
	const arrivals = new Map();
	const counts = {exchanges: 0, answered: 0, roundTripMs: 0, dead: 0, deadWaitMs: 0, deadAddresses: new Set()};
	const counted = (protocol) => (to, payload, handlers) => {
		const now = performance.now();
		const times = arrivals.get(to.address) ?? [];
		times.push(now);
		arrivals.set(to.address, times);
		counts.exchanges++;
		const server = world.byAddress.get(to.address);
		if (server?.down) {
			counts.dead++;
			counts.deadAddresses.add(to.address);
		}
		const exchange = inner[protocol](to, payload, {
			...handlers,
			onMessage(bytes, from) {
				counts.answered++;
				counts.roundTripMs += server.latencyMs * LATENCY_SCALE;
				handlers.onMessage(bytes, from);
			},
		});
		return {
			close() {
				if (server?.down) counts.deadWaitMs += performance.now() - now;
				exchange.close();
			},
		};
	};
	return {link: {udp: counted('udp'), tcp: counted('tcp')}, arrivals, counts};
}

/** The most exchanges one address received within any one second, and which address. */
function peakPerSecond(arrivals) {
	let peak = {address: '', count: 0};
	for (const [address, times] of arrivals) {
		let first = 0;
		for (let last = 0; last < times.length; last++) {
			while (times[last] - times[first] >= 1000) first++;
			if (last - first + 1 > peak.count) peak = {address, count: last - first + 1};
		}
	}
	return peak;
}

/** The child: builds the lab, surveys it, prints one JSON line of figures. Its own peak RSS is the survey's. */
async function child() {
	const {world, root} = await buildGeneratedLab({tlds: TLDS});
	// Signed before the clock starts, as lab serve does: the survey is timed, not the lab's signing, and the memory
	// the lab holds is known before the survey adds its own.
	signEveryCopy(world);
	const rssBeforeMb = process.memoryUsage().rss / 1e6;
	const {link, arrivals, counts} = countedLink(world);
	const reported = new Map();
	// Where the memory is at its peak: JavaScript objects (the heap) or buffers outside it.
	const peakMemory = {heapUsedMb: 0, externalMb: 0};
	const sampler = setInterval(() => {
		const usage = process.memoryUsage();
		peakMemory.heapUsedMb = Math.max(peakMemory.heapUsedMb, usage.heapUsed / 1e6);
		peakMemory.externalMb = Math.max(peakMemory.externalMb, usage.external / 1e6);
	}, 250);
	const started = performance.now();
	const totals = await survey(
		root.truth.map((entry) => entry.tld),
		{
			transport: createTransport(link, systemDeps),
			hints: world.hints,
			port: 53,
			families: [4, 6],
			timeoutMs: TIMEOUT_MS,
			retries: RETRIES,
			dnssec: true,
			anchors: {source: 'generated root', records: world.trustAnchor},
			politeness: POLITENESS,
			describe: {hints: 'lab', lab: `generated root: --lab-tlds ${TLDS}`},
		},
		({summary}) => {
			reported.set(summary.zone, [...new Set(summary.findings.filter((finding) => finding.severity !== 'info').map((finding) => finding.code))]);
		},
	);
	const wallMs = performance.now() - started;
	clearInterval(sampler);
	const score = scoreAgainstTruth(root.truth, reported);
	const perAddress = [...arrivals.values()].map((times) => times.length);
	console.log(
		JSON.stringify({
			wallMs,
			totals,
			counts: {...counts, deadAddresses: counts.deadAddresses.size},
			addresses: arrivals.size,
			busiest: Math.max(...perAddress),
			peak: peakPerSecond(arrivals),
			rssBeforeMb,
			peakMemory,
			maxRssMb: process.resourceUsage().maxRSS / 1000,
			score,
		}),
	);
}

const ms = (value) => (value < 10_000 ? `${Math.round(value)} ms` : `${(value / 1000).toFixed(1)} s`);

export async function measureSurveyScale() {
	const {stdout} = await run(process.execPath, [here, '--child'], {maxBuffer: 64 * 1024 * 1024, env: {...process.env, DIGDEEPER_LOOPBACK_ONLY: '1'}});
	const result = JSON.parse(stdout.trim().split('\n').at(-1));
	const {counts} = result;
	const C = POLITENESS.maxInFlight;
	const meanRtt = counts.roundTripMs / counts.answered;
	// Every exchange holds one of C slots: an answered one for its server's round trip, one to a dead server for the
	// time-out it waited. With C always busy the survey can end no sooner than the slot time over C.
	const concurrencyBound = (counts.answered * meanRtt + counts.deadWaitMs) / C;
	// Nor sooner than the busiest address can be sent its queries at the rate allowed.
	const rateBound = ((result.busiest - 1) / POLITENESS.ratePerAddress) * 1000;
	const bound = Math.max(concurrencyBound, rateBound);
	return {...result, meanRtt, concurrencyBound, rateBound, bound, C};
}

export function surveyScaleTargets(result) {
	return [
		{label: `survey of ${TLDS} TLDs vs its bound`, measured: `${ms(result.wallMs)} (bound ${ms(result.bound)}, ×${(result.wallMs / result.bound).toFixed(2)})`, limit: '≤ 2 × bound', passed: result.wallMs <= 2 * result.bound},
		// The lab lives in the survey's process here; against the network it does not: the survey's own share is the peak
		// less what the process held with the lab built and signed, before the first query.
		{label: "survey's peak memory (RSS peak − RSS with the lab built)", measured: `${Math.round(result.maxRssMb - result.rssBeforeMb)} MB (process ${Math.round(result.maxRssMb)} MB, lab ${Math.round(result.rssBeforeMb)} MB)`, limit: '≤ 300 MB', passed: result.maxRssMb - result.rssBeforeMb <= 300},
		{label: 'most queries one address got in one second', measured: `${result.peak.count} (${result.peak.address})`, limit: `≤ --rate ${POLITENESS.ratePerAddress}`, passed: result.peak.count <= POLITENESS.ratePerAddress},
		{label: 'recall against the ground truth', measured: `${(result.score.recall * 100).toFixed(2)} %`, limit: '100 %', passed: result.score.recall === 1},
		{label: 'precision against the ground truth', measured: `${(result.score.precision * 100).toFixed(2)} %`, limit: '100 %', passed: result.score.precision === 1},
	];
}

export function printSurveyScale(result) {
	const {counts, totals} = result;
	console.log(`Survey at scale: ${TLDS} TLDs of the generated root, in process, latency ×${LATENCY_SCALE}, --concurrency ${result.C} --rate ${POLITENESS.ratePerAddress}, time-out ${TIMEOUT_MS} ms, ${RETRIES} retry\n`);
	console.log(`  wall time ${ms(result.wallMs)}; ${totals.zones} zones; ${counts.exchanges} exchanges reached ${result.addresses} server addresses (${totals.queriesSent} queries sent, ${totals.queriesShared} answered from the share; at most ${totals.peakInFlight} in flight)`);
	console.log(`  bound = max(concurrency bound, rate bound) = ${ms(result.bound)}`);
	console.log(`    concurrency bound = (answered exchanges × mean round trip + time waited on dead servers) ÷ C`);
	console.log(`                      = (${counts.answered} × ${result.meanRtt.toFixed(1)} ms + ${ms(counts.deadWaitMs)} over ${counts.dead} exchanges to ${counts.deadAddresses} dead addresses) ÷ ${result.C} = ${ms(result.concurrencyBound)}`);
	console.log(`    rate bound = (queries at the busiest address − 1) ÷ rate = (${result.busiest} − 1) ÷ ${POLITENESS.ratePerAddress}/s = ${ms(result.rateBound)}`);
	console.log(`  memory: ${Math.round(result.rssBeforeMb)} MB with the lab built and signed (before the survey), ${Math.round(result.maxRssMb)} MB at most (RSS of the child process); at most ${Math.round(result.peakMemory.heapUsedMb)} MB of JavaScript heap and ${Math.round(result.peakMemory.externalMb)} MB of buffers outside it (sampled every 250 ms)`);
	console.log(`  rate at the servers: at most ${result.peak.count} exchanges to one address (${result.peak.address}) in any one second`);
	console.log('\n  recall and precision against the ground truth, per failure mode (codes: found, missed, said without cause):');
	printTable(
		['mode', 'zones', 'true pos.', 'false neg.', 'false pos.'],
		result.score.modes.map((mode) => [mode.mode, mode.zones, mode.truePositives, mode.falseNegatives, mode.falsePositives]),
		'    ',
	);
	console.log(`    recall ${(result.score.recall * 100).toFixed(2)} %, precision ${(result.score.precision * 100).toFixed(2)} %`);
	for (const miss of result.score.misses.slice(0, 20)) console.log(`    ${miss.tld} (${miss.modes.join(', ') || 'healthy'}): missed ${miss.missed.join(', ') || '—'}; unexpected ${miss.unexpected.join(', ') || '—'}`);
}

export function printTable(header, rows, indent = '') {
	const widths = header.map((cell, index) => Math.max(cell.length, ...rows.map((row) => String(row[index]).length)));
	const line = (cells) => indent + cells.map((cell, index) => String(cell).padEnd(widths[index])).join('  ');
	console.log(line(header));
	console.log(indent + widths.map((width) => '-'.repeat(width)).join('  '));
	for (const row of rows) console.log(line(row));
}

if (process.argv.includes('--child')) await child();
else if (path.resolve(process.argv[1] ?? '') === here) {
	if (!existsSync(new URL('../dist/cli.cjs', import.meta.url))) {
		console.error('run npm run build first');
		process.exit(2);
	}
	const result = await measureSurveyScale();
	printSurveyScale(result);
	const targets = surveyScaleTargets(result);
	console.log('\nTargets:');
	printTable(['target', 'measured', 'limit', ''], targets.map((entry) => [entry.label, entry.measured, entry.limit, entry.passed ? 'met' : 'MISSED']));
	process.exitCode = targets.every((entry) => entry.passed) ? 0 : 1;
}
