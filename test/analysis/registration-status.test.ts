import {describe, expect, it} from 'vitest';
import {withAnalysis, type AnalysedTrace} from '../../source/analysis/analyze.js';
import {partiesInWords} from '../../source/analysis/finding-catalogue.js';
import {parseUserName} from '../../source/dns/name.js';
import {registrationResult} from '../../source/rdap/parse-domain.js';
import type {Registration, RegistrationLookup} from '../../source/rdap/registration.js';
import type {Trace} from '../../source/trace/model.js';
import {lookupInWords} from '../../source/text/registration-text.js';
import {labTrace, labWorld} from '../helpers/lab.js';

const REGISTRAR = {
	roles: ['registrar'],
	publicIds: [{type: 'IANA Registrar ID', identifier: '9999'}],
	vcardArray: ['vcard', [['fn', {}, 'text', 'Example Registrar']]],
	entities: [{roles: ['abuse'], vcardArray: ['vcard', [['email', {}, 'text', 'abuse@registrar.example']]]}],
};

/** What a registry would answer for the domain: its statuses, expiry and name servers on file. */
function lookup(domain: string, object: {status?: string[]; expires?: string; nameservers?: string[]}): RegistrationLookup {
	const body = JSON.stringify({
		objectClassName: 'domain',
		ldhName: domain,
		status: object.status ?? ['active'],
		events: object.expires ? [{eventAction: 'expiration', eventDate: object.expires}] : [],
		nameservers: (object.nameservers ?? []).map((ldhName) => ({ldhName})),
		entities: [REGISTRAR],
	});
	const exchange = {url: `https://rdap.example/domain/${domain}`, status: 200, body, ms: 12};
	return {domain: parseUserName(domain).name, reason: 'query', exchange, result: registrationResult(exchange, parseUserName(domain).name)};
}

let healthy: Trace | undefined;
/** www.example.com traced once through the lab (healthy: delegated by com. to ns1 and ns2.example.com), with a registry's answer beside it. */
async function withRegistration(...lookups: RegistrationLookup[]): Promise<AnalysedTrace> {
	healthy ??= await labTrace('www.example.com');
	const registration: Registration = {bootstrap: 'test', lookups};
	return withAnalysis({...healthy, registration}, {anchors: {source: 'lab', records: labWorld().trustAnchor}});
}

/** The findings beyond the one the healthy trace has of itself (SINGLE_POINT_OF_FAILURE: both servers on one network). */
const codes = ({analysis}: AnalysedTrace) => analysis.findings.filter((finding) => finding.code !== 'SINGLE_POINT_OF_FAILURE').map((finding) => `${finding.code} ${finding.zone}`);

describe('what a registry says of a domain that is still delegated', () => {
	it('server hold: REGISTRY_HOLD, with the registrar to call by name, IANA ID and abuse contact', async () => {
		const analysed = await withRegistration(lookup('example.com', {status: ['server hold']}));
		expect(codes(analysed)).toEqual(['REGISTRY_HOLD example.com.']);
		const hold = analysed.analysis.findings.find((finding) => finding.code === 'REGISTRY_HOLD');
		expect(hold!.message).toBe('example.com.: the registry has it on server hold (RDAP status: server hold)');
		expect(partiesInWords(hold!.parties)).toBe('the registrar: Example Registrar, IANA ID 9999, abuse@registrar.example; the registry (TLD operator): .com, nstld@verisign-grs.com');
	});

	it('client hold: REGISTRAR_HOLD', async () => {
		expect(codes(await withRegistration(lookup('example.com', {status: ['client hold']})))).toEqual(['REGISTRAR_HOLD example.com.']);
	});

	it('pending delete and the redemption period: DOMAIN_PENDING_DELETE, once', async () => {
		expect(codes(await withRegistration(lookup('example.com', {status: ['redemption period', 'pending delete']})))).toEqual(['DOMAIN_PENDING_DELETE example.com.']);
	});

	it('an expiry date before the trace: DOMAIN_EXPIRED; one after it: nothing', async () => {
		expect(codes(await withRegistration(lookup('example.com', {status: ['active', 'auto renew period'], expires: '2020-01-01T00:00:00Z'})))).toEqual(['DOMAIN_EXPIRED example.com.']);
		expect(codes(await withRegistration(lookup('example.com', {expires: '2999-01-01T00:00:00Z'})))).toEqual([]);
		// A date with an offset is said as its UTC moment, the registry's own words beside it.
		const offset = await withRegistration(lookup('example.com', {expires: '2020-01-01T00:00:00+02:00'}));
		expect(offset.analysis.findings.find((finding) => finding.code === 'DOMAIN_EXPIRED')!.message).toBe('example.com.: the registration expired on 2019-12-31 22:00 UTC (the registry wrote 2020-01-01T00:00:00+02:00) (RDAP), before this trace');
		expect(lookupInWords(offset.trace.registration!.lookups[0]!)).toContain('; expires 2019-12-31 22:00 UTC (the registry wrote 2020-01-01T00:00:00+02:00)');
		// A year past 9999 once in UTC is written out, not as ISO's extended year (+010000).
		const far = await withRegistration(lookup('example.com', {expires: '9999-12-31T23:59:59-12:00'}));
		expect(lookupInWords(far.trace.registration!.lookups[0]!)).toContain('; expires 10000-01-01 11:59 UTC (the registry wrote 9999-12-31T23:59:59-12:00)');
		// A date that is no RFC 3339 date-time is dropped, though JavaScript would read it as the year 2001 or 2000.
		expect(codes(await withRegistration(lookup('example.com', {expires: '1'}), lookup('example.net', {expires: 'Sat, 01 Jan 2000 00:00:00 GMT'})))).toEqual([]);
	});

	it('name servers on file that the parent does not delegate to: REGISTRY_NS_DIFFER, naming both sides', async () => {
		const analysed = await withRegistration(lookup('example.com', {nameservers: ['ns1.example.com', 'ns9.example.com']}));
		expect(codes(analysed)).toEqual(['REGISTRY_NS_DIFFER example.com.']);
		expect(analysed.analysis.findings.find((finding) => finding.code === 'REGISTRY_NS_DIFFER')!.message).toBe('example.com.: the name servers on file at the registry (RDAP) are not the ones com. delegates to; only on file: ns9.example.com.; only delegated: ns2.example.com.');
	});

	it('the same name servers, in any case or order, with or without the final dot: nothing', async () => {
		expect(codes(await withRegistration(lookup('example.com', {nameservers: ['NS2.example.com.', 'ns1.example.com']})))).toEqual([]);
	});

	it('a registry that could not be asked, or has no such domain: no finding', async () => {
		const unreachable: RegistrationLookup = {domain: 'example.com.', reason: 'query', exchange: {url: 'https://rdap.example/domain/example.com', error: 'ECONNREFUSED rdap.example', ms: 3}, result: {kind: 'unreachable', reason: 'ECONNREFUSED rdap.example'}};
		expect(codes(await withRegistration(unreachable))).toEqual([]);
		const notFound = {...unreachable, exchange: {url: unreachable.exchange.url!, status: 404, body: '{}', ms: 3}, result: {kind: 'not-found' as const}};
		expect(codes(await withRegistration(notFound))).toEqual([]);
	});
});
