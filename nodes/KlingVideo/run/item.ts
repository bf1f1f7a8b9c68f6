// One item from start to finish, as named stages over one record: admit (or read, for Get Task) ->
// wait -> download -> output. Never throws: the outcome says what happened, and execute.ts decides
// between an error item and a failed node. Every stage has a hard bound: the queue time before
// acceptance, Max Wait after it (polls and the download included). Park mode (run/park/) runs the
// first stage here and the rest after the provider calls back.

import type { INodeExecutionData } from 'n8n-workflow';

import { CancelHub } from '../lib/cancel';
import { admit } from './admit/admit';
import { failureContext, type ItemOutcome, type ItemRun, type RunContext } from './context';
import { downloadResult } from './download/itemDownload';
import { toNodeFailure } from './errors';
import { outputItem } from './output/output';
import type { Job } from './plan/plan';
import { awaitResult, readTask } from './wait/itemWait';

export function newItemRun(run: RunContext, job: Job): ItemRun {
	return {
		job,
		cancel: new CancelHub(run.cancel),
		phase: 'submit',
		taskId: job.taskId,
		resumed: false,
		startedAt: run.clock.now(),
		timedOut: false,
		timing: { queuedMs: 0, statusChecks: 0, refusedSubmits: 0 },
	};
}

/** The item's task created (or found) and read once: stage 1. */
export async function startTask(run: RunContext, item: ItemRun): Promise<void> {
	if (item.job.request) await admit(run, item, item.job.request);
	else await readTask(run, item);
}

/** Stages 2-4: wait for the task, download its video, shape the output item. */
export async function finishItem(run: RunContext, item: ItemRun): Promise<INodeExecutionData> {
	await awaitResult(run, item);
	if (!item.timedOut) await downloadResult(run, item);
	return outputItem(run, item);
}

/** Runs a stage of the item; its failure becomes the item's outcome (told to the run first). */
export async function settled<T>(
	run: RunContext,
	item: ItemRun,
	stage: () => Promise<T>,
): Promise<{ ok: true; value: T } | Extract<ItemOutcome, { ok: false }>> {
	try {
		return { ok: true, value: await stage() };
	} catch (error) {
		const failure = toNodeFailure(error, failureContext(run, item));
		run.onItemFailed(failure);
		return { itemIndex: item.job.itemIndex, ok: false, error: failure, taskId: item.taskId };
	}
}

/** Ends the item's claims on the run: its place at the provider and its cancel. */
export function releaseItem(item: ItemRun): void {
	item.slot?.release();
	item.cancel.release();
}

/** Stages 2-4 of an item whose task is under way, as its outcome. */
export async function finishedOutcome(run: RunContext, item: ItemRun): Promise<ItemOutcome> {
	const result = await settled(run, item, async () => await finishItem(run, item));
	if (!result.ok) return result;
	return { itemIndex: item.job.itemIndex, ok: true, item: result.value, taskId: item.taskId };
}

export async function runItem(run: RunContext, job: Job): Promise<ItemOutcome> {
	const item = newItemRun(run, job);
	const started = await settled(run, item, async () => await startTask(run, item));
	const outcome = started.ok ? await finishedOutcome(run, item) : started;
	releaseItem(item);
	return outcome;
}
