/** The text of every `<text>` element of an SVG, its XML entities read back: what a person sees. */
export function svgTexts(svg: string): string[] {
	return [...svg.matchAll(/<text\b[^>]*>([^<]*)<\/text>/gu)].map((match) =>
		match[1]!
			.replace(/&#(\d+);/gu, (_, code: string) => String.fromCodePoint(Number(code)))
			.replace(/&#x([\da-f]+);/giu, (_, code: string) => String.fromCodePoint(Number.parseInt(code, 16)))
			.replace(/&lt;/gu, '<')
			.replace(/&gt;/gu, '>')
			.replace(/&quot;/gu, '"')
			.replace(/&apos;/gu, "'")
			.replace(/&amp;/gu, '&'),
	);
}

/** The ids of the SVG's node groups of one class (Graphviz writes `class="node server"`). */
export function svgNodes(svg: string, kind: string): string[] {
	return [...svg.matchAll(new RegExp(`<g id="([^"]+)" class="node ${kind}">`, 'gu'))].map((match) => match[1]!);
}
