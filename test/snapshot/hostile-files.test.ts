/*
 * A world of hostile snapshot files, one table per way a file can attack its reader. Each file is opened as
 * `digdeeper open` and `report` open it (in process): it either opens, judged again from its raw bytes, or is
 * refused with the one line the CLI prints; nothing else may be thrown, and nothing from the file may steer the
 * terminal.
 */
import {describe, expect, it} from 'vitest';
import {decodeMessage} from '../../source/dns/codec.js';
import {readLayout} from '../../source/dns/wire-layout.js';
import {ESCAPES, expectTerminalSafe, openText, savedLabTrace, type Opened} from '../helpers/snapshots.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a file's JSON, edited in every way a hostile one can be
type File = any;

/** www.example.com: an answer, DNSSEC secure, 92 probes. */
const base: File = JSON.parse(await savedLabTrace('www.example.com'));
const original = openText(JSON.stringify(base));
if ('line' in original) throw new Error(`the base snapshot does not open: ${original.line}`);

const edited = (edit: (file: File) => void): string => {
	const copy = structuredClone(base);
	edit(copy);
	return JSON.stringify(copy);
};
const probesOf = (file: File): File[] => file.zones.flatMap((zone: File) => zone.servers.flatMap((server: File) => server.probes));
const answered = (file: File): File => probesOf(file).find((probe) => probe.status === 'answered' && probe.message);
/** The probe whose answer ended the walk, and where it is in the file. */
const finalProbe = (file: File): File => probesOf(file).find((probe) => probe.id === file.resolutions[0].steps.at(-1).probe);
const probePath = (file: File, wanted: File): string => {
	for (const [z, zone] of file.zones.entries()) for (const [s, server] of zone.servers.entries()) for (const [p, probe] of server.probes.entries()) if (probe === wanted) return `zones[${z}].servers[${s}].probes[${p}]`;
	throw new Error('no such probe');
};
const escaped = (path: string) => path.replace(/[[\].]/gu, (char) => `\\${char}`);

function refusedAt(opened: Opened, where: string | RegExp): void {
	if (!('line' in opened)) throw new Error('the file opened; it should have been refused');
	expect(opened.line.split('\n')).toHaveLength(1);
	expect(opened.line).not.toMatch(ESCAPES);
	expect(opened.line).toMatch(typeof where === 'string' ? new RegExp(`^digdeeper: hostile\\.json: damaged snapshot: .+ \\(where: ${escaped(where)}\\)$`, 'u') : where);
}

function opensAsTheOriginal(opened: Opened): void {
	if ('line' in opened) throw new Error(`refused: ${opened.line}`);
	if ('line' in original) throw new Error('unreachable');
	expect(opened.text).toBe(original.text);
	expect(opened.report).toBe(original.report);
}

