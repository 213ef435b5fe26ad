import {spawn} from 'node:child_process';
import {mkdtemp, readdir, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {CLI} from '../helpers/cli.js';

/**
 * A survey with -o DIR stopped by a signal as soon as its first zone is written (its record's hidden temporary file is
 * there by then): a slow lab keeps the other zones in flight, so the signal always lands mid-survey.
 */
async function surveyStoppedBy(signal: NodeJS.Signals): Promise<{left: string[]; code: number | null; signal: NodeJS.Signals | null}> {
	const dir = await mkdtemp(path.join(tmpdir(), 'digdeeper-survey-signal-'));
	try {
		const child = spawn('node', [CLI, 'survey', '--lab', '--latency-scale', '20', '--json', '-o', dir, 'com.', 'bw.', 'nic.bw.', 'ls.'], {env: {...process.env, DIGDEEPER_LOOPBACK_ONLY: '1'}, stdio: ['ignore', 'pipe', 'inherit']});
		const ended = new Promise<{code: number | null; signal: NodeJS.Signals | null}>((resolve) => child.once('exit', (code, by) => resolve({code, signal: by})));
		child.stdout.once('data', () => child.kill(signal));
		const {code, signal: by} = await ended;
		return {left: (await readdir(dir)).sort(), code, signal: by};
	} finally {
		await rm(dir, {recursive: true, force: true});
	}
}

describe('a survey with -o DIR stopped by a signal', () => {
	it('leaves the snapshots it wrote and no hidden record behind, on SIGINT, SIGTERM and SIGHUP alike', async () => {
		// The three side by side: each is mostly waiting for its slow lab.
		const [interrupted, terminated, hungUp] = await Promise.all([surveyStoppedBy('SIGINT'), surveyStoppedBy('SIGTERM'), surveyStoppedBy('SIGHUP')]);
		expect(interrupted).toMatchObject({code: 130, signal: null});
		expect(terminated).toMatchObject({code: null, signal: 'SIGTERM'});
		expect(hungUp).toMatchObject({code: null, signal: 'SIGHUP'});
		for (const stopped of [interrupted, terminated, hungUp]) {
			// The first zone's snapshot, and nothing else: no .survey.ndjson.*.tmp, and no survey.ndjson (it was not complete).
			expect(stopped.left).toHaveLength(1);
			expect(stopped.left[0]).toMatch(/^[a-z.]+json$/u);
		}
	}, 30_000);
});
