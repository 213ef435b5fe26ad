import {describe, expect, it} from 'vitest';
import {labNameNotice} from '../../source/commands/lab-name-notice.js';
import {cli} from '../helpers/cli.js';

const ZONES = new Map([['.', 0], ['sm.', 0], ['puri.sm.', 0], ['com.', 0], ['example.com.', 0]]);
const STORIES = [{name: 'www.puri.sm'}, {name: 'www.example.com'}, {name: 'tox.im'}];

describe('a --lab name under no zone of the lab', () => {
	it('is said to be one, the story it most likely meant first (a letter changed, added, dropped or two swapped)', () => {
		expect(labNameNotice('www.puri.sn.', ZONES, STORIES)).toBe("did you mean www.puri.sm? www.puri.sn. is not in the lab (it has no sn.); the lab's root denies it, and `digdeeper lab` lists the stories");
		expect(labNameNotice('www.exmaple.cmo.', ZONES, STORIES)).toMatch(/^did you mean www\.example\.com\? /u);
	});

	it('names no story when none is within two edits', () => {
		expect(labNameNotice('www.google.de.', ZONES, STORIES)).toBe("www.google.de. is not in the lab (it has no de.); the lab's root denies it, and `digdeeper lab` lists the stories");
	});

	it('is said for a name under a TLD the lab has, with no zone below it, when a story is within two edits', () => {
		expect(labNameNotice('www.exmaple.com.', ZONES, STORIES)).toBe("did you mean www.example.com? www.exmaple.com. is not in the lab; the lab's com. denies it, and `digdeeper lab` lists the stories");
		expect(labNameNotice('www.puri.sn.', new Map([...ZONES, ['sn.', 0]]), STORIES)).toMatch(/^did you mean www\.puri\.sm\? www\.puri\.sn\. is not in the lab; the lab's sn\. denies it/u);
	});

	it('is nothing for a story, for a name in a zone below a TLD (a denial to study), for one far from every story, nor for the root', () => {
		expect(labNameNotice('www.puri.sm.', ZONES, STORIES)).toBeUndefined();
		expect(labNameNotice('nosuch.puri.sm.', ZONES, STORIES)).toBeUndefined();
		expect(labNameNotice('nosuch.example.com.', ZONES, STORIES)).toBeUndefined();
		expect(labNameNotice('www.example.net.', new Map([...ZONES, ['net.', 0]]), STORIES)).toBeUndefined();
		expect(labNameNotice('www.google.com.', ZONES, STORIES)).toBeUndefined();
		expect(labNameNotice('.', ZONES, STORIES)).toBeUndefined();
	});

	it('is one line on standard error after the trace, which is still the lab\'s answer (NXDOMAIN from the root)', async () => {
		const typo = await cli('--lab', 'www.puri.sn', '--text', '--latency-scale', '0');
		expect(typo.code).toBe(0);
		expect(typo.stdout).toContain('NXDOMAIN');
		expect(typo.stderr).toBe("digdeeper: did you mean www.puri.sm? www.puri.sn. is not in the lab (it has no sn.); the lab's root denies it, and `digdeeper lab` lists the stories\n");
		const story = await cli('--lab', 'www.puri.sm', '--json', '--latency-scale', '0');
		expect(story.stderr).toBe('');
	});
});
