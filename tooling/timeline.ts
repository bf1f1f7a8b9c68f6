// Reading a simulator's tasks as a timeline, for the tests and benchmarks that measure overlap.

/** The most tasks rendering at one moment (from acceptance to the end of the render). */
export function peakRendering(tasks: Array<{ createdAt: number; renderMs: number }>): number {
	const edges = tasks.flatMap((task) => [
		[task.createdAt, 1],
		[task.createdAt + task.renderMs, -1],
	]);
	edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
	let now = 0;
	let peak = 0;
	for (const [, change] of edges) peak = Math.max(peak, (now += change));
	return peak;
}
