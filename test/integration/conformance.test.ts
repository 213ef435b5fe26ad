import {execFile, spawn, type ChildProcess} from 'node:child_process';
import {mkdtemp, readFile, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {withAnalysis} from '../../source/analysis/analyze.js';
import {bindTrustAnchors} from '../../source/commands/resolver-files.js';
import {presentRecord} from '../../source/dns/present.js';
import {formatRootHints} from '../../source/dns/root-hints.js';
import {loopbackHints, serveLab, type RunningLab} from '../../source/lab/loopback-server.js';
import {unboundConfig} from '../../source/lab/resolver-config.js';
import {buildConformanceWorld, closestAnchor, CONFORMANCE_CASES, WORLDS, type ConformanceCase, type ConformanceWorld, type WorldName} from '../helpers/conformance-cases.js';
import {conformanceTable, digdeeperVerdict, refereeExpects, type ConformanceRow, type Verdict} from '../helpers/conformance-table.js';
import {labTrace} from '../helpers/lab.js';
import {missingTools, titled} from '../helpers/tools.js';

const run = promisify(execFile);

/*
 * The DNSSEC conformance suite (issue #21): every case's world served on port 53 of 127.79.x.y (never 127.77.*,
 * which the other integration files use), a validating Unbound with the world's trust anchors and BIND's delv with
 * the same ones (through a non-validating Unbound, as delv 9.18 needs a recursive server) are the referees; they
 * must agree with each other and with the designed verdict, and digdeeper with them. The table of all three is
 * docs/conformance.md, which must be what this run produced. Needs root (port 53): CI runs as root.
 */
const isRoot = process.getuid?.() === 0;
const missing = missingTools('dig', 'delv', 'unbound');
const DOC = new URL('../../docs/conformance.md', import.meta.url);

/** Each world's resolvers: a validating Unbound and the plain one delv asks. */
const VALIDATOR: Record<WorldName, string> = {rooted: '127.79.255.1', island: '127.79.255.3'};
const RESOLVER: Record<WorldName, string> = {rooted: '127.79.255.2', island: '127.79.255.4'};

describe('the conformance suite can run', () => {
	it('runs as root in CI, where Unbound and delv are installed', () => {
		if (process.env['CI']) expect(isRoot).toBe(true);
	});
});

describe.runIf(isRoot && missing === undefined)(titled(`DNSSEC conformance with Unbound and delv as referees${isRoot ? '' : ' (skipped: needs root for port 53)'}`, missing), () => {
	const worlds = new Map<WorldName, ConformanceWorld>();
	const labs: RunningLab[] = [];
	const resolvers: ChildProcess[] = [];
	const bindKeys = new Map<WorldName, string>();
	const rows = new Map<ConformanceCase, ConformanceRow>();

	beforeAll(async () => {
		const dir = await mkdtemp(path.join(tmpdir(), 'digdeeper-conformance-'));
		for (const name of WORLDS) {
			const world = buildConformanceWorld(name);
			worlds.set(name, world);
			labs.push(await serveLab(world.lab, {port: 53, latencyScale: 0}));
			const hintsFile = path.join(dir, `${name}.hints`);
			await writeFile(hintsFile, formatRootHints(loopbackHints(world.lab)));
			const anchorFile = path.join(dir, `${name}.anchor`);
			await writeFile(anchorFile, `${world.anchors.map(presentRecord).join('\n')}\n`);
			bindKeys.set(name, path.join(dir, `${name}.bind-keys`));
			await writeFile(bindKeys.get(name)!, bindTrustAnchors(world.anchors));
			for (const [role, address, anchors] of [['validator', VALIDATOR[name], anchorFile], ['resolver', RESOLVER[name], undefined]] as const) {
				const config = path.join(dir, `${name}-${role}.conf`);
				await writeFile(config, `${unboundConfig({dir, address, hintsFile, name: `${name}-${role}`, ...(anchors ? {anchorFile: anchors} : {})})}\tval-log-level: 2\n`);
				resolvers.push(spawn('unbound', ['-d', '-c', config], {stdio: 'ignore'}));
			}
		}
		for (const address of [...Object.values(VALIDATOR), ...Object.values(RESOLVER)]) {
			let answered = false;
			for (let attempt = 0; attempt < 50 && !answered; attempt++) {
				answered = await run('dig', [`@${address}`, '.', 'NS', '+tries=1', '+time=1']).then(
					({stdout}) => /status: NOERROR/u.test(stdout),
					() => false,
				);
				if (!answered) await new Promise((resolve) => setTimeout(resolve, 100));
			}
			if (!answered) throw new Error(`unbound at ${address} did not start answering`);
		}
	}, 60_000);

	afterAll(async () => {
		for (const resolver of resolvers) resolver.kill();
		await Promise.all(labs.map((lab) => lab.close()));
	});

	/** A resolver's reply to the case's question: its status (undefined when none came) and whether AD was set. */
	async function ask(resolver: string, test: ConformanceCase): Promise<{status?: string; ad: boolean}> {
		const {stdout} = await run('dig', [`@${resolver}`, test.name, test.type, '+dnssec', '+tries=1', '+time=10']).catch((error: {stdout?: string}) => ({stdout: error.stdout ?? ''}));
		const status = /status: (\w+)/u.exec(stdout)?.[1];
		return {...(status === undefined ? {} : {status}), ad: /^;; flags:[^;]* ad[ ;]/mu.test(stdout)};
	}

	/** A SERVFAIL is a validation failure only where the plain Unbound, which does not validate, answers. */
	async function failsWithoutValidation(test: ConformanceCase): Promise<boolean> {
		return (await ask(RESOLVER[test.world], test)).status === 'SERVFAIL';
	}

	/** Unbound's verdict: AD is secure, SERVFAIL bogus (a failure when it fails without validation too), any other reply insecure; no reply at all a failure. */
	async function unboundVerdict(test: ConformanceCase): Promise<Verdict> {
		const {status, ad} = await ask(VALIDATOR[test.world], test);
		if (status === undefined) return 'failure';
		if (status === 'SERVFAIL') return (await failsWithoutValidation(test)) ? 'failure' : 'bogus';
		return ad ? 'secure' : 'insecure';
	}

	/** delv's verdict, from the closest anchor at or above the name: "fully validated", "unsigned answer", or a failure. */
	async function delvVerdict(test: ConformanceCase): Promise<Verdict> {
		const args = ['-a', bindKeys.get(test.world)!, `+root=${closestAnchor(test.world, test.name)}`, `@${RESOLVER[test.world]}`, test.name, test.type];
		const {stdout, stderr} = await run('delv', args, {timeout: 30_000}).catch((error: {stdout?: string; stderr?: string}) => ({stdout: error.stdout ?? '', stderr: error.stderr ?? ''}));
		const said = `${stdout}${stderr}`;
		// "resolution failed: ncache nxdomain" only ends a negative answer; any other failure is a validation failure.
		if (/;; resolution failed: (?!ncache)/u.test(said)) return (await failsWithoutValidation(test)) ? 'failure' : 'bogus';
		// One marker per link of a CNAME chain: the chain is as secure as its weakest link.
		const markers = [...said.matchAll(/^; (?:negative response, )?(fully validated|unsigned answer)$/gmu)].map((match) => match[1]);
		if (markers.length === 0) return 'failure';
		return markers.includes('unsigned answer') ? 'insecure' : 'secure';
	}

	async function ourVerdict(test: ConformanceCase): Promise<{verdict: Verdict; reason: string}> {
		const world = worlds.get(test.world)!;
		const analysed = withAnalysis(await labTrace(test.name, test.type, {world: world.lab, families: [4]}), {anchors: {source: 'conformance', records: world.anchors}});
		return {verdict: digdeeperVerdict(analysed), reason: analysed.analysis.dnssec.outcome.reason};
	}

	for (const test of CONFORMANCE_CASES) {
		it(`${test.rule}: ${test.title} (${test.name} ${test.type}): Unbound, delv and digdeeper all say ${test.verdict}`, async () => {
			const [unbound, delv, ours] = await Promise.all([unboundVerdict(test), delvVerdict(test), ourVerdict(test)]);
			rows.set(test, {test, unbound, delv, digdeeper: ours.verdict});
			expect({unbound, delv}).toEqual({unbound: refereeExpects(test.verdict), delv: refereeExpects(test.verdict)});
			expect(ours.verdict, ours.reason).toBe(test.verdict);
		}, 40_000);
	}

	it('docs/conformance.md is the table this run produced', async () => {
		expect(rows.size).toBe(CONFORMANCE_CASES.length);
		const table = conformanceTable(CONFORMANCE_CASES.map((test) => rows.get(test)!));
		if (process.env['DIGDEEPER_WRITE_CONFORMANCE'] === '1') await writeFile(DOC, table);
		expect(await readFile(DOC, 'utf8')).toBe(table);
	});
});
