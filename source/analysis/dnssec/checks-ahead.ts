import type {Name} from '../../dns/name.js';
import type {ResourceRecord} from '../../dns/record.js';
import type {Probe} from '../../trace/model.js';
import {checkAhead, keysToTry} from './verify-rrset.js';

/**
 * The signature checks a trace's analysis will make, made one at a time while its walk still waits on servers: the
 * cryptography's answers are kept (verify-rrset.ts, `checkAhead`), and the analysis, which runs once the walk is done,
 * finds them instead of verifying (a trace of www.example.com makes 20, a fifth of its analysis). Every signature in
 * an answered response is checked with the keys of its signer the trace holds by then, which is what the analysis
 * checks it with; a response whose signer's keys have not come yet waits for them. Nothing here judges: what a check
 * says counts only when the analysis asks it again, charged to its own budget.
 */
export interface ChecksAhead {
	/** A probe the walk finished: its signatures are to be checked, and its DNSKEYs (if it asked for them) to check with. */
	add(probe: Probe): void;
	/** Makes the next check, one signature with one key; false when none is ready (or the bound is reached). */
	step(): boolean;
}

/**
 * At most this many verifications ahead for one trace: an honest trace needs tens; a hostile one (KeyTrap's keys sharing
 * a tag, CVE-2023-50387) is left to the analysis, whose budget it is.
 */
const MOST_AHEAD = 256;

interface Check {
	rrset: ResourceRecord[];
	signature: ResourceRecord;
	signer: Name;
	/** The signer's keys still to try it with, taken when it is first reached. */
	keys?: ResourceRecord[];
}

export function checksAhead(): ChecksAhead {
	const keys = new Map<Name, ResourceRecord[]>();
	// Signatures waiting for their signer's keys, by signer.
	const waiting = new Map<Name, Check[]>();
	const ready: Check[] = [];
	let spent = 0;

	// Each server sends its copy of the zone's keys: one of each is enough (the analysis tries a few keys a signature).
	const learnKeys = (probe: Probe) => {
		for (const record of probe.response!.answer) {
			if (record.type !== 'DNSKEY' || record.name !== probe.question.name || record.data.kind !== 'dnskey') continue;
			const {flags, algorithm, publicKey} = record.data;
			const known = keys.get(record.name);
			if (known?.some(({data}) => data.kind === 'dnskey' && data.flags === flags && data.algorithm === algorithm && data.publicKey === publicKey)) continue;
			if (known) known.push(record);
			else keys.set(record.name, [record]);
		}
		const parked = waiting.get(probe.question.name);
		if (parked && keys.has(probe.question.name)) {
			waiting.delete(probe.question.name);
			ready.push(...parked);
		}
	};

	return {
		add(probe) {
			if (probe.status !== 'answered' || !probe.response) return;
			if (probe.question.type === 'DNSKEY') learnKeys(probe);
			for (const check of signedRRsets(probe.response.answer, probe.response.authority)) {
				if (keys.has(check.signer)) ready.push(check);
				else if (waiting.has(check.signer)) waiting.get(check.signer)!.push(check);
				else waiting.set(check.signer, [check]);
			}
		},
		step() {
			if (spent >= MOST_AHEAD) return false;
			for (;;) {
				const check = ready[0];
				if (!check) return false;
				check.keys ??= keysToTry(check.signature, keys.get(check.signer) ?? []);
				const key = check.keys.shift();
				if (check.keys.length === 0) ready.shift();
				if (key === undefined) continue;
				if (checkAhead(check.rrset, check.signature, key)) spent++;
				return true;
			}
		},
	};
}

/**
 * Each RRSIG of a response with the RRset it covers, as the analysis gathers it: every record of its owner and type in
 * the answer and authority sections together (validate.ts, `checkRRsets`).
 */
function signedRRsets(answer: readonly ResourceRecord[], authority: readonly ResourceRecord[]): Check[] {
	const records = [...answer, ...authority];
	return records.flatMap((signature): Check[] => {
		if (signature.type !== 'RRSIG' || signature.data.kind !== 'rrsig') return [];
		const {typeCovered, signerName} = signature.data;
		const rrset = records.filter((record) => record.type === typeCovered && record.name === signature.name);
		return rrset.length === 0 ? [] : [{rrset, signature, signer: signerName}];
	});
}
