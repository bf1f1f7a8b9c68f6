// When to poll next. A render tends to end near the provider's estimate, or where its progress points
// (elapsed / progress), so the waiter sleeps most of the way there at once and then, once the task is
// due, polls with gaps proportional to the time already spent: a late finish is noticed within a few
// percent of the render, and long renders still cost few requests. The user's Min Poll Interval is the
// floor of every gap, and a Retry-After from the provider always wins over a shorter delay.

export interface PollSchedule {
	/** Shortest gap between two polls of one task (the user's Min Poll Interval). */
	minIntervalMs: number;
	/** Longest gap between two polls once the task is due (its predicted finish is near or past). */
	maxIntervalMs: number;
	/** The gap once due, as a fraction of the time since the provider accepted the task. */
	dueRatio: number;
	/** The same with neither an estimate nor a progress above 0: then every poll of the render is spaced
	 *  this way, not just the few near its end, so a wider spacing saves many requests. */
	blindRatio: number;
	/** The first poll goes this fraction of the estimate before it: estimates are rough, often early. */
	estimateLead: number;
	/** When that lead is shorter than minIntervalMs, the first poll goes past the estimate by this factor
	 *  instead (there is no room for a poll before it, and one exactly at it races the task's own end). */
	estimateMargin: number;
	/** Progress is read as if the render may have sat queued at 0 % for up to this share of its time:
	 *  elapsed / progress would then overshoot, so each sleep goes only as far as that worst case allows. */
	queueShare: number;
	/** Longest single sleep toward a predicted finish (guards against an absurd estimate). */
	maxSleepMs: number;
}

export const DEFAULT_SCHEDULE: PollSchedule = {
	minIntervalMs: 5_000,
	maxIntervalMs: 30_000,
	dueRatio: 0.08,
	blindRatio: 0.1,
	estimateLead: 0.15,
	estimateMargin: 1.1,
	queueShare: 0.5,
	maxSleepMs: 300_000,
};

export interface PollState {
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
	const elapsed = Math.max(0, state.elapsedMs);
	const floor = schedule.minIntervalMs;
	const estimate =
		state.estimatedMs !== undefined && state.estimatedMs > 0 ? state.estimatedMs : undefined;
	// 0 % says nothing (queued, or too early for a whole percent).
	const progress =
		state.progress !== undefined && Number.isFinite(state.progress) && state.progress > 0
			? state.progress
			: undefined;

	// Without a prediction, or once it is reached: a gap proportional to elapsed keeps the delay a share of the render.
	const ratio =
		estimate === undefined && progress === undefined ? schedule.blindRatio : schedule.dueRatio;
	const due = clamp(ratio * elapsed, floor, Math.max(floor, schedule.maxIntervalMs));
	let delay = due;

	const untilFirstPoll = estimate === undefined ? 0 : firstPollAt(estimate, schedule) - elapsed;
	if (untilFirstPoll > 0) delay = untilFirstPoll;

	if (progress !== undefined) {
		// Whole percentages, rounded or cut: p + 1 keeps the prediction early. 100 % and not completed: due.
		const done = Math.min(100, progress + 1) / 100;
		const queued = schedule.queueShare / (1 - schedule.queueShare);
		const byProgress = Math.max(due, (elapsed * (1 - done)) / (queued + done));
		// Before the estimate's first poll, the sooner of the two: progress is fresher, the estimate steadier.
		delay = untilFirstPoll > 0 ? Math.min(delay, byProgress) : byProgress;
	}

	delay = clamp(delay, floor, Math.max(floor, schedule.maxSleepMs));
	if (state.retryAfterMs !== undefined && state.retryAfterMs > delay) delay = state.retryAfterMs;
	return Math.round(delay);
}

/** When, counted from acceptance, the first poll of a task with this estimate goes. */
function firstPollAt(estimateMs: number, schedule: PollSchedule): number {
	const lead = estimateMs * schedule.estimateLead;
	return lead >= schedule.minIntervalMs ? estimateMs - lead : estimateMs * schedule.estimateMargin;
}

function clamp(value: number, min: number, max: number): number {
	return Math.min(max, Math.max(min, value));
}
