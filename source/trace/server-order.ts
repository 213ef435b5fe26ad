/** Names and addresses compared with their numbers as numbers (127.77.50.1 before 127.77.150.1); the same every time. */
export function byText(a: string, b: string): number {
	return a.localeCompare(b, 'en', {numeric: true});
}

/** The one order servers are shown in everywhere, whatever order they answered in: by name, then by address. */
export function byNameThenAddress(a: {name: string; address: string}, b: {name: string; address: string}): number {
	return byText(a.name, b.name) || byText(a.address, b.address);
}
