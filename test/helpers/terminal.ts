import {EventEmitter} from 'node:events';
import {render} from 'ink';
import type {ReactElement} from 'react';

/** A terminal of a given size that can be resized, as tmux is: what ink-testing-library's fixed 100 columns cannot do. */
class SizedStdout extends EventEmitter {
	lastFrameText: string | undefined;
	constructor(
		public columns: number,
		public rows: number,
	) {
		super();
	}
	write = (frame: string) => {
		this.lastFrameText = frame;
	};
}

class KeyboardStdin extends EventEmitter {
	isTTY = true;
	private data: string | null = null;
	write = (data: string) => {
		this.data = data;
		this.emit('readable');
		this.emit('data', data);
	};
	read = () => {
		const {data} = this;
		this.data = null;
		return data;
	};
	setEncoding() {}
	setRawMode() {}
	resume() {}
	pause() {}
	ref() {}
	unref() {}
}

/** Renders into a columns × rows terminal; `resize` changes its size the way a terminal emulator does. */
export function renderSized(tree: ReactElement, size: {columns: number; rows: number}) {
	const stdout = new SizedStdout(size.columns, size.rows);
	const stdin = new KeyboardStdin();
	const instance = render(tree, {stdout: stdout as unknown as NodeJS.WriteStream, stderr: new SizedStdout(size.columns, size.rows) as unknown as NodeJS.WriteStream, stdin: stdin as unknown as NodeJS.ReadStream, debug: true, exitOnCtrlC: false, patchConsole: false});
	return {
		stdin,
		lastFrame: () => stdout.lastFrameText,
		resize(columns: number, rows: number) {
			stdout.columns = columns;
			stdout.rows = rows;
			stdout.emit('resize');
		},
		unmount: () => instance.unmount(),
	};
}
