import {mkdtemp, readFile, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {decodeMessage} from '../../source/dns/codec.js';
import {parseSnapshot, serializeSnapshot, SNAPSHOT_SCHEMA, SnapshotError} from '../../source/snapshot/snapshot.js';
import {OutputExistsError, writeFileAtomic} from '../../source/snapshot/write-file.js';
import {withAnalysis} from '../../source/analysis/analyze.js';
import {labTrace, labWorld} from '../helpers/lab.js';

const tool = {name: 'digdeeper', version: '0.1.0'};

describe('snapshots', () => {
	it('load back into the identical model', async () => {
		const trace = await labTrace('www.shop.com');
		const {trace: loaded, tool: loadedTool} = parseSnapshot(serializeSnapshot(trace, tool));
		expect(loaded).toEqual(JSON.parse(JSON.stringify(trace)));
		expect(loadedTool).toEqual(tool);
	});

	it('carry the findings, the DNSSEC report and the dependency map, and load them back unchanged', async () => {
		const trace = withAnalysis(await labTrace('www.nic.bw'), {anchors: {source: 'lab', records: labWorld().trustAnchor}});
		const {trace: loaded} = parseSnapshot(serializeSnapshot(trace, tool));
		expect(loaded.findings.map((finding) => finding.code)).toEqual(['SERVER_TIMEOUT', 'DNSSEC_PARTIAL', 'DNSSEC_WITHOUT_DS', 'SERIAL_MISMATCH']);
		expect(loaded).toEqual(JSON.parse(JSON.stringify(trace)));
		expect(loaded.outcome.dnssec).toBe('insecure');
	});

	it('keep the exact wire bytes of every response, each decodable to what the probe shows', async () => {
		const trace = await labTrace('www.example.net');
		const {trace: loaded} = parseSnapshot(serializeSnapshot(trace, tool));
		const probes = loaded.zones.flatMap((zone) => zone.servers.flatMap((server) => server.probes)).filter((probe) => probe.raw);
		expect(probes.length).toBeGreaterThan(50);
		for (const probe of probes) expect(decodeMessage(Buffer.from(probe.raw!, 'base64'))).toEqual(probe.response);
	});

	it('store a response many servers gave alike only once', async () => {
		const trace = await labTrace('www.example.com');
		const snapshot = JSON.parse(serializeSnapshot(trace, tool)) as {schema: string; messages: Record<string, unknown>};
		expect(snapshot.schema).toBe(SNAPSHOT_SCHEMA);
		expect(Object.keys(snapshot.messages).length).toBeLessThan(trace.stats.answered / 2);
	});

	it('stay far under 1 MB for an ordinary name', async () => {
		const trace = await labTrace('www.example.com');
		expect(serializeSnapshot(trace, tool).length).toBeLessThan(200_000);
	});

	it('refuse foreign, future and damaged files with a one-line reason', () => {
		expect(() => parseSnapshot('not json')).toThrow(SnapshotError);
		expect(() => parseSnapshot('{"hello": 1}')).toThrow(/not a digdeeper snapshot/u);
		expect(() => parseSnapshot('{"schema": "digdeeper/snapshot@9"}')).toThrow(/snapshot@9 is not supported/u);
		expect(() => parseSnapshot(`{"schema": "${SNAPSHOT_SCHEMA}"}`)).toThrow(/damaged snapshot/u);
	});
});

describe('atomic writes', () => {
	it('never replace an existing file without force', async () => {
		const dir = await mkdtemp(path.join(tmpdir(), 'digdeeper-test-'));
		const target = path.join(dir, 'trace.json');
		await writeFile(target, 'precious');
		await expect(writeFileAtomic(target, 'new', {force: false})).rejects.toThrow(OutputExistsError);
		expect(await readFile(target, 'utf8')).toBe('precious');
		await writeFileAtomic(target, 'new', {force: true});
		expect(await readFile(target, 'utf8')).toBe('new');
	});
});