describe('crashes and type confusion: refused in one line that says where, or opened', () => {
	const anchor = base.options.trustAnchorRecords[0];
	const keyField = anchor.data.kind === 'ds' ? 'digest' : 'publicKey';
	const table: Array<[string, (file: File) => void, string | RegExp]> = [
		['a number where a digest or key string is expected', (file) => (file.options.trustAnchorRecords[0].data[keyField] = 5), `options.trustAnchorRecords[0].data.${keyField}`],
		['a TXT anchor without strings', (file) => (file.options.trustAnchorRecords[0] = {name: '.', type: 'TXT', class: 'IN', ttl: 0, data: {kind: 'txt'}}), 'options.trustAnchorRecords[0].type'],
		['an anchor whose data has no fields', (file) => (file.options.trustAnchorRecords[0].data = {kind: anchor.data.kind}), /where: options\.trustAnchorRecords\[0\]\.data\./u],
		['a status that is a number', (file) => (file.zones[0].servers[0].probes[0].status = 42), 'zones[0].servers[0].probes[0].status'],
		['a probe id that is a string', (file) => (file.zones[0].servers[0].probes[0].id = '1'), 'zones[0].servers[0].probes[0].id'],
		['zones as an object', (file) => (file.zones = {}), 'zones'],
		['servers as null', (file) => (file.zones[0].servers = null), 'zones[0].servers'],
		['probes as a string', (file) => (file.zones[0].servers[0].probes = 'many'), 'zones[0].servers[0].probes'],
		['a probe without its question', (file) => delete file.zones[0].servers[0].probes[0].question, 'zones[0].servers[0].probes[0].question'],
		['address family 5', (file) => (file.zones[0].servers[0].family = 5), 'zones[0].servers[0].family'],
		['port 0', (file) => (file.options.port = 0), 'options.port'],
		['port 70000', (file) => (file.options.port = 70_000), 'options.port'],
		['a negative time-out', (file) => (file.options.timeoutMs = -1), 'options.timeoutMs'],
		['a time-out of 1e300 ms, which the command line would refuse', (file) => (file.options.timeoutMs = 1e300), 'options.timeoutMs'],
		['a time-out over a minute, the longest --timeout', (file) => (file.options.timeoutMs = 60_001), 'options.timeoutMs'],
		['eleven retries, one more than --retries takes', (file) => (file.options.retries = 11), 'options.retries'],
		['no time-out at all (0 ms), which --timeout refuses', (file) => (file.options.timeoutMs = 0), 'options.timeoutMs'],
		['a time-out of half a millisecond (--timeout 0.5 is refused as seconds typed for milliseconds)', (file) => (file.options.timeoutMs = 0.5), 'options.timeoutMs'],
		["a time-out of 9.99 ms, under --timeout's floor of 10", (file) => (file.options.timeoutMs = 9.99), 'options.timeoutMs'],
		['a measured probe said assumed down, with no what-if in the file', (file) => (file.zones[0].servers[0].probes[0].error = 'assumed down (what-if, not measured): a dead server lets every try time out'), 'zones[0].servers[0].probes[0].error'],
		['addresses said taken down, with no what-if in the file', (file) => (file.assumedDown = ['127.77.0.1']), 'assumedDown'],
		['a start time that is not a time', (file) => (file.startedAt = 'yesterday'), 'startedAt'],
		['a start time with a comment riding along', (file) => (file.startedAt = '2024-01-01 (hello)'), 'startedAt'],
		['a message ID over 16 bits', (file) => (answered(file).messageId = 70_000), /where: zones\[\d+\]\.servers\[\d+\]\.probes\[\d+\]\.messageId\)$/u],
		['raw bytes that are not base64', (file) => (Object.values(file.messages)[0] as File).raw = '!!!', /where: messages(\.[\w$]+|\["[^"]+"\])\.raw\)$/u],
		['messages as an array', (file) => (file.messages = []), 'messages'],
		['a name without its trailing dot', (file) => (file.query.name = 'www.example.com'), 'query.name'],
		['a negative count', (file) => (file.stats.queries = -1), 'stats.queries'],
		['a query other than the one the trace asked (shown over another name\'s trace)', (file) => (file.query.name = 'www.bank.example.'), 'query'],
		['a step taken before the trace began', (file) => (file.resolutions[0].steps[0].atMs = -1), 'resolutions[0].steps[0].atMs'],
		['an outcome decided before the trace began', (file) => (file.outcome.atMs = -1), 'outcome.atMs'],
		['a round trip of -1000 ms', (file) => (answered(file).rttMs = -1000), /where: zones\[\d+\]\.servers\[\d+\]\.probes\[\d+\]\.rttMs\)$/u],
		['a round trip of 1e300 ms', (file) => (answered(file).rttMs = 1e300), /where: zones\[\d+\]\.servers\[\d+\]\.probes\[\d+\]\.rttMs\)$/u],
		['a probe sent 5e20 ms before the trace began', (file) => (file.zones[0].servers[0].probes[0].startedMs = -5e20), 'zones[0].servers[0].probes[0].startedMs'],
		['a probe finished a year after the trace began', (file) => (answered(file).finishedMs = 365 * 86_400_000), /where: zones\[\d+\]\.servers\[\d+\]\.probes\[\d+\]\.finishedMs\)$/u],
		['a walk of 1e308 ms', (file) => (file.durationMs = 1e308), 'durationMs'],
		['an NSID option of half a byte', (file) => (probesOf(file).find((probe) => probe.nsidOption).nsidOption.hex = 'abc'), /where: zones\[\d+\]\.servers\[\d+\]\.probes\[\d+\]\.nsidOption\.hex\)$/u],
		['a limit whose value is a string', (file) => (file.limits = [{limit: 'queries', value: 'many', detail: 'x'}]), 'limits[0].value'],
		['a loop of an unknown kind', (file) => (file.loops = [{kind: 'spiral', names: [], detail: 'x'}]), 'loops[0].kind'],
		['two probes under one id', (file) => (file.zones[0].servers[0].probes[1].id = file.zones[0].servers[0].probes[0].id), 'zones[0].servers[0].probes[1].id'],
		['a probe filed under another zone', (file) => (file.zones[0].servers[0].probes[0].zone = 'com.'), 'zones[0].servers[0].probes[0].zone'],
		['a probe filed under another server', (file) => (file.zones[0].servers[0].probes[0].address = '192.0.2.99'), 'zones[0].servers[0].probes[0].address'],
		['a step following a probe that is not there', (file) => (file.resolutions[0].steps[0].probe = 99_999), 'resolutions[0].steps[0].probe'],
		['a step following a probe that asked something else', (file) => (file.resolutions[0].steps[0].probe = probesOf(file).find((probe) => probe.zone === '.' && probe.question.type === 'SOA').id), 'resolutions[0].steps[0].probe'],
		['a sub-trace that is not there', (file) => (file.zones[0].nameservers[0].subtraces = [999]), 'zones[0].nameservers[0].subtraces[0]'],
		['one zone twice', (file) => file.zones.push(file.zones[0]), `zones[${base.zones.length}].name`],
		['a probe referring to a message that is not there', (file) => (answered(file).message = 'nothing-here'), /where: zones\[\d+\]\.servers\[\d+\]\.probes\[\d+\]\.message\)$/u],
		['trust-anchor files as one string', (file) => (file.options.trustAnchorFiles = 'a.ds, b.ds'), 'options.trustAnchorFiles'],
		['a trust-anchor file that is a number', (file) => (file.options.trustAnchorFiles = ['a.ds', 7]), 'options.trustAnchorFiles[1]'],
		['more trust-anchor files than a trace reads anchors', (file) => (file.options.trustAnchorFiles = Array.from({length: 101}, (_, index) => `${index}.ds`)), 'options.trustAnchorFiles'],
		['an empty list of trust-anchor files', (file) => (file.options.trustAnchorFiles = []), 'options.trustAnchorFiles'],
		['a trust-anchor file name of 64 KiB and more', (file) => (file.options.trustAnchorFiles = ['a'.repeat(64 * 1024 + 1)]), 'options.trustAnchorFiles[0]'],
	];
	for (const [label, edit, where] of table) it(`${label}`, () => refusedAt(openText(edited(edit)), where));

	it("a time-out under --timeout's floor is refused with the command line's bound; one it takes opens, a fraction of a millisecond included", () => {
		// A file said 0.5 ms: shown as the trace's time-out, and repeated as `--timeout 0.5`, a command the command line refuses.
		const opened = openText(edited((file) => (file.options.timeoutMs = 0.5)));
		expect('line' in opened ? opened.line : 'opened').toBe('digdeeper: hostile.json: damaged snapshot: Too small: expected number to be >=10 (where: options.timeoutMs)');
		// `--timeout 10.5` runs (the command line takes any number from 10 to 60000): a real trace can say so.
		const fraction = openText(edited((file) => (file.options.timeoutMs = 10.5)));
		if ('line' in fraction) throw new Error(fraction.line);
		expect(fraction.text).toContain(' · timeout 10.5 ms, ');
	});

	it('an answered probe without a message opens, shown as the malformed response it now is', () => {
		const opened = openText(edited((file) => delete answered(file).message));
		if ('line' in opened) throw new Error(opened.line);
		expect(opened.text).toMatch(/MALFORMED +the snapshot keeps no response bytes for this answer/u);
	});

	it('a message whose bytes carry an ID other than the probe\'s messageId says: refused, naming the message', () => {
		let claimed = 0;
		let carried = 0;
		const opened = openText(
			edited((file) => {
				const probe = answered(file);
				claimed = probe.messageId;
				carried = claimed === 0x5a5a ? 1 : claimed ^ 0x5a5a;
				const raw = Buffer.from(file.messages[probe.message].raw, 'base64');
				raw.writeUInt16BE(carried, 0);
				file.messages[probe.message].raw = raw.toString('base64');
			}),
		);
		refusedAt(opened, /where: messages(\.[\w$]+|\["[^"]+"\])\.raw\)$/u);
		expect('line' in opened && opened.line).toContain(`carries ID ${carried} in its bytes, where the probe's messageId says ${claimed} (messages are kept with ID 0)`);
	});

	it('an answer whose saved bytes this version refuses as a response (EDNS version 1) opens, shown as the malformed response it now is', () => {
		const opened = openText(
			edited((file) => {
				// The answer the walk ended on: a referral's bytes are what name the next zone (placement.test.ts).
				const probe = finalProbe(file);
				const raw = Buffer.from(file.messages[probe.message].raw, 'base64');
				const opt = readLayout(raw).records.find((record) => record.type === 41)!;
				raw[opt.rdataOffset - 5] = 1;
				file.messages[probe.message].raw = raw.toString('base64');
			}),
		);
		if ('line' in opened) throw new Error(opened.line);
		expect(opened.text).toMatch(/MALFORMED +the saved response is not a valid response: EDNS version 1 in the response to a version 0 query \(RFC 6891 6\.1\.3\), at byte \d+/u);
	});

	it('an answer the file says came over TCP with TC=1 opens, shown as the malformed response it is: a TCP reply is never truncated', () => {
		const opened = openText(
			edited((file) => {
				const probe = finalProbe(file);
				probe.transport = 'tcp';
				const raw = Buffer.from(file.messages[probe.message].raw, 'base64');
				raw[2] = raw[2]! | 0x02;
				file.messages[probe.message].raw = raw.toString('base64');
			}),
		);
		if ('line' in opened) throw new Error(opened.line);
		expect(opened.text).toMatch(/MALFORMED +TC=1 over TCP: a TCP reply is never truncated \(RFC 7766 8\)/u);
	});

	it('an answer the file says came over UDP with TC=1 opens, shown as the malformed response it is: a truncated reply is never used', () => {
		const opened = openText(
			edited((file) => {
				const probe = finalProbe(file);
				expect(probe.transport).toBe('udp');
				const raw = Buffer.from(file.messages[probe.message].raw, 'base64');
				raw[2] = raw[2]! | 0x02;
				file.messages[probe.message].raw = raw.toString('base64');
			}),
		);
		if ('line' in opened) throw new Error(opened.line);
		expect(opened.text).toMatch(/MALFORMED +TC=1 over UDP: a truncated reply may be missing records, so its data is never used \(it is asked again over TCP\)/u);
		expect(opened.text).not.toMatch(/^;; ANSWER /mu);
	});

	it('every message digdeeper writes is kept with ID 0, each probe\'s ID beside it', () => {
		for (const entry of Object.values(base.messages) as File[]) expect(Buffer.from(entry.raw, 'base64').readUInt16BE(0)).toBe(0);
		expect(probesOf(base).filter((probe) => probe.message).every((probe) => Number.isInteger(probe.messageId))).toBe(true);
	});

	for (const [label, text, message] of [
		['the top level an array', '[]', /^digdeeper: hostile\.json: not a digdeeper snapshot: the top level is not an object$/u],
		['the top level null', 'null', /^digdeeper: hostile\.json: not a digdeeper snapshot: the top level is not an object$/u],
		['a number too large for a double', JSON.stringify(base).replace(/"durationMs":[\d.]+/u, '"durationMs":1e400'), /^digdeeper: hostile\.json: damaged snapshot: .+ \(where: durationMs\)$/u],
		['a truncated file', JSON.stringify(base).slice(0, 5000), /^digdeeper: hostile\.json: not valid JSON: /u],
		['a schema that is not a string', '{"schema": ["digdeeper/snapshot@1"]}', /^digdeeper: hostile\.json: not a digdeeper snapshot: no "schema"/u],
		['a schema inherited, not its own', '{"__proto__": {"schema": "digdeeper/snapshot@1"}}', /^digdeeper: hostile\.json: not a digdeeper snapshot: no "schema"/u],
	] as const) {
		it(label, () => refusedAt(openText(text), message));
	}

	it('a hundred thousand probes, more than any trace makes: refused before validation, at little more than the cost of parsing it', () => {
		const text = edited((file) => {
			const server = file.zones[0].servers[0];
			server.probes = Array.from({length: 100_000}, (_, index) => ({...server.probes[0], id: 1_000_000 + index}));
		});
		// CPU time, not wall time, and against reading the same text as JSON in the same run: what refusing the file
		// costs beyond parsing it, whatever else the machine is doing (a loaded CI machine doubles both).
		const cpuMs = (work: () => void) => {
			const started = process.cpuUsage();
			work();
			const spent = process.cpuUsage(started);
			return (spent.user + spent.system) / 1000;
		};
		const parsing = Math.min(...[1, 2, 3].map(() => cpuMs(() => JSON.parse(text))));
		const refusing = cpuMs(() => refusedAt(openText(text), /^digdeeper: hostile\.json: damaged snapshot: 100\d{3} probes, more than any trace makes \(at most 12000\)$/u));
		console.log(`parsing ${text.length} characters: ${parsing.toFixed(0)} ms CPU; refusing the file: ${refusing.toFixed(0)} ms CPU`);
		expect(refusing).toBeLessThan(3 * parsing + 100);
	});
});

