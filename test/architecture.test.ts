import {readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';

/*
 * Data flows one way: the wire, the walk, the analysis, then everything that shows or keeps what they made. Each
 * layer (a directory under source/, or a top-level file) may import only the layers listed for it here; a new
 * edge is a design decision, made in this table, not by accident in an import line.
 */
const ALLOWED: Record<string, string[]> = {
	version: [],
	// Atomic file writes and bounded reads: used by the snapshot writer, the lab's key cache and the commands alike,
	// and knows nothing of any of them.
	files: [],
	dns: [],
	// Registration data (RDAP): beside the wire, a client of registries' HTTPS servers; the trace carries what it got.
	rdap: ['dns'],
	trace: ['dns', 'rdap'],
	analysis: ['dns', 'trace', 'rdap'],
	// What-if: changes assumed on a trace, applied to its responses and judged again by the walk's own rules; every
	// view says a changed trace is not measured, so the views, the snapshot and the commands read it.
	'what-if': ['dns', 'trace'],
	// The lab is one more Transport: it speaks the wire, and keeps its keys in a file; it serves RDAP too.
	lab: ['dns', 'trace', 'files', 'rdap'],
	snapshot: ['dns', 'trace', 'analysis', 'files', 'rdap', 'what-if'],
	compare: ['dns', 'rdap', 'trace', 'analysis'],
	// Many zones' walks over one transport: it sits on the walk and the analysis, and does I/O only through a Transport.
	survey: ['dns', 'trace', 'analysis'],
	text: ['dns', 'trace', 'analysis', 'compare', 'survey', 'rdap', 'what-if'],
	// The delegation graph: a view of the trace and its analysis, beside text; read only by the commands (and the HTML page).
	// A what-if's graph carries its headline (what-if's words for the changes assumed).
	graph: ['dns', 'trace', 'analysis', 'what-if'],
	watch: [],
	// The survey's explorer shows its zones' summaries and its progress, as its text view does.
	ui: ['dns', 'trace', 'analysis', 'compare', 'text', 'watch', 'lab', 'survey', 'rdap', 'what-if'],
	// The self-contained HTML report: the text layer's words and the explorer's pure line builders (its zone grid, a
	// response in dig's format; never Ink), as markup.
	html: ['dns', 'trace', 'analysis', 'text', 'ui', 'what-if'],
	// A snapshot's trace served again on loopback: it reads the trace model and speaks the wire, and reuses the lab's
	// sockets (UDP and RFC 7766 TCP), its truncation and its 0x20 case patching rather than a second copy of each.
	replay: ['dns', 'trace', 'lab'],
	commands: ['version', 'files', 'dns', 'trace', 'analysis', 'lab', 'snapshot', 'compare', 'text', 'watch', 'ui', 'survey', 'rdap', 'html', 'graph', 'replay', 'what-if'],
	main: ['version', 'files', 'dns', 'ui', 'watch', 'commands'],
	// The bin: it starts the program (tsc's tree imports main.js; the bundle runs its script instead), and before it,
	// for a run that will ask the registries, their thread (the command words, to tell a trace; rdap/early-thread.ts).
	cli: ['main', 'commands', 'rdap'],
};

const SOURCE = path.resolve(import.meta.dirname, '../source');

function sourceFiles(dir: string): string[] {
	return readdirSync(dir, {withFileTypes: true}).flatMap((entry) => {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) return sourceFiles(full);
		return /\.tsx?$/u.test(entry.name) ? [full] : [];
	});
}

/** `import … from`, `export … from`, `import type`, bare `import '…'` and dynamic `import('…')` (or with backquotes). */
export function importSpecifiers(text: string): string[] {
	const pattern = /(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)(['"`])([^'"`]+)\1/gmu;
	return [...text.matchAll(pattern)].map((match) => match[2]!);
}

/** The layer a file belongs to: its first directory under source/, or its own name for a top-level file. */
function layerOf(file: string): string {
	const [first, ...rest] = path.relative(SOURCE, file).split(path.sep);
	return rest.length === 0 ? first!.replace(/\.(?:tsx?|js)$/u, '') : first!;
}

describe('the import graph', () => {
	it('reads every kind of import, including types and dynamic ones', () => {
		const text = `import type {A} from '../a.js';\nimport {B} from "./b.js";\nexport {C} from '../c.js';\nimport './d.js';\nconst e = await import('../e.js');\nconst f = await import(\`../f.js\`);`;
		expect(importSpecifiers(text)).toEqual(['../a.js', './b.js', '../c.js', './d.js', '../e.js', '../f.js']);
	});

	it('has a layer in the table for every directory under source/', () => {
		const layers = new Set(sourceFiles(SOURCE).map(layerOf));
		expect([...layers].filter((layer) => !(layer in ALLOWED))).toEqual([]);
	});

	it('only ever points down: no layer imports one above it', () => {
		const upward: string[] = [];
		for (const file of sourceFiles(SOURCE)) {
			const from = layerOf(file);
			for (const specifier of importSpecifiers(readFileSync(file, 'utf8'))) {
				if (!specifier.startsWith('.')) continue;
				const to = layerOf(path.resolve(path.dirname(file), specifier));
				if (to !== from && !ALLOWED[from]?.includes(to)) upward.push(`${path.relative(SOURCE, file)} imports ${specifier} (${from} → ${to})`);
			}
		}
		expect(upward).toEqual([]);
	});

	it('is described in ARCHITECTURE.md: every source file named there, and every file named there exists', () => {
		const doc = readFileSync(path.resolve(SOURCE, '../ARCHITECTURE.md'), 'utf8');
		const named = [...doc.matchAll(/`(?:[\w./-]*\/)?([\w.-]+\.tsx?)`/gu)].map((match) => match[1]!).filter((name) => !/\.test\.tsx?$/u.test(name));
		const files = sourceFiles(SOURCE).map((file) => path.basename(file));
		expect(files.filter((file) => !named.includes(file))).toEqual([]);
		expect(named.filter((name) => !files.includes(name))).toEqual([]);
	});
});
