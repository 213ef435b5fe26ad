import path from 'node:path';
import {presentRecord} from '../dns/present.js';
import type {ResourceRecord} from '../dns/record.js';
import {formatRootHints, type RootHints} from '../dns/root-hints.js';
import {makeDirectory} from '../files/make-directory.js';
import {writeFileAtomic} from '../files/write-file-atomic.js';
import {unboundConfig} from '../lab/resolver-config.js';
import {UsageError} from './usage-error.js';

/** The files other tools replay a world with: its root hints, its anchor as DS and as BIND's keys, unbound's, a resolv.conf. */
export interface ResolverFiles {
	hintsFile: string;
	anchorFile: string;
	bindAnchorFile: string;
	unboundFile: string;
	resolvFile: string;
}

/**
 * Those files written atomically in `dir` (made, with its parents, when missing), for `lab serve` and `serve` alike:
 * the hints and anchor files named as each names them, unbound listening at `unbound.address` (judging signatures at
 * `unbound.validateAt` when given), the resolv.conf pointing at `resolver`.
 */
export async function writeResolverFiles(
	dir: string,
	world: {hints: RootHints; anchors: ResourceRecord[]; resolver: string; names: {hints: string; anchor: string; bindAnchor: string}; unbound: {address: string; withAnchor: boolean; validateAt?: string}},
): Promise<ResolverFiles> {
	await makeDirectory(dir).catch((error: NodeJS.ErrnoException) => {
		throw new UsageError(`cannot make ${dir}: ${error.code ?? error.message}`);
	});
	const files: ResolverFiles = {
		hintsFile: path.join(dir, world.names.hints),
		anchorFile: path.join(dir, world.names.anchor),
		bindAnchorFile: path.join(dir, world.names.bindAnchor),
		unboundFile: path.join(dir, 'unbound.conf'),
		resolvFile: path.join(dir, 'resolv.conf'),
	};
	const ds = world.anchors.filter((record) => record.type === 'DS');
	const write = (file: string, text: string) => writeFileAtomic(file, text, {force: true});
	await write(files.hintsFile, formatRootHints(world.hints));
	await write(files.anchorFile, `${ds.map(presentRecord).join('\n')}\n`);
	await write(files.bindAnchorFile, bindTrustAnchors(ds));
	const {address, withAnchor, validateAt} = world.unbound;
	await write(files.unboundFile, unboundConfig({dir, address, hintsFile: files.hintsFile, ...(withAnchor ? {anchorFile: files.anchorFile} : {}), name: 'unbound', ...(validateAt ? {validateAt} : {})}));
	await write(files.resolvFile, `nameserver ${world.resolver}\n`);
	return files;
}

/** BIND's `trust-anchors { . initial-ds … }` form of the root DS, as delv -a reads it. */
export function bindTrustAnchors(anchor: ResourceRecord[]): string {
	const lines = anchor
		.filter((record) => record.type === 'DS' && record.data.kind === 'ds')
		.map((record) => (record.data.kind === 'ds' ? `\t"${record.name}" initial-ds ${record.data.keyTag} ${record.data.algorithm} ${record.data.digestType} "${record.data.digest.toUpperCase()}";` : ''));
	return `trust-anchors {\n${lines.join('\n')}\n};\n`;
}