describe("times that contradict each other: refused in one line that says where; a real trace's never", () => {
	/** The answered probe that finished last, and where it is: the walk's end bounds it. */
	const lastFinished = (file: File): File => probesOf(file).reduce((latest, probe) => ((probe.finishedMs ?? 0) > (latest.finishedMs ?? 0) ? probe : latest));
	/** An answered probe given a span of exactly 10 ms, inside the walk, and a round trip of `rttMs`. */
	const spanned = (rttMs: number) =>
		edited((file) => {
			const probe = finalProbe(file);
			probe.startedMs = 10;
			probe.finishedMs = 20;
			probe.rttMs = rttMs;
		});
	const table: Array<[string, (file: File) => void, (file: File) => string]> = [
		['a probe that finished before it started', (file) => (finalProbe(file).startedMs = finalProbe(file).finishedMs + 5), (file) => `${probePath(file, finalProbe(file))}.finishedMs`],
		["a round trip longer than the probe's own span", (file) => (finalProbe(file).rttMs = finalProbe(file).finishedMs - finalProbe(file).startedMs + 1), (file) => `${probePath(file, finalProbe(file))}.rttMs`],
		['the step that decided the outcome taken after the trace ended', (file) => (file.resolutions[0].steps.at(-1).atMs = file.durationMs + 1), (file) => `resolutions[0].steps[${file.resolutions[0].steps.length - 1}].atMs`],
		// The outcome's time is not read back (the decision is made again from the steps), but other readers see it.
		['an outcome decided after the trace ended', (file) => (file.outcome.atMs = file.durationMs + 1), () => 'outcome.atMs'],
		['an outcome dated apart from the step that decided it', (file) => (file.outcome.atMs = file.resolutions[0].steps[0].atMs), () => 'outcome.atMs'],
		['an outcome still to come dated as decided', (file) => (file.outcome = {status: 'failure', reason: 'the trace is still running', records: [], atMs: 5}), () => 'outcome.atMs'],
		// Named where the file first says a probe finished after the end it gives.
		["a walk shorter than its last probe's finish", (file) => (file.durationMs = lastFinished(file).finishedMs - 1), (file) => `${probePath(file, probesOf(file).find((probe) => probe.finishedMs > file.durationMs))}.finishedMs`],
	];
	it.each(table)('%s', (_, edit, where) => {
		const copy = structuredClone(base);
		edit(copy);
		const opened = openText(JSON.stringify(copy));
		refusedAt(opened, where(copy));
		if ('line' in opened) expect(opened.line).toMatch(/ ms/u);
	});

	it('an answered probe with no finish is refused: its round trip would otherwise be shown unchecked (a break test showed 5000 ms in a 145 ms trace)', () => {
		const opened = openText(edited((file) => {
			const probe = finalProbe(file);
			delete probe.finishedMs;
			probe.rttMs = 5000;
		}));
		expect('line' in opened ? opened.line : 'opened').toMatch(/damaged snapshot: a probe answered has no finish \(where: zones\[\d+\]\.servers\[\d+\]\.probes\[\d+\]\.finishedMs\)/u);
	});

	it('a probe skipped before it left, saved with a round trip by builds before session 37, opens without one', () => {
		// What an IPv4-only host wrote for every IPv6 probe: the time to the kernel's refusal as a round trip, its span 0.
		const opened = openText(
			edited((file) => {
				const probe = probesOf(file).find((each) => each.purpose === 'cds' && each.status === 'answered');
				for (const key of ['message', 'messageId', 'nsidOption', 'rcode', 'size', 'kind']) delete probe[key];
				Object.assign(probe, {status: 'skipped', error: 'not sent: this host has no IPv6 connectivity (EADDRNOTAVAIL: connect EADDRNOTAVAIL ::1:53)', finishedMs: probe.startedMs, rttMs: 17.373});
			}),
		);
		if ('line' in opened) throw new Error(opened.line);
		const skipped = opened.opened.trace.zones.flatMap((zone) => zone.servers.flatMap((server) => server.probes)).filter((probe) => probe.status === 'skipped');
		expect(skipped).toHaveLength(1);
		expect(skipped[0]!.rttMs).toBeUndefined();
	});

	it('a probe skipped before it left that carries a response is refused: a server never asked would be shown saying it', () => {
		const opened = openText(
			edited((file) => {
				const probe = probesOf(file).find((each) => each.purpose === 'cds' && each.status === 'answered');
				delete probe.rttMs;
				Object.assign(probe, {status: 'skipped', error: 'not sent: the query limit was reached', finishedMs: probe.startedMs});
			}),
		);
		expect('line' in opened ? opened.line : 'opened').toMatch(/damaged snapshot: a probe skipped before it was sent carries a response \(where: zones\[\d+\]\.servers\[\d+\]\.probes\[\d+\]\.message\)/u);
	});

	it('a probe that timed out or found no route, given a response, is refused: only a reply read keeps bytes', () => {
		// A break test gave a timed-out probe another probe's bytes: the explorer showed TIMEOUT beside "575 bytes received".
		for (const [status, words] of [['timeout', 'that timed out'], ['unreachable', 'whose server was unreachable'], ['network', 'that failed on the network'], ['pending', 'still waiting for its reply']]) {
			const opened = openText(
				edited((file) => {
					const probe = probesOf(file).find((each) => each.purpose === 'cds' && each.status === 'answered');
					for (const key of ['rcode', 'kind']) delete probe[key];
					// A probe still out has nothing else of an exchange either (refused on its own, below): only its bytes here.
					if (status === 'pending') for (const key of ['transport', 'attempts', 'rttMs', 'finishedMs']) delete probe[key];
					Object.assign(probe, {status, ...(status === 'pending' ? {} : {error: 'no response within 1500 ms over TCP'})});
				}),
			);
			expect('line' in opened ? opened.line : 'opened').toContain(`damaged snapshot: a probe ${words} carries a response (where: zones[`);
			expect('line' in opened ? opened.line : '').toMatch(/\.probes\[\d+\]\.message\)$/u);
		}
	});

	it('an answered probe that carries an error is refused: an answer has none, and the words went on beside it into every file written from it', () => {
		// A break test gave an answer an error: every view opened it, and `open --json` and a report's page wrote it out again.
		const opened = openText(edited((file) => (finalProbe(file).error = 'SERVFAIL: this server was seized by the registry')));
		refusedAt(opened, `${probePath(base, finalProbe(base))}.error`);
		expect('line' in opened ? opened.line : 'opened').toContain(`damaged snapshot: a probe of ${finalProbe(base).address} that was answered carries an error, which only a probe without an answer has (where: `);
	});

	describe('a probe still out carries nothing an ended exchange leaves: the explorer and --text showed one PENDING beside a time-out\'s words, its 4 attempts and its wait (a break test)', () => {
		/** The cds probe as the walk holds it before its reply: asked, nothing back. */
		const stillOut = (file: File): File => {
			const probe = probesOf(file).find((each) => each.purpose === 'cds' && each.status === 'answered');
			for (const key of ['message', 'messageId', 'nsidOption', 'rcode', 'size', 'kind', 'transport', 'attempts', 'rttMs', 'finishedMs']) delete probe[key];
			probe.status = 'pending';
			return probe;
		};
		const cds = probesOf(base).find((each) => each.purpose === 'cds' && each.status === 'answered');

		const table: Array<[string, object, string]> = [
			['an error', {error: 'no response within 1500 ms over TCP'}, 'carries an error, which only a probe that failed or was skipped has'],
			['a transport', {transport: 'tcp'}, 'carries transport, which only a probe whose query came back has'],
			['attempts', {attempts: 4}, 'carries attempts, which only a probe whose query came back has'],
			['a round trip', {rttMs: 12}, 'carries rttMs, which only a probe whose query came back has'],
			['a finish', {finishedMs: cds.finishedMs}, 'carries finishedMs, which only a probe whose query came back has'],
			['UDP timed out', {udpTimedOut: true}, 'carries udpTimedOut, which only a probe whose query came back has'],
			['ignored replies', {ignored: 3}, 'carries ignored, which only a probe whose query came back has'],
			["a survey's share", {shared: {measuredAt: '2024-01-01T00:00:00.000Z'}}, 'carries shared, which only a probe whose query came back has'],
		];
		it.each(table)('as the walk holds one, it opens (a trace saved while it ran); with %s, it is refused', (_, fields, words) => {
			const asHeld = openText(edited(stillOut));
			if ('line' in asHeld) throw new Error(asHeld.line);
			expect(asHeld.text).toContain(', saved while it ran, 1 probe still out; ');
			const field = Object.keys(fields)[0]!;
			const opened = openText(edited((file) => Object.assign(stillOut(file), fields)));
			refusedAt(opened, `${probePath(base, cds)}.${field}`);
			expect('line' in opened ? opened.line : 'opened').toContain(`damaged snapshot: a probe of ${cds.address} still waiting for its reply ${words} (where: `);
		});
	});

	it('a malformed probe keeps its bytes and opens: they are what the server sent', () => {
		const opened = openText(
			edited((file) => {
				const probe = probesOf(file).find((each) => each.purpose === 'cds' && each.status === 'answered');
				for (const key of ['rcode', 'kind']) delete probe[key];
				Object.assign(probe, {status: 'malformed', error: 'not a valid response (575 bytes): made up'});
			}),
		);
		if ('line' in opened) throw new Error(opened.line);
		const malformed = opened.opened.trace.zones.flatMap((zone) => zone.servers.flatMap((server) => server.probes)).filter((probe) => probe.status === 'malformed');
		expect(malformed).toHaveLength(1);
		expect(malformed[0]!.raw).toMatch(/^[A-Za-z0-9+/]+=*$/u);
		expect(malformed[0]!.response).toBeUndefined();
	});

	it('each said in words with its times', () => {
		const line = (edit: (file: File) => void) => {
			const opened = openText(edited(edit));
			return 'line' in opened ? opened.line : 'opened';
		};
		expect(line((file) => Object.assign(finalProbe(file), {startedMs: 30, finishedMs: 20}))).toContain('damaged snapshot: a probe finished at 20 ms, before it started at 30 ms (where: ');
		expect(line((file) => Object.assign(finalProbe(file), {startedMs: 10, finishedMs: 20, rttMs: 15}))).toContain("damaged snapshot: a probe's round trip of 15 ms is longer than the probe itself (10 ms to 20 ms) (where: ");
		expect(line((file) => (file.resolutions[0].steps[0].atMs = file.durationMs + 0.5))).toContain(`damaged snapshot: a step was taken at ${base.durationMs + 0.5} ms, after the trace ended at ${base.durationMs} ms (durationMs) (where: resolutions[0].steps[0].atMs)`);
		expect(line((file) => (file.outcome.atMs = file.durationMs + 0.5))).toContain(`damaged snapshot: the outcome was decided at ${base.durationMs + 0.5} ms, after the trace ended at ${base.durationMs} ms (durationMs) (where: outcome.atMs)`);
		const steps = base.resolutions[0].steps;
		expect(line((file) => (file.outcome.atMs = 1))).toContain(`damaged snapshot: the outcome was decided at 1 ms, not when the step that decided it was taken (${steps.at(-1).atMs} ms, resolutions[0].steps[${steps.length - 1}].atMs) (where: outcome.atMs)`);
		expect(line((file) => (file.outcome = {status: 'failure', reason: 'the trace is still running', records: [], atMs: 5}))).toContain('damaged snapshot: an outcome still to come (the trace was saved while it ran) says it was decided at 5 ms (where: outcome.atMs)');
	});

	it('a finish before its start by less than a microsecond is said as that, not as a round trip longer than a span rounded to 0 (found by a break test)', () => {
		const text = edited((file) => Object.assign(finalProbe(file), {startedMs: 10, finishedMs: 9.9996, rttMs: 5}));
		const opened = openText(text);
		refusedAt(opened, `${probePath(base, finalProbe(base))}.finishedMs`);
		expect('line' in opened ? opened.line : 'opened').toContain('damaged snapshot: a probe finished at 9.9996 ms, before it started at 10 ms (where: ');
	});

	it('a round trip over the span by the rounding alone opens: every time is rounded to the microsecond, the round trip apart from the two it lies between', () => {
		expect('line' in openText(spanned(10.001))).toBe(false);
		refusedAt(openText(spanned(10.002)), `${probePath(base, finalProbe(base))}.rttMs`);
	});

	it("a probe finishing, and the deciding step taken, at the very end of the walk opens", () => {
		const text = edited((file) => {
			lastFinished(file).finishedMs = file.durationMs;
			file.resolutions[0].steps.at(-1).atMs = file.durationMs;
			file.outcome.atMs = file.durationMs;
		});
		expect('line' in openText(text)).toBe(false);
	});

	it("a probe answered from a survey's share opens with the round trip of the query that went out, longer than its own span", () => {
		const text = edited((file) => Object.assign(finalProbe(file), {startedMs: 10, finishedMs: 10.2, rttMs: 35, shared: {measuredAt: file.startedAt}}));
		expect('line' in openText(text)).toBe(false);
	});
});

