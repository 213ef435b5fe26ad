import {mkdtemp, readFile, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {generateRoot} from '../../source/lab/generated-root.js';
import {cli} from '../helpers/cli.js';

// A time-out long enough that a loaded machine never makes a live lab server look dead: only dead ones time out.
// No pacing: the lab does not mind, and a busy machine's queue at the shared root servers must not turn into time-outs.
const LAB = ['--lab', '--lab-tlds', '40', '--latency-scale', '0', '--timeout', '4000', '--retries', '0', '--rate', '1000'];

async function tldList(): Promise<{dir: string; list: string}> {
	const dir = await mkdtemp(path.join(tmpdir(), 'digdeeper-survey-files-'));
	const list = path.join(dir, 'tlds.txt');
	await writeFile(list, `${generateRoot({tlds: 40}).truth.map((tld) => tld.tld).join('\n')}\n`);
	return {dir, list};
}

type Line = {zone?: string; surveyedAt?: string; findings?: Array<{code: string; since: string}>; summary: Record<string, unknown> & {probes?: {shared?: number}}};
const lines = (text: string) => text.trim().split('\n').map((line) => JSON.parse(line) as Line);

/** A survey's zone objects without what depends on the run (when each was surveyed, what the share answered), in canonical order. */
function zonesWithoutTiming(text: string): string[] {
	return lines(text)
		.filter((line) => line.zone !== undefined)
		.map((line) => {
			delete line.surveyedAt;
			for (const finding of line.findings ?? []) delete (finding as {since?: string}).since;
			delete line.summary.probes!.shared;
			return JSON.stringify(line);
		})
		.sort();
}

describe('digdeeper survey --shard and survey merge', () => {
	it('four shards merged are the one-shard survey of the lab, timing aside', async () => {
		const {dir, list} = await tldList();
		const whole = await cli('survey', ...LAB, '--json', '--file', list);
		expect(whole.code).toBe(0);
		const parts: string[] = [];
		for (const shard of ['1/4', '2/4', '3/4', '4/4']) {
			const part = await cli('survey', ...LAB, '--json', '--shard', shard, '--file', list);
			expect(part.code).toBe(0);
			expect(lines(part.stdout).at(-1)!.summary).toMatchObject({shard: {index: Number(shard[0]), count: 4}, list: {zones: 40}});
			parts.push(path.join(dir, `part${shard[0]}.ndjson`));
			await writeFile(parts.at(-1)!, part.stdout);
		}
		const partSizes = await Promise.all(parts.map(async (part) => lines(await readFile(part, 'utf8')).length - 1));
		expect(partSizes).toEqual([6, 13, 10, 11]);
		const merged = await cli('survey', 'merge', ...parts.reverse());
		expect(merged.code).toBe(0);
		expect(zonesWithoutTiming(merged.stdout)).toEqual(zonesWithoutTiming(whole.stdout));
		// Zones in canonical order, the counts those of the unsharded survey.
		const mergedZones = lines(merged.stdout).flatMap((line) => line.zone ?? []);
		expect(mergedZones).toEqual([...mergedZones].sort());
		const count = ({zones, worst, list: listed}: Record<string, unknown>) => ({zones, worst, listed});
		expect(count(lines(merged.stdout).at(-1)!.summary)).toEqual(count(lines(whole.stdout).at(-1)!.summary));
		expect(lines(merged.stdout).at(-1)!.summary).toMatchObject({zones: 40, worst: {error: 0, warning: 6, info: 0, clean: 34}, parts: 4});

		expect(await cli('survey', 'merge', parts[0]!, parts[1]!, parts[1]!)).toMatchObject({code: 2, stderr: `digdeeper: ${parts[1]} and ${parts[1]} are both shard 3/4: give each part once\n`});
		expect(await cli('survey', 'merge', parts[0]!, parts[1]!)).toMatchObject({code: 2, stderr: 'digdeeper: incomplete: shards 1/4, 2/4 missing\n'});
		const cut = path.join(dir, 'cut.ndjson');
		await writeFile(cut, (await readFile(parts[0]!, 'utf8')).slice(0, -20));
		expect(await cli('survey', 'merge', cut, ...parts.slice(1))).toMatchObject({code: 2, stderr: `digdeeper: ${cut} line 12: cut short (no newline at its end): an interrupted survey?\n`});
		expect(await cli('survey', '--lab', '--shard', '5/4', 'com.')).toMatchObject({code: 2, stderr: 'digdeeper: invalid --shard 5/4: K is 1 to N (4)\n'});
	}, 120_000);
});

describe('digdeeper survey --report --since and survey diff', () => {
	it('writes the morning mail, carrying first-seen times from the previous survey into the record beside the snapshots', async () => {
		const {dir, list} = await tldList();
		const first = await cli('survey', ...LAB, '--json', '--file', list);
		// Yesterday's record, edited as if ruja. had been broken for two days, sifi.'s expired signatures not yet seen,
		// and tenojo. broken then and fine now.
		const old = '2026-11-28T06:00:00.000Z';
		const edited = lines(first.stdout).map((line) => {
			if (line.zone === 'ruja.') for (const finding of line.findings!) finding.since = old;
			if (line.zone === 'sifi.') Object.assign(line, {findings: [], summary: {...line.summary, worst: 'clean'}});
			if (line.zone === 'tenojo.') Object.assign(line, {findings: [{code: 'LAME_DELEGATION', severity: 'error', zone: 'tenojo.', servers: ['127.80.9.9'], message: 'tenojo.: \u001b[31mlame\u001b[0m', since: old}], summary: {...line.summary, worst: 'error'}});
			return line;
		});
		// The summary counted again, as an edit that is to be read must (the reader checks the counts against the zones).
		const closing = edited.at(-1)! as unknown as {summary: {worst: Record<string, number>}};
		closing.summary.worst = {error: 0, warning: 0, info: 0, clean: 0};
		for (const line of edited.slice(0, -1)) closing.summary.worst[line.summary!.worst as string]! += 1;
		const previous = path.join(dir, 'previous.ndjson');
		await writeFile(previous, `${edited.map((line) => JSON.stringify(line)).join('\n')}\n`);
		const out = path.join(dir, 'today');
		const mail = await cli('survey', ...LAB, '--file', list, '-o', out, '--report', '--since', previous);
		expect(mail.code).toBe(0);
		expect(mail.stdout).toMatch(/^# DNS survey: 40 zones, \d{4}-\d\d-\d\d \d\d:\d\d UTC\n/u);
		expect(mail.stdout).toContain('- Zones: 0 with errors, 6 with warnings at worst, 0 with notes at worst, 34 clean');
		expect(mail.stdout).toContain(`(\`${previous}\`): 1 new problem, 1 resolved, 5 still there`);
		expect(mail.stdout).toMatch(/\*\*`ruja\.`\*\*: 3\/4 servers answering, serial 2024101577, DNSSEC secure\n- WARNING UPWARD_REFERRAL, since 2026-11-28 06:00 UTC \(\d+ days\): ruja\.: d\.nic\.ruja\. \(127\.80\.49\.1\) refers back up the tree/u);
		expect(mail.stdout).toContain('- WARNING RRSIG_EXPIRED, new: sifi.');
		expect(mail.stdout).toContain('- `tenojo.` ERROR LAME_DELEGATION (there since 2026-11-28 06:00 UTC): tenojo.: \\027\\[31mlame\\027\\[0m');
		expect(mail.stdout).not.toContain('\u001b');

		// The record beside the snapshots carries ruja.'s first-seen time on, for tomorrow's --since.
		const record = lines(await readFile(path.join(out, 'survey.ndjson'), 'utf8'));
		expect(record.find((line) => line.zone === 'ruja.')!.findings![0]!.since).toBe(old);
		expect(record.find((line) => line.zone === 'sifi.')!.findings![0]!.since).toBe(record.find((line) => line.zone === 'sifi.')!.surveyedAt);
		expect(record.at(-1)!.summary).toMatchObject({zones: 40, lab: 'generated root: --lab-tlds 40', dnssec: true, list: {zones: 40}});

		// The same comparison on its own, against the directory: the zones its record lists, each read from its snapshot.
		const diff = await cli('survey', 'diff', previous, out);
		expect(diff.code).toBe(0);
		const diffLines = diff.stdout.trim().split('\n');
		expect(diffLines.filter((line) => /^(?:NEW|RESOLVED|STILL) /u.test(line)).map((line) => line.split(/\s+/u).slice(0, 4).join(' ').replace(/:$/u, ''))).toEqual([
			'NEW sifi. WARNING RRSIG_EXPIRED',
			'RESOLVED tenojo. ERROR LAME_DELEGATION',
			'STILL dojogu. WARNING SERVER_TIMEOUT',
			'STILL famisi. WARNING UPWARD_REFERRAL',
			'STILL mine. WARNING DNSSEC_PARTIAL',
			'STILL noka. WARNING UPWARD_REFERRAL',
			'STILL ruja. WARNING UPWARD_REFERRAL',
		]);
		expect(diffLines.at(-1)).toBe(';; 1 new, 1 resolved, 5 still there; 0 zones added, 0 dropped');
		const json = await cli('survey', 'diff', previous, path.join(out, 'survey.ndjson'), '--json');
		expect(JSON.parse(json.stdout)).toMatchObject({added: [{zone: 'sifi.', code: 'RRSIG_EXPIRED'}], resolved: [{zone: 'tenojo.', message: 'tenojo.: \u001b[31mlame\u001b[0m'}], zonesAdded: [], zonesDropped: []});
		expect(json.stdout).not.toContain('\u001b');

		// The directory opened again: each zone judged again from its snapshot, worst first, as the survey listed them.
		const opened = await cli('open', out);
		expect(opened.code).toBe(0);
		const openedLines = opened.stdout.trim().split('\n');
		expect(openedLines.filter((line) => !line.startsWith(';;'))).toHaveLength(40);
		expect(openedLines.slice(0, 6).map((line) => line.split(/\s+/u)[0])).toEqual(['dojogu.', 'famisi.', 'mine.', 'noka.', 'ruja.', 'sifi.']);
		expect(openedLines.at(-2)).toMatch(/^;; SURVEY: 40 zones in [\d.]+ m?s: 0 with errors, 6 with warnings at worst, 0 with notes at worst, 34 clean$/u);
		const openedJson = lines((await cli('open', out, '--json')).stdout);
		expect(openedJson.find((line) => line.zone === 'ruja.')!.findings![0]!.since).toBe(old);
		expect(openedJson.at(-1)!.summary).toMatchObject({zones: 40, worst: {error: 0, warning: 6, info: 0, clean: 34}});
		const at = await cli('open', out, '--at', '+1d');
		expect([at.code, at.stderr.trim()]).toEqual([2, `digdeeper: ${out} is a survey's directory: --at is for one snapshot (open one of its zones' files)`]);
	}, 120_000);

	it('refuses what it cannot use with one line and exit status 2', async () => {
		const {dir} = await tldList();
		const bogus = path.join(dir, 'bogus.ndjson');
		await writeFile(bogus, '{"zone":"com."}\n');
		expect(await cli('survey', 'diff', bogus, bogus)).toMatchObject({code: 2, stderr: `digdeeper: ${bogus} line 1: not a digdeeper survey: no "schema": "digdeeper/survey@1"\n`});
		expect(await cli('survey', 'diff', bogus)).toMatchObject({code: 2, stderr: 'digdeeper: survey diff takes two surveys: digdeeper survey diff PREVIOUS CURRENT (each NDJSON or -o DIR)\n'});
		expect(await cli('survey', '--lab', '--since', bogus, '--text', 'com.')).toMatchObject({code: 2, stderr: 'digdeeper: --since only applies with --report, --json or --output: it carries first-seen times into the survey\'s record and compares with it\n'});
		expect(await cli('survey', '--lab', '--format', 'text', 'com.')).toMatchObject({code: 2, stderr: 'digdeeper: --format only applies to --report\n'});
		expect((await cli('survey', '--lab', '--report', '--json', 'com.')).code).toBe(2);
		expect(await cli('survey', '--lab', '--report', '--since', dir, 'com.')).toMatchObject({code: 2, stderr: `digdeeper: ${dir}: no survey.ndjson in it: not the -o DIR of a completed survey (an interrupted one writes none)\n`});
	});
});
