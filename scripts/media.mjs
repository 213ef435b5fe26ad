// Produces media/ from a real terminal run of the lab: text screenshots of the main views (plain, and with the
// terminal's colours as ANSI) and a short demo recorded as an asciicast (asciinema v2), replayable with
// `asciinema play media/demo.cast`. Needs tmux; run after `npm run build`.
import {execFileSync} from 'node:child_process';
import {mkdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const media = path.join(root, 'media');
const cli = path.join(root, 'dist', 'cli.js');
const columns = 100;
const rows = 30;
mkdirSync(media, {recursive: true});

const tmux = (...args) => execFileSync('tmux', args, {encoding: 'utf8'});
const sleep = (ms) => execFileSync('sleep', [String(ms / 1000)]);
const capture = (session, colours) => tmux('capture-pane', '-p', ...(colours ? ['-e'] : []), '-t', session);

function session(name, args) {
	try {
		execFileSync('tmux', ['kill-session', '-t', name], {stdio: 'ignore'});
	} catch {}
	tmux('new-session', '-d', '-s', name, '-x', String(columns), '-y', String(rows), `env -u CI TERM=xterm-256color node ${cli} ${args}; sleep 60`);
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

function shot(name, file, keys = [], wait = 300) {
	for (const key of keys) {
		tmux('send-keys', '-t', name, key);
		sleep(150);
	}
	sleep(wait);
	writeFileSync(path.join(media, `${file}.txt`), capture(name, false));
	writeFileSync(path.join(media, `${file}.ans`), capture(name, true));
	console.log(`media/${file}.txt`);
}

// Screenshots of the main views.
const bw = session('media-bw', '--lab www.nic.bw --latency-scale 0.2 --timeout 400');
waitFor(bw, 'all done');
shot(bw, 'explorer-zone-grid');
shot(bw, 'explorer-findings', ['f']);
shot(bw, 'explorer-dnssec-chain', ['Escape', 'd']);
shot(bw, 'explorer-explain', ['Escape', 'g', 'i']);
shot(bw, 'explorer-help', ['Escape', '?']);
tmux('kill-session', '-t', bw);

const net = session('media-net', '--lab www.example.net --latency-scale 0.2 --timeout 400');
waitFor(net, 'all done');
shot(net, 'explorer-compare', ['/', '127.77.13.1', 'Enter', 'Space', '/', '127.77.113.4', 'Enter', 'Space', 'c']);
tmux('kill-session', '-t', net);

const puri = session('media-puri', '--lab www.puri.sm --latency-scale 0.2');
waitFor(puri, 'all done');
shot(puri, 'explorer-puri-sm', ['f']);
tmux('kill-session', '-t', puri);

// A watch: .bw's stale server catches up and its dead one is repaired; the timeline, then the last round's changes.
const watch = session('media-watch', '--lab www.nic.bw --latency-scale 0.2 --timeout 400 --watch 1s --quiet');
sleep(9000);
shot(watch, 'explorer-watch-timeline', ['t']);
shot(watch, 'explorer-watch-changes', ['Escape', 'D']);
tmux('kill-session', '-t', watch);

// A short demo: the puri.sm story, live, then the finding that explains it.
const demo = session('media-demo', '--lab www.pureos.net --latency-scale 1');
const events = [];
const started = Date.now();
let last = '';
const record = () => {
	const frame = capture(demo, true);
	if (frame !== last) {
		events.push([(Date.now() - started) / 1000, 'o', `\u001b[H\u001b[2J${frame.replaceAll('\n', '\r\n')}`]);
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
