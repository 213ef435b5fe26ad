import {describe, expect, it} from 'vitest';
import {createChangingLab} from '../../source/lab/changing-lab.js';
import {INTERNET} from '../../source/lab/internet.js';
import {createLabRdapLink, LAB_RDAP_BASE, labBootstrapJson, labRdapReply} from '../../source/lab/lab-rdap.js';
import {serveLabRdap} from '../../source/lab/rdap-server.js';
import {keysOf} from '../../source/lab/world.js';
import {parseBootstrap} from '../../source/rdap/bootstrap.js';
import {createHttpLink} from '../../source/rdap/rdap-link.js';
import {lookUpRegistration} from '../../source/rdap/registration-lookup.js';
import {labWorld} from '../helpers/lab.js';

const NOW = Date.UTC(2026, 10, 30);

describe('the lab\'s registries', () => {
	it('hold puri.sm on server hold at a fictional registrar', async () => {
		const link = createLabRdapLink({now: () => NOW});
		const lookup = await lookUpRegistration('puri.sm.', 'query', {link, bootstrap: parseBootstrap(labBootstrapJson(LAB_RDAP_BASE), 'the lab')});
		expect(lookup.exchange.url).toBe('http://127.77.254.1/domain/puri.sm');
		expect(lookup.result).toEqual({
			kind: 'found',
			facts: {
				statuses: ['server hold', 'client transfer prohibited'],
				registrar: {name: 'Lab Registrar S.r.l.', ianaId: '9999', abuseEmail: 'abuse@registrar.example', abusePhone: '+1.5555550100'},
				expires: '2027-02-19T00:00:00.000Z',
				nameservers: ['ns1.puri.sm.', 'ns2.puri.sm.', 'ns3.puri.sm.'],
			},
		});
	});

	it('answer 404 for a domain no lab registry holds, and 400 for what is no domain query', () => {
		expect(labRdapReply(new URL('http://127.77.254.1/domain/nowhere.com'), NOW).status).toBe(404);
		expect(labRdapReply(new URL('http://127.77.254.1/entity/LAB-1'), NOW).status).toBe(400);
		expect(labRdapReply(new URL('http://127.77.254.1/domain/__proto__'), NOW).status).toBe(404);
	});

	it('lift the hold once the .sm registry delegates puri.sm again (a watch\'s aftermath)', async () => {
		const lab = createChangingLab(INTERNET, {latencyScale: 0, keys: keysOf(labWorld())});
		const link = createLabRdapLink({now: () => NOW, world: lab.world});
		const statuses = async () => JSON.parse((await link.get(new URL('http://127.77.254.1/domain/puri.sm'), {maxBytes: 1e6, signal: new AbortController().signal})).body).status;
		expect(await statuses()).toEqual(['server hold', 'client transfer prohibited']);
		lab.apply(INTERNET.stories[0]!.aftermath![0]!);
		expect(await statuses()).toEqual(['active', 'client transfer prohibited']);
	});

	it('are served over HTTP on loopback for lab serve, with the bootstrap file that points at them', async () => {
		const server = await serveLabRdap();
		try {
			expect(server.base).toMatch(/^http:\/\/127\.77\.254\.1:\d+\/$/u);
			const lookup = await lookUpRegistration('shop.com.', 'query', {link: createHttpLink(), bootstrap: parseBootstrap(labBootstrapJson(server.base), 'lab serve')});
			expect(lookup.result).toMatchObject({kind: 'found', facts: {nameservers: ['ns1.dnsprovider.net.', 'ns2.dnsprovider.net.', 'ns3.dnsprovider.net.']}});
		} finally {
			await server.close();
		}
	});
});
