import {execFile} from 'node:child_process';
import {createServer, type Server} from 'node:http';
import type {AddressInfo} from 'node:net';
import {mkdtemp, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {promisify} from 'node:util';
import {cli, CLI} from '../helpers/cli.js';
import {servedLabDuring} from '../helpers/loopback.js';

const PORT = 5474;

/*
 * The built command asks registries over HTTP with Node's http module, which the program imports as it needs it
 * (scripts/bundle.mjs gives its script those imports as require()): a registry on loopback, named by a bootstrap
 * file, is asked for the traced name's domain, and its reply is kept in the snapshot.
 */
describe('RDAP from the built command', () => {
	const served = servedLabDuring(PORT);
	const asked: string[] = [];
	let registry: Server;
	let bootstrap: string;
	beforeAll(async () => {
		registry = createServer((request, response) => {
			asked.push(request.url ?? '');
			response.writeHead(200, {'content-type': 'application/rdap+json'});
			response.end(JSON.stringify({objectClassName: 'domain', ldhName: 'example.com', status: ['active'], events: [{eventAction: 'expiration', eventDate: '2027-02-20T00:00:00Z'}]}));
		});
		await new Promise<void>((resolve) => registry.listen(0, '127.0.0.1', resolve));
		bootstrap = path.join(await mkdtemp(path.join(tmpdir(), 'digdeeper-rdap-cli-')), 'bootstrap.json');
		await writeFile(bootstrap, JSON.stringify({publication: '2026-11-01T00:00:00Z', services: [[['com'], [`http://127.0.0.1:${(registry.address() as AddressInfo).port}/`]]]}));
	});
	afterAll(() => new Promise<void>((resolve) => registry.close(() => resolve())));

	it('asks the registry the bootstrap file names and keeps what it said', async () => {
		const {code, stdout, stderr} = await cli('www.example.com', '--hints', served.hintsFile(), '--trust-anchor', served.anchorFile(), '--port', String(PORT), '-4', '--rdap-bootstrap', bootstrap, '--json');
		expect({code, stderr}).toEqual({code: 0, stderr: ''});
		expect(asked).toEqual(['/domain/example.com']);
		const {registration} = JSON.parse(stdout) as {registration: {lookups: Array<{domain: string; exchange: {status: number}; result: unknown}>}};
		expect(registration.lookups.map(({domain, exchange, result}) => ({domain, status: exchange.status, result}))).toEqual([
			{domain: 'example.com.', status: 200, result: {kind: 'found', facts: {statuses: ['active'], expires: '2027-02-20T00:00:00Z', nameservers: []}}},
		]);
	});

	it('stops the registries\' thread when a watch ends by --count, so the process does not end with it running', async () => {
		// Counts the threads made from the registries' script that have not ended when the process does.
		const preload = path.join(path.dirname(bootstrap), 'threads-at-exit.cjs');
		await writeFile(preload, `const threads = require('node:worker_threads'); const Thread = threads.Worker; let running = 0;
threads.Worker = class extends Thread { constructor(...args) { super(...args); if (String(args[0]).includes('rdap')) { running++; this.once('exit', () => running--); } } };
process.on('exit', () => process.stderr.write('registries threads running at exit: ' + running + '\\n'));`);
		const {stdout, stderr} = await promisify(execFile)('node', ['--require', preload, CLI, 'www.example.com', '--hints', served.hintsFile(), '--trust-anchor', served.anchorFile(), '--port', String(PORT), '-4', '--rdap-bootstrap', bootstrap, '--watch', '1s', '--count', '2', '--text'], {env: {...process.env, DIGDEEPER_LOOPBACK_ONLY: '1'}});
		expect(stdout).toContain('; watch ended after 2 traces');
		expect(stderr).toBe('registries threads running at exit: 0\n');
		// A trace refused after it took the thread (-o names a file that is there, without --force) stops it too.
		const taken = path.join(path.dirname(bootstrap), 'taken.json');
		await writeFile(taken, '{}');
		const refused = await promisify(execFile)('node', ['--require', preload, CLI, 'www.example.com', '--hints', served.hintsFile(), '--trust-anchor', served.anchorFile(), '--port', String(PORT), '-4', '--rdap-bootstrap', bootstrap, '--json', '-o', taken], {env: {...process.env, DIGDEEPER_LOOPBACK_ONLY: '1'}}).catch((error: {stderr: string; code: number}) => error);
		expect(refused.stderr).toMatch(/already exists[\s\S]*registries threads running at exit: 0\n$/u);
	});
});
