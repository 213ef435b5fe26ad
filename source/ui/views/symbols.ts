/** One symbol the views draw and what it means; the legend (`?`) lists them all, in this order. */
export interface ViewSymbol {
	symbol: string;
	meaning: string;
}

/**
 * Every symbol the explorer draws: the views take their symbols from here and the legend is made from here, so a
 * symbol cannot reach the screen without its meaning in the legend (test/ui/legend.test.tsx greps rendered frames).
 */
export const SYMBOLS = {
	closed: {symbol: '▸', meaning: 'a closed row with more under it (→ or Enter opens it)'},
	open: {symbol: '▾', meaning: 'an open row'},
	error: {symbol: '✗', meaning: 'an error: a finding, a link of the chain that fails, a server that fails'},
	warning: {symbol: '!', meaning: 'a warning'},
	holds: {symbol: '✓', meaning: 'a link of the chain that holds, a server that answers'},
	marked: {symbol: '•', meaning: 'marked for compare (space); in explanations, one item of a list'},
	changed: {symbol: 'Δ', meaning: 'changed since the trace it is compared with (D)'},
	spinner: {symbol: '⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏', meaning: 'a question still out'},
	pending: {symbol: '…', meaning: 'still out (in the grid), or text cut short'},
	times: {symbol: '2×', meaning: 'the same state at 2 addresses of one name server'},
	learnedFrom: {symbol: '[glue]', meaning: 'where an address was learned, when not from the root hints: glue, a sub-trace, …'},
	glueSame: {symbol: 'glue=auth', meaning: "the parent's glue is the address the server's own zone gives"},
	glueDiffers: {symbol: 'glue≠auth', meaning: "the parent's glue differs from the address the server's own zone gives"},
	serialLag: {symbol: '(-5)', meaning: 'this serial is 5 behind the newest any server serves'},
	leadsTo: {symbol: '→', meaning: 'leads to: a referral to a zone, a DS to a key, a key to a signature'},
	namedUnder: {symbol: '└─', meaning: "depends on: this zone's servers are named under that zone"},
	more: {symbol: '↓', meaning: 'more lines below (↓ or PgDn scrolls)'},
	held: {symbol: '●', meaning: 'in the timeline: as it should be'},
	mixed: {symbol: '◐', meaning: 'in the timeline: partly wrong'},
	neutral: {symbol: '─', meaning: 'in the timeline: a fact neither right nor wrong (a delegation, a serial, keys)'},
	absent: {symbol: '·', meaning: 'in the timeline: not there that round; in a line, between its parts'},
	nothing: {symbol: '—', meaning: 'nothing to show: a value the server did not give (no response, no such records), an empty list; in a sentence, a dash'},
	notApplicable: {symbol: 'n/a', meaning: 'in the grid: a column that does not apply to the zone (DS match where the parent has no DS)'},
	appeared: {symbol: '+', meaning: 'a finding that appeared since the trace compared with (D)'},
	resolved: {symbol: '−', meaning: 'a finding that was resolved since the trace compared with (D)'},
	divider: {symbol: '│', meaning: 'between the tree and the detail, and between responses compared side by side'},
	playing: {symbol: '▶', meaning: 'the step-through plays by itself (space pauses it)'},
	sideTrip: {symbol: '↪', meaning: 'in the step-through: a side trip begins (a name server\'s address looked up) or a branch'},
	tripBack: {symbol: '↩', meaning: 'in the step-through: a side trip ends, back where it began'},
	typing: {symbol: '█', meaning: 'where what you type goes (o, D, / prompts)'},
} as const satisfies Record<string, ViewSymbol>;

export type SymbolName = keyof typeof SYMBOLS;

/** A symbol as the views draw it. */
export const symbol = (name: SymbolName): string => SYMBOLS[name].symbol;
