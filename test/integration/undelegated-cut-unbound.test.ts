import {execFile, spawn, type ChildProcess} from 'node:child_process';
import {mkdtemp, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {withAnalysis} from '../../source/analysis/analyze.js';
import {presentRecord} from '../../source/dns/present.js';
import {serveLab, type RunningLab} from '../../source/lab/loopback-server.js';
import {buildWorld} from '../../source/lab/world.js';
import {labTrace} from '../helpers/lab.js';
import {missingTools, titled} from '../helpers/tools.js';

const run = promisify(execFile);

/*
 * An answer taken back from a parent's servers (a cut found from the child's SOA, whose own name servers give no
 * answer): ns1.one. serves one. (signed) and child.one., whose NS set names a server no one can find, so digdeeper
 * goes back to ns1.one.'s answer, which is what a resolver that never leaves one.'s servers gets. Its DNSSEC verdict
 * must be the one a validating Unbound, asking the same servers, gives. Each world is served on 127.77.209.x port
 * 5550 in turn, and Unbound, stubbed to the root and one. servers with the world's trust anchor, on 127.77.209.53@5551.
 */
const PORT = 5550;
const UNBOUND = '127.77.209.53';
const UNBOUND_PORT = 5551;
const missing = missingTools('dig', 'unbound');

const ROOT = '@ SOA a.root.lab. h.lab. 1 1 1 1 1\n@ NS a.root.lab.\na.root.lab. A 127.77.209.1\none. NS ns1.one.\nns1.one. A 127.77.209.2';
const ONE = '@ SOA ns1.one. h.one. 1 1 1 1 1\n@ NS ns1.one.\nns1.one. A 127.77.209.2';
const SIGNED = {algorithm: 13};

/** What one. says of child.one.: a delegation or none, with a DS or none, and whether child.one. is signed. */
interface Row {
	title: string;
	delegated: boolean;
	child: 'signed with a DS in one.' | 'signed, no DS in one.' | 'unsigned';
	/** What validators give for every name in child.one.: Unbound's verdict, measured, and the reason for it. */
	verdict: 'secure' | 'insecure' | 'bogus';
}

const ROWS: Row[] = [
	{title: 'one. delegates child.one. with a DS; child.one. is signed', delegated: true, child: 'signed with a DS in one.', verdict: 'secure'},
	// one.'s signed denial of a DS at a delegation: the chain of trust ends there.
	{title: 'one. delegates child.one. without a DS; child.one. is unsigned', delegated: true, child: 'unsigned', verdict: 'insecure'},
	// one. denies child.one. exists (NXDOMAIN for its DS), yet the answers are child.one.'s: Unbound, "no NSEC3 records
	// for DS child.one. while building chain of trust", answers SERVFAIL, the NXDOMAIN for nope.child.one. too.
	{title: 'one. does not delegate child.one., which is signed with no DS in one.', delegated: false, child: 'signed, no DS in one.', verdict: 'bogus'},
	{title: 'one. does not delegate child.one., which is unsigned', delegated: false, child: 'unsigned', verdict: 'bogus'},
	// A DS is all a validator needs of the parent: the chain reaches child.one.'s keys, which ns1.one. serves.
	{title: 'one. has a DS for child.one. but no NS; child.one. is signed', delegated: false, child: 'signed with a DS in one.', verdict: 'secure'},
];

const QUESTIONS = [
	['www.child.one', 'A'],
	['nope.child.one', 'A'],
	['www.child.one', 'TXT'],
] as const;

function world(row: Row) {
	const signing = row.child === 'unsigned' ? {} : {signing: row.child === 'signed with a DS in one.' ? SIGNED : {...SIGNED, dsDigests: []}};
	return buildWorld({
		roots: ['a.root.lab.'],
		stories: [],
		servers: [
			{name: 'a.root.lab.', ipv4: '127.77.209.1', zones: [{zone: '.'}]},
			{name: 'ns1.one.', ipv4: '127.77.209.2', zones: [{zone: 'one.'}, {zone: 'child.one.'}]},
		],
		zones: [
			{origin: '.', text: ROOT, signing: SIGNED},
			{origin: 'one.', text: `${ONE}${row.delegated ? '\nchild NS ns1.one.' : ''}`, signing: SIGNED},
			{origin: 'child.one.', text: '@ SOA ns1.one. h.child.one. 1 1 1 1 1\n@ NS ns.child.one.\nwww A 192.0.2.1', ...signing},
		],
	});
}

/** Unbound's verdict as digdeeper words it: SERVFAIL is bogus, the AD bit secure, an answer without it insecure. */
async function unboundVerdict(name: string, type: string): Promise<string> {
	const {stdout} = await run('dig', ['-p', String(UNBOUND_PORT), `@${UNBOUND}`, name, type, '+dnssec', '+tries=1', '+time=5']);
	const status = /status: (\w+)/u.exec(stdout)?.[1];
	if (status === 'SERVFAIL') return 'bogus';
	return /^;; flags:[^;]* ad[ ;]/mu.test(stdout) ? 'secure' : 'insecure';
}

describe.runIf(missing === undefined)(titled('an answer taken back from the parent\'s servers is validated as Unbound validates it', missing), () => {
	for (const row of ROWS) {
		describe(row.title, () => {
			const built = world(row);
			let lab: RunningLab | undefined;
			let unbound: ChildProcess | undefined;

			beforeAll(async () => {
				lab = await serveLab(built, {port: PORT, latencyScale: 0});
				const dir = await mkdtemp(path.join(tmpdir(), 'digdeeper-undelegated-cut-'));
				const anchor = path.join(dir, 'anchor');
				await writeFile(anchor, `${built.trustAnchor.filter((record) => record.type === 'DS').map(presentRecord).join('\n')}\n`);
				const config = path.join(dir, 'unbound.conf');
				const stub = (zone: string, address: string) => ['stub-zone:', `\tname: "${zone}"`, `\tstub-addr: ${address}@${PORT}`];
				await writeFile(config, ['server:', `\tinterface: ${UNBOUND}@${UNBOUND_PORT}`, `\tport: ${UNBOUND_PORT}`, '\tdo-not-query-localhost: no', '\tdo-ip6: no', '\tmodule-config: "validator iterator"', `\ttrust-anchor-file: "${anchor}"`, '\taccess-control: 127.0.0.0/8 allow', '\tchroot: ""', '\tusername: ""', `\tdirectory: "${dir}"`, `\tpidfile: "${dir}/unbound.pid"`, '\tuse-syslog: no', '\tqname-minimisation: no', '\tnum-threads: 1', '\tso-reuseport: no', ...stub('.', '127.77.209.1'), ...stub('one.', '127.77.209.2'), ''].join('\n'));
				unbound = spawn('unbound', ['-d', '-c', config], {stdio: 'ignore'});
				for (let attempt = 0; attempt < 50; attempt++) {
					const up = await run('dig', ['-p', String(UNBOUND_PORT), `@${UNBOUND}`, '.', 'SOA', '+tries=1', '+time=1']).then(({stdout}) => /status: NOERROR/u.test(stdout), () => false);
					if (up) return;
					await new Promise((resolve) => setTimeout(resolve, 100));
				}
				throw new Error('unbound did not start answering');
			}, 30_000);

			afterAll(async () => {
				if (unbound) {
					const exited = new Promise((resolve) => unbound!.once('exit', resolve));
					unbound.kill();
					await exited;
				}
				await lab?.close();
			});

			for (const [name, type] of QUESTIONS) {
				it(`${name} ${type}: ${row.verdict}, for digdeeper as for Unbound`, async () => {
					const trace = await labTrace(name, type, {world: built, families: [4], dnssec: true, timeoutMs: 250});
					// The case this file is about: the child's servers gave no answer, and the walk went back to one.'s.
					expect(trace.resolutions[0]!.steps.map((step) => `${step.zone} ${step.result}`).slice(-2)).toEqual(['child.one. failure', `one. ${trace.outcome.status}`]);
					const {analysis} = withAnalysis(trace, {anchors: {source: 'lab', records: built.trustAnchor}});
					expect({digdeeper: analysis.dnssec.outcome.status, unbound: await unboundVerdict(name, type)}).toEqual({digdeeper: row.verdict, unbound: row.verdict});
				});
			}
		});
	}
});
