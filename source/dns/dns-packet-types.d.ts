declare module 'dns-packet/types.js' {
	export function toString(type: number): string;
	export function toType(name: string): number;
}
