import {createRequire} from 'node:module';

const require = createRequire(import.meta.url);
const manifest = require('../package.json') as {name: string; version: string};

export const TOOL = {name: manifest.name, version: manifest.version};

/** What --version says: a bug report needs Node's version too, and dns-packet's, which encodes and decodes every message. */
export function versionLine(): string {
	const dnsPacket = require('dns-packet/package.json') as {version: string};
	return `${TOOL.name} ${TOOL.version} (node ${process.version}, dns-packet ${dnsPacket.version})`;
}
