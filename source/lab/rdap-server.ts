import {createServer} from 'node:http';
import type {AddressInfo} from 'node:net';
import {LAB_RDAP_ADDRESS, labRdapReply} from './lab-rdap.js';

/** The lab's registries over HTTP on loopback, for `lab serve`: what `--lab` answers in process, on a real socket. */
export interface LabRdapServer {
	/** The base URL a bootstrap file points at: http://127.77.254.1:PORT/ */
	base: string;
	close(): Promise<void>;
}

/** Listens on the lab's RDAP address, on `port` (0: any free one). Only GET is answered; the body is never read. */
export function serveLabRdap(port = 0, address = LAB_RDAP_ADDRESS): Promise<LabRdapServer> {
	const server = createServer((request, response) => {
		const reply = request.method === 'GET' ? labRdapReply(new URL(request.url ?? '/', `http://${address}`), Date.now()) : {status: 405, body: '{"errorCode":405,"title":"only GET"}'};
		response.writeHead(reply.status, {'content-type': 'application/rdap+json'});
		response.end(reply.body);
	});
	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, address, () => {
			const {port: bound} = server.address() as AddressInfo;
			resolve({base: `http://${address}:${bound}/`, close: () => new Promise<void>((done) => server.close(() => done()))});
		});
	});
}
