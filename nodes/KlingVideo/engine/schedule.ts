// When to poll next. The first poll waits for the provider's own estimate plus a margin (a task is
// rarely done sooner, and a poll exactly at the estimate races the task's own completion), later polls
// back off geometrically so that long renders cost few requests, and a Retry-After from the provider
// always wins over a shorter delay.

export interface PollSchedule {
	/** Shortest gap between two polls of one task. */
	minIntervalMs: number;
	/** Longest gap between two polls of one task. */
	maxIntervalMs: number;
	/** Growth factor of the gap after each poll that found the task unfinished. */
	backoff: number;
	/** Upper bound of the first wait when the provider gives an estimate. */
	maxFirstWaitMs: number;
	/** The first poll waits for the estimate times this. */
	estimateMargin: number;
}

export const DEFAULT_SCHEDULE: PollSchedule = {
	minIntervalMs: 5_000,
	maxIntervalMs: 30_000,
	backoff: 1.5,
	maxFirstWaitMs: 120_000,
	estimateMargin: 1.1,
};

export interface PollState {
	/** Polls already made for this task (0 before the first). */
	pollsDone: number;
	/** The provider's estimate of the whole task, in ms, when it gave one. */
	estimatedMs?: number;
	/** Time already waited since the task was submitted. */
	elapsedMs: number;
	/** Retry-After of the last answer, in ms. */
	retryAfterMs?: number;
	/** The progress (0-100) the last status answer reported, when the provider reports one. */
	progress?: number;
}

export function nextPollDelay(state: PollState, schedule: PollSchedule = DEFAULT_SCHEDULE): number {
	let delay: number;
	if (state.pollsDone === 0 && state.estimatedMs !== undefined && state.estimatedMs > 0) {
		const untilEstimate = state.estimatedMs * schedule.estimateMargin - state.elapsedMs;
		delay = clamp(untilEstimate, schedule.minIntervalMs, schedule.maxFirstWaitMs);
	} else {
		const grown = schedule.minIntervalMs * Math.pow(schedule.backoff, Math.max(0, state.pollsDone - 1));
		delay = Math.min(schedule.maxIntervalMs, grown);
	}
	if (state.retryAfterMs !== undefined && state.retryAfterMs > delay) delay = state.retryAfterMs;
	return Math.round(delay);
}

function clamp(value: number, min: number, max: number): number {
	return Math.min(max, Math.max(min, value));
}

/** Retry-After as seconds or an HTTP date, in ms; undefined when absent or unreadable. */
export function parseRetryAfter(header: unknown, nowMs: number): number | undefined {
	const value = Array.isArray(header) ? header[0] : header;
	if (typeof value === 'number' && Number.isFinite(value)) return Math.max(0, value * 1000);
	if (typeof value !== 'string' || value.trim() === '') return undefined;
	const seconds = Number(value);
	if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
	const date = Date.parse(value);
	return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}
