// The explorer under load, in a real pseudo-terminal (tmux): time to the first frame, key press to frame, memory.
import {readFileSync} from 'node:fs';
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {withAnalysis} from '../dist/analysis/analyze.js';
import {createLabTransport} from '../dist/lab/lab-transport.js';
import {buildWorld} from '../dist/lab/world.js';
import {serializeSnapshot} from '../dist/snapshot/snapshot.js';
import {walk} from '../dist/trace/walk.js';
import {clockSkewMs, keyPresser, outputsFromStart, paneLog, terminalFloor, whenFile} from './pane-timing.mjs';
import {keepServer, stopServer, TMUX_ARGS, tmux} from './tmux-server.mjs';

const screen = (session) => tmux('capture-pane', '-p', '-t', session);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A large world: 13 root servers, a TLD with 20 name servers, and a site hosted on 20 providers whose names need
 * sub-traces, every zone signed, so one trace holds hundreds of servers and thousands of records.
 */
export function largeWorld() {
	const roots = Array.from({length: 13}, (_, index) => ({name: `${String.fromCharCode(97 + index)}.root.large.`, ipv4: `127.77.160.${index + 1}`, ipv6: `2001:db8:160::${index + 1}`}));
	const tld = Array.from({length: 20}, (_, index) => ({name: `ns${index}.nic.big.`, ipv4: `127.77.161.${index + 1}`, ipv6: `2001:db8:161::${index + 1}`}));
	const providers = Array.from({length: 20}, (_, index) => ({zone: `p${index}.big.`, servers: [`ns1.p${index}.big.`, `ns2.p${index}.big.`].map((name, n) => ({name, ipv4: `127.77.${162 + n}.${index + 1}`, ipv6: `2001:db8:${162 + n}::${index + 1}`}))}));
	const soa = (primary) => `@ SOA ${primary} hostmaster.large. 1 7200 3600 1209600 3600`;
	const address = (server) => `${server.name} A ${server.ipv4}\n${server.name} AAAA ${server.ipv6}`;
	const zones = [
		{origin: '.', signing: {algorithm: 13}, text: [soa(roots[0].name), ...roots.map((server) => `@ NS ${server.name}`), ...roots.map(address), ...tld.map((server) => `big. NS ${server.name}`), ...tld.map(address)].join('\n')},
		{
			origin: 'big.',
			signing: {algorithm: 13},
			text: [soa(tld[0].name), ...tld.map((server) => `@ NS ${server.name}`), ...tld.map(address), ...providers.flatMap((provider) => [...provider.servers.map((server) => `${provider.zone} NS ${server.name}`), ...provider.servers.map(address)]), ...providers.map((provider) => `site.big. NS ${provider.servers[0].name.replace('.big.', '.big')}.`.replace('..', '.'))].join('\n'),
		},
		...providers.map((provider) => ({origin: provider.zone, signing: {algorithm: 13}, text: [soa(provider.servers[0].name), ...provider.servers.map((server) => `@ NS ${server.name}`), ...provider.servers.map(address)].join('\n')})),
		{origin: 'site.big.', signing: {algorithm: 13}, text: [soa(providers[0].servers[0].name), ...providers.map((provider) => `@ NS ${provider.servers[0].name}`), ...Array.from({length: 30}, (_, index) => `www TXT "record ${index} ${'x'.repeat(40)}"`), 'www A 192.0.2.1'].join('\n')},
	];
	const servers = [
		...roots.map((server) => ({...server, zones: [{zone: '.'}]})),
		...tld.map((server) => ({...server, zones: [{zone: 'big.'}]})),
		...providers.flatMap((provider) => provider.servers.map((server, index) => ({...server, zones: [{zone: provider.zone}, ...(index === 0 ? [{zone: 'site.big.'}] : [])]}))),
	];
	return buildWorld({roots: roots.map((server) => server.name), stories: [], servers, zones});
}

