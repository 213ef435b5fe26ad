import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {withAnalysis} from '../../source/analysis/analyze.js';
import {decodeMessage, MalformedMessageError} from '../../source/dns/codec.js';
import {systemDeps} from '../../source/dns/network-transport.js';
import {createTransport} from '../../source/dns/querier.js';
import type {Link, LinkHandlers} from '../../source/dns/transport.js';
import {createLabLink} from '../../source/lab/lab-link.js';
import {renderTraceText} from '../../source/text/trace-text.js';
import {classifyResponse} from '../../source/trace/classify.js';
import {walk} from '../../source/trace/walk.js';
import {labTrace, labWorld} from '../helpers/lab.js';

/** Real responses from the lab: referrals, signed answers, NSEC3 denials, a 1.5 KB TXT over TCP. */
const samples: Uint8Array[] = [];
for (const [name, type] of [['www.shop.com', 'A'], ['nosuch.example.com', 'A'], ['big.example.org', 'TXT'], ['www.nic.bw', 'A']] as const) {
	const trace = await labTrace(name, type, {families: [4]});
	for (const zone of trace.zones) for (const server of zone.servers) for (const probe of server.probes) if (probe.raw) samples.push(new Uint8Array(Buffer.from(probe.raw, 'base64')));
}

/** A packet mutated the ways fuzzers do: flipped bytes, truncation, a splice of another packet, a lying count. */
const mutated = fc
	.record({
		base: fc.integer({min: 0, max: samples.length - 1}),
		other: fc.integer({min: 0, max: samples.length - 1}),
		flips: fc.array(fc.record({at: fc.nat(), value: fc.integer({min: 0, max: 255})}), {maxLength: 8}),
		cut: fc.option(fc.nat()),
		splice: fc.option(fc.record({at: fc.nat(), from: fc.nat()})),
	})
	.map(({base, other, flips, cut, splice}) => {
		let bytes = Buffer.from(samples[base]!);
		for (const {at, value} of flips) if (bytes.byteLength > 0) bytes[at % bytes.byteLength] = value;
		if (splice) {
			const donor = samples[other]!;
			bytes = Buffer.concat([bytes.subarray(0, splice.at % (bytes.byteLength + 1)), Buffer.from(donor.subarray(splice.from % (donor.byteLength + 1)))]);
		}
		if (cut !== null) bytes = bytes.subarray(0, cut % (bytes.byteLength + 1));
		return new Uint8Array(bytes);
	});

function decodesOrRefuses(bytes: Uint8Array): void {
	try {
		const message = decodeMessage(bytes);
		// Whatever decodes must be safe to judge and to show.
		classifyResponse(message, 'com.', message.question[0] ?? {name: 'example.com.', type: 'A'});
	} catch (error) {
		if (!(error instanceof MalformedMessageError)) throw error;
	}
}

describe('fuzzing the decoder and the analysis', () => {
	it('starts from over a hundred real lab packets', () => {
		expect(samples.length).toBeGreaterThan(100);
	});

	it('random bytes decode or are refused as malformed; nothing else escapes', () => {
		fc.assert(fc.property(fc.uint8Array({maxLength: 700}), (bytes) => decodesOrRefuses(bytes)), {numRuns: 3000});
	});

	it('mutated lab packets decode or are refused as malformed; nothing else escapes', () => {
		fc.assert(fc.property(mutated, (bytes) => decodesOrRefuses(bytes)), {numRuns: 3000});
	});

	it('a walk over a network that corrupts replies always terminates, and its analysis and text never throw', async () => {
		const world = labWorld();
		await fc.assert(
			fc.asyncProperty(fc.integer({min: 1, max: 2 ** 31 - 1}), fc.double({min: 0.05, max: 0.6, noNaN: true}), async (seed, rate) => {
				let state = seed;
				const random = () => {
					state = (state * 1_103_515_245 + 12_345) & 0x7fffffff;
					return state / 0x7fffffff;
				};
				const lab = createLabLink(world, {latencyScale: 0});
				const corrupt = (handlers: LinkHandlers): LinkHandlers => ({
					onError: handlers.onError,
					onMessage(data, from) {
						if (random() >= rate) return handlers.onMessage(data, from);
						const bytes = Uint8Array.from(data);
						for (let flip = 0; flip < 1 + Math.floor(random() * 6); flip++) bytes[Math.floor(random() * bytes.byteLength)] = Math.floor(random() * 256);
						handlers.onMessage(random() < 0.3 ? bytes.subarray(0, Math.floor(random() * bytes.byteLength)) : bytes, from);
					},
				});
				const link: Link = {udp: (to, payload, handlers) => lab.udp(to, payload, corrupt(handlers)), tcp: (to, payload, handlers) => lab.tcp(to, payload, corrupt(handlers))};
				const started = performance.now();
				const trace = await walk({name: 'www.shop.com.', type: 'A'}, {transport: createTransport(link, systemDeps), hints: world.hints, port: 53, families: [4, 6], timeoutMs: 30, retries: 0, dnssec: true});
				expect(performance.now() - started).toBeLessThan(5000);
				const analysed = withAnalysis(trace, {anchors: {source: 'lab', records: world.trustAnchor}});
				renderTraceText(analysed, {toolVersion: 'fuzz'});
			}),
			{numRuns: 40},
		);
	}, 120_000);
});
