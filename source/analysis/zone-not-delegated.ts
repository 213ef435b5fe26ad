import type {Name} from '../dns/name.js';
import type {PathStep, Probe, Resolution, Server} from '../trace/model.js';
import {backFromCut} from '../trace/resolution-steps.js';
import {createFinding, type Finding} from './finding.js';
import {unique, type TraceView} from './trace-view.js';

/**
 * A cut found from a child's SOA rather than a referral (`cut` steps): the parent's servers answer from the child's
 * data because they serve it too. That is a delegation only if the parent has one. It plainly has none when its
 * servers deny the child on the parent's side (NXDOMAIN for `CHILD DS`, which a server of both answers from the
 * parent: RFC 4035 3.1.4.1); and none could be followed when the child's own name servers gave no decision, so the
 * walk went back to the parent's answer (`back` in resolution-steps.ts), the one resolvers get, unless the parent's
 * side holds the name (a delegation whose servers fail: their own findings say so). Either way, users get the data
 * only from servers that happen to serve both zones.
 */
export function checkZonesNotDelegated(view: TraceView): Finding[] {
	const seen = new Set<string>();
	const findings: Finding[] = [];
	for (const resolution of view.trace.resolutions) {
		for (const [index, step] of resolution.steps.entries()) {
			const child = step.result === 'cut' ? step.next : undefined;
			if (child === undefined || seen.has(`${step.zone} ${child}`)) continue;
			const finding = notDelegated(view, resolution, index, step, child);
			if (!finding) continue;
			seen.add(`${step.zone} ${child}`);
			findings.push(finding);
		}
	}
	return findings;
}

function notDelegated(view: TraceView, resolution: Resolution, index: number, cut: PathStep, child: Name): Finding | undefined {
	const parent = view.zone(cut.zone);
	if (!parent) return undefined;
	const answering = answeringFromChild(view, parent.servers, cut, child);
	const parentSide = parent.servers.flatMap((server) => server.probes.filter((probe) => probe.question.name === child && probe.question.type === 'DS').map((probe) => ({server, probe})));
	const deniers = parentSide.filter(({probe}) => probe.kind === 'nxdomain');
	// The parent holds the name (a DS, or none at a name it has): a delegation whose servers fail, which their own findings say.
	const delegated = parentSide.some(({probe}) => probe.kind === 'answer' || probe.kind === 'nodata');
	const back = resolution.steps[index + 2];
	const returned = back !== undefined && backFromCut(resolution.steps.slice(0, index + 2), back);
	if (deniers.length === 0 && (!returned || delegated)) return undefined;
	const denied = deniers.length > 0;
	const question = `${cut.question.name} ${cut.question.type}`;
	const why = denied ? `, but ${parent.name} does not delegate it (NXDOMAIN for ${child} DS)` : ` and refer no resolver to it`;
	const then = returned ? `; its own name servers give no answer, so users get the ${parent.name} servers' ${back.result === 'answer' ? 'answer' : back.result.toUpperCase()}` : `: only servers that serve both zones give its data`;
	return createFinding({
		code: 'ZONE_NOT_DELEGATED',
		zone: child,
		servers: unique([...answering, ...deniers].map(({server}) => server.address)),
		message: `${child}: the ${parent.name} servers answer ${question} from their own copy of ${child}${why}${then}`,
		evidence: unique([...answering, ...deniers].map(({probe}) => probe.id)),
		facts: {parent: parent.name, denied, ownServersAnswer: !returned},
	});
}

/** The parent's servers whose response to the cut's question (the question, or `SOA name` below an answer) came from the child's data. */
function answeringFromChild(view: TraceView, servers: Server[], cut: PathStep, child: Name): Array<{server: Server; probe: Probe}> {
	const followed = servers.flatMap((server) => server.probes).find((probe) => probe.id === cut.probe);
	if (!followed) return [];
	return servers.flatMap((server) =>
		server.probes.filter((probe) => probe.question.name === followed.question.name && probe.question.type === followed.question.type && view.classify(probe)?.childApex === child).map((probe) => ({server, probe})),
	);
}
