import {mkdtemp, readFile, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {beforeAll, describe, expect, it} from 'vitest';
import {cli} from '../helpers/cli.js';

/** The lab's root DS as the snapshot of a lab trace records it. */
async function labRootDs(): Promise<{keyTag: number; digest: string}> {
	const {stdout} = await cli('--lab', 'www.example.com', '--json', '-4');
	return JSON.parse(stdout).options.trustAnchorRecords[0].data;
}

describe('--trust-anchor and --at on the command line', () => {
	let dir: string;
	let root: {keyTag: number; digest: string};
	beforeAll(async () => {
		dir = await mkdtemp(path.join(tmpdir(), 'digdeeper-anchor-cli-'));
		root = await labRootDs();
	});

	it('anchors a lab trace in the files given, all of them, each named', async () => {
		const good = path.join(dir, 'root.ds');
		const wrong = path.join(dir, 'wrong.conf');
		await writeFile(good, `. IN DS ${root.keyTag} RSASHA256 SHA-256 ${root.digest}\n`);
		await writeFile(wrong, `trust-anchors {\n\t"." static-ds ${root.keyTag} 8 2 "${'00'.repeat(32)}";\n};\n`);
		const bogus = await cli('--lab', 'www.example.com', '-4', '--text', '--trust-anchor', wrong);
		expect(bogus.code).toBe(1);
		expect(bogus.stdout).toContain(`(trust anchor: ${wrong})`);
		const both = await cli('--lab', 'www.example.com', '-4', '--text', '--trust-anchor', wrong, '--trust-anchor', good);
		expect(both.code).toBe(0);
		expect(both.stdout).toMatch(new RegExp(`;; DNSSEC: secure — .*\\(trust anchor: ${wrong}, ${good}\\)`, 'u'));
	});

	it('a report repeats each anchor file as given, its name one shell word whatever it holds, and so does one opened again', async () => {
		const comma = path.join(dir, 'a, b.ds');
		const quote = path.join(dir, "it's.ds");
		for (const file of [comma, quote]) await writeFile(file, `. IN DS ${root.keyTag} RSASHA256 SHA-256 ${root.digest}\n`);
		const snapshot = path.join(dir, 'anchored.json');
		const reproduce = `digdeeper www.example.com A --lab --trust-anchor '${dir}/a, b.ds' --trust-anchor '${dir}/it'\\''s.ds' -4 --text`;
		const traced = await cli('--lab', 'www.example.com', '-4', '--report', '--format', 'text', '--trust-anchor', comma, '--trust-anchor', quote, '--output', snapshot);
		expect(traced.code).toBe(0);
		expect(traced.stdout).toContain(`\n${reproduce}\n`);
		const written = JSON.parse(await readFile(snapshot, 'utf8'));
		expect(written.options).toMatchObject({trustAnchor: `${comma}, ${quote}`, trustAnchorFiles: [comma, quote]});
		const reopened = await cli('report', snapshot, '--format', 'text');
		expect(reopened.stdout).toContain(`\n${reproduce}\n`);

		// A file written before the list was kept still opens; its description is no list, so no file is guessed from it.
		const older = path.join(dir, 'older.json');
		delete written.options.trustAnchorFiles;
		await writeFile(older, JSON.stringify(written));
		const old = await cli('report', older, '--format', 'text');
		expect(old.code).toBe(0);
		expect(old.stdout).toContain('\ndigdeeper www.example.com A --lab -4 --text\n');
	});

	it('refuses hostile anchor files in one escaped line, exit status 2', async () => {
		const files: Array<[string, string | Buffer, string]> = [
			['binary', Buffer.from([0xde, 0xad, 0x28, 0x00, 0xff, 0x0a, 0x29, 0x29]), 'line 2: unbalanced ")"'],
			['escape-name', 'trust-anchors {\n\t"\u001B]0;owned\u0007." static-key 1 3 8 "AwEAAQ==";\n};\n', 'line 2: a DNSKEY with flags 1 is no zone key (the Zone Key bit, 256, is not set)'],
			['escape-field', '. IN DS \u001B[2J 8 2 00\n', 'line 1: "\\027[2J" is not a number'],
			['huge-token', `. IN DS ${'9'.repeat(500_000)} 8 2 00\n`, `line 1: "${'9'.repeat(40)}…" is not a number`],
			['long-name', `${'a'.repeat(300)}. IN DS 1 8 2 ${'00'.repeat(32)}\n`, 'line 1: the owner name is no DNS name (over 63 octets in a label or 255 in all)'],
			['ns', `; not an anchor\nexample. IN NS ns.example.\n`, 'line 2: an NS record is not a trust anchor (give DS or DNSKEY records)'],
		];
		const runs = await Promise.all(
			files.map(async ([name, content]) => {
				const file = path.join(dir, name);
				await writeFile(file, content);
				return {name, ...(await cli('--lab', 'www.example.com', '--text', '--trust-anchor', file))};
			}),
		);
		expect(runs).toEqual(files.map(([name, , reason]) => ({name, code: 2, stdout: '', stderr: `digdeeper: invalid trust-anchor file: ${path.join(dir, name)} ${reason}\n`})));
	});

	it('takes --at before a trace, and refuses a time it cannot read', async () => {
		const expired = await cli('--lab', 'www.example.com', '-4', '--text', '--at', '+30d');
		expect(expired.code).toBe(1);
		expect(expired.stdout).toMatch(/^; DNSSEC judged as of \S+ \(--at\), not when the trace was taken/mu);
		expect(expired.stdout).toContain('RRSIG_EXPIRED');
		const bad = await cli('--lab', 'www.example.com', '--at', 'abc');
		expect(bad).toEqual({code: 2, stdout: '', stderr: "digdeeper: invalid --at: abc (give an ISO 8601 time such as 2026-12-01T00:00:00Z or 2026-12-01, or +7d/-1d from the trace's time)\n"});
		expect((await cli('lab', '--at', '+1d')).stderr).toBe('digdeeper: --at does not apply to digdeeper lab\n');
		expect(await cli('--lab', 'www.example.com', '--no-dnssec', '--at', '+1d')).toEqual({code: 2, stdout: '', stderr: 'digdeeper: --at does not apply with --no-dnssec: nothing is validated\n'});
	});
});
