import {spawn} from 'node:child_process';
import {existsSync, mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {pathToFileURL} from 'node:url';
import {describe, expect, it} from 'vitest';
import {parseBootstrap} from '../../source/rdap/bootstrap.js';
import {createHttpLink} from '../../source/rdap/rdap-link.js';
import type {RegistrationLookup} from '../../source/rdap/registration.js';
import {startEarly, takeEarly} from '../../source/rdap/early-thread.js';
import {askHere, askOnThread} from '../../source/rdap/threaded-lookups.js';
import {busyFor} from '../helpers/busy-thread.js';

/** The registries' thread's script as the build writes it (tsc's tree): `npm test` builds before it runs the tests. */
const THREAD = new URL('../../dist/rdap/lookup-thread.js', import.meta.url);
const built = existsSync(THREAD);

/**
 * A registry on loopback, in another process (it answers while this one is busy), that answers each GET `delayMs`
 * after it came: a domain object for every .test name but gone.test (404), and a bootstrap file at /dns.json. With it,
 * a bootstrap that points .test at it.
 */
async function registry(delayMs: number) {
	const server = spawn(process.execPath, ['-e', `
		const domain = (name) => JSON.stringify({objectClassName: 'domain', ldhName: name, status: ['client hold'], events: [{eventAction: 'expiration', eventDate: '2027-01-01T00:00:00Z'}], nameservers: [{objectClassName: 'nameserver', ldhName: 'ns1.example.test'}]});
		const server = require('node:http').createServer((request, response) => setTimeout(() => {
			if (request.url === '/dns.json') return response.end(JSON.stringify({publication: '2026-11-20T00:00:00Z', services: [[['test'], ['https://rdap.example/']]]}));
			const name = /^\\/domain\\/(.+)$/.exec(request.url)?.[1];
			response.writeHead(name === 'gone.test' ? 404 : 200, {'content-type': 'application/rdap+json'});
			response.end(name === 'gone.test' ? '{"errorCode":404}' : domain(name));
		}, ${delayMs}));
		server.listen(0, '127.0.0.1', () => console.log(server.address().port));
		process.stdin.on('end', () => process.exit(0)).resume();
	`]);
	const port = Number(await new Promise<string>((resolve) => server.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString()))));
	const base = `http://127.0.0.1:${port}/`;
	const bootstrap = parseBootstrap(JSON.stringify({publication: '2026-11-01T00:00:00Z', services: [[['test'], [base]]]}), 'the test');
	return {base, client: {link: createHttpLink(), bootstrap}, stop: async () => server.stdin.end()};
}

/** A look-up without its duration, which is the only thing the two threads may differ in. */
const timeless = ({exchange: {ms: _ms, ...exchange}, ...lookup}: RegistrationLookup) => ({...lookup, exchange});

/** What keeps this process alive, by kind: the thread's port is one of them only while something holds it. */
const keeping = () => process.getActiveResourcesInfo().filter((kind) => kind === 'MessagePort' || kind === 'Worker').length;

