import type {BrowserContext, Page} from 'playwright-core';

/**
 * A context that lets the browser read only the given pages and records every request it makes, and a page of it
 * that records every console error and uncaught exception (a style or script the Content-Security-Policy blocked is
 * one): what the HTML tests assert is empty but for the pages themselves.
 */
export async function guarded(context: BrowserContext, allowed: Set<string>): Promise<{requests: string[]; page: () => Promise<{page: Page; errors: string[]}>}> {
	const requests: string[] = [];
	await context.route('**/*', (route) => {
		requests.push(route.request().url());
		return allowed.has(route.request().url()) ? route.continue() : route.abort();
	});
	return {
		requests,
		page: async () => {
			const page = await context.newPage();
			const errors: string[] = [];
			page.on('console', (message) => {
				if (message.type() === 'error') errors.push(message.text());
			});
			page.on('pageerror', (error) => errors.push(error.message));
			return {page, errors};
		},
	};
}
