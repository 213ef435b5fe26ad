import {execFile} from 'node:child_process';
import {mkdtemp, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';
import {describe, expect, it} from 'vitest';
import {serializeSnapshot} from '../../source/snapshot/write-snapshot.js';
import {CLI} from '../helpers/cli.js';
import {snapshotOf, tool} from '../helpers/replay.js';
import {missingTools, titled} from '../helpers/tools.js';

const run = promisify(execFile);

/*
 * `dig +trace` through `digdeeper serve FILE --port 53`, with the command serve prints for it. BIND 9.18's dig looks
 * every name server name up through the system resolver, on port 53, so it needs root (port 53, mount namespaces).
 * Each story runs in its own network namespace (unshare --net, only lo up): serve and dig share a loopback of their
 * own, so nothing dig is told can reach any other address, and nothing else on this machine's 127.78 port 53 is touched.
 */
const isRoot = process.getuid?.() === 0;
const missing = missingTools('dig', 'unshare', 'ip');

/** One `;; Received` block of dig +trace: the records it printed (RRSIGs left out) and the server it came from. */
interface Hop {
	records: Array<{name: string; type: string; data: string}>;
	from: string;
}

function hopsOf(output: string): Hop[] {
	const hops: Hop[] = [];
	let records: Hop['records'] = [];
	for (const line of output.split('\n')) {
		const received = /^;; Received \d+ bytes from ([\d.]+)#53/u.exec(line);
		if (received) {
			hops.push({records, from: received[1]!});
			records = [];
			continue;
		}
		const record = /^(\S+)\s+\d+\s+IN\s+(\S+)\s+(.*)$/u.exec(line);
		if (record && record[2] !== 'RRSIG') records.push({name: record[1]!, type: record[2]!, data: record[3]!});
	}
	return hops;
}

/** Serve the snapshot on port 53 in a network namespace of its own and run the dig +trace command serve printed there. */
async function digTraceThroughServe(file: string, dir: string): Promise<{printed: string; dig: string}> {
	const out = path.join(dir, 'serve.out');
	// The printed command as printed; a .digrc (dig reads $HOME/.digrc) keeps a lost reply from costing seconds.
	await writeFile(path.join(dir, '.digrc'), '+tries=1 +time=1\n');
	const script = [
		'ip link set lo up',
		`node ${CLI} serve ${file} --port 53 --dir ${dir} > ${out} 2>&1 & serve=$!`,
		`for i in $(seq 100); do grep -q '^Recorded servers' ${out} && break; sleep 0.05; done`,
		`command=$(sed -n '/^dig +trace/{n;p}' ${out})`,
		'echo "$command"',
		`HOME=${dir} eval "$command"`,
		'kill $serve; wait $serve',
	].join('\n');
	const {stdout} = await run('unshare', ['--net', '--mount', 'sh', '-c', script], {timeout: 20_000, env: {...process.env, DIGDEEPER_LOOPBACK_ONLY: '1'}});
	const [printed, ...dig] = stdout.split('\n');
	return {printed: printed!, dig: dig.join('\n')};
}

describe.runIf(isRoot && missing === undefined)(titled(`dig +trace through digdeeper serve on port 53${isRoot ? '' : ' (skipped: needs root for port 53)'}`, missing), () => {
	it.each([
		['www.example.com', 'A', ['.', 'com.', 'example.com.']],
		// The registry suspended puri.sm: the sm. servers deny it, so the trace ends at sm. with NXDOMAIN.
		['www.puri.sm', 'A', ['.', 'sm.']],
	])('%s %s: dig +trace, run as serve prints it, meets the same zone cuts and final answer as the snapshot', async (name, type, cuts) => {
		const snapshot = await snapshotOf(name, type);
		const {trace} = snapshot;
		expect(trace.zones.map((zone) => zone.name)).toEqual(cuts);
		const dir = await mkdtemp(path.join(tmpdir(), 'digdeeper-replay-dig-'));
		const file = path.join(dir, 'snapshot.json');
		await writeFile(file, serializeSnapshot(snapshot, tool));

		const {printed, dig} = await digTraceThroughServe(file, dir);
		expect(printed).toBe(`  unshare --mount sh -c 'mount --bind ${dir}/resolv.conf /etc/resolv.conf && dig -4 +trace @127.78.0.1 ${name}. ${type}'`);
		const hops = hopsOf(dig);
		// Every reply came from a served address; the first is the root's own NS, then one hop per zone cut.
		expect(hops.every((hop) => hop.from.startsWith('127.78.'))).toBe(true);
		expect(hops.slice(0, -1).map((hop) => hop.records.find((record) => record.type === 'NS')?.name)).toEqual(['.', ...cuts.slice(1)]);

		const final = hops.at(-1)!.records;
		if (trace.outcome.status === 'nxdomain') {
			// Denied: no answer, the denying zone's SOA.
			expect(final.filter((record) => record.type === type)).toEqual([]);
			expect(final.map((record) => `${record.name} ${record.type}`)).toEqual([`${trace.outcome.zone} SOA`]);
		} else {
			expect(trace.outcome.status).toBe('answer');
			const answer = trace.outcome.records.filter((record) => record.type !== 'RRSIG').map((record) => `${record.name} ${record.type} ${record.data.kind === 'address' ? record.data.address : ''}`);
			expect(final.map((record) => `${record.name} ${record.type} ${record.data}`)).toEqual(answer);
		}
	});
});
