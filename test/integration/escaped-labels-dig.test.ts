import {execFile} from 'node:child_process';
import {promisify} from 'node:util';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {createNetworkTransport} from '../../source/dns/network-transport.js';
import {presentRecord} from '../../source/dns/present.js';
import {HOSTILE, HOSTILE_ESCAPED_LABELS} from '../../source/lab/hostile-world.js';
import {serveLab, type RunningLab} from '../../source/lab/loopback-server.js';
import {buildWorld} from '../../source/lab/world.js';
import type {Trace} from '../../source/trace/model.js';
import {walk} from '../../source/trace/walk.js';
import {missingTools, titled} from '../helpers/tools.js';

/*
 * Names with labels a name's text must escape (the hostile lab's generated family), printed by dig and by digdeeper
 * from the same servers on loopback: the same text, byte for byte once white space is evened out.
 */

const missing = missingTools('dig');
const run = promisify(execFile);
/** A port of its own, apart from the other loopback suites (5391, 5392, 5394). */
const PORT = 5398;
const world = buildWorld(HOSTILE);
let lab: RunningLab | undefined;

beforeAll(async () => {
	if (!missing) lab = await serveLab(world, {port: PORT, latencyScale: 0});
});
afterAll(async () => {
	await lab?.close();
});

const words = (line: string) => line.trim().split(/\s+/u).join(' ');
const serverAddress = (name: string) => world.servers.find((server) => server.name === name)!.addresses[0]!;

/** What dig prints of the records in one response, with the sections asked for. */
async function dig(server: string, name: string, sections: string[]): Promise<string[]> {
	const {stdout} = await run('dig', [`@${server}`, '-p', String(PORT), '+norecurse', '+noall', ...sections.map((section) => `+${section}`), name, 'A'], {timeout: 10_000});
	return stdout.split('\n').filter((line) => line.trim() !== '' && !line.startsWith(';')).map(words);
}

/** What digdeeper shows of the same response, taken from its own trace over loopback. */
function shown(trace: Trace, server: string, name: string, sections: Array<'answer' | 'authority' | 'additional'>): string[] {
	const probe = trace.zones.flatMap((zone) => zone.servers).filter((entry) => entry.address === server).flatMap((entry) => entry.probes).find((entry) => entry.question.name === name && entry.question.type === 'A');
	return sections.flatMap((section) => probe?.response?.[section] ?? []).filter((record) => record.type !== 'OPT').map((record) => words(presentRecord(record)));
}

const traced = (name: string) => walk({name, type: 'A'}, {transport: createNetworkTransport(), hints: world.hints, port: PORT, families: [4], timeoutMs: 500, retries: 0, dnssec: false});

describe.skipIf(missing)(titled('dig and digdeeper print names with escaped labels alike', missing), () => {
	for (const variant of HOSTILE_ESCAPED_LABELS.filter((entry) => entry.name === entry.shows || entry.title.includes('CNAME'))) {
		it(`${variant.name}: ${variant.title}`, async () => {
			const zone = variant.name.slice(variant.name.indexOf('.x') + 1);
			const server = serverAddress(`ns1.${zone}`);
			const trace = await traced(variant.name);
			const ours = shown(trace, server, variant.name, ['answer']);
			expect(ours.join('\n')).toContain(variant.shows);
			expect(ours).toEqual(await dig(server, variant.name, ['answer']));
		});
	}

	for (const variant of HOSTILE_ESCAPED_LABELS.filter((entry) => entry.title.includes('NS target') || entry.notBelow)) {
		it(`the referral for ${variant.name}: ${variant.title}`, async () => {
			const zone = variant.name.slice('www.child.'.length);
			const server = serverAddress(`ns1.${zone}`);
			const trace = await traced(variant.name);
			const ours = shown(trace, server, variant.name, ['authority', 'additional']);
			expect(ours.join('\n')).toContain(variant.shows);
			expect(ours).toEqual(await dig(server, variant.name, ['authority', 'additional']));
		});
	}
});
