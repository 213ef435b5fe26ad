import {execFile} from 'node:child_process';
import {mkdtemp, readFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';
import {describe, expect, it} from 'vitest';
import {CLI} from '../helpers/cli.js';
import {createNetworkTransport} from '../../source/dns/network-transport.js';
import {servedLabDuring} from '../helpers/loopback.js';
import {parseSnapshot} from '../../source/snapshot/snapshot.js';
import {walk} from '../../source/trace/walk.js';
import {labWorld, probeFor, serverOf, withoutSignatures, zoneOf} from '../helpers/lab.js';

const run = promisify(execFile);
/** A high port of its own, so the suite never collides with a `lab serve` someone left running on 5300. */
const PORT = 5391;

const served = servedLabDuring(PORT);

const realTrace = (name: string, type = 'A') =>
	walk({name, type}, {transport: createNetworkTransport(), hints: labWorld().hints, port: PORT, families: [4], timeoutMs: 250, retries: 0, dnssec: true});

describe('the real UDP/TCP transport against the lab on loopback sockets', () => {
	it('walks every cut and reaches the same answer as in process', async () => {
		const trace = await realTrace('www.example.com.');
		expect(trace.resolutions[0]!.steps.map((step) => step.zone)).toEqual(['.', 'com.', 'example.com.']);
		expect(withoutSignatures(trace.outcome.records).map((record) => record.data)).toEqual([{kind: 'address', address: '192.0.2.10'}]);
		expect(trace.stats.ignoredResponses).toBe(0);
	});

	it('falls back to TCP with 2-byte framing for a large answer', async () => {
		const trace = await realTrace('big.example.org.', 'TXT');
		const probe = probeFor(serverOf(zoneOf(trace, 'example.org.'), '127.77.12.1'), 'big.example.org.', 'TXT');
		expect(probe).toMatchObject({transport: 'tcp', truncatedOverUdp: true, status: 'answered'});
		expect(probe.size).toBeGreaterThan(1232);
	});

	it('classifies a dead server as a time-out and a refusing one as REFUSED', async () => {
		const org = await realTrace('www.example.org.');
		expect(probeFor(serverOf(zoneOf(org, 'example.org.'), '127.77.112.3'), 'www.example.org.', 'A').status).toBe('timeout');
		const net = await realTrace('www.example.net.');
		expect(probeFor(serverOf(zoneOf(net, 'example.net.'), '127.77.13.2'), 'www.example.net.', 'A').rcode).toBe('REFUSED');
	});

	it('reports a closed port as unreachable, not as a time-out', async () => {
		const result = await createNetworkTransport().query({address: '127.77.0.1', port: PORT + 1}, {name: 'example.com.', type: 'A'}, {timeoutMs: 2000, retries: 0, edns: true, dnssecOk: false});
		expect(result).toMatchObject({ok: false, error: 'unreachable'});
		expect(result.elapsedMs).toBeLessThan(1000);
	});
});

describe('the CLI against a loopback world', () => {
	it('prints every server of every cut with --text', async () => {
		const {stdout} = await run('node', [CLI, 'www.example.com', '--hints', served.hintsFile(), '--trust-anchor', served.anchorFile(), '--port', String(PORT), '-4', '--text', '--timeout', '300']);
		for (const address of ['127.77.0.1', '127.77.0.2', '127.77.0.3', '127.77.0.4', '127.77.1.1', '127.77.101.2', '127.77.10.1', '127.77.110.2']) {
			expect(stdout).toMatch(new RegExp(`${address.replaceAll('.', '\\.')}\\s.*NOERROR`, 'u'));
		}
		expect(stdout).toContain(';; ANSWER from example.com.');
		expect(stdout).toMatch(/www\.example\.com\.\t3600\tIN\tA\t192\.0\.2\.10/u);
	});

	it('writes a --json snapshot that reloads into the same trace', async () => {
		const dir = await mkdtemp(path.join(tmpdir(), 'digdeeper-cli-'));
		const file = path.join(dir, 'trace.json');
		const {stdout} = await run('node', [CLI, 'www.example.com', '--hints', served.hintsFile(), '--trust-anchor', served.anchorFile(), '--port', String(PORT), '-4', '--json', '-o', file]);
		const fromStdout = parseSnapshot(stdout);
		const fromFile = parseSnapshot(await readFile(file, 'utf8'));
		expect(fromFile).toEqual(fromStdout);
		expect(fromFile.trace.outcome.status).toBe('answer');
		expect(fromFile.trace.options).toMatchObject({port: PORT, families: [4], hints: served.hintsFile()});
	});
});
