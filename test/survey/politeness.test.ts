import {describe, expect, it} from 'vitest';
import {decodeMessage} from '../../source/dns/codec.js';
import {systemDeps} from '../../source/dns/network-transport.js';
import {createTransport} from '../../source/dns/querier.js';
import type {Link} from '../../source/dns/transport.js';
import {createLabLink} from '../../source/lab/lab-link.js';
import {createPoliteTransport} from '../../source/survey/polite-transport.js';
import {walkRootTlds} from '../../source/survey/root-tlds.js';
import {survey} from '../../source/survey/survey.js';
import {labWorld} from '../helpers/lab.js';
import {busiestSecond} from '../helpers/busiest-second.js';

interface Arrival {
	address: string;
	protocol: 'udp' | 'tcp';
	question: string;
	edns: boolean;
	atMs: number;
}

/** The lab's network with a log at the servers: every message that reaches one, when, and how it came. */
function loggedLab() {
	const inner = createLabLink(labWorld(), {latencyScale: 0.05});
	const arrivals: Arrival[] = [];
	const logged = (protocol: 'udp' | 'tcp'): Link['udp'] => (to, payload, handlers) => {
		const query = decodeMessage(payload);
		arrivals.push({address: to.address, protocol, question: `${query.question[0]!.name} ${query.question[0]!.type}`, edns: query.edns !== undefined, atMs: performance.now()});
		return inner[protocol](to, payload, handlers);
	};
	return {link: {udp: logged('udp'), tcp: logged('tcp')} satisfies Link, arrivals};
}

/**
 * Zones that share servers (com.'s and net.'s, dynect.net's two for twitter.com and github.com, example.org's), with
 * servers that make a query more than one message: example.org's second server truncates every UDP answer (TCP
 * follows), bw.'s dns1 and dynect.net's servers never answer (UDP retries, then TCP and UDP without EDNS), and every
 * zone's TCP check.
 */
const ZONES = ['example.org.', 'secondary.org.', 'example.com.', 'example.net.', 'twitter.com.', 'github.com.', 'bw.'];

describe('a survey\'s rate per server address', () => {
	it('counts every message a server receives: retries, TCP after truncation or time-outs, and the TCP checks', async () => {
		const lab = loggedLab();
		const rate = 5;
		const anchors = {source: 'lab', records: labWorld().trustAnchor.filter((record) => record.type === 'DS')};
		await survey(ZONES, {transport: createTransport(lab.link, systemDeps), hints: labWorld().hints, port: 53, families: [4, 6], timeoutMs: 250, retries: 1, dnssec: true, anchors, politeness: {maxInFlight: 64, ratePerAddress: rate}, describe: {hints: 'lab', lab: 'internet'}}, () => {});

		// The survey did send what makes one query many messages, so the count below covers them.
		const udp = lab.arrivals.filter((arrival) => arrival.protocol === 'udp');
		const askedTwice = udp.filter((arrival, index) => udp.findIndex((other) => other.address === arrival.address && other.question === arrival.question && other.edns === arrival.edns) !== index);
		expect(askedTwice.length).toBeGreaterThan(0);
		expect(lab.arrivals.some((arrival) => arrival.address === '127.77.12.2' && arrival.protocol === 'tcp' && arrival.question === 'example.org. SOA')).toBe(true);
		expect(lab.arrivals.filter((arrival) => arrival.protocol === 'tcp').length).toBeGreaterThan(ZONES.length);

		// A token bucket one token deep, refilled every 200 ms: no address gets more than 5 messages in any second.
		expect(busiestSecond(lab.arrivals).count).toBeLessThanOrEqual(rate);
	}, 60_000);

	it('holds across the root\'s NSEC walk (--tlds) and the survey after it: one polite transport for both', async () => {
		const lab = loggedLab();
		const rate = 5;
		const world = labWorld();
		const politeness = {maxInFlight: 64, ratePerAddress: rate};
		const transport = createTransport(lab.link, systemDeps);
		const polite = createPoliteTransport(transport, politeness);
		const walked = await walkRootTlds({transport: polite, hints: world.hints, port: 53, families: [4, 6], anchors: {source: 'lab', records: world.trustAnchor}, timeoutMs: 250, retries: 0, now: Math.floor(Date.now() / 1000)});
		const walk = lab.arrivals.length;
		// The survey's first queries go to the root servers the walk was just asking, with no pause between.
		await survey(walked.tlds.slice(0, 1), {transport, polite, hints: world.hints, port: 53, families: [4, 6], timeoutMs: 250, retries: 0, dnssec: false, anchors: {source: 'lab', records: world.trustAnchor}, politeness, describe: {hints: 'lab', lab: 'internet'}}, () => {});
		const roots = new Set(world.hints.servers.flatMap((server) => server.addresses));
		expect(walk).toBeGreaterThan(walked.tlds.length);
		expect(lab.arrivals.slice(walk).some((arrival) => roots.has(arrival.address))).toBe(true);
		expect(busiestSecond(lab.arrivals).count).toBeLessThanOrEqual(rate);
	}, 60_000);
});
