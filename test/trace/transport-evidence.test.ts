import {describe, expect, it} from 'vitest';
import {withAnalysis} from '../../source/analysis/analyze.js';
import {buildWorld, type WorldSpec} from '../../source/lab/world.js';
import {parseSnapshot, serializeSnapshot} from '../../source/snapshot/snapshot.js';
import {renderReport} from '../../source/text/report.js';
import type {Probe, Trace} from '../../source/trace/model.js';
import {responseLines, zoneGridLines, type Line} from '../../source/ui/views/lines.js';
import {CATALOGUE} from '../helpers/catalogue.js';
import {labTrace, serverOf, zoneOf} from '../helpers/lab.js';

const world = buildWorld(CATALOGUE);
const trace = (name: string, options: Parameters<typeof labTrace>[2] = {}) => labTrace(name, 'A', {world, families: [4], timeoutMs: 250, ...options});
const probesOf = (traced: Trace): Probe[] => traced.zones.flatMap((zone) => zone.servers.flatMap((server) => server.probes));
const text = (lines: Line[]) => lines.map((line) => line.map((segment) => segment.text).join('')).join('\n');

/** A catalogue world whose notcp.cat. servers are two instances with NSIDs of their own; one sends escape bytes. */
function anycastWorld(): WorldSpec {
	const spec = structuredClone(CATALOGUE);
	spec.servers.find((server) => server.name === 'ns1.notcp.cat.')!.nsid = 'fra-1.anycast';
	spec.servers.find((server) => server.name === 'ns2.notcp.cat.')!.nsid = '\u001b]0;pwned\u0007';
	return spec;
}

describe('UDP dropped, TCP answering', () => {
	it('a server whose UDP is dropped is asked over TCP and answers: the walk moves on with it', async () => {
		const traced = await trace('www.udp.cat.');
		const walkProbe = serverOf(zoneOf(traced, 'udp.cat.'), '127.77.231.3').probes.find((probe) => probe.purpose === 'walk')!;
		expect(walkProbe).toMatchObject({status: 'answered', transport: 'tcp', udpTimedOut: true, kind: 'answer'});
		expect(traced.outcome).toMatchObject({status: 'answer', zone: 'udp.cat.'});
	});

	it('the server whose SOA already came over TCP is not asked it over TCP again; its sibling is', async () => {
		const zone = zoneOf(await trace('www.udp.cat.'), 'udp.cat.');
		const checks = (address: string) => serverOf(zone, address).probes.filter((probe) => probe.purpose === 'soa-tcp');
		expect(checks('127.77.231.3')).toEqual([]);
		expect(checks('127.77.230.3')).toEqual([expect.objectContaining({status: 'answered', transport: 'tcp', kind: 'answer', question: {name: 'udp.cat.', type: 'SOA'}})]);
	});
});

describe('the TCP check', () => {
	it('asks every server of every zone its zone\'s SOA once over TCP, after it answered over UDP', async () => {
		const traced = await trace('www.notcp.cat.');
		for (const zone of traced.zones) {
			for (const server of zone.servers) {
				const checks = server.probes.filter((probe) => probe.purpose === 'soa-tcp');
				expect(checks.map((probe) => `${probe.question.name} ${probe.question.type}`), `${zone.name} ${server.address}`).toEqual([`${zone.name} SOA`]);
			}
		}
		const failed = probesOf(traced).filter((probe) => probe.purpose === 'soa-tcp' && probe.status !== 'answered');
		expect(failed.map((probe) => [probe.address, probe.status])).toEqual([['127.77.233.3', 'unreachable']]);
	});

	it('is no step\'s question: a trace of the zone\'s own SOA follows the UDP answers, and its variants leave the check out', async () => {
		const traced = await labTrace('notcp.cat.', 'SOA', {world, families: [4], timeoutMs: 250});
		const step = traced.resolutions[0]!.steps.at(-1)!;
		expect(step).toMatchObject({zone: 'notcp.cat.', result: 'answer'});
		const followed = probesOf(traced).find((probe) => probe.id === step.probe)!;
		// The walk's question or the zone's own SOA question (the same question to the same servers), never the check.
		expect(followed).toMatchObject({question: {name: 'notcp.cat.', type: 'SOA'}, transport: 'udp'});
		expect(followed.purpose).not.toBe('soa-tcp');
		expect(step.variants.flatMap((variant) => variant.addresses).sort()).toEqual(['127.77.232.3', '127.77.233.3']);
		// Both servers were still checked over TCP, though the walk's own question was their SOA.
		expect(probesOf(traced).filter((probe) => probe.purpose === 'soa-tcp' && probe.zone === 'notcp.cat.')).toHaveLength(2);
	});

	it('counts against the query limit like any probe', async () => {
		// Every query sent is counted, the TCP checks' too.
		const whole = await trace('www.notcp.cat.');
		const sent = probesOf(whole).filter((probe) => probe.status !== 'skipped');
		expect(sent.some((probe) => probe.purpose === 'soa-tcp')).toBe(true);
		expect(whole.stats.queries).toBe(sent.length);
		// Under a limit, how much of it the checks get depends on how early the walk's own questions went out (it asks a
		// child as the first referral comes): never more than the limit, and the limit is said.
		const limited = await trace('www.notcp.cat.', {limits: {maxQueries: 30}});
		expect(limited.stats.queries).toBeLessThanOrEqual(30);
		expect(limited.stats.queries).toBe(probesOf(limited).filter((probe) => probe.status !== 'skipped').length);
		expect(limited.limits.map((hit) => hit.limit)).toContain('queries');
	});
});

