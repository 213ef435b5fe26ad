import {describe, expect, it} from 'vitest';
import {checkDenial, checkWildcardAnswer, createNsec3Hasher} from '../../source/analysis/dnssec/denial.js';
import type {Message, ResourceRecord} from '../../source/dns/record.js';
import {answerQuery} from '../../source/lab/authoritative.js';
import {buildConformanceWorld, serverAddress} from '../helpers/conformance-cases.js';
import {queryMessage} from '../helpers/query-message.js';

/* The proof rules of RFC 4035 5.3.4/5.4 and RFC 5155 8, judged on what the conformance worlds' servers send. */
const world = buildConformanceWorld('rooted').lab;

/** What the server of the zones one label below the root answers, with the DO bit. */
function ask(name: string, type: string, depth = 1): Message {
	const server = world.byAddress.get(serverAddress('rooted', depth))!;
	const query = queryMessage(name, type, {edns: {dnssecOk: true}});
	return answerQuery(query, server.zones, world.upward);
}

const signatureLabels = (answer: ResourceRecord[]) => answer.flatMap((record) => (record.data.kind === 'rrsig' ? [record.data.labels] : []))[0]!;

describe('wildcard NODATA (RFC 4035 3.1.3.4, RFC 5155 7.2.5)', () => {
	it('is proven by the NSEC covering the name and the NSEC at the wildcard without the type', () => {
		const check = checkDenial(ask('x.wild.', 'AAAA').authority, 'wild.', 'x.wild.', 'AAAA', 'nodata', createNsec3Hasher());
		expect(check).toEqual({ok: true, detail: 'wildcard NODATA: NSEC www.wild. → wild. covers x.wild., and the NSEC at *.wild. shows no AAAA'});
	});

	it('is not proven when the wildcard\'s NSEC lists the type asked', () => {
		const check = checkDenial(ask('x.wild.', 'AAAA').authority, 'wild.', 'x.wild.', 'A', 'nodata', createNsec3Hasher());
		expect(check).toEqual({ok: false, detail: 'the NSEC at *.wild. lists A'});
	});

	it('is proven by NSEC3: the closest encloser matched, the next closer covered, the wildcard matched without the type', () => {
		const check = checkDenial(ask('x.wild3.', 'AAAA').authority, 'wild3.', 'x.wild3.', 'AAAA', 'nodata', createNsec3Hasher());
		expect(check).toEqual({ok: true, detail: 'wildcard NODATA: closest encloser wild3., x.wild3. covered, and the NSEC3 for *.wild3. shows no AAAA'});
	});

	it('is not proven by NSEC3 when the copy leaves out the wildcard\'s NSEC3', () => {
		const check = checkDenial(ask('x.wildbad3.', 'AAAA').authority, 'wildbad3.', 'x.wildbad3.', 'AAAA', 'nodata', createNsec3Hasher());
		expect(check).toEqual({ok: false, detail: 'no NSEC3 matches x.wildbad3., nor the wildcard *.wildbad3.'});
	});
});

describe('a wildcard-expanded answer needs the proof that no closer match exists (RFC 4035 5.3.4, RFC 5155 8.8)', () => {
	it('is an expansion when its RRSIG has fewer labels than its owner', () => {
		expect(signatureLabels(ask('x.wild.', 'A').answer)).toBe(1);
	});

	it('is proven by an NSEC covering the name', () => {
		const response = ask('x.wild.', 'A');
		expect(checkWildcardAnswer(response.authority, 'wild.', 'x.wild.', 1, createNsec3Hasher())).toEqual({ok: true, detail: 'expanded from *.wild.; NSEC www.wild. → wild. proves x.wild. does not exist'});
	});

	it('is proven by an NSEC3 covering the next closer name, even two labels below the wildcard', () => {
		const response = ask('y.x.wild3.', 'A');
		expect(checkWildcardAnswer(response.authority, 'wild3.', 'y.x.wild3.', signatureLabels(response.answer), createNsec3Hasher())).toEqual({ok: true, detail: 'expanded from *.wild3.; an NSEC3 covers the next closer name x.wild3.'});
	});

	it('is not proven without it', () => {
		const response = ask('x.wildbad.', 'A');
		expect(signatureLabels(response.answer)).toBe(1);
		expect(checkWildcardAnswer(response.authority, 'wildbad.', 'x.wildbad.', 1, createNsec3Hasher())).toEqual({ok: false, detail: 'expanded from *.wildbad., with no NSEC or NSEC3 proving that x.wildbad. does not exist'});
	});

	it('is not proven by an NSEC3 that covers some other name', () => {
		const other = ask('nosuch.n3.', 'A').authority;
		expect(checkWildcardAnswer(other, 'n3.', 'x.n3.', 1, createNsec3Hasher()).ok).toBe(false);
	});
});

