import {describe, expect, it} from 'vitest';
import {withAnalysis, type AnalysedTrace} from '../../source/analysis/analyze.js';
import {exitStatus} from '../../source/commands/exit-status.js';
import {INTERNET} from '../../source/lab/internet.js';
import {buildWorld, keysOf, type LabWorld} from '../../source/lab/world.js';
import {renderReport} from '../../source/text/report.js';
import {renderTraceText} from '../../source/text/trace-text.js';
import {zoneGridLines} from '../../source/ui/views/lines.js';
import {labTrace, labWorld, zoneOf} from '../helpers/lab.js';
import {openText, saved} from '../helpers/snapshots.js';

async function analysed(name: string, options: {world?: LabWorld; dnssec?: boolean} = {}): Promise<AnalysedTrace> {
	const world = options.world ?? labWorld();
	const trace = await labTrace(name, 'A', {world, timeoutMs: 250, ...(options.dnssec === undefined ? {} : {dnssec: options.dnssec})});
	return withAnalysis(trace, {anchors: {source: 'lab', records: world.trustAnchor}});
}

const finding = ({analysis}: AnalysedTrace, code: string) => analysis.findings.find((candidate) => candidate.code === code);

/** The lab, except that every server of secondary.org. serves www with signatures that expired in 2020. */
function everyServerExpired(): LabWorld {
	const servers = INTERNET.servers.map((server) =>
		server.name.endsWith('.secondary.org.') ? {...server, zones: [{zone: 'secondary.org.', expiredSignaturesAt: ['www.secondary.org.']}]} : server,
	);
	return buildWorld({...INTERNET, servers}, {keys: keysOf(labWorld())});
}

describe('a DNSSEC verdict is what a validating resolver that retries other servers on bogus data gets', () => {
	it('one server with expired signatures among servers that validate: secure, that server named at risk', async () => {
		const traced = await analysed('www.secondary.org');
		const {outcome, zones} = traced.analysis.dnssec;
		expect(outcome.status).toBe('secure');
		expect(outcome.reason).toMatch(/^www\.secondary\.org\. A validates \(valid, signed by key \d+\); servers at risk \(their data does not validate; resolvers retry the others\): ns3\.secondary\.org\. \(127\.77\.115\.3\)$/u);
		const zone = zones.find((entry) => entry.zone === 'secondary.org.');
		expect(zone?.status).toBe('secure');
		expect(zone?.reason).toBe("2 of 3 servers' DNSKEY RRsets validate from the DS at org.; validating resolvers retry those on bogus data; servers at risk: ns3.secondary.org. (127.77.115.3)");
		expect(zone?.servers.map((server) => `${server.address} ${server.status}`)).toEqual(['127.77.15.1 secure', '127.77.115.2 secure', '127.77.115.3 bogus']);
		expect(exitStatus(traced)).toBe(0);
	});

	it('the failing server still has its finding, a warning that says resolvers retry the others', async () => {
		const expired = finding(await analysed('www.secondary.org'), 'RRSIG_EXPIRED');
		expect(expired).toMatchObject({severity: 'warning', zone: 'secondary.org.', servers: ['127.77.115.3']});
		expect(expired?.message).toContain('ns3.secondary.org. (127.77.115.3): secondary.org. DNSKEY (expired 2020-02-01T00:00:00.000Z); www.secondary.org. A (expired 2020-02-01T00:00:00.000Z)');
		expect(expired?.explanation).toContain('validating resolvers that meet this server retry another, so users still get answers');
	});

	it('every server with expired signatures on the answer: bogus, because validating resolvers get SERVFAIL', async () => {
		const traced = await analysed('www.secondary.org', {world: everyServerExpired()});
		expect(traced.analysis.dnssec.zones.find((entry) => entry.zone === 'secondary.org.')?.status).toBe('secure');
		expect(traced.analysis.dnssec.outcome).toEqual({status: 'bogus', reason: 'no server of secondary.org. gives a reply that validates: www.secondary.org. A: expired 2020-02-01T00:00:00.000Z (RFC 4035 §5.3.1), from ns1.secondary.org. (127.77.15.1), ns2.secondary.org. (127.77.115.2) and ns3.secondary.org. (127.77.115.3)'});
		expect(finding(traced, 'RRSIG_EXPIRED')).toMatchObject({severity: 'error', servers: ['127.77.15.1', '127.77.115.2', '127.77.115.3']});
	});

	it('a bogus answer exits 1 and says in its headline that validating resolvers return SERVFAIL', async () => {
		const traced = await analysed('www.rollover.net');
		expect(traced.analysis.dnssec.outcome.status).toBe('bogus');
		expect(exitStatus(traced)).toBe(1);
		const text = renderTraceText(traced, {toolVersion: 'test'});
		expect(text).toContain(';; DNSSEC: bogus — validating resolvers return SERVFAIL for this name — rollover.net.: no server\'s DNSKEY RRset validates (no DNSKEY matches the DS (');
		expect(renderReport(traced, {format: 'text', toolVersion: 'test'})).toContain('DNSSEC: bogus — validating resolvers return SERVFAIL for this name (rollover.net.: ');
		expect(JSON.parse(saved(traced.trace)).outcome).toMatchObject({dnssec: 'bogus', validatingResolversServfail: true});
	});

	it('a secure answer says nothing of SERVFAIL and its --json field is false', async () => {
		const traced = await analysed('www.example.com');
		expect(renderTraceText(traced, {toolVersion: 'test'})).not.toContain('SERVFAIL');
		expect(JSON.parse(saved(traced.trace)).outcome).toMatchObject({dnssec: 'secure', validatingResolversServfail: false});
	});
});

