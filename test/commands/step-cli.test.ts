import {mkdtemp} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {cli} from '../helpers/cli.js';

/** The first ten steps of www.example.com in the lab, as a learner reads them: the transcript's numbered lines. */
const FIRST_TEN = [
	' 1. [path] asking a.root-servers.net. (127.77.0.1) for www.example.com. A: the root does not know the name, but knows who serves com. (a.gtld-servers.net. and b.gtld-servers.net.) and gives their addresses (glue)',
	" 2. [compare] also asked, to compare: www.example.com. A of the 7 other addresses of the root's servers: all 7 gave referral to com.",
	" 3. [compare] also asked, to compare: each of the root's 8 server addresses, for its SOA, NS set, CDS and CDNSKEY, and SOA over TCP: all 40 answered",
	" 4. [dnssec] for DNSSEC: the DNSKEY set of the root from its 8 server addresses (2 keys), and the DS of com. from the root's servers (1 DS record: the chain of trust goes on)",
	' 5. [path] asking a.gtld-servers.net. (127.77.1.1) for www.example.com. A: com. does not know the name, but knows who serves example.com. (ns1.example.com. and ns2.example.com.) and gives their addresses (glue)',
	" 6. [compare] also asked, to compare: www.example.com. A of the 3 other addresses of com.'s servers: all 3 gave referral to example.com.",
	" 7. [compare] also asked, to compare: each of com.'s 4 server addresses, for its SOA, NS set, CDS and CDNSKEY, and SOA over TCP: all 20 answered",
	" 8. [dnssec] for DNSSEC: the DNSKEY set of com. from its 4 server addresses (2 keys), and the DS of example.com. from com.'s servers (1 DS record: the chain of trust goes on)",
	' 9. [path] asking ns1.example.com. (127.77.10.1) for www.example.com. A: the answer, A 192.0.2.10, with authority (the AA bit): this server serves example.com. and the data is its own',
	"10. [compare] also asked, to compare: www.example.com. A of the 3 other addresses of example.com.'s servers: all 3 gave NOERROR answer",
];

const numbered = (stdout: string) => stdout.split('\n').filter((line) => /^ ?\d+\. /u.test(line));

describe('--step --text: the learner\'s transcript', () => {
	it('of a live trace of www.example.com: the root\'s referral, com.\'s, the answer, and what digdeeper asks beside them', async () => {
		const {code, stdout} = await cli('--lab', 'www.example.com', '--latency-scale', '0', '--step', '--text');
		expect(code).toBe(0);
		expect(stdout.split('\n')[0]).toBe("Step-through of www.example.com. A: 144 queries in 13 steps; the resolver's path: . → com. → example.com.");
		expect(numbered(stdout).slice(0, 10)).toEqual(FIRST_TEN);
		expect(stdout.trimEnd().split('\n').at(-1)).toBe('The outcome: ANSWER from example.com.');
	});

	it('of a snapshot (open FILE --step --text): the same steps, read back from the file', async () => {
		const file = path.join(await mkdtemp(path.join(tmpdir(), 'digdeeper-step-')), 'example.json');
		expect((await cli('--lab', 'www.example.com', '--latency-scale', '0', '--text', '-o', file)).code).toBe(0);
		const {code, stdout} = await cli('open', file, '--step', '--text');
		expect(code).toBe(0);
		expect(numbered(stdout).slice(0, 10)).toEqual(FIRST_TEN);
	});

	it('exits 1 with the transcript when users get no answer, the side trips shown', async () => {
		const {code, stdout} = await cli('--lab', 'www.pureos.net', '--latency-scale', '0', '--step', '--text');
		expect(code).toBe(1);
		expect(stdout).toContain('    ↪ A side trip begins: to reach ns1.puri.sm., a name server of pureos.net., the resolver first needs its address (A).');
		expect(stdout).toContain('    ↩ The side trip ends, back to pureos.net.: no A address for ns1.puri.sm. (nxdomain).');
	});

	it('is refused beside --json, --report and --watch, naming both', async () => {
		expect(await cli('--lab', 'www.example.com', '--step', '--json')).toMatchObject({code: 2, stderr: 'digdeeper: --step and --json cannot be given together: give one (a snapshot steps through with digdeeper open FILE --step)\n'});
		expect(await cli('--lab', 'www.example.com', '--step', '--report')).toMatchObject({code: 2, stderr: 'digdeeper: --step and --report cannot be given together: give one\n'});
		expect((await cli('--lab', 'www.example.com', '--step', '--watch', '5s')).code).toBe(2);
	});
});
