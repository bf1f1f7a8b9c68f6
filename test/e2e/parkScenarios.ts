// Park mode's end-to-end scenarios, run in regular mode (park.e2e.test.ts) and in queue mode
// (park.queue.e2e.test.ts) alike: the simulators, the credentials and workflows they need, and one
// function per scenario. Each scenario triggers its own workflow through the Webhook trigger and reads
// the executions back through n8n's REST API (in queue mode: the main, where the callbacks arrive too).
import { expect, it } from 'vitest';

import type { ExecutionSummary, N8nExecutions } from '../../tooling/n8n/n8nExecutions';
import type { N8nLine } from '../../tooling/n8n/n8nRunner';
import { FoxApiSimulator } from '../../tooling/simulator/foxApi';
import { KlingAiSimulator, webhookHeaders } from '../../tooling/simulator/klingAi';
import { ToApisSimulator } from '../../tooling/simulator/toApis';
import { webhookItemsWorkflowWithNext } from '../../tooling/workflows';

const KEY = 'park-e2e-key-0001';
const SECRET = 'whsec_cGFyay1lMmUtd2ViaG9vay1zZWNyZXQtMDAwMQ==';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface ParkSims {
	fox: FoxApiSimulator;
	kling: KlingAiSimulator;
	toApis: ToApisSimulator;
	stop: FoxApiSimulator;
	silent: FoxApiSimulator;
}

export interface ParkWorld {
	/** Where n8n (its main) answers. */
	base: string;
	line: N8nLine;
	executions: N8nExecutions;
	sims: ParkSims;
}

export const FLOWS = {
	fox: { id: 'parkfoxflow00001', path: 'park-fox', provider: 'foxApi', cred: 'foxApiApi' },
	kling: { id: 'parkklingflow001', path: 'park-kling', provider: 'klingAi', cred: 'klingAiApi' },
	toApis: { id: 'parktoapisflow01', path: 'park-toapis', provider: 'toApis', cred: 'toApisApi' },
	stop: { id: 'parkstopflow0001', path: 'park-stop', provider: 'foxApi', cred: 'foxApiApi' },
	silent: { id: 'parksilentflow01', path: 'park-silent', provider: 'foxApi', cred: 'foxApiApi' },
} as const;
type Flow = keyof typeof FLOWS;
const NAMES = Object.keys(FLOWS) as Flow[];

export async function startParkSims(): Promise<ParkSims> {
	const sims = {
		fox: await FoxApiSimulator.start({ apiKey: KEY, renderMs: 5_000 }),
		kling: await KlingAiSimulator.start({ apiKey: KEY, renderMs: 6_000 }),
		toApis: await ToApisSimulator.start({ apiKey: KEY, renderMs: 3_000 }),
		stop: await FoxApiSimulator.start({ apiKey: KEY, renderMs: 600_000 }),
		silent: await FoxApiSimulator.start({ apiKey: KEY, renderMs: 2_000 }),
	};
	// The Kling callbacks are the test's own (signed, forged, early, doubled); this one never calls back.
	sims.kling.webhookSecret = SECRET;
	sims.kling.sendCallbacks = false;
	sims.silent.sendCallbacks = false;
	return sims;
}

export const closeParkSims = async (sims?: ParkSims) =>
	await Promise.all(Object.values(sims ?? {}).map((sim) => sim.close()));

export function parkCredentials(sims: ParkSims) {
	return NAMES.map((name, index) => ({
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
	}));
}

/** Webhook -> Split Out -> Kling Video (While Waiting: Pause) -> After, one per scenario. */
export function parkWorkflows(nodeType: string) {
	return NAMES.map((name, index) =>
		webhookItemsWorkflowWithNext(
			FLOWS[name].id,
			FLOWS[name].path,
			`7b1f2c63-4a2c-4e8f-8b66-1d9f3c5a7b0${index}`,
			nodeType,
			`parkcredential0${index}`,
			{
				provider: FLOWS[name].provider,
				operation: 'textToVideo',
				prompt: '={{ $json.prompt }}',
				options: { waitMode: 'park', maxWaitMinutes: name === 'silent' ? 2 : 5 },
			},
		),
	);
}

export const PARK_FLOW_IDS = NAMES.map((name) => FLOWS[name].id);