describe('NSEC3 empty non-terminals, opt-out and iterations', () => {
	it('proves an empty non-terminal NODATA by the NSEC3 that matches it', () => {
		const check = checkDenial(ask('b.ent3.', 'A').authority, 'ent3.', 'b.ent3.', 'A', 'nodata', createNsec3Hasher());
		expect(check).toEqual({ok: true, atName: true, detail: 'the NSEC3 for b.ent3. shows no A'});
	});

	it('lets an opt-out span prove an insecure delegation\'s missing DS, and leave any other NODATA it covers unauthenticated', () => {
		const authority = ask('plain.optout.', 'DS').authority;
		expect(checkDenial(authority, 'optout.', 'plain.optout.', 'DS', 'nodata', createNsec3Hasher())).toMatchObject({ok: true, optOut: true, cut: true});
		// Another type: the name has no NSEC3 of its own, which opt-out leaves out of an unsigned delegation or of an empty
		// name above only such (RFC 5155 7.1): not proven, not disproven; the reply's verdict is insecure (validate.ts).
		const other = checkDenial(authority, 'optout.', 'plain.optout.', 'TXT', 'nodata', createNsec3Hasher());
		expect(other).toMatchObject({ok: true, optOut: true});
		expect(other.cut).toBeUndefined();
	});

	it('leaves a proof with more than 150 iterations unchecked and insecure, as Unbound and delv do', () => {
		const check = checkDenial(ask('nosuch.iter.', 'A').authority, 'iter.', 'nosuch.iter.', 'A', 'nxdomain', createNsec3Hasher());
		expect(check).toMatchObject({ok: false, unchecked: 'insecure'});
	});

	it('does not accept an NXDOMAIN whose wildcard is not denied', () => {
		expect(checkDenial(ask('m.nowild3.', 'A').authority, 'nowild3.', 'm.nowild3.', 'A', 'nxdomain', createNsec3Hasher())).toEqual({ok: false, detail: 'nothing denies the wildcard *.nowild3.'});
		expect(checkDenial(ask('m.nowild.', 'A').authority, 'nowild.', 'm.nowild.', 'A', 'nxdomain', createNsec3Hasher())).toEqual({ok: false, detail: 'nothing denies the wildcard *.nowild.'});
	});
});

