import {createServer} from 'node:http';
import type {AddressInfo} from 'node:net';
import {describe, expect, it} from 'vitest';
import {parseBootstrap} from '../../source/rdap/bootstrap.js';
import {parseDomainObject, registrationResult} from '../../source/rdap/parse-domain.js';
import {fetchDomain, RDAP_LIMITS, type Deadline} from '../../source/rdap/rdap-client.js';
import {createHttpLink, refusal, type HttpReply, type RdapLink} from '../../source/rdap/rdap-link.js';

const bootstrap = (base: string) => parseBootstrap(JSON.stringify({publication: '2026-01-01T00:00:00Z', services: [[['test'], [base]]]}), 'test');

/** A link that answers each URL from a table; a URL not in it is a test mistake. */
function tableLink(table: Record<string, HttpReply>): RdapLink & {asked: string[]} {
	const asked: string[] = [];
	return {
		asked,
		get(url) {
			asked.push(url.href);
			const reply = table[url.href];
			return reply ? Promise.resolve(reply) : Promise.reject(new Error(`not in the table: ${url.href}`));
		},
	};
}

const ok = (body: string): HttpReply => ({status: 200, body, tooLarge: false});
const redirect = (location: string): HttpReply => ({status: 302, location, body: '', tooLarge: false});
const BASE = 'http://127.0.0.9/';
const ASKED = 'http://127.0.0.9/domain/held.test';

async function lookUp(link: RdapLink, deadline?: (ms: number) => Deadline) {
	const exchange = await fetchDomain('held.test.', {link, bootstrap: bootstrap(BASE), ...(deadline ? {deadline} : {})});
	return {exchange, result: registrationResult(exchange, 'held.test.')};
}

describe('an RDAP look-up', () => {
	it('reads the statuses, the registrar with its IANA ID and abuse contact, the expiry and the name servers on file', async () => {
		const body = JSON.stringify({
			objectClassName: 'domain',
			ldhName: 'Held.Test',
			status: ['Server Hold', 'client transfer prohibited'],
			events: [{eventAction: 'expiration', eventDate: '2027-02-20T00:00:00Z'}],
			nameservers: [{ldhName: 'NS2.Held.Test'}, {ldhName: 'ns1.held.test.'}],
			entities: [
				{
					roles: ['registrar'],
					publicIds: [{type: 'IANA Registrar ID', identifier: '9999'}],
					vcardArray: ['vcard', [['version', {}, 'text', '4.0'], ['fn', {}, 'text', 'Example Registrar']]],
					entities: [{roles: ['abuse'], vcardArray: ['vcard', [['email', {}, 'text', 'abuse@registrar.example'], ['tel', {}, 'uri', 'tel:+1.5555550100']]]}],
				},
			],
		});
		const {exchange, result} = await lookUp(tableLink({[ASKED]: ok(body)}));
		expect(exchange).toMatchObject({url: ASKED, status: 200});
		expect(result).toEqual({
			kind: 'found',
			facts: {
				statuses: ['server hold', 'client transfer prohibited'],
				registrar: {name: 'Example Registrar', ianaId: '9999', abuseEmail: 'abuse@registrar.example', abusePhone: '+1.5555550100'},
				expires: '2027-02-20T00:00:00Z',
				nameservers: ['ns1.held.test.', 'ns2.held.test.'],
			},
		});
	});

	it('takes 404 as the registry\'s word that no such domain is registered', async () => {
		expect((await lookUp(tableLink({[ASKED]: {status: 404, body: '{}', tooLarge: false}}))).result).toEqual({kind: 'not-found'});
	});

	it('says what a server error or a rate limit was, and blames no one', async () => {
		expect((await lookUp(tableLink({[ASKED]: {status: 500, body: 'oops', tooLarge: false}}))).result).toEqual({kind: 'unusable', reason: 'the RDAP server answered HTTP 500 (a server error)'});
		expect((await lookUp(tableLink({[ASKED]: {status: 429, body: '', tooLarge: false}}))).result).toEqual({kind: 'unusable', reason: 'the RDAP server answered HTTP 429 (too many requests)'});
	});

	it('follows a redirect to another loopback server, checked again', async () => {
		const link = tableLink({[ASKED]: redirect('http://127.0.0.10/domain/held.test'), 'http://127.0.0.10/domain/held.test': ok('{"objectClassName":"domain","ldhName":"held.test","status":["active"]}')});
		const {exchange, result} = await lookUp(link);
		expect(link.asked).toEqual([ASKED, 'http://127.0.0.10/domain/held.test']);
		expect(exchange.url).toBe('http://127.0.0.10/domain/held.test');
		expect(result).toMatchObject({kind: 'found', facts: {statuses: ['active']}});
	});

	it('refuses a redirect to plain HTTP off loopback without asking it', async () => {
		const link = tableLink({[ASKED]: redirect('http://rdap.evil.example/domain/held.test')});
		const {result} = await lookUp(link);
		expect(link.asked).toEqual([ASKED]);
		expect(result).toEqual({kind: 'unusable', reason: 'rdap.evil.example is not a loopback address and DIGDEEPER_LOOPBACK_ONLY is set'});
		expect(refusal(new URL('http://rdap.evil.example/'), false)).toBe('http to rdap.evil.example: RDAP is asked over HTTPS only (plain HTTP only on loopback)');
		expect(refusal(new URL('https://rdap.example/'), false)).toBeUndefined();
	});

	it('refuses a redirect to a file: URL, or to one with credentials, saying so', async () => {
		expect((await lookUp(tableLink({[ASKED]: redirect('file:///etc/passwd')}))).result).toEqual({kind: 'unusable', reason: 'redirect to a file: URL refused (RDAP is asked over HTTPS only)'});
		const link = tableLink({[ASKED]: redirect('http://u:p@127.0.0.10/domain/held.test')});
		expect((await lookUp(link)).result).toEqual({kind: 'unusable', reason: 'redirect to a URL with a user name or password (user:password@127.0.0.10) refused: they would be sent as credentials'});
		expect(link.asked).toEqual([ASKED]);
	});

	it('stops a redirect loop after a few redirects', async () => {
		const link = tableLink({[ASKED]: redirect(ASKED)});
		const {exchange, result} = await lookUp(link);
		expect(link.asked).toHaveLength(RDAP_LIMITS.maxRedirects + 1);
		expect(exchange.status).toBe(302);
		expect(result).toEqual({kind: 'unusable', reason: `more than ${RDAP_LIMITS.maxRedirects} redirects`});
	});

	it('gives up at its deadline, as RDAP not reachable, whatever the server does', async () => {
		let expire = () => {};
		const deadline = (): Deadline => ({expired: new Promise<void>((resolve) => (expire = resolve)), cancel() {}});
		const aborted: boolean[] = [];
		const never: RdapLink = {
			get: (_url, {signal}) =>
				new Promise<HttpReply>(() => {
					signal.addEventListener('abort', () => aborted.push(true));
					expire();
				}),
		};
		const {exchange, result} = await lookUp(never, deadline);
		expect(result).toEqual({kind: 'unreachable', reason: `no answer within ${RDAP_LIMITS.timeoutMs} ms`});
		expect(exchange.status).toBeUndefined();
		expect(aborted).toEqual([true]);
	});

	it('says when the bootstrap names no server for the domain, asking nothing', async () => {
		const link = tableLink({});
		const exchange = await fetchDomain('puri.sm.', {link, bootstrap: bootstrap(BASE)});
		expect(link.asked).toEqual([]);
		expect(registrationResult(exchange, 'puri.sm.')).toEqual({kind: 'no-server', reason: 'the RDAP bootstrap (test, published 2026-01-01T00:00:00Z) names no RDAP server for puri.sm.'});
	});
});

