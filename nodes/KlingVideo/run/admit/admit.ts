// Stage 1 of a submitting item: get its task accepted. Wait in line for a slot, upload its files, look
// for a task an earlier run already made, submit. A refusal for lack of room gives the slot back and the
// item waits again (never fails while its queue time allows); anything else ends the attempt. Nothing is
// ever submitted twice for one item: not within a run, and not when n8n runs the same execution again
// (the client task id is looked up first).

import { attempt } from '../../lib/attempt';
import { labelOf } from '../../operations';
import type { SubmitResult } from '../../providers/types';
import type { VideoRequest } from '../../request/operations';
import { cancelledCall, ProviderCallError } from '../../transport/callError';
import { failureContext, type ItemRun, type RunContext } from '../context';
import { queueTimeout } from '../errors';
import { logAccepted } from '../submit/acceptedLog';
import { findEarlierTask, submitTask } from '../submit/submit';
import { resolveMediaInputs } from '../upload/mediaInputs';
import { clientTaskIdFor, clientTaskIdOf, freshClientTaskId } from './clientTaskId';
import { forgetTask, knownTask, rememberTask } from './knownTasks';

/** Fills the item's slot, client task id, task and acceptance time; throws when it cannot be admitted. */
export async function admit(run: RunContext, item: ItemRun, request: VideoRequest): Promise<void> {
	const { clock, provider, client } = run;
	const { settings, itemIndex } = item.job;
	const queuedAt = clock.now();
	const queueDeadline = queuedAt + settings.maxQueueMinutes * 60_000;
	const given =
		settings.clientTaskId && provider.lookupByClientTaskId
			? clientTaskIdFor(run.place, itemIndex)
			: undefined;
	item.clientTaskId = given?.id;
	let lookFirst = given?.derived === true;
	// Where the item runs, for the tasks this process remembers (Retry On Fail runs the node again here).
	const place = run.place ? clientTaskIdOf({ ...run.place, itemIndex }) : undefined;
	let checkMemory = place !== undefined;
	let ready: VideoRequest | undefined;
	let lastRefusal: ProviderCallError | undefined;
	for (;;) {
		const admission = await run.slots.acquire(
			queueDeadline,
			item.cancel,
			item.timing.refusedSubmits > 0,
		);
		if (!admission.ok) {
			if (admission.reason === 'cancelled') throw cancelledCall();
			throw queueTimeout(
				failureContext(run, item),
				settings.maxQueueMinutes,
				item.timing.refusedSubmits,
				lastRefusal,
			);
		}
		item.slot = admission.slot;
		const sentAt = clock.now();
		const sent = await attempt(
			async () =>
				await run.limiters.submits(async () => {
					if (checkMemory && place) {
						checkMemory = false;
						const earlier = await rememberedTask(run, item, place);
						if (earlier !== 'over' && earlier) return { ...earlier, resumed: true };
						// Its task failed or was cancelled: submitted anew, under an id of its own.
						if (earlier === 'over') {
							lookFirst = false;
							if (given) item.clientTaskId = freshClientTaskId();
						}
					}
					// Files from binary data are checked and uploaded once, on the first admission.
					ready ??= await resolveMediaInputs(
						{ ...run, itemIndex, labelOf: (field) => labelOf(item.job.operation, field) },
						request,
					);
					if (lookFirst && item.clientTaskId) {
						lookFirst = false;
						const earlier = await findEarlierTask(
							{ client, provider, request: ready, clock, cancel: item.cancel },
							item.clientTaskId,
						);
						if (earlier && !isOver(earlier)) return { ...earlier, resumed: true };
						// Its task failed or was cancelled: a new task needs an id of its own.
						if (earlier) item.clientTaskId = freshClientTaskId();
					}
					const submitted = await submitTask({
						client,
						provider,
						request: ready,
						clientTaskId: item.clientTaskId,
						callbackUrl: settings.callbackUrl,
						clock,
						cancel: item.cancel,
						deadline: queueDeadline,
					});
					return { ...submitted, resumed: false };
				}),
		);
		if (sent.ok) {
			admission.slot.accepted();
			accepted(run, item, sent.value, sentAt - queuedAt, place);
			return;
		}
		const error = sent.error;
		if (!(error instanceof ProviderCallError) || !error.isBackPressure) throw error;
		// A 429 with Retry-After is a request-rate limit; without one, or Kling's 1303, the account is full.
		const retryAfterMs = error.details.retryAfterMs;
		admission.slot.refused({
			retryAfterMs,
			concurrency: error.details.providerError?.kind === 'busy' || retryAfterMs === undefined,
		});
		item.timing.refusedSubmits++;
		lastRefusal = error;
	}
}

function accepted(
	run: RunContext,
	item: ItemRun,
	submitted: SubmitResult & { resumed: boolean },
	queuedMs: number,
	/** The item's place, when n8n tells it: the task is remembered there (Retry On Fail). */
	place: string | undefined,
): void {
	if (place) {
		const task = { taskId: submitted.taskId, clientTaskId: item.clientTaskId, at: run.clock.now() };
		rememberTask(run.provider.id, place, task);
	}
	// Max Wait counts from the acceptance, not from the time spent in line.
	item.startedAt = run.clock.now();
	item.timing.queuedMs = queuedMs;
	item.taskId = submitted.taskId;
	item.resumed = submitted.resumed;
	item.task = submitted.task ?? { id: submitted.taskId, status: 'submitted', videos: [], raw: {} };
	item.estimatedMs =
		submitted.estimatedSeconds !== undefined ? submitted.estimatedSeconds * 1000 : undefined;
	logAccepted(run, item);
	// Not waiting: the task's end is unknown, so its slot is not kept.
	if (!item.job.settings.wait) item.slot?.release();
}

/**
 * The task this process had accepted for the same place, as the provider has it now; 'over' when it
 * failed or was cancelled (it is forgotten). A status check that fails keeps the task: waiting for it is
 * safe, a second submit could bill twice.
 */
async function rememberedTask(
	run: RunContext,
	item: ItemRun,
	place: string,
): Promise<(SubmitResult & { clientTaskId?: string }) | 'over' | undefined> {
	const earlier = knownTask(run.provider.id, place, run.clock.now());
	if (!earlier) return undefined;
	const read = await attempt(async () =>
		run.provider.parseTask(
			await run.client.call(run.provider.buildStatus(earlier.taskId), { cancel: item.cancel }),
			earlier.taskId,
		),
	);
	const found = { taskId: earlier.taskId, task: read.ok ? read.value : undefined };
	if (isOver(found)) {
		forgetTask(run.provider.id, place);
		return 'over';
	}
	item.clientTaskId = earlier.clientTaskId;
	return found;
}

function isOver(found: SubmitResult): boolean {
	return found.task?.status === 'failed' || found.task?.status === 'cancelled';
}
