import tr46 from 'tr46';

/**
 * A domain name in its one canonical form: lower-case ASCII (IDN as A-labels), absolute, with the trailing dot.
 * The root is ".". Every name that enters the model goes through `fqdn` or `parseUserName` first, so names are
 * compared as plain strings everywhere else.
 */
export type Name = string;

/** RFC 1035 2.3.4: a label is at most 63 octets, a name at most 255 octets on the wire. */
export const MAX_LABEL_OCTETS = 63;
export const MAX_NAME_OCTETS = 255;

export class InvalidNameError extends Error {
	override name = 'InvalidNameError';
}

/** Normalises a name decoded off the wire (dns-packet gives "com" or "." without the trailing dot). */
export function fqdn(name: string): Name {
	if (name === '' || name === '.') return '.';
	const lower = name.toLowerCase();
	return lower.endsWith('.') ? lower : `${lower}.`;
}

export function wireLength(name: Name): number {
	if (name === '.') return 1;
	return Buffer.byteLength(name.slice(0, -1)) + 2;
}

/**
 * Parses a name a person typed: with or without the trailing dot, ASCII or Unicode. Unicode is converted per
 * UTS-46 (non-transitional, as browsers do); underscores stay legal because service names (_dmarc) are real
 * DNS names even though they are not host names.
 */
export function parseUserName(input: string): {name: Name; unicode: string} {
	const trimmed = input.trim();
	if (trimmed === '' ) throw new InvalidNameError('the name is empty');
	if (trimmed === '.') return {name: '.', unicode: '.'};
	if (/\s/u.test(trimmed)) throw new InvalidNameError(`"${trimmed}" contains white space`);
	const body = trimmed.endsWith('.') ? trimmed.slice(0, -1) : trimmed;
	if (body.startsWith('.') || body.includes('..')) {
		throw new InvalidNameError(`"${trimmed}" has an empty label`);
	}

	let ascii = body.toLowerCase();
	// eslint-disable-next-line no-control-regex
	if (/[^\u0000-\u007f]/u.test(body) || /(^|\.)xn--/u.test(ascii)) {
		const converted = tr46.toASCII(body, {
			checkBidi: true,
			checkHyphens: false,
			checkJoiners: true,
			useSTD3ASCIIRules: false,
			verifyDNSLength: false,
			transitionalProcessing: false,
		});
		if (converted === null || converted === undefined) {
			throw new InvalidNameError(`"${trimmed}" is not a valid internationalised name (UTS-46)`);
		}
		ascii = converted;
	}

	// eslint-disable-next-line no-control-regex
	if (/[\u0000-\u0020\u007f]/u.test(ascii)) throw new InvalidNameError(`"${trimmed}" contains control characters`);
	for (const label of ascii.split('.')) {
		if (label.length > MAX_LABEL_OCTETS) {
			throw new InvalidNameError(`the label "${label.slice(0, 20)}…" is ${label.length} octets; the limit is ${MAX_LABEL_OCTETS}`);
		}
	}
	const name = `${ascii}.`;
	if (wireLength(name) > MAX_NAME_OCTETS) {
		throw new InvalidNameError(`the name is ${wireLength(name)} octets on the wire; the limit is ${MAX_NAME_OCTETS}`);
	}
	return {name, unicode: toUnicode(name)};
}

/** The Unicode form of a name for display; the ASCII form when there is nothing to convert or it is not valid. */
export function toUnicode(name: Name): string {
	if (!/(^|\.)xn--/u.test(name)) return name;
	const result = tr46.toUnicode(name, {checkBidi: false, checkHyphens: false, checkJoiners: false, useSTD3ASCIIRules: false});
	return result.error ? name : result.domain;
}

export function labels(name: Name): string[] {
	return name === '.' ? [] : name.slice(0, -1).split('.');
}

/** True when `name` is `ancestor` or below it (RFC 8499 "in bailiwick" for zones). */
export function isAtOrBelow(name: Name, ancestor: Name): boolean {
	if (ancestor === '.') return true;
	return name === ancestor || name.endsWith(`.${ancestor}`);
}

export function isStrictlyBelow(name: Name, ancestor: Name): boolean {
	return name !== ancestor && isAtOrBelow(name, ancestor);
}

export function parentName(name: Name): Name {
	if (name === '.') return '.';
	const dot = name.indexOf('.');
	const rest = name.slice(dot + 1);
	return rest === '' ? '.' : rest;
}

/** `name` and all its ancestors, nearest first, ending with the root. */
export function ancestry(name: Name): Name[] {
	const out: Name[] = [name];
	let current = name;
	while (current !== '.') {
		current = parentName(current);
		out.push(current);
	}
	return out;
}

/** Replaces the `owner` suffix of `name` by `target` (DNAME substitution, RFC 6672). */
export function substituteSuffix(name: Name, owner: Name, target: Name): Name {
	const prefix = name.slice(0, name.length - owner.length);
	return target === '.' ? (prefix === '' ? '.' : prefix) : `${prefix}${target}`;
}