describe.skipIf(!built)('the registries asked on a thread of their own', () => {
	it('come back as they do asked here: found, not found, and the bootstrap fetched for the cache', async () => {
		const server = await registry(0);
		try {
			const thread = askOnThread(server.client, THREAD);
			const here = askHere(server.client);
			for (const domain of ['example.test.', 'gone.test.']) {
				const [there, local] = await Promise.all([thread.lookUp(domain, 'query'), here.lookUp(domain, 'query')]);
				expect(timeless(there)).toEqual(timeless(local));
			}
			expect((await thread.lookUp('example.test.', 'nameserver')).result).toEqual({kind: 'found', facts: {statuses: ['client hold'], expires: '2027-01-01T00:00:00Z', nameservers: ['ns1.example.test.']}});
			expect((await thread.lookUp('gone.test.', 'query')).result).toEqual({kind: 'not-found'});
			expect(await thread.fetchBootstrap(`${server.base}dns.json`)).toContain('2026-11-20T00:00:00Z');
			expect(await thread.fetchBootstrap(`${server.base}domain/example.test`)).toBeUndefined();
			thread.close();
		} finally {
			await server.stop();
		}
	});

	it("are timed by that thread: a registry 30 ms away measures 30 ms while this thread is busy for 250 ms (here, the stall)", async () => {
		const server = await registry(30);
		try {
			const whileBusy = async (asker: ReturnType<typeof askHere>) => {
				const asked = asker.lookUp('example.test.', 'query');
				// The thread is up and the request out before the stall: what is timed is the reply's read, not the start.
				await new Promise((resolve) => setTimeout(resolve, 10));
				await busyFor(250);
				return asked;
			};
			const thread = askOnThread(server.client, THREAD);
			// Started and warmed first: its own start is not what this test is about.
			await thread.lookUp('example.test.', 'query');
			const there = await whileBusy(thread);
			expect(there.result.kind).toBe('found');
			expect(there.exchange.ms).toBeGreaterThanOrEqual(25);
			expect(there.exchange.ms).toBeLessThan(150);
			const here = await whileBusy(askHere(server.client));
			expect(here.exchange.ms).toBeGreaterThan(200);
			thread.close();
		} finally {
			await server.stop();
		}
	});

	it('hold the process only while a look-up is out, and not at all once closed', async () => {
		const server = await registry(50);
		try {
			// What else holds the process (another test's thread still ending) is counted once the dust has settled.
			await new Promise((resolve) => setTimeout(resolve, 100));
			const before = keeping();
			const thread = askOnThread(server.client, THREAD);
			await new Promise((resolve) => setTimeout(resolve, 20));
			expect(keeping()).toBe(before);
			const asked = thread.lookUp('example.test.', 'query');
			expect(keeping()).toBeGreaterThan(before);
			expect((await asked).result.kind).toBe('found');
			await new Promise((resolve) => setTimeout(resolve, 20));
			expect(keeping()).toBe(before);
			// Closed, it is gone; what is asked after is asked here, and answered.
			thread.close();
			expect((await thread.lookUp('example.test.', 'query')).result.kind).toBe('found');
		} finally {
			await server.stop();
		}
	});

	it('take the thread the bin started before the program loaded, and start none of their own', async () => {
		const server = await registry(0);
		try {
			await new Promise((resolve) => setTimeout(resolve, 100));
			const before = keeping();
			startEarly(THREAD);
			// Idle, the early thread holds nothing.
			expect(keeping()).toBe(before);
			const thread = askOnThread(server.client, THREAD);
			// Taken by the asker (left on the shelf, it would be handed out here), and given its bootstrap then.
			expect(takeEarly()).toBeUndefined();
			expect((await thread.lookUp('example.test.', 'query')).result).toMatchObject({kind: 'found'});
			thread.close();
			await new Promise((resolve) => setTimeout(resolve, 50));
			expect(keeping()).toBe(before);
		} finally {
			await server.stop();
		}
	});

	it('are asked here when the thread cannot be: its script missing, one that throws as it loads, or one that is not the registries\' thread', async () => {
		const server = await registry(0);
		try {
			const dir = mkdtempSync(path.join(tmpdir(), 'digdeeper-rdap-thread-'));
			const damaged = path.join(dir, 'damaged.cjs');
			writeFileSync(damaged, "throw new Error('a damaged install');\n");
			const expected = timeless(await askHere(server.client).lookUp('example.test.', 'query'));
			// A script there that is not this one: it answers each request with nothing, or with another domain's look-up.
			const empty = path.join(dir, 'empty.cjs');
			writeFileSync(empty, "const {parentPort} = require('node:worker_threads'); parentPort.on('message', (request) => request.id && parentPort.postMessage({id: request.id}));\n");
			const other = path.join(dir, 'other.cjs');
			writeFileSync(other, "const {parentPort} = require('node:worker_threads'); parentPort.on('message', (request) => request.id && parentPort.postMessage({id: request.id, lookup: {domain: 'evil.test.', reason: 'query', exchange: {ms: 0}, result: {kind: 'not-found'}}}));\n");
			for (const file of [pathToFileURL(path.join(dir, 'missing.cjs')), pathToFileURL(damaged), pathToFileURL(empty), pathToFileURL(other)]) {
				const asker = askOnThread(server.client, file);
				expect(timeless(await asker.lookUp('example.test.', 'query')), file.href).toEqual(expected);
				asker.close();
			}
		} finally {
			await server.stop();
		}
	});

	it('are asked here when the thread runs but never answers: a script there that is not the registries\' thread', async () => {
		const server = await registry(0);
		try {
			const dir = mkdtempSync(path.join(tmpdir(), 'digdeeper-rdap-thread-'));
			const silent = path.join(dir, 'silent.cjs');
			// It takes every request and answers none, and stays alive: waiting for it held the trace for ever.
			writeFileSync(silent, "require('node:worker_threads').parentPort.on('message', () => {});\n");
			const expected = timeless(await askHere(server.client).lookUp('example.test.', 'query'));
			const asker = askOnThread(server.client, pathToFileURL(silent), 300);
			const started = performance.now();
			const [first, second] = await Promise.all([asker.lookUp('example.test.', 'query'), asker.lookUp('gone.test.', 'query')]);
			expect(timeless(first)).toEqual(expected);
			expect(second.result).toEqual({kind: 'not-found'});
			expect(performance.now() - started).toBeGreaterThanOrEqual(290);
			expect(performance.now() - started).toBeLessThan(2000);
			// Given up on, the thread is asked nothing more: what follows is answered here at once.
			const after = performance.now();
			expect((await asker.lookUp('example.test.', 'nameserver')).result.kind).toBe('found');
			expect(performance.now() - after).toBeLessThan(250);
			asker.close();
		} finally {
			await server.stop();
		}
	});
});
