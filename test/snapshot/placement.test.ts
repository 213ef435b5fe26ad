/*
 * A snapshot places a server, a name server or an address under a zone only where the trace's own responses put it,
 * as the walk learns them: a referral to the zone (its NS names and glue), the zone's own NS answer and address
 * answers, a finished look-up of the name, or, for the root, the hints. A file that places one anywhere else is
 * refused as damaged, in one line that says where; every file digdeeper writes, finished or saved while it ran,
 * opens again.
 */
import packet from 'dns-packet';
import {describe, expect, it} from 'vitest';
import {parseUserName} from '../../source/dns/name.js';
import {HOSTILE} from '../../source/lab/hostile-world.js';
import {INTERNET} from '../../source/lab/internet.js';
import {createLabTransport} from '../../source/lab/lab-transport.js';
import {buildWorld, type LabWorld} from '../../source/lab/world.js';
import {serializeSnapshot} from '../../source/snapshot/snapshot.js';
import type {Trace} from '../../source/trace/model.js';
import {walk} from '../../source/trace/walk.js';
import {labWorld} from '../helpers/lab.js';
import {ESCAPES, openText, savedLabTrace, TOOL} from '../helpers/snapshots.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a file's JSON, edited as a hostile one would be
type File = any;

/** www.example.com: root, com. and example.com., each with name servers listed by the parent and the child. */
const base: File = JSON.parse(await savedLabTrace('www.example.com'));
const zoneIndex = (file: File, name: string): number => file.zones.findIndex((zone: File) => zone.name === name);
const zoneNamed = (file: File, name: string): File => file.zones[zoneIndex(file, name)];

const edited = (edit: (file: File) => void): string => {
	const copy = structuredClone(base);
	edit(copy);
	return JSON.stringify(copy);
};

function refusedAt(text: string, what: RegExp, where: string): void {
	const opened = openText(text);
	if (!('line' in opened)) throw new Error('the file opened; it should have been refused');
	expect(opened.line.split('\n')).toHaveLength(1);
	expect(opened.line).not.toMatch(ESCAPES);
	expect(opened.line).toMatch(/^digdeeper: hostile\.json: damaged snapshot: /u);
	expect(opened.line).toMatch(what);
	expect(opened.line.endsWith(`(where: ${where})`)).toBe(true);
}

/** A name server the file adds to a zone, with one address and the server at it. */
function addServer(file: File, zone: string, name: string, address: string, listedBy: string[], origin: string): void {
	const entry = zoneNamed(file, zone);
	entry.nameservers.push({name, listedBy, addresses: [{address, family: 4, origins: [origin]}], subtraces: []});
	entry.servers.push({name, address, family: 4, origin, probes: []});
}

/**
 * The zone's own NS answer, as its real servers gave it, with one more NS name and its glue: what a server the file
 * adds would say of itself.
 */
function nsAnswerNaming(file: File, zone: string, name: string, address: string): string {
	const probe = zoneNamed(file, zone).servers.flatMap((server: File) => server.probes).find((candidate: File) => candidate.purpose === 'ns' && candidate.status === 'answered');
	const decoded = packet.decode(Buffer.from(file.messages[probe.message].raw, 'base64'));
	const owner = zone.replace(/\.$/u, '');
	decoded.answers = [...(decoded.answers ?? []), {type: 'NS', name: owner, ttl: 3600, class: 'IN', data: name.replace(/\.$/u, '')}];
	decoded.additionals = [...(decoded.additionals ?? []), {type: 'A', name: name.replace(/\.$/u, ''), ttl: 3600, class: 'IN', data: address}];
	return packet.encode(decoded).toString('base64');
}