describe('a hostile RDAP answer is a stated result, never a crash', () => {
	const problem = (body: string) => {
		const read = parseDomainObject(body, 'held.test.');
		return 'problem' in read ? read.problem : undefined;
	};

	it('keeps escape sequences in strings as they came, for the views to present', () => {
		const read = parseDomainObject(JSON.stringify({objectClassName: 'domain', ldhName: 'held.test', status: ['server hold\u001b[2J'], entities: [{roles: ['registrar'], vcardArray: ['vcard', [['fn', {}, 'text', 'Evil\u001b]0;pwned\u0007 Registrar']]]}]}), 'held.test.');
		expect(read).toMatchObject({facts: {statuses: ['server hold\u001b[2J'], registrar: {name: 'Evil\u001b]0;pwned\u0007 Registrar'}}});
	});

	it('refuses what is no domain object', () => {
		expect(problem('{"objectClassName":"nameserver"}')).toMatch(/not an RDAP domain object/u);
		expect(problem('[]')).toMatch(/not an RDAP domain object/u);
		expect(problem('<html>')).toBe('the response is not JSON');
	});

	it('refuses nesting deeper than any domain object before reading it', () => {
		const deep = `{"objectClassName":"domain","entities":${'[{"entities":'.repeat(5000)}[]${'}]'.repeat(5000)}}`;
		expect(problem(deep.replace('{"objectClassName":"domain",', '{"objectClassName":"domain","ldhName":"held.test",'))).toBe('the response nests deeper than 32 levels, deeper than any domain object');
		// Brackets inside strings are text, not nesting.
		expect(problem(JSON.stringify({objectClassName: 'domain', ldhName: 'held.test', status: ['['.repeat(100)]}))).toBeUndefined();
	});

	it('reads no body past the size limit (10 MB offered, over a real loopback socket)', async () => {
		const server = createServer((_request, response) => {
			response.writeHead(200, {'content-type': 'application/rdap+json'});
			const chunk = Buffer.alloc(64 * 1024, 0x20);
			let sent = 0;
			const more = () => {
				while (sent < 10 * 1024 * 1024) {
					sent += chunk.byteLength;
					if (!response.write(chunk)) return void response.once('drain', more);
				}
				response.end();
			};
			more();
			response.on('error', () => {});
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		try {
			const {port} = server.address() as AddressInfo;
			const exchange = await fetchDomain('held.test.', {link: createHttpLink(), bootstrap: bootstrap(`http://127.0.0.1:${port}/`)});
			expect(exchange.body).toBeUndefined();
			expect(registrationResult(exchange, 'held.test.')).toEqual({kind: 'unusable', reason: `the response is larger than ${RDAP_LIMITS.maxBodyBytes} bytes`});
		} finally {
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		}
	});
});

describe('the real link under DIGDEEPER_LOOPBACK_ONLY', () => {
	it('refuses a host name before resolving it: no DNS query leaves for the system resolver', async () => {
		const looked: string[] = [];
		const link = createHttpLink({lookup: (hostname, _options, callback) => {
			looked.push(hostname);
			(callback as (error: Error) => void)(new Error('no'));
		}});
		await expect(link.get(new URL('https://rdap.verisign.com/com/v1/domain/example.com'), {maxBytes: 1000, signal: new AbortController().signal})).rejects.toThrow('rdap.verisign.com is not a loopback address and DIGDEEPER_LOOPBACK_ONLY is set');
		expect(looked).toEqual([]);
	});

	it('refuses an address off loopback too', async () => {
		const link = createHttpLink();
		await expect(link.get(new URL('https://192.0.2.1/domain/example.com'), {maxBytes: 1000, signal: new AbortController().signal})).rejects.toThrow('192.0.2.1 is not a loopback address');
	});
});