describe('prototype keys: a key is only ever itself', () => {
	const prototypeNames = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf', 'propertyIsEnumerable', 'toLocaleString', '__defineGetter__', '__lookupSetter__'];
	for (const key of prototypeNames) {
		it(`"${key}" as a message reference is a message that is not there`, () => {
			let where = '';
			refusedAt(
				openText(
					edited((file) => {
						const probe = answered(file);
						probe.message = key;
						where = `${probePath(file, probe)}.message`;
					}),
				),
				where || 'unreachable',
			);
		});
	}

	for (const key of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf']) {
		it(`a real message stored under "${key}" is found under that key and nowhere else`, () => {
			const text = edited((file) => {
				const old = answered(file).message;
				// defineProperty: an own key named __proto__, as JSON.parse makes it, not a prototype.
				Object.defineProperty(file.messages, key, {value: file.messages[old], enumerable: true, configurable: true, writable: true});
				delete file.messages[old];
				for (const probe of probesOf(file)) if (probe.message === old) probe.message = key;
			});
			expect(text).toContain(`"${key}":{"raw"`);
			opensAsTheOriginal(openText(text));
		});
	}

	const where: Array<[string, (file: File) => File]> = [
		['the top level', (file) => file],
		['the options', (file) => file.options],
		['the query', (file) => file.query],
		['the tool', (file) => file.tool],
		['a zone', (file) => file.zones[0]],
		['a server', (file) => file.zones[0].servers[0]],
		['a probe', (file) => file.zones[0].servers[0].probes[0]],
		['a question', (file) => file.zones[0].servers[0].probes[0].question],
		['the stats', (file) => file.stats],
		['a resolution', (file) => file.resolutions[0]],
		['a step', (file) => file.resolutions[0].steps[0]],
		['a name server', (file) => file.zones[0].nameservers[0]],
		['an anchor', (file) => file.options.trustAnchorRecords[0].data],
	];
	for (const [label, at] of where) {
		it(`"__proto__" and "constructor" keys in ${label} are dropped, and pollute nothing`, () => {
			const text = edited((file) => {
				const target = at(file);
				Object.defineProperty(target, '__proto__', {value: {polluted: true, status: 'answered', kind: 'nxdomain'}, enumerable: true, configurable: true, writable: true});
				target.constructor = {prototype: {polluted: true}};
			});
			expect(text).toContain('"__proto__":{"polluted":true');
			opensAsTheOriginal(openText(text));
			expect(({} as {polluted?: boolean}).polluted).toBeUndefined();
		});
	}
});

