import {MAX_RESOLV_CONF_BYTES, parseResolvConf, parseResolverList, resolverTargets, type ResolverTarget} from '../dns/resolver-list.js';
import {askRecursive} from '../dns/recursive-query.js';
import type {Transport} from '../dns/transport.js';
import {readFileBounded} from '../files/read-file-bounded.js';
import type {ChangingLab} from '../lab/changing-lab.js';
import type {ResolverProbe, Trace} from '../trace/model.js';
import {unreadableFile} from './unreadable-file.js';
import {UsageError} from './usage-error.js';

/** The resolvers `--resolvers` names, and which of them cannot be asked from here (the lab answers only its own). */
export interface ResolverPlan {
	/** The list as typed, for the command that repeats the trace. */
	list: string;
	targets: ResolverTarget[];
	outside?: (address: string) => string | undefined;
}

/** Where the system's resolvers are listed. */
export const RESOLV_CONF = '/etc/resolv.conf';

/**
 * `--resolvers LIST`, checked before any packet: `system` is /etc/resolv.conf's nameservers (read bounded) or, with
 * --lab, the lab's resolvers (the lab is the system there); `public` the well-known set; addresses as given.
 */
export async function planResolvers(list: string, lab: ChangingLab | undefined, resolvConf = RESOLV_CONF): Promise<ResolverPlan> {
	let entries;
	try {
		entries = parseResolverList(list);
	} catch (error) {
		throw new UsageError(`invalid --resolvers: ${(error as Error).message}`);
	}
	let system: ResolverTarget[] = [];
	if (lab) system = [...lab.resolvers.values()].map(({spec}) => ({label: spec.label, address: spec.address, port: 53}));
	else if (entries.some((entry) => entry.kind === 'system')) {
		let text;
		try {
			text = await readFileBounded(resolvConf, MAX_RESOLV_CONF_BYTES);
		} catch (error) {
			throw unreadableFile('the system\'s resolvers', resolvConf, error);
		}
		system = parseResolvConf(text);
		if (system.length === 0) throw new UsageError(`--resolvers system: ${resolvConf} lists no nameserver: give addresses or public`);
	}
	let targets;
	try {
		targets = resolverTargets(entries, system);
	} catch (error) {
		throw new UsageError(`invalid --resolvers: ${(error as Error).message}`);
	}
	if (!lab) return {list, targets};
	const world = lab.world();
	return {list, targets, outside: (address) => (lab.resolvers.has(address) || world.byAddress.has(address) ? undefined : 'not in the lab (the lab answers only its own addresses)')};
}

/**
 * Every planned resolver asked the trace's question at once, after the walk: what users of each see now. Each
 * result kept with its raw bytes, as a probe is; the list kept in the trace's options (unless it holds one), so the
 * command that repeats the trace asks them too.
 */
export async function askResolvers(trace: Trace, plan: ResolverPlan, transport: Transport, options: {timeoutMs: number; retries: number}, clock: () => Date = () => new Date()): Promise<Trace> {
	const question = {name: trace.query.name, type: trace.query.type};
	const resolvers = await Promise.all(
		plan.targets.map(async (target): Promise<ResolverProbe> => {
			const askedAt = clock().toISOString();
			const base = {label: target.label, address: target.address, port: target.port, askedAt};
			const result = await askRecursive(transport, target, question, {...options, ...(plan.outside ? {outside: plan.outside} : {})});
			if ('notAsked' in result) return {...base, status: 'not-asked', error: result.notAsked};
			const raw = result.raw ? {raw: Buffer.from(result.raw).toString('base64')} : {};
			if (!result.ok) return {...base, status: result.error, error: result.detail, rttMs: result.rttMs, transport: result.transport, ...raw};
			return {...base, status: 'answered', rttMs: result.rttMs, transport: result.transport, response: result.message, ...raw};
		}),
	);
	return {...trace, options: trace.options.resolvers === undefined ? {...trace.options, resolvers: plan.list} : trace.options, resolvers};
}
