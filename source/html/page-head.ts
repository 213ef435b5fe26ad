import {presentText} from '../dns/sanitize.js';
import {contentSecurityPolicy} from './content-security.js';
import {html, rawMarkup, type Html} from './html-text.js';
import {PAGE_STYLE} from './page-style.js';

/**
 * A page's start, up to its body: the policy that lets only the page's own inline style (and script, when it has one)
 * run, by their hashes, no referrer, the program that made it, its title, and the style sheet itself.
 */
export function pageHead(title: Html, options: {toolVersion: string; script?: string}): Html {
	const policy = contentSecurityPolicy({style: PAGE_STYLE, ...(options.script === undefined ? {} : {script: options.script})});
	return html`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${presentText(policy)}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="digdeeper ${presentText(options.toolVersion)}">
<title>${title}</title>
<style>${rawMarkup(PAGE_STYLE)}</style>
</head>`;
}
