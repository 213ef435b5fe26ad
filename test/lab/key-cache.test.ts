import {execFile} from 'node:child_process';
import {mkdtemp, readFile, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';
import {describe, expect, it} from 'vitest';
import {CLI} from '../helpers/cli.js';
import {INTERNET} from '../../source/lab/internet.js';
import {keysChanged, labKeyFile, readLabKeys, writeLabKeys} from '../../source/lab/key-cache.js';
import {buildWorld} from '../../source/lab/world.js';
import {withAnalysis} from '../../source/analysis/analyze.js';
import {labTrace, labWorld} from '../helpers/lab.js';

const run = promisify(execFile);

describe("the lab's key cache", () => {
	it('gives the next build the same keys, so it publishes the same DNSKEY and DS', async () => {
		const file = path.join(await mkdtemp(path.join(tmpdir(), 'digdeeper-keys-')), 'lab-keys.json');
		const first = labWorld();
		await writeLabKeys(first, file);
		const kept = await readLabKeys(file);
		const second = buildWorld(INTERNET, {keys: kept!});
		expect(keysChanged(kept, second)).toBe(false);
		for (const [origin, pair] of first.keys) expect([origin, second.keys.get(origin)?.ksk.tag, second.keys.get(origin)?.zsk.tag]).toEqual([origin, pair.ksk.tag, pair.zsk.tag]);
		expect(second.trustAnchor).toEqual(first.trustAnchor);
		expect([...second.danglingKeys.values()].map((key) => key.tag)).toEqual([...first.danglingKeys.values()].map((key) => key.tag));
		// A key kept is a key that still signs: the new world's signatures validate from the first world's anchor.
		const {analysis} = withAnalysis(await labTrace('www.example.com.', 'A', {world: second}), {anchors: {source: 'first run', records: first.trustAnchor}});
		expect(analysis.dnssec.outcome.status).toBe('secure');
	});

	it('keeps each private key as a JWK, and reads a cache of the first format (PEM) to write it again', async () => {
		const dir = await mkdtemp(path.join(tmpdir(), 'digdeeper-keys-'));
		const file = path.join(dir, 'lab-keys.json');
		const world = labWorld();
		await writeLabKeys(world, file);
		const written = JSON.parse(await readFile(file, 'utf8')) as {format: string; zones: Record<string, {ksk: {algorithm: number; jwk: Record<string, string>}}>};
		expect(written.format).toBe('digdeeper/lab-keys@2');
		expect(written.zones['example.com.']?.ksk).toMatchObject({algorithm: 13, jwk: {kty: 'EC', crv: 'P-256'}});
		expect(Object.keys(written.zones['example.com.']!.ksk.jwk).sort()).toEqual(['crv', 'd', 'kty', 'x', 'y']);
		// The first format, as an earlier build wrote it: the same keys, read, and marked to be written again.
		const pem = (key: {algorithm: number; flags: number; privateKey: {export: (options: {format: 'pem'; type: 'pkcs8'}) => string | Buffer}}) => ({algorithm: key.algorithm, flags: key.flags, key: key.privateKey.export({format: 'pem', type: 'pkcs8'}).toString()});
		const first = path.join(dir, 'first.json');
		await writeFile(first, JSON.stringify({format: 'digdeeper/lab-keys@1', zones: Object.fromEntries([...world.keys].map(([origin, pair]) => [origin, {ksk: pem(pair.ksk), zsk: pem(pair.zsk)}])), dangling: Object.fromEntries([...world.danglingKeys].map(([origin, key]) => [origin, pem(key)]))}));
		const [fromFirst, fromSecond] = [await readLabKeys(first), await readLabKeys(file)];
		expect([...fromFirst!.zones].map(([origin, pair]) => [origin, pair.ksk.tag, pair.zsk.tag])).toEqual([...world.keys].map(([origin, pair]) => [origin, pair.ksk.tag, pair.zsk.tag]));
		expect(keysChanged(fromFirst, buildWorld(INTERNET, {keys: fromFirst!}))).toBe(true);
		expect(keysChanged(fromSecond, buildWorld(INTERNET, {keys: fromSecond!}))).toBe(false);
	});

	it('is ignored when damaged, and the lab makes fresh keys', async () => {
		const file = path.join(await mkdtemp(path.join(tmpdir(), 'digdeeper-keys-')), 'lab-keys.json');
		await writeFile(file, '{"format": "digdeeper/lab-keys@1", "zones": {"com.": {"ksk": {"algorithm": 8, "flags": 257, "key": "not a key"}}}}');
		expect(await readLabKeys(file)).toBeUndefined();
		await writeFile(file, JSON.stringify({format: 'digdeeper/lab-keys@2', zones: {'com.': {ksk: {algorithm: 13, flags: 257, jwk: {kty: 'EC', crv: 'P-256', x: 'AAAA', y: 'AAAA', d: 'AAAA'}}, zsk: {algorithm: 13, flags: 256, jwk: {kty: 'EC', crv: 'P-256'}}}}, dangling: {}}));
		expect(await readLabKeys(file)).toBeUndefined();
		await writeFile(file, '{"format": "something else"}');
		expect(await readLabKeys(file)).toBeUndefined();
	});

	it('lives in the user cache directory unless DIGDEEPER_CACHE says otherwise', () => {
		expect(labKeyFile({XDG_CACHE_HOME: '/home/a/.cache'})).toBe('/home/a/.cache/digdeeper/lab-keys.json');
		expect(labKeyFile({DIGDEEPER_CACHE: '/srv/dd', XDG_CACHE_HOME: '/home/a/.cache'})).toBe('/srv/dd/lab-keys.json');
	});

	it('makes two lab runs the same internet: their snapshots differ in nothing', async () => {
		const dir = await mkdtemp(path.join(tmpdir(), 'digdeeper-keys-'));
		const env = {...process.env, DIGDEEPER_CACHE: path.join(dir, 'cache'), DIGDEEPER_LOOPBACK_ONLY: '1'};
		for (const name of ['a.json', 'b.json']) await run('node', [CLI, '--lab', 'www.example.com', '--latency-scale', '0', '--text', '-o', path.join(dir, name)], {env});
		const {stdout} = await run('node', [CLI, 'diff', path.join(dir, 'a.json'), path.join(dir, 'b.json'), '--text'], {env});
		expect(stdout).toContain(';; no difference');
	});
});
