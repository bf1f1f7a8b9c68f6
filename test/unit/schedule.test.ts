import { describe, expect, it } from 'vitest';

import {
	DEFAULT_SCHEDULE,
	nextPollDelay,
	type PollState,
} from '../../nodes/KlingVideo/run/wait/schedule';
import { parseRetryAfter } from '../../nodes/KlingVideo/transport/retryAfter';

const delay = (state: Partial<PollState>, schedule = DEFAULT_SCHEDULE) =>
	nextPollDelay({ elapsedMs: 0, ...state }, schedule);

describe('poll schedule', () => {
	describe('with an estimate', () => {
		it('polls first 15% before the estimate (estimates are rough, often early)', () => {
			expect(delay({ estimatedMs: 60_000, elapsedMs: 2_000 })).toBe(49_000);
			expect(delay({ estimatedMs: 45_000 })).toBe(38_250);
		});

		it('polls first 10% past a short estimate, when 15% of it is less than the minimum interval', () => {
			// 15% of 20 s is 3 s < 5 s: no room for a poll before the estimate, so none that races it.
			expect(delay({ estimatedMs: 20_000, elapsedMs: 1_000 })).toBe(21_000);
			expect(delay({ estimatedMs: 5_000 })).toBe(5_500);
			expect(delay({ estimatedMs: 1_200 }, { ...DEFAULT_SCHEDULE, minIntervalMs: 1_000 })).toBe(
				1_320,
			);
		});

		it('never waits less than the minimum interval, nor longer than the longest sleep', () => {
			expect(delay({ estimatedMs: 1_000 })).toBe(5_000);
			expect(delay({ estimatedMs: 900_000 })).toBe(DEFAULT_SCHEDULE.maxSleepMs);
		});

		it('once past the first poll, polls every 8% of the elapsed time, within the min and max interval', () => {
			expect(delay({ estimatedMs: 45_000, elapsedMs: 40_000 })).toBe(5_000);
			expect(delay({ estimatedMs: 60_000, elapsedMs: 100_000 })).toBe(8_000);
			expect(delay({ estimatedMs: 300_000, elapsedMs: 600_000 })).toBe(30_000);
		});
	});

	describe('with neither an estimate nor progress', () => {
		it('starts at the minimum interval, then polls every 10% of the elapsed time up to the maximum interval', () => {
			const delays = [0, 30_000, 100_000, 200_000, 400_000].map((elapsedMs) =>
				delay({ elapsedMs }),
			);
			expect(delays).toEqual([5_000, 5_000, 10_000, 20_000, 30_000]);
		});

		it('takes 0 %, a negative or an unreadable progress for no progress', () => {
			for (const progress of [0, -5, Number.NaN])
				expect(delay({ elapsedMs: 100_000, progress })).toBe(10_000);
		});
	});

	describe('with progress', () => {
		it('sleeps as far as the finish would be if half the render had sat queued at 0 %', () => {
			// 49 % after 60 s: 50 % (whole percents are cut), worst case finish 60 s + 60 x 0.5 / (1 + 0.5).
			expect(delay({ elapsedMs: 60_000, progress: 49 })).toBe(20_000);
			expect(delay({ elapsedMs: 60_000, progress: 29 })).toBe(32_308);
		});

		it('never sleeps past the real finish while no more than half the render was queued', () => {
			const renderMs = 100_000;
			for (const queued of [0, 0.1, 0.2, 0.3, 0.4, 0.5]) {
				for (let elapsedMs = 1_000; elapsedMs < renderMs; elapsedMs += 1_000) {
					const progress = Math.floor(
						(100 * Math.max(0, elapsedMs - queued * renderMs)) / ((1 - queued) * renderMs),
					);
					const due = Math.max(DEFAULT_SCHEDULE.minIntervalMs, 0.1 * elapsedMs);
					expect(elapsedMs + delay({ elapsedMs, progress })).toBeLessThanOrEqual(
						Math.max(renderMs, elapsedMs + due),
					);
				}
			}
		});

		it('polls every 8% of the elapsed time when progress says the finish is near, at 100 %, or above', () => {
			expect(delay({ elapsedMs: 100_000, progress: 89 })).toBe(8_000);
			for (const progress of [99, 100, 150])
				expect(delay({ elapsedMs: 100_000, progress })).toBe(8_000);
		});

		it('polls at the minimum interval when progress is already high right after the start', () => {
			expect(delay({ elapsedMs: 0, progress: 50 })).toBe(5_000);
		});

		it('takes the sooner of progress and estimate before the estimate says to poll, progress alone after', () => {
			expect(delay({ estimatedMs: 120_000, elapsedMs: 10_000, progress: 20 })).toBe(6_529);
			expect(delay({ estimatedMs: 60_000, elapsedMs: 40_000, progress: 10 })).toBe(11_000);
			expect(delay({ estimatedMs: 60_000, elapsedMs: 51_000, progress: 79 })).toBe(5_667);
		});
	});

	describe('floors and Retry-After', () => {
		it("never polls sooner than the user's minimum interval, whatever the rule says", () => {
			const slow = { ...DEFAULT_SCHEDULE, minIntervalMs: 60_000, maxIntervalMs: 60_000 };
			expect(delay({ elapsedMs: 60_000, progress: 49 }, slow)).toBe(60_000);
			expect(delay({ estimatedMs: 45_000 }, slow)).toBe(60_000);
			expect(delay({ elapsedMs: 0 }, { ...DEFAULT_SCHEDULE, minIntervalMs: 400_000 })).toBe(
				400_000,
			);
		});

		it('lets a longer Retry-After win, but not a shorter one', () => {
			expect(delay({ retryAfterMs: 20_000 })).toBe(20_000);
			expect(delay({ retryAfterMs: 1_000 })).toBe(5_000);
			expect(delay({ estimatedMs: 900_000, retryAfterMs: 400_000 })).toBe(400_000);
			expect(delay({ elapsedMs: 60_000, progress: 49, retryAfterMs: 10_000 })).toBe(20_000);
		});
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
