// Stage 2 of an item: its task's status, polled until it ends, fails, or Max Wait (counted from the
// provider's acceptance) runs out. A task that is over frees its slot for the next item in line.

import { CancelHub, type CancelToken } from '../../lib/cancel';
import type { NormalizedTask } from '../../providers/types';
import { cancelledCall } from '../../transport/callError';
import { deadlineOf, failureContext, type ItemRun, type RunContext } from '../context';
import { taskFailure, timeoutFailure } from '../errors';
import type { ItemSettings } from '../plan/settings';
import { DEFAULT_SCHEDULE, type PollSchedule } from './schedule';
import { isTerminal, waitForTask } from './wait';

/** What reads a task's status: the provider's client, and the shared read where there is one. */
export type StatusReader = Pick<RunContext, 'client' | 'provider' | 'statusBatch'>;

/** One status check of a task: its own request, or its part of a shared one. */
export async function readStatus(
	reader: StatusReader,
	taskId: string,
	limits: { deadline: number; cancel: CancelToken },
): Promise<NormalizedTask> {
	if (reader.statusBatch && reader.provider.batchable?.(taskId))
		return await reader.statusBatch.read(taskId, limits);
	return reader.provider.parseTask(
		await reader.client.call(reader.provider.buildStatus(taskId), limits),
		taskId,
	);
}

async function pollOnce(run: RunContext, item: ItemRun): Promise<NormalizedTask> {
	item.timing.statusChecks++;
	return await readStatus(run, item.taskId ?? '', {
		deadline: deadlineOf(item),
		cancel: item.cancel,
	});
}

/** Get Task: the task as the provider has it now. */
export async function readTask(run: RunContext, item: ItemRun): Promise<void> {
	item.phase = 'poll';
	try {
		item.task = await pollOnce(run, item);
	} finally {
		// A shared status read would keep asking about it; the wait (if any) asks again on its own.
		run.statusBatch?.forget(item.taskId ?? '');
	}
}

export function scheduleFor(settings: ItemSettings): PollSchedule {
	const minIntervalMs = settings.pollIntervalSeconds * 1000;
	return {
		...DEFAULT_SCHEDULE,
		minIntervalMs,
		maxIntervalMs: Math.max(minIntervalMs, DEFAULT_SCHEDULE.maxIntervalMs),
	};
}

/**
 * Waits (when asked to) until the task is over; a failed task or Max Wait ends the item here. `until`
 * ends the wait early with the task still running (park mode: once every item is accepted).
 */
export async function awaitResult(
	run: RunContext,
	item: ItemRun,
	until?: CancelToken,
): Promise<void> {
	const { settings } = item.job;
	let task = item.task as NormalizedTask;
	if (settings.wait && !isTerminal(task)) {
		item.phase = 'poll';
		const cancel = new CancelHub(item.cancel);
		const stopWatching = until?.onCancel(() => cancel.cancel());
		const result = await waitForTask({
			poll: async () => await pollOnce(run, item),
			clock: run.clock,
			schedule: scheduleFor(settings),
			startedAt: item.startedAt,
			maxWaitMs: settings.maxWaitMinutes * 60_000,
			estimatedMs: item.estimatedMs,
			cancel,
			initial: task,
		}).finally(() => {
			stopWatching?.();
			cancel.release();
			run.statusBatch?.forget(item.taskId ?? '');
		});
		if (result.outcome === 'cancelled') {
			if (!until || item.cancel.aborted) throw cancelledCall();
			item.task = result.task ?? task;
			return;
		}
		if (result.outcome === 'timeout') {
			if (settings.onTimeout !== 'output')
				throw timeoutFailure(
					failureContext(run, item),
					settings.maxWaitMinutes,
					result.task,
					result.lastError,
				);
			item.task = result.task ?? task;
			item.timedOut = true;
			return;
		}
		task = item.task = result.task;
	}
	if (item.job.request && settings.wait) item.timing.runningMs = run.clock.now() - item.startedAt;
	if (task.status === 'failed' || task.status === 'cancelled')
		throw taskFailure(failureContext(run, item), task);
	// The task is over at the provider: its place goes to the next item while this one downloads.
	item.slot?.release();
}
