// Waits for one submitted task: polls on the schedule, rides out transient errors, stops at the
// deadline or when the execution is cancelled. Time and polling are injected, so the rules are unit
// tested with a fake clock and no real sleeping.

import { attempt } from '../../lib/attempt';
import { ProviderCallError } from '../../transport/callError';
import type { CancelToken } from '../../lib/cancel';
import type { Clock } from '../../lib/clock';
import { nextPollDelay, type PollSchedule } from './schedule';
import type { NormalizedTask } from '../../providers/types';

export interface WaitOptions {
	poll: () => Promise<NormalizedTask>;
	clock: Clock;
	schedule: PollSchedule;
	/** When the task was submitted; Max Wait counts from here. */
	startedAt: number;
	maxWaitMs: number;
	estimatedMs?: number;
	cancel?: CancelToken;
	/** The task as the submit answer described it, if it did. */
	initial?: NormalizedTask;
}

export type WaitResult =
	| { outcome: 'finished'; task: NormalizedTask }
	| { outcome: 'timeout'; task?: NormalizedTask; lastError?: Error }
	| { outcome: 'cancelled'; task?: NormalizedTask };

const TERMINAL = new Set(['completed', 'failed', 'cancelled']);

/** The last check before Max Wait comes this long before it (at most), with time left to answer. */
export const FINAL_CHECK_MS = 10_000;

/**
 * The sleep before the next check. When the schedule's next check would fall after the deadline, one
 * final check comes shortly before it instead (a task that finished in the meantime is not lost), as long
 * as the Min Poll Interval still holds; after that check, the wait runs out.
 */
function sleepBefore(delay: number, remaining: number, schedule: PollSchedule, finalDone: boolean) {
	if (delay < remaining || finalDone) return Math.min(delay, remaining);
	const margin = Math.min(
		Math.max(schedule.minIntervalMs, FINAL_CHECK_MS),
		remaining - schedule.minIntervalMs,
	);
	return margin >= 1000 ? remaining - margin : remaining;
}

export function isTerminal(task: NormalizedTask): boolean {
	return TERMINAL.has(task.status);
}

export async function waitForTask(options: WaitOptions): Promise<WaitResult> {
	const { clock, cancel, schedule } = options;
	const deadline = options.startedAt + options.maxWaitMs;
	let task = options.initial;
	let lastError: Error | undefined;
	let retryAfterMs: number | undefined;
	let finalDone = false;

	if (task && isTerminal(task)) return { outcome: 'finished', task };

	for (;;) {
		if (cancel?.aborted) return { outcome: 'cancelled', task };
		const now = clock.now();
		const remaining = deadline - now;
		if (remaining <= 0) return { outcome: 'timeout', task, lastError };

		const delay = nextPollDelay(
			{
				estimatedMs: options.estimatedMs,
				elapsedMs: now - options.startedAt,
				retryAfterMs,
				progress: task?.progress,
			},
			schedule,
		);
		const sleep = sleepBefore(delay, remaining, schedule, finalDone);
		if (sleep < Math.min(delay, remaining)) finalDone = true;
		await clock.sleep(sleep, cancel);
		if (cancel?.aborted) return { outcome: 'cancelled', task };
		// A check with no time left cannot answer; the last real failure stays the reason given.
		if (clock.now() >= deadline) return { outcome: 'timeout', task, lastError };

		const answer = await attempt(options.poll);
		if (!answer.ok) {
			const error = answer.error;
			if (!(error instanceof ProviderCallError) || !error.pollRetryable) {
				if (error instanceof ProviderCallError && error.isCancelled)
					return { outcome: 'cancelled', task };
				throw error;
			}
			// A check that Max Wait itself cut short says less than the failure before it.
			if (!(lastError && clock.now() >= deadline)) lastError = error;
			retryAfterMs = error.details.retryAfterMs;
			continue;
		}
		task = answer.value;
		lastError = undefined;
		retryAfterMs = undefined;
		if (isTerminal(task)) return { outcome: 'finished', task };
	}
}
