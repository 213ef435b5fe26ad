import {mkdtemp, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll} from 'vitest';
import {formatRootHints} from '../../source/dns/root-hints.js';
import {loopbackHints, serveLab, type RunningLab} from '../../source/lab/loopback-server.js';
import {labWorld} from './lab.js';

export interface ServedLab {
	lab: RunningLab;
	/** A fresh directory holding lab.hints. */
	dir: string;
	hintsFile: string;
}

/** Serves the lab on loopback at `port` with no latency and writes its root hints, as `lab serve` does. */
export async function serveLabForTools(port: number): Promise<ServedLab> {
	const lab = await serveLab(labWorld(), {port, latencyScale: 0});
	const dir = await mkdtemp(path.join(tmpdir(), 'digdeeper-lab-'));
	const hintsFile = path.join(dir, 'lab.hints');
	await writeFile(hintsFile, formatRootHints(loopbackHints(labWorld())));
	return {lab, dir, hintsFile};
}

/** Serves the lab to the tests of one file: started before them, stopped after. */
export function servedLabDuring(port: number): {hintsFile: () => string} {
	let served: ServedLab | undefined;
	beforeAll(async () => {
		served = await serveLabForTools(port);
	});
	afterAll(async () => {
		await served?.lab.close();
	});
	return {hintsFile: () => served!.hintsFile};
}
