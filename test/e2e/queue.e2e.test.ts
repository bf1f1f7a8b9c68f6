// The package in n8n's queue mode (tooling/n8n/n8nQueue.ts): PostgreSQL and Redis started by the test,
// a main and two workers, the package loaded as a custom extension on every process, against the FoxAPI
// simulator. Executions start through the main (webhooks) and run on the workers; what they produce is
// read back through the main's REST API, as the editor reads it. One setup per line for the whole file.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';

import { N8nExecutions } from '../../tooling/n8n/n8nExecutions';
import { N8nQueue, type QueueBinaryMode } from '../../tooling/n8n/n8nQueue';
import {
	EXTENSION_NODE_TYPE,
	lineFromEnv,
	prepareWorkflow,
	ROOT,
} from '../../tooling/n8n/n8nRunner';
import { SAMPLE_MP4 } from '../../tooling/simulator/files';
import { FoxApiSimulator } from '../../tooling/simulator/foxApi';
import { peakRendering } from '../../tooling/timeline';
import { webhookItemsWorkflow, withWebhookTrigger } from '../../tooling/workflows';

const KEY = 'queue-e2e-key-0001';
/** One render at the fan-out simulator: long enough that n8n's own overhead does not hide the overlap. */
const RENDER_MS = 8_000;
const RUNS = 3;
const ITEMS = 10;
const FANOUT = 'queuefanout00001';
const STOP = 'queuestop0000001';
const CALLBACK = 'queuecallback001';

const sims = {} as Record<'fanOut' | 'stop' | 'callback', FoxApiSimulator>;
let queue: N8nQueue;
let executions: N8nExecutions;

