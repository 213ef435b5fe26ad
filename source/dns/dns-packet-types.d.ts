declare module 'dns-packet/types.js' {
	export function toString(type: number): string;
	export function toType(name: string): number;
}

declare module 'dns-packet/opcodes.js' {
	export function toString(opcode: number): string;
}

declare module 'dns-packet/classes.js' {
	export function toString(klass: number): string;
}