describe('which side of a zone cut an NSEC or NSEC3 speaks for (RFC 6840 4.1, 4.4)', () => {
	it('proves an unsigned delegation by the parent\'s NSEC or NSEC3 at the cut, NS set and DS clear', () => {
		expect(checkDenial(ask('unsigned.', 'DS', 0).authority, '.', 'unsigned.', 'DS', 'nodata', createNsec3Hasher())).toEqual({ok: true, atName: true, cut: true, detail: 'the NSEC at unsigned. shows no DS'});
		expect(checkDenial(ask('plain.n3.', 'DS').authority, 'n3.', 'plain.n3.', 'DS', 'nodata', createNsec3Hasher())).toEqual({ok: true, atName: true, cut: true, detail: 'the NSEC3 for plain.n3. shows no DS'});
		expect(checkDenial(ask('plain.optout.', 'DS').authority, 'optout.', 'plain.optout.', 'DS', 'nodata', createNsec3Hasher())).toMatchObject({ok: true, optOut: true, cut: true});
	});

	it('denies the DS without a cut when the NSEC or NSEC3 at the name has no NS: no delegation is there', () => {
		expect(checkDenial(ask('plain.nonsbit.', 'DS').authority, 'nonsbit.', 'plain.nonsbit.', 'DS', 'nodata', createNsec3Hasher())).toEqual({ok: true, atName: true, detail: 'the NSEC at plain.nonsbit. shows no DS'});
		expect(checkDenial(ask('plain.nonsbit3.', 'DS').authority, 'nonsbit3.', 'plain.nonsbit3.', 'DS', 'nodata', createNsec3Hasher())).toEqual({ok: true, atName: true, detail: 'the NSEC3 for plain.nonsbit3. shows no DS'});
	});

	it('does not let the child\'s apex NSEC (SOA set) deny the DS its parent holds', () => {
		// What a server of secure. alone answers for `secure. DS`: its own zone's NODATA.
		expect(checkDenial(ask('secure.', 'DS').authority, 'secure.', 'secure.', 'DS', 'nodata', createNsec3Hasher())).toEqual({
			ok: false,
			detail: 'the NSEC at secure. lists SOA: it is the child zone\'s own, which cannot deny the DS its parent holds (RFC 6840 §4.4)',
		});
	});

	it('does not let the parent\'s NSEC at a cut (NS, no SOA) deny another type there, or any name below it', () => {
		const parentSide = ask('unsigned.', 'DS', 0).authority;
		expect(checkDenial(parentSide, '.', 'unsigned.', 'A', 'nodata', createNsec3Hasher())).toEqual({
			ok: false,
			detail: 'the NSEC at unsigned. is the parent\'s side of a delegation (NS, no SOA): it cannot deny A there, which the child zone holds (RFC 6840 §4.1)',
		});
		const below = 'the NSEC at unsigned. is the parent\'s side of a delegation (NS, no SOA): it proves nothing about www.unsigned., below the cut (RFC 6840 §4.1)';
		expect(checkDenial(parentSide, '.', 'www.unsigned.', 'A', 'nodata', createNsec3Hasher())).toEqual({ok: false, detail: below});
		expect(checkDenial(parentSide, '.', 'www.unsigned.', 'A', 'nxdomain', createNsec3Hasher())).toEqual({ok: false, detail: below});
	});

	it('does not let an NSEC3 closest encloser that is a cut prove a name below it does not exist', () => {
		expect(checkDenial(ask('plain.n3.', 'DS').authority, 'n3.', 'www.plain.n3.', 'A', 'nxdomain', createNsec3Hasher())).toEqual({
			ok: false,
			detail: 'the NSEC3 for the closest encloser plain.n3. is the parent\'s side of a delegation (NS, no SOA): it proves nothing about www.plain.n3., below the cut (RFC 6840 §4.1)',
		});
	});

	it('does not let the NSEC or NSEC3 at a DNAME prove a name below it does not exist: the DNAME redirects it', () => {
		expect(checkDenial(ask('old.dname.', 'TXT').authority, 'dname.', 'x.old.dname.', 'A', 'nxdomain', createNsec3Hasher())).toEqual({
			ok: false,
			detail: 'the NSEC at old.dname. has a DNAME, which redirects every name below it: it proves nothing about x.old.dname. (RFC 6840 §4.1)',
		});
		expect(checkDenial(ask('old.dname.', 'TXT').authority, 'dname.', 'x.old.dname.', 'A', 'nodata', createNsec3Hasher()).ok).toBe(false);
		expect(checkDenial(ask('old.dname3.', 'TXT').authority, 'dname3.', 'x.old.dname3.', 'A', 'nxdomain', createNsec3Hasher())).toEqual({
			ok: false,
			detail: 'the NSEC3 for the closest encloser old.dname3. has a DNAME, which redirects every name below it: it proves nothing about x.old.dname3. (RFC 6840 §4.1)',
		});
	});
});
