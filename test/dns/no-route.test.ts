import {execFile, execFileSync} from 'node:child_process';
import {describe, expect, it} from 'vitest';
import {CLI} from '../helpers/cli.js';

/*
 * The built command inside a network namespace of its own (`unshare -n`): no interface is up, not even lo, so every
 * connect fails the way it does on a host with no network. The loopback guard stays on; the addresses are loopback.
 */
const unshareRefusal = (() => {
	try {
		execFileSync('unshare', ['-n', 'true'], {stdio: 'pipe'});
		return undefined;
	} catch (error) {
		return (error as {stderr?: Buffer}).stderr?.toString().trim() || (error as Error).message;
	}
})();

/** Runs a shell script in a new network namespace: its exit status and what it printed. */
function inNamespace(script: string): Promise<{code: number; stdout: string; stderr: string}> {
	return new Promise((resolve) => {
		execFile('unshare', ['-n', 'sh', '-euc', script], {env: {...process.env, DIGDEEPER_LOOPBACK_ONLY: '1', CLI}, timeout: 30_000}, (error, stdout, stderr) => {
			resolve({code: error ? Number((error as {code?: number}).code ?? 1) : 0, stdout, stderr});
		});
	});
}

/** Root hints naming one root server at 127.0.0.1 and ::1. */
const HINTS = `printf '.  3600000 NS a.root.test.\\na.root.test. 3600000 A 127.0.0.1\\na.root.test. 3600000 AAAA ::1\\n' > "$dir/hints"`;
const TRACE = 'node "$CLI" www.example.com --hints "$dir/hints" --timeout 300 --retries 0';
const setup = `dir=$(mktemp -d)\n${HINTS}\n`;

type Snapshot = {
	zones: Array<{servers: Array<{address: string; probes: Array<{status: string; error?: string}>}>}>;
	vantage: {unavailableFamilies: Array<{family: number; reason: string}>};
	findings: Array<{code: string; servers: string[]; fixers: string[]}>;
};
const probes = (snapshot: Snapshot) => snapshot.zones.flatMap((zone) => zone.servers.flatMap((server) => server.probes.map((probe) => ({address: server.address, ...probe}))));
const STACK_FRAME = /^\s+at /mu;

