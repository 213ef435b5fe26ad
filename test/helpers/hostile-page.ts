import {withAnalysis, type AnalysedTrace} from '../../source/analysis/analyze.js';
import {buildWorld, type LabWorld, type WorldSpec} from '../../source/lab/world.js';
import {labTrace} from './lab.js';
import {saved} from './snapshots.js';

/**
 * A page's worst day: a zone whose TXT record is HTML and script (and a closing </script> that would end the
 * embedded snapshot early, and a link out), beside terminal escapes and bidi overrides; one of its two servers
 * is dead, so the page has findings to list. One string names the element that carries the page's snapshot, as a
 * zone's operator may, to make the page unreadable by `open`.
 */
export const HOSTILE_TXT = ['<script>window.pwned=1</script>', '</script><img src=x onerror="window.pwned=2">', 'see https://evil.example/x', 'bidi \u202eevil\u202c and \u001b[2J', '<p id="digdeeper-snapshot">id=digdeeper-snapshot</p>'];

const PAGE_WORLD: WorldSpec = {
	roots: ['a.root.page-lab.'],
	stories: [{name: 'www.page.evil', type: 'TXT', title: 'HTML in DNS data', incident: 'A TXT record that is markup and script.', lookFor: 'Shown as text.'}],
	servers: [
		{name: 'a.root.page-lab.', ipv4: '127.77.200.1', zones: [{zone: '.'}]},
		{name: 'ns1.page.evil.', ipv4: '127.77.200.2', zones: [{zone: 'page.evil.'}]},
		{name: 'ns2.page.evil.', ipv4: '127.77.200.3', down: true, zones: [{zone: 'page.evil.'}]},
	],
	zones: [
		{origin: '.', signing: {algorithm: 13}, text: '$TTL 86400\n@ SOA a.root.page-lab. h.page-lab. 1 1800 900 604800 86400\n@ NS a.root.page-lab.\na.root.page-lab. A 127.77.200.1\npage.evil. NS ns1.page.evil.\npage.evil. NS ns2.page.evil.\nns1.page.evil. A 127.77.200.2\nns2.page.evil. A 127.77.200.3'},
		{
			origin: 'page.evil.',
			text: `$TTL 3600\n@ SOA ns1.page.evil. hostmaster.page.evil. 1 7200 3600 1209600 3600\n@ NS ns1.page.evil.\n@ NS ns2.page.evil.\nns1 A 127.77.200.2\nns2 A 127.77.200.3\nwww TXT ${HOSTILE_TXT.map((text) => `"${text.replaceAll('"', '\\"').replaceAll('\u001b', '\\027')}"`).join(' ')}`,
		},
	],
};

let world: LabWorld | undefined;

/** www.page.evil TXT traced through that world, analysed, and saved as a snapshot file's text. */
export async function hostilePageTrace(): Promise<{analysed: AnalysedTrace; snapshot: string}> {
	world ??= buildWorld(PAGE_WORLD);
	const trace = await labTrace('www.page.evil.', 'TXT', {world, families: [4], timeoutMs: 40});
	const anchored = {...trace, options: {...trace.options, trustAnchor: 'lab', trustAnchorRecords: world.trustAnchor}};
	return {analysed: withAnalysis(anchored, {anchors: {source: 'lab', records: world.trustAnchor}}), snapshot: saved(trace, world)};
}
