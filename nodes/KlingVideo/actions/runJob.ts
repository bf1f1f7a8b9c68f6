// One item from start to finish: submit (under the shared cap), wait, then turn the finished task into
// the output item, with the video as binary data when asked. Never throws: the outcome says what
// happened, and the router decides between an error item and a failed node.

import { randomUUID } from 'crypto';
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { attempt } from '../engine/attempt';
import type { CancelToken } from '../engine/cancel';
import { downloadVideo, videoFileName } from '../engine/download';
import { taskFailure, timeoutFailure, toNodeFailure, type FailureContext, type NodeFailure } from '../engine/failures';
import type { Limiter } from '../engine/limiter';
import { taskJson } from '../engine/output';
import { DEFAULT_SCHEDULE, type PollSchedule } from '../engine/schedule';
import { submitTask } from '../engine/submit';
import { resolveMediaInputs } from './mediaInputs';
import type { ProviderClient } from '../engine/transport';
import type { NormalizedTask, OperationId, ProviderAdapter, VideoRequest } from '../engine/types';
import { isTerminal, waitForTask, type WaitClock } from '../engine/waiter';

export interface ItemSettings {
	wait: boolean;
	/** Send a client task id where the provider accepts one. */
	clientTaskId: boolean;
	/** Where the provider should report the finished task. */
	callbackUrl?: string;
	maxWaitMinutes: number;
	pollIntervalSeconds: number;
	download: boolean;
	binaryPropertyName: string;
}

export interface Job {
	itemIndex: number;
	operation: OperationId;
	settings: ItemSettings;
	/** What to submit; absent for Get Task. */
	request?: VideoRequest;
	/** The task to read; Get Task only. */
	taskId?: string;
}

export interface RunEnv {
	ctx: IExecuteFunctions;
	/** The parameter's display name for a request field (for messages). */
	labelOf: (field: string) => string;
	provider: ProviderAdapter;
	client: ProviderClient;
	clock: WaitClock;
	cancel: CancelToken;
	signal?: AbortSignal;
	submitLimiter: Limiter;
	downloadTimeoutMs: number;
}

export type JobOutcome =
	| { itemIndex: number; ok: true; item: INodeExecutionData; taskId?: string }
	| { itemIndex: number; ok: false; error: NodeFailure; taskId?: string };

export function scheduleFor(settings: ItemSettings): PollSchedule {
	const minIntervalMs = settings.pollIntervalSeconds * 1000;
	return { ...DEFAULT_SCHEDULE, minIntervalMs, maxIntervalMs: Math.max(minIntervalMs, DEFAULT_SCHEDULE.maxIntervalMs) };
}

export async function runJob(env: RunEnv, job: Job): Promise<JobOutcome> {
	const context: FailureContext = {
		node: env.ctx.getNode(),
		provider: env.provider,
		itemIndex: job.itemIndex,
		taskId: job.taskId,
		phase: 'submit',
	};
	try {
		const item = await execute(env, job, context);
		return { itemIndex: job.itemIndex, ok: true, item, taskId: context.taskId };
	} catch (error) {
		return { itemIndex: job.itemIndex, ok: false, error: toNodeFailure(error, context), taskId: context.taskId };
	}
}

async function execute(env: RunEnv, job: Job, context: FailureContext): Promise<INodeExecutionData> {
	const { provider, client, clock } = env;
	const settings = job.settings;
	const startedAt = clock.now();
	const maxWaitMs = settings.maxWaitMinutes * 60_000;
	const poll = async () => provider.parseTask(await client.call(provider.buildStatus(context.taskId ?? '')), context.taskId ?? '');

	let task: NormalizedTask | undefined;
	let estimatedMs: number | undefined;
	const clientTaskId = job.request && settings.clientTaskId && provider.lookupByClientTaskId ? `n8n-${randomUUID()}` : undefined;
	if (job.request) {
		const media = { ctx: env.ctx, provider, client, itemIndex: job.itemIndex, labelOf: env.labelOf };
		const submitted = await env.submitLimiter(async () => {
			// Files from binary data are uploaded first (under the same cap as submits).
			const request = await resolveMediaInputs(media, job.request!);
			return await submitTask({
				client,
				provider,
				request,
				clientTaskId,
				callbackUrl: settings.callbackUrl,
				clock,
				cancel: env.cancel,
				deadline: startedAt + maxWaitMs,
			});
		});
		context.taskId = submitted.taskId;
		task = submitted.task ?? { id: submitted.taskId, status: 'submitted', videos: [], raw: {} };
		estimatedMs = submitted.estimatedSeconds !== undefined ? submitted.estimatedSeconds * 1000 : undefined;
	} else {
		context.phase = 'poll';
		task = await poll();
	}

	if (settings.wait && !isTerminal(task)) {
		context.phase = 'poll';
		const result = await waitForTask({
			poll,
			clock,
			schedule: scheduleFor(settings),
			startedAt,
			maxWaitMs,
			estimatedMs,
			cancel: env.cancel,
			initial: task,
		});
		if (result.outcome === 'cancelled') throw toNodeFailure(new Error('The execution was cancelled'), context);
		if (result.outcome === 'timeout') throw timeoutFailure(context, settings.maxWaitMinutes, result.task, result.lastError);
		task = result.task;
	}
	if (task.status === 'failed' || task.status === 'cancelled') throw taskFailure(context, task);

	const model = job.request ? provider.modelFor(job.request) : undefined;
	const json = taskJson(provider, job.operation, model, task);
	if (clientTaskId) json.clientTaskId = clientTaskId;
	const item: INodeExecutionData = { json, pairedItem: { item: job.itemIndex } };
	const videoUrl = task.videos[0]?.url;
	if (settings.download && task.status === 'completed' && videoUrl) {
		context.phase = 'download';
		const downloaded = await attempt(
			async () =>
				await downloadVideo(env.ctx, videoUrl, {
					fileName: videoFileName(task.id),
					signal: env.signal,
					timeoutMs: env.downloadTimeoutMs,
				}),
		);
		if (!downloaded.ok) {
			const reason = downloaded.error instanceof Error ? downloaded.error.message : String(downloaded.error);
			throw toNodeFailure(new Error(`The video is ready but could not be downloaded (${reason}); its URL is ${videoUrl}`), context);
		}
		item.binary = { [settings.binaryPropertyName]: downloaded.value };
	}
	return item;
}
