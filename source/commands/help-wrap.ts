import wrapAnsi from 'wrap-ansi';

/** The widest a help line is: a terminal's 80 columns, as every line of the whole help is. */
const HELP_WIDTH = 80;

/** `text` after `lead`, as lines of at most HELP_WIDTH columns broken between words, each continuation under the first. */
export function wrapped(text: string, lead: string): string[] {
	const pad = ' '.repeat(lead.length);
	return wrapAnsi(text, HELP_WIDTH - lead.length, {trim: true})
		.split('\n')
		.map((line, index) => `${index === 0 ? lead : pad}${line}`);
}
