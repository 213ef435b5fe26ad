import {createRequire} from 'node:module';
import type * as Tr46 from 'tr46';

/**
 * UTS-46 (tr46: its mapping tables are 200 KB of code) is needed only for a name with a character that is not ASCII
 * or with an A-label, which few traces have: it is required on first use, not imported, so an ASCII trace never
 * parses or runs it (about 13 ms of a 50 ms start). A plain call of this function, not `require`, so the bundle
 * (scripts/bundle.mjs) leaves tr46 out and Node loads it from the package's dependencies when it is needed.
 */
const loadAtRuntime = createRequire(import.meta.url);
const uts46 = (): typeof Tr46 => loadAtRuntime('tr46') as typeof Tr46;

/**
 * A domain name in its one canonical form: the RFC 1035 5.1 presentation form of its wire labels, exactly as BIND's
 * `dns_name_totext` (and so dig) writes it, lower-case (ASCII A-Z only, RFC 4343), absolute, with the trailing dot;
 * the root is ".". Within a label, `.` `\` `"` `(` `)` `;` `@` `$` are written after a backslash (`www\.bank.evil.`
 * is two labels), a byte at or below 0x20 or at or above 0x7f as `\DDD` (three decimal digits), every other byte as
 * itself. So a Name is printable ASCII, one string per name (no `\097` for `a`), and names compare as strings.
 * Only `nameFromLabels` writes one and only `wireLabels` reads one back into labels; every name that enters the model
 * goes through them (the wire codec, `fqdn`, `parseUserName`).
 */
export type Name = string;

/** RFC 1035 2.3.4: a label is at most 63 octets, a name at most 255 octets on the wire. */
export const MAX_LABEL_OCTETS = 63;
export const MAX_NAME_OCTETS = 255;

export class InvalidNameError extends Error {
	override name = 'InvalidNameError';
}

/** The characters BIND's dns_name_totext writes after a backslash: they mean something in a master file. */
const SPECIAL = new Set([0x2e, 0x5c, 0x22, 0x28, 0x29, 0x3b, 0x40, 0x24]);
const BACKSLASH = 0x5c;
const DOT = 0x2e;

