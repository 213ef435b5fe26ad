import {assumeChanges} from '../../source/commands/what-if-option.js';
import {beforeAll, describe, expect, it} from 'vitest';
import {withAnalysis, type AnalysedTrace} from '../../source/analysis/analyze.js';
import {parseSnapshot, serializeSnapshot, SnapshotError} from '../../source/snapshot/snapshot.js';
import {renderTraceText} from '../../source/text/trace-text.js';
import type {Trace} from '../../source/trace/model.js';
import {applyChanges} from '../../source/what-if/apply-changes.js';
import {changeFormProblem, parseChange} from '../../source/what-if/parse-change.js';
import {INTERNET} from '../../source/lab/internet.js';
import {applyWorldChange} from '../../source/lab/world-change.js';
import {buildWorld, keysOf} from '../../source/lab/world.js';
import {labTrace, labWorld, zoneOf} from '../helpers/lab.js';
import {TOOL} from '../helpers/snapshots.js';

/*
 * A what-if changes the measured responses and judges again: the outcome, the path, the DNSSEC verdict and the
 * findings all come from the changed responses, by the walk's and the analysis's own rules.
 */

const anchors = () => ({source: 'lab', records: labWorld().trustAnchor});
const analysed = (trace: Trace): AnalysedTrace => withAnalysis(trace, {anchors: anchors()});
const codes = (trace: AnalysedTrace) => trace.analysis.findings.map((finding) => `${finding.code} ${finding.zone}`).sort();

/** The trace with the changes typed, each read against it (a problem fails the test with its words). */
function assume(trace: Trace, ...texts: string[]): AnalysedTrace {
	const changes = texts.map((text) => {
		const parsed = parseChange(text, trace);
		if ('problem' in parsed) throw new Error(parsed.problem);
		return parsed.change;
	});
	return analysed(applyChanges(trace, changes));
}

let bw: Trace;
let example: Trace;
beforeAll(async () => {
	[bw, example] = await Promise.all([labTrace('www.nic.bw.'), labTrace('www.example.com.')]);
});

