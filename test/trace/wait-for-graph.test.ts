import {describe, expect, it} from 'vitest';
import {createWaitForGraph} from '../../source/trace/wait-for-graph.js';

describe('the wait-for graph', () => {
	it('tells who waits on whom, directly and through others', () => {
		const graph = createWaitForGraph<string>();
		graph.wait('www.shop.com', ['ns1.dnsprovider.net']);
		graph.wait('ns1.dnsprovider.net', ['ns.other.org']);
		expect(graph.waitsOn('www.shop.com')).toEqual(['ns1.dnsprovider.net']);
		expect(graph.reaches('www.shop.com', 'ns.other.org')).toBe(true);
		expect(graph.reaches('ns.other.org', 'www.shop.com')).toBe(false);
	});

	it('keeps a waiter waiting on the running work that does not wait on it', () => {
		const graph = createWaitForGraph<string>();
		graph.wait('ns1.tox.im', ['tox.im']);
		expect(graph.judge('tox.im', ['ns1.tox.im', 'ns2.tox.im'])).toEqual({state: 'waiting', on: ['ns2.tox.im']});
	});

	it('detects a cycle and says who is in it', () => {
		const graph = createWaitForGraph<string>();
		// alpha needs the address of a name in beta, whose look-up needs alpha: neither can ever move.
		graph.wait('ns.beta.tld A', ['www.alpha.tld A']);
		graph.wait('ns.alpha.tld A', ['ns.beta.tld A']);
		expect(graph.judge('www.alpha.tld A', ['ns.beta.tld A', 'ns.alpha.tld A'])).toEqual({state: 'cycle', through: ['ns.beta.tld A', 'ns.alpha.tld A']});
	});

	it('calls a waiter exhausted when nothing it needs is running', () => {
		expect(createWaitForGraph<string>().judge('www.example.com', [])).toEqual({state: 'exhausted'});
	});

	it('forgets a waiter that is removed, so the cycle through it is gone', () => {
		const graph = createWaitForGraph<string>();
		graph.wait('lookup', ['waiter']);
		graph.remove('lookup');
		expect(graph.waitsOn('lookup')).toEqual([]);
		expect(graph.judge('waiter', ['lookup'])).toEqual({state: 'waiting', on: ['lookup']});
	});

	it('replaces what a waiter waits on, and waiting on nothing is not waiting', () => {
		const graph = createWaitForGraph<string>();
		graph.wait('a', ['b', 'c']);
		graph.wait('a', ['c']);
		expect(graph.waitsOn('a')).toEqual(['c']);
		graph.wait('a', []);
		expect(graph.reaches('a', 'c')).toBe(false);
	});
});
