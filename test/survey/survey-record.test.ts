import {describe, expect, it} from 'vitest';
import {listDigest, parseShard, shardOf, zonesOfShard} from '../../source/survey/shard.js';
import {compareSurveys, surveyProblems, zoneFirstSeen} from '../../source/survey/survey-compare.js';
import {mergeSurveys} from '../../source/survey/survey-merge.js';
import {MAX_SURVEY_LINE_BYTES, parseSurveyRecord, summaryRecordJson, zoneRecordJson, type SurveySummaryRecord, type SurveyZoneRecord} from '../../source/survey/survey-record.js';
import {renderSurveyReport} from '../../source/text/survey-report.js';

const MORNING = '2026-11-30T06:00:00.000Z';

function zone(name: string, findings: Array<Partial<SurveyZoneRecord['findings'][number]> & {code: string}> = [], surveyedAt = MORNING): SurveyZoneRecord {
	const full = findings.map((finding) => ({severity: 'warning' as const, zone: name, servers: ['127.80.1.1'], message: `${name}: ${finding.code.toLowerCase()}`, since: surveyedAt, ...finding}));
	return {zone: name, surveyedAt, servers: {answering: 3, total: 4}, findings: full, summary: {serials: [2024101501], dnssec: 'secure', probes: {total: 120, shared: 60}, worst: full[0]?.severity ?? 'clean'}};
}

function summary(zones: readonly SurveyZoneRecord[], extra: Partial<SurveySummaryRecord> = {}): SurveySummaryRecord {
	const worst = {error: 0, warning: 0, info: 0, clean: 0};
	for (const record of zones) worst[record.summary.worst]++;
	return {zones: zones.length, worst, queriesSent: 100, queriesShared: 50, peakInFlight: 12, durationMs: 900, startedAt: MORNING, endedAt: '2026-11-30T06:00:01.000Z', list: {zones: zones.length, digest: listDigest(zones.map((record) => record.zone))}, dnssec: true, tool: {name: 'digdeeper', version: '0.1.0'}, ...extra};
}

const ndjson = (zones: readonly SurveyZoneRecord[], closing = summary(zones)) => `${[...zones.map(zoneRecordJson), summaryRecordJson(closing)].join('\n')}\n`;