/** Bytes that stand for themselves in a label: printable ASCII but the specials (upper case is folded apart). */
const PLAIN = /^[!#%&'*+,\-/0-9:<=>?A-Z[\]^_`a-z{|}~]*$/u;

/** One label in presentation form (see `Name`), lower-cased. */
function presentLabel(label: Uint8Array): string {
	const latin1 = Buffer.from(label.buffer, label.byteOffset, label.byteLength).toString('latin1');
	if (PLAIN.test(latin1)) return latin1.toLowerCase();
	let out = '';
	for (const byte of label) {
		const lower = byte >= 0x41 && byte <= 0x5a ? byte + 0x20 : byte;
		if (SPECIAL.has(lower)) out += `\\${String.fromCharCode(lower)}`;
		else if (lower <= 0x20 || lower >= 0x7f) out += `\\${lower.toString().padStart(3, '0')}`;
		else out += String.fromCharCode(lower);
	}
	return out;
}

/** The one way wire labels become a Name (the root for no labels). */
export function nameFromLabels(labels: readonly Uint8Array[]): Name {
	return labels.length === 0 ? '.' : `${labels.map(presentLabel).join('.')}.`;
}

/**
 * The one way a name in presentation form becomes wire labels (the root for ".", no labels): `\DDD` is a byte,
 * a backslash before anything else is that character, an unescaped dot ends a label; a trailing dot is optional, so
 * a relative name reads as if absolute. Only ASCII is accepted: Unicode must be converted (UTS-46) before.
 */
export function wireLabels(text: string): Uint8Array[] {
	if (text === '.') return [];
	// Most names have no escape: their labels are the text between the dots (the loop below reads the rest).
	// eslint-disable-next-line no-control-regex
	if (!text.includes('\\') && /^[\u0000-\u007f]+$/u.test(text)) {
		const parts = (text.endsWith('.') ? text.slice(0, -1) : text).split('.');
		if (parts.includes('')) throw new InvalidNameError(`"${text}" has an empty label`);
		return parts.map((part) => Buffer.from(part, 'latin1'));
	}
	const labels: Uint8Array[] = [];
	let label: number[] = [];
	const endLabel = () => {
		if (label.length === 0) throw new InvalidNameError(`"${text}" has an empty label`);
		labels.push(Uint8Array.from(label));
		label = [];
	};
	for (let at = 0; at < text.length; at++) {
		const code = text.charCodeAt(at);
		if (code > 0x7f) throw new InvalidNameError(`"${text}" has a character that is not ASCII; write its bytes as \\DDD`);
		if (code === DOT) {
			endLabel();
			continue;
		}
		if (code !== BACKSLASH) {
			label.push(code);
			continue;
		}
		const next = text[at + 1];
		if (next === undefined) throw new InvalidNameError(`"${text}" ends in a lone backslash (write a backslash as \\\\)`);
		if (next >= '0' && next <= '9') {
			const digits = text.slice(at + 1, at + 4);
			if (!/^[0-9]{3}$/u.test(digits)) throw new InvalidNameError(`"${text}" has the escape \\${digits}; a byte is written as three digits, \\000 to \\255`);
			const value = Number(digits);
			if (value > 255) throw new InvalidNameError(`"${text}" has the escape \\${digits}, which is not a byte (at most \\255)`);
			label.push(value);
			at += 3;
		} else {
			if (next.charCodeAt(0) > 0x7f) throw new InvalidNameError(`"${text}" has a character that is not ASCII; write its bytes as \\DDD`);
			label.push(next.charCodeAt(0));
			at += 1;
		}
	}
	if (label.length > 0) endLabel();
	if (labels.length === 0) throw new InvalidNameError(`"${text}" has an empty label`);
	return labels;
}

/** The canonical Name of a name in presentation form, relative ones read as absolute: `COM` → `com.`, `` → `.`. */
export function fqdn(name: string): Name {
	if (name === '' || name === '.') return '.';
	return nameFromLabels(wireLabels(name));
}

/** A name in presentation form (a master file's), read relative to `origin` unless it ends in an unescaped dot. */
export function nameRelativeTo(text: string, origin: Name): Name {
	if (text.endsWith('.') && !escapedAt(text, text.length - 1)) return fqdn(text);
	return nameFromLabels([...wireLabels(text), ...wireLabels(origin)]);
}

/**
 * A name written by someone else (a snapshot file), read as dig reads a name's text; a character that is not ASCII
 * stands for its UTF-8 bytes, as it would have been sent, so it is shown as `\DDD` like any byte off the wire.
 */
export function nameFromText(text: string): Name {
	// eslint-disable-next-line no-control-regex
	const ascii = text.replace(/[^\u0000-\u007f]/gu, (char) => [...Buffer.from(char, 'utf8')].map((byte) => `\\${byte}`).join(''));
	return fqdn(ascii);
}

export function wireLength(name: Name): number {
	return wireLabels(name).reduce((total, label) => total + label.length + 1, 1);
}

/**
 * Parses a name a person typed: with or without the trailing dot, ASCII or Unicode. Unicode is converted per
 * UTS-46 (non-transitional, as browsers do); underscores stay legal because service names (_dmarc) are real
 * DNS names even though they are not host names. Escapes are read as dig reads them (`www\.bank.com` is two
 * labels, `\032` a space); a name with escapes is taken as ASCII, byte for byte, with no UTS-46 conversion.
 */
export function parseUserName(input: string): {name: Name; unicode: string} {
	const trimmed = input.trim();
	if (trimmed === '' ) throw new InvalidNameError('the name is empty');
	if (trimmed === '.') return {name: '.', unicode: '.'};
	if (/\s/u.test(trimmed)) throw new InvalidNameError(`"${trimmed}" contains white space`);
	const ascii = trimmed.includes('\\') ? trimmed : idnToAscii(trimmed);

	// eslint-disable-next-line no-control-regex
	if (/[\u0000-\u0020\u007f]/u.test(ascii)) throw new InvalidNameError(`"${trimmed}" contains control characters`);
	const onWire = wireLabels(ascii);
	for (const label of onWire) {
		if (label.length > MAX_LABEL_OCTETS) {
			throw new InvalidNameError(`the label "${presentLabel(label).slice(0, 20)}…" is ${label.length} octets; the limit is ${MAX_LABEL_OCTETS}`);
		}
	}
	const name = nameFromLabels(onWire);
	if (wireLength(name) > MAX_NAME_OCTETS) {
		throw new InvalidNameError(`the name is ${wireLength(name)} octets on the wire; the limit is ${MAX_NAME_OCTETS}`);
	}
	return {name, unicode: toUnicode(name)};
}

/** A typed name without escapes in ASCII: Unicode and A-labels go through UTS-46 (which also checks A-labels). */
function idnToAscii(typed: string): string {
	const body = typed.endsWith('.') ? typed.slice(0, -1) : typed;
	if (body.startsWith('.') || body.includes('..')) throw new InvalidNameError(`"${typed}" has an empty label`);
	// eslint-disable-next-line no-control-regex
	if (!/[^\u0000-\u007f]/u.test(body) && !/(^|\.)xn--/iu.test(body)) return body;
	const converted = uts46().toASCII(body, {
		checkBidi: true,
		checkHyphens: false,
		checkJoiners: true,
		useSTD3ASCIIRules: false,
		verifyDNSLength: false,
		transitionalProcessing: false,
	});
	if (converted === null || converted === undefined) {
		throw new InvalidNameError(`"${typed}" is not a valid internationalised name (UTS-46)`);
	}
	return converted;
}

/**
 * The Unicode form of a name for display; the ASCII form when there is nothing to convert or it is not valid. Only
 * labels that are plain letters, digits and hyphens (A-labels) are converted: a name with escaped labels keeps them
 * as they are, so what is shown is never a different name.
 */
export function toUnicode(name: Name): string {
	if (!/(^|\.)xn--/u.test(name)) return name;
	if (!name.includes('\\')) return unicodeOf(name) ?? name;
	return `${labels(name).map((label) => (/^xn--[a-z0-9-]*$/u.test(label) ? (unicodeOf(label) ?? label) : label)).join('.')}.`;
}

function unicodeOf(ascii: string): string | undefined {
	const result = uts46().toUnicode(ascii, {checkBidi: false, checkHyphens: false, checkJoiners: false, useSTD3ASCIIRules: false});
	return result.error ? undefined : result.domain;
}

/** A name in presentation form with no escape and no capital: its labels are the text between its dots. */
const PLAIN_NAME = /^(?:[!#%&'*+,\-/0-9:<=>?[\]^_`a-z{|}~]+\.)+$/u;

/** The labels of a name, each in presentation form: `a\.b.evil.` has two, `a\.b` and `evil`. */
export function labels(name: Name): string[] {
	// Most names are plain: split, not read into wire labels and presented again (the analysis asks this of every
	// record's owner, many times over).
	if (PLAIN_NAME.test(name)) return name.slice(0, -1).split('.');
	return wireLabels(name).map(presentLabel);
}

/** A zone whose parent is the root. */
export function isTld(zone: Name): boolean {
	return zone !== '.' && labels(zone).length === 1;
}

/** Whether the character at `at` is escaped: an odd run of backslashes before it (in a Name, `\` only starts escapes). */
function escapedAt(name: Name, at: number): boolean {
	let backslashes = 0;
	while (at - backslashes - 1 >= 0 && name[at - backslashes - 1] === '\\') backslashes++;
	return backslashes % 2 === 1;
}

/**
 * True when `name` is `ancestor` or below it (RFC 8499 "in bailiwick" for zones): label by label, so `a\.b.evil.`
 * (whose first label holds a dot) is below `evil.` but not below `b.evil.`.
 */
export function isAtOrBelow(name: Name, ancestor: Name): boolean {
	if (ancestor === '.' || name === ancestor) return true;
	const dot = name.length - ancestor.length - 1;
	return dot > 0 && name.endsWith(ancestor) && name[dot] === '.' && !escapedAt(name, dot);
}

export function isStrictlyBelow(name: Name, ancestor: Name): boolean {
	return name !== ancestor && isAtOrBelow(name, ancestor);
}

export function parentName(name: Name): Name {
	if (name === '.') return '.';
	if (!name.includes('\\')) return name.slice(name.indexOf('.') + 1) || '.';
	return nameFromLabels(wireLabels(name).slice(1));
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

/**
 * Replaces the `owner` suffix of `name` by `target` (DNAME substitution, RFC 6672). `name` is below `owner`
 * (`isStrictlyBelow`), so what is cut off is whole labels and the prefix kept ends with the dot between labels.
 */
export function substituteSuffix(name: Name, owner: Name, target: Name): Name {
	const prefix = name.slice(0, name.length - owner.length);
	return target === '.' ? (prefix === '' ? '.' : prefix) : `${prefix}${target}`;
}
