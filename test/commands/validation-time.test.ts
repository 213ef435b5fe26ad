import {mkdtemp, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {beforeAll, describe, expect, it} from 'vitest';
import type {AnalysedTrace} from '../../source/analysis/analyze.js';
import {openSnapshot} from '../../source/commands/open-command.js';
import {prepareTrace, traceOnce, type TraceRequest} from '../../source/commands/trace-command.js';
import {parseValidationTime, resolveValidationTime} from '../../source/commands/validation-time.js';
import {serializeSnapshot} from '../../source/snapshot/write-snapshot.js';
import {renderReport} from '../../source/text/report.js';
import {renderTraceText} from '../../source/text/trace-text.js';
import {dnssecLines} from '../../source/ui/views/dnssec-view.js';

describe('--at TIME', () => {
	it('reads a moment with a zone, a date at midnight UTC, and a distance from the trace', () => {
		expect(parseValidationTime('2026-12-01T00:00:00Z')).toEqual({kind: 'moment', ms: Date.UTC(2026, 11, 1)});
		expect(parseValidationTime('2026-12-01T02:30+02:00')).toEqual({kind: 'moment', ms: Date.UTC(2026, 11, 1, 0, 30)});
		expect(parseValidationTime('2026-12-01')).toEqual({kind: 'moment', ms: Date.UTC(2026, 11, 1)});
		expect(parseValidationTime('+7d')).toEqual({kind: 'offset', ms: 7 * 86_400_000});
		expect(parseValidationTime('-1d')).toEqual({kind: 'offset', ms: -86_400_000});
		expect(resolveValidationTime(parseValidationTime('-12h'), '2026-12-01T00:00:00.000Z')).toBe('2026-11-30T12:00:00.000Z');
	});

	it('refuses anything else as a usage error that repeats what was typed', () => {
		for (const text of ['abc', '', '2026-02-31', '2026-12-01T00:00', '2026-13-01', '7d', '+1y', '+99999999d', '1969-12-31', '2026-12-01T25:00:00Z']) {
			expect(() => parseValidationTime(text), text).toThrow(`invalid --at: ${text} (give an ISO 8601 time such as 2026-12-01T00:00:00Z or 2026-12-01, or +7d/-1d from the trace's time)`);
		}
	});
});

/*
 * The lab signs its zones around the moment its keys are made: valid from an hour before to three weeks after. A
 * trace valid now is judged after that window and before it.
 */
describe('a lab trace judged at another time', () => {
	const request: TraceRequest = {name: 'www.example.com', lab: true, json: false, force: false, port: 53, families: [4], timeoutMs: 1500, retries: 1, dnssec: true, latencyScale: 0};
	let now: AnalysedTrace;
	let later: AnalysedTrace;
	let earlier: AnalysedTrace;
	beforeAll(async () => {
		const prepared = await prepareTrace(request);
		[now, later, earlier] = await Promise.all([traceOnce(prepared, request), traceOnce(prepared, {...request, at: parseValidationTime('+30d')}), traceOnce(prepared, {...request, at: parseValidationTime('-2h')})]);
	});
	const codes = ({analysis}: AnalysedTrace) => analysis.findings.map((finding) => finding.code);

	it('is secure now, bogus with RRSIG_EXPIRED after the signatures expire, RRSIG_NOT_YET_VALID before their inception', () => {
		expect(now.analysis.dnssec.outcome.status).toBe('secure');
		expect(now.trace.options.validateAt).toBeUndefined();
		expect(later.analysis.dnssec.outcome.status).toBe('bogus');
		expect(codes(later)).toContain('RRSIG_EXPIRED');
		expect(later.trace.options.validateAt).toBe(new Date(Date.parse(later.trace.startedAt) + 30 * 86_400_000).toISOString());
		expect(earlier.analysis.dnssec.outcome.status).toBe('bogus');
		expect(codes(earlier)).toContain('RRSIG_NOT_YET_VALID');
	});

	it('measures the expiry warning from that time', async () => {
		expect(codes(now)).not.toContain('RRSIG_EXPIRING_SOON');
		const nearEnd = await traceOnce(await prepareTrace(request), {...request, at: parseValidationTime('+20d')});
		expect(nearEnd.analysis.dnssec.outcome.status).toBe('secure');
		expect(codes(nearEnd)).toContain('RRSIG_EXPIRING_SOON');
	});

	it('states the time in the text, the report (and its command) and the DNSSEC view', () => {
		const at = later.trace.options.validateAt!;
		expect(renderTraceText(later, {toolVersion: 'test'}).split('\n')).toContain(`; DNSSEC judged as of ${at} (--at), not when the trace was taken (${later.trace.startedAt})`);
		const report = renderReport(later, {format: 'text', toolVersion: 'test'});
		expect(report).toContain(`\nDNSSEC judged as of ${at} (--at)\n`);
		expect(report).toContain(`digdeeper www.example.com A --lab -4 --at ${at} --no-rdap --text`);
		expect(dnssecLines(later.trace, later.analysis)[0]!.map((segment) => segment.text).join('')).toBe(`DNSSEC chain of trust — anchored in ${later.analysis.dnssec.anchors} · as of ${at} (--at)`);
		expect(renderTraceText(now, {toolVersion: 'test'})).not.toContain('judged as of');
	});

	it('keeps the time in the snapshot, which re-opens judged as of it; open --at judges a saved trace the same', async () => {
		const dir = await mkdtemp(path.join(tmpdir(), 'digdeeper-at-'));
		const [withAt, without] = [path.join(dir, 'later.json'), path.join(dir, 'now.json')];
		await writeFile(withAt, serializeSnapshot(later, {name: 'digdeeper', version: 'test'}));
		await writeFile(without, serializeSnapshot(now, {name: 'digdeeper', version: 'test'}));
		expect(JSON.parse(serializeSnapshot(later, {name: 'digdeeper', version: 'test'})).options.validateAt).toBe(later.trace.options.validateAt);
		const reopened = await openSnapshot(withAt);
		expect(reopened.trace.options.validateAt).toBe(later.trace.options.validateAt);
		expect(reopened.analysis.dnssec.outcome.status).toBe('bogus');
		expect(codes(reopened)).toContain('RRSIG_EXPIRED');
		expect((await openSnapshot(without)).analysis.dnssec.outcome.status).toBe('secure');
		const openedLater = await openSnapshot(without, parseValidationTime('+30d'));
		expect(openedLater.analysis.dnssec.outcome.status).toBe('bogus');
		expect(codes(openedLater)).toContain('RRSIG_EXPIRED');
		const openedEarlier = await openSnapshot(without, parseValidationTime(new Date(Date.parse(now.trace.startedAt) - 7_200_000).toISOString()));
		expect(codes(openedEarlier)).toContain('RRSIG_NOT_YET_VALID');
		// And back: a trace taken with --at, opened --at its own start, is what it was then.
		expect((await openSnapshot(withAt, parseValidationTime('+0s'))).analysis.dnssec.outcome.status).toBe('secure');
	});
});
