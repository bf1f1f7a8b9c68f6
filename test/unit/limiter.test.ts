import { expect, it } from 'vitest';

import { createLimiter } from '../../nodes/KlingVideo/lib/limiter';

it('runs at most N at once, in order, and frees slots on failure', async () => {
	const limit = createLimiter(3);
	let running = 0;
	let peak = 0;
	const started: number[] = [];
	const releases: Array<() => void> = [];
	const tasks = Array.from({ length: 10 }, (_, index) =>
		limit(async () => {
			started.push(index);
			running++;
			peak = Math.max(peak, running);
			await new Promise<void>((resolve) => releases.push(resolve));
			running--;
			if (index === 4) throw new Error('boom');
			return index;
		}).then(
			() => 'ok',
			() => 'failed',
		),
	);
	while (started.length < 10 || releases.length > 0) {
		await new Promise((resolve) => setImmediate(resolve));
		releases.shift()?.();
	}
	const results = await Promise.all(tasks);
	expect(peak).toBe(3);
	expect(started).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
	expect(results.filter((result) => result === 'failed')).toHaveLength(1);
});
