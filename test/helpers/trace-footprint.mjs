// One hostile lab story traced, analysed, saved as a snapshot and shown as text (`--text -o FILE`), in a process of its own so its peak memory is its
// own: prints {peakRssMb, snapshotBytes, wallMs, cpuMs, queries, skipped, …} as one JSON line.
// Reads the built modules (dist/), as the CLI tests run the built command: `npm run build` first.
// Usage: node test/helpers/trace-footprint.mjs NAME [TYPE]
import {withAnalysis} from '../../dist/analysis/analyze.js';
import {HOSTILE} from '../../dist/lab/hostile-world.js';
import {createLabTransport} from '../../dist/lab/lab-transport.js';
import {buildWorld} from '../../dist/lab/world.js';
import {serializeSnapshot} from '../../dist/snapshot/snapshot.js';
import {renderTraceText} from '../../dist/text/trace-text.js';
import {walk} from '../../dist/trace/walk.js';

const [name, type = 'A'] = process.argv.slice(2);
const world = buildWorld(HOSTILE);
const before = {rss: process.memoryUsage().rss, cpu: process.cpuUsage()};
const started = performance.now();
const trace = await walk({name: name.endsWith('.') ? name : `${name}.`, type}, {
	transport: createLabTransport(world, {latencyScale: 0}),
	hints: world.hints,
	port: 53,
	families: [4, 6],
	timeoutMs: 1500,
	retries: 0,
	dnssec: true,
});
const analysed = withAnalysis(trace, {anchors: {source: 'hostile lab', records: world.trustAnchor}});
const snapshot = serializeSnapshot(analysed, {name: 'digdeeper', version: 'footprint'});
const text = renderTraceText(analysed, {toolVersion: 'footprint'});
const wallMs = performance.now() - started;
const cpu = process.cpuUsage(before.cpu);
const mb = (bytes) => Math.round((bytes / 1024 / 1024) * 10) / 10;
console.log(
	JSON.stringify({
		name,
		peakRssMb: mb(process.resourceUsage().maxRSS * 1024),
		worldRssMb: mb(before.rss),
		heapUsedMb: mb(process.memoryUsage().heapUsed),
		snapshotBytes: Buffer.byteLength(snapshot),
		textBytes: Buffer.byteLength(text),
		wallMs: Math.round(wallMs),
		cpuMs: Math.round((cpu.user + cpu.system) / 1000),
		queries: trace.stats.queries,
		skipped: trace.stats.skipped,
		probes: trace.zones.reduce((sum, zone) => sum + zone.servers.reduce((count, server) => count + server.probes.length, 0), 0),
		outcome: trace.outcome.status,
		dnssec: analysed.analysis.dnssec.outcome.status,
		findings: analysed.analysis.findings.map((finding) => finding.code),
	}),
);
