import {rawMarkup, type Html} from './html-text.js';

/**
 * An SVG document (as Graphviz writes one: an XML prolog, a DOCTYPE naming the W3C's DTD, comments, then `<svg …>`)
 * as an element inside the page. The prolog and DOCTYPE mean nothing in HTML, and the root's namespace declarations
 * are implied there (the HTML parser puts <svg> and xlink:href in their namespaces itself): all dropped, so the page
 * names no address outside its text. The SVG is the graph layer's own markup, escaped where it made it.
 */
export function inlineSvg(svg: string): Html {
	const start = svg.search(/<svg[\s>]/u);
	// The graph layer always writes one: anything else is a bug, said rather than drawn as an empty graph.
	if (start === -1) throw new Error('the delegation graph given to the page is no SVG document');
	const element = svg.slice(start);
	const rootEnd = element.indexOf('>');
	const root = element.slice(0, rootEnd).replace(/\s+xmlns(?::[a-z]+)?="[^"]*"/gu, '');
	return rawMarkup(`${root}${element.slice(rootEnd)}`);
}
