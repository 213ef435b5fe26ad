import {mkdtemp, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {planResolvers} from '../../source/commands/ask-resolvers.js';

const resolvConf = async (text: string) => {
	const file = path.join(await mkdtemp(path.join(tmpdir(), 'digdeeper-resolv-')), 'resolv.conf');
	await writeFile(file, text);
	return file;
};

describe('--resolvers planned before any packet', () => {
	it('system: the nameservers of the resolv.conf given, then the rest of the list', async () => {
		const plan = await planResolvers('system,127.0.0.1#5353', undefined, await resolvConf('nameserver 127.0.0.53\noptions edns0\n'));
		expect(plan.targets).toEqual([
			{label: 'system', address: '127.0.0.53', port: 53},
			{label: '127.0.0.1', address: '127.0.0.1', port: 5353},
		]);
		expect(plan.outside).toBeUndefined();
	});

	it('refuses a resolv.conf with no nameserver, one that cannot be read, and a list that is no list, as usage errors', async () => {
		await expect(planResolvers('system', undefined, await resolvConf('search lan\n'))).rejects.toThrow(/^--resolvers system: .*resolv\.conf lists no nameserver: give addresses or public$/u);
		await expect(planResolvers('system', undefined, '/nonexistent/resolv.conf')).rejects.toThrow("cannot read the system's resolvers: /nonexistent/resolv.conf: ENOENT (no such file or directory)");
		await expect(planResolvers('8.8.8.8;rm', undefined)).rejects.toThrow('invalid --resolvers: "8.8.8.8;rm" is not system, public or an IP address (with an optional #port)');
	});

	it('does not read resolv.conf when the list does not name system', async () => {
		const plan = await planResolvers('public', undefined, '/nonexistent/resolv.conf');
		expect(plan.targets).toHaveLength(7);
	});
});
