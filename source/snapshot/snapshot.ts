import {decodeMessage} from '../dns/codec.js';
import type {Probe, Trace} from '../trace/model.js';
import {rederiveTrace} from '../trace/rederive.js';
import {describeSchemaError, snapshotSchema, type SnapshotFile} from './schema.js';
import {SNAPSHOT_SCHEMA} from './write-snapshot.js';

export {SNAPSHOT_SCHEMA, serializeSnapshot} from './write-snapshot.js';

export class SnapshotError extends Error {
	override name = 'SnapshotError';
}

/** Snapshots larger than this are refused before parsing: a real trace of an ordinary name is well under 1 MB. */
export const MAX_SNAPSHOT_BYTES = 64 * 1024 * 1024;

/**
 * Turns a parsed snapshot back into the model the walk produced. The file is validated first; responses are
 * decoded again from their raw bytes (the source of truth), never taken from the file's decoded form, and what the
 * walk concluded from them (each probe's kind, each step's result, every outcome) is judged again: the file's
 * outcome and findings are written for other readers and never read back.
 */
export function fromSnapshot(data: unknown): {trace: Trace; tool: {name: string; version: string}} {
	if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new SnapshotError('not a digdeeper snapshot: the top level is not an object');
	const schema = (data as {schema?: unknown}).schema;
	if (typeof schema !== 'string' || !schema.startsWith('digdeeper/snapshot@')) {
		throw new SnapshotError('not a digdeeper snapshot: no "schema": "digdeeper/snapshot@N" field');
	}
	if (schema !== SNAPSHOT_SCHEMA) throw new SnapshotError(`snapshot format ${schema} is not supported by this version (it reads ${SNAPSHOT_SCHEMA})`);
	const parsed = snapshotSchema.safeParse(data);
	if (!parsed.success) throw new SnapshotError(`damaged snapshot: ${describeSchemaError(parsed.error)}`);
	// The schema has no transforms, so the checked input is the value: use it rather than zod's deep copy, which
	// would double the memory of a large snapshot.
	const {schema: _schema, tool, messages, zones, outcome: _outcome, findings: _findings, dnssec: _dnssec, dependencies: _dependencies, ...rest} = data as SnapshotFile;
	const restored = zones.map((zone, zoneIndex) => ({
		...zone,
		servers: zone.servers.map((server, serverIndex) => ({
			...server,
			probes: server.probes.map((stored, probeIndex): Probe => {
				const {message, messageId, ...probe} = stored;
				if (message === undefined) return probe as Probe;
				const where = `zones[${zoneIndex}].servers[${serverIndex}].probes[${probeIndex}]`;
				const entry = messages[message];
				if (!entry) throw new SnapshotError(`damaged snapshot: ${where} refers to missing message "${message}"`);
				const bytes = Buffer.from(entry.raw, 'base64');
				if (bytes.byteLength >= 2) bytes.writeUInt16BE(messageId ?? 0, 0);
				if (probe.status !== 'answered') return {...probe, raw: bytes.toString('base64')} as Probe;
				let response;
				try {
					response = decodeMessage(bytes);
				} catch (error) {
					throw new SnapshotError(`damaged snapshot: ${where} holds bytes that do not decode (${(error as Error).message})`);
				}
				return {...probe, response, raw: bytes.toString('base64')} as Probe;
			}),
		})),
	}));
	return {trace: rederiveTrace({...rest, outcome: {status: 'pending', records: [], atMs: 0}, zones: restored} as unknown as Trace), tool};
}

export function parseSnapshot(text: string): {trace: Trace; tool: {name: string; version: string}} {
	if (text.length > MAX_SNAPSHOT_BYTES) throw new SnapshotError(`snapshot too large (${text.length} bytes; the limit is ${MAX_SNAPSHOT_BYTES})`);
	let data: unknown;
	try {
		data = JSON.parse(text);
	} catch (error) {
		throw new SnapshotError(`not valid JSON: ${(error as Error).message}`);
	}
	return fromSnapshot(data);
}
