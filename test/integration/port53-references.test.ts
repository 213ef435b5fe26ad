import {execFile, spawn, type ChildProcess} from 'node:child_process';
import {writeFile} from 'node:fs/promises';
import path from 'node:path';
import {promisify} from 'node:util';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {withAnalysis} from '../../source/analysis/analyze.js';
import {bindTrustAnchors} from '../../source/commands/resolver-files.js';
import {presentRecord} from '../../source/dns/present.js';
import type {RunningLab} from '../../source/lab/loopback-server.js';
import {serveLabForTools} from '../helpers/loopback.js';
import {LAB_RESOLVER, unboundConfig} from '../../source/lab/resolver-config.js';
import {labTrace, labWorld} from '../helpers/lab.js';
import {planStories, printedOutcome, recordLines} from '../helpers/outcomes.js';
import {missingTools, titled} from '../helpers/tools.js';

const run = promisify(execFile);

/*
 * Reference implementations that need the lab on port 53 (one file, so nothing else binds it meanwhile).
 * BIND 9.18's `dig +trace` looks every NS name up through the system resolver, even when glue is present, and
 * always on port 53. So the lab is served on port 53 of its 127.77.x.y addresses, Debian's unbound iterates from
 * the lab's root as an independent resolver, and dig runs in a private mount namespace whose /etc/resolv.conf
 * points at that unbound. A second unbound validates DNSSEC from the lab's trust anchor, and BIND's delv validates
 * on its own through the first. It needs root (port 53, unshare --mount): CI runs as root.
 */
const isRoot = process.getuid?.() === 0;
const plans = await planStories();
const missing = missingTools('dig', 'delv', 'unbound');
const RESOLVER = LAB_RESOLVER;
const VALIDATOR = '127.77.255.54';

describe('the dig +trace cross-check can run', () => {
	it('runs as root in CI, where the reference tools are installed', () => {
		if (process.env['CI']) expect(isRoot).toBe(true);
	});
});