describe('a file that places a server where no delegation put it is refused, saying where', () => {
	const com = zoneIndex(base, 'com.');
	const example = zoneIndex(base, 'example.com.');
	const added = (file: File, zone: string) => zoneNamed(file, zone).nameservers.length;

	it('the base file opens', () => {
		const opened = openText(JSON.stringify(base));
		if ('line' in opened) throw new Error(opened.line);
		expect(opened.opened.trace.zones.map((zone) => zone.name)).toEqual(['.', 'com.', 'example.com.']);
	});

	it('a server whose name the file changed, and whose probes still name the old one: the name is what the message names', () => {
		refusedAt(
			edited((file) => void (zoneNamed(file, 'example.com.').servers[0].name = 'evil.example.')),
			/a probe of evil\.example\. says it was sent to ns\d\.example\.com\./u,
			`zones[${example}].servers[0].probes[0].server`,
		);
	});

	it('a name server the parent is said to list, which no referral names', () => {
		const nameservers = added(base, 'example.com.');
		refusedAt(
			edited((file) => addServer(file, 'example.com.', 'ns.evil.', '192.0.2.66', ['parent'], 'glue')),
			/name server ns\.evil\. of example\.com\. is listed by the parent, and no referral to the zone names it/u,
			`zones[${example}].nameservers[${nameservers}].listedBy[0]`,
		);
	});

	it('a name server the zone is said to list, which no NS answer of the zone names', () => {
		refusedAt(
			edited((file) => addServer(file, 'example.com.', 'ns9.example.com.', '192.0.2.66', ['child'], 'child')),
			/name server ns9\.example\.com\. of example\.com\. is listed by the child, and no NS answer of the zone names it/u,
			`zones[${example}].nameservers[${added(base, 'example.com.')}].listedBy[0]`,
		);
	});

	it('a name server that vouches for itself: its own NS answer names it, but nothing placed it to be asked', () => {
		refusedAt(
			edited((file) => {
				addServer(file, 'example.com.', 'ns9.example.com.', '192.0.2.66', ['child'], 'child');
				file.messages.self = {raw: nsAnswerNaming(file, 'example.com.', 'ns9.example.com.', '192.0.2.66')};
				const server = zoneNamed(file, 'example.com.').servers.at(-1);
				server.probes.push({id: 90_000, zone: 'example.com.', server: server.name, address: server.address, question: {name: 'example.com.', type: 'NS'}, purpose: 'ns', startedMs: 1, status: 'answered', message: 'self', messageId: 0});
			}),
			/name server ns9\.example\.com\. of example\.com\. is listed by the child, and no NS answer of the zone names it/u,
			`zones[${example}].nameservers[${added(base, 'example.com.')}].listedBy[0]`,
		);
	});

	it('a name server listed by the hints below the root', () => {
		refusedAt(
			edited((file) => addServer(file, 'com.', 'a.root-servers.net.', '192.0.2.66', ['hints'], 'hints')),
			/name server a\.root-servers\.net\. of com\. is listed by the hints, and only the root has name servers from the hints/u,
			`zones[${com}].nameservers[${added(base, 'com.')}].listedBy[0]`,
		);
	});

	it('an address added to a real name server, as glue no referral gave', () => {
		let where = '';
		refusedAt(
			edited((file) => {
				const zone = zoneNamed(file, 'example.com.');
				const nameserver = zone.nameservers[0];
				nameserver.addresses.push({address: '192.0.2.66', family: 4, origins: ['glue']});
				zone.servers.push({name: nameserver.name, address: '192.0.2.66', family: 4, origin: 'glue', probes: []});
				where = `zones[${example}].nameservers[0].addresses[${nameserver.addresses.length - 1}].origins[0]`;
			}),
			/address 192\.0\.2\.66 of .+ in example\.com\. came from glue, and no referral to the zone gives it as glue/u,
			where,
		);
	});

	it('an address said to come from a look-up that never found it', () => {
		refusedAt(
			edited((file) => zoneNamed(file, 'com.').nameservers[0].addresses[0].origins.push('subtrace')),
			/came from subtrace, and no look-up of the name found it/u,
			`zones[${com}].nameservers[0].addresses[0].origins[1]`,
		);
	});

	it('a server whose name is none of the zone\'s name servers', () => {
		refusedAt(
			edited((file) => zoneNamed(file, 'com.').servers.push({name: 'ns.evil.', address: '192.0.2.66', family: 4, origin: 'glue', probes: []})),
			/server ns\.evil\. \(192\.0\.2\.66\) of com\. is not one of its name servers/u,
			`zones[${com}].servers[${zoneNamed(base, 'com.').servers.length}].name`,
		);
	});

	it('a server at an address its name server does not have', () => {
		refusedAt(
			edited((file) => {
				const zone = zoneNamed(file, 'com.');
				zone.servers.push({...zone.servers[0], address: '192.0.2.66', probes: []});
			}),
			/server .+ \(192\.0\.2\.66\) of com\. is at an address its name server does not have/u,
			`zones[${com}].servers[${zoneNamed(base, 'com.').servers.length}].address`,
		);
	});

	it('a zone no referral names, with a server that answers for it', () => {
		refusedAt(
			edited((file) => {
				file.zones.push({name: 'bank.example.', parent: '.', nameservers: [], servers: []});
				addServer(file, 'bank.example.', 'ns.bank.example.', '192.0.2.66', ['parent'], 'glue');
			}),
			/zone bank\.example\. is named by no referral/u,
			`zones[${base.zones.length}].name`,
		);
	});

	it('a zone said to be delegated by a zone that never referred to it', () => {
		refusedAt(edited((file) => (zoneNamed(file, 'example.com.').parent = '.')), /zone example\.com\. says \. delegated it, and no response from \. refers to it/u, `zones[${example}].parent`);
	});

	it('a zone named only by a referral whose bytes no longer decode: a response that cannot be read names nothing', () => {
		refusedAt(
			edited((file) => {
				for (const probe of zoneNamed(file, '.').servers.flatMap((server: File) => server.probes)) {
					if (probe.question.name === 'www.example.com.' && probe.status === 'answered') file.messages[probe.message].raw = Buffer.from([0, 0, 0x84, 0, 0, 1]).toString('base64');
				}
			}),
			/zone com\. is named by no referral/u,
			`zones[${com}].name`,
		);
	});

	it('a name server named by a response edited in its bytes opens, shown as the response now says', () => {
		const text = edited((file) => {
			const raw = nsAnswerNaming(file, 'example.com.', 'ns9.example.com.', '192.0.2.66');
			for (const server of zoneNamed(file, 'example.com.').servers) {
				for (const probe of server.probes) {
					if (probe.purpose !== 'ns' || probe.status !== 'answered') continue;
					probe.message = 'edited';
					// The edited bytes carry no OPT record to put each server's NSID option back into.
					delete probe.nsidOption;
				}
			}
			file.messages.edited = {raw};
			const zone = zoneNamed(file, 'example.com.');
			zone.nameservers.push({name: 'ns9.example.com.', listedBy: ['child'], addresses: [{address: '192.0.2.66', family: 4, origins: ['child']}], subtraces: []});
			zone.servers.push({name: 'ns9.example.com.', address: '192.0.2.66', family: 4, origin: 'child', probes: []});
		});
		const opened = openText(text);
		if ('line' in opened) throw new Error(opened.line);
		expect(opened.text).toContain('ns9.example.com.');
	});
});

