// The output items of a parked run whose tasks are all over, built in webhook(): one per input item, in
// input order, paired. A finished task's video is downloaded under the process's download cap; a failed
// task, or a download that fails, becomes an error item (resuming can never fail the execution).

import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { CancelHub } from '../../lib/cancel';
import type { NormalizedTask } from '../../providers/types';
import type { OperationId } from '../../request/operations';
import { failureContext, type ItemRun, type ResultContext } from '../context';
import { downloadResult } from '../download/itemDownload';
import { taskFailure, toNodeFailure } from '../errors';
import { errorItem, outputItem } from '../output/output';
import type { ParkedItem, ParkedTask } from './parkState';

export async function resumedItems(
	result: ResultContext,
	operation: OperationId,
	parked: ParkedItem[],
	tasks: Map<string, NormalizedTask>,
	cancel: CancelHub,
): Promise<INodeExecutionData[]> {
	const base: IDataObject = { provider: result.provider.id, operation };
	return await Promise.all(
		parked.map(async ({ itemIndex, task: parkedTask, output }): Promise<INodeExecutionData> => {
			if (!parkedTask)
				return { json: (output ?? {}) as IDataObject, pairedItem: { item: itemIndex } };
			const item = resumedItem(result, operation, itemIndex, parkedTask, tasks, cancel);
			try {
				const task = item.task!;
				if (task.status === 'failed' || task.status === 'cancelled')
					throw taskFailure(failureContext(result, item), task);
				await downloadResult(result, item);
				return outputItem(result, item);
			} catch (error) {
				return errorItem(toNodeFailure(error, failureContext(result, item)), base, itemIndex);
			}
		}),
	);
}

function resumedItem(
	result: ResultContext,
	operation: OperationId,
	itemIndex: number,
	parked: ParkedTask,
	tasks: Map<string, NormalizedTask>,
	cancel: CancelHub,
): ItemRun {
	return {
		job: { itemIndex, operation, settings: parked.settings },
		cancel,
		phase: 'poll',
		taskId: parked.taskId,
		clientTaskId: parked.clientTaskId,
		resumed: false,
		task: tasks.get(parked.taskId),
		model: parked.model,
		startedAt: parked.startedAt,
		timedOut: false,
		timing: { ...parked.timing, runningMs: result.clock.now() - parked.startedAt },
	};
}
