import {beforeAll, describe, expect, it} from 'vitest';
import {withAnalysis, type AnalysedTrace} from '../../source/analysis/analyze.js';
import {failureUsersWaitOn, outcomeBasis, outcomeCauses} from '../../source/analysis/failure-cause.js';
import type {AnalysedFinding} from '../../source/analysis/finding.js';
import {traceFacts} from '../../source/compare/trace-facts.js';
import {buildWorld, type LabWorld} from '../../source/lab/world.js';
import {renderTraceText} from '../../source/text/trace-text.js';
import {labTrace, labWorld} from '../helpers/lab.js';
import {failedAtTheRoot, timeoutAt} from '../helpers/misplaced-cause.js';

/*
 * The text's line under a failed outcome (";;   CODE (zone): Once it is fixed, …") and the explorer's "fix seen ≤ …"
 * say when users see the fix of the failure's cause. Once they took the first error with a cached wait, whatever
 * zone it was about: a zone only a differing referral led to, or one the walk never needed, was named as the cause.
 */

const ROOT = '@ SOA a.root.lab. h.lab. 1 1 1 1 1\n@ NS a.root.lab.\na.root.lab. A 127.77.209.1\none. NS ns1.one.\none. NS ns2.one.\nns1.one. A 127.77.209.2\nns2.one. A 127.77.209.3';
const ONE_APEX = '@ NS ns1.one.\n@ NS ns2.one.\nns1.one. A 127.77.209.2\nns2.one. A 127.77.209.3';

/**
 * ns1.one. delegates child.one., whose one server refuses it (a lame delegation): the walk follows ns1.one. (first in
 * name order) and fails there. ns2.one. serves an old copy of one. that delegated x.child.one. straight to a server
 * that is dead: the walk follows that referral too, as a variant, and finds a SERVER_TIMEOUT, which sorts before the
 * refusal (a dead server ranks before a refusing one). It is no cause of the failure at child.one.
 */
const VARIANT_BELOW: LabWorld = buildWorld({
	roots: ['a.root.lab.'],
	stories: [],
	servers: [
		{name: 'a.root.lab.', ipv4: '127.77.209.1', zones: [{zone: '.'}]},
		{name: 'ns1.one.', ipv4: '127.77.209.2', zones: [{zone: 'one.'}]},
		{name: 'ns2.one.', ipv4: '127.77.209.3', zones: [{zone: 'one.', copy: {origin: 'one.', text: `@ SOA ns1.one. h.one. 1 1 1 1 1\n${ONE_APEX}\nx.child NS ns.x.child.one.\nns.x.child.one. A 127.77.209.5`}}]},
		{name: 'ns.child.one.', ipv4: '127.77.209.4', zones: [{zone: 'child.one.', mode: 'refuse'}]},
		{name: 'ns.x.child.one.', ipv4: '127.77.209.5', down: true, zones: [{zone: 'x.child.one.'}]},
	],
	zones: [
		{origin: '.', text: ROOT},
		{origin: 'one.', text: `@ SOA ns1.one. h.one. 2 1 1 1 1\n${ONE_APEX}\nchild NS ns.child.one.\nns.child.one. A 127.77.209.4`},
		{origin: 'child.one.', text: '@ SOA ns.child.one. h.child.one. 1 1 1 1 1\n@ NS ns.child.one.\nns A 127.77.209.4\nx NS ns.x.child.one.\nns.x A 127.77.209.5'},
		{origin: 'x.child.one.', text: '@ SOA ns.x.child.one. h.x.child.one. 1 1 1 1 1\n@ NS ns.x.child.one.\nns A 127.77.209.5\nwww A 192.0.2.1'},
	],
});

const analysed = async (name: string, world: LabWorld, type = 'A') => withAnalysis(await labTrace(name, type, {world, families: [4]}), {anchors: {source: 'lab', records: world.trustAnchor}});

