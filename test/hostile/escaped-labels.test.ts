import {describe, expect, it} from 'vitest';
import {isAtOrBelow} from '../../source/dns/name.js';
import {presentRecord} from '../../source/dns/present.js';
import {HOSTILE, HOSTILE_ESCAPED_LABELS} from '../../source/lab/hostile-world.js';
import {buildWorld} from '../../source/lab/world.js';
import type {Trace} from '../../source/trace/model.js';
import {labTrace} from '../helpers/lab.js';
import {ESCAPES, openText, saved} from '../helpers/snapshots.js';

/*
 * Labels holding a dot, a backslash, a quote, a space, a zero byte, bytes that are not UTF-8 or a master file's
 * specials, in owner names, CNAME targets, NS targets and forged glue (source/lab/hostile-variants.ts): the walk
 * keeps each label whole, so bailiwick is judged label by label, and every view shows the name as dig prints it.
 */

const world = buildWorld(HOSTILE);

const askedAddresses = (trace: Trace) => new Set(trace.zones.flatMap((zone) => zone.servers.flatMap((server) => [server.address, ...server.probes.map((probe) => probe.address)])));
const answerAddresses = (trace: Trace) => trace.outcome.records.flatMap((record) => (record.data.kind === 'address' ? [record.data.address] : []));
/** Every record of every response, as dig's answer section shows it. */
const digLines = (trace: Trace) => trace.zones.flatMap((zone) => zone.servers.flatMap((server) => server.probes.flatMap((probe) => [...(probe.response?.answer ?? []), ...(probe.response?.authority ?? []), ...(probe.response?.additional ?? [])].map((record) => presentRecord(record)))));

describe('labels a name\'s text must escape', () => {
	it('are a family of at least 20 variants', () => {
		expect(HOSTILE_ESCAPED_LABELS.length).toBeGreaterThanOrEqual(20);
	});

	for (const variant of HOSTILE_ESCAPED_LABELS) {
		it(`${variant.name}: ${variant.title}`, async () => {
			const trace = await labTrace(variant.name, 'A', {world, families: [4], timeoutMs: 100});
			expect(trace.outcome.status).toBe('answer');
			expect(answerAddresses(trace)).toEqual(variant.answer);
			const asked = askedAddresses(trace);
			for (const address of variant.forgedAddresses) expect(asked.has(address), `${address} was asked`).toBe(false);
			if (variant.notBelow) {
				// `ns1\.child.x.evil.` reads as `ns1.child.x.evil.` once its labels are joined: it is not that server.
				expect(isAtOrBelow(variant.notBelow.name, variant.notBelow.zone)).toBe(false);
				const child = trace.zones.find((zone) => zone.name === variant.notBelow!.zone)!;
				expect(child.nameservers.map((ns) => ns.name)).not.toContain(variant.notBelow.name);
				expect(child.nameservers.flatMap((ns) => ns.addresses.map((entry) => entry.address))).not.toContain(variant.forgedAddresses[0]);
			}
			// The name travels as dig prints it: in the records as dig shows them, and whole through a snapshot.
			expect(digLines(trace).some((line) => line.startsWith(`${variant.shows}\t`) || line.endsWith(` ${variant.shows}`) || line.endsWith(`\t${variant.shows}`))).toBe(true);
			const opened = openText(saved(trace, world));
			if ('line' in opened) throw new Error(`the snapshot was refused: ${opened.line}`);
			expect(opened.opened.trace.outcome).toEqual(trace.outcome);
			expect(digLines(opened.opened.trace)).toEqual(digLines(trace));
			expect(opened.text).not.toMatch(ESCAPES);
			expect(opened.text).toContain(variant.name === variant.shows ? `${variant.shows} A` : variant.name);
		});
	}
});
