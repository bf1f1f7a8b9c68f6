// The acceptance line in n8n's log: one line per task, whatever id the provider sends.
import type { IExecuteFunctions } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';

import type { ItemRun, RunContext } from '../../nodes/KlingVideo/run/context';
import { logAccepted } from '../../nodes/KlingVideo/run/submit/acceptedLog';

function logged(taskId: string, clientTaskId?: string) {
	const lines: Array<{ message: string; meta: Record<string, unknown> }> = [];
	const ctx = {
		getNode: () => ({ name: 'Kling Video' }),
		getWorkflow: () => ({ id: 'wf1' }),
		getExecutionId: () => '42',
		logger: {
			info: (message: string, meta: Record<string, unknown>) => lines.push({ message, meta }),
		},
	} as unknown as IExecuteFunctions;
	const run = { ctx, provider: { id: 'foxApi', displayName: 'FoxAPI' } } as unknown as RunContext;
	const item = {
		job: { itemIndex: 3 },
		taskId,
		clientTaskId,
		resumed: false,
	} as unknown as ItemRun;
	logAccepted(run, item);
	return lines;
}

describe('the acceptance log line', () => {
	it('names the task, workflow, execution, node and item', () => {
		expect(logged('task-1', 'n8n-abc')[0].message).toBe(
			'Kling Video: FoxAPI accepted task task-1 for workflow wf1, execution 42, node "Kling Video", item 3 (client task id n8n-abc)',
		);
	});

	it('a task id with line breaks or control characters cannot forge another line', () => {
		const [line] = logged('t1\nKling Video: FoxAPI accepted task forged\r\u0085\u2028x\u001b[31m');
		expect(line.message).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/);
		expect(line.message.split('\n')).toHaveLength(1);
		expect(line.meta.taskId).not.toMatch(/[\n\r]/);
	});
});
