import {mkdtempSync, rmSync} from 'node:fs';
import {availableParallelism, tmpdir} from 'node:os';
import path from 'node:path';
import {defineConfig} from 'vitest/config';

/*
 * Every test, and every process a test starts, makes its temporary files under one folder of this run's (TMPDIR),
 * removed when the run ends, passed or failed, or its terminal closed: a file that forgets its own folders, a CLI
 * killed mid-run, a replay's or a lab's folder. Before, every run left 100-150 folders in the system's temporary
 * folder (3,600 and 1 GB in a day). Vitest reads this file more than once in its process: the first read makes the
 * folder and the others take it (the variable below), so a run makes one.
 */
const RUN_FOLDER = 'DIGDEEPER_TEST_RUN_FOLDER';
const runTemporary = process.env[RUN_FOLDER] ?? madeForThisRun();

function madeForThisRun(): string {
	const folder = mkdtempSync(path.join(tmpdir(), 'digdeeper-test-run-'));
	process.env[RUN_FOLDER] = folder;
	const remove = () => rmSync(folder, {recursive: true, force: true});
	process.once('exit', remove);
	// A closed terminal ends the run with SIGHUP, which skips 'exit': removed, then ended by the signal as before.
	process.once('SIGHUP', () => {
		remove();
		process.kill(process.pid, 'SIGHUP');
	});
	return folder;
}

export default defineConfig({
	test: {
		testTimeout: 20_000,
		pool: 'forks',
		// Every test runs with the loopback guard on: a packet to anything but 127.0.0.0/8 or ::1 is refused.
		// The lab's keys are kept in a cache of the tests' own, never in the user's.
		env: {DIGDEEPER_LOOPBACK_ONLY: '1', DIGDEEPER_CACHE: path.join(tmpdir(), 'digdeeper-test-cache'), TMPDIR: runTemporary},
		// That cache is filled once before any file runs, so no file and no `--lab` run pays for RSA keys.
		globalSetup: ['test/helpers/warm-lab-keys.ts'],
		projects: [
			{
				extends: true,
				test: {
					name: 'unit',
					include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
					exclude: ['test/integration/**'],
					// Vitest's default is one worker per core but one: a single worker on CI's two cores, though many files
					// wait on time-outs, child processes and terminals rather than computing. One worker per core.
					maxWorkers: availableParallelism(),
					// Projects run in parallel unless ordered: the unit files first (group 0), then the integration files.
					sequence: {groupOrder: 0},
				},
			},
			{
				extends: true,
				test: {
					name: 'integration',
					include: ['test/integration/**/*.test.ts'],
					// These serve the lab on loopback ports (port 53 among them) and drive BIND, unbound and ldns: one file
					// at a time, after the unit files, so no two bind the same address and no tool waits on a busy core.
					maxWorkers: 1,
					sequence: {groupOrder: 1},
				},
			},
		],
	},
});
