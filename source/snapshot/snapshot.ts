import {createHash} from 'node:crypto';
import type {Message} from '../dns/record.js';
import type {Probe, Trace} from '../trace/model.js';

export const SNAPSHOT_SCHEMA = 'digdeeper/snapshot@1';

/**
 * A probe as stored: everything but the response, which lives once in `messages` (many servers give the same
 * answer byte for byte, apart from the query ID), plus that ID so the exact bytes come back.
 */
type StoredProbe = Omit<Probe, 'response' | 'raw'> & {message?: string; messageId?: number};

interface StoredMessage {
	/** The wire bytes with the ID set to 0, base64. */
	raw: string;
	/** The decoded message (ID 0), for readers that do not decode DNS themselves. */
	decoded?: Message;
}

export interface Snapshot extends Omit<Trace, 'zones'> {
	schema: typeof SNAPSHOT_SCHEMA;
	tool: {name: string; version: string};
	zones: Array<Omit<Trace['zones'][number], 'servers'> & {servers: Array<Omit<Trace['zones'][number]['servers'][number], 'probes'> & {probes: StoredProbe[]}>}>;
	messages: Record<string, StoredMessage>;
}

export class SnapshotError extends Error {
	override name = 'SnapshotError';
}

export function toSnapshot(trace: Trace, tool: {name: string; version: string}): Snapshot {
	const messages: Record<string, StoredMessage> = {};
	const zones = trace.zones.map((zone) => ({
		...zone,
		servers: zone.servers.map((server) => ({
			...server,
			probes: server.probes.map((probe): StoredProbe => {
				const {response, raw, ...rest} = probe;
				if (raw === undefined) return rest;
				const bytes = Buffer.from(raw, 'base64');
				const messageId = bytes.byteLength >= 2 ? bytes.readUInt16BE(0) : 0;
				if (bytes.byteLength >= 2) bytes.writeUInt16BE(0, 0);
				const key = createHash('sha256').update(bytes).digest('base64url').slice(0, 16);
				messages[key] ??= {raw: bytes.toString('base64'), ...(response ? {decoded: {...response, id: 0}} : {})};
				return {...rest, message: key, messageId};
			}),
		})),
	}));
	return {schema: SNAPSHOT_SCHEMA, tool, ...trace, zones, messages};
}

export function serializeSnapshot(trace: Trace, tool: {name: string; version: string}): string {
	return `${JSON.stringify(toSnapshot(trace, tool))}\n`;
}

/** Turns a parsed snapshot back into the model the walk produced. */
export function fromSnapshot(data: unknown): {trace: Trace; tool: {name: string; version: string}} {
	if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new SnapshotError('not a digdeeper snapshot: the top level is not an object');
	const snapshot = data as Partial<Snapshot> & {schema?: unknown};
	if (typeof snapshot.schema !== 'string' || !snapshot.schema.startsWith('digdeeper/snapshot@')) {
		throw new SnapshotError('not a digdeeper snapshot: no "schema": "digdeeper/snapshot@N" field');
	}
	if (snapshot.schema !== SNAPSHOT_SCHEMA) {
		throw new SnapshotError(`snapshot format ${snapshot.schema} is not supported by this version (it reads ${SNAPSHOT_SCHEMA})`);
	}
	if (!Array.isArray(snapshot.zones) || typeof snapshot.messages !== 'object' || snapshot.messages === null || !snapshot.query || !snapshot.outcome) {
		throw new SnapshotError('damaged snapshot: "zones", "messages", "query" or "outcome" is missing');
	}
	const {schema: _schema, tool, messages, zones, ...rest} = snapshot as Snapshot;
	const restored = zones.map((zone, zoneIndex) => ({
		...zone,
		servers: zone.servers.map((server, serverIndex) => ({
			...server,
			probes: server.probes.map((stored, probeIndex): Probe => {
				const {message, messageId, ...probe} = stored;
				if (message === undefined) return probe;
				const entry = messages[message];
				if (!entry) throw new SnapshotError(`damaged snapshot: zones[${zoneIndex}].servers[${serverIndex}].probes[${probeIndex}] refers to missing message "${message}"`);
				const bytes = Buffer.from(entry.raw, 'base64');
				if (bytes.byteLength >= 2) bytes.writeUInt16BE(messageId ?? 0, 0);
				return {...probe, ...(entry.decoded ? {response: {...entry.decoded, id: messageId ?? 0}} : {}), raw: bytes.toString('base64')};
			}),
		})),
	}));
	return {trace: {...rest, zones: restored} as Trace, tool};
}

export function parseSnapshot(text: string): {trace: Trace; tool: {name: string; version: string}} {
	let data: unknown;
	try {
		data = JSON.parse(text);
	} catch (error) {
		throw new SnapshotError(`not valid JSON: ${(error as Error).message}`);
	}
	return fromSnapshot(data);
}