/**
 * A story's walk saved while it ran, as the explorer saves one: at its 1st, 2nd, 4th, 8th… event and at its end, so
 * a walk of any length is saved at points spread over it (a dozen for the fan-out's thousands of events), from one
 * walk alone (a second walk could differ: a 40 ms time-out races the fan-out's large referral on a loaded machine).
 */
async function savedWhileRunning(world: LabWorld, name: string, type: string, families: Array<4 | 6>): Promise<string[]> {
	const saves: string[] = [];
	let live: Trace | undefined;
	let seen = 0;
	await walk({name, type}, {
		transport: createLabTransport(world, {latencyScale: 0}),
		hints: world.hints,
		port: 53,
		families,
		timeoutMs: 40,
		retries: 0,
		dnssec: true,
		onEvent: (event) => {
			if (event.type === 'started') live = event.trace;
			seen += 1;
			const powerOfTwo = (seen & (seen - 1)) === 0;
			if (live && (powerOfTwo || event.type === 'finished')) saves.push(serializeSnapshot({trace: live, analysis: undefined}, TOOL));
		},
	});
	return saves;
}

function everySaveOpens(saves: string[]): void {
	expect(saves.length).toBeGreaterThan(2);
	for (const [index, text] of saves.entries()) {
		const opened = openText(text, `save-${index}.json`);
		if ('line' in opened) throw new Error(`save ${index} of ${saves.length}, written while the walk ran, was refused: ${opened.line}`);
	}
}

