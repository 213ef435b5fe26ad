import {execFile} from 'node:child_process';
import {mkdtemp, readdir, readFile, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';
import {beforeAll, describe, expect, it} from 'vitest';
import {withAnalysis, type Analysis, type AnalysedTrace} from '../../source/analysis/analyze.js';
import {buildWorld, type LabWorld, type ServerSpec, type ZoneSpec} from '../../source/lab/world.js';
import {labTrace} from '../helpers/lab.js';
import {missingTools, titled} from '../helpers/tools.js';

const missing = missingTools('dnssec-keygen', 'dnssec-signzone');

const run = promisify(execFile);

/*
 * Zones signed by BIND's dnssec-signzone, served by the lab behind a root the lab signs, validated by digdeeper.
 * The healthy ones must come out secure (answers and denials); the broken ones with the right finding.
 */
interface Signed {
	origin: string;
	text: string;
	ds: string;
}

const ALGORITHMS = {8: 'RSASHA256', 13: 'ECDSAP256SHA256', 15: 'ED25519'} as const;

async function signWithBind(dir: string, origin: string, algorithm: keyof typeof ALGORITHMS, address: string, options: {nsec3?: boolean; extra?: string[]} = {}): Promise<Signed> {
	const zoneDir = await mkdtemp(path.join(dir, `${origin}-`));
	const zoneFile = path.join(zoneDir, 'zone');
	await writeFile(zoneFile, `$ORIGIN ${origin}.\n$TTL 3600\n@ SOA ns1 hostmaster 1 7200 3600 1209600 3600\n@ NS ns1\nns1 A ${address}\nwww A 192.0.2.1\nsub.deep TXT "an empty non-terminal above"\nbytes TXT "caf\\233" "\\128\\255\\000" "Grüße"\n`);
	await run('dnssec-keygen', ['-q', '-K', zoneDir, '-a', ALGORITHMS[algorithm], '-f', 'KSK', origin]);
	await run('dnssec-keygen', ['-q', '-K', zoneDir, '-a', ALGORITHMS[algorithm], origin]);
	const keys = (await readdir(zoneDir)).filter((file) => file.endsWith('.key'));
	for (const key of keys) await writeFile(zoneFile, await readFile(path.join(zoneDir, key), 'utf8'), {flag: 'a'});
	await run('dnssec-signzone', ['-q', '-S', '-K', zoneDir, '-d', zoneDir, '-o', origin, ...(options.nsec3 ? ['-3', '-', '-H', '0'] : []), ...(options.extra ?? []), zoneFile], {cwd: zoneDir});
	const text = await readFile(`${zoneFile}.signed`, 'utf8');
	const ds = await readFile(path.join(zoneDir, `dsset-${origin}.`), 'utf8');
	return {origin: `${origin}.`, text, ds};
}

const cases: Array<{origin: string; algorithm: keyof typeof ALGORITHMS; nsec3?: boolean}> = [
	{origin: 'rsa-nsec.test', algorithm: 8},
	{origin: 'rsa-nsec3.test', algorithm: 8, nsec3: true},
	{origin: 'ecdsa-nsec.test', algorithm: 13},
	{origin: 'ecdsa-nsec3.test', algorithm: 13, nsec3: true},
	{origin: 'ed25519-nsec.test', algorithm: 15},
	{origin: 'ed25519-nsec3.test', algorithm: 15, nsec3: true},
];

let world: LabWorld;

beforeAll(async () => {
	if (missing) return;
	const dir = await mkdtemp(path.join(tmpdir(), 'digdeeper-bind-'));
	const address = (index: number) => `127.77.${91 + index}.1`;
	const healthy = await Promise.all(cases.map((entry, index) => signWithBind(dir, entry.origin, entry.algorithm, address(index), {nsec3: entry.nsec3 ?? false})));
	const flipped = await signWithBind(dir, 'flipped.test', 13, address(cases.length));
	// -P: dnssec-signzone would otherwise refuse to write a zone whose signatures do not verify today.
	const expired = await signWithBind(dir, 'expired.test', 13, address(cases.length + 1), {extra: ['-P', '-s', '20200101000000', '-e', '20200201000000']});
	const wrongDs = await signWithBind(dir, 'wrong-ds.test', 13, address(cases.length + 2));
	const other = await signWithBind(dir, 'other-key.test', 13, '127.77.90.1');

	// One byte of the signature over www.flipped.test A, flipped.
	const flippedText = flipped.text.replace(
		/(www\.flipped\.test\.[^\n]*\n\s+\d+\s+RRSIG\s+A\s+13\s+3\s+3600\s*\(\s*\d{14}\s+\d{14}\s+\d+\s+flipped\.test\.\s+)(\S)/u,
		(_match, head: string, first: string) => `${head}${first === 'A' ? 'B' : 'A'}`,
	);
	expect(flippedText).not.toBe(flipped.text);
	// The DS for wrong-ds.test is the DS of another zone's key, renamed: a DS for a key the zone does not have.
	const wrongDsRecord = other.ds.replace(/^other-key\.test\./mu, 'wrong-ds.test.');

	const signed = [...healthy, {...flipped, text: flippedText}, expired, {...wrongDs, ds: wrongDsRecord}];
	const servers: ServerSpec[] = [
		{name: 'a.root.lab.', ipv4: '127.77.90.254', zones: [{zone: '.'}]},
		...signed.map((zone, index): ServerSpec => ({name: `ns1.${zone.origin}`, ipv4: address(index), zones: [{zone: zone.origin}]})),
	];
	const root: ZoneSpec = {
		origin: '.',
		signing: {algorithm: 13},
		text: [
			'@ SOA a.root.lab. hostmaster.lab. 1 1800 900 604800 86400',
			'@ NS a.root.lab.',
			'a.root.lab. A 127.77.90.254',
			...signed.flatMap((zone, index) => [`${zone.origin} NS ns1.${zone.origin}`, `ns1.${zone.origin} A ${address(index)}`, zone.ds.trim()]),
		].join('\n'),
	};
	world = buildWorld({
		roots: ['a.root.lab.'],
		stories: [],
		servers,
		zones: [root, ...signed.map((zone): ZoneSpec => ({origin: zone.origin, presigned: true, text: zone.text}))],
	});
}, 120_000);

async function validated(name: string, type = 'A'): Promise<AnalysedTrace> {
	return withAnalysis(await labTrace(name, type, {world, families: [4]}), {anchors: {source: 'lab', records: world.trustAnchor}});
}

/** Everything but the lab's own single-server layout (SINGLE_NAMESERVER), which is not what these tests are about. */
const problems = (analysis: Analysis) => analysis.findings.filter((finding) => finding.severity !== 'info' && finding.code !== 'SINGLE_NAMESERVER');

describe.skipIf(missing !== undefined)(titled('zones signed by BIND dnssec-signzone validate in digdeeper', missing), () => {
	for (const entry of cases) {
		it(`${entry.origin} (algorithm ${entry.algorithm}, ${entry.nsec3 ? 'NSEC3' : 'NSEC'}): an answer, NXDOMAIN and NODATA are secure`, async () => {
			for (const [name, type, status] of [
				[`www.${entry.origin}.`, 'A', 'answer'],
				// TXT strings of Latin-1 and binary bytes: BIND signed the bytes, which digdeeper must read and write alike.
				[`bytes.${entry.origin}.`, 'TXT', 'answer'],
				[`nosuch.${entry.origin}.`, 'A', 'nxdomain'],
				[`www.${entry.origin}.`, 'AAAA', 'nodata'],
				[`deep.${entry.origin}.`, 'A', 'nodata'],
			] as const) {
				const {trace, analysis} = await validated(name, type);
				expect({name, type, status: trace.outcome.status, dnssec: analysis.dnssec.outcome.status, findings: problems(analysis).map((finding) => finding.message)}).toEqual({name, type, status, dnssec: 'secure', findings: []});
			}
		});
	}
});

describe.skipIf(missing !== undefined)(titled('the same zones, broken, fail with the right codes', missing), () => {
	it('a flipped byte in a signature is RRSIG_INVALID and bogus', async () => {
		const {analysis} = await validated('www.flipped.test.');
		expect(analysis.dnssec.outcome.status).toBe('bogus');
		expect(analysis.findings.map((finding) => finding.code)).toContain('RRSIG_INVALID');
		expect(analysis.findings.find((finding) => finding.code === 'RRSIG_INVALID')?.message).toContain('www.flipped.test. A');
	});

	it('signatures that expired are RRSIG_EXPIRED and bogus', async () => {
		const {analysis} = await validated('www.expired.test.');
		expect(analysis.dnssec.outcome.status).toBe('bogus');
		expect(analysis.findings.find((finding) => finding.code === 'RRSIG_EXPIRED')?.message).toContain('expired 2020-02-01');
	});

	it('a DS for another key is DS_NO_MATCHING_DNSKEY and bogus', async () => {
		const {analysis} = await validated('www.wrong-ds.test.');
		expect(analysis.dnssec.outcome.status).toBe('bogus');
		expect(analysis.findings.find((finding) => finding.code === 'DS_NO_MATCHING_DNSKEY')).toMatchObject({severity: 'error', zone: 'wrong-ds.test.'});
	});
});
