import {describe, expect, it} from 'vitest';
import {parseDomainObject} from '../../source/rdap/parse-domain.js';

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
