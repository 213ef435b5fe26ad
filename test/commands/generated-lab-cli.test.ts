import {describe, expect, it} from 'vitest';
import {generateRoot} from '../../source/lab/generated-root.js';
import {cli} from '../helpers/cli.js';

const root = generateRoot({tlds: 300});
const withMode = (mode: string) => root.truth.find((entry) => entry.modes.includes(mode as never))!;

describe('digdeeper --lab --lab-tlds N: a trace through the generated root', () => {
	it('finds the dead server the ground truth put in a TLD, and names it', {timeout: 60_000}, async () => {
		const dead = withMode('dead');
		const {code, stdout} = await cli('--lab', '--lab-tlds', '300', '--latency-scale', '0', '--timeout', '300', '--retries', '0', '--text', dead.tld, 'SOA');
		expect(code).toBe(0);
		expect(stdout).toContain(`WARNING  SERVER_TIMEOUT  ${dead.tld}: ${dead.broken[0]} (`);
		expect(stdout).toContain(';; FINDINGS: 0 errors, 1 warning');
	});

	it('keeps which generated root it was in the snapshot, seed and all', {timeout: 60_000}, async () => {
		const {code, stdout} = await cli('--lab', '--lab-tlds', '300', '--lab-seed', '7', '--latency-scale', '0', '--json', 'net.', 'SOA');
		expect(code).toBe(0);
		const snapshot = JSON.parse(stdout) as {options: {lab: string}; outcome: {status: string}};
		expect(snapshot.options.lab).toBe('generated root: --lab-tlds 300 --lab-seed 7');
		expect(snapshot.outcome.status).toBe('answer');
	});

	it('fails, with exit status 1, on a TLD whose only DS matches no key', {timeout: 60_000}, async () => {
		const bogus = withMode('ds-no-key');
		const {code, stdout} = await cli('--lab', '--lab-tlds', '300', '--latency-scale', '0', '--text', bogus.tld, 'SOA');
		expect(stdout).toContain(`ERROR    DS_NO_MATCHING_DNSKEY  ${bogus.tld}: `);
		expect(code).toBe(1);
	});
});
