import {describe, expect, it} from 'vitest';
import {isRfc3339, parseDomainObject} from '../../source/rdap/parse-domain.js';
import {rdapStatus} from '../../source/rdap/rdap-status.js';
import {lookupInWords} from '../../source/text/registration-text.js';

const read = (object: Record<string, unknown>, domain = 'puri.sm.') => parseDomainObject(JSON.stringify({objectClassName: 'domain', ...object}), domain);

describe('a domain object is about the domain asked', () => {
	it('is read when its ldhName is the domain, in any case, with or without the final dot', () => {
		expect(read({ldhName: 'PURI.SM.', status: ['server hold']})).toEqual({facts: {statuses: ['server hold'], nameservers: []}});
		expect(read({ldhName: 'xn--bcher-kva.example', status: ['active']}, 'xn--bcher-kva.example.')).toMatchObject({facts: {statuses: ['active']}});
	});

	it('with an ldhName written as a U-label, or empty beside a unicodeName: the same domain, in A-labels', () => {
		expect(read({ldhName: 'bücher.example'}, 'xn--bcher-kva.example.')).toMatchObject({facts: {statuses: []}});
		expect(read({ldhName: '', unicodeName: 'puri.sm', status: ['server hold']})).toMatchObject({facts: {statuses: ['server hold']}});
	});

	it('without an ldhName, is read by its unicodeName in A-labels', () => {
		expect(read({unicodeName: 'bücher.example.', status: ['server hold']}, 'xn--bcher-kva.example.')).toEqual({facts: {statuses: ['server hold'], nameservers: []}});
		expect(read({unicodeName: 'Puri.SM', status: ['active']})).toMatchObject({facts: {statuses: ['active']}});
	});

	it('is unusable when it is about another domain, or names none', () => {
		expect(read({ldhName: 'google.com', status: ['client hold']})).toEqual({problem: 'the answer is about another domain (google.com, where puri.sm was asked)'});
		expect(read({ldhName: 'x', status: ['client hold']})).toEqual({problem: 'the answer is about another domain (x, where puri.sm was asked)'});
		expect(read({status: ['client hold']})).toEqual({problem: 'the answer names no domain (neither ldhName nor unicodeName), where puri.sm was asked'});
		expect(read({ldhName: 7, status: ['client hold']})).toEqual({problem: 'the answer names no domain (neither ldhName nor unicodeName), where puri.sm was asked'});
		expect(read({unicodeName: 'google.com', status: ['client hold']})).toEqual({problem: 'the answer is about another domain (google.com, where puri.sm was asked)'});
		// An empty name names nothing, whatever the other member says of it.
		expect(read({ldhName: '', unicodeName: ''})).toEqual({problem: 'the answer names no domain (neither ldhName nor unicodeName), where puri.sm was asked'});
		expect(read({unicodeName: '...'})).toEqual({problem: 'the answer is about another domain (..., where puri.sm was asked)'});
	});
});

describe('one odd member never hides the rest', () => {
	it('keeps a hold status beside an unreadable vCard, a numeric publicId and a name server given only in Unicode', () => {
		const facts = read({
			ldhName: 'puri.sm',
			status: ['server hold'],
			entities: [{roles: ['registrar'], vcardArray: 'not a vcard', publicIds: [{type: 'IANA Registrar ID', identifier: 9999}]}],
			nameservers: [{ldhName: 'ns1.puri.sm'}, {unicodeName: 'ns.bücher.example'}],
		});
		expect(facts).toEqual({facts: {statuses: ['server hold'], registrar: {}, nameservers: ['ns.xn--bcher-kva.example.', 'ns1.puri.sm.'], unreadable: ['publicIds', 'vcardArray']}});
		if (!('facts' in facts)) return;
		expect(lookupInWords({domain: 'puri.sm.', reason: 'query', exchange: {ms: 0}, result: {kind: 'found', facts: facts.facts}})).toBe(
			'status server hold (the registry took it out of the DNS); registrar unnamed; name servers on file ns.xn--bcher-kva.example. ns1.puri.sm.; some fields unreadable (publicIds, vcardArray)',
		);
	});

	it('drops the whole list of name servers when one is no name, so no difference is claimed from half a list', () => {
		expect(read({ldhName: 'puri.sm', nameservers: [{ldhName: 'ns1.puri.sm'}, {}]})).toEqual({facts: {statuses: [], nameservers: [], unreadable: ['nameservers']}});
	});

	it('reads a status given as a lone string as a list of one, and keeps every known status among hundreds of others', () => {
		expect(read({ldhName: 'puri.sm', status: 'server hold'})).toEqual({facts: {statuses: ['server hold'], nameservers: []}});
		const many = [...Array.from({length: 100}, (_, index) => `odd ${index}`), 'clientHold'];
		const facts = read({ldhName: 'puri.sm', status: many});
		expect(facts).toMatchObject({facts: {unreadable: ['status']}});
		const statuses = 'facts' in facts ? facts.facts.statuses : [];
		expect(statuses).toContain('client hold');
		expect(statuses).toHaveLength(33);
		expect(read({ldhName: 'puri.sm', status: {hold: true}})).toEqual({facts: {statuses: [], nameservers: [], unreadable: ['status']}});
	});
});

describe('statuses under any spelling', () => {
	it('map RFC 8056\'s EPP spellings and odd case or spacing to the RDAP names', () => {
		expect(['serverHold', 'clientHold', 'pendingDelete', 'redemptionPeriod', 'inactive', 'autoRenewPeriod', 'client  hold', 'ClientHold', 'ok', 'SERVER_HOLD'].map(rdapStatus)).toEqual([
			'server hold', 'client hold', 'pending delete', 'redemption period', 'inactive', 'auto renew period', 'client hold', 'client hold', 'active', 'server hold',
		]);
	});

	it('show an unknown status as given, case and all', () => {
		expect(read({ldhName: 'puri.sm', status: ['serverHold', 'Held By Court Order', 'ClientHold']})).toEqual({facts: {statuses: ['server hold', 'Held By Court Order', 'client hold'], nameservers: []}});
	});
});

describe('the expiry date', () => {
	it('is read only as an RFC 3339 date-time that is a real date', () => {
		expect(['2027-02-19T00:00:00Z', '2027-02-19T00:00:00.000Z', '2027-02-19t10:00:00+05:30'].map(isRfc3339)).toEqual([true, true, true]);
		expect(['2020-02-30T00:00:00Z', '2020-02-30', '1', 'Sat, 01 Jan 2000 00:00:00 GMT', '2027-13-01T00:00:00Z', '2027-02-19T24:00:00Z', '2027-02-19 00:00:00Z'].map(isRfc3339)).toEqual([false, false, false, false, false, false, false]);
	});

	it('is dropped, and said to be unreadable, when it is not one', () => {
		expect(read({ldhName: 'puri.sm', events: [{eventAction: 'expiration', eventDate: '1'}]})).toEqual({facts: {statuses: [], nameservers: [], unreadable: ['expiry date']}});
		expect(read({ldhName: 'puri.sm', events: [{eventAction: 'expiration', eventDate: '2027-02-19T00:00:00Z'}]})).toEqual({facts: {statuses: [], nameservers: [], expires: '2027-02-19T00:00:00Z'}});
	});
});
