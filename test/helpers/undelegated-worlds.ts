import {buildWorld, type ServerSpec} from '../../source/lab/world.js';

/*
 * ns1.one. serves one. and child.one. Nothing is wrong with one.'s delegation from the root; what one. says about
 * child.one. changes from world to world. A resolver (BIND, Unbound) that follows the root's referral to ns1.one. and
 * asks www.child.one. gets ns1.one.'s authoritative answer from child.one.'s data, and, no referral having come, never
 * asks anyone else: that answer is what users get, whatever child.one.'s own NS set says.
 */
const ROOT = '@ SOA a.root.lab. h.lab. 1 1 1 1 1\n@ NS a.root.lab.\na.root.lab. A 127.77.209.1\none. NS ns1.one.\nns1.one. A 127.77.209.2';
const ONE = '@ SOA ns1.one. h.one. 1 1 1 1 1\n@ NS ns1.one.\nns1.one. A 127.77.209.2';
const CHILD_SOA = '@ SOA ns1.one. h.child.one. 1 1 1 1 1';
const DEAD: ServerSpec = {name: 'ns.child.one.', ipv4: '127.77.209.9', down: true, zones: [{zone: 'child.one.'}]};

function world(one: string, child: string, more: ServerSpec[] = []) {
	return buildWorld({
		roots: ['a.root.lab.'],
		stories: [],
		servers: [
			{name: 'a.root.lab.', ipv4: '127.77.209.1', zones: [{zone: '.'}]},
			{name: 'ns1.one.', ipv4: '127.77.209.2', zones: [{zone: 'one.'}, {zone: 'child.one.'}]},
			...more,
		],
		zones: [
			{origin: '.', text: ROOT},
			{origin: 'one.', text: one},
			{origin: 'child.one.', text: `${CHILD_SOA}\n${child}\nwww A 192.0.2.1`},
		],
	});
}

/** child.one. is not delegated by one., and names a server of its own no one can find. */
export const UNFINDABLE = world(ONE, '@ NS ns.child.one.');
/** child.one. is not delegated by one., and has no NS set at all. */
export const NO_NS = world(ONE, '');
/** child.one. is not delegated by one., and names ns1.one., which serves it, as its server. */
export const ON_THE_PARENT_SERVER = world(ONE, '@ NS ns1.one.');
/** The control: one. delegates child.one. to ns1.one., which serves both. */
export const DELEGATED = world(`${ONE}\nchild NS ns1.one.`, '@ NS ns1.one.');
/** one. delegates child.one. to ns1.one., but child.one.'s own NS set names a dead server. */
export const DELEGATED_DEAD_NS = world(`${ONE}\nchild NS ns1.one.`, '@ NS ns.child.one.\nns.child.one. A 127.77.209.9', [DEAD]);
