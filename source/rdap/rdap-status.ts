/*
 * A domain's status under any spelling a registry writes it, as RDAP names it (RFC 9083 10.2.2): RFC 8056 maps EPP's
 * camel-case statuses ("serverHold") to RDAP's words ("server hold"), and registries are seen writing either, in any
 * case, with odd spacing. Compared without case, spaces, hyphens or underscores.
 */

/** RDAP's status values (RFC 9083 10.2.2, RFC 8056 2). */
const RDAP_STATUSES = [
	'validated', 'renew prohibited', 'update prohibited', 'transfer prohibited', 'delete prohibited', 'proxy', 'private', 'removed', 'obscured', 'associated',
	'active', 'inactive', 'locked', 'pending create', 'pending renew', 'pending transfer', 'pending update', 'pending delete', 'add period', 'auto renew period',
	'renew period', 'transfer period', 'redemption period', 'pending restore', 'client delete prohibited', 'client hold', 'client renew prohibited',
	'client transfer prohibited', 'client update prohibited', 'server delete prohibited', 'server hold', 'server renew prohibited', 'server transfer prohibited',
	'server update prohibited',
] as const;

const squeezed = (status: string) => status.toLowerCase().replace(/[\s_-]+/gu, '');

/** Every spelling, squeezed, to its RDAP name; EPP's two that RFC 8056 renames ("ok", "linked") too. */
const BY_SPELLING: ReadonlyMap<string, string> = new Map([...RDAP_STATUSES.map((status) => [squeezed(status), status] as const), ['ok', 'active'], ['linked', 'associated']]);

/** The RDAP name of a status however it is spelt ("serverHold", "Client  Hold"), or undefined when it is none. */
export function rdapStatus(written: string): string | undefined {
	return BY_SPELLING.get(squeezed(written));
}
