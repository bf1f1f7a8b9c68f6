// One item from start to finish: get the task accepted (waiting for a slot at the provider), wait for
// it, then turn the finished task into the output item, with the video as binary data when asked.
// Never throws: the outcome says what happened, and the router decides between an error item and a
// failed node. Every stage has a hard bound: the queue time before acceptance, Max Wait after it (polls
// and the download included).

import { randomUUID } from 'crypto';
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { attempt } from '../lib/attempt';
import { CancelHub, type CancelToken } from '../lib/cancel';
import { downloadVideo, videoFileName } from './download/download';
import { taskFailure, timeoutFailure, toNodeFailure, type FailureContext, type NodeFailure } from './errors';
import type { Limiter } from '../lib/limiter';
import { taskJson } from './output/output';
import { DEFAULT_SCHEDULE, type PollSchedule } from './wait/schedule';
import type { Slot, TaskSlots } from './admit/slots';
import type { ProviderClient } from '../transport/client';
import { requestedModel } from '../providers/requestRules';
import type { NormalizedTask, OperationId, ProviderAdapter, VideoRequest } from '../providers/types';
import { isTerminal, waitForTask, type WaitClock } from './wait/wait';
import { submitWhenAdmitted, type ClientTaskId } from './admit/admit';
import { logAccepted } from './submit/acceptedLog';
import { storageWarning } from './output/storageWarning';

export interface ItemSettings {
	wait: boolean;
	/** Send a client task id where the provider accepts one. */
	clientTaskId: boolean;
	/** Where the provider should report the finished task. */
	callbackUrl?: string;
	/** From the provider's acceptance to the end of the download. */
	maxWaitMinutes: number;
	/** What happens at Max Wait: fail the item, or output the task to pick up later. */
	onTimeout: 'fail' | 'output';
	/** How long an item may wait for a free slot before it is submitted. */
	maxQueueMinutes: number;
	pollIntervalSeconds: number;
	download: boolean;
	binaryPropertyName: string;
	downloadTimeoutMinutes: number;
	maxVideoMegabytes: number;
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
	/** Cancelled when the execution is, or when the node fails on an item. */
	cancel: CancelToken;
	/** Places for tasks running at the provider (learned or fixed account limit). */
	slots: TaskSlots;
	/** Submit requests (and uploads) under way at once. */
	submitLimiter: Limiter;
	/** Downloads under way at once. */
	downloadLimiter: Limiter;
	/** Told of a failed item before its slot is freed (the router stops the run there without Continue On Fail). */
	onItemFailed?: (failure: NodeFailure) => void;
	/** The item's client task id, the same when n8n runs this execution again; undefined: a random one. */
	clientTaskIdOf?: (itemIndex: number) => string | undefined;
}

export type JobOutcome =
	| { itemIndex: number; ok: true; item: INodeExecutionData; taskId?: string }
	| { itemIndex: number; ok: false; error: NodeFailure; taskId?: string };

/** Where the time of an item went; part of the output item. */
interface Timing extends IDataObject {
	queuedMs: number;
	runningMs?: number;
	downloadMs?: number;
	statusChecks: number;
	refusedSubmits: number;
}

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
	const itemCancel = new CancelHub(env.cancel);
	const held: { slot?: Slot } = {};
	try {
		const item = await execute({ ...env, cancel: itemCancel }, job, context, held);
		return { itemIndex: job.itemIndex, ok: true, item, taskId: context.taskId };
	} catch (error) {
		const failure = toNodeFailure(error, context);
		env.onItemFailed?.(failure);
		return { itemIndex: job.itemIndex, ok: false, error: failure, taskId: context.taskId };
	} finally {
		held.slot?.release();
		itemCancel.release();
	}
}

