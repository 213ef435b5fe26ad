import {describe, expect, it} from 'vitest';
import {analyze} from '../../source/analysis/analyze.js';
import {checkDenial, createNsec3Hasher} from '../../source/analysis/dnssec/denial.js';
import {buildWorld, type ServerSpec, type WorldSpec} from '../../source/lab/world.js';
import type {Trace} from '../../source/trace/model.js';
import {labTrace} from '../helpers/lab.js';

/*
 * NSEC3 hashing is the one DNSSEC cost a zone sets for its validators (RFC 9276): every iteration is another SHA-1
 * per name checked. Two signed zones under a signed root: slow. at 150 iterations (the most validators accept),
 * served by 4 servers, and slower. at 2500, which validators treat as insecure.
 */
const SERVERS = 4;
const slowServers: ServerSpec[] = Array.from({length: SERVERS}, (_, index) => ({name: `ns${index}.slow.`, ipv4: `127.77.240.${index + 1}`, zones: [{zone: 'slow.'}]}));
const zoneText = (origin: string, servers: ServerSpec[]) =>
	`@ SOA ${servers[0]!.name} h.${origin} 1 7200 3600 1209600 3600\n${servers.map((server) => `@ NS ${server.name}\n${server.name} A ${server.ipv4}`).join('\n')}\nwww A 192.0.2.1`;
const delegation = (origin: string, servers: ServerSpec[]) => servers.map((server) => `${origin} NS ${server.name}\n${server.name} A ${server.ipv4}`).join('\n');
const slowerServer: ServerSpec = {name: 'ns.slower.', ipv4: '127.77.241.1', zones: [{zone: 'slower.'}]};

const spec: WorldSpec = {
	roots: ['a.root.nsec3.'],
	stories: [],
	servers: [{name: 'a.root.nsec3.', ipv4: '127.77.239.1', zones: [{zone: '.'}]}, ...slowServers, slowerServer],
	zones: [
		{origin: '.', signing: {algorithm: 13}, text: `@ SOA a.root.nsec3. h.nsec3. 1 1800 900 604800 86400\n@ NS a.root.nsec3.\na.root.nsec3. A 127.77.239.1\n${delegation('slow.', slowServers)}\n${delegation('slower.', [slowerServer])}`},
		{origin: 'slow.', signing: {algorithm: 13, nsec3: {iterations: 150, salt: 'aabbccdd'}}, text: zoneText('slow.', slowServers)},
		{origin: 'slower.', signing: {algorithm: 13, nsec3: {iterations: 2500, salt: 'aabbccdd'}}, text: zoneText('slower.', [slowerServer])},
	],
};
const world = buildWorld(spec);
const anchors = {source: 'nsec3 lab', records: world.trustAnchor};

/** The analysis alone, with the CPU it took. */
function analysed(trace: Trace) {
	const before = process.cpuUsage();
	const analysis = analyze(trace, {anchors});
	const {user, system} = process.cpuUsage(before);
	return {analysis, cpuMs: (user + system) / 1000};
}

/** A name 40 labels below the zone: proving it absent searches every ancestor for the closest encloser. */
const deep = (zone: string, tag: string) => `${Array.from({length: 40}, (_, index) => `${tag}${index}`).join('.')}.${zone}`;