/** everyServerExpired, with secondary.org. still signed but no DS for it at org.: a proven unsigned delegation. */
function everyServerExpiredWithoutDs(): LabWorld {
	const zones = INTERNET.zones.map((zone) => (zone.origin === 'secondary.org.' ? {...zone, signing: {algorithm: 13, dsDigests: []}} : zone));
	const servers = INTERNET.servers.map((server) =>
		server.name.endsWith('.secondary.org.') ? {...server, zones: [{zone: 'secondary.org.', expiredSignaturesAt: ['www.secondary.org.']}]} : server,
	);
	return buildWorld({...INTERNET, zones, servers}, {keys: keysOf(labWorld())});
}

describe('a signature finding says what it means for users, given the zone\'s DNSSEC status', () => {
	const expiredIn = async (world: LabWorld, anchors: LabWorld['trustAnchor']) => {
		const trace = await labTrace('www.secondary.org', 'A', {world, timeoutMs: 250});
		const traced = withAnalysis(trace, {anchors: {source: 'test', records: anchors}});
		return {zone: traced.analysis.dnssec.zones.find((entry) => entry.zone === 'secondary.org.')?.status, expired: finding(traced, 'RRSIG_EXPIRED')};
	};
	const table = [
		{status: 'secure', world: everyServerExpired, anchored: true, severity: 'error', says: 'Validating resolvers reject the data (SERVFAIL).'},
		{status: 'unanchored', world: everyServerExpired, anchored: false, severity: 'warning', says: 'only a validating resolver that holds an anchor for it (or for a zone above it) would reject the data (SERVFAIL)'},
		{status: 'insecure', world: everyServerExpiredWithoutDs, anchored: true, severity: 'warning', says: 'so validators ignore its signatures and users see no failure from them'},
	] as const;
	for (const {status, world, anchored, severity, says} of table) {
		it(`expired signatures in a zone that is ${status}: ${severity}, "${says}"`, async () => {
			const built = world();
			const {zone, expired} = await expiredIn(built, anchored ? built.trustAnchor : []);
			expect(zone).toBe(status);
			expect(expired).toMatchObject({severity, zone: 'secondary.org.', servers: ['127.77.15.1', '127.77.115.2', '127.77.115.3']});
			expect(expired?.explanation).toContain(says);
			if (status !== 'secure') expect(expired?.explanation).not.toContain('Validating resolvers reject the data');
		});
	}
});

describe('a trace saved while it runs (an unfinished snapshot) is judged on what has come', () => {
	it("a server whose DNSKEY answer is still out has its signatures judged once its keys come, never as signed by a key it has not shown (RRSIG_INVALID 'no DNSKEY')", async () => {
		const {trace} = await analysed('www.shop.com');
		const cut = structuredClone(trace);
		// As the explorer's export saved it: ns2's IPv6 address has answered the walk's question, not yet the DNSKEY.
		const server = zoneOf(cut, 'shop.com.').servers.find((candidate) => candidate.address === '2001:db8:111::2')!;
		const dnskey = server.probes.find((probe) => probe.purpose === 'dnskey')!;
		server.probes[server.probes.indexOf(dnskey)] = {id: dnskey.id, zone: dnskey.zone, server: dnskey.server, address: dnskey.address, question: dnskey.question, purpose: dnskey.purpose, startedMs: dnskey.startedMs, status: 'pending'};
		const {analysis} = withAnalysis(cut, {anchors: {source: 'lab', records: labWorld().trustAnchor}});
		expect(analysis.findings.filter((finding) => finding.code === 'RRSIG_INVALID').map((finding) => finding.message)).toEqual([]);
	});
});

