import {execFile} from 'node:child_process';
import {readdir} from 'node:fs/promises';
import {promisify} from 'node:util';
import {afterAll, afterEach, describe, expect, it} from 'vitest';
import {CLI} from '../helpers/cli.js';
import {tmuxServer} from '../helpers/tmux.js';
import {missingTools, titled} from '../helpers/tools.js';

const missing = missingTools('tmux', 'pgrep');

const run = promisify(execFile);
const sessions: string[] = [];
const {tmux, stop, folder} = tmuxServer();

afterEach(async () => {
	for (const session of sessions.splice(0)) await tmux('kill-session', '-t', session).catch(() => {});
});
afterAll(stop);

/** A survey long enough to be stopped while it runs: the generated root's TLDs, each signed when first asked. */
const LONG_SURVEY = 'survey --lab --lab-tlds 150 --tlds';

/**
 * `digdeeper ARGS` in a real pseudo-terminal (a tmux pane at 80×24), its temporary folders in a directory of its own
 * (TMPDIR), its exit status printed by the shell after it; the process's id, for a signal.
 */
async function start(args: string) {
	const temporary = await folder('digdeeper-survey-pty-');
	const session = `digdeeper-survey-e2e-${process.pid}-${sessions.length}`;
	sessions.push(session);
	await tmux('new-session', '-d', '-s', session, '-x', '80', '-y', '24', `env -u CI TERM=xterm-256color DIGDEEPER_LOOPBACK_ONLY=1 TMPDIR=${temporary} node ${CLI} ${args}; echo "exit status $?"; sleep 30`);
	const screen = async () => (await tmux('capture-pane', '-p', '-t', session)).stdout;
	return {
		session,
		temporary,
		screen,
		left: () => readdir(temporary),
		pid: async () => {
			const shell = (await tmux('display-message', '-p', '-t', session, '#{pane_pid}')).stdout.trim();
			return Number((await run('pgrep', ['-P', shell])).stdout.trim());
		},
		keys: async (...keys: string[]) => {
			for (const key of keys) {
				await tmux('send-keys', '-t', session, key);
				await new Promise((resolve) => setTimeout(resolve, 150));
			}
		},
		showing: async (condition: (text: string) => boolean, what: string) => {
			let last = '';
			for (let attempt = 0; attempt < 200; attempt++) {
				last = await screen();
				if (condition(last)) return last;
				await new Promise((resolve) => setTimeout(resolve, 100));
			}
			throw new Error(`the screen never showed ${what}:\n${last}`);
		},
	};
}

const running = (text: string) => /\d+\/150 zones/u.test(text);
const listed = (text: string) => text.includes('worst finding');

describe.skipIf(missing !== undefined)(titled('the terminal survey stopped from outside', missing), () => {
	for (const [signal, status] of [['SIGTERM', 143], ['SIGHUP', 129]] as const) {
		it(`removes its temporary snapshots on ${signal} and exits ${status} (128 + the signal)`, async () => {
			const survey = await start(LONG_SURVEY);
			await survey.showing(running, 'the survey running');
			expect((await survey.left()).filter((name) => name.startsWith('digdeeper-survey-snapshots-'))).toHaveLength(1);
			process.kill(await survey.pid(), signal);
			await survey.showing((text) => text.includes('exit status'), 'the exit status');
			expect(await survey.screen()).toContain(`exit status ${status}`);
			// Nothing left: no folder, no half-written snapshot or record beside it.
			expect(await survey.left()).toEqual([]);
		}, 60_000);
	}

	it('removes them when its terminal goes away (tmux kill-session hangs up on it)', async () => {
		const survey = await start(LONG_SURVEY);
		await survey.showing(running, 'the survey running');
		const pid = await survey.pid();
		await tmux('kill-session', '-t', survey.session);
		for (let attempt = 0; attempt < 50 && (await run('ps', ['-p', String(pid)]).then(() => true, () => false)); attempt++) await new Promise((resolve) => setTimeout(resolve, 100));
		expect(await survey.left()).toEqual([]);
	}, 60_000);
});

describe.skipIf(missing !== undefined)(titled("the terminal survey's exit status", missing), () => {
	it("is the survey's on Ctrl-C once it is done, as on q: 1, a zone has an error", async () => {
		for (const key of ['C-c', 'q']) {
			const survey = await start('survey --lab nosuch. www.example.com. com.');
			await survey.showing(listed, 'the list of zones');
			await survey.keys(key);
			await survey.showing((text) => text.includes('exit status'), 'the exit status');
			expect(await survey.screen()).toContain('exit status 1');
		}
	}, 60_000);

	it('is 0 on Ctrl-C after a survey with no error', async () => {
		const survey = await start('survey --lab com. net.');
		await survey.showing(listed, 'the list of zones');
		await survey.keys('C-c');
		await survey.showing((text) => text.includes('exit status'), 'the exit status');
		expect(await survey.screen()).toContain('exit status 0');
	}, 60_000);

	it('is 130 on Ctrl-C while the survey runs, and leaves no temporary snapshots', async () => {
		const survey = await start(LONG_SURVEY);
		await survey.showing(running, 'the survey running');
		await survey.keys('C-c');
		await survey.showing((text) => text.includes('exit status'), 'the exit status');
		expect(await survey.screen()).toContain('exit status 130');
		expect(await survey.left()).toEqual([]);
	}, 60_000);
});
