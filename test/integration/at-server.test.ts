import {describe, expect, it} from 'vitest';
import {cli} from '../helpers/cli.js';
import {servedLabDuring} from '../helpers/loopback.js';

/** A port of its own, away from the other suites' (5391–5398) and from a `lab serve` left running on 5300. */
const PORT = 5417;

const served = servedLabDuring(PORT);

describe('digdeeper NAME @SERVER, as dig +trace @SERVER', () => {
	it('primes the walk from the root NS set SERVER gives, on -p PORT, and records where its hints came from', async () => {
		const {code, stdout} = await cli('www.example.com', '@127.77.0.2', '-p', String(PORT), '-4', '--trust-anchor', served.anchorFile(), '--timeout', '500', '--json');
		expect(code).toBe(0);
		const snapshot = JSON.parse(stdout);
		expect(snapshot.options).toMatchObject({hints: '@127.77.0.2', port: PORT});
		expect(snapshot.outcome).toMatchObject({status: 'answer'});
		// The root's servers and addresses are the ones SERVER gave (its IPv6 glue too, not asked with -4): the lab's, not IANA's.
		const root = snapshot.zones.find((zone: {name: string}) => zone.name === '.');
		const primed = root.nameservers.map((server: {name: string; addresses: Array<{address: string; origins: string[]}>}) => [server.name, server.addresses.filter((address) => address.origins.includes('hints')).map((address) => address.address)]);
		expect(primed).toEqual([
			['a.root-servers.net.', ['127.77.0.1', '2001:db8::1']],
			['b.root-servers.net.', ['127.77.0.2', '2001:db8::2']],
			['c.root-servers.net.', ['127.77.0.3', '2001:db8::3']],
			['d.root-servers.net.', ['127.77.0.4', '2001:db8::4']],
		]);
	}, 30_000);

	it('says so in one line when SERVER gives no root NS set, exit status 1 (a failure as it ran)', async () => {
		// 127.77.10.1 serves example.com. only: asked for the root's NS set, it refuses.
		const {code, stdout, stderr} = await cli('www.example.com', '@127.77.10.1', '-p', String(PORT), '-4', '--timeout', '500');
		expect({code, stdout, stderr}).toEqual({code: 1, stdout: '', stderr: 'digdeeper: @127.77.10.1 gave no root NS set: 127.77.10.1: REFUSED, no NS records for "."\n'});
	}, 30_000);
});
