import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {byNameThenAddress, byText} from '../../source/trace/server-order.js';

const collator = new Intl.Collator('en', {numeric: true});
const sign = (order: number) => Math.sign(order);

describe('byText, the order names and addresses are shown in', () => {
	it('puts numbers in order as numbers, in names and addresses alike', () => {
		expect(['127.77.150.1', '127.77.50.1', '127.77.5.10', '127.77.5.9'].sort(byText)).toEqual(['127.77.5.9', '127.77.5.10', '127.77.50.1', '127.77.150.1']);
		expect(['ns10.example.', 'ns2.example.', 'ns1.example.'].sort(byText)).toEqual(['ns1.example.', 'ns2.example.', 'ns10.example.']);
		expect(['2001:db8:110::2', '2001:db8:10::1', '2001:db8::1'].sort(byText)).toEqual(['2001:db8::1', '2001:db8:10::1', '2001:db8:110::2']);
		expect(['b.example.', 'a-b.example.', 'a.example.', 'a_b.example.'].sort(byText)).toEqual(['a_b.example.', 'a-b.example.', 'a.example.', 'b.example.']);
	});

	// Names and addresses (lower-case letters, digits, `_ - : .`) are compared without ICU; anything else by the
	// collator. Either way the order is the collator's: compared here on text of those characters, and with the
	// characters that send it to the collator (capitals, leading zeros, Unicode, other punctuation) mixed in.
	it('orders every pair as the ICU collator does', () => {
		const plain = fc.string({unit: fc.constantFrom('a', 'b', 'm', 'z', '0', '1', '2', '9', '-', '.', ':', '_'), maxLength: 12});
		const mixed = fc.string({unit: fc.constantFrom('a', 'b', '0', '1', '9', '.', '-', 'A', 'é', '/', '*', ' ', '\u200B'), maxLength: 8});
		for (const texts of [plain, mixed]) {
			fc.assert(fc.property(texts, texts, (a, b) => collator.compare(a, b) === 0 || sign(byText(a, b)) === sign(collator.compare(a, b))), {numRuns: 5000});
		}
		expect(sign(byText('a01', 'a1'))).toBe(-1);
		expect(sign(byText('ns1.b.', 'NS1.a.'))).toBe(sign(collator.compare('ns1.b.', 'NS1.a.')));
	});

	// ICU weighs a run of digits 254 at a time: a longer run is compared as its first 254 digits, then the rest. No
	// DNS label holds such a run (63 octets at most), but the text of a snapshot's file may.
	it('orders runs of more than 254 digits as the collator does', () => {
		const pairs = [
			['1'.padEnd(255, '0'), '9'.repeat(254)],
			['9'.repeat(255), '1'.padEnd(256, '0')],
			[`a${'1'.padEnd(300, '0')}.`, `a${'2'.repeat(254)}.`],
		] as const;
		for (const [a, b] of pairs) expect([a.length, b.length, sign(byText(a, b))]).toEqual([a.length, b.length, sign(collator.compare(a, b))]);
	});

	// The collator calls different texts equal (ns2 and ns02: the same number; a zero-width space; a digit of another
	// script), and a sort keeps equals in the order they came in: the NS set's order, which a server may rotate from one
	// reply to the next. Two texts are equal only when they are the same text, so a list comes out in one order.
	it('calls two texts equal only when they are the same, so a list has one order whatever order it came in', () => {
		const names = ['ns2.example.', 'ns02.example.', 'ns002.example.', 'a\u200Bb.', 'ab.', 'ns\u0662.', 'NS2.example.'];
		const sorted = [...names].sort(byText);
		expect([...names].reverse().sort(byText)).toEqual(sorted);
		expect(sorted.indexOf('ns2.example.')).toBeGreaterThan(sorted.indexOf('ns02.example.'));
		const texts = fc.string({unit: fc.constantFrom('a', '0', '1', '2', '.', 'A', '\u200B', '\u0662'), maxLength: 6});
		fc.assert(fc.property(texts, texts, (a, b) => (byText(a, b) === 0) === (a === b) && sign(byText(a, b)) === -sign(byText(b, a))), {numRuns: 3000});
	});

	it('shows servers by name, then address', () => {
		const servers = [{name: 'ns2.example.', address: '127.77.10.2'}, {name: 'ns1.example.', address: '127.77.110.1'}, {name: 'ns1.example.', address: '127.77.10.1'}];
		expect(servers.sort(byNameThenAddress).map((server) => `${server.name} ${server.address}`)).toEqual(['ns1.example. 127.77.10.1', 'ns1.example. 127.77.110.1', 'ns2.example. 127.77.10.2']);
	});
});
