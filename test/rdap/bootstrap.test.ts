import {readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {BootstrapError, builtInBootstrap, domainUrl, parseBootstrap, rdapBaseFor} from '../../source/rdap/bootstrap.js';

const file = (services: unknown, publication: unknown = '2026-01-01T00:00:00Z') => JSON.stringify({version: '1.0', publication, services});

describe('the RDAP bootstrap (RFC 9224)', () => {
	it('is IANA\'s copy, built in with its publication date', async () => {
		const bootstrap = await builtInBootstrap();
		expect(bootstrap.publication).toBe('2026-03-23T19:00:02Z');
		expect(bootstrap.source).toBe('IANA, published 2026-03-23T19:00:02Z');
		expect(rdapBaseFor(bootstrap, 'example.com.')).toBe('https://rdap.verisign.com/com/v1/');
	});

	it('takes the entry that matches the most labels at the end of the name', () => {
		const bootstrap = parseBootstrap(file([[['uk'], ['https://rdap.uk.example/']], [['co.uk'], ['https://rdap.co-uk.example/']]]), 'test');
		expect(rdapBaseFor(bootstrap, 'shop.co.uk.')).toBe('https://rdap.co-uk.example/');
		expect(rdapBaseFor(bootstrap, 'shop.org.uk.')).toBe('https://rdap.uk.example/');
	});

	it('names no server for a TLD it has no entry for', async () => {
		expect(rdapBaseFor(await builtInBootstrap(), 'puri.sm.')).toBeUndefined();
	});

	it('prefers HTTPS where a service gives both, and drops what is not HTTP', () => {
		const bootstrap = parseBootstrap(file([[['io'], ['http://rdap.io.example/', 'ftp://rdap.io.example/', 'https://rdap.io.example/']]]), 'test');
		expect(bootstrap.services.get('io')).toEqual(['https://rdap.io.example/', 'http://rdap.io.example/']);
	});

	it('asks BASE/domain/NAME with exactly one slash between, the name without its final dot', () => {
		expect(domainUrl('https://rdap.example/v1', 'puri.sm.')).toBe('https://rdap.example/v1/domain/puri.sm');
		expect(domainUrl('https://rdap.example/v1/', 'puri.sm.')).toBe('https://rdap.example/v1/domain/puri.sm');
	});

	it('keeps the base\'s path and nothing else in BASE/domain/NAME', () => {
		expect(domainUrl('https://rdap.example/v1?x=1#top', 'puri.sm.')).toBe('https://rdap.example/v1/domain/puri.sm');
		expect(domainUrl('https://u:p@rdap.example/', 'puri.sm.')).toBe('https://rdap.example/domain/puri.sm');
	});

	it('refuses a base URL with credentials, a query or a fragment, naming which', () => {
		expect(() => parseBootstrap(file([[['sm'], ['http://u:p@127.0.0.5:18080/allstat/']]]), 'f.json')).toThrow('f.json: services[0][1][0] carries a user name or password (user:password@), which would be sent to the server');
		expect(() => parseBootstrap(file([[['sm'], ['https://rdap.example/', 'https://rdap.example/v1/?q=1']]]), 'f.json')).toThrow('f.json: services[0][1][1] has a query (?…), which RDAP\'s /domain/NAME cannot follow');
		expect(() => parseBootstrap(file([[['sm'], ['https://rdap.example/#frag']]]), 'f.json')).toThrow('f.json: services[0][1][0] has a fragment (#…), which RDAP\'s /domain/NAME cannot follow');
		// A URL that is not HTTP is dropped unused, as before, not refused.
		expect(parseBootstrap(file([[['sm'], ['ftp://u:p@x/?q', 'https://rdap.example/']]]), 'f.json').services.get('sm')).toEqual(['https://rdap.example/']);
	});

	it('refuses a file that is not a bootstrap file, saying why', () => {
		expect(() => parseBootstrap('{', 'f.json')).toThrow(/f\.json: not JSON/u);
		expect(() => parseBootstrap('[]', 'f.json')).toThrow(/the top level is not an object/u);
		expect(() => parseBootstrap(file([], 'yesterday'), 'f.json')).toThrow(/no "publication" date/u);
		expect(() => parseBootstrap(file([['com', 'https://x.example/']]), 'f.json')).toThrow(BootstrapError);
		expect(() => parseBootstrap(file([[['com'], [42]]]), 'f.json')).toThrow(/services\[0\] is not \[\[entries\], \[URLs\]\]/u);
	});

	it('is loaded only when RDAP goes to the network: no module imports its 25 kB table statically', () => {
		const source = path.resolve(import.meta.dirname, '../../source');
		const files = readdirSync(source, {recursive: true, encoding: 'utf8'}).filter((file) => /\.tsx?$/u.test(file));
		const importers = files.filter((file) => /^\s*(?:import|export)\b[^;]*from\s*['"][^'"]*iana-dns-bootstrap\.js['"]/mu.test(readFileSync(path.join(source, file), 'utf8')));
		expect(importers).toEqual([]);
	});
});

