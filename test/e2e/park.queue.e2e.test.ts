// Pause the Execution in n8n's queue mode, the case it is for: 2 worker slots (one worker, 2 jobs at
// once), 6 executions of 3 items, every task rendering 30 s. Each execution submits its items on a
// worker and pauses, freeing its slot, so all 18 tasks render at once; the callbacks reach the main,
// which reads the tasks, downloads the videos (database binary mode) and resumes the executions on the
// worker. With the execution kept running, 2 slots would take 3 waves (`npm run bench:park` measures
// both). No status request is made while the executions are paused, and every item is billed once.
// Then parkScenarios.ts's scenarios, as in regular mode (park.e2e.test.ts).
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';

import { N8nExecutions } from '../../tooling/n8n/n8nExecutions';
import { N8nQueue } from '../../tooling/n8n/n8nQueue';
import { EXTENSION_NODE_TYPE, lineFromEnv } from '../../tooling/n8n/n8nRunner';
import { SAMPLE_MP4 } from '../../tooling/simulator/files';
import { FoxApiSimulator } from '../../tooling/simulator/foxApi';
import { peakRendering } from '../../tooling/timeline';
import { webhookItemsWorkflowWithNext } from '../../tooling/workflows';
import {
	closeParkSims,
	expectCallbacksAnswered,
	PARK_FLOW_IDS,
	parkCredentials,
	parkScenarioTests,
	parkWorkflows,
	startNeverCalledBack,
	startParkSims,
	type ParkWorld,
} from './parkScenarios';

const KEY = 'park-queue-key-0001';
const RENDER_MS = 30_000;
const RUNS = 6;
const ITEMS = 3;
const FLOW = 'parkqueueflow001';

let sim: FoxApiSimulator;
let queue: N8nQueue;
let executions: N8nExecutions;
let world: ParkWorld;
let silentStartedAt: number;
const seconds = (ms: number) => (ms / 1000).toFixed(1);

beforeAll(async () => {
	sim = await FoxApiSimulator.start({ apiKey: KEY, renderMs: RENDER_MS });
	const sims = await startParkSims();
	queue = await N8nQueue.start({
		binaryMode: 'database',
		workers: 1,
		workerConcurrency: 2,
		credentials: [
			...parkCredentials(sims),
			{
				id: 'parkqueuecred001',
				name: 'FoxAPI (simulator)',
				type: 'foxApiApi',
				data: { apiKey: KEY, baseUrl: sim.baseUrl },
			},
		],
		workflows: [
			...parkWorkflows(EXTENSION_NODE_TYPE),
			webhookItemsWorkflowWithNext(
				FLOW,
				'kling-park-queue',
				'8c2a3d74-5b3d-4f9a-9c77-2e0a4d6b8c01',
				EXTENSION_NODE_TYPE,
				'parkqueuecred001',
				{
					provider: 'foxApi',
					operation: 'textToVideo',
					prompt: '={{ $json.prompt }}',
					options: { waitMode: 'park', maxWaitMinutes: 10 },
				},
			),
		],
		activate: [...PARK_FLOW_IDS, FLOW],
	});
	executions = new N8nExecutions(queue.rest, queue.n8n.hostDir);
	world = { base: queue.baseUrl, line: queue.n8n.line, executions, sims };
	silentStartedAt = await startNeverCalledBack(world);
	console.log(
		`[park-queue] n8n ${queue.n8n.n8nVersion} (line ${lineFromEnv()}): a main and 1 worker with 2 slots up in ${seconds(queue.timings.startup)} s`,
	);
}, 600_000);

beforeEach(({ onTestFailed }) =>
	onTestFailed(() => console.log(`[park-queue] logs at the failure:\n${queue?.logTails(40)}`)),
);

afterAll(async () => {
	await queue?.stop();
	await sim?.close();
	await closeParkSims(world?.sims);
});