describe('NSID', () => {
	it('every answered probe carries the NSID of the server that answered it (its name by default)', async () => {
		const traced = await trace('www.udp.cat.');
		for (const zone of traced.zones) {
			for (const server of zone.servers) {
				for (const probe of server.probes.filter((candidate) => candidate.status === 'answered')) {
					expect(Buffer.from(probe.nsid ?? '', 'hex').toString('latin1'), `${probe.id}`).toBe(server.name.replace(/\.$/u, ''));
				}
			}
		}
	});

	it('is shown per probe in the response and per server in the grid: text when printable, hex otherwise, never an escape byte', async () => {
		const anycast = buildWorld(anycastWorld());
		const traced = await labTrace('www.notcp.cat.', 'A', {world: anycast, families: [4], timeoutMs: 250});
		const analysed = withAnalysis(traced, {anchors: {source: 'catalogue', records: anycast.trustAnchor}});
		const zone = zoneOf(traced, 'notcp.cat.');
		const walkOf = (address: string) => serverOf(zone, address).probes.find((probe) => probe.purpose === 'walk')!;
		expect(text(responseLines(walkOf('127.77.232.3')))).toContain(';; NSID: fra-1.anycast');
		expect(text(responseLines(walkOf('127.77.233.3')))).toContain(';; NSID: 0x1b5d303b70776e656407');
		const grid = text(zoneGridLines(traced, analysed.analysis, zone));
		expect(grid).toMatch(/127\.77\.232\.3 .* NOERROR +aa +ok +ok +fra-1\.anycast /u);
		expect(grid).toMatch(/127\.77\.233\.3 .* NOERROR +aa +ok +fails +0x1b5d303b70776e656407 /u);
		expect(grid).not.toContain('\u001b');
	});

	it('is shown in the report\'s evidence, with the transport the answer came over', async () => {
		const anycast = buildWorld(anycastWorld());
		const traced = await labTrace('www.notcp.cat.', 'A', {world: anycast, families: [4], timeoutMs: 250});
		const report = renderReport(withAnalysis(traced, {anchors: {source: 'catalogue', records: anycast.trustAnchor}}), {format: 'text', toolVersion: 'test'});
		expect(report).toMatch(/ns2\.notcp\.cat\. +127\.77\.233\.3 +notcp\.cat\. SOA +unreachable +TCP \(TCP check\) +waited [\d.]+ m?s +7 +—\n/u);
		expect(report).not.toContain('\u001b');
	});

	it('in a Markdown report, a printable NSID is Markdown-escaped: it opens no link and adds no table column', async () => {
		const spec = structuredClone(CATALOGUE);
		spec.servers.find((server) => server.name === 'ns2.udp.cat.')!.nsid = '[x](http://evil.example/)|*a*';
		const built = buildWorld(spec);
		const traced = await labTrace('www.udp.cat.', 'A', {world: built, families: [4], timeoutMs: 250});
		const report = renderReport(withAnalysis(traced, {anchors: {source: 'catalogue', records: built.trustAnchor}}), {format: 'markdown', toolVersion: 'test'});
		const rows = report.split('\n').filter((line) => line.startsWith('| ns2.udp.cat.'));
		// Its eleven questions (ten of the walk and the zone, CDS and CDNSKEY among them, and `SOA www.udp.cat.`, which
		// looks for a cut below the answer), a row per result: five answered, six NODATA.
		expect(rows).toHaveLength(2);
		expect(rows.map((row) => /and (\d+) more/u.exec(row)?.[1])).toEqual(['2', '3']);
		for (const row of rows) {
			expect(row).toContain('TCP (UDP timed out)');
			expect(row).toContain('\\[x\\]');
			expect(row.replace(/\\\|/gu, '').split('|')).toHaveLength(10);
		}
	});

	it('a snapshot derives it again from the raw bytes: a file\'s own nsid field is never read', async () => {
		const anycast = buildWorld(anycastWorld());
		const traced = await labTrace('www.notcp.cat.', 'A', {world: anycast, families: [4], timeoutMs: 250});
		const file = JSON.parse(serializeSnapshot({trace: traced, analysis: undefined}, {name: 'digdeeper', version: 'test'}));
		for (const zone of file.zones) for (const server of zone.servers) for (const probe of server.probes) probe.nsid = '6c6965';
		const reopened = parseSnapshot(JSON.stringify(file)).trace;
		expect(probesOf(reopened).map((probe) => [probe.id, probe.nsid])).toEqual(probesOf(traced).map((probe) => [probe.id, probe.nsid]));
		expect(serverOf(zoneOf(reopened, 'notcp.cat.'), '127.77.233.3').probes.find((probe) => probe.purpose === 'walk')?.nsid).toBe('1b5d303b70776e656407');
	});
});

