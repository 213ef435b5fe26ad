import {execFile} from 'node:child_process';
import path from 'node:path';
import {promisify} from 'node:util';

const run = promisify(execFile);

/** The built command, as a user runs it. */
export const CLI = path.resolve('dist/cli.cjs');

/** Runs the built command to its end: its exit status and everything it printed, whether it succeeded or not. */
export async function cli(...args: string[]): Promise<{code: number; stdout: string; stderr: string}> {
	return run('node', [CLI, ...args], {maxBuffer: 64 * 1024 * 1024, env: {...process.env, DIGDEEPER_LOOPBACK_ONLY: '1'}}).then(
		({stdout, stderr}) => ({code: 0, stdout, stderr}),
		(error: {code: number; stdout: string; stderr: string}) => ({code: error.code, stdout: error.stdout, stderr: error.stderr}),
	);
}
