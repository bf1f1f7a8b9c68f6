// Executions as the editor sees them, through n8n's REST API on a running n8n (in queue mode: the
// main): the list of a workflow's executions, one execution with its run data, the Stop button, and
// binary data read back through the main. The same routes on n8n 1.x and 2.x.
import { createRequire } from 'node:module';
import path from 'node:path';

import type { N8nRest } from './n8nRest';
import type { RunResult } from './n8nRunner';

export interface ExecutionSummary {
	id: string;
	status: string;
	startedAt?: string;
	stoppedAt?: string;
}

export interface ExecutionDetail extends ExecutionSummary, RunResult {}

const FINISHED = new Set(['success', 'error', 'canceled', 'crashed']);

export class N8nExecutions {
	/** n8n stores run data in `flatted` form; it is read with the flatted of the n8n that wrote it. */
	private readonly flatted: { parse(text: string): any };

	constructor(
		readonly rest: N8nRest,
		n8nHostDir: string,
	) {
		this.flatted = createRequire(path.join(n8nHostDir, 'package.json'))('flatted');
	}

	/** The workflow's executions, newest first (the latest 100: n8n's most per page). */
	async list(workflowId: string): Promise<ExecutionSummary[]> {
		const answer = await this.rest.call(
			'GET',
			`/rest/executions?limit=100&filter=${encodeURIComponent(JSON.stringify({ workflowId }))}`,
		);
		if (answer.status !== 200)
			throw new Error(`listing executions failed: ${answer.status} ${JSON.stringify(answer.json)}`);
		return (answer.json.data.results as Array<Record<string, unknown>>).map((execution) => ({
			id: String(execution.id),
			status: String(execution.status),
			startedAt: execution.startedAt as string | undefined,
			stoppedAt: execution.stoppedAt as string | undefined,
		}));
	}

	/** Waits until the workflow has `count` executions and all of them have finished (any status). */
	async waitForFinished(
		workflowId: string,
		count: number,
		timeoutMs = 180_000,
	): Promise<ExecutionSummary[]> {
		return await this.waitFor(
			workflowId,
			(executions) =>
				executions.length >= count &&
				executions.every((execution) => FINISHED.has(execution.status)),
			timeoutMs,
		);
	}

	/** Polls the workflow's executions until `done` holds for them. */
	async waitFor(
		workflowId: string,
		done: (executions: ExecutionSummary[]) => boolean,
		timeoutMs = 180_000,
	): Promise<ExecutionSummary[]> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const executions = await this.list(workflowId);
			if (done(executions)) return executions;
			if (Date.now() > deadline)
				throw new Error(
					`executions of ${workflowId} not as expected within ${timeoutMs / 1000} s: ${JSON.stringify(executions)}`,
				);
			await new Promise((resolve) => setTimeout(resolve, 300));
		}
	}

	/** One execution with its run data. */
	async get(id: string): Promise<ExecutionDetail> {
		const answer = await this.rest.call('GET', `/rest/executions/${id}`);
		if (answer.status !== 200)
			throw new Error(
				`reading execution ${id} failed: ${answer.status} ${JSON.stringify(answer.json)}`,
			);
		const execution = answer.json.data;
		const data =
			typeof execution.data === 'string' ? this.flatted.parse(execution.data) : execution.data;
		return {
			id: String(execution.id),
			status: String(execution.status),
			startedAt: execution.startedAt,
			stoppedAt: execution.stoppedAt,
			runData: data?.resultData?.runData ?? {},
			error: data?.resultData?.error,
		};
	}

	/** The editor's Stop button. */
	async stop(id: string): Promise<{ status: number; json: any }> {
		return await this.rest.call('POST', `/rest/executions/${id}/stop`);
	}

	/** A stored binary (its id from the run data), as the editor downloads it: the bytes, or the HTTP status. */
	async binary(binaryId: string): Promise<Buffer | number> {
		const url = `${this.rest.base}/rest/binary-data?id=${encodeURIComponent(binaryId)}&action=download`;
		const response = await fetch(url, { headers: { cookie: this.rest.cookie } });
		if (!response.ok) return response.status;
		return Buffer.from(await response.arrayBuffer());
	}
}
