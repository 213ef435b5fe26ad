import {InvalidNameError, nameRelativeTo} from '../../dns/name.js';
import type {ResourceRecord} from '../../dns/record.js';
import {parseRecordData, ZoneTextError} from '../../dns/zone-text.js';

/** The statements of named.conf that hold trust anchors: today's, and the two older forms it replaced. */
const BLOCKS = ['trust-anchors', 'managed-keys', 'trusted-keys'];
const KINDS = ['initial-key', 'static-key', 'initial-ds', 'static-ds'];

interface Token {
	text: string;
	quoted: boolean;
	line: number;
}

/**
 * Whether the file, past its comments, begins with one of BIND's anchor blocks (a zone file never can: `{` is no
 * type), or with a comment that never ends, which only named.conf has.
 */
export function isBindTrustAnchors(text: string): boolean {
	const start = /^(?:\s|\/\/[^\n]*|#[^\n]*|\/\*[\s\S]*?\*\/)*/u.exec(text)![0].length;
	return new RegExp(`^(?:(?:${BLOCKS.join('|')})(?![\\w-])|/\\*)`, 'u').test(text.slice(start));
}

/**
 * Reads BIND's `trust-anchors { NAME initial-key|static-key|initial-ds|static-ds FIELDS "DATA"; … };` and the older
 * `managed-keys { NAME initial-key … }` and `trusted-keys { NAME FLAGS PROTOCOL ALGORITHM "KEY"; }` as named.conf
 * writes them: names quoted or not, the key or digest split by spaces and lines inside its quotes, `//`, `#` and
 * `/* *\/` comments, any number of blocks and entries. Each record comes with the line its entry starts on.
 */
export function parseBindTrustAnchors(text: string, source: string): Array<{record: ResourceRecord; line: number}> {
	const tokens = tokenize(text, source);
	const entries: Array<{record: ResourceRecord; line: number}> = [];
	let index = 0;
	const where = (token: Token | undefined) => `${source} line ${token?.line ?? lastLine(text)}`;
	const expect = (wanted: string, after: string) => {
		const token = tokens[index];
		if (token?.text !== wanted || token.quoted) throw new ZoneTextError(`${where(token)}: expected "${wanted}" ${after}, found ${shown(token)}`);
		index++;
	};
	while (index < tokens.length) {
		const block = tokens[index]!;
		if (block.quoted || !BLOCKS.includes(block.text)) throw new ZoneTextError(`${where(block)}: ${shown(block)} is not a trust-anchors, managed-keys or trusted-keys block`);
		index++;
		expect('{', `after ${block.text}`);
		while (tokens[index] && !(tokens[index]!.text === '}' && !tokens[index]!.quoted)) {
			const owner = tokens[index]!;
			index++;
			let kind = block.text === 'trusted-keys' ? 'static-key' : undefined;
			const next = tokens[index];
			if (next && !next.quoted && KINDS.includes(next.text)) {
				kind = next.text;
				index++;
			}
			if (!kind) throw new ZoneTextError(`${where(next)}: expected initial-key, static-key, initial-ds or static-ds after ${shown(owner)}, found ${shown(next)}`);
			const fields: Token[] = [];
			while (tokens[index] && !(tokens[index]!.quoted === false && (tokens[index]!.text === ';' || tokens[index]!.text === '}'))) fields.push(tokens[index++]!);
			expect(';', `after the ${shown(owner)} entry`);
			entries.push({record: entryRecord(owner, kind, fields, where(owner)), line: owner.line});
		}
		expect('}', `to close ${block.text}`);
		expect(';', `after the ${block.text} block`);
	}
	return entries;
}

function entryRecord(owner: Token, kind: string, fields: Token[], where: string): ResourceRecord {
	const type = kind.endsWith('-ds') ? 'DS' : 'DNSKEY';
	if (fields.length < 4) throw new ZoneTextError(`${where}: ${type} needs 4 fields, got ${fields.length}`);
	const numbers = fields.slice(0, 3).map((field) => field.text);
	// The key or digest may be split by spaces and line breaks, in its quotes or as several words.
	const data = fields
		.slice(3)
		.map((field) => field.text)
		.join('')
		.replace(/\s+/gu, '');
	let name;
	try {
		name = nameRelativeTo(owner.text, '.');
	} catch (error) {
		if (error instanceof InvalidNameError) throw new ZoneTextError(`${where}: ${error.message}`);
		throw error;
	}
	return {name, type, class: 'IN', ttl: 0, data: parseRecordData(type, [...numbers, data], '.', where)};
}

/** named.conf's words: quoted strings (which may span lines), `{ } ;`, and anything else up to a space or one of them. */
function tokenize(text: string, source: string): Token[] {
	const tokens: Token[] = [];
	let line = 1;
	let i = 0;
	while (i < text.length) {
		const char = text[i]!;
		if (char === '\n') {
			line++;
			i++;
		} else if (/\s/u.test(char)) {
			i++;
		} else if (char === '#' || text.startsWith('//', i)) {
			while (i < text.length && text[i] !== '\n') i++;
		} else if (text.startsWith('/*', i)) {
			const end = text.indexOf('*/', i + 2);
			if (end === -1) throw new ZoneTextError(`${source} line ${line}: a "/*" comment that never ends`);
			line += countLines(text.slice(i, end));
			i = end + 2;
		} else if (char === '"') {
			const start = line;
			let value = '';
			i++;
			while (i < text.length && text[i] !== '"') {
				// As in BIND, a backslash keeps the next character; the pair stays, for names (`a\.b`) to read.
				const size = text[i] === '\\' && i + 1 < text.length ? 2 : 1;
				value += text.slice(i, i + size);
				line += countLines(text.slice(i, i + size));
				i += size;
			}
			if (i >= text.length) throw new ZoneTextError(`${source} line ${start}: a quoted string that never ends`);
			i++;
			tokens.push({text: value, quoted: true, line: start});
		} else if ('{};'.includes(char)) {
			tokens.push({text: char, quoted: false, line});
			i++;
		} else {
			let value = '';
			while (i < text.length && !/[\s{};"#]/u.test(text[i]!) && !text.startsWith('//', i) && !text.startsWith('/*', i)) value += text[i++];
			tokens.push({text: value, quoted: false, line});
		}
	}
	return tokens;
}

const countLines = (text: string) => text.split('\n').length - 1;
const lastLine = (text: string) => countLines(text) + 1;

/** A token as a message quotes it: its start only, so a huge one stays one short line (the line is escaped later). */
function shown(token: Token | undefined): string {
	if (!token) return 'the end of the file';
	const text = token.text.length > 40 ? `${token.text.slice(0, 40)}…` : token.text;
	return `"${text}"`;
}
