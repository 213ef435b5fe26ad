import {rm} from 'node:fs/promises';
import {temporaryFolder} from './temporary-folder.js';
import path from 'node:path';
import {buildGeneratedLab, signEveryCopy} from '../lab/generated-lab.js';
import {labTldsProblem} from '../lab/generated-root.js';
import {INTERNET} from '../lab/internet.js';
import {createLabResolvers} from '../lab/lab-resolver.js';
import {LAB_RDAP_ADDRESS, labBootstrapJson} from '../lab/lab-rdap.js';
import {serveLabRdap, type LabRdapServer} from '../lab/rdap-server.js';
import {loopbackHints, serveLab, SocketLimitError} from '../lab/loopback-server.js';
import {serveLabResolvers} from '../lab/resolver-sockets.js';
import {LAB_RESOLVER} from '../lab/resolver-config.js';
import {keysChanged, readLabKeys, writeLabKeys} from '../lab/key-cache.js';
import {OPTION_LIMITS} from '../trace/limits.js';
import {buildWorld, type LabWorld} from '../lab/world.js';
import {writeFileAtomic} from '../files/write-file-atomic.js';
import {checkPort} from './port-option.js';
import {writeResolverFiles, type ResolverFiles} from './resolver-files.js';
import {RunFailure} from './run-failure.js';
import {UsageError} from './usage-error.js';

/** `digdeeper lab`: the stories, what each models and what to look for. */
export function renderLabList(): string {
	const lines = ['The lab: a simulated internet with the outages from real incident write-ups. Trace one with', '  digdeeper --lab NAME [TYPE]', ''];
	for (const story of INTERNET.stories) {
		lines.push(`  ${story.name}${story.type ? ` ${story.type}` : ''}  —  ${story.title}`);
		lines.push(`      ${story.incident}`);
		lines.push(`      Look for: ${story.lookFor}`);
		if (story.aftermath) lines.push(`      Watched (--watch), it goes on: ${story.aftermath.map((change) => change.title).join('; then ')}.`);
	}
	lines.push('', 'Serve it to real tools (dig, drill, delv) on loopback with: digdeeper lab serve');
	return `${lines.join('\n')}\n`;
}

export interface ServeRequest {
	address?: string;
	port: number;
	latencyScale: number;
	dir?: string;
	/** Serve a generated root of this many TLDs (and this seed) instead of the stories' lab. */
	labTlds?: {tlds: number; seed?: number};
}

