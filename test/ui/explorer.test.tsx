import {render} from 'ink-testing-library';
import stringWidth from 'string-width';
import {describe, expect, it} from 'vitest';
import {frameWhere} from '../helpers/frames.js';
import {withAnalysis, type AnalysedTrace} from '../../source/analysis/analyze.js';
import {HOSTILE} from '../../source/lab/hostile-world.js';
import {buildWorld} from '../../source/lab/world.js';
import type {Trace} from '../../source/trace/model.js';
import {emptyHistory, recordRound} from '../../source/compare/watch-history.js';
import {Explorer} from '../../source/ui/explorer.js';
import {KEYMAP} from '../../source/ui/keymap.js';
import {buildTree} from '../../source/ui/tree-model.js';
import {zoneGridLines} from '../../source/ui/views/lines.js';
import {labTrace, labWorld} from '../helpers/lab.js';
import {renderSized} from '../helpers/terminal.js';

const KEYS = {down: '\u001B[B', up: '\u001B[A', enter: '\r', escape: '\u001B', tab: '\t'};

async function analysed(name: string, type = 'A', world = labWorld()): Promise<AnalysedTrace> {
	return withAnalysis(await labTrace(name, type, {world}), {anchors: {source: 'lab', records: world.trustAnchor}});
}

/** The explorer over a trace, with its analysis once there is one (none while the trace runs). */
function explore({trace, analysis}: Pick<AnalysedTrace, 'trace'> & Partial<AnalysedTrace>, options: {running?: boolean; onExport?: () => Promise<string>} = {}) {
	let quit = false;
	const app = render(<Explorer trace={trace} {...(analysis ? {analysis} : {})} running={options.running ?? false} onExport={options.onExport ?? (async () => '/tmp/x.json')} onQuit={() => (quit = true)} />);
	return {...app, quitted: () => quit};
}

