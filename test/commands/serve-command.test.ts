import {mkdtemp, readFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {replayLines, writeReplayFiles} from '../../source/commands/serve-command.js';
import {replayWorld} from '../../source/replay/replay-world.js';
import {cli} from '../helpers/cli.js';
import {labTrace, labWorld} from '../helpers/lab.js';

describe('digdeeper serve: what is typed', () => {
	it.each([
		[['serve'], 'serve takes one snapshot file: digdeeper serve FILE [--port N] [--dir DIR]'],
		[['serve', 'a.json', 'b.json'], 'serve takes one snapshot file'],
		[['serve', 'a.json', '--lab'], '--lab does not apply to digdeeper serve (it takes --port, --dir)'],
		[['serve', 'a.json', '--port', '70000'], 'invalid --port 70000: use 1 to 65535'],
		[['serve', '/nonexistent/replay.json'], 'cannot read snapshot: /nonexistent/replay.json: ENOENT'],
	])('%j is a usage error (exit 2): %s', async (args, message) => {
		const {code, stderr} = await cli(...args);
		expect(code).toBe(2);
		expect(stderr).toContain(message);
	});
});

describe('the files and commands of a replay', () => {
	it('writes the served root hints and the recorded anchor, and prints commands a shell reads as one word each', async () => {
		const traced = await labTrace('www.example.com', 'A', {families: [4]});
		const trace = {...traced, query: {...traced.query, name: 'www.ex$(id)ample.com.'}, options: {...traced.options, trustAnchorRecords: labWorld().trustAnchor}};
		const world = replayWorld(trace);
		const dir = await mkdtemp(path.join(tmpdir(), 'digdeeper replay '));
		const files = await writeReplayFiles(dir, trace, world);
		expect(await readFile(files.hintsFile, 'utf8')).toMatch(/^\.\t3600000\tNS\ta\.root-servers\.net\.\na\.root-servers\.net\.\t3600000\tA\t127\.78\.0\.1\n/u);
		expect(await readFile(files.anchorFile, 'utf8')).toMatch(/^\.\t\d+\tIN\tDS\t\d+ 8 2 [0-9A-F]{64}\n$/u);
		expect(await readFile(files.bindAnchorFile, 'utf8')).toMatch(/^trust-anchors \{\n\t"\." initial-ds \d+ 8 2 "[0-9A-F]{64}";\n\};\n$/u);
		// unbound judges the recorded signatures at the snapshot's moment (RRSIG time form), as --at does for digdeeper.
		expect(await readFile(files.unboundFile, 'utf8')).toContain(`\tval-override-date: "${trace.startedAt.replace(/[-:T]/gu, '').slice(0, 14)}"\n`);
		const lines = replayLines(trace, world, files, {port: 5410, dir, servedCount: 8});
		expect(lines).toContain(`  drill -4 -T -p 5410 -r '${files.hintsFile}' 'www.ex$(id)ample.com.' A`);
		expect(lines).toContain(`  delv -p 5410 -a '${files.bindAnchorFile}' +root=. @127.78.255.53 'www.ex$(id)ample.com.' A`);
		// On port 53, dig +trace through the replay's resolver: the inner command quoted once more, whole.
		expect(replayLines(trace, world, files, {port: 53, dir, servedCount: 8})).toContain(
			`  unshare --mount sh -c 'mount --bind '\\''${files.resolvFile}'\\'' /etc/resolv.conf && dig -4 +trace @127.78.0.1 '\\''www.ex$(id)ample.com.'\\'' A'`,
		);
	});
});
