import {execFile} from 'node:child_process';
import {mkdtemp, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';
import {beforeAll, describe, expect, it} from 'vitest';
import type {ZoneCopy} from '../../source/lab/authoritative.js';
import {exportZoneFile} from '../../source/lab/export.js';
import {labWorld} from '../helpers/lab.js';
import {missingTools, titled} from '../helpers/tools.js';

const missing = missingTools('dnssec-verify');

const run = promisify(execFile);
let dir: string;

beforeAll(async () => {
	dir = await mkdtemp(path.join(tmpdir(), 'digdeeper-zones-'));
});

/** Runs BIND's dnssec-verify on a zone copy exported as a master file; returns its exit status and output. */
async function verify(copy: ZoneCopy, label: string): Promise<{ok: boolean; output: string}> {
	const file = path.join(dir, `${label}.zone`);
	await writeFile(file, exportZoneFile(copy));
	return run('dnssec-verify', ['-o', copy.origin, file]).then(
		({stdout, stderr}) => ({ok: true, output: stdout + stderr}),
		(error: {stdout: string; stderr: string}) => ({ok: false, output: error.stdout + error.stderr}),
	);
}

const copyOn = (server: string, zone: string): ZoneCopy => labWorld().servers.find((candidate) => candidate.name === server)!.zones.find((served) => served.copy.origin === zone)!.copy;

describe.skipIf(missing !== undefined)(titled('BIND dnssec-verify on the lab zones', missing), () => {
	const signed = () => [...labWorld().zones.entries()].filter(([origin]) => labWorld().keys.has(origin));

	it('accepts every healthy signed zone, NSEC and NSEC3, algorithms 8, 13 and 15', async () => {
		expect(signed().length).toBeGreaterThanOrEqual(12);
		for (const [origin, copy] of signed()) {
			const result = await verify(copy, origin === '.' ? 'root' : origin);
			expect({origin, ...result}).toMatchObject({origin, ok: true});
		}
	}, 60_000);

	it('rejects the copy whose signatures expired in 2020', async () => {
		const result = await verify(copyOn('ns1.nic.xn--wgbh1c.', 'xn--wgbh1c.'), 'expired');
		expect(result.ok).toBe(false);
		expect(result.output).toMatch(/No correct RSASHA256 signature for ns1\.nic\.xn--wgbh1c A/u);
	});

	it('rejects the unsigned secondary copy of bw.', async () => {
		const result = await verify(copyOn('dns2.btc.bw.', 'bw.'), 'unsigned');
		expect(result.ok).toBe(false);
		expect(result.output).toContain('no DNSSEC keys');
	});

	it('rejects a zone with one flipped byte in a signature', async () => {
		const copy = labWorld().zones.get('example.com.')!;
		const signatures = new Map(copy.signatures);
		const [key, [first, ...rest]] = [...signatures.entries()].find(([entry]) => entry.endsWith('|A'))! as [string, typeof copy.records];
		if (!first || first.data.kind !== 'rrsig') throw new Error('example.com. has no RRSIG over an A RRset');
		const bytes = Buffer.from(first.data.signature, 'base64');
		bytes[10]! ^= 0xff;
		signatures.set(key, [{...first, data: {...first.data, signature: bytes.toString('base64')}}, ...rest]);
		const result = await verify({...copy, signatures}, 'flipped');
		expect(result.ok).toBe(false);
		expect(result.output).toMatch(/No correct ECDSAP256SHA256 signature/u);
	});
});
