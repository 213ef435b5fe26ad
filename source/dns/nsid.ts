import type {Message} from './record.js';

/** RFC 5001: the EDNS option a query carries (empty) to ask a server which instance it is, and the answer carries filled. */
export const NSID_OPTION = 3;

/**
 * The NSID a response carried, as hex of its bytes (empty when the server sent an empty one); undefined when it sent
 * none. Read from the decoded OPT record, which comes from the raw bytes: a snapshot's reader gets it the same way.
 */
export function nsidOf(message: Message | undefined): string | undefined {
	return message?.edns?.options.find((option) => option.code === NSID_OPTION)?.hex.toLowerCase();
}