async function execute(env: RunEnv, job: Job, context: FailureContext, held: { slot?: Slot }): Promise<INodeExecutionData> {
	const { provider, client, clock } = env;
	const settings = job.settings;
	const timing: Timing = { queuedMs: 0, statusChecks: 0, refusedSubmits: 0 };
	let startedAt = clock.now();
	const maxWaitMs = settings.maxWaitMinutes * 60_000;
	let deadline = startedAt + maxWaitMs;
	const poll = async () => {
		timing.statusChecks++;
		const id = context.taskId ?? '';
		return provider.parseTask(await client.call(provider.buildStatus(id), { deadline, cancel: env.cancel }), id);
	};

	let task: NormalizedTask | undefined;
	let estimatedMs: number | undefined;
	let clientTaskId: string | undefined;
	if (job.request) {
		const admitted = await submitWhenAdmitted(env, { ...job, request: job.request }, chooseClientTaskId(env, job));
		clientTaskId = admitted.clientTaskId;
		held.slot = admitted.slot;
		Object.assign(timing, { queuedMs: admitted.queuedMs, refusedSubmits: admitted.refusedSubmits });
		// Max Wait counts from the acceptance, not from the time spent in line.
		startedAt = admitted.acceptedAt;
		deadline = startedAt + maxWaitMs;
		const { submitted } = admitted;
		context.taskId = submitted.taskId;
		logAccepted(env, job.itemIndex, { taskId: submitted.taskId, clientTaskId, resumed: admitted.resumed });
		task = submitted.task ?? { id: submitted.taskId, status: 'submitted', videos: [], raw: {} };
		estimatedMs = submitted.estimatedSeconds !== undefined ? submitted.estimatedSeconds * 1000 : undefined;
		// Not waiting: the task's end is unknown, so its slot is not kept.
		if (!settings.wait) held.slot.release();
	} else {
		context.phase = 'poll';
		task = await poll();
	}

	const model = job.request ? requestedModel(provider, job.request) : undefined;
	const output = (finished: NormalizedTask, extra: IDataObject = {}): INodeExecutionData => {
		const json = taskJson(provider, job.operation, model, finished);
		if (clientTaskId) json.clientTaskId = clientTaskId;
		Object.assign(json, extra, { timing });
		return { json, pairedItem: { item: job.itemIndex } };
	};

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
		if (result.outcome === 'timeout') {
			if (settings.onTimeout === 'output') return output(result.task ?? task, { timedOut: true });
			throw timeoutFailure(context, settings.maxWaitMinutes, result.task, result.lastError);
		}
		task = result.task;
	}
	if (job.request && settings.wait) timing.runningMs = clock.now() - startedAt;
	if (task.status === 'failed' || task.status === 'cancelled') throw taskFailure(context, task);
	// The task is over at the provider: its place goes to the next item while this one downloads.
	held.slot?.release();

	const item = output(task);
	const videoUrl = task.videos[0]?.url;
	if (settings.download && task.status === 'completed' && videoUrl) {
		context.phase = 'download';
		const video = await download(env, job, { url: videoUrl, taskId: task.id, deadline }, timing);
		item.binary = { [settings.binaryPropertyName]: video };
		const warning = storageWarning(video);
		if (warning) {
			item.json.warning = warning;
			env.ctx.logger?.warn(`Kling Video: ${warning} (task ${task.id}, item ${job.itemIndex})`);
		}
	}
	return item;
}

function chooseClientTaskId(env: RunEnv, job: Job): ClientTaskId | undefined {
	if (!job.settings.clientTaskId || !env.provider.lookupByClientTaskId) return undefined;
	const derived = env.clientTaskIdOf?.(job.itemIndex);
	return derived ? { id: derived, derived: true } : { id: `n8n-${randomUUID()}`, derived: false };
}

/** The video into binary data, under the download cap, within Max Wait and the download's own limit. */
async function download(env: RunEnv, job: Job, target: { url: string; taskId: string; deadline: number }, timing: Timing) {
	const { settings } = job;
	const { url, taskId, deadline } = target;
	const downloaded = await env.downloadLimiter(async () => {
		const startedAt = env.clock.now();
		const timeoutMs = Math.min(settings.downloadTimeoutMinutes * 60_000, deadline - startedAt);
		const signal = new CancelHub(env.cancel);
		const result = await attempt(async () => {
			if (timeoutMs <= 0) throw new Error(`Max Wait (${settings.maxWaitMinutes} min) was used up before the download could start`);
			return await downloadVideo(env.ctx, url, {
				fileName: videoFileName(taskId),
				signal: signal.toSignal(),
				timeoutMs,
				maxBytes: settings.maxVideoMegabytes * 1_048_576,
				clock: env.clock,
				allowInternalHosts: env.client.internalNetwork,
			});
		});
		signal.release();
		timing.downloadMs = env.clock.now() - startedAt;
		return result;
	});
	if (!downloaded.ok) {
		const reason = downloaded.error instanceof Error ? downloaded.error.message : String(downloaded.error);
		throw new Error(`The video is ready but could not be downloaded (${reason}); its URL is ${url}`);
	}
	return downloaded.value;
}
