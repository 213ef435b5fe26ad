/** Waits for the frame to satisfy a condition rather than sleeping a fixed time. */
export async function frameWhere(lastFrame: () => string | undefined, condition: (frame: string) => boolean): Promise<string> {
	for (let attempt = 0; attempt < 200; attempt++) {
		const frame = lastFrame() ?? '';
		if (condition(frame)) return frame;
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
	throw new Error(`the frame never matched:\n${lastFrame()}`);
}
