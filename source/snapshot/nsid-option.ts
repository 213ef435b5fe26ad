import {NSID_OPTION} from '../dns/nsid.js';
import {readLayout} from '../dns/wire-layout.js';

/** Where a response's NSID option was cut out (the byte it started at) and its data, as hex. */
export interface CutNsid {
	at: number;
	hex: string;
}

const OPT = 41;

/**
 * A response without its NSID option, and the option: every instance of an anycast fleet (and every server asked for
 * its NSID) sends the same answer but for this option, so the snapshot stores the answer once and each probe keeps its
 * own option, as it keeps its own query ID. Bytes that do not lay out are kept whole.
 */
export function cutNsid(bytes: Buffer): {bytes: Buffer; nsid?: CutNsid} {
	let opt;
	try {
		opt = readLayout(bytes).records.find((record) => record.type === OPT);
	} catch {
		return {bytes};
	}
	if (!opt) return {bytes};
	for (let at = opt.rdataOffset; at + 4 <= opt.rdataOffset + opt.rdlength; ) {
		const size = bytes.readUInt16BE(at + 2);
		if (bytes.readUInt16BE(at) === NSID_OPTION) {
			const cut = Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + 4 + size)]);
			cut.writeUInt16BE(opt.rdlength - 4 - size, opt.rdataOffset - 2);
			return {bytes: cut, nsid: {at, hex: bytes.subarray(at + 4, at + 4 + size).toString('hex')}};
		}
		at += 4 + size;
	}
	return {bytes};
}

/**
 * The response with a probe's NSID option put back where it was cut, or undefined when the place is not inside the
 * message's OPT record (a file digdeeper did not write). What the option says is read again from the bytes. Bytes that
 * no longer lay out come back as they are: the reader shows them as the malformed response they now are.
 */
export function restoreNsid(bytes: Buffer, nsid: CutNsid): Buffer | undefined {
	let opt;
	try {
		opt = readLayout(bytes).records.find((record) => record.type === OPT);
	} catch {
		return bytes;
	}
	const data = Buffer.from(nsid.hex, 'hex');
	if (!opt || nsid.at < opt.rdataOffset || nsid.at > opt.rdataOffset + opt.rdlength || opt.rdlength + 4 + data.byteLength > 0xffff) return undefined;
	const option = Buffer.alloc(4);
	option.writeUInt16BE(NSID_OPTION, 0);
	option.writeUInt16BE(data.byteLength, 2);
	const whole = Buffer.concat([bytes.subarray(0, nsid.at), option, data, bytes.subarray(nsid.at)]);
	whole.writeUInt16BE(opt.rdlength + 4 + data.byteLength, opt.rdataOffset - 2);
	return whole;
}
