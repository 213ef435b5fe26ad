#!/usr/bin/env node
import meow from 'meow';
import path from 'node:path';
import type {Family} from './dns/address.js';
import type {TraceRequest} from './commands/trace-command.js';
import type {WatchRequest} from './commands/watch-command.js';
import {UsageError} from './commands/usage-error.js';
import {TOOL} from './version.js';
import {isInteractive} from './ui/interactive.js';
import {parseInterval} from './watch/watch-loop.js';

const HELP = `
  Usage
    $ digdeeper <name> [type]           trace a name: every server, every address, every zone cut
    $ digdeeper --lab <name> [type]     trace through the built-in lab (no network needed)
    $ digdeeper --lab                   pick a lab story to trace (in a terminal; else lists them)
    $ digdeeper lab                     list the lab's stories (real outages, simulated)
    $ digdeeper lab serve               serve the lab on loopback for dig, drill and delv
    $ digdeeper open FILE               read a snapshot (validated, re-decoded, re-analysed), no network
    $ digdeeper report FILE             a summary to paste into a ticket (--format markdown|text)
    $ digdeeper diff A.json B.json      what changed between two traces of the same name: in the explorer
                                        (changes marked Δ, D lists them), or as text (--text) or data (--json)

  Options
    --text              plain text (the default when stdout is not a terminal)
    --json              the snapshot (versioned JSON) on stdout
    -o, --output FILE   also write the snapshot to FILE (atomically; --force to replace a file);
                        with --watch, a directory that keeps every trace's snapshot
    --hints FILE        root hints in named.root format (default: IANA's, built in)
    --trust-anchor FILE DNSSEC trust anchors: DS or DNSKEY records, or BIND trust-anchors { } (default: IANA's)
    --port N            query every server on port N (default 53)
    -4, -6              IPv4 or IPv6 only
    --timeout MS        time-out per attempt (default 1500)
    --retries N         further UDP attempts after a time-out (default 1)
    --no-dnssec         no DO bit, no DNSKEY or DS questions
    --report            print a report (see digdeeper report) instead of the text trace
    --lab               use the lab instead of the internet
    --watch [INTERVAL]  re-trace every INTERVAL (default 30s; 10s, 2m, 1h…) and show what changes, as a timeline
                        in the UI, or one line per change with --text (one JSON object per line with --json)
    --count N           watch: stop after N traces
    --quiet             watch: no terminal bell when something changes
    --latency-scale X   lab only: multiply server latencies (default 1; 0 for instant)

  lab serve options
    --address A         print commands for this server address (default: the first root)
    --port N            listen on port N (default 5300)
    --dir DIR           write the hints file here (default: a new temporary directory)

  Exit status: 0 when the trace finished (answer, NXDOMAIN or NODATA), 1 when it ended in failure (for diff:
  when something changed), 2 for a usage error.

  Examples
    $ digdeeper --lab www.puri.sm
    $ digdeeper --lab big.example.org TXT --text
    $ digdeeper example.com MX --json -o example.json
    $ digdeeper --lab www.puri.sm --watch 5s --text
`;

/** --watch takes an optional interval, which meow cannot express: a bare --watch gets the default here. */
const DEFAULT_WATCH = '30s';

/*
 * meow reads short flags as letters only, so -4 and -6 are spelled out before it sees them; and --watch takes an
 * optional interval, which meow cannot express: "--watch 10s" becomes --watch=10s, a bare --watch the default.
 */
const args = process.argv.slice(2);
const isInterval = (arg: string | undefined) => arg !== undefined && parseInterval(arg) !== undefined;
const argv: string[] = [];
for (const [index, arg] of args.entries()) {
	if (args[index - 1] === '--watch' && isInterval(arg)) continue;
	if (arg === '--watch') argv.push(`--watch=${isInterval(args[index + 1]) ? args[index + 1] : DEFAULT_WATCH}`);
	else argv.push(arg === '-4' ? '--ipv4' : arg === '-6' ? '--ipv6' : arg);
}

