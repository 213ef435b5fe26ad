/*
 * A server slower than the UDP attempts' waits answers the TCP try after them (which waits the whole time-out): that
 * is no firewall dropping UDP. A break test with a server 2.5 s away, traced with --timeout 5000, was told
 * SERVER_UDP_FAILS_TCP_WORKS ("UDP port 53 is filtered"), as was any server whose round trip fell between the waits.
 */
import {describe, expect, it} from 'vitest';
import {withAnalysis} from '../../source/analysis/analyze.js';
import {createLabTransport} from '../../source/lab/lab-transport.js';
import {buildWorld, type ServerSpec} from '../../source/lab/world.js';
import {labTrace} from '../helpers/lab.js';

function world(second: Partial<ServerSpec>) {
	return buildWorld({
		roots: ['a.root.lab.'],
		stories: [],
		servers: [
			{name: 'a.root.lab.', ipv4: '127.77.222.1', zones: [{zone: '.'}]},
			{name: 'ns1.one.', ipv4: '127.77.222.2', zones: [{zone: 'one.'}]},
			{name: 'ns2.one.', ipv4: '127.77.223.2', ...second, zones: [{zone: 'one.'}]},
		],
		zones: [
			{origin: '.', text: '@ SOA a.root.lab. h.lab. 1 1 1 1 1\n@ NS a.root.lab.\na.root.lab. A 127.77.222.1\none. NS ns1.one.\none. NS ns2.one.\nns1.one. A 127.77.222.2\nns2.one. A 127.77.223.2'},
			{origin: 'one.', text: '@ SOA ns1.one. h.one. 1 1 1 1 1\n@ NS ns1.one.\n@ NS ns2.one.\nns1 A 127.77.222.2\nns2 A 127.77.223.2\nwww A 192.0.2.1'},
		],
	});
}

async function udpFindings(built: ReturnType<typeof world>) {
	// One UDP attempt (376 ms), then TCP with the whole 1.5 s.
	const trace = await labTrace('www.one', 'A', {world: built, families: [4], dnssec: false, timeoutMs: 1_500, retries: 0, transport: createLabTransport(built, {latencyScale: 1})});
	return withAnalysis(trace, {anchors: {source: 'lab', records: built.trustAnchor}}).analysis.findings.filter((finding) => finding.code === 'SERVER_UDP_FAILS_TCP_WORKS').map((finding) => finding.message);
}

describe('UDP time-outs answered over TCP', () => {
	it('by a server slower than the UDP wait: no UDP filter is claimed', async () => {
		expect(await udpFindings(world({latencyMs: 600}))).toEqual([]);
	}, 20_000);

	it('by a server whose UDP is dropped: SERVER_UDP_FAILS_TCP_WORKS', async () => {
		expect(await udpFindings(world({dropUdp: true}))).toEqual([expect.stringMatching(/^one\.: ns2\.one\. \(127\.77\.223\.2\) let \d+ of \d+ queries time out over UDP and answered them over TCP$/u)]);
	}, 20_000);
});
