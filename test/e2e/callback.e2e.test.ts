// The pattern that frees the worker, in a running n8n: the node submits with Wait for Completion off and
// Callback URL = {{ $execution.resumeUrl }}, a Wait node ("On Webhook Call") parks the execution, the
// simulator calls the resume URL when the video is done, and Get Task collects it. examples/
// callback-wait-get-task.json with its Manual Trigger swapped for a Webhook trigger, so that it can be
// started without the editor. On n8n 2.x the resume URL is signed and activation publishes the workflow in
// the background (see docs/n8n-hosts.md).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, expect, it } from 'vitest';

import { N8nRest } from '../../tooling/n8n/n8nRest';
import { freePort, N8n, prepareWorkflow, ROOT, stopProcess } from '../../tooling/n8n/n8nRunner';
import { FoxApiSimulator } from '../../tooling/simulator/foxApi';
import { withWebhookTrigger } from '../../tooling/workflows';

const KEY = 'callback-e2e-key-0001';
let sim: FoxApiSimulator;
let n8n: N8n;
let child: ChildProcess;
let rest: N8nRest;
let base: string;

beforeAll(async () => {
	sim = await FoxApiSimulator.start({ apiKey: KEY, renderMs: 2000 });
	const port = await freePort();
	base = `http://127.0.0.1:${port}`;
	// The resume URL must point at this n8n as the simulator can reach it.
	n8n = new N8n({ load: 'extension', extraEnv: { WEBHOOK_URL: `${base}/` } });
	await n8n.importCredentials([
		{
			id: 'callbackcred0001',
			name: 'FoxAPI (simulator)',
			type: 'foxApiApi',
			data: { apiKey: KEY, baseUrl: sim.baseUrl },
		},
	]);
	const example = JSON.parse(
		readFileSync(path.join(ROOT, 'examples', 'callback-wait-get-task.json'), 'utf8'),
	);
	const workflow = prepareWorkflow(example, 'callbackflow0001', n8n.nodeType, 'callbackcred0001', {
		pollIntervalSeconds: 1,
	});
	await n8n.importWorkflow(
		withWebhookTrigger(workflow, 'kling-callback-e2e', '0c2f4b7a-9d1e-4f3a-8b6c-5e7d9a1b3c2f'),
	);
	child = await n8n.start(port);
	rest = new N8nRest(base);
	await rest.setupOwnerAndLogin();
	// 2.x publishes an activated workflow in the background: this waits until its webhook is live.
	await rest.activateWorkflow('callbackflow0001');
});

afterAll(async () => {
	if (child) await stopProcess(child);
	n8n?.dispose();
	await sim?.close();
});

it('submits, parks on the Wait node, resumes on the provider callback, and Get Task collects the video', async () => {
	const started = await fetch(`${base}/webhook/kling-callback-e2e`, { method: 'POST' });
	expect(started.status).toBe(200);

	const deadline = Date.now() + 90_000;
	let executions: Array<{ id: string; status: string }> = [];
	while (Date.now() < deadline) {
		const list = await rest.call(
			'GET',
			`/rest/executions?filter=${encodeURIComponent(JSON.stringify({ workflowId: 'callbackflow0001' }))}`,
		);
		executions = list.json?.data?.results ?? [];
		if (
			executions.some((execution) => execution.status === 'success' || execution.status === 'error')
		)
			break;
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
	expect(executions.map((execution) => execution.status)).toEqual(['success']);

	// The task was submitted once, with the execution's resume URL as callback_url ...
	const [task] = sim.acceptedSubmits;
	expect(sim.acceptedSubmits).toHaveLength(1);
	const callbackUrl = String(task.body.callback_url);
	const resumeUrl = `${base}/webhook-waiting/${executions[0].id}`;
	// n8n 2.x signs resume URLs: ?signature=<HMAC-SHA256 hex> (the node sends the URL as n8n gives it).
	if (n8n.line === 1) expect(callbackUrl).toBe(resumeUrl);
	else
		expect(callbackUrl).toMatch(
			new RegExp(`^${resumeUrl.replace(/[.]/g, '\\.')}\\?signature=[0-9a-f]{64}$`),
		);
	// ... the simulator called it back and n8n accepted it ...
	expect(sim.callbacks.map((call) => [call.url, call.status])).toEqual([[callbackUrl, 200]]);
	// ... and only then did Get Task read the task and download the video (no polling while parked).
	const resumedAt = sim.callbacks[0].at;
	const statusReads = sim.api.requests.filter(
		(request) => request.method === 'GET' && request.path.startsWith('/v1/tasks/'),
	);
	expect(statusReads.length).toBeGreaterThan(0);
	expect(statusReads.every((request) => request.at >= resumedAt)).toBe(true);
	expect(
		sim.files.requests.filter((request) => request.path === `/videos/${task.id}.mp4`),
	).toHaveLength(1);
});