describe.runIf(isRoot && missing === undefined)(titled(`cross-check with BIND dig +trace, NS names resolved by unbound${isRoot ? '' : ' (skipped: needs root for port 53)'}`, missing), () => {
	let lab: RunningLab;
	let unbound: ChildProcess;
	let validator: ChildProcess;
	let resolvConf: string;
	let bindKeys: string;

	beforeAll(async () => {
		const served = await serveLabForTools(53);
		lab = served.lab;
		const {dir, hintsFile} = served;
		const world = labWorld();
		await writeFile(path.join(dir, 'lab.anchor'), `${world.trustAnchor.filter((record) => record.type === 'DS').map(presentRecord).join('\n')}\n`);
		bindKeys = path.join(dir, 'lab.bind-keys');
		await writeFile(bindKeys, bindTrustAnchors(world.trustAnchor));
		await writeFile(path.join(dir, 'unbound.conf'), unboundConfig({dir, address: RESOLVER, hintsFile, name: 'unbound'}));
		await writeFile(path.join(dir, 'validator.conf'), unboundConfig({dir, address: VALIDATOR, hintsFile, anchorFile: path.join(dir, 'lab.anchor'), name: 'validator'}));
		resolvConf = path.join(dir, 'resolv.conf');
		await writeFile(resolvConf, `nameserver ${RESOLVER}\n`);
		unbound = spawn('unbound', ['-d', '-c', path.join(dir, 'unbound.conf')], {stdio: 'ignore'});
		validator = spawn('unbound', ['-d', '-c', path.join(dir, 'validator.conf')], {stdio: 'ignore'});
		for (const address of [RESOLVER, VALIDATOR]) {
			let answered = false;
			for (let attempt = 0; attempt < 50 && !answered; attempt++) {
				answered = await run('dig', [`@${address}`, 'www.example.com', '+short', '+tries=1', '+time=1']).then(
					({stdout}) => stdout.includes('192.0.2.10'),
					() => false,
				);
				if (!answered) await new Promise((resolve) => setTimeout(resolve, 100));
			}
			if (!answered) throw new Error(`unbound at ${address} did not start answering for the lab`);
		}
	}, 30_000);

	afterAll(async () => {
		unbound?.kill();
		validator?.kill();
		await lab?.close();
	});

	/** The validating unbound's verdict: rcode and whether it set AD. */
	async function validate(name: string, type: string): Promise<{status: string; ad: boolean}> {
		const {stdout} = await run('dig', [`@${VALIDATOR}`, name, type, '+dnssec', '+tries=1', '+time=5']);
		return {status: /status: (\w+)/u.exec(stdout)?.[1] ?? '?', ad: /^;; flags:[^;]* ad[ ;]/mu.test(stdout)};
	}

	// Names without dead servers: unbound might try a dead one first and outlast dig's patience.
	for (const name of ['www.example.com', 'www.shop.com', 'ftp.example.com', 'nic.xn--wgbh1c', 'ns1.desec.org', 'www.secondary.org']) {
		it(`unbound validates ${name} as secure from the lab trust anchor (AD)`, async () => {
			expect(await validate(name, 'A')).toEqual({status: 'NOERROR', ad: true});
		});
	}

	it('unbound accepts the signed denials: NXDOMAIN with NSEC, NODATA, and through NSEC3 opt-out to an unsigned child', async () => {
		expect(await validate('nosuch.example.com', 'A')).toEqual({status: 'NXDOMAIN', ad: true});
		expect(await validate('nosuch.shop.com', 'A')).toEqual({status: 'NXDOMAIN', ad: true});
		expect(await validate('www.example.com', 'AAAA')).toEqual({status: 'NOERROR', ad: true});
		expect(await validate('www.example.net', 'A')).toEqual({status: 'NOERROR', ad: false});
		expect(await validate('pch.ns.td', 'A')).toEqual({status: 'NOERROR', ad: false});
	});

	it('unbound rejects the botched rollover (a DS for a key the zone does not have) as bogus', async () => {
		expect((await validate('www.rollover.net', 'A')).status).toBe('SERVFAIL');
	});

	it('unbound rejects the expired signatures on the NS addresses of xn--wgbh1c.', async () => {
		expect((await validate('ns1.nic.xn--wgbh1c', 'A')).status).toBe('SERVFAIL');
	});

	/**
	 * What the validating unbound makes of a name, in our words: AD is `secure`; SERVFAIL with a DNSSEC extended error
	 * (RFC 8914 codes 1-12), or one that +cd (no validation) turns into an answer, is `bogus`; SERVFAIL either way, or
	 * no reply at all, is `failure`; any other reply is `insecure`.
	 */
	async function unboundVerdict(name: string, type: string): Promise<string> {
		const ask = (...flags: string[]) =>
			run('dig', [`@${VALIDATOR}`, name, type, '+dnssec', '+tries=1', '+time=20', ...flags]).then(
				({stdout}) => stdout,
				(error: {stdout?: string}) => error.stdout ?? '',
			);
		const stdout = await ask();
		const status = /status: (\w+)/u.exec(stdout)?.[1];
		if (status === undefined) return 'failure';
		if (status !== 'SERVFAIL') return /^;; flags:[^;]* ad[ ;]/mu.test(stdout) ? 'secure' : 'insecure';
		const ede = Number(/; EDE: (\d+)/u.exec(stdout)?.[1] ?? 0);
		if (ede >= 1 && ede <= 12) return 'bogus';
		const unchecked = /status: (\w+)/u.exec(await ask('+cd'))?.[1];
		return unchecked === 'NOERROR' || unchecked === 'NXDOMAIN' ? 'bogus' : 'failure';
	}

	// The rule: our verdict is what a validating resolver that retries other servers on bogus data gets. A
	// trace that found no answer is `indeterminate` for us and a SERVFAIL without DNSSEC cause for unbound.
	// Side by side: most stories wait on unbound's own time-outs at dead servers (20 s each for three of them), not a core.
	for (const plan of plans) {
		it.concurrent(`every story: ${plan.label} has the DNSSEC verdict the validating unbound has`, async () => {
			const world = labWorld();
			const {trace, analysis} = withAnalysis(await labTrace(plan.name, plan.type, {families: [4]}), {anchors: {source: 'lab', records: world.trustAnchor}});
			const ours = analysis.dnssec.outcome.status === 'indeterminate' && trace.outcome.status === 'failure' ? 'failure' : analysis.dnssec.outcome.status;
			// A referee is a resolver: on a loaded machine its own time-outs (www.nic.bw has a dead server) can end in a
			// SERVFAIL with no DNSSEC cause. It is asked again, as a user would, before its word is taken.
			let theirs = await unboundVerdict(plan.name, plan.type);
			for (let retry = 0; retry < 2 && theirs === 'failure' && ours !== 'failure'; retry++) {
				await new Promise((resolve) => setTimeout(resolve, 3000));
				theirs = await unboundVerdict(plan.name, plan.type);
			}
			expect(ours, analysis.dnssec.outcome.reason).toBe(theirs);
		}, 60_000);
	}

	it('BIND delv validates the healthy chain itself, from the lab trust anchor', async () => {
		const {stdout} = await run('delv', ['-a', bindKeys, '+root=.', `@${RESOLVER}`, 'www.example.com', 'A']);
		expect(stdout).toContain('; fully validated');
		expect(stdout).toMatch(/www\.example\.com\.\s+\d+\s+IN\s+A\s+192\.0\.2\.10/u);
	});

	it('BIND delv finds the botched rollover bogus', async () => {
		const result = await run('delv', ['-a', bindKeys, '+root=.', `@${RESOLVER}`, 'www.rollover.net', 'A']).catch((error: {stdout: string; stderr: string}) => error);
		expect(`${result.stdout}${result.stderr}`).toMatch(/resolution failed|broken trust chain|no valid|insecurity proof failed/u);
	});

	/** The zone cuts dig +trace walked (owners of the NS sets it printed) and the records of its last response. */
	async function digTrace(name: string, type: string): Promise<{cuts: string[]; last: string[][]}> {
		const {stdout} = await run('unshare', ['--mount', 'sh', '-c', `mount --bind "${resolvConf}" /etc/resolv.conf && exec dig -4 +trace +nodnssec +tries=1 +time=1 @127.77.0.1 ${name} ${type}`], {
			timeout: 30_000,
		});
		const blocks: string[][][] = [[]];
		for (const line of stdout.split('\n')) {
			if (line.startsWith(';; Received')) blocks.push([]);
			else if (/^\S*\.\s+\d+\s+IN\s+/u.test(line)) blocks.at(-1)!.push(line.split(/\s+/u));
		}
		const records = blocks.flat();
		const cuts = [...new Set(records.filter((fields) => fields[3] === 'NS').map((fields) => fields[0]!.toLowerCase()))];
		const last = blocks.filter((block) => block.length > 0).at(-1) ?? [];
		return {cuts, last};
	}

	// Only names whose servers all agree: dig asks one server per cut, picked at random, so on example.net (one
	// refuses, one refers upward, one is stale) its answer depends on the draw — the blind spot digdeeper is for.
	for (const [name, type] of [
		['www.example.com', 'A'],
		['mail.example.com', 'MX'],
		['ftp.example.com', 'A'],
		['ns1.dnsprovider.net', 'AAAA'],
	] as const) {
		it(`walks the same zone cuts to the same answer for ${name} ${type}`, async () => {
			const ours = await labTrace(name, type, {families: [4]});
			const theirs = await digTrace(name, type);
			const ourCuts = ours.resolutions[0]!.steps.filter((step) => step.result === 'referral').map((step) => step.next!);
			expect(theirs.cuts).toEqual(['.', ...ourCuts]);
			const ourAnswer = ours.outcome.records.filter((record) => record.type === type).map((record) => record.name);
			expect(theirs.last.filter((fields) => fields[3] === type).map((fields) => fields[0])).toEqual(ourAnswer);
		}, 40_000);
	}

	for (const plan of plans) {
		it.concurrent(`every story: ${plan.label} ends where digdeeper's walk ends`, async () => {
			const {stdout} = await run(
				'unshare',
				['--mount', 'sh', '-c', `mount --bind "${resolvConf}" /etc/resolv.conf && exec dig -4 +trace +nodnssec +tries=1 +time=1 @127.77.0.1 ${plan.name} ${plan.type}`],
				{timeout: 30_000},
			).catch((error: {stdout?: string}) => ({stdout: error.stdout ?? ''}));
			expect(plan.allowed).toContain(printedOutcome(recordLines(stdout), plan.name, plan.type));
		}, 40_000);
	}

	it('stops at the CNAME in shop.com, where digdeeper goes on into cdnhost.net', async () => {
		const ours = await labTrace('www.shop.com', 'A', {families: [4]});
		const theirs = await digTrace('www.shop.com', 'A');
		expect(theirs.cuts).toEqual(['.', 'com.', 'shop.com.']);
		expect(theirs.last.map((fields) => `${fields[3]} ${fields[4]}`)).toEqual(['CNAME shop.cdnhost.net.']);
		expect(ours.outcome.records.filter((record) => record.type !== 'RRSIG').map((record) => record.type)).toEqual(['CNAME', 'A']);
	}, 40_000);

	it('agrees that www.puri.sm ends at sm. with the SOA of a denial', async () => {
		const theirs = await digTrace('www.puri.sm', 'A');
		expect(theirs.cuts).toEqual(['.', 'sm.']);
		expect(theirs.last.map((fields) => fields[3])).toEqual(['SOA']);
		expect((await labTrace('www.puri.sm', 'A', {families: [4]})).outcome).toMatchObject({status: 'nxdomain', zone: 'sm.'});
	}, 40_000);
});
