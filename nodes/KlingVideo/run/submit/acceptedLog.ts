// A line in n8n's log for every task the provider accepted (or that an earlier run of the execution had
// created), with where it came from. If the process dies while it waits (a queue worker killed), the
// paid-for task can still be found and collected with Get Task.

import { safely } from '../../lib/attempt';
import type { ItemRun, RunContext } from '../context';

export function logAccepted(run: RunContext, item: ItemRun): void {
	const { ctx, provider } = run;
	const { itemIndex } = item.job;
	const node = ctx.getNode();
	const workflowId = safely(() => ctx.getWorkflow().id) ?? '?';
	const executionId = safely(() => ctx.getExecutionId()) ?? '?';
	const what = item.resumed ? 'found its earlier task' : 'accepted task';
	// Everything in the message itself: n8n 1.x prints console logs without their metadata.
	const message =
		`Kling Video: ${provider.displayName} ${what} ${item.taskId} for workflow ${workflowId}, execution ${executionId}, ` +
		`node "${node.name}", item ${itemIndex}` +
		(item.clientTaskId ? ` (client task id ${item.clientTaskId})` : '');
	ctx.logger?.info(message, {
		provider: provider.id,
		taskId: item.taskId,
		clientTaskId: item.clientTaskId,
		workflowId,
		executionId,
		nodeName: node.name,
		itemIndex,
		resumed: item.resumed,
	});
}