describe('NSEC3 costs a validator a bounded amount of work', () => {
	it('hashes each name, salt and iteration count once per analysis, within a budget of SHA-1 rounds', () => {
		const hasher = createNsec3Hasher(2 * 151);
		const first = hasher.hash('example.', 'aabbccdd', 150);
		expect(first).toMatch(/^[0-9a-v]{32}$/u);
		expect(hasher.hash('example.', 'aabbccdd', 150)).toBe(first);
		expect(hasher.hash('www.example.', 'aabbccdd', 150)).toBeDefined();
		// The budget has paid for two hashes; a third cannot be paid for, the two known ones still can.
		expect(hasher.hash('mail.example.', 'aabbccdd', 150)).toBeUndefined();
		expect(hasher.exhausted).toBe(true);
		expect(hasher.hash('www.example.', 'aabbccdd', 150)).toBeDefined();
		// Another salt or iteration count is another hash (RFC 5155 appendix A: example. with salt aabbccdd, 12 iterations).
		const other = createNsec3Hasher();
		expect(other.hash('example.', 'aabbccdd', 12)).toBe('0p9mhaveqvm6t7vbl5lop2u3t2rp3tom');
		expect(other.hash('example.', 'aabbccdd', 150)).toBe(first);
		expect(other.hash('example.', '', 150)).not.toBe(first);
	});

	it('4 servers denying a name 40 labels deep at 150 iterations: proven, in well under a second of CPU', async () => {
		const trace = await labTrace(deep('slow.', 'n'), 'A', {world, families: [4]});
		expect(trace.outcome.status).toBe('nxdomain');
		const nxdomains = trace.zones.find((zone) => zone.name === 'slow.')!.servers.filter((server) => server.probes.some((probe) => probe.kind === 'nxdomain'));
		expect(nxdomains).toHaveLength(SERVERS);
		const {analysis, cpuMs} = analysed(trace);
		expect(analysis.dnssec.outcome).toMatchObject({status: 'secure'});
		expect(analysis.findings.map((finding) => finding.code)).not.toContain('DENIAL_INVALID');
		expect(analysis.findings.find((finding) => finding.code === 'NSEC3_ITERATIONS')?.severity).toBe('warning');
		expect(cpuMs).toBeLessThan(1000);
	});

	it('more than 150 iterations: the denial is insecure, not bogus, and costs no hashing at all', async () => {
		const trace = await labTrace(deep('slower.', 'n'), 'A', {world, families: [4]});
		expect(trace.outcome.status).toBe('nxdomain');
		const {analysis, cpuMs} = analysed(trace);
		expect(analysis.dnssec.outcome.status).toBe('insecure');
		expect(analysis.dnssec.outcome.reason).toContain('its NSEC3 has 2500 iterations (more than 150), which validators treat as insecure (RFC 9276)');
		const codes = analysis.findings.map((finding) => finding.code);
		expect(codes).not.toContain('DENIAL_INVALID');
		expect(analysis.findings.find((finding) => finding.code === 'NSEC3_ITERATIONS')?.severity).toBe('error');
		// One hash at 2500 iterations costs about 14 ms here: forty of them would show.
		expect(cpuMs).toBeLessThan(200);
	});

	it('a crafted snapshot denying thousands of different deep names at 150 iterations: the hashing stops at its budget', async () => {
		const trace = await labTrace(deep('slow.', 'n'), 'A', {world, families: [4]});
		const authority = trace.zones.find((zone) => zone.name === 'slow.')!.servers[0]!.probes.find((probe) => probe.kind === 'nxdomain')!.response!.authority;
		const hasher = createNsec3Hasher();
		const before = process.cpuUsage();
		const checks = Array.from({length: 5000}, (_, index) => checkDenial(authority, 'slow.', deep('slow.', `c${index}-`), 'A', 'nxdomain', hasher));
		const {user, system} = process.cpuUsage(before);
		expect(hasher.exhausted).toBe(true);
		expect(checks.at(-1)).toMatchObject({ok: false, unchecked: 'limit'});
		expect((user + system) / 1000).toBeLessThan(1000);
	});

	it('an analysis that spends the hashing budget says so, and leaves the rest indeterminate rather than bogus', async () => {
		const trace = await labTrace(deep('slow.', 'n'), 'A', {world, families: [4]});
		// As a hostile snapshot could hold: every server's denial copied under 200 other names.
		for (const server of trace.zones.find((zone) => zone.name === 'slow.')!.servers) {
			const denial = server.probes.find((probe) => probe.kind === 'nxdomain')!;
			for (let copy = 0; copy < 200; copy++) server.probes.push({...denial, id: 100_000 + server.probes.length, question: {name: deep('slow.', `c${server.address}-${copy}-`), type: 'A'}});
		}
		const {analysis, cpuMs} = analysed(trace);
		expect(analysis.findings.find((finding) => finding.code === 'VALIDATION_LIMIT')?.message).toContain('the NSEC3 hashing budget');
		expect(analysis.findings.map((finding) => finding.code)).not.toContain('DENIAL_INVALID');
		expect(cpuMs).toBeLessThan(2000);
	});
});
