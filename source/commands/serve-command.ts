import {rm} from 'node:fs/promises';
import {temporaryFolder} from './temporary-folder.js';
import {ianaRootAnchors} from '../analysis/dnssec/trust-anchors.js';
import {presentName} from '../dns/present.js';
import {presentText, safe, type Presented} from '../dns/sanitize.js';
import {shellWord} from '../text/commands-to-run.js';
import {SocketLimitError} from '../lab/loopback-server.js';
import {serveReplay} from '../replay/replay-sockets.js';
import {REPLAY_RESOLVER, replayWorld, type ReplayWorld} from '../replay/replay-world.js';
import type {Trace} from '../trace/model.js';
import {writeResolverFiles, type ResolverFiles} from './resolver-files.js';
import {whatIfHeadline} from '../what-if/describe-change.js';
import {openSnapshot} from './open-command.js';
import {checkPort} from './port-option.js';
import {RunFailure} from './run-failure.js';
import {UsageError} from './usage-error.js';

/** Where the printed unbound configuration listens: a 127.78 address no served server gets (block 255 is never one). */
const UNBOUND_ADDRESS = '127.78.255.1';

export interface ServeReplayRequest {
	file: string;
	port: number;
	dir?: string;
}

/**
 * `digdeeper serve SNAPSHOT`: the snapshot's recorded responses served on loopback, each recorded server address at
 * its own 127.78 address, until Ctrl-C or SIGTERM; the mapping, the files and the commands that replay it printed.
 */
export async function runServe(request: ServeReplayRequest, io: {stdout: (text: string) => void; signal: AbortSignal}): Promise<void> {
	checkPort(request.port);
	const {trace} = await openSnapshot(request.file);
	// A what-if is not a recording: its "dead" servers never were. Served, it would be taken for the outage itself.
	if (trace.assumed && trace.assumed.length > 0) throw new UsageError(`${request.file} is a what-if (${whatIfHeadline(trace)}), not a recording: serve the measured snapshot it was made from`);
	const world = replayWorld(trace);
	if (world.hints.servers.length === 0) throw new RunFailure(`${request.file}: the trace asked no root server, so there is nothing to start a replay from`);
	// Its files name servers that are gone once it stops (or never started): a folder of its own goes with them, as lab
	// serve's does; one given with --dir stays.
	const dir = request.dir ?? (await temporaryFolder('digdeeper-replay-', 'give --dir DIR'));
	try {
		const files = await writeReplayFiles(dir, trace, world);
		const running = await serveReplay(world, request.port).catch((error: NodeJS.ErrnoException) => {
			if (error instanceof SocketLimitError) throw new RunFailure(`cannot serve ${request.file}: ${error.message}`);
			throw new RunFailure(`cannot listen on 127.78.x.y port ${request.port}: ${error.code ?? error.message}${error.code === 'EADDRINUSE' ? ' (is another replay running?)' : ''}`);
		});
		try {
			io.stdout(`${replayLines(trace, world, files, {port: request.port, dir, servedCount: running.addresses.length - 1}).join('\n')}\n`);
			await new Promise<void>((resolve) => {
				if (io.signal.aborted) resolve();
				io.signal.addEventListener('abort', () => resolve(), {once: true});
			});
		} finally {
			// Also when its lines cannot be written (a full disk): servers left listening kept the process alive.
			await running.close();
		}
	} finally {
		if (request.dir === undefined) await rm(dir, {recursive: true, force: true});
	}
	io.stdout('Replay stopped.\n');
}

/**
 * The root hints (the trace's root servers at their served addresses), the trust anchor the trace was validated
 * with (as DS records, and as BIND's trust-anchors for delv), and an unbound configuration, written atomically in `dir`.
 */
export async function writeReplayFiles(dir: string, trace: Trace, world: ReplayWorld): Promise<ResolverFiles> {
	const recorded = trace.options.trustAnchorRecords;
	const anchors = recorded && recorded.length > 0 ? recorded : ianaRootAnchors().records;
	return writeResolverFiles(dir, {hints: world.hints, anchors, resolver: REPLAY_RESOLVER, names: {hints: 'root.hints', anchor: 'trust-anchor.ds', bindAnchor: 'trust-anchor.bind-keys'}, unbound: {address: UNBOUND_ADDRESS, withAnchor: true, validateAt: trace.options.validateAt ?? trace.startedAt}});
}

