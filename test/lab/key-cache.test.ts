import {execFile} from 'node:child_process';
import {generateKeyPairSync} from 'node:crypto';
import {mkdtemp, readFile, stat, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';
import {describe, expect, it} from 'vitest';
import {CLI} from '../helpers/cli.js';
import {INTERNET} from '../../source/lab/internet.js';
import {keysChanged, labKeyFile, readLabKeys, writeLabKeys} from '../../source/lab/key-cache.js';
import {buildWorld, type LabKeys} from '../../source/lab/world.js';
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

	it('keeps each private key as PEM and as a JWK, reads the JWK, and writes again a cache without them', async () => {
		const dir = await mkdtemp(path.join(tmpdir(), 'digdeeper-keys-'));
		const file = path.join(dir, 'lab-keys.json');
		const world = labWorld();
		await writeLabKeys(world, file);
		type Stored = {algorithm: number; flags: number; key: string; jwk?: Record<string, string>};
		const written = JSON.parse(await readFile(file, 'utf8')) as {format: string; zones: Record<string, {ksk: Stored; zsk: Stored}>; dangling: Record<string, Stored>};
		// The format builds before this one read: their PEM is there, so a cache two builds share keeps its keys.
		expect(written.format).toBe('digdeeper/lab-keys@1');
		// Private keys: readable by their owner alone.
		expect((await stat(file)).mode & 0o777).toBe(0o600);
		expect(written.zones['example.com.']?.ksk).toMatchObject({algorithm: 13, flags: 257, key: expect.stringMatching(/^-----BEGIN PRIVATE KEY-----\n/u), jwk: {kty: 'EC', crv: 'P-256'}});
		expect(Object.keys(written.zones['example.com.']!.ksk.jwk!).sort()).toEqual(['crv', 'd', 'kty', 'x', 'y']);
		// As a build before this one wrote it, PEM alone: the same keys, read, and marked to be written again.
		const withoutJwk = (key: Stored) => ({algorithm: key.algorithm, flags: key.flags, key: key.key});
		const older = path.join(dir, 'older.json');
		await writeFile(older, JSON.stringify({...written, zones: Object.fromEntries(Object.entries(written.zones).map(([origin, pair]) => [origin, {ksk: withoutJwk(pair.ksk), zsk: withoutJwk(pair.zsk)}])), dangling: Object.fromEntries(Object.entries(written.dangling).map(([origin, key]) => [origin, withoutJwk(key)]))}));
		const [fromOlder, fromNewer] = [await readLabKeys(older), await readLabKeys(file)];
		const tags = (keys: LabKeys['zones']) => [...keys].map(([origin, pair]) => [origin, pair.ksk.tag, pair.zsk.tag]);
		expect(tags(fromOlder!.zones)).toEqual(tags(world.keys));
		expect(tags(fromNewer!.zones)).toEqual(tags(world.keys));
		expect(keysChanged(fromOlder, buildWorld(INTERNET, {keys: fromOlder!}))).toBe(true);
		expect(keysChanged(fromNewer, buildWorld(INTERNET, {keys: fromNewer!}))).toBe(false);
	});

	it("refuses a kept key whose public half is not its private key's, or not its algorithm's, or a short RSA key", async () => {
		const dir = await mkdtemp(path.join(tmpdir(), 'digdeeper-keys-'));
		const file = path.join(dir, 'lab-keys.json');
		await writeLabKeys(labWorld(), file);
		const good = await readFile(file, 'utf8');
		type Stored = {algorithm: number; flags: number; jwk: Record<string, string>};
		const edited = async (edit: (stored: {zones: Record<string, {ksk: Stored; zsk: Stored}>}) => void) => {
			const stored = JSON.parse(good) as {zones: Record<string, {ksk: Stored; zsk: Stored}>};
			edit(stored);
			await writeFile(file, JSON.stringify(stored));
			return readLabKeys(file);
		};
		const otherEc = (curve: string) => generateKeyPairSync('ec', {namedCurve: curve}).privateKey.export({format: 'jwk'}) as Record<string, string>;
		expect(await edited(() => undefined)).toBeDefined();
		// Another key's x and y with this key's d: OpenSSL takes it; published, every signature by it would be bogus.
		expect(await edited((stored) => Object.assign(stored.zones['example.com.']!.zsk.jwk, {x: otherEc('P-256').x, y: otherEc('P-256').y}))).toBeUndefined();
		const otherRsa = generateKeyPairSync('rsa', {modulusLength: 2048}).privateKey.export({format: 'jwk'}) as Record<string, string>;
		expect(await edited((stored) => Object.assign(stored.zones['.']!.zsk.jwk, {n: otherRsa.n}))).toBeUndefined();
		expect(await edited((stored) => (stored.zones['example.com.']!.zsk.jwk = otherEc('P-384')))).toBeUndefined();
		expect(await edited((stored) => (stored.zones['example.com.']!.ksk.flags = 0))).toBeUndefined();
		// A short RSA key is read, but a world that makes 2048-bit keys makes a new one in its place.
		const short = generateKeyPairSync('rsa', {modulusLength: 1024}).privateKey;
		const kept = await edited((stored) => Object.assign(stored.zones['.']!.zsk, {key: short.export({format: 'pem', type: 'pkcs8'}).toString(), jwk: short.export({format: 'jwk'})}));
		const world = buildWorld(INTERNET, {keys: kept!});
		expect(keysChanged(kept, world)).toBe(true);
		expect(world.keys.get('.')?.zsk.publicKey.byteLength).toBeGreaterThan(256);
	});

	it('is ignored when damaged, and the lab makes fresh keys', async () => {
		const file = path.join(await mkdtemp(path.join(tmpdir(), 'digdeeper-keys-')), 'lab-keys.json');
		await writeFile(file, '{"format": "digdeeper/lab-keys@1", "zones": {"com.": {"ksk": {"algorithm": 8, "flags": 257, "key": "not a key"}}}}');
		expect(await readLabKeys(file)).toBeUndefined();
		await writeFile(file, JSON.stringify({format: 'digdeeper/lab-keys@1', zones: {'com.': {ksk: {algorithm: 13, flags: 257, key: '', jwk: {kty: 'EC', crv: 'P-256', x: 'AAAA', y: 'AAAA', d: 'AAAA'}}, zsk: {algorithm: 13, flags: 256, key: '', jwk: {kty: 'EC', crv: 'P-256'}}}}, dangling: {}}));
		expect(await readLabKeys(file)).toBeUndefined();
		// More than a lab's keys (read at every run), or a FIFO no one writes to (waited on for ever before).
		await writeFile(file, `{"format": "digdeeper/lab-keys@1", "zones": {}, "dangling": {}}${' '.repeat(1024 * 1024)}`);
		expect(await readLabKeys(file)).toBeUndefined();
		const fifo = path.join(path.dirname(file), 'fifo.json');
		await run('mkfifo', [fifo]);
		expect(await readLabKeys(fifo)).toBeUndefined();
		await writeFile(file, '{"format": "something else"}');
		expect(await readLabKeys(file)).toBeUndefined();
	});

	it.skipIf(process.platform !== 'linux')('costs only speed where its directory cannot be made: under /proc, at once', async () => {
		// Node's recursive mkdir spun for ever there (every mkdir fails ENOENT): --lab hung before its first frame.
		const started = performance.now();
		await writeLabKeys(labWorld(), '/proc/digdeeper-test/cache/lab-keys.json');
		expect(performance.now() - started).toBeLessThan(1000);
		const {stdout} = await run('node', [CLI, '--lab', 'www.example.com', '--latency-scale', '0', '--text'], {env: {...process.env, DIGDEEPER_CACHE: '/proc/digdeeper-test/cache', DIGDEEPER_LOOPBACK_ONLY: '1'}, timeout: 30_000});
		expect(stdout).toContain('www.example.com.');
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