describe('a survey record read back', () => {
	it('gives back every zone and the summary as written', () => {
		const zones = [zone('bw.', [{code: 'SERIAL_MISMATCH', severity: 'error', since: '2026-11-28T06:00:00.000Z'}]), zone('com.')];
		const read = parseSurveyRecord(ndjson(zones), 'today.ndjson');
		expect(read.zones).toEqual(zones);
		expect(read.summary.worst).toEqual({error: 1, warning: 0, info: 0, clean: 1});
		expect(read.summary.list.digest).toBe(listDigest(['com.', 'bw.']));
	});

	it("refuses a summary whose counts are not its zones': a monitor reads its exit status from them", () => {
		const zones = [zone('bw.', [{code: 'SERIAL_MISMATCH', severity: 'error'}]), zone('com.')];
		const claimed = summary(zones, {worst: {error: 0, warning: 0, info: 0, clean: 2}});
		expect(() => parseSurveyRecord(ndjson(zones, claimed), 'calm.ndjson')).toThrow('calm.ndjson line 3: the summary counts 0 zones whose worst is error, and the file has 1');
	});

	it('keeps --at in the summary, and refuses one that is no moment or offset', () => {
		const zones = [zone('com.')];
		expect(parseSurveyRecord(ndjson(zones, summary(zones, {validateAt: '+2592000s'})), 'ahead.ndjson').summary.validateAt).toBe('+2592000s');
		expect(() => parseSurveyRecord(ndjson(zones, summary(zones, {validateAt: 'tomorrow\u001b[31m'})), 'odd.ndjson')).toThrow(/^odd\.ndjson line 2: damaged summary: not an --at moment or offset/u);
	});

	it('refuses a line cut short, naming the file and the line', () => {
		const text = ndjson([zone('bw.'), zone('com.')]);
		expect(() => parseSurveyRecord(text.slice(0, -40), 'cut.ndjson')).toThrow('cut.ndjson line 3: cut short (no newline at its end): an interrupted survey?');
		const firstTwo = text.split('\n').slice(0, 2).join('\n');
		expect(() => parseSurveyRecord(`${firstTwo}\n`, 'stopped.ndjson')).toThrow('stopped.ndjson: ends before its summary object: an interrupted survey?');
		expect(() => parseSurveyRecord(`${firstTwo.slice(0, 50)}\n${text}`, 'torn.ndjson')).toThrow(/^torn\.ndjson line 1: not JSON \(/u);
	});

	it('refuses a line longer than any zone a survey writes, before parsing it', () => {
		const huge = JSON.stringify({...JSON.parse(zoneRecordJson(zone('bw.'))), findings: [{code: 'X', severity: 'error', zone: 'bw.', servers: [], message: 'a'.repeat(MAX_SURVEY_LINE_BYTES), since: MORNING}]});
		expect(() => parseSurveyRecord(`${huge}\n`, 'huge.ndjson')).toThrow('huge.ndjson line 1: longer than 1 MB: not a zone a survey wrote');
	});

	it('refuses wrong types and shapes, saying where in the line', () => {
		const line = JSON.parse(zoneRecordJson(zone('bw.', [{code: 'SERIAL_MISMATCH'}]))) as Record<string, unknown>;
		const closing = summaryRecordJson(summary([zone('bw.')]));
		const withLine = (changed: Record<string, unknown>) => `${JSON.stringify(changed)}\n${closing}\n`;
		expect(() => parseSurveyRecord(withLine({...line, servers: {answering: '3', total: 4}}), 'f')).toThrow('f line 1: damaged zone: Invalid input: expected number, received string (where: servers.answering)');
		expect(() => parseSurveyRecord(withLine({...line, servers: {answering: 5, total: 4}}), 'f')).toThrow('f line 1: damaged zone: more servers answering than there are (where: servers)');
		expect(() => parseSurveyRecord(withLine({...line, surveyedAt: 'yesterday'}), 'f')).toThrow('(where: surveyedAt)');
		expect(() => parseSurveyRecord(withLine({...line, zone: 'BW'}), 'f')).toThrow('not a zone name as a survey writes one');
		expect(() => parseSurveyRecord(withLine({...line, schema: 'digdeeper/survey@9'}), 'f')).toThrow('f line 1: format digdeeper/survey@9 is not one this version reads (it reads digdeeper/survey@1)');
		expect(() => parseSurveyRecord('[1,2]\n', 'f')).toThrow('f line 1: not a JSON object');
		expect(() => parseSurveyRecord('', 'f')).toThrow('f: empty: not a survey');
		expect(() => parseSurveyRecord(`${zoneRecordJson(zone('bw.'))}\n${summaryRecordJson(summary([]))}\n`, 'f')).toThrow('f line 2: the summary counts 0 zones, and the file has 1');
		expect(() => parseSurveyRecord(`${closing}\n${zoneRecordJson(zone('bw.'))}\n`, 'f')).toThrow('f line 2: more after the summary object, which ends a survey');
	});

	it('refuses a zone listed twice', () => {
		const twice = [zone('bw.'), zone('com.'), zone('bw.')];
		expect(() => parseSurveyRecord(ndjson(twice, summary(twice)), 'twice.ndjson')).toThrow('twice.ndjson line 3: zone "bw." again (first on line 1): a survey lists each zone once');
	});

	it('keeps escape sequences in zone messages as data, and the report shows them escaped, never raw', () => {
		const hostile = zone('bw.', [{code: 'SERIAL_MISMATCH', severity: 'error', message: 'stale \u001b]0;owned\u0007 \u202e [click](http://evil) |', servers: ['ns\u001b[2J.bw.']}]);
		const read = parseSurveyRecord(ndjson([hostile]), 'hostile.ndjson');
		expect(read.zones[0]!.findings[0]!.message).toBe('stale \u001b]0;owned\u0007 \u202e [click](http://evil) |');
		const markdown = renderSurveyReport({summary: read.summary, problemZones: read.zones}, 'markdown');
		expect(markdown).not.toMatch(/[\u001b\u0007\u202e]/u);
		expect(markdown).toContain('- ERROR SERIAL_MISMATCH, first seen now: stale \\027\\]0;owned\\007 \\u{202e} \\[click\\](http\\://evil) \\| (servers: `ns\\027[2J.bw.`)');
		expect(renderSurveyReport({summary: read.summary, problemZones: read.zones}, 'text')).toContain('  ERROR SERIAL_MISMATCH, first seen now: stale \\027]0;owned\\007 \\u{202e} [click](http://evil) | (servers: ns\\027[2J.bw.)');
	});
});

describe('two surveys compared', () => {
	const yesterday = '2026-11-29T06:00:00.000Z';
	const previous = [zone('bw.', [{code: 'SERIAL_MISMATCH', severity: 'error', since: '2026-11-28T06:00:00.000Z'}], yesterday), zone('ls.', [{code: 'DNSSEC_PARTIAL'}], yesterday), zone('com.', [], yesterday), zone('gone.', [{code: 'LAME_DELEGATION'}], yesterday)];
	const current = [zone('bw.', [{code: 'SERIAL_MISMATCH', severity: 'error'}]), zone('ls.'), zone('com.', [{code: 'RRSIG_EXPIRED', severity: 'error'}, {code: 'NSID_MISSING', severity: 'info'}]), zone('td.')];

	it('says what is new, what was resolved, what is still broken and since when, and which zones came and went', () => {
		const comparison = compareSurveys(surveyProblems(yesterday, previous), surveyProblems(MORNING, current));
		expect(comparison.added.map((problem) => `${problem.zone} ${problem.code}`)).toEqual(['com. RRSIG_EXPIRED']);
		expect(comparison.resolved.map((problem) => `${problem.zone} ${problem.code} ${problem.since}`)).toEqual([`ls. DNSSEC_PARTIAL ${yesterday}`]);
		expect(comparison.still.map((problem) => `${problem.zone} ${problem.code} ${problem.since}`)).toEqual(['bw. SERIAL_MISMATCH 2026-11-28T06:00:00.000Z']);
		expect(comparison).toMatchObject({zonesAdded: ['td.'], zonesDropped: ['gone.']});
	});

	it('carries the first-seen time of a zone and code forward, and only that', () => {
		const seen = new Map(previous.map((record) => [record.zone, zoneFirstSeen(record)]));
		expect(seen.get('bw.')?.get('SERIAL_MISMATCH error bw.')).toBe('2026-11-28T06:00:00.000Z');
		expect(seen.get('com.')?.get('RRSIG_EXPIRED error com.')).toBeUndefined();
	});

	it('reads a warning that became an error, or a finding now about another zone, as a new problem with a new first-seen time', () => {
		const before = [zone('sifi.', [{code: 'RRSIG_EXPIRED', severity: 'warning', since: '2026-11-20T06:00:00.000Z'}], yesterday), zone('mufi.', [{code: 'NS_NAME_UNRESOLVABLE', zone: 'mufi.', since: '2026-11-20T06:00:00.000Z'}], yesterday)];
		const after = [zone('sifi.', [{code: 'RRSIG_EXPIRED', severity: 'error'}]), zone('mufi.', [{code: 'NS_NAME_UNRESOLVABLE', zone: 'pch.net.'}])];
		const comparison = compareSurveys(surveyProblems(yesterday, before), surveyProblems(MORNING, after));
		expect(comparison.added.map((problem) => `${problem.zone} ${problem.code} ${problem.severity} ${problem.since}`)).toEqual([`mufi. NS_NAME_UNRESOLVABLE warning ${MORNING}`, `sifi. RRSIG_EXPIRED error ${MORNING}`]);
		expect(comparison.resolved.map((problem) => `${problem.zone} ${problem.code} ${problem.severity}`)).toEqual(['mufi. NS_NAME_UNRESOLVABLE warning', 'sifi. RRSIG_EXPIRED warning']);
		expect(comparison.still).toEqual([]);
		expect(zoneFirstSeen(before[0]!).get('RRSIG_EXPIRED error sifi.')).toBeUndefined();
	});

	it('puts it in the morning mail: errors first with the servers, then warnings, then what was resolved', () => {
		const comparison = compareSurveys(surveyProblems(yesterday, previous), surveyProblems(MORNING, current));
		const problemZones = current.filter((record) => record.findings.length > 0 && record.summary.worst !== 'info');
		const mail = renderSurveyReport({summary: summary(current), problemZones, since: {comparison, file: 'yesterday.ndjson'}}, 'markdown');
		expect(mail).toContain('- Since the survey of 2026-11-29 06:00 UTC (`yesterday.ndjson`): 1 new problem, 1 resolved, 1 still there');
		expect(mail).toContain('## Errors: 2 zones');
		expect(mail).toContain('- ERROR SERIAL_MISMATCH, since 2026-11-28 06:00 UTC (2 days): bw.: serial\\_mismatch (servers: `127.80.1.1`)');
		expect(mail).toContain('- ERROR RRSIG_EXPIRED, new: com.: rrsig\\_expired (servers: `127.80.1.1`)');
		expect(mail).toContain('- `ls.` WARNING DNSSEC_PARTIAL (there since 2026-11-29 06:00 UTC): ls.: dnssec\\_partial');
		expect(mail).toContain('- Surveyed for the first time: `td.`');
		expect(mail.indexOf('## Errors')).toBeLessThan(mail.indexOf('## Warnings'));
		expect(mail).not.toContain('NSID_MISSING');
	});
});

describe('shards', () => {
	const list = Array.from({length: 200}, (_, index) => `zone${index}.`);

	it('cut a list into disjoint parts that cover it, the same on every run', () => {
		const parts = [1, 2, 3, 4].map((index) => zonesOfShard(list, {index, count: 4}));
		expect(parts.flat().sort()).toEqual([...list].sort());
		expect(parts.every((part) => part.length > 30)).toBe(true);
		expect(shardOf('com.', 4)).toBe(shardOf('com.', 4));
		// Pinned: a shard is a contract between jobs run by different versions; its hash must never change.
		expect([shardOf('com.', 4), shardOf('bw.', 4), shardOf('xn--mgbai9azgqp6j.', 4)]).toEqual([4, 2, 4]);
	});

	it('are typed K/N, K from 1 to N', () => {
		expect(parseShard('2/4')).toEqual({index: 2, count: 4});
		expect(parseShard('0/4')).toBe('invalid --shard 0/4: K is 1 to N (4)');
		expect(parseShard('5/4')).toBe('invalid --shard 5/4: K is 1 to N (4)');
		expect(parseShard('1/0')).toBe('invalid --shard 1/0: N is 1 to 100000');
		expect(parseShard('two')).toBe('invalid --shard two: give K/N, the Kth of N parts (1/4 … 4/4)');
	});

	const partOf = (index: number) => {
		const zones = zonesOfShard(list.slice(0, 12), {index, count: 3}).map((name) => zone(name, name === 'zone3.' ? [{code: 'LAME_DELEGATION', severity: 'error'}] : []));
		return {file: `part${index}.ndjson`, record: {zones, summary: summary(zones, {shard: {index, count: 3}, list: {zones: 12, digest: listDigest(list.slice(0, 12))}, queriesSent: 10 * index, durationMs: 100 * index, peakInFlight: index})}};
	};

	it('merge into the whole list: zones by name, counts summed, run measurements combined', () => {
		const merged = mergeSurveys([partOf(3), partOf(1), partOf(2)]);
		expect(merged.zones.map((record) => record.zone)).toEqual([...list.slice(0, 12)].sort());
		expect(merged.summary).toMatchObject({zones: 12, worst: {error: 1, warning: 0, info: 0, clean: 11}, queriesSent: 60, durationMs: 300, peakInFlight: 3, parts: 3});
		expect(merged.summary.shard).toBeUndefined();
	});

	it('refuse to merge overlapping, incomplete or foreign parts', () => {
		expect(() => mergeSurveys([partOf(1), partOf(2), partOf(2)])).toThrow('part2.ndjson and part2.ndjson are both shard 2/3: give each part once');
		expect(() => mergeSurveys([partOf(1), partOf(3)])).toThrow('incomplete: shard 2/3 missing');
		const other = partOf(2);
		other.record.summary.list = {zones: 5, digest: listDigest(['a.'])};
		expect(() => mergeSurveys([partOf(1), other, partOf(3)])).toThrow('part2.ndjson is a part of another list than part1.ndjson (5 zones against 12)');
		const wrong = partOf(2);
		wrong.record.zones.push(zone(partOf(1).record.zones[0]!.zone));
		expect(() => mergeSurveys([partOf(1), wrong, partOf(3)])).toThrow(/^part2\.ndjson says it is shard 2\/3, and zone "zone\d+\." in it belongs to shard 1\/3$/u);
		const later = partOf(2);
		later.record.summary.validateAt = '+2592000s';
		expect(() => mergeSurveys([partOf(1), later, partOf(3)])).toThrow('part2.ndjson was surveyed with other options than part1.ndjson (--lab, --no-dnssec, --at)');
		const whole = {file: 'whole.ndjson', record: {zones: [], summary: summary([])}};
		expect(() => mergeSurveys([whole])).toThrow('whole.ndjson is no shard: it was surveyed without --shard K/N');
	});
});
