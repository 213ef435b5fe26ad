import {mkdtemp} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import type {Transport} from '../../source/dns/transport.js';
import {INTERNET} from '../../source/lab/internet.js';
import {buildGeneratedLab} from '../../source/lab/generated-lab.js';
import {createLabTransport} from '../../source/lab/lab-transport.js';
import {buildWorld, type LabWorld} from '../../source/lab/world.js';
import {RootWalkError, walkRootTlds, type RootWalkConfig} from '../../source/survey/root-tlds.js';
import {labWorld} from '../helpers/lab.js';

function config(world: LabWorld, transport: Transport = createLabTransport(world, {latencyScale: 0})): RootWalkConfig {
	return {transport, hints: world.hints, port: 53, families: [4, 6], anchors: {source: 'lab', records: world.trustAnchor}, timeoutMs: 250, retries: 0, now: Math.floor(Date.now() / 1000)};
}

/** The TLDs the root zone delegates, read from the zone itself: its NS records below the apex. */
function delegatedIn(world: LabWorld): string[] {
	const records = world.zones.get('.')!.records;
	return [...new Set(records.filter((record) => record.type === 'NS' && record.name !== '.').map((record) => record.name))].sort();
}

describe('the root\'s TLDs, walked along its NSEC chain', () => {
	it('lists every TLD the stories lab\'s root delegates, each NSEC validated', async () => {
		const world = labWorld();
		const walked = await walkRootTlds(config(world));
		expect([...walked.tlds].sort()).toEqual(delegatedIn(world));
		expect(walked.tlds).toContain('xn--mgbai9azgqp6j.');
		// One NSEC per name in the root zone's chain: the apex and every TLD (the root has no other owner names).
		expect(walked.nsecs.map((nsec) => nsec.name)).toEqual(['.', ...walked.tlds]);
	});

	it('lists every TLD of the generated root, as its ground truth has them', async () => {
		const keyFile = path.join(await mkdtemp(path.join(tmpdir(), 'digdeeper-root-walk-')), 'keys.json');
		const {world, root} = await buildGeneratedLab({tlds: 50, keyFile});
		expect(world.zones.get('.')!.records.some((record) => record.type === 'NSEC3')).toBe(false);
		const walked = await walkRootTlds(config(world));
		expect([...walked.tlds].sort()).toEqual(root.truth.map((entry) => entry.tld).sort());
		expect(walked.tlds).toHaveLength(50);
	}, 120_000);

	it('refuses a chain a server changed: a TLD hidden by an NSEC that skips it does not validate', async () => {
		const world = labWorld();
		const honest = createLabTransport(world, {latencyScale: 0});
		// A server that hides org.: the NSEC before it points past it.
		const lying: Transport = {
			async query(server, question, options) {
				const result = await honest.query(server, question, options);
				if (!result.ok) return result;
				const forge = (records: typeof result.message.authority) => records.map((record) => (record.data.kind === 'nsec' && record.data.next === 'org.' ? {...record, data: {...record.data, next: 'sm.'}} : record));
				return {...result, message: {...result.message, answer: forge(result.message.answer), authority: forge(result.message.authority)}};
			},
		};
		await expect(walkRootTlds(config(world, lying))).rejects.toThrow(/^the root's NSEC at net\. does not validate \(invalid: .*\), so the list of TLDs cannot be trusted$/u);
	});

	it('refuses a root signed with NSEC3, and anchors that vouch for no key of the root', async () => {
		const spec = structuredClone(INTERNET);
		const root = spec.zones.find((zone) => zone.origin === '.')!;
		root.signing = {...root.signing!, nsec3: {iterations: 0}};
		const hashed = buildWorld(spec);
		await expect(walkRootTlds(config(hashed))).rejects.toThrow(new RootWalkError('the root is signed with NSEC3: its names are hashed, and cannot be listed by walking its chain'));
		const world = labWorld();
		const otherKey = {...config(world), anchors: {source: 'another lab', records: hashed.trustAnchor}};
		await expect(walkRootTlds(otherKey)).rejects.toThrow('no DNSKEY of the root matches the trust anchors (another lab): its NSEC chain cannot be validated');
	});
});
