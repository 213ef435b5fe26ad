import {createHash} from 'node:crypto';

/** A CSP source for exactly this inline text: `'sha256-…'` of its UTF-8 bytes, as browsers hash an inline element. */
export function inlineHash(text: string): string {
	return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/**
 * The page's Content-Security-Policy: nothing may be fetched, framed, posted or based elsewhere (default-src
 * 'none' covers fetches; base-uri and form-action are not fetches, so they are named too); only the one inline
 * style sheet and the one inline script, each by the hash of its text, run (a page without a script runs none).
 * Neither inline style attributes nor event-handler attributes are allowed, so markup that slipped through escaping
 * would still do nothing.
 */
export function contentSecurityPolicy(inline: {style: string; script?: string}): string {
	return [`default-src 'none'`, `style-src ${inlineHash(inline.style)}`, ...(inline.script === undefined ? [] : [`script-src ${inlineHash(inline.script)}`]), `base-uri 'none'`, `form-action 'none'`].join('; ');
}