describe('a trace saved before its glueless servers were found (www.shop.com: shop.com. asked at one address, its other look-ups still running)', () => {
	it('finds no name server unresolvable and no DNSKEY missing while the answers are still out', async () => {
		const {trace} = await analysed('www.shop.com');
		const cut = structuredClone(trace);
		cut.outcome = {status: 'pending', records: [], atMs: 0};
		const lookUp = cut.resolutions.find((resolution) => resolution.purpose === 'ns-address' && resolution.question.name === 'ns2.dnsprovider.net.' && resolution.question.type === 'A')!;
		delete lookUp.outcome;
		const zone = zoneOf(cut, 'shop.com.');
		for (const ns of zone.nameservers) if (ns.name === 'ns2.dnsprovider.net.') ns.addresses = [];
		zone.servers = zone.servers.filter((server) => server.name !== 'ns2.dnsprovider.net.');
		for (const server of zone.servers) server.probes = server.probes.map((probe) => (probe.purpose === 'walk' ? probe : {id: probe.id, zone: probe.zone, server: probe.server, address: probe.address, question: probe.question, purpose: probe.purpose, startedMs: probe.startedMs, status: 'pending' as const}));
		const {analysis} = withAnalysis(cut, {anchors: {source: 'lab', records: labWorld().trustAnchor}});
		expect(analysis.findings.filter((finding) => ['NS_NAME_UNRESOLVABLE', 'DNSKEY_MISSING'].includes(finding.code)).map((finding) => finding.message)).toEqual([]);
	});
});

describe('--no-dnssec checks nothing', () => {
	it('asks no DNSKEY or DS question and sends no DO bit (signed servers send no RRSIG)', async () => {
		const {trace} = await analysed('www.secondary.org', {dnssec: false});
		const probes = trace.zones.flatMap((zone) => zone.servers.flatMap((server) => server.probes));
		expect(probes.length).toBeGreaterThan(20);
		expect(probes.filter((probe) => probe.purpose === 'dnskey' || probe.purpose === 'ds' || ['DNSKEY', 'DS'].includes(probe.question.type))).toEqual([]);
		expect(probes.flatMap((probe) => [...(probe.response?.answer ?? []), ...(probe.response?.authority ?? [])]).filter((record) => record.type === 'RRSIG')).toEqual([]);
	});

	it('runs no validation and reports no DNSSEC finding: the verdict is "not checked"', async () => {
		const traced = await analysed('www.nic.bw', {dnssec: false});
		expect(traced.analysis.dnssec.outcome.status).toBe('not-checked');
		expect(traced.analysis.dnssec.zones).toEqual([]);
		expect(traced.analysis.findings.map((entry) => entry.code)).toEqual(['SERVER_TIMEOUT', 'SERIAL_MISMATCH']);
		expect(renderTraceText(traced, {toolVersion: 'test'})).toContain(';; DNSSEC: not checked — the trace was taken with --no-dnssec: no DNSKEY or DS was asked for\n');
		expect(renderReport(traced, {format: 'text', toolVersion: 'test'})).toContain('DNSSEC: not checked (');
		expect(zoneGridLines(traced.trace, traced.analysis, zoneOf(traced.trace, 'bw.')).map((line) => line.map((segment) => segment.text).join(''))[0]).toContain('DNSSEC not checked');
	});

	it('a snapshot taken with --no-dnssec opens with "not checked" too', async () => {
		const {trace} = await analysed('www.nic.bw', {dnssec: false});
		const opened = openText(saved(trace));
		if ('line' in opened) throw new Error(opened.line);
		expect(opened.opened.analysis.dnssec.outcome.status).toBe('not-checked');
		expect(opened.text).toContain(';; DNSSEC: not checked');
		expect(opened.opened.analysis.findings.map((entry) => entry.code)).toEqual(['SERVER_TIMEOUT', 'SERIAL_MISMATCH']);
	});
});
