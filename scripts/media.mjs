// Produces media/ from real terminal runs of the lab (never the network): screenshots of the main views as the
// README's pictures (SVG, drawn by a terminal emulator from the captured screen: scripts/terminal-svg.mjs), as plain
// text (for screen readers) and with the terminal's colours as ANSI; a short demo recorded as an asciicast
// (asciinema v2, `asciinema play media/demo.cast`) and replayed into an animated SVG; and the HTML report as a
// browser shows it (PNG, Debian's chromium through playwright-core, nothing fetched). Needs tmux and chromium; run
// after `npm run build`.
import {execFileSync} from 'node:child_process';
import {mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {pathToFileURL} from 'node:url';
import {chromium} from 'playwright-core';
import {animatedSvg, captureToBytes, castScreens, terminalSvg} from './terminal-svg.mjs';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const media = path.join(root, 'media');
const cli = path.join(root, 'dist', 'cli.cjs');
const columns = 100;
const rows = 30;
mkdirSync(media, {recursive: true});
// The lab lives on loopback; the guard makes sure nothing else is ever asked, here and in every run below.
process.env.DIGDEEPER_LOOPBACK_ONLY = '1';
const scratch = mkdtempSync(path.join(tmpdir(), 'digdeeper-media-'));
const kib = (file) => `${Math.round(statSync(file).size / 1024)} KiB`;

const tmux = (...args) => execFileSync('tmux', args, {encoding: 'utf8'});
const sleep = (ms) => execFileSync('sleep', [String(ms / 1000)]);
const capture = (session, colours) => tmux('capture-pane', '-p', ...(colours ? ['-e'] : []), '-t', session);

function session(name, args) {
	try {
		execFileSync('tmux', ['kill-session', '-t', name], {stdio: 'ignore'});
	} catch {}
	tmux('new-session', '-d', '-s', name, '-x', String(columns), '-y', String(rows), `env -u CI TERM=xterm-256color DIGDEEPER_LOOPBACK_ONLY=1 node ${cli} ${args}; sleep 60`);
	return name;
}

/** Waits (polling the screen) until it shows `text`: a trace's length varies with its dead servers' time-outs. */
function waitFor(name, text, timeoutMs = 30_000) {
	const until = Date.now() + timeoutMs;
	while (!capture(name, false).includes(text)) {
		if (Date.now() > until) throw new Error(`media: ${name} never showed "${text}"`);
		sleep(200);
	}
}

async function shot(name, file, title, keys = [], wait = 300) {
	for (const key of keys) {
		tmux('send-keys', '-t', name, key);
		sleep(150);
	}
	sleep(wait);
	const coloured = capture(name, true);
	writeFileSync(path.join(media, `${file}.txt`), capture(name, false));
	writeFileSync(path.join(media, `${file}.ans`), coloured);
	writeFileSync(path.join(media, `${file}.svg`), await terminalSvg(captureToBytes(coloured), {columns, rows, title}));
	console.log(`media/${file}.svg (${kib(path.join(media, `${file}.svg`))}), .txt, .ans`);
}

// Screenshots of the main views.
const bw = session('media-bw', '--lab www.nic.bw --latency-scale 0.2 --timeout 400');
waitFor(bw, 'all done');
await shot(bw, 'explorer-zone-grid', 'digdeeper --lab www.nic.bw: the delegation tree and the bw. zone\'s server-by-server grid');
await shot(bw, 'explorer-findings', 'digdeeper --lab www.nic.bw: the findings, worst first', ['f']);
await shot(bw, 'explorer-dnssec-chain', 'digdeeper --lab www.nic.bw: the DNSSEC chain of trust', ['Escape', 'd']);
await shot(bw, 'explorer-explain', 'digdeeper --lab www.nic.bw: explain this row', ['Escape', 'g', 'i']);
await shot(bw, 'explorer-help', 'digdeeper --lab www.nic.bw: the keys', ['Escape', '?']);
await shot(bw, 'explorer-step-through', 'digdeeper --lab www.nic.bw: the resolution step by step (s), at its fifth step', ['Escape', 's', 'Right', 'Right', 'Right', 'Right']);
// What if the two servers of bw. that still answer went down too: the zone's row, w, its first change (every server down).
await shot(bw, 'explorer-what-if', 'digdeeper --lab www.nic.bw: what if every server of bw. went down (w)', ['Escape', 'g', '/', 'bw.', 'Enter', 'w', 'Enter']);
tmux('kill-session', '-t', bw);

const net = session('media-net', '--lab www.example.net --latency-scale 0.2 --timeout 400');
waitFor(net, 'all done');
await shot(net, 'explorer-compare', 'digdeeper --lab www.example.net: two servers\' answers compared', ['/', '127.77.13.1', 'Enter', 'Space', '/', '127.77.113.4', 'Enter', 'Space', 'c']);
tmux('kill-session', '-t', net);

const puri = session('media-puri', '--lab www.puri.sm --latency-scale 0.2');
waitFor(puri, 'all done');
await shot(puri, 'explorer-puri-sm', 'digdeeper --lab www.puri.sm: the findings of a missing delegation', ['f']);
tmux('kill-session', '-t', puri);

// A watch: .bw's stale server catches up and its dead one is repaired; the timeline, then the last round's changes.
const watch = session('media-watch', '--lab www.nic.bw --latency-scale 0.2 --timeout 400 --watch 1s --quiet');
sleep(9000);
await shot(watch, 'explorer-watch-timeline', 'digdeeper --lab www.nic.bw --watch 1s: the timeline, a cell per trace', ['t']);
await shot(watch, 'explorer-watch-changes', 'digdeeper --lab www.nic.bw --watch 1s: the latest changes', ['Escape', 'D']);
tmux('kill-session', '-t', watch);

// A survey of the lab's generated root of 40 TLDs, as the README's survey section runs it: its zones worst first.
const tlds = path.join(scratch, 'tlds.txt');
const {generateRoot} = await import(pathToFileURL(path.join(root, 'dist', 'lab', 'generated-root.js')).href);
writeFileSync(tlds, generateRoot({tlds: 40}).truth.map((truth) => truth.tld).join('\n') + '\n');
const survey = session('media-survey', `survey --lab --lab-tlds 40 --file ${tlds} -o ${path.join(scratch, 'survey')}`);
waitFor(survey, '40 zones in', 120_000);
await shot(survey, 'survey-list', 'digdeeper survey --lab --lab-tlds 40: the zones, worst first');
tmux('kill-session', '-t', survey);

// The HTML report of the puri.sm story, as a browser shows it: opened from its file, every other request refused.
const report = path.join(scratch, 'www.puri.sm.html');
execFileSync('node', [cli, '--lab', 'www.puri.sm', '--report', '--format', 'html', '-o', report], {stdio: 'ignore'});
const browser = await chromium.launch({executablePath: '/usr/bin/chromium'});
try {
	const page = await browser.newPage({viewport: {width: 1100, height: 1650}});
	const reportUrl = pathToFileURL(report).href;
	await page.route('**/*', (route) => (route.request().url() === reportUrl ? route.continue() : route.abort()));
	await page.goto(reportUrl);
	await page.screenshot({path: path.join(media, 'html-report.png')});
} finally {
	await browser.close();
}
console.log(`media/html-report.png (${kib(path.join(media, 'html-report.png'))})`);

// A short demo: the puri.sm story, live, then the finding that explains it.
const demo = session('media-demo', '--lab www.pureos.net --latency-scale 1');
const events = [];
const started = Date.now();
let last = '';
const record = () => {
	const frame = capture(demo, true);
	// Until node has started the pane is blank: the recording starts with the first screen drawn.
	if (frame !== last && frame.trim() !== '') {
		events.push([(Date.now() - started) / 1000, 'o', `\u001b[H\u001b[2J${captureToBytes(frame)}`]);
		last = frame;
	}
};
for (let tick = 0; tick < 30; tick++) {
	record();
	sleep(100);
}
for (const key of ['f', 'Down', 'Down', 'Enter', 'd', 'Escape', 'x']) {
	tmux('send-keys', '-t', demo, key);
	for (let tick = 0; tick < 10; tick++) {
		record();
		sleep(100);
	}
}
tmux('kill-session', '-t', demo);
const header = {version: 2, width: columns, height: rows, timestamp: Math.floor(started / 1000), title: 'digdeeper --lab www.pureos.net', env: {TERM: 'xterm-256color'}};
writeFileSync(path.join(media, 'demo.cast'), [JSON.stringify(header), ...events.map((event) => JSON.stringify(event))].join('\n') + '\n');
console.log(`media/demo.cast (${events.length} frames)`);

// The demo as a picture that plays itself: the cast replayed through the emulator, a screen every half second.
const cast = await castScreens(readFileSync(path.join(media, 'demo.cast'), 'utf8'));
writeFileSync(path.join(media, 'demo.svg'), animatedSvg(cast));
console.log(`media/demo.svg (${cast.screens.length} screens, ${kib(path.join(media, 'demo.svg'))})`);
rmSync(scratch, {recursive: true, force: true});
