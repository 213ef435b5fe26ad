import {readFile, stat} from 'node:fs/promises';
import {withAnalysis} from '../analysis/analyze.js';
import {IANA_ROOT_ANCHORS} from '../analysis/dnssec/trust-anchors.js';
import {MAX_SNAPSHOT_BYTES, parseSnapshot, serializeSnapshot} from '../snapshot/snapshot.js';
import {renderTraceText} from '../text/trace-text.js';
import type {Trace} from '../trace/model.js';
import {TOOL} from '../version.js';
import {UsageError} from './usage-error.js';

/**
 * Reads a snapshot from another machine or an older version: validated, responses decoded again from the raw
 * bytes, findings recomputed by this version's analysis, with the trust anchors the trace was taken with.
 */
export async function openSnapshot(file: string): Promise<Trace> {
	let size;
	try {
		size = (await stat(file)).size;
	} catch (error) {
		throw new UsageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
	}
	if (size > MAX_SNAPSHOT_BYTES) throw new UsageError(`${file}: snapshot too large (${size} bytes; the limit is ${MAX_SNAPSHOT_BYTES})`);
	const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
		throw new UsageError(`cannot read ${file}: ${error.code ?? error.message}`);
	});
	const {trace} = parseSnapshot(text);
	const records = trace.options.trustAnchorRecords;
	const anchors = records && records.length > 0 ? {source: trace.options.trustAnchor ?? 'recorded in the snapshot', records} : IANA_ROOT_ANCHORS;
	return withAnalysis({...trace, findings: []}, {anchors});
}

export async function runOpen(file: string, options: {json: boolean}, io: {stdout: (text: string) => void}): Promise<Trace> {
	const trace = await openSnapshot(file);
	io.stdout(options.json ? serializeSnapshot(trace, TOOL) : renderTraceText(trace, {toolVersion: TOOL.version}));
	return trace;
}
