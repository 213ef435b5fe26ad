import {describe, expect, it} from 'vitest';
import {INTERNET} from '../../source/lab/internet.js';
import {createLabTransport} from '../../source/lab/lab-transport.js';
import {buildWorld} from '../../source/lab/world.js';
import {busyFor} from '../helpers/busy-thread.js';
import {labWorld} from '../helpers/lab.js';

describe("the lab's round trips are its servers' latencies, whatever this thread was doing", () => {
	it("gives a.root-servers.net.'s 12 ms while the thread is busy for 150 ms (an explorer's first frame)", async () => {
		const transport = createLabTransport(labWorld(), {latencyScale: 1});
		const asked = {timeoutMs: 2000, retries: 0, edns: true, dnssecOk: false};
		const quiet = await transport.query({address: '127.77.0.1', port: 53}, {name: 'com.', type: 'NS'}, asked);
		const pending = transport.query({address: '127.77.0.1', port: 53}, {name: 'com.', type: 'NS'}, asked);
		await busyFor(150);
		const busy = await pending;
		for (const result of [quiet, busy]) {
			expect(result.ok).toBe(true);
			// Its timer fires late (by the stall, or by Node's timers by a millisecond); the reply was due at 12 ms. (A
			// loaded machine may take this thread away between the timer and the querier's clock: a little, never 150 ms.)
			expect(result.rttMs).toBeGreaterThanOrEqual(11.9);
			expect(result.rttMs).toBeLessThan(40);
		}
	});

	it("times a closed port's refusal at its latency too", async () => {
		const spec = {...INTERNET, servers: INTERNET.servers.map((server) => (server.name === 'a.root-servers.net.' ? {...server, closed: true} : server))};
		const transport = createLabTransport(buildWorld(spec), {latencyScale: 1});
		const pending = transport.query({address: '127.77.0.1', port: 53}, {name: 'com.', type: 'NS'}, {timeoutMs: 2000, retries: 0, edns: true, dnssecOk: false});
		await busyFor(150);
		const refused = await pending;
		expect(refused).toMatchObject({ok: false, error: 'unreachable'});
		expect(refused.rttMs).toBeGreaterThanOrEqual(11.9);
		expect(refused.rttMs).toBeLessThan(40);
	});
});
