import {mkdtemp, readFile, truncate, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {beforeAll, describe, expect, it} from 'vitest';
import {cli} from '../helpers/cli.js';

let dir: string;
let good: string;

beforeAll(async () => {
	dir = await mkdtemp(path.join(tmpdir(), 'digdeeper-open-'));
	good = path.join(dir, 'bw.json');
	await cli('--lab', 'www.nic.bw', '--latency-scale', '0', '-o', good, '--json');
});

const write = async (name: string, content: string) => {
	const file = path.join(dir, name);
	await writeFile(file, content);
	return file;
};

describe('digdeeper open', () => {
	it('shows a saved trace with no network, its findings recomputed from the raw bytes', async () => {
		const snapshot = JSON.parse(await readFile(good, 'utf8'));
		const stale = await write('stale.json', JSON.stringify({...snapshot, findings: []}));
		const {code, stdout} = await cli('open', stale);
		expect(code).toBe(0);
		expect(stdout).toContain('WARNING  SERIAL_MISMATCH  bw.: dns2.btc.bw. (127.77.50.2) serves serial 2024020312');
		expect(stdout).toContain(';; DNSSEC: insecure');
	});

	it('never takes the outcome or the findings from the file: an edited snapshot opens, reports and diffs as the real one', async () => {
		const snapshot = JSON.parse(await readFile(good, 'utf8'));
		const answer = snapshot.outcome.records.find((record: {type: string}) => record.type === 'A');
		const forged = await write(
			'forged.json',
			JSON.stringify({
				...snapshot,
				outcome: {...snapshot.outcome, status: 'nxdomain', zone: 'nic.bw.', records: [{...answer, data: {...answer.data, address: '6.6.6.6'}}]},
				findings: [{code: 'DELEGATION_MISSING', severity: 'error', zone: 'bw.', servers: [], message: 'forged: all is lost'}],
			}),
		);
		const opened = JSON.parse((await cli('open', forged, '--json')).stdout);
		expect(opened.outcome).toEqual(snapshot.outcome);
		expect(opened.findings).toEqual(snapshot.findings);
		const text = await cli('open', forged);
		expect(text.code).toBe(0);
		expect(text.stdout).toContain(`;; ANSWER from bw.`);
		expect(text.stdout).toContain(answer.data.address);
		expect(text.stdout).not.toMatch(/6\.6\.6\.6|all is lost/u);
		const report = await cli('report', forged, '--format', 'text');
		expect(report.stdout).toContain('Outcome: ANSWER from bw.');
		expect(report.stdout).not.toMatch(/6\.6\.6\.6|all is lost/u);
		const diff = await cli('diff', good, forged, '--text');
		expect(diff.code).toBe(0);
		expect(diff.stdout).toContain(';; no difference');
	});

	it('report FILE exits as open FILE does: 0 for an answer, 1 for a bogus verdict (it always exited 0)', async () => {
		const bogus = path.join(dir, 'rollover.json');
		expect((await cli('--lab', 'www.rollover.net', '--latency-scale', '0', '-o', bogus, '--json')).code).toBe(1);
		expect((await cli('open', bogus, '--text')).code).toBe(1);
		expect((await cli('report', bogus)).code).toBe(1);
		expect((await cli('report', bogus, '--format', 'text')).code).toBe(1);
		expect((await cli('report', good)).code).toBe(0);
	});

	it('writes back the same trace with --json', async () => {
		const {stdout} = await cli('open', good, '--json');
		const again = JSON.parse(stdout);
		const original = JSON.parse(await readFile(good, 'utf8'));
		expect(again.zones).toEqual(original.zones);
		expect(again.findings).toEqual(original.findings);
	});

	for (const [label, make, message] of [
		['a truncated file', async () => {
			const file = await write('cut.json', await readFile(good, 'utf8'));
			await truncate(file, 5000);
			return file;
		}, /^digdeeper: .*cut\.json: not valid JSON: /u],
		['foreign JSON', () => write('foreign.json', '{"hello": "world"}'), /^digdeeper: .*foreign\.json: not a digdeeper snapshot: no "schema"/u],
		['a future version', () => write('future.json', '{"schema": "digdeeper/snapshot@6"}'), /^digdeeper: .*future\.json: snapshot format digdeeper\/snapshot@6 is not supported by this version/u],
		['wrong types', async () => {
			const snapshot = JSON.parse(await readFile(good, 'utf8'));
			snapshot.zones[1].servers[0].probes[0].status = 42;
			return write('types.json', JSON.stringify(snapshot));
		}, /^digdeeper: .*types\.json: damaged snapshot: Invalid option: expected one of .* \(where: zones\[1\]\.servers\[0\]\.probes\[0\]\.status\)\n$/u],
		['a number too large for a double', async () => {
			const text = (await readFile(good, 'utf8')).replace(/"durationMs":[\d.]+/u, '"durationMs":1e999');
			return write('infinite.json', text);
		}, /^digdeeper: .*infinite\.json: damaged snapshot: Invalid input: expected a finite number \(a number too large for a double, such as 1e999, reads as Infinity\) \(where: durationMs\)\n$/u],
		['deep nesting where an object belongs', async () => {
			const snapshot = JSON.parse(await readFile(good, 'utf8'));
			const text = JSON.stringify({...snapshot, outcome: '__DEEP__'}).replace('"__DEEP__"', `${'['.repeat(200_000)}${']'.repeat(200_000)}`);
			return write('deep.json', text);
		}, /^digdeeper: .*deep\.json: damaged snapshot: Invalid input: expected object, received array \(where: outcome\)\n$/u],
		['a file over 64 MiB', async () => {
			const file = await write('huge.json', '');
			await truncate(file, 64 * 1024 * 1024 + 1);
			return file;
		}, /^digdeeper: .*huge\.json: snapshot too large \(67108865 bytes; the limit is 67108864\)/u],
		['a missing file', async () => path.join(dir, 'nope.json'), /^digdeeper: cannot read snapshot: .*nope\.json: ENOENT \(no such file or directory\)\n$/u],
	] as const) {
		it(`refuses ${label} with one line and exit status 2`, async () => {
			const {code, stdout, stderr} = await cli('open', await make());
			expect(code).toBe(2);
			expect(stdout).toBe('');
			expect(stderr.trim().split('\n')).toHaveLength(1);
			expect(stderr).toMatch(message);
		});
	}

	it('shows an answer whose saved bytes no longer decode as the malformed response it now is, never as the file says it was', async () => {
		const snapshot = JSON.parse(await readFile(good, 'utf8'));
		const probes = snapshot.zones.flatMap((zone: {servers: Array<{probes: unknown[]}>}) => zone.servers.flatMap((server) => server.probes));
		// The answer the walk ended on (a referral's bytes are what name the next zone's servers: see placement.test.ts).
		const key = probes.find((probe: {id: number}) => probe.id === snapshot.resolutions[0].steps.at(-1).probe).message;
		snapshot.messages[key].raw = Buffer.from([0, 0, 0x84, 0, 0, 1]).toString('base64');
		const {code, stdout, stderr} = await cli('open', await write('raw.json', JSON.stringify(snapshot)));
		expect(stderr).toBe('');
		expect([0, 1]).toContain(code);
		expect(stdout).toMatch(/MALFORMED/u);
		expect(stdout).toMatch(/the saved response does not decode/u);
	});

	// The crashes the issue named, each through open, report and diff as a user runs them: one line, exit status 2.
	const probesOf = (snapshot: {zones: Array<{servers: Array<{probes: Array<{status: string; message?: string}>}>}>}) => snapshot.zones.flatMap((zone) => zone.servers.flatMap((server) => server.probes));
	for (const [label, edit, where] of [
		...['__proto__', 'constructor', 'toString'].map((key) => [`"${key}" as a message reference`, (snapshot: ReturnType<typeof JSON.parse>) => (probesOf(snapshot).find((probe) => probe.message)!.message = key), /\(where: zones\[\d+\]\.servers\[\d+\]\.probes\[\d+\]\.message\)/u] as const),
		['a number where a digest string is expected', (snapshot: ReturnType<typeof JSON.parse>) => (snapshot.options.trustAnchorRecords[0].data = {kind: 'ds', keyTag: 1, algorithm: 8, digestType: 2, digest: 5}), /\(where: options\.trustAnchorRecords\[0\]\.data\.digest\)/u],
		['a TXT without strings', (snapshot: ReturnType<typeof JSON.parse>) => (snapshot.options.trustAnchorRecords[0] = {name: '.', type: 'TXT', class: 'IN', ttl: 0, data: {kind: 'txt'}}), /\(where: options\.trustAnchorRecords\[0\]\.type\)/u],
	] as const) {
		it(`refuses ${label} in open, report and diff with one line and exit status 2`, async () => {
			const snapshot = JSON.parse(await readFile(good, 'utf8'));
			edit(snapshot);
			const file = await write(`crash-${label.replace(/\W+/gu, '-')}.json`, JSON.stringify(snapshot));
			for (const args of [['open', file], ['report', file], ['diff', file, good, '--text']]) {
				const {code, stdout, stderr} = await cli(...args);
				expect([code, stdout]).toEqual([2, '']);
				expect(stderr).toMatch(new RegExp(`^digdeeper: ${file.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&')}: damaged snapshot: [^\n]+ ${where.source}\n$`, 'u'));
			}
		});
	}

	it('opens an answered probe without a message in open, report and diff, shown as malformed', async () => {
		const snapshot = JSON.parse(await readFile(good, 'utf8'));
		delete probesOf(snapshot).find((probe) => probe.status === 'answered' && probe.message)!.message;
		const file = await write('no-message.json', JSON.stringify(snapshot));
		const opened = await cli('open', file);
		expect(opened.stderr).toBe('');
		expect(opened.stdout).toMatch(/MALFORMED +the snapshot keeps no response bytes for this answer/u);
		expect((await cli('report', file)).stderr).toBe('');
		expect((await cli('diff', good, file, '--text')).stderr).toBe('');
	});

	it('survives deep nesting where anything goes (the findings are recomputed anyway)', async () => {
		const snapshot = JSON.parse(await readFile(good, 'utf8'));
		const text = JSON.stringify({...snapshot, findings: ['__DEEP__']}).replace('"__DEEP__"', `${'['.repeat(200_000)}${']'.repeat(200_000)}`);
		const {code, stdout} = await cli('open', await write('deep-findings.json', text));
		expect(code).toBe(0);
		expect(stdout).toContain('SERIAL_MISMATCH');
	});
});
