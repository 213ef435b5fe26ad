import {mkdtemp, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {openSnapshot} from '../../source/commands/open-command.js';
import {prepareTrace, traceOnce, type TraceRequest} from '../../source/commands/trace-command.js';
import {serializeSnapshot} from '../../source/snapshot/write-snapshot.js';
import type {Trace} from '../../source/trace/model.js';

const request: TraceRequest = {name: 'www.shop.com', lab: true, json: false, force: false, port: 53, families: [4, 6], timeoutMs: 1500, retries: 1, dnssec: true, latencyScale: 0};

describe('a trace', () => {
	it('carries its trust anchors from its first event, so a snapshot saved while it runs is judged against them', async () => {
		const prepared = await prepareTrace(request);
		let live: Trace | undefined;
		let started: Trace | undefined;
		let running: Trace | undefined;
		await traceOnce(prepared, request, (event) => {
			if (event.type === 'started') started = structuredClone((live = event.trace));
			// Saved as `e` in the explorer would, once the root's keys are in and the walk is still going.
			if (event.type === 'probe-finished' && !running && event.probe.zone === '.' && event.probe.question.type === 'DNSKEY') running = structuredClone(live);
		});
		expect(started!.options.trustAnchorRecords).toEqual(prepared.anchors.records);
		const file = path.join(await mkdtemp(path.join(tmpdir(), 'digdeeper-running-')), 'running.json');
		await writeFile(file, serializeSnapshot({trace: running!, analysis: undefined}, {name: 'digdeeper', version: 'test'}));
		const {trace, analysis} = await openSnapshot(file);
		expect(trace.outcome.status).toBe('pending');
		expect(analysis.findings.map((finding) => finding.code)).not.toContain('DS_NO_MATCHING_DNSKEY');
	});
});
