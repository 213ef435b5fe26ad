import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {SocketLimitError} from '../../source/lab/loopback-server.js';
import {serveReplay} from '../../source/replay/replay-sockets.js';
import {replayWorld, servedAddress} from '../../source/replay/replay-world.js';
import {snapshotOf} from '../helpers/replay.js';

/** This process's limit on open files (Linux), which the check reads too. */
const limit = Number(/^Max open files\s+(\d+)/mu.exec(readFileSync('/proc/self/limits', {encoding: 'utf8', flag: 'r'}))?.[1]);

describe.runIf(Number.isFinite(limit) && limit < 140_000)(`serve past the limit on open files${Number.isFinite(limit) ? '' : ' (skipped: no /proc/self/limits)'}`, () => {
	it('is refused in one line before any socket is bound, with the numbers, instead of failing half-way with EMFILE', async () => {
		const world = replayWorld((await snapshotOf('www.example.com', 'A')).trace);
		// As many asked server addresses as this process has files: twice as many sockets cannot fit.
		const endpoints = Array.from({length: Math.ceil(limit / 2)}, (_, index) => ({names: ['ns.example.'], recorded: `10.0.${index}`, served: servedAddress(index), asked: true}));
		const refused = await serveReplay({...world, endpoints}, 5417).then(
			() => undefined,
			(error: unknown) => error,
		);
		expect(refused).toBeInstanceOf(SocketLimitError);
		expect((refused as Error).message).toMatch(
			new RegExp(`^the snapshot's ${endpoints.length} asked server addresses and the replay's resolver need ${2 * endpoints.length + 2} sockets \\(UDP and TCP on each\\), and this process may have ${limit} files open \\(\\d+ already are\\): raise the limit \\(ulimit -n; its hard limit as root\\)$`, 'u'),
		);
	});
});
