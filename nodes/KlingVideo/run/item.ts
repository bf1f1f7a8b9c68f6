// One item from start to finish, as named stages over one record: admit (or read, for Get Task) ->
// wait -> download -> output. Never throws: the outcome says what happened, and execute.ts decides
// between an error item and a failed node. Every stage has a hard bound: the queue time before
// acceptance, Max Wait after it (polls and the download included).

import type { INodeExecutionData } from 'n8n-workflow';

import { CancelHub } from '../lib/cancel';
import { admit } from './admit/admit';
import { failureContext, type ItemRun, type RunContext } from './context';
import { downloadResult } from './download/itemDownload';
import { toNodeFailure, type NodeFailure } from './errors';
import { outputItem } from './output/output';
import type { Job } from './plan/plan';
import { awaitResult, readTask } from './wait/itemWait';

export type ItemOutcome =
	| { itemIndex: number; ok: true; item: INodeExecutionData; taskId?: string }
	| { itemIndex: number; ok: false; error: NodeFailure; taskId?: string };

export async function runItem(run: RunContext, job: Job): Promise<ItemOutcome> {
	const cancel = new CancelHub(run.cancel);
	const item: ItemRun = {
		job,
		cancel,
		phase: 'submit',
		taskId: job.taskId,
		resumed: false,
		startedAt: run.clock.now(),
		timedOut: false,
		timing: { queuedMs: 0, statusChecks: 0, refusedSubmits: 0 },
	};
	try {
		if (job.request) await admit(run, item, job.request);
		else await readTask(run, item);
		await awaitResult(run, item);
		if (!item.timedOut) await downloadResult(run, item);
		return { itemIndex: job.itemIndex, ok: true, item: outputItem(run, item), taskId: item.taskId };
	} catch (error) {
		const failure = toNodeFailure(error, failureContext(run, item));
		run.onItemFailed(failure);
		return { itemIndex: job.itemIndex, ok: false, error: failure, taskId: item.taskId };
	} finally {
		item.slot?.release();
		cancel.release();
	}
}
