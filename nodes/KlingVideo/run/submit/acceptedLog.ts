// A line in n8n's log for every task the provider accepted (or that an earlier run of the execution had
// created), with where it came from. If the process dies while it waits (a queue worker killed), the
// paid-for task can still be found and collected with Get Task.

import { safely } from '../../lib/attempt';
import { withoutControls } from '../../lib/text';
import type { ItemRun, RunContext } from '../context';

/** A value as one log line shows it: a provider's id may not add lines (C0, C1 and line separators). */
export const printable = (value: unknown): string => withoutControls(String(value ?? ''), ' ');

export function logAccepted(run: RunContext, item: ItemRun): void {
	const { ctx, provider } = run;
	const { itemIndex } = item.job;
	const node = ctx.getNode();
	const workflowId = printable(safely(() => ctx.getWorkflow().id) ?? '?');
	const executionId = printable(safely(() => ctx.getExecutionId()) ?? '?');
	const taskId = printable(item.taskId);
	const clientTaskId = item.clientTaskId === undefined ? undefined : printable(item.clientTaskId);
	const what = item.resumed ? 'found its earlier task' : 'accepted task';
	// Everything in the message itself: n8n 1.x prints console logs without their metadata.
	const message =
		`Kling Video: ${provider.displayName} ${what} ${taskId} for workflow ${workflowId}, execution ${executionId}, ` +
		`node "${printable(node.name)}", item ${itemIndex}` +
		(clientTaskId ? ` (client task id ${clientTaskId})` : '');
	ctx.logger?.info(message, {
		provider: provider.id,
		taskId,
		clientTaskId,
		workflowId,
		executionId,
		nodeName: node.name,
		itemIndex,
		resumed: item.resumed,
	});
}
