/**
 * Flags that cannot be given together, or one that means nothing without another. dig refuses `-4 -6` ("only one
 * of -4 and -6 allowed") rather than pick one; digdeeper does the same for every such pair, so a script never gets
 * a different output, or a different trace, than the one its command line reads as.
 */
export interface GivenFlags {
	/** Whether the flag is on the command line (meow's name for it, camel-cased; `--no-dnssec` is `noDnssec`). */
	has: (flag: string) => boolean;
	/** The command the flags were given to (a trace, or `open`, `report`, `diff`, `lab serve`…). */
	command: string;
}

interface Rule {
	applies: (given: GivenFlags) => boolean;
	/** The one line that says which flags and why; the flags as the user types them. */
	message: string;
}

const both = (a: string, b: string) => (given: GivenFlags) => given.has(a) && given.has(b);
const onTrace = (test: (given: GivenFlags) => boolean) => (given: GivenFlags) => given.command === 'trace' && test(given);
const without = (flag: string, needed: string) => (given: GivenFlags) => given.has(flag) && !given.has(needed);
const onSurvey = (test: (given: GivenFlags) => boolean) => (given: GivenFlags) => given.command === 'survey' && test(given);

/** In the order they are checked: the first that applies is the one said. */
const RULES: readonly Rule[] = [
	{applies: both('ipv4', 'ipv6'), message: '-4 and -6 cannot be given together: give one, or neither for both families'},
	{applies: both('json', 'text'), message: '--json and --text cannot be given together: give one'},
	{applies: both('report', 'json'), message: '--report and --json cannot be given together: give one (the snapshot of a report is -o FILE)'},
	{applies: both('report', 'text'), message: '--report and --text cannot be given together: give one (a report as plain text is --report --format text)'},
	{applies: onTrace(without('format', 'report')), message: '--format only applies to --report (and digdeeper report)'},
	{applies: both('step', 'json'), message: '--step and --json cannot be given together: give one (a snapshot steps through with digdeeper open FILE --step)'},
	{applies: both('step', 'report'), message: '--step and --report cannot be given together: give one'},
	{applies: both('step', 'watch'), message: '--step does not apply to --watch: step through one of the snapshots it keeps (digdeeper open FILE --step)'},
	{applies: both('whatIf', 'watch'), message: '--what-if does not apply to --watch: assume the change on one of the snapshots it keeps (digdeeper open FILE --what-if …)'},
	{applies: both('report', 'watch'), message: '--report does not apply to --watch: report on one of the snapshots it keeps (--output DIR)'},
	{applies: onTrace(without('count', 'watch')), message: '--count only applies to --watch'},
	{applies: onTrace(without('quiet', 'watch')), message: '--quiet only applies to --watch'},
	{applies: both('force', 'watch'), message: '--force does not apply to --watch: each trace\'s snapshot gets a file name of its own'},
	{applies: onTrace(without('force', 'output')), message: '--force only applies with --output: it lets the snapshot replace a file'},
	{applies: (given) => given.command === 'report' && without('force', 'output')(given), message: '--force only applies with --output: it lets the report replace a file'},
	{applies: onTrace(both('noDnssec', 'trustAnchor')), message: '--no-dnssec and --trust-anchor cannot be given together: nothing is validated'},
	{applies: onTrace(both('noDnssec', 'at')), message: '--at does not apply with --no-dnssec: nothing is validated'},
	{applies: onTrace(both('noDnssec', 'expiryWarning')), message: '--no-dnssec and --expiry-warning cannot be given together: no signature is checked'},
	{applies: onTrace(both('noRdap', 'rdapBootstrap')), message: '--no-rdap and --rdap-bootstrap cannot be given together: no registry is asked'},
	{applies: onTrace(both('lab', 'hints')), message: '--hints does not apply to --lab: the lab brings its own root'},
	{applies: onTrace(both('lab', 'port')), message: '--port does not apply to --lab: the lab\'s servers answer in process, on no port (lab serve --port puts them on one)'},
	{applies: onTrace(without('latencyScale', 'lab')), message: '--latency-scale only applies to --lab (and digdeeper lab serve)'},
	{applies: onTrace(without('labTlds', 'lab')), message: '--lab-tlds only applies to --lab (and digdeeper lab serve)'},
	{applies: without('labSeed', 'labTlds'), message: '--lab-seed only applies with --lab-tlds: it seeds the generated root'},
	{applies: onSurvey(without('format', 'report')), message: '--format only applies to --report'},
	{applies: onSurvey((given) => given.has('since') && !given.has('report') && !given.has('json') && !given.has('output')), message: '--since only applies with --report, --json or --output: it carries first-seen times into the survey\'s record and compares with it'},
	{applies: both('tlds', 'file'), message: '--tlds and --file cannot be given together: --tlds lists the zones itself (every TLD in the root)'},
	{applies: (given) => given.command === 'survey' && both('noDnssec', 'at')(given), message: '--at does not apply with --no-dnssec: nothing is validated'},
	{applies: (given) => given.command === 'graph' && without('force', 'output')(given), message: '--force only applies with --output: it lets the graph replace a file'},
];

/** The line refusing the combination, or undefined when the flags go together. */
export function flagConflict(given: GivenFlags): string | undefined {
	return RULES.find((rule) => rule.applies(given))?.message;
}