describe('every lab story, saved while it ran, opens again at every point', () => {
	for (const story of INTERNET.stories) {
		it(`${story.name} ${story.type ?? 'A'}`, async () => everySaveOpens(await savedWhileRunning(labWorld(), parseUserName(story.name).name, story.type ?? 'A', [4, 6])));
	}
});

describe('every story of the hostile lab, saved while it ran, opens again at every point', () => {
	const world = buildWorld(HOSTILE);
	// The fan-out story is thousands of 64 KB lab answers: seconds of work, more on a loaded machine.
	for (const story of HOSTILE.stories) {
		it(`${story.name} ${story.type ?? 'A'}`, {timeout: 60_000}, async () => everySaveOpens(await savedWhileRunning(world, story.name.endsWith('.') ? story.name : `${story.name}.`, story.type ?? 'A', [4])));
	}
});

/** www.nic.gm: gm.'s servers answer from nic.gm.'s data, and the SOA they give for www.nic.gm names the cut. */
const cohosted: File = JSON.parse(await savedLabTrace('www.nic.gm'));

describe("a cut found in the child's own data (every parent server serves the child too) opens again, and only where its responses name it", () => {
	const editedCut = (edit: (file: File) => void): string => {
		const copy = structuredClone(cohosted);
		edit(copy);
		return JSON.stringify(copy);
	};
	const nic = zoneIndex(cohosted, 'nic.gm.');

	it('opens with the step that descends the cut and the outcome at the child', () => {
		const opened = openText(JSON.stringify(cohosted));
		if ('line' in opened) throw new Error(opened.line);
		const [query] = opened.opened.trace.resolutions;
		expect(query?.steps.map((step) => `${step.zone} ${step.result} ${step.next ?? ''}`.trim())).toEqual(['. referral gm.', 'gm. cut nic.gm.', 'nic.gm. answer']);
		expect(opened.opened.trace.outcome).toMatchObject({status: 'answer', zone: 'nic.gm.'});
		expect(opened.opened.analysis.dnssec.outcome.status).toBe('insecure');
	});

	it('a cut said to be below a zone whose servers never gave its SOA', () => {
		refusedAt(editedCut((file) => (zoneNamed(file, 'nic.gm.').parent = '.')), /zone nic\.gm\. says \. delegated it, and no response from \. refers to it/u, `zones[${nic}].parent`);
	});

	it('a name server of the cut its own NS set does not list', () => {
		refusedAt(
			editedCut((file) => addServer(file, 'nic.gm.', 'ns9.evil.example.', '192.0.2.66', ['child'], 'subtrace')),
			/name server ns9\.evil\.example\. of nic\.gm\. is listed by the child, and no NS answer of the zone names it/u,
			`zones[${nic}].nameservers[${zoneNamed(cohosted, 'nic.gm.').nameservers.length}].listedBy[0]`,
		);
	});

	it('a cut below a zone whose servers answered from their own data', () => {
		refusedAt(
			edited((file) => {
				file.zones.push({name: 'www.example.com.', parent: 'example.com.', nameservers: [], servers: []});
				addServer(file, 'www.example.com.', 'ns1.example.com.', '127.77.10.1', ['child'], 'child');
			}),
			/zone www\.example\.com\. is named by no referral and no response from its data/u,
			`zones[${base.zones.length}].name`,
		);
	});

	it("a step that follows the zone's answer to SOA name, which names no cut, does not follow from it", () => {
		const text = edited((file) => {
			const soa = zoneNamed(file, 'example.com.').servers.flatMap((server: File) => server.probes).find((probe: File) => probe.question.name === 'www.example.com.' && probe.question.type === 'SOA' && probe.status === 'answered');
			file.resolutions[0].steps[2].probe = soa.id;
		});
		const opened = openText(text);
		if ('line' in opened) throw new Error(opened.line);
		expect(opened.opened.trace.outcome).toMatchObject({status: 'failure', zone: 'example.com.', reason: 'the saved path does not follow from its responses at example.com.'});
	});
});