describe('taking servers down', () => {
	it('.bw: with its two good signed servers and the stale one down too, the name no longer resolves', () => {
		expect(analysed(bw).trace.outcome.status).toBe('answer');
		const after = assume(bw, 'down afrinic.nic.bw.', 'down pch.nic.bw', 'down 127.77.50.2');
		// dns1.btc.bw.'s time-out is measured; the three taken down are said as assumed (they were "4 timeout").
		expect(after.trace.outcome).toMatchObject({status: 'failure', zone: 'bw.', reason: 'no server of bw. gave a usable answer (1 timeout, 3 assumed down (what-if))'});
		// A downed server is a dead one, as dns1.btc.bw. already is: timed out, never given the TCP check.
		expect(codes(after)).toEqual(['SERVER_TIMEOUT bw.', 'ZONE_UNREACHABLE bw.']);
		expect(after.analysis.findings.find((finding) => finding.code === 'ZONE_UNREACHABLE')?.message).toMatch(/\(\d+ timeout, \d+ assumed down \(what-if\)\)$/u);
		expect(after.analysis.dnssec.outcome.status).toBe('indeterminate');
		const afrinic = zoneOf(after.trace, 'bw.').servers.find((server) => server.name === 'afrinic.nic.bw.')!;
		expect(afrinic.probes.every((probe) => probe.status === 'timeout' && probe.error?.startsWith('assumed down (what-if, not measured)'))).toBe(true);
		expect(after.trace.assumed).toEqual([
			{kind: 'down', server: 'afrinic.nic.bw.'},
			{kind: 'down', server: 'pch.nic.bw.'},
			{kind: 'down-address', address: '127.77.50.2'},
		]);
	});

	it('.bw: its servers assumed down are said so, not "timed out", and the report gives no dig of them (it would show them answering)', async () => {
		const after = assume(bw, 'zone-down bw.');
		const timeout = after.analysis.findings.find((finding) => finding.code === 'SERVER_TIMEOUT' && finding.zone === 'bw.')!;
		// dns1.btc.bw. is dead in the measured trace too: its own time-outs are measured, and said as such.
		expect(timeout.message).toMatch(/afrinic\.nic\.bw\. \(127\.77\.151\.1\) is assumed down \(what-if, not measured: \d+ queries it would not answer\)/u);
		expect(timeout.message).not.toMatch(/afrinic\.nic\.bw\. \(127\.77\.151\.1\) never answered/u);
		const {renderReport} = await import('../../source/text/report.js');
		const report = renderReport(after, {format: 'text', toolVersion: 'test'});
		expect(report).not.toMatch(/dig .*@127\.77\.151\.1/u);
		// Its evidence row says so too, and what it would cost rather than what was waited.
		expect(report).toMatch(/afrinic\.nic\.bw\. +127\.77\.151\.1 .*assumed down \(what-if\) .*would wait \d/u);
		// Measured, the same servers time out nowhere and are never said down.
		expect(analysed(bw).analysis.findings.some((finding) => finding.message.includes('assumed down'))).toBe(false);
	});

	it('.bw: a file that words a real time-out as assumed, or takes down what its changes do not, is refused', () => {
		const after = assume(bw, 'down pch.nic.bw.');
		expect(after.trace.assumedDown).toEqual(['127.77.150.1']);
		type File = {assumedDown?: string[]; assumed?: unknown[]; zones: Array<{name: string; servers: Array<{address: string; probes: Array<{error?: string; rttMs?: number}>}>}>};
		const saved = () => JSON.parse(serializeSnapshot(after, TOOL)) as File;
		const refused = (file: File) => () => parseSnapshot(JSON.stringify(file));
		// dns1.btc.bw. (127.77.50.1) is dead in the measured trace; the file says its time-out was assumed.
		const file = saved();
		const zone = file.zones.findIndex((candidate) => candidate.name === 'bw.');
		const server = file.zones[zone]!.servers.findIndex((candidate) => candidate.address === '127.77.50.1');
		const where = `zones\\[${zone}\\]\\.servers\\[${server}\\]\\.probes\\[0\\]\\.error`;
		const probe = file.zones[zone]!.servers[server]!.probes[0]!;
		probe.error = 'assumed down (what-if, not measured): a dead server lets every try time out';
		// A real time-out carries its last try's round trip; a what-if's has none.
		expect(refused(file)).toThrow(new RegExp(`^damaged snapshot: a probe of 127\\.77\\.50\\.1 says it was assumed down, which only a what-if's made-up time-out says .*\\(where: ${where}\\)$`, 'u'));
		delete probe.rttMs;
		expect(refused(file)).toThrow(new RegExp(`^damaged snapshot: a probe of 127\\.77\\.50\\.1 says it was assumed down, which the file's what-if does not take down \\(where: ${where}\\)$`, 'u'));
		// Nor can the file's list take it down: no change of the file names it.
		file.assumedDown = ['127.77.150.1', '127.77.50.1'];
		expect(refused(file)).toThrow(/^damaged snapshot: 127\.77\.50\.1 is said to be taken down, which no change of the file takes down \(where: assumedDown\[1\]\)$/u);
		// Nor a file written before the list, by its probes' words alone.
		delete file.assumedDown;
		expect(refused(file)).toThrow(/says it was assumed down, which the file's what-if does not take down/u);
		// Nor a measured answer (dns2.btc.bw., the stale one: its findings would go with it), listed with no probe touched.
		expect(refused({...saved(), assumedDown: ['127.77.150.1', '127.77.50.2']})).toThrow(/^damaged snapshot: 127\.77\.50\.2 is said to be taken down/u);
		// Nor in other words: printed as the file gives them, they read the same.
		for (const words of [' assumed down (what-if, not measured)', 'Assumed down (what-if, not measured)', 'assumed down (what-if)']) {
			const worded = saved();
			worded.zones[zone]!.servers[server]!.probes[0]!.error = words;
			expect(refused(worded)).toThrow(/says it was assumed down/u);
		}
		// Nor by a zone-down of a zone the file never held, whose parent answered: bw. reached every zone below it it named.
		const unheld = saved();
		unheld.assumed = [{kind: 'zone-down', zone: 'nic.bw.'}];
		unheld.assumedDown = ['127.77.50.1'];
		expect(refused(unheld)).toThrow(/^damaged snapshot: 127\.77\.50\.1 is said to be taken down, which no change of the file takes down/u);
		// Nor with a letter from another script: "аssumed down" (a Cyrillic а) reads the same and passes any check of the words.
		const lookalike = saved();
		lookalike.zones[zone]!.servers[server]!.probes[0]!.error = '\u0430ssumed down (what-if, not measured): a dead server lets every try time out';
		expect(refused(lookalike)).toThrow(new RegExp(`^damaged snapshot: a probe of 127\\.77\\.50\\.1 has an error in words digdeeper does not write .*\\(where: ${where}\\)$`, 'u'));
		// A list of addresses down with no change that takes one down is no what-if's.
		expect(refused({...saved(), assumed: [{kind: 'clock', at: '2030-01-01T00:00:00.000Z'}]})).toThrow(/^damaged snapshot: addresses are said to be taken down, which no change of the file takes down \(where: assumedDown\)$/u);
		// The file as written opens, and says what the live what-if said.
		expect(analysed(parseSnapshot(JSON.stringify(saved())).trace).analysis.findings.map((finding) => finding.message)).toEqual(after.analysis.findings.map((finding) => finding.message));
	});

	it('every root server down is no sign of this host\'s network blocking DNS: nothing was sent', () => {
		const after = assume(bw, 'zone-down .');
		expect(codes(after)).toEqual(['SERVER_TIMEOUT .', 'ZONE_UNREACHABLE .']);
	});

	it('.bw: one good server left is enough, and the path follows it', () => {
		const after = assume(bw, 'down afrinic.nic.bw.', 'down dns2.btc.bw.');
		expect(after.trace.outcome.status).toBe('answer');
		const step = after.trace.resolutions[0]!.steps.find((candidate) => candidate.zone === 'bw.')!;
		const followed = zoneOf(after.trace, 'bw.').servers.flatMap((server) => server.probes).find((probe) => probe.id === step.probe)!;
		expect(followed.server).toBe('pch.nic.bw.');
	});

	it('.mw: its one referring server down, the others\' answer is the step, not a path that "no longer follows"', async () => {
		// pch.dns.mw. refers to nic.mw.; ns1 and ns2 answer from nic.mw.'s data (co-hosted). The measured steps after mw.
		// followed pch's referral: with it gone they are not the walk's, so the path ends at the answer mw. gives. A live
		// walk would go on into nic.mw. by the SOA that answer's servers give, and learn its name servers from mw.'s
		// answer to `nic.mw. NS`, which the measured trace never asked (it had the referral): short of the truth, which
		// is an answer from nic.mw., insecure; known and named (not yet computed from what the trace holds).
		const mw = await labTrace('www.nic.mw.');
		expect(mw.resolutions[0]!.steps.map((step) => `${step.zone} ${step.result}`)).toEqual(['. referral', 'mw. referral', 'nic.mw. answer']);
		const after = assume(mw, 'down pch.dns.mw.');
		expect(after.trace.resolutions[0]!.steps.map((step) => `${step.zone} ${step.result}`)).toEqual(['. referral', 'mw. answer']);
		expect(after.trace.outcome).toMatchObject({status: 'answer', zone: 'mw.'});
		expect(after.trace.outcome.reason).toBeUndefined();
		// nic.mw. is left with no listing the changed responses support: said as such, not as "0 name servers ()".
		expect(after.analysis.findings.find((finding) => finding.code === 'ZONE_UNREACHABLE')?.message).toBe('nic.mw.: no name server of it is known: no response in the trace lists one');
	});

	it("com. down: the walk stops there, and what only com.'s answers taught it is not known", () => {
		const after = assume(example, 'zone-down com.');
		expect(after.trace.outcome).toMatchObject({status: 'failure', zone: 'com.'});
		expect(after.trace.zones.map((zone) => zone.name)).toEqual(['.', 'com.']);
		expect(codes(after)).toEqual(['SERVER_TIMEOUT com.', 'ZONE_UNREACHABLE com.']);
	});

	it('Dyn, once both its servers answer again: one down is survived, both down is the outage as measured', async () => {
		const dyn = INTERNET.stories.find((story) => story.name === 'www.twitter.com')!;
		const recovered = dyn.aftermath!.reduce(applyWorldChange, INTERNET);
		const twitter = await labTrace('www.twitter.com.', 'A', {world: buildWorld(recovered, {keys: keysOf(labWorld())})});
		expect(analysed(twitter).trace.outcome.status).toBe('answer');
		expect(assume(twitter, 'down ns1.p16.dynect.net.').trace.outcome.status).toBe('answer');
		const outage = assume(twitter, 'down ns1.p16.dynect.net.', 'down ns2.p16.dynect.net.');
		expect(outage.trace.outcome).toMatchObject({status: 'failure', zone: 'twitter.com.'});
		// The servers also serve dynect.net., where their own addresses live: the names no longer resolve, as in the attack.
		expect(codes(outage)).toEqual(['NS_DEPENDENCY_FAILED twitter.com.', 'NS_NAME_UNRESOLVABLE twitter.com.', 'SERVER_TIMEOUT dynect.net.', 'SINGLE_POINT_OF_FAILURE dynect.net.', 'SINGLE_POINT_OF_FAILURE dynect.net.', 'SINGLE_POINT_OF_FAILURE twitter.com.', 'ZONE_UNREACHABLE dynect.net.', 'ZONE_UNREACHABLE twitter.com.']);
		expect(codes(outage)).toEqual(codes(analysed(await labTrace('www.twitter.com.'))));
	});

	it('a zone down takes every server address of it down, wherever else it serves', () => {
		const after = assume(bw, 'zone-down bw.');
		expect(after.trace.outcome.status).toBe('failure');
		expect(zoneOf(after.trace, 'bw.').servers.flatMap((server) => server.probes).every((probe) => probe.status === 'timeout')).toBe(true);
	});
});

describe('changing the DS', () => {
	it('example.com: its DS removed at com., the signed zone is insecure, its keys now a warning', () => {
		expect(analysed(example).analysis.dnssec.outcome.status).toBe('secure');
		const after = assume(example, 'ds-remove example.com.');
		expect(after.trace.outcome.status).toBe('answer');
		expect(after.analysis.dnssec.outcome.status).toBe('insecure');
		expect(after.analysis.dnssec.zones.find((zone) => zone.zone === 'example.com.')?.reason).toBe("no DS at com.: assumed removed, with the parent's signed denial (what-if, not measured)");
		expect(codes(after)).toEqual(['DNSSEC_WITHOUT_DS example.com.', 'SINGLE_POINT_OF_FAILURE example.com.']);
		// Gone from the parent's DS answers and its referrals alike.
		const com = zoneOf(after.trace, 'com.').servers.flatMap((server) => server.probes);
		expect(com.some((probe) => [...(probe.response?.answer ?? []), ...(probe.response?.authority ?? [])].some((record) => record.name === 'example.com.' && record.type === 'DS'))).toBe(false);
	});

	it('com.: its DS removed at the root, everything under it is insecure, not bogus, though example.com. keeps its own DS', () => {
		const after = assume(example, 'ds-remove com.');
		expect(after.analysis.dnssec.outcome.status).toBe('insecure');
		expect(after.analysis.dnssec.zones.find((zone) => zone.zone === 'example.com.')?.status).toBe('insecure');
	});

	it('a DS replaced by one that matches no key makes the zone bogus', () => {
		const after = assume(example, `ds-replace example.com. 1 13 2 ${'AB'.repeat(32)}`);
		expect(after.analysis.dnssec.outcome.status).toBe('bogus');
		expect(codes(after)).toContain('DS_NO_MATCHING_DNSKEY example.com.');
	});
});

describe('the clock', () => {
	it('ten years on, every signature has expired', () => {
		const after = assume(example, 'clock +3650d');
		expect(after.trace.options.validateAt).toBe(new Date(Date.parse(example.startedAt) + 3650 * 86_400_000).toISOString());
		expect(after.analysis.dnssec.outcome.status).toBe('bogus');
		expect(codes(after)).toEqual(expect.arrayContaining(['RRSIG_EXPIRED .', 'RRSIG_EXPIRED com.', 'RRSIG_EXPIRED example.com.']));
	});
});

describe('the parent side of a delegation', () => {
	it('an NS removed at the parent goes from its referrals, and the trace still resolves through the other', () => {
		const before = zoneOf(example, 'example.com.').nameservers.map((nameserver) => nameserver.name);
		const [removed] = before;
		const after = assume(example, `ns-remove example.com. ${removed}`);
		const referrals = zoneOf(after.trace, 'com.').servers.flatMap((server) => server.probes).filter((probe) => probe.referral === 'example.com.');
		expect(referrals.length).toBeGreaterThan(0);
		expect(referrals.some((probe) => probe.response!.authority.some((record) => record.type === 'NS' && record.data.kind === 'name' && record.data.target === removed))).toBe(false);
		expect(after.trace.outcome.status).toBe('answer');
	});

	it('removing the last name server at the parent is refused however many --what-if it takes, and one twice too', () => {
		const [first, second] = zoneOf(example, 'example.com.').nameservers.map((nameserver) => nameserver.name);
		expect(() => assumeChanges(example, [`ns-remove example.com. ${first}`, `ns-remove example.com. ${second}`])).toThrow(`invalid --what-if "ns-remove example.com. ${second}": ${second} is example.com.'s only name server left at its parent: removing it is removing the delegation`);
		expect(() => assumeChanges(example, [`ns-remove example.com. ${first}`, `ns-remove example.com. ${first}`])).toThrow(`${first} is already removed from example.com.'s delegation`);
	});
});

describe('reading a change', () => {
	it.each([
		['up ns1.example.com.', 'invalid --what-if "up ns1.example.com.": no such change "up": use down, zone-down, ds-remove, ds-replace, ns-remove, ns-add, clock'],
		['down ns9.nowhere.example.', 'invalid --what-if "down ns9.nowhere.example.": ns9.nowhere.example. is neither an address nor a name server asked in this trace'],
		['down 192.0.2.1', 'invalid --what-if "down 192.0.2.1": no server of this trace has the address 192.0.2.1'],
		['ns-add example.com. ns3.example.com. 300.1.1.1', 'invalid --what-if "ns-add example.com. ns3.example.com. 300.1.1.1": 300.1.1.1 is not an IP address'],
		['ds-remove example.org.', 'invalid --what-if "ds-remove example.org.": example.org. is not a zone of this trace (. com. example.com.)'],
		['clock tomorrow', 'invalid --what-if "clock tomorrow": give +N followed by h, d or w (from when the trace was taken), or a moment such as 2026-12-31T00:00:00Z'],
		// A name that is no name is said to be that, not "not a zone of this trace".
		['zone-down ex..ample.com.', 'invalid --what-if "zone-down ex..ample.com.": ex..ample.com. is not a name'],
		['ns-remove example.com.', 'invalid --what-if "ns-remove example.com.": ns-remove takes ZONE NSNAME'],
	])('refuses %s in one line', (text, problem) => {
		expect(parseChange(text, example)).toEqual({problem});
	});

	it('reads a word in quotes as the form check does: zone-down "bw." is bw.', () => {
		expect(parseChange('zone-down "example.com."', example)).toEqual({change: {kind: 'zone-down', zone: 'example.com.'}});
	});

	it('says before the walk what is wrong whatever the trace, and leaves to the trace what only it can tell', () => {
		expect(changeFormProblem('zone-down ex..ample.com.')).toBe('invalid --what-if "zone-down ex..ample.com.": ex..ample.com. is not a name');
		expect(changeFormProblem(`down ${'a'.repeat(70)}.com.`)).toBe(`invalid --what-if "down ${'a'.repeat(70)}.com.": ${'a'.repeat(70)}.com. is not a name`);
		expect(changeFormProblem('ns-add bw. ns9..nic.bw. 127.77.150.1')).toBe('invalid --what-if "ns-add bw. ns9..nic.bw. 127.77.150.1": ns9..nic.bw. is not a name');
		// Quotes typed inside the option are escaped in its echo: where it ends stays plain.
		expect(changeFormProblem('ds-replace bw. "1 8 2 zz"')).toBe('invalid --what-if "ds-replace bw. \\"1 8 2 zz\\"": the DS is KEYTAG (0-65535) ALGORITHM (0-255) DIGESTTYPE (0-255) and the digest in hex');
		// A digest of another length than its type's: the walk would refuse the referral made with it as malformed, and
		// the file written would not open again.
		expect(changeFormProblem('ds-replace rollover.net 1234 13 2 AAAA')).toBe('invalid --what-if "ds-replace rollover.net 1234 13 2 AAAA": a digest of type 2 is 32 bytes (64 hex digits); 2 given');
		expect(changeFormProblem(`ds-replace bw. 1 8 1 ${'ab'.repeat(20)}`)).toBeUndefined();
		expect(changeFormProblem(`ds-replace bw. 1 8 4 ${'ab'.repeat(32)}`)).toBe(`invalid --what-if "ds-replace bw. 1 8 4 ${'ab'.repeat(32)}": a digest of type 4 is 48 bytes (96 hex digits); 32 given`);
		// A digest type no validator knows has no length to check: the walk takes such a DS as it comes.
		expect(changeFormProblem('ds-replace bw. 1 8 200 abcd')).toBeUndefined();
		// A word of 10,000 characters is echoed by its start and its length, once in the option and once as the word.
		const long = 'x'.repeat(10_000);
		expect(changeFormProblem(`down "${long}"`)).toBe(`invalid --what-if "down \\"${'x'.repeat(114)}… (10007 characters)": "${'x'.repeat(119)}… (10002 characters) is not a name`);
		expect(changeFormProblem(`${long} bw.`)).toBe(`invalid --what-if "${'x'.repeat(120)}… (10004 characters)": no such change "${'x'.repeat(120)}… (10000 characters)": use down, zone-down, ds-remove, ds-replace, ns-remove, ns-add, clock`);
		// Cut and counted by code points: an emoji is never cut in half (it printed U+FFFD), nor counted twice.
		expect(changeFormProblem(`${'a'.repeat(119)}${'😀'.repeat(5)}`)).toBe(`invalid --what-if "${'a'.repeat(119)}😀… (124 characters)": no such change "${'a'.repeat(119)}😀… (124 characters)": use down, zone-down, ds-remove, ds-replace, ns-remove, ns-add, clock`);
		expect(changeFormProblem('clock +30d')).toBeUndefined();
		expect(changeFormProblem('down nosuch.example.')).toBeUndefined();
		expect(changeFormProblem('down 192.0.2.1')).toBeUndefined();
	});
});

describe('a what-if saved', () => {
	it('is written as format @5, opened with its changes applied again to its responses, and says so at the top', () => {
		const after = assume(bw, 'down afrinic.nic.bw.', 'down pch.nic.bw.', 'down dns2.btc.bw.');
		const file = serializeSnapshot(after, TOOL);
		expect(JSON.parse(file).schema).toBe('digdeeper/snapshot@5');
		const {trace} = parseSnapshot(file);
		expect(trace.assumed).toEqual(after.trace.assumed);
		expect(trace.outcome.status).toBe('failure');
		expect(renderTraceText(analysed(trace), {toolVersion: 'test'}).split('\n')[0]).toBe('; WHAT-IF, not measured: assuming afrinic.nic.bw. down (every address); pch.nic.bw. down (every address); dns2.btc.bw. down (every address)');
	});

	it('applying a trace\'s own changes again changes nothing (how a file is re-judged)', () => {
		const once = applyChanges(example, [{kind: 'ds-remove', zone: 'example.com.'}, {kind: 'down', server: 'a.gtld-servers.net.'}]);
		expect(applyChanges(once, [])).toEqual(once);
	});

	it('a change the format does not know is damage, named by where it is', () => {
		const file = JSON.parse(serializeSnapshot(assume(example, 'ds-remove example.com.'), TOOL));
		expect(() => parseSnapshot(JSON.stringify({...file, assumed: [{kind: 'explode', zone: 'example.com.'}]}))).toThrow(/^damaged snapshot: .*\(where: assumed\[0\]\.kind\)$/u);
	});

	it('an @4 file that claims changes is damaged, not a measurement', () => {
		const file = JSON.parse(serializeSnapshot(assume(example, 'ds-remove example.com.'), TOOL));
		expect(() => parseSnapshot(JSON.stringify({...file, schema: 'digdeeper/snapshot@4'}))).toThrow(SnapshotError);
	});
});