/** The outcome's fix line of --text, or none. */
const fixLines = (traced: AnalysedTrace) => String(renderTraceText(traced, {toolVersion: 'test'})).split('\n').filter((line) => /^;; {3}[A-Z_]+ \(/u.test(line));

const codeAndZone = (finding: AnalysedFinding | undefined) => finding && `${finding.code} ${finding.zone}`;

describe('the failure\'s cause whose fix users wait for', () => {
	let variant: AnalysedTrace;
	beforeAll(async () => {
		variant = await analysed('www.x.child.one.', VARIANT_BELOW);
	}, 60_000);

	it('is not a zone below the failure that only another parent server\'s referral led to', () => {
		expect(variant.trace.outcome).toMatchObject({status: 'failure', zone: 'child.one.', reason: 'no server of child.one. gave a usable answer (1 refused)'});
		// The variant's dead server is the first error, and has a wait of its own: it was named as the cause.
		expect(codeAndZone(variant.analysis.findings[0])).toBe('SERVER_TIMEOUT x.child.one.');
		expect([...outcomeBasis(variant.trace).zones]).toEqual(['.', 'one.', 'child.one.']);
		expect(fixLines(variant)).toEqual([
			';;   SERVER_REFUSED (child.one.): Once it is fixed, a server brought back answers at once; one removed from the NS set is still asked, by resolvers that cached the NS set, for up to 1 hour (3600 s: the TTL of child.one. NS as one. delegates it).',
		]);
	});

	it('is nothing when no error about a zone the walk rested on was found: no line rather than a wrong one', async () => {
		// A trace that failed at the root (as a doctored snapshot had it), beside an error about example.com., a zone the
		// walk never reached: the old pick named it.
		const atTheRoot = failedAtTheRoot(await analysed('www.example.com.', labWorld()));
		expect(codeAndZone(atTheRoot.analysis.findings[0])).toBe('SERVER_TIMEOUT example.com.');
		expect(failureUsersWaitOn(atTheRoot.trace, atTheRoot.analysis.findings)).toBeUndefined();
		expect(fixLines(atTheRoot)).toEqual([]);
		// The same error about the root, where the walk stopped, is the cause.
		expect(codeAndZone(failureUsersWaitOn(atTheRoot.trace, [timeoutAt('.')]))).toBe('SERVER_TIMEOUT .');
	});

	it('is still a missing delegation below the zone that denied the name: the denial is its parent\'s word', async () => {
		const suspended = await analysed('www.puri.sm.', labWorld());
		expect(suspended.trace.outcome).toMatchObject({status: 'nxdomain', zone: 'sm.'});
		expect([...outcomeBasis(suspended.trace).denied]).toEqual(['www.puri.sm.', 'puri.sm.']);
		expect(fixLines(suspended)).toEqual([';;   DELEGATION_MISSING (puri.sm.): Once it is fixed, resolvers that cached the denial see the change within 1 hour (3600 s: the negative TTL of sm.).']);
	});

	it('is still the zone the name servers\' names live in, however many look-ups away', async () => {
		// pureos.net.'s servers are named under puri.sm., which sm. no longer delegates: the look-up of ns1.puri.sm. was denied.
		const collateral = await analysed('www.pureos.net.', labWorld());
		expect(collateral.trace.outcome).toMatchObject({status: 'failure', zone: 'pureos.net.'});
		expect(fixLines(collateral)).toEqual([';;   DELEGATION_MISSING (puri.sm.): Once it is fixed, resolvers that cached the denial see the change within 1 hour (3600 s: the negative TTL of sm.).']);
		// tox.im.'s servers are named under servicex-dns.com., whose servers are named under servicey.net., which times out.
		const transitive = await analysed('tox.im.', labWorld());
		expect(outcomeBasis(transitive.trace).zones).toEqual(new Set(['.', 'im.', 'tox.im.', 'com.', 'servicex-dns.com.', 'net.', 'servicey.net.']));
		expect(fixLines(transitive)).toEqual([
			';;   SERVER_TIMEOUT (servicey.net.): Once it is fixed, a server brought back answers at once; one removed from the NS set is still asked, by resolvers that cached the NS set, for up to 2 days (172800 s: the TTL of servicey.net. NS as net. delegates it).',
		]);
	}, 60_000);

	it('is the TLD itself when every one of its servers is dead', async () => {
		const abandoned = await analysed('nic.xn--mgbai9azgqp6j.', labWorld());
		expect(codeAndZone(failureUsersWaitOn(abandoned.trace, abandoned.analysis.findings))).toBe('SERVER_TIMEOUT xn--mgbai9azgqp6j.');
	});

	it('is none for an answer', async () => {
		const rollover = await analysed('www.rollover.net.', labWorld());
		// A bogus answer has an error with a wait (its DS), but the walk got its answer: nothing failed.
		expect(codeAndZone(rollover.analysis.findings[0])).toBe('DS_NO_MATCHING_DNSKEY rollover.net.');
		expect(outcomeCauses(rollover.trace, rollover.analysis.findings)).toEqual([]);
		expect(fixLines(rollover)).toEqual([]);
	});

	it('decides whether a watch\'s timeline draws a denial as an outage: an error about a zone off its path is no cause', async () => {
		const missing = await analysed('nosuch.example.com.', labWorld());
		expect(missing.trace.outcome).toMatchObject({status: 'nxdomain', zone: 'example.com.'});
		const tone = (findings: AnalysedFinding[]) => [...traceFacts({...missing, analysis: {...missing.analysis, findings}}).values()].find((fact) => fact.kind === 'outcome')?.tone;
		expect(tone(missing.analysis.findings)).toBe('warn');
		expect(tone([timeoutAt('example.org.'), ...missing.analysis.findings])).toBe('warn');
		expect(tone([timeoutAt('example.com.'), ...missing.analysis.findings])).toBe('bad');
	});
});
