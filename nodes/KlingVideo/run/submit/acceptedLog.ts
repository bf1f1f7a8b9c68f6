// A line in n8n's log for every task the provider accepted (or that an earlier run of the execution had
// created), with where it came from. If the process dies while it waits (a queue worker killed), the
// paid-for task can still be found and collected with Get Task.

import { safely } from '../admit/itemPlace';
import type { RunEnv } from '../item';

export function logAccepted(env: RunEnv, itemIndex: number, accepted: { taskId: string; clientTaskId?: string; resumed?: boolean }): void {
	const { ctx, provider } = env;
	const node = ctx.getNode();
	const workflowId = safely(() => ctx.getWorkflow().id) ?? '?';
	const executionId = safely(() => ctx.getExecutionId()) ?? '?';
	const what = accepted.resumed ? 'found its earlier task' : 'accepted task';
	// Everything in the message itself: n8n 1.x prints console logs without their metadata.
	const message =
		`Kling Video: ${provider.displayName} ${what} ${accepted.taskId} for workflow ${workflowId}, execution ${executionId}, ` +
		`node "${node.name}", item ${itemIndex}` +
		(accepted.clientTaskId ? ` (client task id ${accepted.clientTaskId})` : '');
	ctx.logger?.info(message, {
		provider: provider.id,
		taskId: accepted.taskId,
		clientTaskId: accepted.clientTaskId,
		workflowId,
		executionId,
		nodeName: node.name,
		itemIndex,
		resumed: accepted.resumed === true,
	});
}