describe('edited data under a verdict: what is shown is what the raw bytes say, judged again', () => {
	if ('line' in original) throw new Error('unreachable');

	it('the base is a secure answer', () => {
		expect(original.text).toContain(';; DNSSEC: secure');
		expect(original.opened.trace.outcome.status).toBe('answer');
	});

	const decoded = (file: File, edit: (message: File) => void) => {
		for (const entry of Object.values(file.messages) as File[]) if (entry.decoded) edit(entry.decoded);
	};
	const table: Array<[string, (file: File) => void]> = [
		['every decoded A record pointing elsewhere', (file) => decoded(file, (message) => message.answer.forEach((record: File) => record.type === 'A' && (record.data.address = '6.6.6.6')))],
		['every decoded TTL changed', (file) => decoded(file, (message) => message.answer.forEach((record: File) => (record.ttl = 1)))],
		['every decoded rcode NXDOMAIN', (file) => decoded(file, (message) => (message.rcode = 'NXDOMAIN'))],
		['every decoded AA flag cleared', (file) => decoded(file, (message) => (message.flags.aa = false))],
		['every decoded answer section emptied', (file) => decoded(file, (message) => (message.answer = []))],
		['a decoded answer record added', (file) => decoded(file, (message) => message.answer.push({name: 'www.example.com.', type: 'A', class: 'IN', ttl: 60, data: {kind: 'address', address: '6.6.6.6'}}))],
		['the decoded messages removed', (file) => decoded(file, (message) => Object.keys(message).forEach((key) => delete message[key]))],
		['the outcome NXDOMAIN', (file) => (file.outcome.status = 'nxdomain')],
		['the outcome pointing elsewhere', (file) => file.outcome.records.forEach((record: File) => record.type === 'A' && (record.data.address = '6.6.6.6'))],
		['the outcome bogus', (file) => (file.outcome.dnssec = 'bogus')],
		['a finding added', (file) => file.findings.push({code: 'DELEGATION_MISSING', severity: 'error', zone: 'com.', servers: [], message: 'forged: all is lost'})],
		['the findings removed', (file) => (file.findings = [])],
		['the DNSSEC report edited', (file) => (file.dnssec = {outcome: {status: 'bogus', reason: 'forged'}, zones: []})],
		['the dependencies edited', (file) => (file.dependencies = {forged: true})],
		['every probe kind NXDOMAIN', (file) => probesOf(file).forEach((probe) => (probe.kind = 'nxdomain'))],
		['every probe rcode SERVFAIL', (file) => probesOf(file).forEach((probe) => (probe.rcode = 'SERVFAIL'))],
		['every probe size 1', (file) => probesOf(file).forEach((probe) => (probe.size = 1))],
		['every answer said to have come without EDNS (dropped, or a fallback) though its bytes carry OPT', (file) => probesOf(file).forEach((probe) => probe.status === 'answered' && Object.assign(probe, {ednsDropped: true, ednsFallback: true}))],
		['every referral pointing elsewhere', (file) => probesOf(file).forEach((probe) => probe.referral && (probe.referral = 'evil.'))],
		['every step result NXDOMAIN', (file) => file.resolutions[0].steps.forEach((step: File) => (step.result = 'nxdomain'))],
		['every step leading elsewhere', (file) => file.resolutions[0].steps.forEach((step: File) => (step.next = 'evil.'))],
		['the step variants edited', (file) => file.resolutions[0].steps.forEach((step: File) => (step.variants = [{kind: 'nxdomain', addresses: ['6.6.6.6']}]))],
		['the step variants given other answer data', (file) => file.resolutions[0].steps.forEach((step: File) => (step.variants = [{kind: 'answer', answer: [{name: 'www.example.com.', type: 'A', class: 'IN', ttl: 60, data: {kind: 'address', address: '6.6.6.6'}}], addresses: ['6.6.6.6']}]))],
		['the resolution outcomes edited', (file) => file.resolutions.forEach((resolution: File) => (resolution.outcome = {status: 'nxdomain', records: [], atMs: 0}))],
		['the query\'s Unicode form edited', (file) => (file.query.unicode = 'www.bank.example')],
	];
	for (const [label, edit] of table) it(`${label}: shows the original`, () => opensAsTheOriginal(openText(edited(edit))));

	it('an answer edited in the raw bytes is shown as it now is, and is no longer secure', () => {
		let address = '';
		const text = edited((file) => {
			const entry = file.messages[finalProbe(file).message];
			const bytes = Buffer.from(entry.raw, 'base64');
			const record = decodeMessage(bytes).answer.find((candidate) => candidate.type === 'A')!;
			const octets = Buffer.from((record.data as {address: string}).address.split('.').map(Number));
			const at = bytes.indexOf(octets);
			bytes[at + 3] = (bytes[at + 3]! + 1) % 256;
			address = [...bytes.subarray(at, at + 4)].join('.');
			entry.raw = bytes.toString('base64');
		});
		const opened = openText(text);
		if ('line' in opened) throw new Error(opened.line);
		expect(opened.text).toContain(address);
		expect(opened.text).not.toContain(';; DNSSEC: secure');
		expect(opened.opened.analysis.dnssec.outcome.status).toBe('bogus');
	});
});

