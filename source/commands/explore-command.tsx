import {render, Text} from 'ink';
import path from 'node:path';
import {useSyncExternalStore} from 'react';
import {withAnalysis} from '../analysis/analyze.js';
import {serializeSnapshot} from '../snapshot/snapshot.js';
import {writeFileAtomic} from '../snapshot/write-file.js';
import type {Trace} from '../trace/model.js';
import {walk} from '../trace/walk.js';
import {Explorer} from '../ui/explorer.js';
import {TOOL} from '../version.js';
import {prepareTrace, type TraceRequest} from './trace-command.js';

/** Redraw at most this often while probes land: smooth for the eye, cheap for the CPU. */
const LIVE_FRAME_MS = 50;
/** Ink throttles frames to 30 per second by default, which alone adds up to 33 ms to a key press. */
const FRAMES_PER_SECOND = 120;

interface View {
	trace: Trace | undefined;
	running: boolean;
}

/** A tiny external store between the walk (which mutates its model) and React (which wants new values). */
function createStore(initial: View) {
	let view = initial;
	const listeners = new Set<() => void>();
	return {
		get: () => view,
		set(next: View) {
			view = next;
			for (const listener of listeners) listener();
		},
		subscribe(listener: () => void) {
			listeners.add(listener);
			return () => listeners.delete(listener);
		},
	};
}

type Store = ReturnType<typeof createStore>;

function App({store, onExport, onRetrace, onQuit, title}: {store: Store; onExport: () => Promise<string>; onRetrace?: () => void; onQuit: () => void; title: string}) {
	const view = useSyncExternalStore(store.subscribe, store.get);
	if (!view.trace) return <Text>{`digdeeper ${title}  ·  starting…`}</Text>;
	return <Explorer key={view.trace.startedAt} trace={view.trace} running={view.running} onExport={onExport} {...(onRetrace ? {onRetrace} : {})} onQuit={onQuit} />;
}

/** Exports never replace a file: a name with the time in it, written atomically in the current directory. */
async function exportSnapshot(trace: Trace): Promise<string> {
	const stamp = new Date().toISOString().replace(/[:.]/gu, '-');
	const file = path.resolve(`digdeeper-${trace.query.name.replace(/\.$/u, '').replace(/[^a-z0-9.-]/giu, '_')}-${stamp}.json`);
	await writeFileAtomic(file, serializeSnapshot(trace, TOOL), {force: false});
	return file;
}

/** The interactive explorer over a live trace: the first frame at once, the tree growing as probes land. */
export async function exploreLive(request: TraceRequest): Promise<void> {
	const store = createStore({trace: undefined, running: true});
	let generation = 0;
	let prepared: Awaited<ReturnType<typeof prepareTrace>>;

	const start = () => {
		const mine = ++generation;
		let pending: NodeJS.Timeout | undefined;
		let live: Trace | undefined;
		const refresh = () => {
			pending = undefined;
			if (live && mine === generation) store.set({trace: {...live}, running: true});
		};
		void walk(prepared.query, {
			transport: prepared.transport,
			hints: prepared.hints,
			port: prepared.port,
			families: request.families,
			timeoutMs: request.timeoutMs,
			retries: request.retries,
			dnssec: request.dnssec,
			describe: prepared.describe,
			onEvent(event) {
				if (event.type === 'started') {
					live = event.trace;
					refresh();
				} else if (event.type !== 'finished') {
					pending ??= setTimeout(refresh, LIVE_FRAME_MS);
				}
			},
		}).then((walked) => {
			if (pending) clearTimeout(pending);
			if (mine !== generation) return;
			const trace = withAnalysis({...walked, options: {...walked.options, trustAnchorRecords: prepared.anchors.records}}, {anchors: prepared.anchors});
			store.set({trace, running: false});
		});
	};

	// The first frame goes up at once; the lab's keys (or the hints file) are prepared behind it.
	const app = render(
		<App
			title={request.name}
			store={store}
			onExport={() => exportSnapshot(store.get().trace!)}
			onRetrace={start}
			onQuit={() => {
				generation++;
				app.unmount();
			}}
		/>,
		{exitOnCtrlC: false, maxFps: FRAMES_PER_SECOND},
	);
	try {
		prepared = await prepareTrace(request);
	} catch (error) {
		app.unmount();
		throw error;
	}
	start();
	await app.waitUntilExit();
}

/** The explorer over a saved snapshot: the same views, no network. */
export async function exploreSnapshot(trace: Trace): Promise<void> {
	const store = createStore({trace, running: false});
	const app = render(<App title={trace.query.name} store={store} onExport={() => exportSnapshot(trace)} onQuit={() => app.unmount()} />, {exitOnCtrlC: false, maxFps: FRAMES_PER_SECOND});
	await app.waitUntilExit();
}