const seconds = (ms: number) => (ms / 1000).toFixed(1);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const post = (hook: string, body: unknown) =>
	fetch(`${queue.baseUrl}/webhook/${hook}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body),
	});

beforeAll(async () => {
	sims.fanOut = await FoxApiSimulator.start({ apiKey: KEY, renderMs: RENDER_MS });
	// A render far longer than the test, announced as 1 s: the node polls it about once a second.
	sims.stop = await FoxApiSimulator.start({ apiKey: KEY, renderMs: 600_000 });
	sims.stop.estimateMs = 1_000;
	sims.callback = await FoxApiSimulator.start({ apiKey: KEY, renderMs: 3_000 });
	const credentials = (['fanOut', 'stop', 'callback'] as const).map((name, index) => ({
		id: `queuecredential${index}`,
		name: `FoxAPI (simulator for ${name})`,
		type: 'foxApiApi',
		data: { apiKey: KEY, baseUrl: sims[name].baseUrl },
	}));
	const kling = {
		provider: 'foxApi',
		operation: 'textToVideo',
		prompt: '={{ $json.prompt }}',
		options: { pollIntervalSeconds: 1, concurrency: ITEMS },
	};
	const example = JSON.parse(
		readFileSync(path.join(ROOT, 'examples', 'callback-wait-get-task.json'), 'utf8'),
	);
	const workflows = [
		webhookItemsWorkflow(
			FANOUT,
			'kling-queue-fanout',
			'6a0e1c52-3f1b-4d7e-9a55-0c8e2b4f6a01',
			EXTENSION_NODE_TYPE,
			credentials[0].id,
			kling,
		),
		webhookItemsWorkflow(
			STOP,
			'kling-queue-stop',
			'6a0e1c52-3f1b-4d7e-9a55-0c8e2b4f6a02',
			EXTENSION_NODE_TYPE,
			credentials[1].id,
			kling,
		),
		withWebhookTrigger(
			prepareWorkflow(example, CALLBACK, EXTENSION_NODE_TYPE, credentials[2].id, {
				pollIntervalSeconds: 1,
			}),
			'kling-queue-callback',
			'6a0e1c52-3f1b-4d7e-9a55-0c8e2b4f6a03',
		),
	];
	// Both lines start in the database mode (2.x's queue-mode default); the last test switches the workers to files.
	queue = await N8nQueue.start({
		binaryMode: 'database',
		credentials,
		workflows,
		activate: [FANOUT, STOP, CALLBACK],
	});
	executions = new N8nExecutions(queue.rest, queue.n8n.hostDir);
	const phases = Object.entries(queue.timings)
		.filter(([name]) => name !== 'startup')
		.map(([name, ms]) => `${name} ${seconds(ms)} s`)
		.join(', ');
	console.log(
		`[queue] n8n ${queue.n8n.n8nVersion} (line ${lineFromEnv()}): PostgreSQL, Redis, a main and ${queue.workers.length} workers up in ${seconds(queue.timings.startup)} s (${phases})`,
	);
});

// A failed test shows what the main and the workers logged.
beforeEach(({ onTestFailed }) =>
	onTestFailed(() => console.log(`[queue] logs at the failure:\n${queue?.logTails(40)}`)),
);

afterAll(async () => {
	await queue?.stop();
	await Promise.all(Object.values(sims).map((sim) => sim.close()));
});

/** Which workers' logs say they started (a part of) execution `id`: one entry per start. */
function workersThatStarted(id: string): number[] {
	const line = new RegExp(`Worker started execution ${id} \\(job `, 'g');
	return queue.workers.flatMap((_, index) =>
		Array.from(queue.workerLog(index).matchAll(line), () => index),
	);
}

async function fanOut(mode: QueueBinaryMode) {
	if (queue.binaryMode !== mode)
		console.log(
			`[queue] workers restarted in ${mode} mode in ${seconds(await queue.restartWorkers(mode))} s`,
		);
	const before = new Set((await executions.list(FANOUT)).map((execution) => execution.id));
	const prompt = (run: number, item: number) => `${mode} run ${run} item ${item}`;
	const started = Date.now();
	const answers = await Promise.all(
		Array.from({ length: RUNS }, (_, run) =>
			post('kling-queue-fanout', {
				prompts: Array.from({ length: ITEMS }, (_, item) => ({ prompt: prompt(run, item) })),
			}),
		),
	);
	expect(answers.map((answer) => answer.status)).toEqual(Array(RUNS).fill(200));
	const ours = (await executions.waitForFinished(FANOUT, before.size + RUNS)).filter(
		(execution) => !before.has(execution.id),
	);
	expect(ours.map((execution) => execution.status)).toEqual(Array(RUNS).fill('success'));
	const wallMs = Math.max(...ours.map((execution) => Date.parse(execution.stoppedAt!))) - started;

	// Each execution ran once, on a worker; with 2 jobs per worker, three executions need both.
	const ranOn = ours.map((execution) => workersThatStarted(execution.id));
	expect(ranOn.map((workers) => workers.length)).toEqual(Array(RUNS).fill(1));
	expect([...new Set(ranOn.flat())].sort()).toEqual([0, 1]);

	// The executions ran side by side: more tasks rendered at once than any two executions have.
	const tasks = sims.fanOut.acceptedSubmits.filter((task) =>
		String(task.body.prompt).startsWith(`${mode} `),
	);
	expect(tasks).toHaveLength(RUNS * ITEMS);
	const peak = peakRendering(tasks);
	expect(peak).toBeGreaterThan(2 * ITEMS);

	// Every item's video, stored in `mode` by a worker, read back through the main byte for byte.
	let read = 0;
	for (const execution of ours) {
		const items = (await executions.get(execution.id)).runData['Kling Video'][0].data!.main[0];
		expect(items).toHaveLength(ITEMS);
		for (const item of items) {
			const binary = item.binary!.data as { id?: string; mimeType?: string };
			expect(binary.mimeType).toBe('video/mp4');
			expect(String(binary.id)).toMatch(mode === 'database' ? /^database:/ : /^filesystem(-v2)?:/);
			expect(await executions.binary(String(binary.id))).toEqual(SAMPLE_MP4);
			read++;
		}
	}
	expect(read).toBe(RUNS * ITEMS);
	console.log(
		`[queue] fan-out, ${mode} mode: ${RUNS} executions x ${ITEMS} items on workers ${ranOn.map((workers) => workers.join('')).join(',')}, ` +
			`all done ${seconds(wallMs)} s after the requests = ${(wallMs / RENDER_MS).toFixed(2)} x one render (${seconds(RENDER_MS)} s; one after the other: ${RUNS}x); ` +
			`peak ${peak} of ${RUNS * ITEMS} tasks rendering at once; ${read} videos read back through the main`,
	);
}

it('fan-out in the database binary mode: three executions on both workers at once, every video read back through the main', async () => {
	await fanOut('database');
});

it('stop from the main: the worker stops waiting at once and the execution ends as canceled', async () => {
	const sim = sims.stop;
	const statusReads = () => sim.api.requests.filter((request) => request.method === 'GET');
	const answer = await post('kling-queue-stop', {
		prompts: [{ prompt: 'a render that never ends' }],
	});
	expect(answer.status).toBe(200);
	// The node on the worker is waiting: the task is accepted and its status is being read.
	const deadline = Date.now() + 120_000;
	while (statusReads().length < 3 && Date.now() < deadline) await sleep(200);
	expect(statusReads().length).toBeGreaterThanOrEqual(3);
	const [running] = await executions.list(STOP);
	expect(running.status).toBe('running');

	const stopAsked = Date.now();
	const stopped = await executions.stop(running.id);
	const stopReturned = Date.now();
	expect(stopped.status).toBe(200);
	// Several poll gaps: a node still waiting would read the status again in this time.
	await sleep(5_000);
	const late = sim.api.requests.filter((request) => request.at > stopReturned + 1_000);
	expect(late.map((request) => `${request.method} ${request.path}`)).toEqual([]);
	const [finished] = await executions.waitForFinished(STOP, 1, 60_000);
	expect(finished.status).toBe('canceled');
	expect(sim.acceptedSubmits).toHaveLength(1);
	const reads = statusReads().map((request) => request.at);
	console.log(
		`[queue] stop: the main answered in ${stopReturned - stopAsked} ms; the provider's last request came ${Math.max(...sim.api.requests.map((request) => request.at)) - stopReturned} ms ` +
			`after that answer (negative: before); status reads ${reads
				.slice(1)
				.map((at, index) => at - reads[index])
				.join(', ')} ms apart until then; execution ${finished.status}`,
	);
});

