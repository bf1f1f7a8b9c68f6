// Gets one item's task accepted by the provider: wait in line for a slot, upload its files, submit. A
// refusal for lack of room gives the slot back and the item waits again (never fails while its queue
// time allows); anything else ends the attempt. Nothing is ever submitted twice for one item: not within
// a run, and not when n8n runs the same execution again (the client task id is looked up first).

import { randomUUID } from 'crypto';
import { NodeOperationError } from 'n8n-workflow';

import { attempt } from '../../lib/attempt';
import { ProviderCallError } from '../../transport/callError';
import type { Slot } from './slots';
import { findEarlierTask, submitTask } from '../submit/submit';
import type { SubmitResult, VideoRequest } from '../../providers/types';
import { resolveMediaInputs } from '../upload/mediaInputs';
import type { Job, RunEnv } from '../item';

export interface Admitted {
	submitted: SubmitResult;
	slot: Slot;
	/** When the provider accepted the task (Max Wait counts from here). */
	acceptedAt: number;
	/** Time spent waiting for a slot, up to the start of the accepted submit. */
	queuedMs: number;
	/** Submits the provider refused for lack of room before it accepted one. */
	refusedSubmits: number;
	/** The client task id the task was created with, if one was sent. */
	clientTaskId?: string;
	/** Found under its client task id: an earlier run of this execution created it; nothing was sent. */
	resumed?: boolean;
}

/** The client task id to send: `derived` ones are the same when n8n runs the execution again. */
export interface ClientTaskId {
	id: string;
	derived: boolean;
}

export async function submitWhenAdmitted(env: RunEnv, job: Job & { request: VideoRequest }, given?: ClientTaskId): Promise<Admitted> {
	const { clock, provider, client } = env;
	const settings = job.settings;
	const queuedAt = clock.now();
	const queueDeadline = queuedAt + settings.maxQueueMinutes * 60_000;
	let request: VideoRequest | undefined;
	let refusedSubmits = 0;
	let lastRefusal: ProviderCallError | undefined;
	let clientTaskId = given?.id;
	let lookFirst = given?.derived === true;
	for (;;) {
		const admission = await env.slots.acquire(queueDeadline, env.cancel, refusedSubmits > 0);
		if (!admission.ok) {
			if (admission.reason === 'cancelled') throw new ProviderCallError('The execution was cancelled', { delivery: 'cancelled' });
			throw queueTimeout(env, job, refusedSubmits, lastRefusal);
		}
		const { slot } = admission;
		const sentAt = clock.now();
		const sent = await attempt(
			async () =>
				await env.submitLimiter(async () => {
					// Files from binary data are checked and uploaded once, on the first admission.
					const media = { ctx: env.ctx, provider, client, itemIndex: job.itemIndex, labelOf: env.labelOf };
					const ready = (request ??= await resolveMediaInputs(media, job.request));
					if (lookFirst && clientTaskId) {
						lookFirst = false;
						const earlier = await findEarlierTask({ client, provider, request: ready, clock, cancel: env.cancel }, clientTaskId);
						if (earlier && !isOver(earlier)) return { ...earlier, resumed: true };
						// Its task failed or was cancelled: a new task needs an id of its own.
						if (earlier) clientTaskId = `n8n-${randomUUID()}`;
					}
					return await submitTask({
						client,
						provider,
						request: ready,
						clientTaskId,
						callbackUrl: settings.callbackUrl,
						clock,
						cancel: env.cancel,
						deadline: queueDeadline,
					});
				}),
		);
		if (sent.ok) {
			slot.accepted();
			const { resumed, ...submitted } = sent.value as SubmitResult & { resumed?: boolean };
			return { submitted, slot, acceptedAt: clock.now(), queuedMs: sentAt - queuedAt, refusedSubmits, clientTaskId, resumed };
		}
		const error = sent.error;
		if (!(error instanceof ProviderCallError) || !error.isBackPressure) {
			slot.release();
			throw error;
		}
		// A 429 with Retry-After is a request-rate limit; without one, or Kling's 1303, the account is full.
		const retryAfterMs = error.details.retryAfterMs;
		slot.refused({ retryAfterMs, concurrency: error.details.providerError?.kind === 'busy' || retryAfterMs === undefined });
		refusedSubmits++;
		lastRefusal = error;
	}
}

function isOver(found: SubmitResult): boolean {
	return found.task?.status === 'failed' || found.task?.status === 'cancelled';
}

function queueTimeout(env: RunEnv, job: Job, refusedSubmits: number, lastRefusal: ProviderCallError | undefined): NodeOperationError {
	const name = env.provider.displayName;
	const minutes = job.settings.maxQueueMinutes;
	const why = lastRefusal ? `; ${name} refused ${refusedSubmits} submit(s), last with: ${lastRefusal.message}` : '';
	return new NodeOperationError(
		env.ctx.getNode(),
		`No free slot at ${name} within ${minutes} minutes${why} [item ${job.itemIndex}]`,
		{
			itemIndex: job.itemIndex,
			description: `Nothing was created or billed for this item. The ${name} account runs only so many tasks at once; raise Options > Max Queue Time, or run fewer items per execution.`,
		},
	);
}