/** What `serve` prints: the mapping, the files, and the commands that replay the trace (names and paths presented). */
export function replayLines(trace: Trace, world: ReplayWorld, files: ResolverFiles, options: {port: number; dir: string; servedCount: number}): Presented[] {
	const port = options.port;
	const name = shellWord(presentName(trace.query.name));
	const type = presentText(trace.query.type);
	const file = (text: string) => shellWord(presentText(text));
	const at = presentText(trace.options.validateAt ?? trace.startedAt);
	const root = presentText(world.hints.servers[0]!.addresses[0]!);
	const resolver = presentText(REPLAY_RESOLVER);
	const leaf = presentText(leafServer(trace, world) ?? world.hints.servers[0]!.addresses[0]!);
	return [
		safe`Replaying ${presentText(trace.startedAt)}'s trace of ${name} ${type}: ${options.servedCount} recorded server addresses and a resolver of their data (${resolver}) on loopback UDP and TCP port ${port}. Ctrl-C stops.`,
		safe``,
		safe`Files in ${file(options.dir)}:`,
		safe`  root hints    ${file(files.hintsFile)}`,
		safe`  trust anchor  ${file(files.anchorFile)} (DS), ${file(files.bindAnchorFile)} (BIND trust-anchors, for delv)`,
		safe`  unbound       ${file(files.unboundFile)}`,
		safe``,
		safe`Trace it again with digdeeper, signatures judged at the snapshot's time:`,
		safe`  digdeeper ${name} ${type} --hints ${file(files.hintsFile)} --trust-anchor ${file(files.anchorFile)} --port ${port} -4 --at ${at}`,
		safe`Trace it with ldns (drill follows the served referrals from the hints; -4, as the served addresses are IPv4):`,
		safe`  drill -4 -T -p ${port} -r ${file(files.hintsFile)} ${name} ${type}`,
		safe`Validate it with delv, or chase its signatures with drill, from the recorded anchor, asking the replay's resolver (every zone's recorded authoritative data, the DS from the parent):`,
		safe`  delv -p ${port} -a ${file(files.bindAnchorFile)} +root=. @${resolver} ${name} ${type}`,
		safe`  drill -4 -S -k ${file(files.anchorFile)} -p ${port} @${resolver} ${name} ${type}`,
		safe`Ask the replay's resolver, or one server as a resolver would (no recursion):`,
		safe`  dig -p ${port} @${resolver} ${name} ${type} +dnssec`,
		safe`  dig -p ${port} @${leaf} ${name} ${type} +norec +dnssec`,
		...(port === 53
			? [
					safe`dig +trace looks name server names up through the system's resolver: give it the replay's (as root):`,
					safe`  unshare --mount sh -c ${shellWord(safe`mount --bind ${file(files.resolvFile)} /etc/resolv.conf && dig -4 +trace @${root} ${name} ${type}`)}`,
					safe`A validating unbound, iterating from the hints and the recorded anchor:`,
					safe`  unbound -d -c ${file(files.unboundFile)}   then   dig @${presentText(UNBOUND_ADDRESS)} ${name} ${type} +dnssec`,
				]
			: [safe`dig +trace looks name server names up through the system's resolver (port 53), and unbound iterates on port 53 only: for them, serve on port 53 (as root; then this prints how).`]),
		safe``,
		safe`Recorded servers (their A records and glue rewritten to the served address, their AAAA to it IPv4-mapped, ::ffff:127.78.x.y):`,
		...world.endpoints.map((endpoint) =>
			endpoint.asked
				? safe`  ${presentText(endpoint.served.padEnd(14))} ← ${presentText(endpoint.recorded)}  ${presentText(endpoint.names.join(' '))}`
				: safe`  ${presentText(endpoint.served.padEnd(14))} ← ${presentText(endpoint.recorded)}  ${presentText(endpoint.names.join(' '))}  (never asked: not served)`,
		),
	];
}

/** The served address of the first server that gave the trace's final answer, for the one-server commands. */
function leafServer(trace: Trace, world: ReplayWorld): string | undefined {
	const zone = trace.zones.find((candidate) => candidate.name === trace.outcome.zone);
	const server = zone?.servers.find((candidate) => world.endpoints.some((endpoint) => endpoint.recorded === candidate.address && endpoint.asked));
	return server ? world.mapping.get(server.address) : undefined;
}

