// What the stages of one item share: the run (one per execution of the node) and the item's own record,
// which each stage reads and moves on: admit (or read, for Get Task) -> wait -> download -> output.

import type { IBinaryData, IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { CancelHub, CancelToken } from '../lib/cancel';
import type { Clock } from '../lib/clock';
import type { Limiter } from '../lib/limiter';
import type { NormalizedTask, ProviderAdapter } from '../providers/types';
import type { ProviderClient } from '../transport/client';
import type { NodeHost } from '../transport/host';
import type { RunPlace } from './admit/clientTaskId';
import type { Slot, TaskSlots } from './admit/slots';
import type { FailureContext, NodeFailure, Phase } from './errors';
import type { Job } from './plan/plan';
import type { StatusBatch } from './wait/statusBatch';

/** How an item ended: its output item, or its failure (with the task id where one was accepted). */
export type ItemOutcome =
	| { itemIndex: number; ok: true; item: INodeExecutionData; taskId?: string }
	| { itemIndex: number; ok: false; error: NodeFailure; taskId?: string };

/** What an item's last stages (download, output) use: execute() gives it, and so does webhook() when a
 *  parked execution's tasks are over (run/park/resume.ts). */
export interface ResultContext {
	ctx: NodeHost;
	provider: ProviderAdapter;
	client: ProviderClient;
	clock: Clock;
	/** Cancelled when the execution is, or when the node fails on an item. */
	cancel: CancelToken;
	limiters: { downloads: Limiter };
}

export interface RunContext extends ResultContext {
	ctx: IExecuteFunctions;
	/** Places for tasks running at the provider (learned or fixed account limit). */
	slots: TaskSlots;
	/** Submits (with their uploads) under way at once, and downloads under way at once. */
	limiters: { submits: Limiter; downloads: Limiter };
	/** Status reads shared by the run's items, where the provider reads tasks together. */
	statusBatch?: StatusBatch;
	/** Where the node runs, for client task ids that stay the same when n8n runs the execution again. */
	place?: RunPlace;
	/** Told of a failed item before its slot is freed (the run stops there without Continue On Fail). */
	onItemFailed(failure: NodeFailure): void;
}

/** Where the time of an item went; part of the output item. */
export interface Timing extends IDataObject {
	queuedMs: number;
	runningMs?: number;
	downloadMs?: number;
	statusChecks: number;
	refusedSubmits: number;
}

/** One item on its way through the stages. */
export interface ItemRun {
	readonly job: Job;
	/** The item's own cancel: a child of the run's. */
	readonly cancel: CancelHub;
	phase: Phase;
	/** The item's place at the provider, from admission until its task is over. */
	slot?: Slot;
	taskId?: string;
	/** The client task id the task was created with, if one was sent. */
	clientTaskId?: string;
	/** Found under its client task id: an earlier run of this execution created it; nothing was sent. */
	resumed: boolean;
	task?: NormalizedTask;
	/** The model asked for, where the request is no longer at hand (a resumed execution). */
	model?: string;
	/** The provider's estimate of the whole task. */
	estimatedMs?: number;
	/** Max Wait counts from here: the provider's acceptance (the start, for Get Task). */
	startedAt: number;
	/** Max Wait came with At Max Wait "output": the item goes out with the task as it was. */
	timedOut: boolean;
	video?: IBinaryData;
	timing: Timing;
}

/** No call, poll or download of the item runs past this. */
export const deadlineOf = (item: ItemRun): number =>
	item.startedAt + item.job.settings.maxWaitMinutes * 60_000;

/** What an error of this item says about it: the node, provider, item, task and stage. */
export function failureContext(run: ResultContext, item: ItemRun): FailureContext {
	return {
		node: run.ctx.getNode(),
		provider: run.provider,
		itemIndex: item.job.itemIndex,
		taskId: item.taskId,
		phase: item.phase,
	};
}
