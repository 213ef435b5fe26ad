import {describe, expect, it} from 'vitest';
import {parseDomainObject} from '../../source/rdap/parse-domain.js';
import {lookupInWords} from '../../source/text/registration-text.js';

const read = (object: Record<string, unknown>, domain = 'puri.sm.') => parseDomainObject(JSON.stringify({objectClassName: 'domain', ...object}), domain);

describe('a domain object is about the domain asked', () => {
	it('is read when its ldhName is the domain, in any case, with or without the final dot', () => {
		expect(read({ldhName: 'PURI.SM.', status: ['server hold']})).toEqual({facts: {statuses: ['server hold'], nameservers: []}});
		expect(read({ldhName: 'xn--bcher-kva.example', status: ['active']}, 'xn--bcher-kva.example.')).toMatchObject({facts: {statuses: ['active']}});
	});

	it('is unusable when it is about another domain, or names none', () => {
		expect(read({ldhName: 'google.com', status: ['client hold']})).toEqual({problem: 'the answer is about another domain (google.com, where puri.sm was asked)'});
		expect(read({ldhName: 'x', status: ['client hold']})).toEqual({problem: 'the answer is about another domain (x, where puri.sm was asked)'});
		expect(read({status: ['client hold']})).toEqual({problem: 'the answer is about another domain (it names none, where puri.sm was asked)'});
		// An IDN is asked in its A-label form, which RDAP's ldhName holds; the U-label is not it.
		expect(read({ldhName: 'bücher.example'}, 'xn--bcher-kva.example.')).toMatchObject({problem: expect.stringMatching(/^the answer is about another domain/u)});
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

	it('reads a status given as a lone string as a list of one, and more than 64 statuses as the first 64', () => {
		expect(read({ldhName: 'puri.sm', status: 'server hold'})).toEqual({facts: {statuses: ['server hold'], nameservers: []}});
		const many = ['client hold', ...Array.from({length: 100}, (_, index) => `odd ${index}`)];
		const facts = read({ldhName: 'puri.sm', status: many});
		expect(facts).toMatchObject({facts: {unreadable: ['status']}});
		const statuses = 'facts' in facts ? facts.facts.statuses : [];
		expect(statuses[0]).toBe('client hold');
		expect(statuses).toHaveLength(64);
		expect(read({ldhName: 'puri.sm', status: {hold: true}})).toEqual({facts: {statuses: [], nameservers: [], unreadable: ['status']}});
	});
});
