import type {Probe} from '../../trace/model.js';
import {joinPresented, padPresented, safe, slicePresented} from '../../dns/sanitize.js';
import {heading, plain, responseLines, type Line} from './lines.js';

/** Marked probes (or servers' main probes) side by side; lines that differ between them are highlighted. */
export function compareLines(probes: Probe[], width: number): Line[] {
	if (probes.length < 2) return [plain(safe`Mark two or more servers or probes with space, then press c.`)];
	const columns = probes.map((probe) => responseLines(probe).map((line) => joinPresented(line.map((segment) => segment.text), safe``)));
	const columnWidth = Math.max(20, Math.floor((width - 3 * (probes.length - 1)) / probes.length));
	const height = Math.max(...columns.map((column) => column.length));
	const lines: Line[] = [heading(safe`Comparing ${probes.length} responses (differing lines highlighted)`), plain(safe``)];
	for (let index = 0; index < height; index++) {
		const cells = columns.map((column) => column[index] ?? safe``);
		// IDs and times differ by nature; compare what the servers said.
		const comparable = cells.map((cell) => cell.replace(/id: \d+/u, '').replace(/Query time: .*/u, '').replace(/SERVER: .*/u, '').replace(/→ .* \(.*\), asked/u, ''));
		const differs = new Set(comparable).size > 1;
		const line: Line = [];
		cells.forEach((cell, column) => {
			const text = padPresented(slicePresented(cell, 0, columnWidth), columnWidth);
			line.push({text, ...(differs ? {inverse: true} : {})});
			if (column < cells.length - 1) line.push({text: safe` │ `, dim: true});
		});
		lines.push(line);
	}
	return lines;
}
