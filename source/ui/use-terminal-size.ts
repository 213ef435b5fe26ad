import {useStdout} from 'ink';
import {useEffect, useState} from 'react';

export interface TerminalSize {
	rows: number;
	columns: number;
}

/** The terminal's size, kept up to date as it is resized. A pseudo-terminal may report 0×0: then the classic 80×24. */
export function useTerminalSize(): TerminalSize {
	const {stdout} = useStdout();
	const [size, setSize] = useState(() => sizeOf(stdout));
	useEffect(() => {
		const onResize = () => setSize(sizeOf(stdout));
		stdout.on('resize', onResize);
		return () => {
			stdout.off('resize', onResize);
		};
	}, [stdout]);
	return size;
}

function sizeOf(stdout: NodeJS.WriteStream): TerminalSize {
	return {rows: stdout.rows || 24, columns: stdout.columns || 80};
}
