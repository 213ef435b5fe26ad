import {mkdtemp, readFile, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {beforeAll, describe, expect, it} from 'vitest';
import {cli} from '../helpers/cli.js';
import {savedLabTrace} from '../helpers/snapshots.js';
import {svgNodes} from '../helpers/svg.js';

describe('digdeeper graph FILE', () => {
	let dir: string;
	const snapshot: Record<'puri' | 'rollover', string> = {puri: '', rollover: ''};

	beforeAll(async () => {
		dir = await mkdtemp(path.join(tmpdir(), 'digdeeper-graph-'));
		snapshot.puri = path.join(dir, 'puri.json');
		snapshot.rollover = path.join(dir, 'rollover.json');
		await writeFile(snapshot.puri, await savedLabTrace('www.puri.sm'));
		await writeFile(snapshot.rollover, await savedLabTrace('www.rollover.net'));
	});

	it('prints the SVG by default: the zones of the snapshot as boxes, their name servers as nodes', async () => {
		const {code, stdout, stderr} = await cli('graph', snapshot.puri);
		expect({code, stderr}).toEqual({code: 0, stderr: ''});
		expect(stdout.startsWith('<svg ')).toBe(true);
		expect([...stdout.matchAll(/class="cluster zone"/gu)]).toHaveLength(2);
		// The root's four servers and sm.'s two.
		expect(svgNodes(stdout, 'server')).toHaveLength(6);
	});

	it('prints the DOT text with --format dot, the bogus DS link drawn red', async () => {
		const {code, stdout} = await cli('graph', snapshot.rollover, '--format', 'dot');
		expect(code).toBe(0);
		expect(stdout.startsWith('digraph delegation {\n')).toBe(true);
		// rollover.net. is the third zone; its one DS points at a key of its own.
		expect(stdout).toMatch(/\tz2d0 -> z2k\d \[class="ds bogus", color="#c62828"/u);
	});

	it('writes -o OUT, keeps an existing file without --force, and replaces it with --force', async () => {
		const out = path.join(dir, 'rollover.dot');
		const first = await cli('graph', snapshot.rollover, '--format', 'dot', '-o', out);
		expect({code: first.code, stdout: first.stdout, stderr: first.stderr}).toEqual({code: 0, stdout: '', stderr: ''});
		const written = await readFile(out, 'utf8');
		expect(written).toContain('label="rollover.net.\\nDNSSEC: bogus\\n1 error: DS_NO_MATCHING_DNSKEY"');

		const again = await cli('graph', snapshot.puri, '--format', 'dot', '-o', out);
		expect(again).toEqual({code: 2, stdout: '', stderr: `digdeeper: ${out} already exists (use --force to replace it)\n`});
		expect(await readFile(out, 'utf8')).toBe(written);

		const forced = await cli('graph', snapshot.puri, '--format', 'dot', '-o', out, '--force');
		expect(forced.code).toBe(0);
		expect(await readFile(out, 'utf8')).toContain('label="sm.\\nDNSSEC: insecure"');

		// -o - is standard output, as without -o: no file named "-".
		const dashed = await cli('graph', snapshot.puri, '--format', 'dot', '-o', '-');
		expect(dashed.code).toBe(0);
		expect(dashed.stdout.startsWith('digraph delegation {')).toBe(true);
	});

	it('refuses a format it does not draw, --force without -o, a trace\'s flag, and no file', async () => {
		expect(await cli('graph', snapshot.puri, '--format', 'png')).toEqual({code: 2, stdout: '', stderr: 'digdeeper: --format png: use svg or dot\n'});
		expect(await cli('graph', snapshot.puri, '--force')).toEqual({code: 2, stdout: '', stderr: 'digdeeper: --force only applies with --output: it lets the graph replace a file\n'});
		expect((await cli('graph', snapshot.puri, '--lab')).stderr).toBe('digdeeper: --lab does not apply to digdeeper graph (it takes --format, --output, --force, --at)\n');
		expect(await cli('graph')).toEqual({code: 2, stdout: '', stderr: 'digdeeper: graph takes one snapshot file: digdeeper graph FILE\n'});
	});
});