/** `digdeeper lab serve`: every lab server on its own loopback address until Ctrl-C. */
export async function runLabServe(request: ServeRequest, io: {stdout: (text: string) => void; signal: AbortSignal}): Promise<void> {
	if (request.address && !request.address.startsWith('127.')) throw new UsageError(`--address ${request.address}: the lab only serves on loopback (127.0.0.0/8)`);
	checkPort(request.port);
	const {maxLatencyScale} = OPTION_LIMITS;
	if (!Number.isFinite(request.latencyScale) || request.latencyScale < 0 || request.latencyScale > maxLatencyScale) throw new UsageError(`invalid --latency-scale ${request.latencyScale}: use 0 to ${maxLatencyScale}`);
	const generated = request.labTlds ? await generatedWorld(request.labTlds) : undefined;
	const world = generated?.world ?? (await storiesWorld());
	const dir = request.dir ?? (await temporaryFolder('digdeeper-lab-', 'give --dir DIR'));
	try {
		const {hintsFile, anchorFile, bindAnchorFile, unboundFile, resolvFile} = await writeLabFiles(dir, world);
		const lab = await serveLab(world, {port: request.port, latencyScale: request.latencyScale}).catch((error: NodeJS.ErrnoException) => {
			if (error instanceof SocketLimitError) throw new RunFailure(`cannot serve the lab: ${error.message}`);
			throw new RunFailure(`cannot listen on ${generated ? '127.80' : '127.77'}.x.y port ${request.port}: ${error.code ?? error.message}${error.code === 'EADDRINUSE' ? ' (is another lab running?)' : ''}`);
		});

		// The stories' lab has recursive resolvers too (lab-resolver.ts), on the same port; a generated root has no stories to cache.
		const resolvers = generated ? undefined : await serveLabResolvers(createLabResolvers(() => world), request.port).catch(async (error: NodeJS.ErrnoException) => {
			await lab.close();
			throw new RunFailure(`cannot listen on 127.77.254.x port ${request.port}: ${error.code ?? error.message}`);
		});
		// The stories' registries (RDAP) beside them, and a bootstrap file that points at them.
		const rdap = generated ? undefined : await serveRdap(dir).catch(async (error: unknown) => {
			await Promise.all([lab.close(), resolvers?.close()]);
			throw error;
		});
		const first = request.address ?? lab.endpoints[0]?.address ?? '127.77.0.1';
		// Names to try: the stories' own, or in a generated root its first two TLDs after net. (any when there are fewer).
		const [name, other] = generated ? [generated.tlds[1] ?? generated.tlds[0]!, generated.tlds[2] ?? generated.tlds[0]!] : ['www.puri.sm', 'www.example.com'];
		// A trace of the lab as served, with the lab's root key: without it the root is judged against IANA's, and every
		// name is bogus.
		const trace = `digdeeper ${name} --hints ${hintsFile} --trust-anchor ${anchorFile} --port ${request.port} -4${rdap ? ` --rdap-bootstrap ${rdap.bootstrapFile}` : ''}`;
		const lines = [
			`Serving ${lab.endpoints.length} lab servers on loopback UDP and TCP port ${request.port} (latency ×${request.latencyScale}). Ctrl-C stops.`,
			'',
			`Root hints: ${hintsFile}`,
			`Trust anchor: ${anchorFile} (DS), ${bindAnchorFile} (BIND trust-anchors, for delv)`,
			'',
			'Ask any single server (no recursion, as a resolver would):',
			`  dig -p ${request.port} @${first} ${other} ${generated ? 'NS' : 'A'} +norec`,
			'Trace a whole name with ldns, from the lab root:',
			`  drill -T -p ${request.port} -r ${hintsFile} ${name}`,
			'Or with digdeeper itself, over real sockets (the lab\'s IPv6 addresses exist only in process, hence -4):',
			`  ${trace}`,
			...(resolvers ? ['What recursive resolvers serve (one with the stories\' answers cached 19 minutes before it started):', `  ${trace} --resolvers ${resolvers.addresses.map((address) => `${address}#${request.port}`).join(',')}`] : []),
			...(rdap ? ['', `RDAP (the lab's registries) at ${rdap.server.base}; its bootstrap file: ${rdap.bootstrapFile}`, `  curl ${rdap.server.base}domain/puri.sm`] : []),
			'',
			...(request.port === 53
				? [
						'dig +trace and delv look NS names up through a resolver; run unbound as one that knows the lab:',
						`  unbound -d -c ${unboundFile}`,
						`  unshare --mount sh -c 'mount --bind ${resolvFile} /etc/resolv.conf && dig -4 +trace @${world.hints.servers[0]?.addresses[0] ?? '127.77.0.1'} ${name}'`,
						`  delv -a ${bindAnchorFile} +root=. @${LAB_RESOLVER} ${other} ${generated ? 'SOA' : 'A'}`,
					]
				: ['For dig +trace and delv, serve on port 53 (as root): they need a resolver (unbound) that queries port 53.']),
			'',
			// Thousands of servers, some serving hundreds of TLDs: counted, not listed.
			...(generated ? [`A generated root of ${generated.tlds.length} TLDs on ${lab.endpoints.length} servers in 127.80.0.0/16.`] : ['Servers:']),
			...(generated ? [] : lab.endpoints).map(({address, server}) => `  ${address.padEnd(14)} ${server.name}${server.down ? '  (down)' : ''}  ${server.zones.map((zone) => `${zone.copy.origin}${zone.mode === 'serve' ? '' : ` [${zone.mode}]`}`).join(' ')}`),
		];
		try {
			io.stdout(`${lines.join('\n')}\n`);
			await new Promise<void>((resolve) => {
				if (io.signal.aborted) resolve();
				io.signal.addEventListener('abort', () => resolve(), {once: true});
			});
		} finally {
			// Also when its lines cannot be written (a full disk): servers left listening kept the process alive.
			await Promise.all([lab.close(), resolvers?.close(), rdap?.server.close()]);
		}
	} finally {
		// Its files name servers that are gone once it stops (or never started): a folder of its own goes with them; one
		// given with --dir stays.
		if (request.dir === undefined) await rm(dir, {recursive: true, force: true});
	}
	io.stdout(`Lab stopped.${request.dir === undefined ? ` Its files in ${dir} are removed.` : ''}\n`);
}

/** The lab's RDAP server on loopback (any free port), and the bootstrap file that sends the lab's TLDs to it. */
async function serveRdap(dir: string): Promise<{server: LabRdapServer; bootstrapFile: string}> {
	const server = await serveLabRdap().catch((error: NodeJS.ErrnoException) => {
		throw new RunFailure(`cannot serve the lab's RDAP on ${LAB_RDAP_ADDRESS}: ${error.code ?? error.message}`);
	});
	const bootstrapFile = path.join(dir, 'rdap-bootstrap.json');
	await writeFileAtomic(bootstrapFile, labBootstrapJson(server.base), {force: true});
	return {server, bootstrapFile};
}

/** The stories' lab, with the keys of earlier runs (kept for the next when this one had to make any). */
async function storiesWorld(): Promise<LabWorld> {
	const kept = await readLabKeys();
	const world = buildWorld(INTERNET, kept ? {keys: kept} : {});
	if (keysChanged(kept, world)) await writeLabKeys(world);
	return world;
}

/** `lab serve --lab-tlds N`: the generated root, each zone signed when first asked, and its TLDs' names. */
async function generatedWorld(request: {tlds: number; seed?: number}): Promise<{world: LabWorld; tlds: string[]}> {
	const problem = labTldsProblem(request);
	if (problem) throw new UsageError(problem);
	const {world, root} = await buildGeneratedLab(request);
	signEveryCopy(world);
	return {world, tlds: root.truth.map((entry) => entry.tld)};
}

/**
 * The files other tools read to use the lab, in `dir`. Each is written atomically under its name, so a symbolic
 * link planted at one of these names (in a shared /tmp, say) is never written through: it is refused, and its
 * target stays as it was.
 */
export async function writeLabFiles(dir: string, world: LabWorld): Promise<ResolverFiles> {
	return writeResolverFiles(dir, {hints: loopbackHints(world), anchors: world.trustAnchor, resolver: LAB_RESOLVER, names: {hints: 'lab.hints', anchor: 'lab.anchor', bindAnchor: 'lab.bind-keys'}, unbound: {address: LAB_RESOLVER, withAnchor: false}});
}
