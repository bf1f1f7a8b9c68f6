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

export function isTerminal(task: NormalizedTask): boolean {
	return TERMINAL.has(task.status);
}

export async function waitForTask(options: WaitOptions): Promise<WaitResult> {
	const { clock, cancel, schedule } = options;
	const deadline = options.startedAt + options.maxWaitMs;
	let task = options.initial;
	let lastError: Error | undefined;
	let retryAfterMs: number | undefined;

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
		await clock.sleep(Math.min(delay, remaining), cancel);
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
