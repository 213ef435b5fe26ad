import {createRequire} from 'node:module';

const require = createRequire(import.meta.url);

/** The manifest's name and version, written in by the bundle (scripts/bundle.mjs); tsc's tree reads the file. */
declare const DIGDEEPER_MANIFEST: {name: string; version: string} | undefined;

const manifest = typeof DIGDEEPER_MANIFEST === 'object' ? DIGDEEPER_MANIFEST : (require('../package.json') as {name: string; version: string});

/** The tool's name and version, and the Node.js running it: a snapshot records all three, a report says them. */
export const TOOL = {name: manifest.name, version: manifest.version, node: process.version};

/** What --version says: a bug report needs Node's version too, and dns-packet's, which encodes and decodes every message. */
export function versionLine(): string {
	const dnsPacket = require('dns-packet/package.json') as {version: string};
	return `${TOOL.name} ${TOOL.version} (node ${process.version}, dns-packet ${dnsPacket.version})`;
}
