import {execFile} from 'node:child_process';
import {mkdtemp} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';
import {describe, expect, it} from 'vitest';
import {buildGeneratedLab} from '../../source/lab/generated-lab.js';
import {generateRoot} from '../../source/lab/generated-root.js';
import {socketsNeeded} from '../../source/lab/loopback-server.js';
import {CLI} from '../helpers/cli.js';

const run = promisify(execFile);

describe('lab serve past the limit on open files', () => {
	it('counts a UDP and a TCP socket per server address', {timeout: 60_000}, async () => {
		const keyFile = path.join(await mkdtemp(path.join(tmpdir(), 'digdeeper-socket-keys-')), 'keys.json');
		const {world, root} = await buildGeneratedLab({tlds: 200, keyFile});
		expect(socketsNeeded(world)).toEqual({addresses: root.spec.servers.length, sockets: 2 * root.spec.servers.length});
	});

	it('says so before binding a socket, with the numbers, instead of failing half-way with EMFILE', {timeout: 60_000}, async () => {
		const servers = generateRoot({tlds: 200}).spec.servers.length;
		// 600 files: fewer than the generated root's 200 TLDs need (two sockets on each of its addresses).
		const result = await run('sh', ['-c', `ulimit -n 600 && exec node ${CLI} lab serve --lab-tlds 200 --port 5391`], {env: {...process.env, DIGDEEPER_LOOPBACK_ONLY: '1'}}).then(
			() => ({code: 0, stderr: ''}),
			(error: {code: number; stderr: string}) => error,
		);
		expect(result.code).toBe(1);
		expect(result.stderr).toMatch(new RegExp(`^digdeeper: cannot serve the lab: the lab's ${servers} server addresses need ${2 * servers} sockets \\(UDP and TCP on each\\), and this process may have 600 files open \\(\\d+ already are\\): raise the limit \\(ulimit -n; its hard limit as root\\) or serve fewer TLDs\\n$`, 'u'));
	});
});
