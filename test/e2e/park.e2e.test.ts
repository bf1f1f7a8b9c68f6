// Options > While Waiting > Pause the Execution, in a real n8n (regular mode): the node submits every
// item, pauses the execution, and the provider's callbacks (to the node's own resume URL) wake it up;
// it resumes with the videos once every task is over. Also what must not resume it (a wrong token or
// signature, an early callback, a second callback at the end), a failed task, Stop while paused, and a
// provider that never calls back (Max Wait: the items come out with timedOut: true).
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { N8nExecutions, type ExecutionSummary } from '../../tooling/n8n/n8nExecutions';
import { N8nRest } from '../../tooling/n8n/n8nRest';
import { freePort, N8n, stopProcess } from '../../tooling/n8n/n8nRunner';
import { FoxApiSimulator } from '../../tooling/simulator/foxApi';
import { KlingAiSimulator, webhookHeaders } from '../../tooling/simulator/klingAi';
import { ToApisSimulator } from '../../tooling/simulator/toApis';
import { webhookItemsWorkflowWithNext } from '../../tooling/workflows';

const KEY = 'park-e2e-key-0001';
const SECRET = 'whsec_cGFyay1lMmUtd2ViaG9vay1zZWNyZXQtMDAwMQ==';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const sims = {} as {
	fox: FoxApiSimulator;
	kling: KlingAiSimulator;
	toApis: ToApisSimulator;
	stop: FoxApiSimulator;
	silent: FoxApiSimulator;
};
let n8n: N8n;
let child: ChildProcess;
let executions: N8nExecutions;
let base: string;
/** When the never-calling-back execution was started (its Max Wait runs while the other tests do). */
let silentStartedAt: number;

const park = (extra: Record<string, unknown> = {}) => ({
	operation: 'textToVideo',
	prompt: '={{ $json.prompt }}',
	options: { waitMode: 'park', maxWaitMinutes: 5, ...extra },
});
const FLOWS = {
	fox: { id: 'parkfoxflow00001', path: 'park-fox', provider: 'foxApi', cred: 'foxApiApi' },
	kling: { id: 'parkklingflow001', path: 'park-kling', provider: 'klingAi', cred: 'klingAiApi' },
	toApis: { id: 'parktoapisflow01', path: 'park-toapis', provider: 'toApis', cred: 'toApisApi' },
	stop: { id: 'parkstopflow0001', path: 'park-stop', provider: 'foxApi', cred: 'foxApiApi' },
	silent: { id: 'parksilentflow01', path: 'park-silent', provider: 'foxApi', cred: 'foxApiApi' },
} as const;

async function trigger(flow: keyof typeof FLOWS, prompts: string[]): Promise<void> {
	const answer = await fetch(`${base}/webhook/${FLOWS[flow].path}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ prompts: prompts.map((prompt) => ({ prompt })) }),
	});
	expect(answer.status).toBe(200);
}

async function waitForStatus(flow: keyof typeof FLOWS, status: string): Promise<ExecutionSummary> {
	const [execution] = await executions.waitFor(
		FLOWS[flow].id,
		(list) => list.length === 1 && list[0].status === status,
		240_000,
	);
	return execution;
}

const items = async (id: string, node = 'Kling Video') =>
	(await executions.get(id)).runData[node]?.[0]?.data?.main[0] ?? [];

const post = (url: string, headers: Record<string, string> = {}, body = '{}') =>
	fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

beforeAll(async () => {
	sims.fox = await FoxApiSimulator.start({ apiKey: KEY, renderMs: 5_000 });
	sims.kling = await KlingAiSimulator.start({ apiKey: KEY, renderMs: 6_000 });
	sims.kling.webhookSecret = SECRET;
	sims.kling.sendCallbacks = false;
	sims.toApis = await ToApisSimulator.start({ apiKey: KEY, renderMs: 3_000 });
	sims.stop = await FoxApiSimulator.start({ apiKey: KEY, renderMs: 600_000 });
	sims.silent = await FoxApiSimulator.start({ apiKey: KEY, renderMs: 2_000 });
	sims.silent.sendCallbacks = false;
	const port = await freePort();
	base = `http://127.0.0.1:${port}`;
	n8n = new N8n({ load: 'extension', extraEnv: { WEBHOOK_URL: `${base}/` } });
	const names = Object.keys(FLOWS) as Array<keyof typeof FLOWS>;
	await n8n.importCredentials(
		names.map((name, index) => ({
			id: `parkcredential0${index}`,
			name: `${name} (simulator)`,
			type: FLOWS[name].cred,
			data:
				name === 'kling'
					? {
							authentication: 'apiKey',
							apiKey: KEY,
							baseUrl: sims.kling.baseUrl,
							webhookSecret: SECRET,
						}
					: { apiKey: KEY, baseUrl: sims[name].baseUrl },
		})),
	);
	for (const [index, name] of names.entries()) {
		const flow = FLOWS[name];
		const options = name === 'silent' ? { maxWaitMinutes: 2 } : {};
		await n8n.importWorkflow(
			webhookItemsWorkflowWithNext(
				flow.id,
				flow.path,
				`7b1f2c63-4a2c-4e8f-8b66-1d9f3c5a7b0${index}`,
				n8n.nodeType,
				`parkcredential0${index}`,
				{ provider: flow.provider, ...park(options) },
			),
		);
	}
	child = await n8n.start(port);
	const rest = new N8nRest(base);
	await rest.setupOwnerAndLogin();
	for (const name of names) await rest.activateWorkflow(FLOWS[name].id);
	executions = new N8nExecutions(rest, n8n.hostDir);
	// Started first: its two minutes of Max Wait pass while the other tests run.
	silentStartedAt = Date.now();
	await trigger('silent', ['never called back 1', 'never called back 2']);
}, 600_000);

