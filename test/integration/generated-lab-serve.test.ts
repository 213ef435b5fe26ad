import {spawn} from 'node:child_process';
import {mkdtemp} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {generateRoot} from '../../source/lab/generated-root.js';
import {CLI, cli} from '../helpers/cli.js';

/** Its own port, and the generated root's own addresses (127.80.0.0/16): it meets no other served lab. */
const PORT = 5391;
const TLDS = 200;

describe('digdeeper lab serve --lab-tlds N', () => {
	it('serves the generated root on loopback, and a trace over real sockets finds what the ground truth put there', {timeout: 120_000}, async () => {
		const dir = await mkdtemp(path.join(tmpdir(), 'digdeeper-generated-serve-'));
		const child = spawn('node', [CLI, 'lab', 'serve', '--lab-tlds', String(TLDS), '--port', String(PORT), '--latency-scale', '0', '--dir', dir], {stdio: ['ignore', 'pipe', 'pipe'], env: {...process.env, DIGDEEPER_LOOPBACK_ONLY: '1'}});
		let output = '';
		child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
		const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
		try {
			for (let attempt = 0; attempt < 600 && !output.includes('A generated root of'); attempt++) await new Promise((resolve) => setTimeout(resolve, 50));
			expect(output).toContain(`A generated root of ${TLDS} TLDs on `);
			expect(output).toContain('servers in 127.80.0.0/16.');

			const stale = generateRoot({tlds: TLDS}).truth.find((entry) => entry.modes.includes('stale'))!;
			const hints = path.join(dir, 'lab.hints');
			const {code, stdout} = await cli(stale.tld, 'SOA', '--hints', hints, '--port', String(PORT), '-4', '--trust-anchor', path.join(dir, 'lab.anchor'), '--timeout', '1000', '--retries', '0', '--text');
			expect(code).toBe(0);
			expect(stdout).toContain(`WARNING  SERIAL_MISMATCH  ${stale.tld}: `);
			expect(stdout).toContain(';; DNSSEC: secure');
		} finally {
			child.kill('SIGINT');
		}
		expect(await exited).toBe(0);
		expect(output).toContain('Lab stopped.');
	});
});
