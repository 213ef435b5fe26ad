// The generated root of N TLDs built in a process of its own, so its peak memory is its own: the CPU the build
// takes (its signers' keys already cached, as after a first run), then the CPU and peak memory of signing every
// copy every server serves, as a survey of every TLD would. Prints one JSON line.
// Reads the built modules (dist/): `npm run build` first.
// Usage: node test/helpers/generated-root-footprint.mjs N KEY_FILE
import {generatedRootKeys} from '../../dist/lab/generated-keys.js';
import {buildGeneratedLab} from '../../dist/lab/generated-lab.js';
import {generateRoot} from '../../dist/lab/generated-root.js';

const [tlds, keyFile] = [Number(process.argv[2]), process.argv[3]];
// The keys made (or read) apart: a first run's one-off cost, not the build's.
await generatedRootKeys(generateRoot({tlds}), keyFile);
const cpuMs = (since) => {
	const {user, system} = process.cpuUsage(since);
	return Math.round((user + system) / 1000);
};
const mb = (bytes) => Math.round(bytes / 1024 / 1024);

let since = process.cpuUsage();
const {world} = await buildGeneratedLab({tlds, keyFile});
const buildCpuMs = cpuMs(since);
const builtRssMb = mb(process.memoryUsage().rss);

since = process.cpuUsage();
let signatures = 0;
for (const copy of new Set(world.servers.flatMap((server) => server.zones.map((served) => served.copy)))) signatures += [...copy.signatures.values()].reduce((sum, list) => sum + list.length, 0);
const signAllCpuMs = cpuMs(since);

console.log(JSON.stringify({tlds, servers: world.servers.length, zones: world.zones.size, buildCpuMs, builtRssMb, signatures, signAllCpuMs, peakRssMb: mb(process.resourceUsage().maxRSS * 1024)}));
