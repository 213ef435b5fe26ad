import {presentName} from '../dns/present.js';
import {presentText, replacePresented, safe, type Presented} from '../dns/sanitize.js';
import {DEFAULT_EXPIRY_WARNING_DAYS} from '../trace/limits.js';
import type {Probe, Trace} from '../trace/model.js';
import {isTcpCheck} from '../trace/probe-facts.js';
import {changeWords} from '../what-if/describe-change.js';

/** The command line's defaults (main.tsx): an option left at them is not repeated. */
const DEFAULT_PORT = 53;
const DEFAULT_TIMEOUT_MS = 1500;
const DEFAULT_RETRIES = 1;

/** The port `digdeeper lab serve` listens on unless told otherwise (main.tsx): where dig finds the lab's servers. */
export const LAB_SERVE_PORT = 5300;

/**
 * A word for a POSIX shell: as it is when it holds nothing the shell reads, else in single quotes (a quote inside
 * closed, escaped and reopened). Names from the network reach a pasted command line only this way: `$(…)`, backticks
 * and `;` stay text.
 */
export function shellWord(word: Presented): Presented {
	if (/^[\w.,:/@%+=-]+$/u.test(word)) return word;
	return safe`'${replacePresented(word, /'/gu, safe`'\\''`)}'`;
}

/** The command that takes the same trace again: every option the trace used, and none it did not. */
export function reproduce(trace: Trace): Presented {
	const {options} = trace;
	// The name as typed: without the root's final dot (the root itself stays ".").
	const name = replacePresented(presentName(trace.query.name), /(?<=.)\.$/gu, safe``);
	const words: Presented[] = [safe`digdeeper`, shellWord(name), shellWord(presentText(trace.query.type))];
	// The user's anchor files, each its own word, as given: neither the built-in IANA key nor the lab's own is one.
	const anchorWords = (options.trustAnchorFiles ?? []).flatMap((file) => [safe`--trust-anchor`, shellWord(presentText(file))]);
	if (options.lab) words.push(safe`--lab`, ...anchorWords);
	else {
		// Primed from a server (`@SERVER`): the hints read "@SERVER" or "@NAME (ADDRESS)".
		if (options.hints.startsWith('@')) words.push(shellWord(presentText(options.hints.split(' ')[0]!)));
		else if (options.hints !== 'built-in') words.push(safe`--hints`, shellWord(presentText(options.hints)));
		words.push(...anchorWords);
		if (options.port !== DEFAULT_PORT) words.push(safe`--port ${options.port}`);
	}
	if (options.families.length === 1) words.push(safe`-${options.families[0]!}`);
	if (!options.dnssec) words.push(safe`--no-dnssec`);
	if (options.timeoutMs !== DEFAULT_TIMEOUT_MS) words.push(safe`--timeout ${options.timeoutMs}`);
	if (options.retries !== DEFAULT_RETRIES) words.push(safe`--retries ${options.retries}`);
	if (options.expiryWarningDays !== undefined && options.expiryWarningDays !== DEFAULT_EXPIRY_WARNING_DAYS) words.push(safe`--expiry-warning ${options.expiryWarningDays}`);
	// A what-if's clock is its own moment: said once, as the change.
	const assumed = trace.assumed ?? [];
	if (options.validateAt && !assumed.some((change) => change.kind === 'clock')) words.push(safe`--at`, shellWord(presentText(options.validateAt)));
	for (const change of assumed) words.push(safe`--what-if`, shellWord(changeWords(change)));
	if (options.resolvers !== undefined) words.push(safe`--resolvers`, shellWord(presentText(options.resolvers)));
	// RDAP is asked by default: a trace without a registration was taken without it.
	if (!trace.registration) words.push(safe`--no-rdap`);
	else if (trace.registration.bootstrapFile !== undefined) words.push(safe`--rdap-bootstrap`, shellWord(presentText(trace.registration.bootstrapFile)));
	words.push(safe`--text`);
	return words.reduce((line, word) => safe`${line} ${word}`);
}

/**
 * The dig command that asks one server what the probe asked it, as the walk did: no recursion wanted, the DO bit
 * when the trace asked with it, over TCP when the probe was a TCP check; the lab's servers at `lab serve`'s port.
 */
export function digCommand(trace: Trace, probe: Probe): Presented {
	const port = trace.options.lab ? LAB_SERVE_PORT : trace.options.port;
	const words: Presented[] = [safe`dig`, shellWord(safe`@${presentText(probe.address)}`)];
	if (port !== DEFAULT_PORT) words.push(safe`-p ${port}`);
	words.push(safe`+norec`);
	if (trace.options.dnssec) words.push(safe`+dnssec`);
	if (isTcpCheck(probe)) words.push(safe`+tcp`);
	words.push(shellWord(presentName(probe.question.name)), shellWord(presentText(probe.question.type)));
	return words.reduce((line, word) => safe`${line} ${word}`);
}