it('6 executions x 3 items on 2 worker slots: all paused at once, all 18 tasks rendering together, every video, billed once, no status check while paused', async () => {
	const prompt = (run: number, item: number) => `run ${run} item ${item}`;
	const started = Date.now();
	const answers = await Promise.all(
		Array.from({ length: RUNS }, (_, run) =>
			fetch(`${queue.baseUrl}/webhook/kling-park-queue`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({
					prompts: Array.from({ length: ITEMS }, (_, item) => ({ prompt: prompt(run, item) })),
				}),
			}),
		),
	);
	expect(answers.map((answer) => answer.status)).toEqual(Array(RUNS).fill(200));

	// All six paused at the same time: none holds one of the 2 slots.
	await executions.waitFor(
		FLOW,
		(list) => list.length === RUNS && list.every((execution) => execution.status === 'waiting'),
		RENDER_MS,
	);
	const allPausedMs = Date.now() - started;
	const done = await executions.waitForFinished(FLOW, RUNS, 4 * RENDER_MS);
	expect(done.map((execution) => execution.status)).toEqual(Array(RUNS).fill('success'));
	const wallMs = Math.max(...done.map((execution) => Date.parse(execution.stoppedAt!))) - started;

	// Billed once: one task per item; and all 18 rendered at once (no waves).
	const tasks = sim.acceptedSubmits;
	expect(tasks.map((task) => task.body.prompt).sort()).toEqual(
		Array.from({ length: RUNS }, (_, run) =>
			Array.from({ length: ITEMS }, (_, item) => prompt(run, item)),
		)
			.flat()
			.sort(),
	);
	expect(peakRendering(tasks)).toBe(RUNS * ITEMS);

	// No status check while paused: each task read once before its execution paused, then none until
	// the callbacks, every one of which n8n accepted.
	const lastAccepted = Math.max(...tasks.map((task) => task.createdAt));
	const firstCallback = Math.min(...sim.callbacks.map((call) => call.at));
	const reads = sim.api.requests.filter(
		(request) => request.method === 'GET' && request.path.startsWith('/v1/tasks/'),
	);
	expect(reads.filter((request) => request.at < firstCallback)).toHaveLength(RUNS * ITEMS);
	expect(
		reads.filter((request) => request.at > lastAccepted + 5_000 && request.at < firstCallback),
	).toEqual([]);
	await expectCallbacksAnswered(sim, RUNS * ITEMS);

	// Every item's video: downloaded once by the main, stored in the database, read back through it.
	for (const task of tasks)
		expect(
			sim.files.requests.filter((request) => request.path === `/videos/${task.id}.mp4`),
		).toHaveLength(1);
	for (const execution of done) {
		const detail = await executions.get(execution.id);
		const items = detail.runData['Kling Video'][0].data!.main[0];
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		for (const item of items) {
			const binary = item.binary!.data as { id?: string };
			expect(String(binary.id)).toMatch(/^database:/);
			expect(await executions.binary(String(binary.id))).toEqual(SAMPLE_MP4);
		}
		expect(detail.runData.After).toHaveLength(1);
	}
	// The callbacks ran on the main (webhook()); the worker ran each execution twice: to the pause, then on.
	const workerLog = queue.workerLog(0);
	for (const execution of done)
		expect(
			workerLog.match(new RegExp(`Worker started execution ${execution.id} \\(job `, 'g')),
		).toHaveLength(2);
	console.log(
		`[park-queue] ${RUNS} executions x ${ITEMS} items, ${seconds(RENDER_MS)} s renders, 2 worker slots: all paused ${seconds(allPausedMs)} s after the requests, ` +
			`all done after ${seconds(wallMs)} s = ${(wallMs / RENDER_MS).toFixed(2)} renders; ${reads.length} status reads for ${tasks.length} tasks; ` +
			`${sim.callbacks.length} callbacks`,
	);
}, 300_000);

// The same scenarios as in regular mode (parkScenarios.ts): the callbacks reach the main.
parkScenarioTests(() => ({ world, silentStartedAt }));
