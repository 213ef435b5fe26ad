/*
 * A parent's NXDOMAIN for a name server's name reads as a registry that pulled the name server's domain (puri.sm.'s
 * suspension took pureos.net. down with it). A break test found two worlds where that reading blamed a registry
 * wrongly, as errors, while the traced name resolved:
 * - a name server named under a TLD that does not exist (`ns.provider.con.`, a typo): the root's NXDOMAIN says there
 *   is no `con.`, so there is no registry and no domain to blame, only a wrong name;
 * - names under a domain its parent keeps in its own zone (a.dns.two. and b.dns.two. answered by two.'s servers, no
 *   c.dns.two.): the zone that names all three still answered through the two that exist, so it was not "taken down".
 */
import {describe, expect, it} from 'vitest';
import {withAnalysis} from '../../source/analysis/analyze.js';
import {buildWorld, type ServerSpec} from '../../source/lab/world.js';
import {labTrace} from '../helpers/lab.js';

const SOA = (origin: string) => `@ SOA ns1.${origin} h.${origin} 1 1 1 1 1`;

function world(x: {oneHas: string; xNs: string; twoHas?: string}, servers: ServerSpec[]) {
	return buildWorld({
		roots: ['a.root.lab.'],
		stories: [],
		servers: [
			{name: 'a.root.lab.', ipv4: '127.77.213.1', zones: [{zone: '.'}]},
			{name: 'ns1.one.', ipv4: '127.77.213.2', zones: [{zone: 'one.'}]},
			{name: 'ns1.two.', ipv4: '127.77.213.3', zones: [{zone: 'two.'}]},
			...servers,
		],
		zones: [
			{origin: '.', text: ['@ SOA a.root.lab. h.lab. 1 1 1 1 1', '@ NS a.root.lab.', 'a.root.lab. A 127.77.213.1', 'one. NS ns1.one.', 'ns1.one. A 127.77.213.2', 'two. NS ns1.two.', 'ns1.two. A 127.77.213.3'].join('\n')},
			{origin: 'one.', text: [SOA('one.'), '@ NS ns1.one.', 'ns1 A 127.77.213.2', x.oneHas].join('\n')},
			{origin: 'two.', text: [SOA('two.'), '@ NS ns1.two.', 'ns1 A 127.77.213.3', x.twoHas ?? ''].join('\n')},
			{origin: 'x.one.', text: [SOA('x.one.'), x.xNs, 'www A 192.0.2.1'].join('\n')},
		],
	});
}

async function analysed(built: ReturnType<typeof world>) {
	const trace = await labTrace('www.x.one', 'A', {world: built, families: [4], dnssec: false});
	const {findings} = withAnalysis(trace, {anchors: {source: 'lab', records: built.trustAnchor}}).analysis;
	return {outcome: trace.outcome.status, findings: findings.map((finding) => `${finding.severity} ${finding.code} ${finding.message}`)};
}

describe("a parent's NXDOMAIN for a name server's name", () => {
	it('under a TLD that does not exist is a wrong name, not a domain a registry pulled', async () => {
		const typo = world(
			{oneHas: 'x NS ns1.x\nx NS ns.provider.con.\nns1.x A 127.77.213.7', xNs: '@ NS ns1.x.one.\n@ NS ns.provider.con.\nns1 A 127.77.213.7'},
			[{name: 'ns1.x.one.', ipv4: '127.77.213.7', zones: [{zone: 'x.one.'}]}],
		);
		const {outcome, findings} = await analysed(typo);
		expect(outcome).toBe('answer');
		expect(findings.filter((finding) => finding.includes('DELEGATION_MISSING'))).toEqual([]);
		expect(findings.filter((finding) => finding.includes('NS_NAME_UNRESOLVABLE'))).toEqual([expect.stringMatching(/^warning NS_NAME_UNRESOLVABLE x\.one\.: .*ns\.provider\.con\./u)]);
		expect(findings.filter((finding) => finding.startsWith('error'))).toEqual([]);
	});

	it('under a domain whose other names its parent still answers for: a warning that says so, and no zone "taken down" that answered', async () => {
		const kept = world(
			{oneHas: 'x NS a.dns.two.\nx NS b.dns.two.\nx NS c.dns.two.', xNs: '@ NS a.dns.two.\n@ NS b.dns.two.\n@ NS c.dns.two.', twoHas: 'a.dns A 127.77.213.5\nb.dns A 127.77.213.6'},
			[
				{name: 'a.dns.two.', ipv4: '127.77.213.5', zones: [{zone: 'x.one.'}]},
				{name: 'b.dns.two.', ipv4: '127.77.213.6', zones: [{zone: 'x.one.'}]},
			],
		);
		const {outcome, findings} = await analysed(kept);
		expect(outcome).toBe('answer');
		expect(findings.filter((finding) => finding.includes('DELEGATION_MISSING'))).toEqual([
			'warning DELEGATION_MISSING dns.two.: the two. servers say c.dns.two. does not exist (NXDOMAIN for c.dns.two.); they answer for a.dns.two. and b.dns.two. under it from their own zone; the registry does not delegate it',
		]);
		expect(findings.filter((finding) => finding.startsWith('error'))).toEqual([]);
	});

	it('beside a name server that is down, so the zone is down: an error, though not every name is under the domain', async () => {
		const dead = world({oneHas: 'x NS ns1.x\nx NS a.dns.two.\nns1.x A 127.77.213.8', xNs: '@ NS ns1.x.one.\n@ NS a.dns.two.\nns1 A 127.77.213.8'}, [{name: 'ns1.x.one.', ipv4: '127.77.213.8', down: true, zones: [{zone: 'x.one.'}]}]);
		const {outcome, findings} = await analysed(dead);
		expect(outcome).toBe('failure');
		expect(findings.filter((finding) => finding.includes('DELEGATION_MISSING'))).toEqual([
			'error DELEGATION_MISSING dns.two.: the two. servers say it does not exist (NXDOMAIN for a.dns.two.); the registry does not delegate it',
		]);
	});

	it('under a domain that takes down the zone whose every name is under it: an error that says so', async () => {
		const gone = world({oneHas: 'x NS a.dns.two.\nx NS b.dns.two.', xNs: '@ NS a.dns.two.\n@ NS b.dns.two.'}, []);
		const {outcome, findings} = await analysed(gone);
		expect(outcome).toBe('failure');
		expect(findings.filter((finding) => finding.includes('DELEGATION_MISSING'))).toEqual([
			expect.stringMatching(/^error DELEGATION_MISSING dns\.two\.: the two\. servers say it does not exist \(NXDOMAIN for [ab]\.dns\.two\.\); the registry does not delegate it, which also takes down x\.one\. \(its name servers are under dns\.two\.\)$/u),
		]);
	});
});