export async function measureUi(cli) {
	const world = largeWorld();
	const analysed = withAnalysis(await walk({name: 'www.site.big.', type: 'TXT'}, {transport: createLabTransport(world, {latencyScale: 0}), hints: world.hints, port: 53, families: [4, 6], timeoutMs: 100, retries: 0, dnssec: true}), {anchors: {source: 'bench', records: world.trustAnchor}});
	const dir = await mkdtemp(path.join(tmpdir(), 'digdeeper-bench-ui-'));
	const file = path.join(dir, 'large.json');
	await writeFile(file, serializeSnapshot(analysed, {name: 'digdeeper', version: 'bench'}));
	const {trace} = analysed;
	const servers = trace.zones.reduce((count, zone) => count + zone.servers.length, 0);
	const records = trace.zones.reduce((count, zone) => count + zone.servers.reduce((inner, server) => inner + server.probes.reduce((sum, probe) => sum + (probe.response ? probe.response.answer.length + probe.response.authority.length + probe.response.additional.length : 0), 0), 0), 0);

	keepServer();
	let presser;
	try {
		// First frame: from the process's start to its first output with the title (pane-timing.mjs), nine runs.
		if (Math.abs(clockSkewMs()) > 1) throw new Error('date +%s%N and performance.timeOrigin disagree: the first frame cannot be timed here');
		// The first is the title line the program writes as the explorer loads; the second, Ink's first frame, the explorer
		// drawn and reading keys.
		const firstFrames = [];
		const inkFrames = [];
		for (let round = 0; round < 9; round++) {
			const session = `bench-first-${process.pid}-${round}`;
			const [title, ink] = await outputsFromStart(tmux, {session, command: `env -u CI TERM=xterm-256color node ${cli} --lab www.example.com --latency-scale 0`, marker: 'digdeeper', times: 2, file: path.join(dir, `first-${round}.log`)});
			firstFrames.push(title);
			inkFrames.push(ink);
			tmux('kill-session', '-t', session);
		}

		// Key press to frame, on the large trace, and the process's peak memory; first the terminal's own part of it.
		presser = await keyPresser(TMUX_ARGS, 'keeper');
		const floorP95 = await terminalFloor(tmux, presser, path.join(dir, 'floor.log'));
		const session = `bench-keys-${process.pid}`;
		tmux('new-session', '-d', '-s', session, '-x', '120', '-y', '40', `exec env -u CI TERM=xterm-256color node ${cli} open ${file}`);
		while (!screen(session).includes('site.big.')) await sleep(10);
		await sleep(300);
		const pid = tmux('list-panes', '-t', session, '-F', '#{pane_pid}').trim();
		// Everything the explorer writes to its terminal is copied to a file: a key's frame has arrived when the file grows.
		const log = paneLog(tmux, session, path.join(dir, 'pane.log'));
		await sleep(200);
		const latencies = [];
		const keys = [...Array(15).fill('j'), 'Enter', 'j', 'j', 'j', 'Tab', 'j', 'j', 'Tab', 'G', ...Array(10).fill('k'), 'g', 'f', 'j', 'j', 'Escape', 'd', 'Escape', 'x', 'Escape', 'i', 'Escape'];
		for (const key of keys) {
			const before = log.size();
			const started = performance.now();
			const framed = await whenFile(log.file, () => log.size() !== before, 2000, () => presser.press(session, key));
			if (framed !== undefined) latencies.push(framed - started);
			if (process.env.BENCH_DEBUG) console.log(`  key ${key}: ${framed === undefined ? 'no frame' : `${(framed - started).toFixed(0)} ms`}`);
			// Let the frame finish before the next key.
			let size = log.size();
			for (;;) {
				await sleep(30);
				if (log.size() === size) break;
				size = log.size();
			}
		}
		const status = readFileSync(`/proc/${pid}/status`, 'utf8');
		const peakKb = Number(/VmHWM:\s+(\d+)/u.exec(status)?.[1] ?? 0);
		tmux('kill-session', '-t', session);
		const sorted = [...latencies].sort((a, b) => a - b);
		return {
			firstFrame: [...firstFrames].sort((a, b) => a - b)[Math.floor(firstFrames.length / 2)],
			inkFrame: [...inkFrames].sort((a, b) => a - b)[Math.floor(inkFrames.length / 2)],
			keyMedian: sorted[Math.floor(sorted.length / 2)],
			keyP95: sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)],
			keys: latencies.length,
			floorP95,
			servers,
			records,
			peakMb: peakKb / 1024,
		};
	} finally {
		presser?.close();
		stopServer();
		await rm(dir, {recursive: true, force: true});
	}
}
