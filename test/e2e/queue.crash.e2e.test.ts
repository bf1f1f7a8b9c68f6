// A queue worker killed (SIGKILL) while the node waits for its tasks (tooling/n8n/n8nQueue.ts: PostgreSQL,
// Redis, a main and two workers). Nothing that was paid for vanishes: the worker's log names every
// accepted task with its workflow, execution, node and item before anything waits. What comes next is
// n8n's: 2.x gives the execution up (crashed), 1.x hands the stalled job to a worker again, where the
// client task id is looked up before a submit, so a provider that has the lookup (here ToAPIs) bills
// each item once; one that has none (FoxAPI) gets the items a second time, as the README says.
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';

import { N8nExecutions, type ExecutionSummary } from '../../tooling/n8n/n8nExecutions';
import { N8nQueue } from '../../tooling/n8n/n8nQueue';
import { EXTENSION_NODE_TYPE, lineFromEnv } from '../../tooling/n8n/n8nRunner';
import { FoxApiSimulator } from '../../tooling/simulator/foxApi';
import type { ProviderSimulator } from '../../tooling/simulator/base';
import { ToApisSimulator } from '../../tooling/simulator/toApis';
import { webhookItemsWorkflow } from '../../tooling/workflows';

const KEY = 'queue-crash-key-0001';
const ITEMS = 3;
/** Longer than the kill and the stalled-job check together, so a re-run finds the tasks still running. */
const RENDER_MS = 25_000;
const WITH_LOOKUP = 'queuecrashtoapis';
const WITHOUT_LOOKUP = 'queuecrashfoxapi';

let toApis: ToApisSimulator;
let fox: FoxApiSimulator;
let queue: N8nQueue;
let executions: N8nExecutions;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
	toApis = await ToApisSimulator.start({ apiKey: KEY, renderMs: RENDER_MS });
	fox = await FoxApiSimulator.start({ apiKey: KEY, renderMs: RENDER_MS });
	const credentials = [
		{
			id: 'queuecrashcred01',
			name: 'ToAPIs crash',
			type: 'toApisApi',
			data: { apiKey: KEY, baseUrl: toApis.baseUrl },
		},
		{
			id: 'queuecrashcred02',
			name: 'FoxAPI crash',
			type: 'foxApiApi',
			data: { apiKey: KEY, baseUrl: fox.baseUrl },
		},
	];
	const kling = (provider: string) => ({
		provider,
		operation: 'textToVideo',
		prompt: '={{ $json.prompt }}',
		options: { pollIntervalSeconds: 1 },
	});
	const toApisWorkflow = webhookItemsWorkflow(
		WITH_LOOKUP,
		'kling-crash-toapis',
		'8c2a3e74-5b3d-4f90-9c77-2eaf4d6b8c01',
		EXTENSION_NODE_TYPE,
		credentials[0].id,
		kling('toApis'),
	);
	// The shared workflow names a FoxAPI credential; this one takes the ToAPIs credential.
	for (const node of toApisWorkflow.nodes as Array<{ name: string; credentials?: unknown }>) {
		if (node.name === 'Kling Video')
			node.credentials = { toApisApi: { id: credentials[0].id, name: credentials[0].name } };
	}
	const workflows = [
		toApisWorkflow,
		webhookItemsWorkflow(
			WITHOUT_LOOKUP,
			'kling-crash-foxapi',
			'8c2a3e74-5b3d-4f90-9c77-2eaf4d6b8c02',
			EXTENSION_NODE_TYPE,
			credentials[1].id,
			kling('foxApi'),
		),
	];
	// n8n looks for stalled jobs every 30 s by default; every 5 s here, so that a re-run comes soon.
	const stalled = {
		QUEUE_WORKER_LOCK_DURATION: '5000',
		QUEUE_WORKER_LOCK_RENEW_TIME: '2500',
		QUEUE_WORKER_STALLED_INTERVAL: '5000',
	};
	queue = await N8nQueue.start({
		binaryMode: 'filesystem',
		credentials,
		workflows,
		activate: [WITH_LOOKUP, WITHOUT_LOOKUP],
		extraEnv: stalled,
	});
	executions = new N8nExecutions(queue.rest, queue.n8n.hostDir);
	console.log(
		`[queue crash] n8n ${queue.n8n.n8nVersion} (line ${lineFromEnv()}): set up in ${(queue.timings.startup / 1000).toFixed(1)} s`,
	);
});

beforeEach(({ onTestFailed }) =>
	onTestFailed(() => console.log(`[queue crash] logs at the failure:\n${queue?.logTails(40)}`)),
);

