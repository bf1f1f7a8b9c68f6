// Options > While Waiting > Pause the Execution, in a real n8n (regular mode): the node submits every
// item, pauses the execution, and the provider's callbacks (to the node's own resume URL) wake it up;
// it resumes with the videos once every task is over. Also what must not resume it (a wrong token or
// signature, an early callback, a second callback at the end), a failed task, Stop while paused, and a
// provider that never calls back (Max Wait: the items come out with timedOut: true). The scenarios are
// in parkScenarios.ts; park.queue.e2e.test.ts runs them in queue mode.
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe } from 'vitest';

import { N8nExecutions } from '../../tooling/n8n/n8nExecutions';
import { N8nRest } from '../../tooling/n8n/n8nRest';
import { freePort, N8n, stopProcess } from '../../tooling/n8n/n8nRunner';
import {
	closeParkSims,
	PARK_FLOW_IDS,
	parkCredentials,
	parkScenarioTests,
	parkWorkflows,
	startNeverCalledBack,
	startParkSims,
	type ParkWorld,
} from './parkScenarios';

let n8n: N8n;
let child: ChildProcess;
let world: ParkWorld;
/** When the never-calling-back execution was started (its Max Wait runs while the other tests do). */
let silentStartedAt: number;

beforeAll(async () => {
	const sims = await startParkSims();
	const port = await freePort();
	const base = `http://127.0.0.1:${port}`;
	n8n = new N8n({ load: 'extension', extraEnv: { WEBHOOK_URL: `${base}/` } });
	await n8n.importCredentials(parkCredentials(sims));
	for (const workflow of parkWorkflows(n8n.nodeType)) await n8n.importWorkflow(workflow);
	child = await n8n.start(port);
	const rest = new N8nRest(base);
	await rest.setupOwnerAndLogin();
	for (const id of PARK_FLOW_IDS) await rest.activateWorkflow(id);
	world = { base, line: n8n.line, executions: new N8nExecutions(rest, n8n.hostDir), sims };
	// Started first: its two minutes of Max Wait pass while the other tests run.
	silentStartedAt = await startNeverCalledBack(world);
}, 600_000);

afterAll(async () => {
	if (child) await stopProcess(child);
	n8n?.dispose();
	await closeParkSims(world?.sims);
});

describe('While Waiting: Pause the Execution, in a real n8n', () =>
	parkScenarioTests(() => ({ world, silentStartedAt })));
