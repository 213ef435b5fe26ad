import type {Edns, Message} from '../../source/dns/record.js';

/**
 * A query as a resolver sends it, as a Message (no RD): with `edns`, an OPT record of version 0, 1232 octets, DO off,
 * unless the fields given say otherwise.
 */
export function queryMessage(name: string, type: string, {id = 1, edns}: {id?: number; edns?: Partial<Edns>} = {}): Message {
	return {
		id,
		opcode: 'QUERY',
		rcode: 'NOERROR',
		flags: {qr: false, aa: false, tc: false, rd: false, ra: false, ad: false, cd: false},
		question: [{name, type, class: 'IN'}],
		answer: [],
		authority: [],
		additional: [],
		...(edns ? {edns: {version: 0, udpSize: 1232, dnssecOk: false, extendedRcode: 0, options: [], ...edns}} : {}),
	};
}
