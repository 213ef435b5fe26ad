import {execFile} from 'node:child_process';
import {mkdtemp, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';
import {describe, expect, it} from 'vitest';
import {CLI} from '../helpers/cli.js';
import {withAnalysis, type AnalysedTrace} from '../../source/analysis/analyze.js';
import {HOSTILE} from '../../source/lab/hostile-world.js';
import {INTERNET} from '../../source/lab/internet.js';
import {buildWorld, type WorldSpec} from '../../source/lab/world.js';
import {diffTraces} from '../../source/compare/diff.js';
import {serializeSnapshot} from '../../source/snapshot/snapshot.js';
import {renderDiff} from '../../source/text/diff-text.js';
import {renderReport} from '../../source/text/report.js';
import {markdownShown} from '../helpers/markdown.js';
import {labTrace} from '../helpers/lab.js';

const run = promisify(execFile);

async function traced(spec: WorldSpec, name: string, type = 'A'): Promise<AnalysedTrace> {
	const world = buildWorld(spec);
	const trace = await labTrace(name, type, {world, timeoutMs: 250});
	return withAnalysis({...trace, options: {...trace.options, lab: 'internet'}}, {anchors: {source: 'lab', records: world.trustAnchor}});
}

/** The lab with one server changed: the before and after of an outage. */
function withServer(name: string, change: Partial<WorldSpec['servers'][number]>): WorldSpec {
	return {...INTERNET, servers: INTERNET.servers.map((server) => (server.name === name ? {...server, ...change} : server))};
}

describe('reports', () => {
	it('summarise the outcome, the path and each finding with its evidence, and say how to reproduce', async () => {
		const report = renderReport(await traced(INTERNET, 'www.nic.bw.'), {format: 'markdown', toolVersion: '0.1.0', snapshot: 'bw.json'});
		// GFM would link a bare `www.` name by itself: the dot is escaped, and reads the same.
		expect(report).toContain('# DNS trace: www\\.nic.bw. A');
		expect(report).toContain('- Outcome: ANSWER from bw.');
		expect(report).toContain('1. `bw.`: 3/4 server addresses answering; answer');
		expect(report).toContain('### WARNING SERIAL_MISMATCH — bw.');
		expect(report).toMatch(/\| dns2\.btc\.bw\. \| 127\.77\.50\.2 \| bw\. SOA \| NOERROR answer \| UDP \| [\d.]+ ms \| 2024020312 \| dns2\.btc\.bw \|/u);
		expect(report).toContain('digdeeper www.nic.bw A --lab --text');
		expect(report).toContain('`digdeeper open bw.json`');
	});

	it('come as plain text too', async () => {
		const report = renderReport(await traced(INTERNET, 'www.puri.sm.'), {format: 'text', toolVersion: '0.1.0'});
		expect(report).toContain('ERROR DELEGATION_MISSING — puri.sm.');
		expect(report).not.toContain('###');
		expect(report).not.toContain('|---|');
	});

	it('escape what came off the network', async () => {
		const report = renderReport(await traced(HOSTILE, 'www2.tty.evil.'), {format: 'markdown', toolVersion: '0.1.0'});
		// eslint-disable-next-line no-control-regex
		expect(report).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u200b]/u);
		expect(markdownShown(report)).toContain('\\027[31mred.tty.evil.');
	});
});