afterAll(async () => {
	await queue?.stop();
	await Promise.all([toApis?.close(), fox?.close()]);
});

const logs = () => queue.workers.map((_, index) => queue.workerLog(index));
/** The line the node writes at acceptance (actions/acceptedLog.ts), as n8n's logger prints it. */
const acceptedLine = (
	provider: string,
	taskId: string,
	workflowId: string,
	executionId: string,
	item: number,
) =>
	new RegExp(
		`Kling Video: ${provider} accepted task ${taskId} for workflow ${workflowId}, execution ${executionId}, node "Kling Video", item ${item}\\b`,
	);

it('a worker killed while it waits: every accepted task is in its log; a re-run (n8n 1.x) bills an item once where the provider can look it up', async () => {
	// Both executions on worker 0 (worker 1 stopped meanwhile), so that worker 1 lives on after the kill.
	await queue.killWorker(1, 'SIGTERM');
	const started = Date.now();
	// Not awaited: the webhook answers when the execution ends, which the kill delays or prevents.
	for (const hook of ['kling-crash-toapis', 'kling-crash-foxapi']) {
		const prompts = Array.from({ length: ITEMS }, (_, item) => ({
			prompt: `${hook} item ${item}`,
		}));
		void fetch(`${queue.baseUrl}/webhook/${hook}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ prompts }),
		}).catch(() => undefined);
	}
	// Every item accepted and logged, and the node now waiting.
	const sims: Array<[string, ProviderSimulator, string]> = [
		['ToAPIs', toApis, WITH_LOOKUP],
		['FoxAPI', fox, WITHOUT_LOOKUP],
	];
	const accepted = () =>
		sims.every(
			([provider, sim]) =>
				sim.acceptedSubmits.length === ITEMS &&
				logs().join('\n').split(`Kling Video: ${provider} accepted task`).length - 1 === ITEMS,
		);
	while (!accepted() && Date.now() - started < 120_000) await sleep(200);
	expect(sims.map(([, sim]) => sim.acceptedSubmits.length)).toEqual([ITEMS, ITEMS]);
	const running: Record<string, ExecutionSummary> = {};
	for (const [, , workflowId] of sims) [running[workflowId]] = await executions.list(workflowId);

	// Worker 1 back, then worker 0 killed with SIGKILL; its log stays on disk. (A killed worker is not
	// started again here: at start n8n marks the executions it had as crashed, "Last session crashed".)
	await queue.startWorker(1);
	await queue.killWorker(0, 'SIGKILL');
	const killedAt = Date.now();
	const before = logs();
	expect(before[1]).not.toContain('Kling Video: ');

	// The log names each accepted task with its workflow, execution, node and item.
	for (const [provider, sim, workflowId] of sims) {
		const tasks = sim.acceptedSubmits;
		for (const task of tasks) {
			const item = Number(String(task.body.prompt).split(' item ')[1]);
			expect(before.join('\n')).toMatch(
				acceptedLine(provider, task.id, workflowId, running[workflowId].id, item),
			);
		}
	}

	// On 1.x worker 1 takes the stalled jobs again.
	const finished = await Promise.all(
		sims.map(([, , workflowId]) => executions.waitForFinished(workflowId, 1, 180_000)),
	);
	const statuses = finished.map(([execution]) => execution.status);
	const reasons = await Promise.all(
		finished.map(async ([execution]) => (await executions.get(execution.id)).error?.message ?? '-'),
	);
	const submits = sims.map(([, sim]) => sim.acceptedSubmits.length);
	const found = logs().join('\n').split('Kling Video: ToAPIs found its earlier task').length - 1;
	console.log(
		`[queue crash] n8n ${queue.n8n.n8nVersion}: killed worker 0 with ${ITEMS} tasks per provider accepted; ` +
			`executions ${statuses.join(', ')} (${reasons.join('; ')}) ${((Date.now() - killedAt) / 1000).toFixed(1)} s later; submits ToAPIs ${submits[0]}, FoxAPI ${submits[1]}; ` +
			`ToAPIs tasks found again by client task id: ${found}`,
	);
	if (queue.n8n.line === 1) {
		// Run again from the start: ToAPIs' tasks are found by their client task ids, FoxAPI's sent again.
		expect(statuses).toEqual(['success', 'success']);
		expect(submits).toEqual([ITEMS, 2 * ITEMS]);
		expect(found).toBe(ITEMS);
	} else {
		// Given up: nothing more is sent, and the log above is how the tasks are collected.
		expect(statuses.every((status) => status === 'crashed' || status === 'error')).toBe(true);
		expect(submits).toEqual([ITEMS, ITEMS]);
	}
});
