import {describe, expect, it} from 'vitest';
import {withAnalysis} from '../../source/analysis/analyze.js';
import {INTERNET} from '../../source/lab/internet.js';
import {buildWorld, type WorldSpec} from '../../source/lab/world.js';
import {renderReport} from '../../source/text/report.js';
import {renderTraceText} from '../../source/text/trace-text.js';
import {byNameThenAddress} from '../../source/trace/server-order.js';
import {labTrace} from '../helpers/lab.js';

/** The lab's internet with `records` added to com.: a delegation a hostile or careless parent hands out. */
async function traceWith(name: string, records: string) {
	const spec: WorldSpec = {...INTERNET, zones: INTERNET.zones.map((zone) => (zone.origin === 'com.' ? {...zone, text: `${zone.text}\n${records}\n`} : zone))};
	const world = buildWorld(spec);
	const trace = await labTrace(name, 'A', {world, families: [4], timeoutMs: 100});
	return withAnalysis(trace, {anchors: {source: 'lab', records: world.trustAnchor}});
}

const names = (count: number) => Array.from({length: count}, (_, index) => `ns${index}.many.com.`);

describe('a zone of 300 glueless name servers named inside it', () => {
	const analysed = traceWith('www.many.com', names(300).map((ns) => `many 172800 NS ${ns}`).join('\n'));

	it('names the first eight in server order in each finding, and counts the rest', async () => {
		const {findings} = (await analysed).analysis;
		const message = (code: string) => findings.find((finding) => finding.code === code)!.message;
		const first = names(8).join(', ');
		expect(message('GLUE_MISSING')).toBe(`many.com.: the com. servers refer to ${first} and 292 more without glue, though the names are inside many.com.`);
		// The walk follows the first 20 names (ns-names-per-zone); each failed alike, and the reason is said once.
		expect(message('NS_NAME_UNRESOLVABLE')).toBe(`many.com.: ${first} and 12 more cannot be resolved (many.com. failed) — no name server of the zone can be found`);
		expect(message('ZONE_UNREACHABLE')).toBe(`many.com.: not one of its 20 name servers has an address that could be found (${first} and 12 more could not be resolved (many.com. failed))`);
		expect(message('LOOP_DETECTED')).toBe(`name-server dependency loop: reaching many.com. needs the address of ${first} and 12 more, whose look-up in turn depends on reaching many.com.`);
		// The trace keeps every name: the snapshot, and the explorer, have them all.
		expect((await analysed).trace.loops[0]!.names).toHaveLength(21);
	});

	it('makes a report of short lines, the outcome\'s reason included (it had named each of the 20 names with its reason: 14 KB)', async () => {
		const report = String(renderReport(await analysed, {format: 'text', toolVersion: 'test'}));
		const lines = report.split('\n');
		expect(lines.length).toBeLessThan(100);
		expect(Math.max(...lines.map((line) => line.length))).toBeLessThan(500);
		expect(report.length).toBeLessThan(7000);
		expect(lines.find((line) => line.startsWith('Outcome: '))).toContain(`could be reached: ${names(8).join(', ')} and 12 more could not be resolved (many.com. failed)`);
	});

	it('says in --text the names with no address once per reason', async () => {
		const text = String(renderTraceText(await analysed, {toolVersion: 'test'}));
		expect(text.split('\n').filter((line) => line.includes('no address:'))).toEqual([`  ${names(8).join(', ')} and 12 more  no address: could not be resolved (many.com. failed)`]);
	});
});

describe('a zone whose forty server addresses all time out', () => {
	// 20 names (the walk follows 20), two glued addresses each, where nothing answers.
	const hosts = Array.from({length: 40}, (_, index) => ({name: `ns${Math.floor(index / 2)}.wide.com.`, address: `127.77.249.${index + 1}`}));
	const analysed = traceWith('www.wide.com', [...new Set(hosts.map(({name}) => `wide 172800 NS ${name}`)), ...hosts.map(({name, address}) => `${name} 172800 A ${address}`)].join('\n'));

	it('shows in the report the evidence of the first 32 addresses, in server order, and counts the other eight; its message names eight', async () => {
		const report = String(renderReport(await analysed, {format: 'text', toolVersion: 'test'}));
		const section = report.slice(report.indexOf('SERVER_TIMEOUT'));
		const rows = section.split('\n').filter((line) => /^ {2}ns\d+\.wide\.com\. /u.test(line));
		expect(rows.map((row) => row.trim().split(/\s+/u).slice(0, 2).join(' '))).toEqual(hosts.sort((a, b) => byNameThenAddress(a, b)).slice(0, 32).map(({name, address}) => `${name} ${address}`));
		expect(section).toContain('And the evidence of 8 more server addresses, in the snapshot.');
		expect(section.split('\n').filter((line) => line.startsWith('  dig @127.77.249.'))).toHaveLength(32);
		const timeout = (await analysed).analysis.findings.find((finding) => finding.code === 'SERVER_TIMEOUT' && finding.zone === 'wide.com.')!;
		expect(timeout.servers).toHaveLength(40);
		// Eight servers' clauses, in server order, and a count: the finding's servers keep all forty.
		expect(timeout.message.split('; ').map((clause) => clause.replace(' never answered (46 of 46 queries timed out)', ''))).toEqual([
			'wide.com.: ns0.wide.com. (127.77.249.1)',
			...hosts.slice(1, 8).map(({name, address}) => `${name} (${address})`),
			'and 32 more',
		]);
	});
});
