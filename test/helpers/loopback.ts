import {mkdtemp, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll} from 'vitest';
import {presentRecord} from '../../source/dns/present.js';
import {formatRootHints} from '../../source/dns/root-hints.js';
import {loopbackHints, serveLab, type RunningLab} from '../../source/lab/loopback-server.js';
import {labWorld} from './lab.js';

export interface ServedLab {
	lab: RunningLab;
	/** A fresh directory holding lab.hints and lab.anchor. */
	dir: string;
	hintsFile: string;
	/** The lab's trust anchor (its root DS), as `lab serve` writes it: without it a trace is judged by IANA's. */
	anchorFile: string;
}

/** Serves the lab on loopback at `port` with no latency and writes its root hints, as `lab serve` does. */
export async function serveLabForTools(port: number): Promise<ServedLab> {
	const lab = await serveLab(labWorld(), {port, latencyScale: 0});
	const dir = await mkdtemp(path.join(tmpdir(), 'digdeeper-lab-'));
	const hintsFile = path.join(dir, 'lab.hints');
	await writeFile(hintsFile, formatRootHints(loopbackHints(labWorld())));
	const anchorFile = path.join(dir, 'lab.anchor');
	await writeFile(anchorFile, `${labWorld().trustAnchor.filter((record) => record.type === 'DS').map(presentRecord).join('\n')}\n`);
	return {lab, dir, hintsFile, anchorFile};
}

/** Serves the lab to the tests of one file: started before them, stopped after. */
export function servedLabDuring(port: number): {hintsFile: () => string; anchorFile: () => string} {
	let served: ServedLab | undefined;
	beforeAll(async () => {
		served = await serveLabForTools(port);
	});
	afterAll(async () => {
		await served?.lab.close();
	});
	return {hintsFile: () => served!.hintsFile, anchorFile: () => served!.anchorFile};
}
