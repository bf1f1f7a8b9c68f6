import { describe, expect, it } from 'vitest';

import { DEFAULT_SCHEDULE, nextPollDelay, parseRetryAfter } from '../../nodes/KlingVideo/engine/schedule';

describe('poll schedule', () => {
	it('waits for the provider estimate (plus 10%) before the first poll', () => {
		expect(nextPollDelay({ pollsDone: 0, estimatedMs: 45_000, elapsedMs: 2_000 })).toBe(47_500);
	});

	it('never waits less than the minimum interval, nor longer than the first-wait cap', () => {
		expect(nextPollDelay({ pollsDone: 0, estimatedMs: 1_000, elapsedMs: 0 })).toBe(DEFAULT_SCHEDULE.minIntervalMs);
		expect(nextPollDelay({ pollsDone: 0, estimatedMs: 900_000, elapsedMs: 0 })).toBe(DEFAULT_SCHEDULE.maxFirstWaitMs);
	});

	it('starts at the minimum interval without an estimate', () => {
		expect(nextPollDelay({ pollsDone: 0, elapsedMs: 0 })).toBe(5_000);
	});

	it('backs off geometrically while the task runs long, up to the maximum interval', () => {
		const delays = [1, 2, 3, 4, 5, 6, 7].map((pollsDone) => nextPollDelay({ pollsDone, elapsedMs: 0 }));
		expect(delays).toEqual([5_000, 7_500, 11_250, 16_875, 25_313, 30_000, 30_000]);
	});

	it('lets a longer Retry-After win, but not a shorter one', () => {
		expect(nextPollDelay({ pollsDone: 1, elapsedMs: 0, retryAfterMs: 20_000 })).toBe(20_000);
		expect(nextPollDelay({ pollsDone: 1, elapsedMs: 0, retryAfterMs: 1_000 })).toBe(5_000);
	});

	it('reads Retry-After as seconds or as an HTTP date', () => {
		const now = Date.parse('2026-11-22T10:00:00Z');
		expect(parseRetryAfter('7', now)).toBe(7_000);
		expect(parseRetryAfter(['3'], now)).toBe(3_000);
		expect(parseRetryAfter('Sun, 22 Nov 2026 10:00:30 GMT', now)).toBe(30_000);
		expect(parseRetryAfter(undefined, now)).toBeUndefined();
		expect(parseRetryAfter('soon', now)).toBeUndefined();
	});
});
