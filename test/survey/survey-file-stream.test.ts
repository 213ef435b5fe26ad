import {execFileSync} from 'node:child_process';
import {createWriteStream} from 'node:fs';
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {readSurvey, readSurveyZones} from '../../source/commands/survey-file.js';
import {listDigest} from '../../source/survey/shard.js';
import {summaryRecordJson, zoneRecordJson, type SurveyZoneRecord} from '../../source/survey/survey-record.js';

const MORNING = '2026-11-30T06:00:00.000Z';

const zone = (name: string): SurveyZoneRecord => ({
	zone: name,
	surveyedAt: MORNING,
	servers: {answering: 2, total: 2},
	findings: [{code: 'LAME_DELEGATION', severity: 'error', zone: name, servers: ['127.80.1.1'], message: `${name}: lame`, since: MORNING}],
	summary: {serials: [1], dnssec: 'secure', probes: {total: 10, shared: 0}, worst: 'error'},
});

const closing = (names: string[]) =>
	summaryRecordJson({zones: names.length, worst: {error: names.length, warning: 0, info: 0, clean: 0}, queriesSent: 1, queriesShared: 0, peakInFlight: 1, durationMs: 1, startedAt: MORNING, endedAt: MORNING, list: {zones: names.length, digest: listDigest(names)}, dnssec: true, tool: {name: 'digdeeper', version: '0.1.0'}});

let dir: string | undefined;
afterEach(async () => {
	if (dir) await rm(dir, {recursive: true, force: true});
	dir = undefined;
});

describe('a survey record read as a stream', () => {
	it('gives each zone as its line arrives, before the rest of the file is written: a big record is never held whole', async () => {
		dir = await mkdtemp(path.join(tmpdir(), 'digdeeper-stream-'));
		const fifo = path.join(dir, 'survey.ndjson');
		execFileSync('mkfifo', [fifo]);
		const writer = createWriteStream(fifo);
		const seen: string[] = [];
		let firstArrived: () => void = () => {};
		const arrived = new Promise<void>((resolve) => {
			firstArrived = resolve;
		});
		const read = readSurvey(fifo, (record) => {
			seen.push(record.zone);
			firstArrived();
		});
		writer.write(`${zoneRecordJson(zone('bw.'))}\n`);
		// The rest is written only once the first zone was given: a reader that waits for the whole file never gets it.
		await arrived;
		expect(seen).toEqual(['bw.']);
		writer.end(`${zoneRecordJson(zone('ls.'))}\n${closing(['bw.', 'ls.'])}\n`);
		expect((await read).summary.zones).toBe(2);
		expect(seen).toEqual(['bw.', 'ls.']);
	});

	it('refuses a line too long, without holding more of it than the longest a survey writes', async () => {
		dir = await mkdtemp(path.join(tmpdir(), 'digdeeper-stream-'));
		const file = path.join(dir, 'long.ndjson');
		await writeFile(file, `${zoneRecordJson(zone('bw.'))}\n${'x'.repeat(3 * 1024 * 1024)}`);
		const seen: string[] = [];
		await expect(readSurvey(file, (record) => seen.push(record.zone))).rejects.toThrow(`${file} line 2: longer than 1 MB: not a zone a survey wrote`);
		expect(seen).toEqual(['bw.']);
	});

	it('refuses what the whole-file reader refuses, naming the file and the line', async () => {
		dir = await mkdtemp(path.join(tmpdir(), 'digdeeper-stream-'));
		const file = path.join(dir, 'cut.ndjson');
		await writeFile(file, `${zoneRecordJson(zone('bw.'))}\n${closing(['bw.']).slice(0, 40)}`);
		await expect(readSurvey(file, () => {})).rejects.toThrow(`${file} line 2: cut short (no newline at its end): an interrupted survey?`);
		await writeFile(file, `${zoneRecordJson(zone('bw.'))}\n`);
		await expect(readSurvey(file, () => {})).rejects.toThrow(`${file}: ends before its summary object: an interrupted survey?`);
	});

	it('refuses an -o DIR whose survey.ndjson is no regular file (a FIFO) by saying so, not that it has none', async () => {
		dir = await mkdtemp(path.join(tmpdir(), 'digdeeper-stream-'));
		execFileSync('mkfifo', [path.join(dir, 'survey.ndjson')]);
		await expect(readSurveyZones(dir, () => {})).rejects.toThrow(`${path.join(dir, 'survey.ndjson')}: not a regular file: a survey's -o DIR holds its record as one`);
		await rm(path.join(dir, 'survey.ndjson'));
		await expect(readSurveyZones(dir, () => {})).rejects.toThrow(`${dir}: no survey.ndjson in it: not the -o DIR of a completed survey (an interrupted one writes none)`);
	});
});
