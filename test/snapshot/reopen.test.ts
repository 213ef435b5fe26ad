/*
 * A snapshot digdeeper wrote always opens again, and is judged the same: the outcome and the findings re-derived
 * from its raw bytes are the ones the walk and the analysis reached when it was written.
 */
import packet from 'dns-packet';
import {describe, expect, it} from 'vitest';
import {withAnalysis} from '../../source/analysis/analyze.js';
import {parseUserName} from '../../source/dns/name.js';
import {systemDeps} from '../../source/dns/network-transport.js';
import {createTransport} from '../../source/dns/querier.js';
import type {Link, LinkHandlers} from '../../source/dns/transport.js';
import {HOSTILE} from '../../source/lab/hostile-world.js';
import {INTERNET} from '../../source/lab/internet.js';
import {createLabLink} from '../../source/lab/lab-link.js';
import {buildWorld, type LabWorld} from '../../source/lab/world.js';
import {parseSnapshot} from '../../source/snapshot/snapshot.js';
import type {Trace} from '../../source/trace/model.js';
import {labTrace, labWorld} from '../helpers/lab.js';
import {openText, saved} from '../helpers/snapshots.js';

function reopensTheSame(trace: Trace, world: LabWorld): void {
	const analysis = withAnalysis({...trace, options: {...trace.options, trustAnchor: 'lab', trustAnchorRecords: world.trustAnchor}}, {anchors: {source: 'lab', records: world.trustAnchor}}).analysis;
	const opened = openText(saved(trace, world));
	if ('line' in opened) throw new Error(`a file digdeeper wrote was refused: ${opened.line}`);
	expect(opened.opened.trace.outcome).toEqual(JSON.parse(JSON.stringify(trace.outcome)));
	expect(opened.opened.trace.resolutions).toEqual(JSON.parse(JSON.stringify(trace.resolutions)));
	expect(opened.opened.analysis.findings).toEqual(JSON.parse(JSON.stringify(analysis.findings)));
	expect(opened.opened.analysis.dnssec.outcome).toEqual(JSON.parse(JSON.stringify(analysis.dnssec.outcome)));
}

describe('every lab story, written and opened again, is judged the same', () => {
	for (const story of INTERNET.stories) {
		it(`${story.name} ${story.type ?? 'A'}`, async () => {
			reopensTheSame(await labTrace(parseUserName(story.name).name, story.type ?? 'A', {timeoutMs: 40}), labWorld());
		});
	}
});

describe('every story of the hostile lab, written and opened again, is judged the same', () => {
	const world = buildWorld(HOSTILE);
	// The fan-out story is thousands of 64 KB lab answers: seconds of work, more on a loaded machine.
	for (const story of HOSTILE.stories) {
		it(`${story.name} ${story.type ?? 'A'}`, {timeout: 60_000}, async () => {
			reopensTheSame(await labTrace(story.name, story.type ?? 'A', {world, families: [4], timeoutMs: 40}), world);
		});
	}
});

describe('files that earlier versions refused to open again', () => {
	it('an answer with an OPT record in its answer section', async () => {
		const world = labWorld();
		const lab = createLabLink(world, {latencyScale: 0});
		// The servers of example.com. put an OPT pseudo-record where only the additional section may hold one.
		const optInAnswer = (handlers: LinkHandlers): LinkHandlers => ({
			onError: handlers.onError,
			onMessage(data, from) {
				const decoded = packet.decode(Buffer.from(data));
				if (!decoded.questions?.some((question) => question.name === 'www.example.com.')) return handlers.onMessage(data, from);
				decoded.answers = [{type: 'OPT', name: '.', udpPayloadSize: 1232, flags: 0, options: []} as unknown as packet.Answer, ...(decoded.answers ?? [])];
				handlers.onMessage(packet.encode(decoded), from);
			},
		});
		const link: Link = {udp: (to, payload, handlers) => lab.udp(to, payload, optInAnswer(handlers)), tcp: (to, payload, handlers) => lab.tcp(to, payload, optInAnswer(handlers))};
		const trace = await labTrace('www.example.com', 'A', {transport: createTransport(link, systemDeps)});
		// The strict decoder refuses an OPT outside the additional section: those probes are malformed, with the bytes kept.
		const asked = trace.zones.flatMap((zone) => zone.servers.flatMap((server) => server.probes)).filter((probe) => probe.question.name === 'www.example.com.');
		expect(asked.some((probe) => probe.status === 'malformed' && probe.raw !== undefined && /OPT/u.test(probe.error ?? ''))).toBe(true);
		reopensTheSame(trace, world);
	});

	it('a very large trace: a name server with 3,000 addresses, as many servers, 150 limits reached and 1,200 loops', async () => {
		const trace = await labTrace('www.example.com');
		const addresses = Array.from({length: 3000}, (_, index) => `10.${index >> 8}.${index & 0xff}.1`);
		const root = trace.zones[0]!;
		const large: Trace = {
			...trace,
			zones: [
				{
					...root,
					// From the hints, the one source a file alone keeps: a root server named by no response would be refused.
					nameservers: [...root.nameservers, {name: 'many.example.', listedBy: ['hints'], addresses: addresses.map((address) => ({address, family: 4, origins: ['hints']})), subtraces: []}],
					servers: [...root.servers, ...addresses.map((address) => ({name: 'many.example.', address, family: 4 as const, origin: 'hints' as const, probes: []}))],
				},
				...trace.zones.slice(1),
			],
			limits: Array.from({length: 150}, (_, index) => ({limit: 'ns-names-per-zone' as const, value: 20, detail: `zone ${index} lists more than 20 name servers`})),
			loops: Array.from({length: 1200}, (_, index) => ({kind: 'cname' as const, names: [`a${index}.example.`, `b${index}.example.`], detail: 'the CNAME/DNAME chain returns'})),
		};
		const text = saved(large);
		const {options, ...back} = parseSnapshot(text).trace;
		const {options: _unanchored, ...expected} = JSON.parse(JSON.stringify(large)) as Trace;
		expect(back).toEqual(expected);
		expect(options.trustAnchorRecords).toEqual(labWorld().trustAnchor);
	});
});
