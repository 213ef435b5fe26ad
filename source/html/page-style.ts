/**
 * The page's one style sheet, inline (its hash is in the page's Content-Security-Policy). System fonts only: nothing
 * is fetched. Light and dark follow the reader's setting.
 */
export const PAGE_STYLE = `
:root { color-scheme: light dark; --fg: #1b1f24; --bg: #ffffff; --muted: #57606a; --line: #d0d7de; --panel: #f6f8fa; --red: #cf222e; --green: #1a7f37; --yellow: #9a6700; --cyan: #1b7c83; --magenta: #8250df; --blue: #0969da; --mark: #fff8c5; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6edf3; --bg: #0d1117; --muted: #8d96a0; --line: #30363d; --panel: #161b22; --red: #ff7b72; --green: #3fb950; --yellow: #d29922; --cyan: #39c5cf; --magenta: #bc8cff; --blue: #58a6ff; --mark: #3b2e00; } }
body { font: 15px/1.5 system-ui, sans-serif; color: var(--fg); background: var(--bg); margin: 0 auto; padding: 1rem 1.5rem 4rem; max-width: 80rem; }
code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 13px; }
pre { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 0.6rem 0.8rem; overflow-x: auto; white-space: pre; }
h1 { font-size: 1.6rem; margin: 0.5rem 0; }
h2 { border-bottom: 1px solid var(--line); padding-bottom: 0.3rem; margin-top: 2.5rem; }
dl.facts { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: 0.2rem 1rem; }
dl.facts dt { font-weight: 600; color: var(--muted); }
dl.facts dd { margin: 0; min-width: 0; }
dl.facts pre { margin: 0; }
.outcome-ANSWER strong, .dnssec-secure strong { color: var(--green); }
.outcome-FAILURE strong, .dnssec-bogus strong { color: var(--red); }
.outcome-NXDOMAIN strong, .outcome-NODATA strong { color: var(--yellow); }
.graph-missing { color: var(--muted); font-style: italic; }
figure.graph { margin: 0; overflow-x: auto; }
figure.graph svg text { font-family: 'DejaVu Sans Mono', 'Liberation Mono', Menlo, Consolas, monospace; }
ol.findings { list-style: none; padding: 0; }
li.finding { border-left: 4px solid var(--line); padding: 0.2rem 0 0.2rem 1rem; margin-bottom: 1.5rem; }
li.finding.error { border-left-color: var(--red); }
li.finding.warning { border-left-color: var(--yellow); }
li.finding h3 { margin: 0.3rem 0; font-size: 1.05rem; }
.severity.error { color: var(--red); }
.severity.warning { color: var(--yellow); }
.severity.info { color: var(--muted); }
.message { font-weight: 600; }
table.evidence { border-collapse: collapse; font-size: 13px; display: block; overflow-x: auto; }
table.evidence th, table.evidence td { border: 1px solid var(--line); padding: 0.2rem 0.5rem; text-align: left; white-space: nowrap; }
table.evidence tbody tr:hover, .highlighted { background: var(--mark); }
details { margin: 0.2rem 0; }
details > summary { cursor: pointer; }
details.probe { margin-left: 1rem; }
.lines .line { display: inline-block; min-width: 100%; }
.lines .line:hover { background: var(--mark); }
.bold { font-weight: 700; }
.dim { color: var(--muted); }
.differs { background: var(--fg); color: var(--bg); }
.red { color: var(--red); } .green { color: var(--green); } .yellow { color: var(--yellow); } .cyan { color: var(--cyan); }
.magenta { color: var(--magenta); } .blue { color: var(--blue); } .gray { color: var(--muted); }
.toolbar button { font: inherit; margin-right: 0.5rem; }
footer { margin-top: 3rem; color: var(--muted); font-size: 13px; }
`;
