import {execFile} from 'node:child_process';
import {promisify} from 'node:util';
import {describe, expect, it} from 'vitest';
import {servedLabDuring} from '../helpers/loopback.js';
import {labTrace} from '../helpers/lab.js';
import {planStories, printedOutcome, recordLines} from '../helpers/outcomes.js';
import {missingTools, titled} from '../helpers/tools.js';

const missing = missingTools('drill');

const run = promisify(execFile);
const PORT = 5392;
const served = servedLabDuring(PORT);

interface DrillTrace {
	cuts: string[];
	answer: string[];
	nxdomain: boolean;
}

/**
 * Runs ldns' `drill -T` (Debian ldnsutils) from the lab's root hints; it follows glue as we do. IPv4 only: the
 * lab's IPv6 addresses exist in process, not on loopback.
 */
async function drill(name: string, type: string): Promise<DrillTrace> {
	const {stdout} = await run('drill', ['-4', '-T', '-p', String(PORT), '-r', served.hintsFile(), name, type], {timeout: 45_000}).catch((error: {stdout?: string}) => ({stdout: error.stdout ?? ''}));
	const records = stdout
		.split('\n')
		.filter((line) => /^\S*\.\s+\d+\s+IN\s+/u.test(line))
		.map((line) => line.split(/\s+/u));
	const cuts = [...new Set(records.filter((fields) => fields[3] === 'NS').map((fields) => fields[0]!.toLowerCase()))];
	const answer = records.filter((fields) => fields[0]!.toLowerCase() === `${name}.` && fields[3] === type).map((fields) => fields.slice(4).join(' '));
	const nxdomain = records.some((fields) => fields[3] === 'SOA') && answer.length === 0;
	return {cuts, answer, nxdomain};
}

const plans = await planStories();

// drill -T looks glueless NS names up through the system resolver, which knows nothing of the lab: stories that
// need sub-traces are cross-checked with dig +trace and unbound instead (port53-references.test.ts).
describe.skipIf(missing !== undefined)(titled('every lab story with glue all the way reaches the same outcome in drill -T (IPv4)', missing), {concurrent: true}, () => {
	for (const plan of plans.filter((candidate) => !candidate.needsSubtraces)) {
		it(plan.label, async () => {
			const {stdout} = await run('drill', ['-4', '-T', '-p', String(PORT), '-r', served.hintsFile(), plan.name, plan.type], {timeout: 55_000}).catch((error: {stdout?: string}) => ({stdout: error.stdout ?? ''}));
			expect(plan.allowed).toContain(printedOutcome(recordLines(stdout), plan.name, plan.type));
		}, 60_000);
	}
});

// Beside the stories (concurrent too): drill waits out dead servers, on the clock rather than the CPU.
describe.skipIf(missing !== undefined)(titled('cross-check with ldns drill -T on the same loopback world', missing), {concurrent: true}, () => {
	for (const [name, type] of [
		['www.example.com', 'A'],
		['ns1.desec.org', 'A'],
		['mail.example.com', 'A'],
		// drill waits out both dead Dyn servers (about 15 s): the one case here where that is the point.
		['www.twitter.com', 'A'],
	] as const) {
		it(`reaches the same zone cuts and answer for ${name} ${type}`, async () => {
			const ours = await labTrace(name, type, {families: [4]});
			const theirs = await drill(name, type);
			const ourCuts = ours.resolutions[0]!.steps.filter((step) => step.result === 'referral').map((step) => step.next!);
			expect(theirs.cuts).toEqual(['.', ...ourCuts]);
			const ourAnswer = ours.outcome.records.filter((record) => record.type === type).map((record) => (record.data.kind === 'address' ? record.data.address : ''));
			expect(theirs.answer).toEqual(ourAnswer);
		}, 60_000);
	}

	it('agrees that www.puri.sm stops at sm. with a denial', async () => {
		const ours = await labTrace('www.puri.sm', 'A', {families: [4]});
		const theirs = await drill('www.puri.sm', 'A');
		expect(ours.outcome.status).toBe('nxdomain');
		expect(theirs.cuts).toEqual(['.', 'sm.']);
		expect(theirs.nxdomain).toBe(true);
	});
});