describe.skipIf(unshareRefusal !== undefined)(`with no network at all (unshare -n${unshareRefusal ? `: skipped, not permitted here: ${unshareRefusal}` : ''})`, () => {
	it('tells, in one line and without a stack trace, that this host reached no server, and exits 1', async () => {
		const {code, stdout, stderr} = await inNamespace(`${setup}${TRACE} --text`);
		expect(code).toBe(1);
		expect(stderr).toMatch(/^digdeeper: this host reached no name server: no IPv4 connectivity \(ENETUNREACH: [^\n]*\); no IPv6 connectivity \(EADDRNOTAVAIL: [^\n]*\)\n$/u);
		expect(stderr + stdout).not.toMatch(STACK_FRAME);
		expect(stdout).toContain('; this host has no IPv4 connectivity (ENETUNREACH: connect ENETUNREACH 127.0.0.1:53)');
		expect(stdout).toContain('; this host has no IPv6 connectivity (EADDRNOTAVAIL: connect EADDRNOTAVAIL ::1:53)');
		expect(stdout).toMatch(/^;; FAILURE, decided at [^\n]*, not the DNS: this host reached no name server: no IPv4 connectivity \(ENETUNREACH: /mu);
	});

	it('finds one thing, VANTAGE_NO_NETWORK, for you or your network to fix: no finding blames a server', async () => {
		const {code, stdout} = await inNamespace(`${setup}${TRACE} --json`);
		expect(code).toBe(1);
		const {findings} = JSON.parse(stdout) as Snapshot;
		expect(findings).toEqual([expect.objectContaining({code: 'VANTAGE_NO_NETWORK', servers: [], fixers: ['your-network']})]);
	});

	it('classifies every probe: each is skipped for the vantage, none is left pending or blamed on the server', async () => {
		const {code, stdout} = await inNamespace(`${setup}${TRACE} --json`);
		expect(code).toBe(1);
		const snapshot = JSON.parse(stdout) as Snapshot;
		expect(snapshot.vantage.unavailableFamilies.map(({family}) => family)).toEqual(expect.arrayContaining([4, 6]));
		const all = probes(snapshot);
		expect(all.length).toBeGreaterThan(0);
		for (const probe of all) expect(probe).toMatchObject({status: 'skipped', error: expect.stringMatching(/^not sent: this host has no IPv[46] connectivity \((ENETUNREACH|EADDRNOTAVAIL): /u)});
	});
});

describe.skipIf(unshareRefusal !== undefined)(`with IPv4 but no IPv6 (unshare -n, lo up, IPv6 off${unshareRefusal ? `: skipped, not permitted here: ${unshareRefusal}` : ''})`, () => {
	const ipv4Only = 'ip link set lo up\nsysctl -qw net.ipv6.conf.lo.disable_ipv6=1\n';

	it('records the IPv4 refusals on the probes and the missing IPv6 on the vantage; with no server heard, the finding is the vantage\'s', async () => {
		const {code, stdout, stderr} = await inNamespace(`${ipv4Only}${setup}${TRACE} --json`);
		expect(code).toBe(1);
		expect(stderr).toBe('digdeeper: this host reached no name server: the one server address it asked for the root never answered (6 queries, all refused); every query was refused: nothing listens on port 53 at those addresses, or a firewall on the way rejects DNS\n');
		const snapshot = JSON.parse(stdout) as Snapshot;
		expect(snapshot.vantage.unavailableFamilies).toEqual([{family: 6, reason: expect.stringMatching(/^EADDRNOTAVAIL: /u)}]);
		const all = probes(snapshot);
		expect(all.filter((probe) => probe.address === '127.0.0.1').every((probe) => probe.status === 'unreachable' && probe.error?.startsWith('ECONNREFUSED: '))).toBe(true);
		expect(all.filter((probe) => probe.address === '::1').every((probe) => probe.status === 'skipped')).toBe(true);
		expect(snapshot.findings.map(({code, servers}) => `${code} ${servers.join(',')}`.trim())).toEqual(['VANTAGE_DNS_BLOCKED', 'VANTAGE_NO_ROUTE_IPV6']);
	});

	it('traces over IPv4 to the end, and skips IPv6 as a property of the host', async () => {
		const {code, stdout, stderr} = await inNamespace(
			`${ipv4Only}dir=$(mktemp -d)
node "$CLI" lab serve --port 53 --dir "$dir" > "$dir/serve.log" 2>&1 &
server=$!
trap 'kill $server' EXIT
for i in $(seq 100); do [ -s "$dir/lab.hints" ] && break; sleep 0.1; done
printf 'a.root-servers.net. 3600000 AAAA ::1\\n' >> "$dir/lab.hints"
node "$CLI" www.example.com --hints "$dir/lab.hints" --trust-anchor "$dir/lab.anchor" --timeout 500 --retries 0 --text -o "$dir/trace.json"
echo '--- skipped probes with a round trip:'
node -e 'const t = JSON.parse(require("fs").readFileSync(process.argv[1])); console.log(t.zones.flatMap((z) => z.servers.flatMap((s) => s.probes)).filter((p) => p.status === "skipped" && p.rttMs !== undefined).length)' "$dir/trace.json"
echo '--- opened:'
node "$CLI" open "$dir/trace.json" --text`,
		);
		expect(stderr).toBe('');
		expect(code).toBe(0);
		const [traced, skippedWithRoundTrip, opened] = stdout.split(/^--- [^\n]*\n/mu);
		expect(traced).toMatch(/^; this host has no IPv6 connectivity \(EADDRNOTAVAIL: connect EADDRNOTAVAIL ::1:53\): IPv6 probes were skipped, not blamed on servers$/mu);
		expect(traced).toMatch(/^;; ANSWER/mu);
		// A probe never sent has no round trip, and the snapshot it is saved in opens (it was refused as damaged: a round
		// trip longer than the probe itself, which ends where it started).
		expect(skippedWithRoundTrip).toBe('0\n');
		expect(opened).toMatch(/^; this host has no IPv6 connectivity/mu);
		expect(opened).toMatch(/^;; ANSWER/mu);
	});
});

/*
 * Root servers that read every query and never answer, over UDP and TCP, on addresses of their own in the
 * namespace's loopback: what a network that drops port 53 looks like from inside. The namespace keeps port 53 to
 * this test, so nothing collides with other tests or the host.
 */
const DROPPING = `ip link set lo up
sysctl -qw net.ipv6.conf.lo.disable_ipv6=1
dir=$(mktemp -d)
node -e '
const dgram = require("node:dgram"), net = require("node:net"), fs = require("node:fs");
let bound = 0;
const ready = () => { if (++bound === 6) fs.writeFileSync(process.argv[1] + "/ready", ""); };
for (const host of ["127.0.0.2", "127.0.0.3", "127.0.0.4"]) {
	dgram.createSocket("udp4").on("message", () => {}).bind(53, host, ready);
	net.createServer(() => {}).listen(53, host, ready);
}' "$dir" &
server=$!
trap 'kill $server' EXIT
for i in $(seq 100); do [ -e "$dir/ready" ] && break; sleep 0.1; done
printf '.  3600000 NS a.root.test.\\n.  3600000 NS b.root.test.\\n.  3600000 NS c.root.test.\\na.root.test. 3600000 A 127.0.0.2\\nb.root.test. 3600000 A 127.0.0.3\\nc.root.test. 3600000 A 127.0.0.4\\n' > "$dir/hints"
`;
const DROPPED_TRACE = 'node "$CLI" www.example.com --hints "$dir/hints" --timeout 200 --retries 0 --ipv4';
const BLOCKED_LINE = /^digdeeper: this host reached no name server: none of the 3 server addresses it asked for the root answered \(\d+ queries, all timed out\); the servers \S+\/hints names are down, or DNS \(port 53\) is filtered on the way to them, or every reply takes longer than 200 ms \(a longer --timeout waits for it\)\n$/u;

describe.skipIf(unshareRefusal !== undefined)(`with root servers that drop every packet (unshare -n${unshareRefusal ? `: skipped, not permitted here: ${unshareRefusal}` : ''})`, () => {
	it('headlines the blocked DNS, names it on standard error in one line, and exits 1 without a stack trace', async () => {
		const {code, stdout, stderr} = await inNamespace(`${DROPPING}${DROPPED_TRACE} --text`);
		expect(code).toBe(1);
		expect(stderr).toMatch(BLOCKED_LINE);
		expect(stderr + stdout).not.toMatch(STACK_FRAME);
		expect(stdout).toMatch(/^;; FAILURE, decided at [^\n]*, not the DNS: this host reached no name server: none of the 3 server addresses/mu);
		expect(stdout).toMatch(/^ERROR {4}VANTAGE_DNS_BLOCKED {2}/mu);
		expect(stdout).not.toMatch(/SERVER_TIMEOUT|ZONE_UNREACHABLE|DNSKEY_MISSING/u);
	});

	it('finds VANTAGE_DNS_BLOCKED and nothing that blames the root\'s servers', async () => {
		const {code, stdout} = await inNamespace(`${DROPPING}${DROPPED_TRACE} --json`);
		expect(code).toBe(1);
		const snapshot = JSON.parse(stdout) as Snapshot;
		expect(probes(snapshot).every((probe) => probe.status === 'timeout')).toBe(true);
		expect(snapshot.findings).toEqual([expect.objectContaining({code: 'VANTAGE_DNS_BLOCKED', servers: [], fixers: ['your-network']})]);
	});
});