const cli = meow(HELP, {
	importMeta: import.meta,
	// The manifest is already read (version.ts): meow need not search the directories above for it again.
	pkg: {name: TOOL.name, version: TOOL.version},
	argv,
	allowUnknownFlags: false,
	flags: {
		text: {type: 'boolean', default: false},
		json: {type: 'boolean', default: false},
		output: {type: 'string', shortFlag: 'o'},
		force: {type: 'boolean', default: false},
		hints: {type: 'string'},
		trustAnchor: {type: 'string'},
		port: {type: 'number'},
		ipv4: {type: 'boolean', default: false},
		ipv6: {type: 'boolean', default: false},
		timeout: {type: 'number', default: 1500},
		retries: {type: 'number', default: 1},
		dnssec: {type: 'boolean', default: true},
		lab: {type: 'boolean', default: false},
		latencyScale: {type: 'number', default: 1},
		address: {type: 'string'},
		dir: {type: 'string'},
		format: {type: 'string', default: 'markdown'},
		report: {type: 'boolean', default: false},
		watch: {type: 'string'},
		count: {type: 'number'},
		quiet: {type: 'boolean', default: false},
	},
});

async function main(): Promise<number> {
	const [first, second, ...rest] = cli.input;
	const stdout = (text: string) => process.stdout.write(text);

	if (first === 'lab' && !cli.flags.lab) {
		if (second === undefined) {
			stdout((await import('./commands/lab-command.js')).renderLabList());
			return 0;
		}
		if (second === 'serve' && rest.length === 0) {
			const controller = new AbortController();
			process.once('SIGINT', () => controller.abort());
			process.once('SIGTERM', () => controller.abort());
			await (await import('./commands/lab-command.js')).runLabServe({address: cli.flags.address, port: cli.flags.port ?? 5300, latencyScale: cli.flags.latencyScale, dir: cli.flags.dir}, {stdout, signal: controller.signal});
			return 0;
		}
		throw new UsageError(`unknown lab command "${[second, ...rest].join(' ')}" (try: digdeeper lab, digdeeper lab serve)`);
	}

	const interactive = isInteractive(cli.flags);
	if (first === 'open' && !cli.flags.lab) {
		if (second === undefined || rest.length > 0) throw new UsageError('open takes one snapshot file: digdeeper open FILE');
		const {openSnapshot, runOpen} = await import('./commands/open-command.js');
		if (interactive) {
			const trace = await openSnapshot(second);
			await (await loadExplorer()).exploreSnapshot(trace, second);
			return 0;
		}
		const trace = await runOpen(second, {json: cli.flags.json}, {stdout});
		return trace.outcome.status === 'failure' ? 1 : 0;
	}

	if ((first === 'report' || first === 'diff') && !cli.flags.lab) {
		const format = cli.flags.format;
		if (format !== 'markdown' && format !== 'text') throw new UsageError(`--format ${format}: use markdown or text`);
		const {openSnapshot} = await import('./commands/open-command.js');
		if (first === 'report') {
			if (second === undefined || rest.length > 0) throw new UsageError('report takes one snapshot file: digdeeper report FILE');
			const {renderReport} = await import('./text/report.js');
			stdout(renderReport(await openSnapshot(second), {format, toolVersion: TOOL.version, snapshot: second}));
			return 0;
		}
		if (second === undefined || rest.length !== 1) throw new UsageError('diff takes two snapshot files: digdeeper diff A.json B.json');
		const [before, after] = [await openSnapshot(second), await openSnapshot(rest[0]!)];
		if (before.query.name !== after.query.name || before.query.type !== after.query.type) {
			throw new UsageError(`the snapshots trace different questions (${before.query.name} ${before.query.type} and ${after.query.name} ${after.query.type})`);
		}
		if (interactive) {
			const [older, newer] = before.startedAt <= after.startedAt ? [{trace: before, label: path.basename(second)}, {trace: after, label: path.basename(rest[0]!)}] : [{trace: after, label: path.basename(rest[0]!)}, {trace: before, label: path.basename(second)}];
			await (await loadExplorer()).exploreDiff(older, newer);
			return 0;
		}
		const {diffTraces, renderDiff} = await import('./snapshot/diff.js');
		const changes = diffTraces(before, after);
		stdout(cli.flags.json ? `${JSON.stringify({before: before.startedAt, after: after.startedAt, changes}, null, 1)}\n` : renderDiff(before, after, changes));
		return changes.length === 0 ? 0 : 1;
	}

	let name = first;
	let type = second;
	if (name === undefined) {
		if (!cli.flags.lab) cli.showHelp(2);
		if (!interactive) {
			stdout((await import('./commands/lab-command.js')).renderLabList());
			return 0;
		}
		const {pickStory} = await import('./commands/pick-story.js');
		const story = await pickStory();
		if (!story) return 0;
		name = story.name;
		type = story.type;
	}
	if (rest.length > 0) throw new UsageError(`unexpected argument "${rest[0]}": give a name and at most one type`);

	const families: Family[] = cli.flags.ipv4 && !cli.flags.ipv6 ? [4] : cli.flags.ipv6 && !cli.flags.ipv4 ? [6] : [4, 6];
	const request: TraceRequest = {
		name,
		...(type ? {type} : {}),
		lab: cli.flags.lab,
		json: cli.flags.json,
		...(cli.flags.output ? {output: cli.flags.output} : {}),
		force: cli.flags.force,
		...(cli.flags.hints ? {hints: cli.flags.hints} : {}),
		...(cli.flags.trustAnchor ? {trustAnchor: cli.flags.trustAnchor} : {}),
		port: cli.flags.port ?? 53,
		families,
		timeoutMs: cli.flags.timeout,
		retries: cli.flags.retries,
		dnssec: cli.flags.dnssec,
		latencyScale: cli.flags.latencyScale,
	};
	if (cli.flags.watch !== undefined) {
		const intervalMs = parseInterval(cli.flags.watch);
		if (intervalMs === undefined) throw new UsageError(`--watch ${cli.flags.watch}: give an interval such as 30s, 2m or 1h`);
		if (cli.flags.report) throw new UsageError('--report does not apply to --watch: report on one of the snapshots it keeps (--output DIR)');
		const {output, ...traced} = request;
		const watch: WatchRequest = {intervalMs, ...(cli.flags.count === undefined ? {} : {count: cli.flags.count}), ...(output ? {outputDir: output} : {}), quiet: cli.flags.quiet};
		if (interactive) {
			await (await loadExplorer(name)).exploreWatch({...traced, force: false}, watch);
			return leaveNow();
		}
		const controller = new AbortController();
		process.once('SIGINT', () => controller.abort());
		process.once('SIGTERM', () => controller.abort());
		const {runWatchText} = await import('./commands/watch-command.js');
		await runWatchText({...traced, force: false}, watch, {stdout, signal: controller.signal});
		return 0;
	}
	if (cli.flags.count !== undefined || cli.flags.quiet) throw new UsageError(`--${cli.flags.quiet ? 'quiet' : 'count'} only applies to --watch`);
	if (interactive && !cli.flags.output && !cli.flags.report) {
		await (await loadExplorer(name)).exploreLive(request);
		return leaveNow();
	}
	const {runTrace} = await import('./commands/trace-command.js');
	const trace = await runTrace(request, cli.flags.report ? {stdout: () => {}} : {stdout});
	if (cli.flags.report) stdout((await import('./text/report.js')).renderReport(trace, {format: cli.flags.format === 'text' ? 'text' : 'markdown', toolVersion: TOOL.version, ...(cli.flags.output ? {snapshot: cli.flags.output} : {})}));
	return trace.outcome.status === 'failure' ? 1 : 0;
}

/**
 * The UI is imported only when it will be used: Ink's layout engine alone takes about 0.4 s to load, which plain
 * output (--text, --json, --version, pipes) should never pay. A first line goes up before it loads.
 */
async function loadExplorer(title?: string) {
	if (title) process.stdout.write(`digdeeper ${title}  ·  starting…\n`);
	return import('./commands/explore-command.js');
}

/**
 * After the explorer has closed, probes of a trace still running (a dead server's time-outs, a watch's next round)
 * would keep the process alive for seconds with nothing on screen: the user asked to quit, so quit.
 */
function leaveNow(): never {
	process.exit(0);
}

main().then(
	(code) => {
		process.exitCode = code;
	},
	async (error: unknown) => {
		if (error instanceof UsageError || (error instanceof Error && ['OutputExistsError', 'SnapshotError'].includes(error.name))) {
			// A file name or a snapshot's own words may be in the message; the escaping is loaded only on the way out.
			const {presentText} = await import('./dns/sanitize.js');
			process.stderr.write(`digdeeper: ${presentText(error.message)}\n`);
			process.exitCode = 2;
			return;
		}
		throw error;
	},
);