it('callback and Wait node: the provider calls the main back and a worker goes on through Get Task to the video', async () => {
	const sim = sims.callback;
	const answer = await post('kling-queue-callback', {});
	expect(answer.status).toBe(200);
	const [execution] = await executions.waitForFinished(CALLBACK, 1, 120_000);
	expect(execution.status).toBe('success');

	// Submitted once with the main's resume URL (2.x signs it) ...
	expect(sim.acceptedSubmits).toHaveLength(1);
	const [task] = sim.acceptedSubmits;
	const callbackUrl = String(task.body.callback_url);
	const resumeUrl = `${queue.baseUrl}/webhook-waiting/${execution.id}`;
	expect(callbackUrl.split('?')[0]).toBe(resumeUrl);
	if (queue.n8n.line === 2) expect(callbackUrl).toMatch(/\?signature=[0-9a-f]{64}$/);
	// ... which the simulator called, and the main accepted ...
	expect(sim.callbacks.map((call) => [call.url, call.status])).toEqual([[callbackUrl, 200]]);
	// ... the part before the Wait node and the part after it each ran on a worker ...
	expect(workersThatStarted(execution.id)).toHaveLength(2);
	// ... and Get Task read the task only after the callback, and brought the video.
	const statusReads = sim.api.requests.filter((request) => request.method === 'GET');
	expect(statusReads.length).toBeGreaterThan(0);
	expect(statusReads.every((request) => request.at >= sim.callbacks[0].at)).toBe(true);
	const [item] = (await executions.get(execution.id)).runData['Get the video'][0].data!.main[0];
	expect(await executions.binary(String(item.binary!.data.id))).toEqual(SAMPLE_MP4);
	console.log(
		`[queue] callback: execution ${execution.id} parked, resumed by the provider's callback, ran on workers ${workersThatStarted(execution.id).join(' then ')}`,
	);
});

it('fan-out in the filesystem binary mode (workers restarted): every video read back through the main', async () => {
	await fanOut('filesystem');
});