describe('snapshots', () => {
	it('keep the TCP check and the UDP time-out through a round trip', async () => {
		const traced = await trace('www.udp.cat.');
		const reopened = parseSnapshot(serializeSnapshot({trace: traced, analysis: undefined}, {name: 'digdeeper', version: 'test'})).trace;
		const pick = (probes: Probe[]) => probes.map((probe) => [probe.id, probe.purpose, probe.transport, probe.udpTimedOut ?? false, probe.status]);
		expect(pick(probesOf(reopened))).toEqual(pick(probesOf(traced)));
		expect(probesOf(reopened).some((probe) => probe.udpTimedOut)).toBe(true);
	});

	it('store an answer that differs between servers only in its NSID once, and give each probe its own NSID back', async () => {
		const traced = await trace('www.udp.cat.');
		const file = JSON.parse(serializeSnapshot({trace: traced, analysis: undefined}, {name: 'digdeeper', version: 'test'}));
		const stored = file.zones.find((zone: {name: string}) => zone.name === 'udp.cat.').servers.flatMap((server: {probes: unknown[]}) => server.probes);
		const walks = stored.filter((probe: {purpose: string; question: {type: string}}) => probe.purpose === 'walk' && probe.question.type === 'A');
		expect(walks).toHaveLength(2);
		expect(walks[0].message).toBe(walks[1].message);
		expect(walks.map((probe: {nsidOption: {hex: string}}) => Buffer.from(probe.nsidOption.hex, 'hex').toString())).toEqual(['ns1.udp.cat', 'ns2.udp.cat']);
		const reopened = parseSnapshot(JSON.stringify(file)).trace;
		for (const probe of probesOf(traced)) {
			expect(probesOf(reopened).find((candidate) => candidate.id === probe.id)?.raw, `${probe.id}`).toBe(probe.raw);
		}
	});

	it('refuse an NSID option placed outside the message\'s OPT record', async () => {
		const traced = await trace('www.udp.cat.');
		const file = JSON.parse(serializeSnapshot({trace: traced, analysis: undefined}, {name: 'digdeeper', version: 'test'}));
		const probe = file.zones[0].servers[0].probes.find((candidate: {nsidOption?: unknown}) => candidate.nsidOption);
		probe.nsidOption.at = 3;
		expect(() => parseSnapshot(JSON.stringify(file))).toThrow(/NSID option does not fit inside message .*'s OPT record \(where: zones\[0\]\.servers\[0\]\.probes\[\d+\]\.nsidOption\)/u);
	});

	it('written before the TCP check (digdeeper/snapshot@1) still open', async () => {
		const traced = await trace('www.udp.cat.');
		const file = JSON.parse(serializeSnapshot({trace: traced, analysis: undefined}, {name: 'digdeeper', version: 'old'}));
		file.schema = 'digdeeper/snapshot@1';
		for (const zone of file.zones) {
			for (const server of zone.servers) {
				server.probes = server.probes.filter((probe: {purpose: string}) => probe.purpose !== 'soa-tcp');
				for (const probe of server.probes) delete probe.udpTimedOut;
			}
		}
		const reopened = parseSnapshot(JSON.stringify(file)).trace;
		expect(reopened.outcome).toMatchObject({status: 'answer', zone: 'udp.cat.'});
		expect(probesOf(reopened).some((probe) => probe.purpose === 'soa-tcp')).toBe(false);
	});

	it('refuse a step that follows the TCP check: no walk ever does', async () => {
		const traced = await labTrace('notcp.cat.', 'SOA', {world, families: [4], timeoutMs: 250});
		const file = JSON.parse(serializeSnapshot({trace: traced, analysis: undefined}, {name: 'digdeeper', version: 'test'}));
		const check = file.zones.flatMap((zone: {servers: Array<{probes: Array<{purpose: string; id: number; zone: string}>}>}) => zone.servers.flatMap((server) => server.probes)).find((probe: {purpose: string; zone: string}) => probe.purpose === 'soa-tcp' && probe.zone === 'notcp.cat.');
		file.resolutions[0].steps.at(-1).probe = check.id;
		expect(() => parseSnapshot(JSON.stringify(file))).toThrow(/a TCP check, which no step follows/u);
	});
});
