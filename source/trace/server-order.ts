/**
 * Code-unit order: the same everywhere, and instant. For the orders the program keeps for itself (which response a
 * zone's decision takes among equals, the order findings and key groups are built in): a collator loads ICU's
 * collation data at its first use, about 5 ms that a trace would pay on the way to its first decision.
 */
export function byCodeUnits(a: string, b: string): number {
	return a < b ? -1 : a > b ? 1 : 0;
}

let collator: Intl.Collator | undefined;

/**
 * Names and addresses compared with their numbers as numbers (127.77.50.1 before 127.77.150.1); the same every time.
 * Text made only of what names and addresses are made of (lower-case ASCII letters, digits, `_ - : .`) is compared
 * here, in the collator's order (test/trace/server-order.test.ts checks them against each other): making the ICU
 * collator loads its collation data, about 6 ms of a --text trace's start. Other text goes to one collator, made at
 * its first use: `localeCompare` with options makes a new one for every call (some 25 times slower in the
 * explorer's sorts). Only the same text is equal: where the collator sees no difference, code units decide.
 */
export function byText(a: string, b: string): number {
	if (PLAIN.test(a) && PLAIN.test(b)) {
		const order = plainOrder(a, b);
		if (order !== undefined) return order;
	}
	collator ??= new Intl.Collator('en', {numeric: true});
	// The collator calls some different texts equal (ns2 and ns02, or a text with a zero-width space and one without),
	// and a sort keeps equals in the order they came: an NS set's, which servers may rotate. Code units settle those.
	return collator.compare(a, b) || byCodeUnits(a, b);
}

const PLAIN = /^[a-z\d_:.-]*$/u;

/** Where a character of PLAIN text sorts in the collator's (CLDR root) order: punctuation, then digits, then letters. */
const PUNCTUATION_RANK: Record<string, number> = {_: 1, '-': 2, ':': 3, '.': 4};
const DIGIT_RANK = 10;
const isDigit = (code: number) => code >= 48 && code <= 57;
const rankOf = (text: string, index: number) => PUNCTUATION_RANK[text[index]!] ?? (isDigit(text.charCodeAt(index)) ? DIGIT_RANK : DIGIT_RANK + text.charCodeAt(index));

/** ICU weighs a run of digits this many at a time: a longer run is its first 254 digits, then the rest, as two numbers. */
const ICU_DIGITS = 254;

/**
 * Two PLAIN texts in the collator's order: character by character, a run of digits against another by its value. A
 * number written with a leading zero (which the collator counts as equal to the number: 02 and 2), or one longer than
 * ICU_DIGITS (which it splits), is left to the collator: undefined.
 */
function plainOrder(a: string, b: string): number | undefined {
	let i = 0;
	let j = 0;
	while (i < a.length && j < b.length) {
		if (isDigit(a.charCodeAt(i)) && isDigit(b.charCodeAt(j))) {
			let endA = i;
			let endB = j;
			while (endA < a.length && isDigit(a.charCodeAt(endA))) endA++;
			while (endB < b.length && isDigit(b.charCodeAt(endB))) endB++;
			if ((a[i] === '0' && endA - i > 1) || (b[j] === '0' && endB - j > 1) || endA - i > ICU_DIGITS || endB - j > ICU_DIGITS) return undefined;
			if (endA - i !== endB - j) return endA - i < endB - j ? -1 : 1;
			const digitsA = a.slice(i, endA);
			const digitsB = b.slice(j, endB);
			if (digitsA !== digitsB) return digitsA < digitsB ? -1 : 1;
			i = endA;
			j = endB;
			continue;
		}
		const rankA = rankOf(a, i);
		const rankB = rankOf(b, j);
		if (rankA !== rankB) return rankA < rankB ? -1 : 1;
		i++;
		j++;
	}
	return i < a.length ? 1 : j < b.length ? -1 : 0;
}

/** The one order servers are shown in everywhere, whatever order they answered in: by name, then by address. */
export function byNameThenAddress(a: {name: string; address: string}, b: {name: string; address: string}): number {
	return byText(a.name, b.name) || byText(a.address, b.address);
}

/** Among a zone's responses of equal rank, the one its decision takes: the first by server name, then address, then probe. */
export function byServerThenAddress(a: {server: string; address: string; id: number}, b: {server: string; address: string; id: number}): number {
	return byCodeUnits(a.server, b.server) || byCodeUnits(a.address, b.address) || a.id - b.id;
}
