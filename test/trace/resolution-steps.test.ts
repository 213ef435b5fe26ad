import {describe, expect, it} from 'vitest';
import type {ResourceRecord} from '../../source/dns/record.js';
import type {Classification} from '../../source/trace/classify.js';
import {DEFAULT_LIMITS} from '../../source/trace/limits.js';
import type {Probe} from '../../source/trace/model.js';
import {cutOf, startCursor, takeStep, type Cursor, type Decision} from '../../source/trace/resolution-steps.js';

const probe = {id: 7} as Probe;
const decided = (classification: Omit<Classification, 'outOfBailiwick'>): Decision => ({probe, classification: {...classification, outOfBailiwick: []}});
const cname = (name: string, target: string): ResourceRecord => ({name, type: 'CNAME', class: 'IN', ttl: 300, data: {kind: 'name', target}});
const a = (name: string, address: string): ResourceRecord => ({name, type: 'A', class: 'IN', ttl: 300, data: {kind: 'address', address}});
const start = startCursor({name: 'www.shop.com.', type: 'A'});
const referral = (child: string): Omit<Classification, 'outOfBailiwick'> => ({kind: 'referral', records: [], referral: {child, ns: [], glue: [], ignoredGlue: [], ds: []}});

describe('one step of a resolution', () => {
	it('descends a referral to the child zone with the same question', () => {
		const verdict = takeStep(start, decided(referral('com.')), DEFAULT_LIMITS);
		expect(verdict).toMatchObject({result: 'referral', probe: 7, next: 'com.', move: {to: 'child', zone: 'com.'}});
		expect(verdict.move.to === 'child' && verdict.move.cursor).toMatchObject({question: {name: 'www.shop.com.', type: 'A'}, cuts: 1});
	});

	it("descends a cut a server answered below from the child's data, asking the child the same question", () => {
		const verdict = takeStep(start, decided({kind: 'nodata', records: [], childApex: 'shop.com.'}), DEFAULT_LIMITS);
		expect(verdict).toMatchObject({result: 'cut', probe: 7, next: 'shop.com.', move: {to: 'child', zone: 'shop.com.'}});
		expect(verdict.move.to === 'child' && verdict.move.cursor).toMatchObject({question: {name: 'www.shop.com.', type: 'A'}, cuts: 1});
	});

	it("goes back to the zone whose servers answered from a child's data when the child gives no decision, and takes that answer there", () => {
		const answer = a('www.shop.com.', '192.0.2.1');
		const cut = takeStep(start, {probe: {id: 7, zone: 'com.'} as Probe, classification: {kind: 'nodata', records: [], childApex: 'shop.com.', outOfBailiwick: []}}, DEFAULT_LIMITS);
		const inChild = cut.move.to === 'child' ? cut.move.cursor : start;
		expect(takeStep(inChild, {exhausted: true, reason: 'no server of shop.com. could be reached'}, DEFAULT_LIMITS)).toMatchObject({result: 'failure', move: {to: 'back', zone: 'com.', cursor: {cuts: 0, asItIs: true}}});
		const back = takeStep(inChild, {exhausted: true, reason: 'no server of shop.com. could be reached'}, DEFAULT_LIMITS);
		const atParent = back.move.to === 'back' ? back.move.cursor : start;
		// Back there, the same kind of response names the cut again; it is taken as it is.
		expect(takeStep(atParent, decided({kind: 'answer', records: [answer], childApex: 'shop.com.'}), DEFAULT_LIMITS).move).toEqual({to: 'outcome', outcome: {status: 'answer', records: [answer]}});
	});

	it('fails where a referral led and no server answers: the parent delegated the child', () => {
		const referred = takeStep(start, decided(referral('shop.com.')), DEFAULT_LIMITS);
		const inChild = referred.move.to === 'child' ? referred.move.cursor : start;
		expect(takeStep(inChild, {exhausted: true, reason: 'no server of shop.com. could be reached'}, DEFAULT_LIMITS).move).toEqual({to: 'outcome', outcome: {status: 'failure', records: [], reason: 'no server of shop.com. could be reached'}});
	});

	it('counts a cut found in the child\'s data against the zone-cut limit like a referral', () => {
		const deep: Cursor = {...start, cuts: 2};
		expect(takeStep(deep, decided({kind: 'nodata', records: [], childApex: 'shop.com.'}), {...DEFAULT_LIMITS, maxZoneCuts: 2})).toMatchObject({result: 'cut', move: {to: 'outcome', outcome: {reason: 'stopped after 2 zone cuts'}}});
	});

	it('never sends a DS question down to its own owner: the DS is the parent\'s to answer', () => {
		const ds = {name: 'shop.com.', type: 'DS'};
		expect(cutOf(ds, {kind: 'nodata', records: [], childApex: 'shop.com.', outOfBailiwick: []})).toBeUndefined();
		expect(takeStep(startCursor(ds), decided({kind: 'nodata', records: [], childApex: 'shop.com.'}), DEFAULT_LIMITS)).toMatchObject({result: 'nodata', move: {to: 'outcome', outcome: {status: 'nodata'}}});
		expect(cutOf({name: 'www.shop.com.', type: 'DS'}, {kind: 'nodata', records: [], childApex: 'shop.com.', outOfBailiwick: []})).toBe('shop.com.');
	});

	it('stops after the last zone cut it may descend, and says so', () => {
		const deep: Cursor = {...start, cuts: 2};
		expect(takeStep(deep, decided(referral('shop.com.')), {...DEFAULT_LIMITS, maxZoneCuts: 2}).move).toEqual({
			to: 'outcome',
			outcome: {status: 'failure', records: [], reason: 'stopped after 2 zone cuts'},
			limit: {limit: 'zone-cuts', value: 2, detail: 'www.shop.com. is more than 2 zone cuts deep'},
		});
	});

	it('follows a CNAME to its target, keeping the chain', () => {
		const link = cname('www.shop.com.', 'shop.cdnhost.net.');
		const verdict = takeStep(start, decided({kind: 'cname', records: [link], target: 'shop.cdnhost.net.'}), DEFAULT_LIMITS);
		expect(verdict).toMatchObject({result: 'cname', next: 'shop.cdnhost.net.', move: {to: 'target'}});
		expect(verdict.move.to === 'target' && verdict.move.cursor).toMatchObject({question: {name: 'shop.cdnhost.net.', type: 'A'}, chain: [link]});
	});

	it('ends with the chain followed and the answer', () => {
		const link = cname('www.shop.com.', 'shop.cdnhost.net.');
		const there: Cursor = {...start, question: {name: 'shop.cdnhost.net.', type: 'A'}, chain: [link]};
		const answer = a('shop.cdnhost.net.', '192.0.2.80');
		expect(takeStep(there, decided({kind: 'answer', records: [answer]}), DEFAULT_LIMITS).move).toEqual({to: 'outcome', outcome: {status: 'answer', records: [link, answer]}});
	});

	it('stops a CNAME that returns to a name the chain has been at, and records the loop', () => {
		const there: Cursor = {...start, question: {name: 'b.tld.', type: 'A'}, chain: [cname('www.shop.com.', 'b.tld.')], seen: new Set(['www.shop.com.', 'b.tld.'])};
		const verdict = takeStep(there, decided({kind: 'cname', records: [cname('b.tld.', 'www.shop.com.')], target: 'www.shop.com.'}), DEFAULT_LIMITS);
		expect(verdict.move).toMatchObject({
			to: 'outcome',
			outcome: {status: 'failure', reason: 'CNAME loop at www.shop.com.'},
			loop: {kind: 'cname', names: ['www.shop.com.', 'b.tld.', 'www.shop.com.']},
		});
	});

	it('counts CNAME links the same whether they were followed one by one or came in one response', () => {
		const limits = {...DEFAULT_LIMITS, maxCnameChain: 1};
		const limit = {limit: 'cname-chain', value: 1, detail: 'the CNAME chain from www.shop.com. is longer than 1'};
		const followed: Cursor = {...start, question: {name: 'c1.', type: 'A'}, chain: [cname('www.shop.com.', 'c1.')], seen: new Set(['www.shop.com.', 'c1.'])};
		expect(takeStep(followed, decided({kind: 'cname', records: [cname('c1.', 'c2.')], target: 'c2.'}), limits).move).toMatchObject({outcome: {reason: 'CNAME chain longer than 1'}, limit});
		const atOnce = {kind: 'answer' as const, records: [cname('www.shop.com.', 'c1.'), cname('c1.', 'c2.'), a('c2.', '192.0.2.1')]};
		expect(takeStep(start, decided(atOnce), limits).move).toMatchObject({outcome: {reason: 'CNAME chain longer than 1'}, limit});
	});

	it('fails with the chain so far when the zone gave no decision', () => {
		expect(takeStep(start, {exhausted: true, reason: 'no server of com. could be reached'}, DEFAULT_LIMITS)).toEqual({
			result: 'failure',
			move: {to: 'outcome', outcome: {status: 'failure', records: [], reason: 'no server of com. could be reached'}},
		});
	});

	it('calls NXDOMAIN and NODATA what they are', () => {
		expect(takeStep(start, decided({kind: 'nxdomain', records: []}), DEFAULT_LIMITS).move).toEqual({to: 'outcome', outcome: {status: 'nxdomain', records: []}});
		expect(takeStep(start, decided({kind: 'nodata', records: []}), DEFAULT_LIMITS).move).toEqual({to: 'outcome', outcome: {status: 'nodata', records: []}});
	});
});