describe('control bytes in every field a reader sees: never printed', () => {
	const PAYLOAD = 'x\u001b]0;pwned\u0007\u001b[2J\u009b31m\u0090y';
	const fields: Array<[string, (file: File) => void]> = [
		['the tool name', (file) => (file.tool.name = PAYLOAD)],
		['the tool version', (file) => (file.tool.version = PAYLOAD)],
		['the query name', (file) => (file.query.name = `${PAYLOAD}.`)],
		['the query type', (file) => (file.query.type = PAYLOAD)],
		['the query in Unicode', (file) => (file.query.unicode = PAYLOAD)],
		['the hints', (file) => (file.options.hints = PAYLOAD)],
		['the trust anchor source', (file) => (file.options.trustAnchor = PAYLOAD)],
		['a trust-anchor file', (file) => (file.options.trustAnchorFiles = [PAYLOAD, `${PAYLOAD}'; rm -rf ~`])],
		['the lab', (file) => (file.options.lab = PAYLOAD)],
		['the start time', (file) => (file.startedAt = `2024-01-01T00:00:00Z${PAYLOAD}`)],
		['an unavailable family', (file) => (file.vantage.unavailableFamilies = [{family: 6, reason: PAYLOAD}])],
		['a zone name', (file) => (file.zones[1].name = `${PAYLOAD}.`)],
		['a zone parent', (file) => (file.zones[1].parent = `${PAYLOAD}.`)],
		['a name server name', (file) => (file.zones[0].nameservers[0].name = `${PAYLOAD}.`)],
		['why a name server has no address', (file) => (file.zones[0].nameservers[0].unresolved = PAYLOAD)],
		['a name server address', (file) => (file.zones[0].nameservers[0].addresses[0].address = PAYLOAD)],
		['a server name', (file) => (file.zones[0].servers[0].name = `${PAYLOAD}.`)],
		['a server address', (file) => (file.zones[0].servers[0].address = PAYLOAD)],
		['every probe error', (file) => probesOf(file).forEach((probe) => (probe.error = PAYLOAD))],
		['every probe rcode', (file) => probesOf(file).forEach((probe) => (probe.rcode = PAYLOAD))],
		['a message reference', (file) => (answered(file).message = PAYLOAD)],
		['a question name', (file) => (file.zones[0].servers[0].probes[0].question.name = `${PAYLOAD}.`)],
		['a question type', (file) => (file.zones[0].servers[0].probes[0].question.type = PAYLOAD)],
		['a step zone', (file) => (file.resolutions[0].steps[0].zone = `${PAYLOAD}.`)],
		['a step leading on', (file) => (file.resolutions[0].steps[0].next = `${PAYLOAD}.`)],
		['a limit', (file) => (file.limits = [{limit: PAYLOAD, value: 1, detail: 'x'}])],
		['a limit detail', (file) => (file.limits = [{limit: 'queries', value: 1, detail: PAYLOAD}])],
		['a loop', (file) => (file.loops = [{kind: 'cname', names: [`${PAYLOAD}.`], detail: PAYLOAD}])],
		['a message key', (file) => {
			const old = answered(file).message;
			file.messages[PAYLOAD] = file.messages[old];
			for (const probe of probesOf(file)) if (probe.message === old) probe.message = PAYLOAD;
		}],
		['an anchor owner', (file) => (file.options.trustAnchorRecords[0].name = `${PAYLOAD}.`)],
		['the schema', (file) => (file.schema = `digdeeper/snapshot@${PAYLOAD}`)],
	];
	const results = {opened: 0, refused: 0};
	for (const [label, edit] of fields) {
		it(`in ${label}`, () => {
			results[expectTerminalSafe(openText(edited(edit)))]++;
		});
	}

	it('in the file name itself', () => {
		const opened = openText('{}', `evil${PAYLOAD}.json`);
		expect('line' in opened && opened.line).toMatch(/^digdeeper: evilx\\027\]0;pwned\\007\\027\[2J\\155/u);
	});

	it('every field was tried, some opened and some refused', () => {
		expect(results.opened + results.refused).toBe(fields.length);
		console.log(`control bytes: ${results.opened} files opened, ${results.refused} refused, none printed a control byte`);
	});
});