describe('diff', () => {
	it('shows a server that stopped answering, and the finding that appeared', async () => {
		const before = await traced(INTERNET, 'www.example.com.');
		const after = await traced(withServer('ns2.example.com.', {down: true}), 'www.example.com.');
		const changes = diffTraces(before, after);
		expect(changes).toContainEqual({kind: 'reachability', zone: 'example.com.', server: 'ns2.example.com. 127.77.110.2', before: 'answer', after: 'timeout'});
		// One change per server: its serial and keys going blank with it are not listed again.
		expect(changes.filter((change) => change.server === 'ns2.example.com. 127.77.110.2').map((change) => change.kind)).toEqual(['reachability']);
		expect(changes).toContainEqual(expect.objectContaining({kind: 'finding-appeared', zone: 'example.com.', after: expect.stringContaining('warning SERVER_TIMEOUT')}));
		expect(changes.filter((change) => change.kind === 'outcome')).toEqual([]);
	});

	it('shows a serial that moved', async () => {
		const stale = INTERNET.servers.find((server) => server.name === 'ns4.example.net.')!;
		const caughtUp = withServer('ns4.example.net.', {zones: [{zone: 'example.net.'}]});
		const changes = diffTraces(await traced(INTERNET, 'www.example.net.'), await traced(caughtUp, 'www.example.net.'));
		expect(stale.zones[0]!.copy).toBeDefined();
		expect(changes).toContainEqual(expect.objectContaining({kind: 'serial', server: 'ns4.example.net. 127.77.113.4', before: '2024010100', after: '2024020100'}));
		expect(changes).toContainEqual(expect.objectContaining({kind: 'finding-resolved', zone: 'example.net.', before: expect.stringContaining('SERIAL_MISMATCH')}));
	});

	it('shows a delegation removed and restored', async () => {
		const restored: WorldSpec = {
			...INTERNET,
			zones: INTERNET.zones.map((zone) => (zone.origin === 'sm.' ? {...zone, text: `${zone.text}\npuri 172800 NS ns1.puri.sm.\npuri 172800 NS ns2.puri.sm.\nns1.puri A 127.77.20.1\nns2.puri A 127.77.20.2\n`} : zone)),
		};
		const suspended = await traced(INTERNET, 'www.puri.sm.');
		const back = await traced(restored, 'www.puri.sm.');
		const changes = diffTraces(suspended, back);
		expect(changes).toContainEqual(expect.objectContaining({kind: 'outcome', before: expect.stringMatching(/^nxdomain from sm\./u), after: expect.stringContaining('192.0.2.50')}));
		expect(changes).toContainEqual({kind: 'zone', zone: 'puri.sm.', before: 'not reached', after: 'reached'});
		expect(changes).toContainEqual(expect.objectContaining({kind: 'finding-resolved', zone: 'puri.sm.', before: expect.stringContaining('DELEGATION_MISSING')}));
		expect(diffTraces(back, suspended)).toContainEqual({kind: 'zone', zone: 'puri.sm.', before: 'reached', after: 'not reached'});
		// As text, the outcome comes first, under a heading of its own.
		expect(renderDiff(suspended.trace, back.trace, changes).split('\n').slice(1, 4)).toEqual(['', 'the trace', expect.stringMatching(/^ {2}outcome +nxdomain from sm\./u)]);
	});

	it('works from the command line on two snapshot files, as text and as JSON', async () => {
		const dir = await mkdtemp(path.join(tmpdir(), 'digdeeper-diff-'));
		const [a, b] = [path.join(dir, 'a.json'), path.join(dir, 'b.json')];
		await writeFile(a, serializeSnapshot(await traced(INTERNET, 'www.example.com.'), {name: 'digdeeper', version: 'test'}));
		await writeFile(b, serializeSnapshot(await traced(withServer('ns2.example.com.', {down: true}), 'www.example.com.'), {name: 'digdeeper', version: 'test'}));
		const text = await run('node', [CLI, 'diff', a, b]).catch((error: {stdout: string; code: number}) => error);
		expect('code' in text ? text.code : 0).toBe(1);
		expect(text.stdout).toMatch(/reachability\s+ns2\.example\.com\. 127\.77\.110\.2: answer → timeout/u);
		const json = await run('node', [CLI, 'diff', a, b, '--json']).catch((error: {stdout: string}) => error);
		expect(JSON.parse(json.stdout).changes).toContainEqual({kind: 'reachability', zone: 'example.com.', server: 'ns2.example.com. 127.77.110.2', before: 'answer', after: 'timeout'});
		const same = await run('node', [CLI, 'diff', a, a]);
		expect(same.stdout).toContain(';; no difference');
	});
});