afterAll(async () => {
	if (child) await stopProcess(child);
	n8n?.dispose();
	await Promise.all(Object.values(sims).map((sim) => sim?.close()));
});

describe('While Waiting: Pause the Execution, in a real n8n', () => {
	it('FoxAPI, 3 items: waiting while they render, resumed by the callbacks with every video; no status check while paused; billed once', async () => {
		const sim = sims.fox;
		await trigger('fox', ['a cat surfing', 'a dog skiing', 'a fox dancing']);
		const waiting = await waitForStatus('fox', 'waiting');
		const parkedAt = Date.now();
		const done = await waitForStatus('fox', 'success');
		expect(done.id).toBe(waiting.id);

		// Every item was submitted once, with the node's own resume URL (n8n 2.x's signature kept).
		expect(sim.acceptedSubmits).toHaveLength(3);
		const resume = `${base}/webhook-waiting/${done.id}/e2e-kling?`;
		for (const task of sim.acceptedSubmits) {
			const url = String(task.body.callback_url);
			expect(url.startsWith(resume)).toBe(true);
			expect(new URL(url).searchParams.get('kling_token')).toMatch(/^[\w-]{32}$/);
			expect(new URL(url).searchParams.has('signature')).toBe(n8n.line === 2);
		}
		expect(sim.callbacks.map((call) => call.status)).toEqual([200, 200, 200]);

		// Status checks: one read of each task before the pause, then only what a callback set off.
		const firstCallback = Math.min(...sim.callbacks.map((call) => call.at));
		const reads = sim.api.requests.filter(
			(request) => request.method === 'GET' && request.path.startsWith('/v1/tasks/'),
		);
		const beforeCallbacks = reads.filter((request) => request.at < firstCallback);
		expect(beforeCallbacks.length).toBeLessThanOrEqual(3);
		expect(beforeCallbacks.every((request) => request.at < parkedAt)).toBe(true);

		const output = await items(done.id);
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		const prompts = ['a cat surfing', 'a dog skiing', 'a fox dancing'];
		for (const [index, item] of output.entries()) {
			const task = sim.acceptedSubmits.find((entry) => entry.id === item.json.taskId);
			expect(task?.body.prompt).toBe(prompts[index]);
			expect(item.json.status).toBe('completed');
			expect(item.json.timedOut).toBeUndefined();
			expect(item.binary?.data?.mimeType).toBe('video/mp4');
		}
		// Each video downloaded once; the next node ran once, on all three.
		for (const task of sim.acceptedSubmits)
			expect(
				sim.files.requests.filter((request) => request.path === `/videos/${task.id}.mp4`),
			).toHaveLength(1);
		const after = (await executions.get(done.id)).runData.After;
		expect(after).toHaveLength(1);
		expect(after[0].data!.main[0]).toHaveLength(3);
	});

	it('Kling AI, signed callbacks: a wrong token or signature and an early callback leave it paused; two callbacks at the end resume it once', async () => {
		const sim = sims.kling;
		await trigger('kling', ['a red kite', 'a blue boat']);
		const waiting = await waitForStatus('kling', 'waiting');
		expect(sim.acceptedSubmits).toHaveLength(2);
		const url = String(
			(sim.acceptedSubmits[0].body.options as Record<string, unknown>).callback_url,
		);
		const [first] = sim.acceptedSubmits;
		const signed = (body: string, secret = SECRET) => webhookHeaders(secret, first.id, body);
		const body = JSON.stringify({ id: first.id, status: 'processing' });

		const wrongToken = new URL(url);
		wrongToken.searchParams.set('kling_token', 'x'.repeat(32));
		expect((await post(wrongToken.toString(), signed(body), body)).status).toBe(403);
		expect((await post(url, signed(body, 'whsec_b3RoZXItc2VjcmV0'), body)).status).toBe(401);
		expect((await post(url, {}, body)).status).toBe(401);
		const queriesBefore = sim.taskQueries.length;
		const early = await post(url, signed(body), body);
		expect(early.status).toBe(200);
		expect(await early.json()).toMatchObject({ received: true, resumed: false });
		// The early one asked the provider, in one query for both tasks.
		expect(sim.taskQueries.slice(queriesBefore)).toEqual([
			{ ids: sim.acceptedSubmits.map((task) => task.id), by: 'task_ids' },
		]);
		expect((await executions.list(FLOWS.kling.id))[0].status).toBe('waiting');

		// Both renders over: two callbacks at once.
		await sleep(Math.max(0, first.createdAt + first.renderMs + 500 - Date.now()));
		const last = JSON.stringify({ id: first.id, status: 'succeed' });
		const answers = await Promise.all([
			post(url, signed(last), last),
			post(url, signed(last), last),
		]);
		expect(answers.map((answer) => answer.status)).toContain(200);
		const done = await waitForStatus('kling', 'success');
		expect(done.id).toBe(waiting.id);
		const after = (await executions.get(done.id)).runData.After;
		expect(after).toHaveLength(1);
		const output = await items(done.id);
		expect(output).toHaveLength(2);
		for (const item of output) expect(item.binary?.data?.mimeType).toBe('video/mp4');
		// A late callback finds the execution finished.
		expect((await post(url, signed(last), last)).status).toBe(409);
	});

	it('ToAPIs, a failed task: resumed with the video and an error item, in order; the execution succeeds', async () => {
		await trigger('toApis', ['a calm lake', 'a storm [fail]']);
		const done = await waitForStatus('toApis', 'success');
		const [ok, failed] = await items(done.id);
		expect(ok.json.status).toBe('completed');
		expect(ok.binary?.data?.mimeType).toBe('video/mp4');
		expect(failed.pairedItem).toEqual({ item: 1 });
		expect(failed.json).toMatchObject({
			taskStatus: 'failed',
			taskId: sims.toApis.acceptedSubmits.find((task) =>
				String(task.body.prompt).includes('[fail]'),
			)?.id,
		});
		expect(String(failed.json.error)).not.toBe('');
		expect(failed.binary).toBeUndefined();
	});

	it('Stop while paused: the execution is canceled, and a later callback does not bring it back', async () => {
		await trigger('stop', ['a very long film']);
		const waiting = await waitForStatus('stop', 'waiting');
		await executions.stop(waiting.id);
		await waitForStatus('stop', 'canceled');
		const url = String(sims.stop.acceptedSubmits[0].body.callback_url);
		const late = await post(url);
		expect(late.status).toBeGreaterThanOrEqual(400);
		await sleep(1_000);
		expect((await executions.list(FLOWS.stop.id))[0].status).toBe('canceled');
		expect(sims.stop.files.requests).toHaveLength(0);
	});

	it('a provider that never calls back: at Max Wait the execution goes on with the tasks, timedOut: true', async () => {
		const done = await waitForStatus('silent', 'success');
		const elapsed = Date.now() - silentStartedAt;
		const output = await items(done.id);
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		for (const [index, item] of output.entries()) {
			expect(item.json).toMatchObject({
				timedOut: true,
				taskId: sims.silent.acceptedSubmits.find(
					(task) => task.body.prompt === `never called back ${index + 1}`,
				)?.id,
				provider: 'foxApi',
			});
			expect(item.binary).toBeUndefined();
		}
		expect((await executions.get(done.id)).runData.After[0].data!.main[0]).toHaveLength(2);
		// Nothing polled while it waited: the reads are the one before the pause.
		const reads = sims.silent.api.requests.filter((request) => request.method === 'GET');
		expect(reads.length).toBeLessThanOrEqual(2);
		console.log(
			`[park] the never-called-back execution resumed at Max Wait after ${(elapsed / 1000).toFixed(0)} s`,
		);
	}, 300_000);
});
