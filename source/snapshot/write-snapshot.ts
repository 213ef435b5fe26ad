/* Writing a snapshot: kept apart from reading it, so a trace never loads the schema validator. */
import {createHash} from 'node:crypto';
import type {Message} from '../dns/record.js';
import type {Probe, Trace} from '../trace/model.js';

export const SNAPSHOT_SCHEMA = 'digdeeper/snapshot@1';

/**
 * A probe as stored: everything but the response, which lives once in `messages` (many servers give the same
 * answer byte for byte, apart from the query ID), plus that ID so the exact bytes come back.
 */
export type StoredProbe = Omit<Probe, 'response' | 'raw'> & {message?: string; messageId?: number};

export interface StoredMessage {
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