async function trigger(world: ParkWorld, flow: Flow, prompts: string[]): Promise<void> {
	const answer = await fetch(`${world.base}/webhook/${FLOWS[flow].path}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ prompts: prompts.map((prompt) => ({ prompt })) }),
	});
	expect(answer.status).toBe(200);
}

async function waitForStatus(
	world: ParkWorld,
	flow: Flow,
	status: string,
): Promise<ExecutionSummary> {
	const [execution] = await world.executions.waitFor(
		FLOWS[flow].id,
		(list) => list.length === 1 && list[0].status === status,
		240_000,
	);
	return execution;
}

const items = async (world: ParkWorld, id: string, node = 'Kling Video') =>
	(await world.executions.get(id)).runData[node]?.[0]?.data?.main[0] ?? [];

const post = (url: string, headers: Record<string, string> = {}, body = '{}') =>
	fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

/**
 * Each of the `count` callbacks answered (waited for: the execution can finish before the last answer
 * reaches the simulator): 200, or 409 for one that arrived after another had resumed the execution (the
 * renders end within milliseconds of each other, so which callback resumes it is a race).
 */
export async function expectCallbacksAnswered(sim: FoxApiSimulator, count: number): Promise<void> {
	const until = Date.now() + 30_000;
	const settled = () =>
		sim.callbacks.length >= count && sim.callbacks.every((call) => call.status !== 'pending');
	while (!settled() && Date.now() < until) await sleep(100);
	const answers = sim.callbacks.map((call) => call.status);
	const slowest = Math.max(...sim.callbacks.map((call) => (call.answeredAt ?? Infinity) - call.at));
	console.log(
		`[park] ${answers.length} callbacks answered ${answers.join(', ')}; slowest in ${slowest} ms`,
	);
	expect(answers).toHaveLength(count);
	expect(answers.filter((status) => status !== 200 && status !== 409)).toEqual([]);
	expect(answers).toContain(200);
}

/** Starts the execution whose provider never calls back; returns when (its Max Wait runs meanwhile). */
export async function startNeverCalledBack(world: ParkWorld): Promise<number> {
	const startedAt = Date.now();
	await trigger(world, 'silent', ['never called back 1', 'never called back 2']);
	return startedAt;
}

/** FoxAPI, 3 items: waiting, then resumed by the callbacks with every video; no status check while paused. */
export async function resumedByCallbacks(world: ParkWorld): Promise<void> {
	const sim = world.sims.fox;
	await trigger(world, 'fox', ['a cat surfing', 'a dog skiing', 'a fox dancing']);
	const waiting = await waitForStatus(world, 'fox', 'waiting');
	const parkedAt = Date.now();
	const done = await waitForStatus(world, 'fox', 'success');
	expect(done.id).toBe(waiting.id);

	// Every item was submitted once, with the node's own resume URL (n8n 2.x's signature kept).
	expect(sim.acceptedSubmits).toHaveLength(3);
	const resume = `${world.base}/webhook-waiting/${done.id}/e2e-kling?`;
	for (const task of sim.acceptedSubmits) {
		const url = String(task.body.callback_url);
		expect(url.startsWith(resume)).toBe(true);
		expect(new URL(url).searchParams.get('kling_token')).toMatch(/^[\w-]{32}$/);
		expect(new URL(url).searchParams.has('signature')).toBe(world.line === 2);
	}
	await expectCallbacksAnswered(sim, 3);

	// Status checks: one read of each task before the pause, then only what a callback set off.
	const firstCallback = Math.min(...sim.callbacks.map((call) => call.at));
	const reads = sim.api.requests.filter(
		(request) => request.method === 'GET' && request.path.startsWith('/v1/tasks/'),
	);
	const beforeCallbacks = reads.filter((request) => request.at < firstCallback);
	expect(beforeCallbacks.length).toBeLessThanOrEqual(3);
	expect(beforeCallbacks.every((request) => request.at < parkedAt)).toBe(true);

	const output = await items(world, done.id);
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
	const after = (await world.executions.get(done.id)).runData.After;
	expect(after).toHaveLength(1);
	expect(after[0].data!.main[0]).toHaveLength(3);
}

/** Kling AI, signed: wrong token or signature and an early callback leave it paused; two at the end resume it once. */
export async function signedCallbacks(world: ParkWorld): Promise<void> {
	const sim = world.sims.kling;
	await trigger(world, 'kling', ['a red kite', 'a blue boat']);
	const waiting = await waitForStatus(world, 'kling', 'waiting');
	expect(sim.acceptedSubmits).toHaveLength(2);
	const url = String((sim.acceptedSubmits[0].body.options as Record<string, unknown>).callback_url);
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
	const queries = sim.taskQueries.slice(queriesBefore);
	expect(queries.map((query) => [query.by, [...query.ids].sort()])).toEqual([
		['task_ids', sim.acceptedSubmits.map((task) => task.id).sort()],
	]);
	expect((await world.executions.list(FLOWS.kling.id))[0].status).toBe('waiting');

	// Both renders over: two callbacks at once.
	await sleep(Math.max(0, first.createdAt + first.renderMs + 500 - Date.now()));
	const last = JSON.stringify({ id: first.id, status: 'succeed' });
	const answers = await Promise.all([post(url, signed(last), last), post(url, signed(last), last)]);
	expect(answers.map((answer) => answer.status)).toContain(200);
	const done = await waitForStatus(world, 'kling', 'success');
	expect(done.id).toBe(waiting.id);
	const after = (await world.executions.get(done.id)).runData.After;
	expect(after).toHaveLength(1);
	const output = await items(world, done.id);
	expect(output).toHaveLength(2);
	for (const item of output) expect(item.binary?.data?.mimeType).toBe('video/mp4');
	// A late callback finds the execution finished.
	expect((await post(url, signed(last), last)).status).toBe(409);
}

/** ToAPIs, a failed task: the video and an error item, in order; the execution succeeds. */
export async function failedTask(world: ParkWorld): Promise<void> {
	await trigger(world, 'toApis', ['a calm lake', 'a storm [fail]']);
	const done = await waitForStatus(world, 'toApis', 'success');
	const [ok, failed] = await items(world, done.id);
	expect(ok.json.status).toBe('completed');
	expect(ok.binary?.data?.mimeType).toBe('video/mp4');
	expect(failed.pairedItem).toEqual({ item: 1 });
	expect(failed.json).toMatchObject({
		taskStatus: 'failed',
		taskId: world.sims.toApis.acceptedSubmits.find((task) =>
			String(task.body.prompt).includes('[fail]'),
		)?.id,
	});
	expect(String(failed.json.error)).not.toBe('');
	expect(failed.binary).toBeUndefined();
}

/** Stop while paused: canceled, and a later callback does not bring it back. */
export async function stopWhilePaused(world: ParkWorld): Promise<void> {
	await trigger(world, 'stop', ['a very long film']);
	const waiting = await waitForStatus(world, 'stop', 'waiting');
	await world.executions.stop(waiting.id);
	await waitForStatus(world, 'stop', 'canceled');
	const url = String(world.sims.stop.acceptedSubmits[0].body.callback_url);
	const late = await post(url);
	expect(late.status).toBeGreaterThanOrEqual(400);
	await sleep(1_000);
	expect((await world.executions.list(FLOWS.stop.id))[0].status).toBe('canceled');
	expect(world.sims.stop.files.requests).toHaveLength(0);
}

/** The provider never called back: at Max Wait the execution goes on with the tasks, timedOut: true. */
export async function resumedAtMaxWait(world: ParkWorld, startedAt: number): Promise<void> {
	const done = await waitForStatus(world, 'silent', 'success');
	const elapsed = Date.now() - startedAt;
	const output = await items(world, done.id);
	expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	for (const [index, item] of output.entries()) {
		expect(item.json).toMatchObject({
			timedOut: true,
			taskId: world.sims.silent.acceptedSubmits.find(
				(task) => task.body.prompt === `never called back ${index + 1}`,
			)?.id,
			provider: 'foxApi',
		});
		expect(item.binary).toBeUndefined();
	}
	expect((await world.executions.get(done.id)).runData.After[0].data!.main[0]).toHaveLength(2);
	// Nothing polled while it waited: the reads are the one before the pause.
	const reads = world.sims.silent.api.requests.filter((request) => request.method === 'GET');
	expect(reads.length).toBeLessThanOrEqual(2);
	console.log(
		`[park] the never-called-back execution resumed at Max Wait after ${(elapsed / 1000).toFixed(0)} s`,
	);
}

/**
 * The scenarios as tests, for a file whose setup gives the world (and started the never-calling-back
 * execution first, so that its Max Wait passes while the others run).
 */
export function parkScenarioTests(
	setup: () => { world: ParkWorld; silentStartedAt: number },
): void {
	it('FoxAPI, 3 items: waiting while they render, resumed by the callbacks with every video; no status check while paused; billed once', async () =>
		await resumedByCallbacks(setup().world));
	it('Kling AI, signed callbacks: a wrong token or signature and an early callback leave it paused; two callbacks at the end resume it once', async () =>
		await signedCallbacks(setup().world));
	it('ToAPIs, a failed task: resumed with the video and an error item, in order; the execution succeeds', async () =>
		await failedTask(setup().world));
	it('Stop while paused: the execution is canceled, and a later callback does not bring it back', async () =>
		await stopWhilePaused(setup().world));
	it(
		'a provider that never calls back: at Max Wait (in queue mode a timed resume on a worker) the items come out with timedOut: true',
		async () => await resumedAtMaxWait(setup().world, setup().silentStartedAt),
		300_000,
	);
}