describe('the explorer', () => {
	it('opens on the zone where the walk ended, with its comparison grid and the servers that differ', async () => {
		const {lastFrame, stdin} = explore(await analysed('www.nic.bw.'));
		const frame = await frameWhere(lastFrame, (text) => text.includes('bw. — 4 server addresses'));
		expect(frame).toContain('ANSWER from bw.');
		expect(frame).toContain('DNSSEC insecure');
		expect(frame).toContain('0 errors, 4 warnings (f)');
		// The columns where the servers differ come first, beside the server's name and address.
		expect(frame).toMatch(/dns1\.btc\.bw\.\s+127\.77\.50\.1\s+timeout/u);
		expect(frame).toContain('▾ bw.');
		// At 100 columns the serial (with its age) is a few pages of columns away: `>` until it shows.
		for (let page = 0; page < 12 && !/\bserial\b/u.test(lastFrame() ?? ''); page++) {
			stdin.write('>');
			await new Promise((resolve) => setTimeout(resolve, 30));
		}
		const more = await frameWhere(lastFrame, (text) => /\bserial\b/u.test(text));
		expect(more).toMatch(/2024020312 \(-400, 4 days\)/u);
	});

	it('says a zone found in its parent\'s own answers is below that parent, not delegated by it with an empty list', async () => {
		const {trace, analysis} = await analysed('www.nic.gm.');
		const grid = zoneGridLines(trace, analysis, trace.zones.find((zone) => zone.name === 'nic.gm.')!).map((line) => line.map((cell) => cell.text).join(''));
		expect(grid[0]).toMatch(/^nic\.gm\. — \d+ server address(?:es)?, below gm\., whose servers serve it too/u);
		expect(grid[1]).toMatch(/^parent \(gm\.\) gave no referral: it answered from this zone's data/u);
		expect(grid.join('\n')).not.toContain('delegated by gm.');
	});

	it('shows a lagging serial with how far behind it is and how old, where the serials are dates', async () => {
		const {trace, analysis} = await analysed('www.nic.bw.');
		const grid = zoneGridLines(trace, analysis, trace.zones.find((zone) => zone.name === 'bw.')!).map((line) => line.map((cell) => cell.text).join(''));
		expect(grid.find((line) => line.startsWith('dns2.btc.bw.'))).toMatch(/ 2024020312 \(-400, 4 days\)/u);
	});

	it('keeps every frame within a 24-row terminal', async () => {
		const {lastFrame, stdin} = explore(await analysed('www.shop.com.'));
		await frameWhere(lastFrame, (text) => text.includes('cdnhost.net.'));
		for (const key of [KEYS.down, KEYS.enter, KEYS.down, KEYS.enter, KEYS.tab, 'G', 'f', '?', 'd', 'x', 'i']) {
			stdin.write(key);
			await new Promise((resolve) => setTimeout(resolve, 15));
			expect(lastFrame()!.split('\n').length).toBeLessThanOrEqual(23);
		}
	});

	it('shows a server response the way dig does', async () => {
		const {lastFrame, stdin} = explore(await analysed('www.puri.sm.'));
		await frameWhere(lastFrame, (text) => text.includes('sm. — 2 server addresses'));
		stdin.write(KEYS.down);
		await frameWhere(lastFrame, (text) => text.includes('dns.omniway.sm.'));
		stdin.write(KEYS.enter);
		stdin.write(KEYS.down);
		const frame = await frameWhere(lastFrame, (text) => text.includes('->>HEADER<<-'));
		expect(frame).toContain('status: NXDOMAIN');
		expect(frame).toContain(';; flags: qr aa');
		expect(frame).toContain(';; AUTHORITY SECTION:');
		expect(frame).toMatch(/sm\. \d+ IN SOA dns\.omniway\.sm\./u);
		expect(frame).toContain('2018022036');
	});

	it('lists the findings worst first and jumps to the zone of one on Enter', async () => {
		const {lastFrame, stdin} = explore(await analysed('www.pureos.net.'));
		await frameWhere(lastFrame, (text) => text.includes('pureos.net. — 0 server addresses'));
		stdin.write('f');
		await frameWhere(lastFrame, (text) => text.includes('Findings (5), worst first'));
		expect(lastFrame()).toContain('Who can fix it: the registrar; the registry (TLD operator): .sm,');
		stdin.write(KEYS.down);
		await frameWhere(lastFrame, (text) => text.includes('every name server is named under puri.sm.') && text.includes('Who can fix it: the zone owner'));
		stdin.write(KEYS.enter);
		const frame = await frameWhere(lastFrame, (text) => !text.includes('Findings (5)'));
		expect(frame).toContain('pureos.net. — 0 server addresses, delegated by net.');
	});

	it('filters the findings list', async () => {
		const {lastFrame, stdin} = explore(await analysed('www.nic.bw.'));
		await frameWhere(lastFrame, (text) => text.includes('bw. — 4 server addresses'));
		stdin.write('f');
		await frameWhere(lastFrame, (text) => text.includes('Findings (4)'));
		stdin.write('/');
		await frameWhere(lastFrame, (text) => text.includes('filter findings: █'));
		stdin.write('serial');
		await new Promise((resolve) => setTimeout(resolve, 30));
		stdin.write(KEYS.enter);
		const frame = await frameWhere(lastFrame, (text) => text.includes('Findings (1)'));
		expect(frame).toContain('SERIAL_MISMATCH');
		expect(frame).not.toContain('SERVER_TIMEOUT');
		// The header still counts the whole trace: the filter narrows the list, not the findings.
		expect(frame).toContain('0 errors, 4 warnings');
	});

	it('has a help overlay made from the keymap', async () => {
		const {lastFrame, stdin} = explore(await analysed('www.example.com.'));
		await frameWhere(lastFrame, (text) => text.includes('example.com.'));
		stdin.write('?');
		const frame = await frameWhere(lastFrame, (text) => text.includes('Keys'));
		for (const binding of KEYMAP.slice(0, 16)) expect(frame).toContain(`${binding.label}`);
		stdin.write(KEYS.escape);
		await frameWhere(lastFrame, (text) => !text.includes('Ctrl-C always quits'));
	});

	it('shows the DNSSEC chain from the root down, with each verdict and why', async () => {
		const {lastFrame, stdin} = explore(await analysed('www.rollover.net.'));
		await frameWhere(lastFrame, (text) => text.includes('rollover.net.'));
		stdin.write('d');
		const frame = await frameWhere(lastFrame, (text) => text.includes('DNSSEC chain of trust'));
		expect(frame).toMatch(/\.\s+secure/u);
		// Link by link the chain is longer than a screen: the broken zone's verdict is a page down.
		stdin.write('\u001B[6~');
		const below = await frameWhere(lastFrame, (text) => text.includes('no DNSKEY matches the DS'));
		expect(below).toMatch(/rollover\.net\.\s+bogus/u);
	});

	it('maps the dependencies with the single points of failure', async () => {
		const {lastFrame, stdin} = explore(await analysed('tox.im.'));
		await frameWhere(lastFrame, (text) => text.includes('tox.im.'));
		stdin.write('x');
		const frame = await frameWhere(lastFrame, (text) => text.includes('depends on 7 zones'));
		expect(frame).toContain('Single points of failure:');
		expect(frame).toContain('servicey.net.  ✗ 0 of 2 servers answer (timeout)');
	});

	it('explains a step in plain words, for a learner', async () => {
		const {lastFrame, stdin} = explore(await analysed('www.example.com.'));
		await frameWhere(lastFrame, (text) => text.includes('example.com. — 4 server addresses'));
		stdin.write('g');
		stdin.write('i');
		const frame = await frameWhere(lastFrame, (text) => text.includes('The root zone'));
		expect(frame).toContain('Every lookup starts at the root');
		expect(frame).toContain('they refer us further down');
	});

	it('compares two marked servers side by side and highlights what differs', async () => {
		const {lastFrame, stdin} = explore(await analysed('www.example.net.'));
		await frameWhere(lastFrame, (text) => text.includes('example.net. — 4 server addresses'));
		const pause = () => new Promise((resolve) => setTimeout(resolve, 30));
		for (const address of ['127.77.13.1', '127.77.113.4']) {
			stdin.write('/');
			await frameWhere(lastFrame, (text) => text.includes('find: █'));
			stdin.write(address);
			await pause();
			stdin.write(KEYS.enter);
			await frameWhere(lastFrame, (text) => text.includes(`find: ${address} (n/N)`));
			await pause();
			stdin.write(' ');
			await frameWhere(lastFrame, (text) => text.includes(`${address === '127.77.13.1' ? 1 : 2} marked for compare`));
		}
		stdin.write('c');
		const frame = await frameWhere(lastFrame, (text) => text.includes('Comparing 2 responses'));
		expect(frame).toContain('192.0.2.30');
		expect(frame).toContain('192.0.2.99');
	});

	it('marks every address of a name server when space is pressed on its name', async () => {
		const {lastFrame, stdin} = explore(await analysed('www.nic.bw.'));
		await frameWhere(lastFrame, (text) => text.includes('bw. — 4 server addresses'));
		const pause = () => new Promise((resolve) => setTimeout(resolve, 30));
		// Name servers in name order: afrinic.nic.bw. first, whatever order the trace met them in.
		for (const name of ['afrinic.nic.bw.', 'dns1.btc.bw.']) {
			stdin.write(KEYS.down);
			await frameWhere(lastFrame, (text) => text.includes(`${name}, listed by parent and child`));
		}
		for (const [index, name] of ['dns2.btc.bw.', 'pch.nic.bw.'].entries()) {
			stdin.write(KEYS.down);
			await frameWhere(lastFrame, (text) => text.includes(`${name}, listed by parent and child`));
			await pause();
			stdin.write(' ');
			await frameWhere(lastFrame, (text) => text.includes(`${index + 1} marked for compare`));
		}
		expect(lastFrame()).toMatch(/•\s+▸ dns2\.btc\.bw\. ok/u);
		stdin.write('c');
		const frame = await frameWhere(lastFrame, (text) => text.includes('Comparing 2 responses'));
		expect(frame).toContain('127.77.50.2');
		expect(frame).toContain('127.77.150.1');
	});

	it('exports the snapshot and shows where', async () => {
		const {lastFrame, stdin} = explore(await analysed('www.example.com.'), {onExport: async () => '/tmp/digdeeper-www.example.com.json'});
		await frameWhere(lastFrame, (text) => text.includes('example.com.'));
		stdin.write('e');
		await frameWhere(lastFrame, (text) => text.includes('snapshot written to /tmp/digdeeper-www.example.com.json'));
	});

	it('finds a node by text and jumps to it', async () => {
		const {lastFrame, stdin} = explore(await analysed('www.shop.com.'));
		await frameWhere(lastFrame, (text) => text.includes('cdnhost.net.'));
		stdin.write('/');
		await frameWhere(lastFrame, (text) => text.includes('find: █'));
		stdin.write('ns2.dnsprovider');
		stdin.write(KEYS.enter);
		const frame = await frameWhere(lastFrame, (text) => text.includes('find: ns2.dnsprovider (n/N)'));
		expect(frame).toContain('ns2.dnsprovider.net.');
	});

	it('re-traces on r once the trace is done, and says so while it still runs', async () => {
		let retraced = 0;
		const traced = await analysed('www.example.com.');
		const done = render(<Explorer {...traced} running={false} onExport={async () => ''} onRetrace={() => (retraced++, true)} onQuit={() => {}} />);
		await frameWhere(done.lastFrame, (text) => text.includes('example.com.'));
		done.stdin.write('r');
		await frameWhere(() => (retraced === 1 ? 'yes' : ''), (text) => text === 'yes');
		const live = render(<Explorer trace={traced.trace} running onExport={async () => ''} onRetrace={() => (retraced++, true)} onQuit={() => {}} />);
		await frameWhere(live.lastFrame, (text) => text.includes('example.com.'));
		live.stdin.write('r');
		await frameWhere(live.lastFrame, (text) => text.includes('the trace is still running'));
		expect(retraced).toBe(1);
	});

	it('hands the keys typed behind r, in the same chunk, to the new trace\'s explorer; a watch\'s, which stays, presses them itself', async () => {
		const traced = await analysed('www.example.com.');
		// Once the newcomer's placement has put the cursor on the answer's zone: the frame the keys start from.
		const placed = (text: string) => text.includes('example.com. — 4 server addresses');
		const moved = render(<Explorer {...traced} running={false} onExport={async () => ''} onQuit={() => {}} />);
		const first = await frameWhere(moved.lastFrame, placed);
		moved.stdin.write('jj');
		const twoDown = await frameWhere(moved.lastFrame, (text) => text !== first);
		// A live trace's explorer is replaced by the new trace's: the keys are handed over, and move nothing here.
		let handed: string[] = [];
		const replaced = render(<Explorer {...traced} running={false} onExport={async () => ''} onRetrace={(keys) => ((handed = keys.map(String)), true)} onQuit={() => {}} />);
		await frameWhere(replaced.lastFrame, placed);
		replaced.stdin.write('rjj');
		await frameWhere(() => handed.join(' '), (text) => text === 'j j');
		expect(replaced.lastFrame()).toBe(first);
		// Before, they were pressed on the explorer about to be replaced, and lost with it.
		const kept = render(<Explorer {...traced} running={false} onExport={async () => ''} onRetrace={() => false} onQuit={() => {}} />);
		await frameWhere(kept.lastFrame, placed);
		kept.stdin.write('rjj');
		await frameWhere(kept.lastFrame, (text) => text === twoDown);
	});

	it('keeps a long name whole on its header line at 80 columns: the times go, none is cut', async () => {
		const name = 'some-very-long-label-for-testing.another-long-label-here.example.com.';
		const traced = await analysed(name);
		const header = async (columns: number) => {
			const terminal = renderSized(<Explorer {...traced} running={false} onExport={async () => ''} onQuit={() => {}} />, {columns, rows: 24});
			const frame = await frameWhere(() => terminal.lastFrame() ?? '', (text) => text.includes('NXDOMAIN'));
			terminal.unmount();
			return frame.split('\n')[0];
		};
		// Before: "some-very-long-label-for-testing.another-long-label-here.example.com. A · known…".
		expect(await header(80)).toBe(`${name} A`);
		expect(await header(90)).toMatch(new RegExp(`^${name.replaceAll('.', '\\.')} A · done [\\d.]+ m?s$`, 'u'));
		// Narrower than the name, it is cut in its middle: the zone and the type stay (a cut at the end took the type).
		const cut = await header(60);
		expect(cut).toHaveLength(60);
		expect(cut).toMatch(/^some-very-long-label-for-te.*….*label-here\.example\.com\. A$/u);
	});

	it('measures a Unicode query name in columns on its header line: two a CJK character, so the type and the times stay', async () => {
		const traced = await analysed('www.example.com.');
		// As the command line keeps an IDN: the name in A-labels for the wire, in Unicode for the reader.
		const unicode = 'www.例え例え例え例え例え例え例え例え例え例え.テスト例え例え例え例え例え例え例え例え.';
		const idn = {...traced, trace: {...traced.trace, query: {...traced.trace.query, unicode}}};
		const header = async (columns: number) => {
			const terminal = renderSized(<Explorer {...idn} running={false} onExport={async () => ''} onQuit={() => {}} />, {columns, rows: 24});
			const frame = await frameWhere(() => terminal.lastFrame() ?? '', (text) => text.includes('ANSWER'));
			terminal.unmount();
			return frame.split('\n')[0]!;
		};
		// 45 characters, 84 columns. Measured by its length, the whole name and " A · done 83 ms" were taken to fit 80
		// columns, and the terminal's edge cut the type and the times off.
		expect([unicode.length, stringWidth(unicode)]).toEqual([45, 84]);
		const narrow = await header(80);
		expect(stringWidth(narrow)).toBeLessThanOrEqual(80);
		expect(narrow).toMatch(/^www\.例え.*….*例え\. A$/u);
		const wide = await header(120);
		expect(stringWidth(wide)).toBeLessThanOrEqual(120);
		expect(wide).toMatch(new RegExp(`^(?:digdeeper )?${unicode.replaceAll('.', '\\.')} A · .*done [\\d.]+ m?s`, 'u'));
	});

	it('keeps a watched query\'s type where the header must be cut: the watch\'s state goes first', async () => {
		const traced = await analysed('www.example.com.');
		const unicode = 'www.例え例え例え例え例え例え.テスト.';
		const idn = {...traced, trace: {...traced.trace, query: {...traced.trace.query, type: 'AAAA', unicode}}};
		const history = recordRound(emptyHistory(), {trace: idn.trace, analysis: idn.analysis}).history;
		const terminal = renderSized(<Explorer {...idn} watch={{history, intervalMs: 10_000, tracing: false, nextAt: Date.now() + 9_000}} running={false} onExport={async () => ''} onQuit={() => {}} />, {columns: 40, rows: 12});
		const header = (await frameWhere(() => terminal.lastFrame() ?? '', (text) => text.includes('ANSWER'))).split('\n')[0]!;
		terminal.unmount();
		// Before: "www.例え例え例え例え…y 10 s, next in 9 s", the cut's end taken by the watch's state.
		expect(header).toMatch(/^www\.例え.*….*テスト\. AAAA$/u);
		expect(stringWidth(header)).toBeLessThanOrEqual(40);
	});

	it('cuts its status line between escapes, never inside one', async () => {
		const narrow = renderSized(<Explorer {...(await analysed('www.example.com.'))} running={false} onExport={async () => ''} onQuit={() => {}} />, {columns: 50, rows: 24});
		const frame = () => narrow.lastFrame() ?? '';
		await frameWhere(frame, (text) => text.includes('ANSWER'));
		// Typed (pasted) bidi overrides, each shown as its escape, `\u{202e}`: the status says what was not found.
		narrow.stdin.write('/');
		await frameWhere(frame, (text) => text.includes('find: █'));
		narrow.stdin.write(`${'\u202E'.repeat(12)}\r`);
		const status = (await frameWhere(frame, (text) => text.includes('no match for'))).split('\n').find((row) => row.startsWith('no match for'))!;
		narrow.unmount();
		// Four whole escapes and "…" in 50 columns, where Ink's own cut at the edge left "\u" of a fifth, which reads as
		// something else than what was typed.
		expect(status).toBe(`no match for "${'\\u{202e}'.repeat(4)}…`);
	});

	it('quits on q', async () => {
		const app = explore(await analysed('www.example.com.'));
		await frameWhere(app.lastFrame, (text) => text.includes('example.com.'));
		app.stdin.write('q');
		await frameWhere(() => (app.quitted() ? 'yes' : ''), (text) => text === 'yes');
	});

	it('shows pending probes with a spinner while the trace runs', async () => {
		const {trace} = await analysed('www.example.com.');
		const out = trace.zones[2]!.servers.flatMap((server) => server.probes).filter((probe) => probe.status !== 'skipped').length;
		// As the walk keeps it while it runs: a query is counted once its result is in.
		const live: Trace = {...trace, stats: {...trace.stats, queries: trace.stats.queries - out}, zones: trace.zones.map((zone, index) => (index === 2 ? {...zone, servers: zone.servers.map((server) => ({...server, probes: server.probes.map((probe) => ({...probe, status: 'pending' as const}))}))} : zone))};
		const {lastFrame} = explore({trace: {...live, outcome: {status: 'pending', records: [], atMs: 0}}}, {running: true});
		const frame = await frameWhere(lastFrame, (text) => text.includes('tracing…'));
		// The count is of queries done, which only grows: "40 in flight … 12 queries" read as a contradiction, and counting
		// those out too went down as queries refused before they left were dropped (a break test: 96, then 72).
		// "Pending", not "in flight": the count holds queries waiting their turn too, past the 48 allowed out at once (a
		// break test read "90 in flight").
		expect(frame).toContain(`${out} pending, `);
		expect(frame).toContain(`  ·  ${trace.stats.queries - out} queries done, `);
		expect(frame).toMatch(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]/u);
	});

	it('stops its clock when the walk ends, and says the trace is being analysed, not that nothing is in flight', async () => {
		const {trace} = await analysed('www.example.com.');
		// The walk has ended (its duration set) a minute after it started, by the wall clock: the header keeps the walk's time.
		const walked: Trace = {...trace, startedAt: new Date(Date.now() - 60_000).toISOString(), durationMs: 737, outcome: {status: 'pending', records: [], atMs: 0}};
		const {lastFrame} = explore({trace: walked}, {running: true});
		const frame = await frameWhere(lastFrame, (text) => text.includes('tracing…'));
		expect(frame.split('\n')[0]).toMatch(/ analysing, 737 ms {2}· {2}\d+ queries done, 3 zones$/u);
		expect(frame).not.toContain(' pending, ');
	});

	it('names in its key line only the keys a prompt takes: every other key is typed', async () => {
		const {lastFrame, stdin} = explore(await analysed('www.example.com.'));
		await frameWhere(lastFrame, (text) => text.includes('example.com.'));
		stdin.write('/');
		const frame = await frameWhere(lastFrame, (text) => text.includes('find: █'));
		expect(frame.trimEnd().split('\n').at(-1)).toBe('Enter confirm · Esc cancel · ⌫ erase · Ctrl-C quit');
		stdin.write('q');
		await frameWhere(lastFrame, (text) => text.includes('find: q█'));
	});

	it('shows the answer the first replies give while the decisions still wait, and the decided outcome once it comes', async () => {
		const {trace} = await analysed('www.nic.bw.');
		// As it stands while bw.'s dead server is waited for: the root's referral decided, bw.'s step not yet.
		const [query, ...others] = trace.resolutions;
		const waiting: Trace = {...trace, resolutions: [{...query!, steps: query!.steps.slice(0, 1)}, ...others], outcome: {status: 'pending', records: [], atMs: 0}};
		const live = render(<Explorer trace={waiting} running onExport={async () => ''} onQuit={() => {}} />);
		const frame = await frameWhere(live.lastFrame, (text) => text.includes('first reply'));
		expect(frame).toContain('tracing… first reply: ANSWER from bw.: www.nic.bw. A 192.0.2.101');
		live.rerender(<Explorer trace={trace} running={false} onExport={async () => ''} onQuit={() => {}} />);
		const done = await frameWhere(live.lastFrame, (text) => text.includes('ANSWER from bw.: www.nic.bw. A 192.0.2.101'));
		expect(done).not.toContain('first reply');
	});

	it('says the findings come when the trace ends, not that there are none, while it still runs', async () => {
		const {trace} = await analysed('www.nic.bw.');
		const {lastFrame, stdin} = explore({trace: {...trace, outcome: {status: 'pending', records: [], atMs: 0}}}, {running: true});
		await frameWhere(lastFrame, (text) => text.includes('tracing…'));
		stdin.write('f');
		const frame = await frameWhere(lastFrame, (text) => text.includes('Findings come when the trace has finished'));
		expect(frame).not.toContain('No findings');
	});

	it('never lets an escape sequence from the network reach the terminal', async () => {
		const world = buildWorld(HOSTILE);
		const {lastFrame, stdin} = explore(await analysed('www2.tty.evil.', 'A', world));
		await frameWhere(lastFrame, (text) => text.includes('tty.evil.'));
		const frames: string[] = [];
		for (const key of [KEYS.down, KEYS.tab, 'G', KEYS.tab, 'f', KEYS.escape, 'i', KEYS.escape, 'x']) {
			stdin.write(key);
			await new Promise((resolve) => setTimeout(resolve, 30));
			frames.push(lastFrame() ?? '');
		}
		const all = frames.join('\n');
		expect(all).toContain('\\027[31mred.tty.evil.');
		// eslint-disable-next-line no-control-regex
		expect(all.replace(/\u001B\[[0-9;]*m/gu, '')).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u200b]/u);
	});
});

describe('the explorer, when this host reached no server', () => {
	it('headlines the vantage, not the root: no zone is badged, and the one finding is for you or your network', async () => {
		const {INTERNET} = await import('../../source/lab/internet.js');
		const world = buildWorld({...INTERNET, servers: INTERNET.servers.map((server) => (INTERNET.roots.includes(server.name) ? {...server, closed: true} : server))});
		const blocked = await analysed('www.example.com.', 'A', world);
		expect(buildTree(blocked.trace, blocked.analysis).map((node) => [node.label, node.badge])).toEqual([['.', undefined]]);
		const {lastFrame, stdin} = explore(blocked);
		const frame = await frameWhere(lastFrame, (text) => text.includes('FAILURE'));
		expect(frame).toMatch(/FAILURE at \.: this host reached no name server: DNS to the internet is blocked here/u);
		stdin.write('f');
		const findings = await frameWhere(lastFrame, (text) => text.includes('Findings (1), worst first'));
		expect(findings).toContain('VANTAGE_DNS_BLOCKED');
		expect(findings).toContain('Who can fix it: you / your network');
	});
});
