// npm run bench:park: Options > While Waiting in n8n's queue mode (PostgreSQL, Redis, a main and one
// worker with 2 slots; tooling/n8n/n8nQueue.ts). 6 executions of 3 items, every task rendering T (30 s):
// with the execution kept running (poll) the 2 slots take about 3 waves; paused until the callbacks
// (park) every task renders at once. Prints, per mode: wall time / T, the most tasks rendering at once,
// status requests per task, callbacks, submits per item. Ratios and counts, not single times. Not a test.
//   N8N_LINE=1|2 (default 2), BENCH_RENDER_S (default 30)
import { N8nExecutions } from '../tooling/n8n/n8nExecutions';
import { N8nQueue } from '../tooling/n8n/n8nQueue';
import { EXTENSION_NODE_TYPE, lineFromEnv } from '../tooling/n8n/n8nRunner';
import { FoxApiSimulator } from '../tooling/simulator/foxApi';
import { peakRendering } from '../tooling/timeline';
import { webhookItemsWorkflow } from '../tooling/workflows';

const KEY = 'bench-park-key';
const RENDER_MS = Number(process.env.BENCH_RENDER_S ?? 30) * 1000;
const RUNS = 6;
const ITEMS = 3;
const MODES = ['park', 'poll'] as const;
const flowOf = (mode: string) => `benchpark${mode}0000`.slice(0, 16);

async function measure(
	queue: N8nQueue,
	sim: FoxApiSimulator,
	mode: (typeof MODES)[number],
): Promise<Record<string, unknown>> {
	const executions = new N8nExecutions(queue.rest, queue.n8n.hostDir);
	const submitsBefore = sim.acceptedSubmits.length;
	const requestsBefore = sim.api.requests.length;
	const callbacksBefore = sim.callbacks.length;
	const started = Date.now();
	await Promise.all(
		Array.from({ length: RUNS }, (_, run) =>
			fetch(`${queue.baseUrl}/webhook/bench-park-${mode}`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({
					prompts: Array.from({ length: ITEMS }, (_, item) => ({
						prompt: `${mode} ${run} ${item}`,
					})),
				}),
			}),
		),
	);
	const done = await executions.waitForFinished(flowOf(mode), RUNS, 10 * RENDER_MS);
	const wallMs = Math.max(...done.map((execution) => Date.parse(execution.stoppedAt!))) - started;
	const tasks = sim.acceptedSubmits.slice(submitsBefore);
	const statusReads = sim.api.requests
		.slice(requestsBefore)
		.filter((request) => request.method === 'GET').length;
	return {
		mode,
		executions: done.map((execution) => execution.status).join(','),
		wallPerRender: Number((wallMs / RENDER_MS).toFixed(2)),
		peakTasksRendering: peakRendering(tasks),
		submitsPerItem: Number((tasks.length / (RUNS * ITEMS)).toFixed(2)),
		statusReadsPerTask: Number((statusReads / tasks.length).toFixed(2)),
		callbacks: sim.callbacks.length - callbacksBefore,
	};
}

async function main() {
	const sim = await FoxApiSimulator.start({ apiKey: KEY, renderMs: RENDER_MS });
	const credential = {
		id: 'benchparkcred001',
		name: 'FoxAPI bench',
		type: 'foxApiApi',
		data: { apiKey: KEY, baseUrl: sim.baseUrl },
	};
	const workflows = MODES.map((mode, index) =>
		webhookItemsWorkflow(
			flowOf(mode),
			`bench-park-${mode}`,
			`9d3b4e85-6c4e-4a0b-8d88-3f1b5e7c9d0${index}`,
			EXTENSION_NODE_TYPE,
			credential.id,
			{
				provider: 'foxApi',
				operation: 'textToVideo',
				prompt: '={{ $json.prompt }}',
				options: { waitMode: mode, maxWaitMinutes: 10 },
			},
		),
	);
	const queue = await N8nQueue.start({
		binaryMode: 'database',
		workers: 1,
		workerConcurrency: 2,
		credentials: [credential],
		workflows,
		activate: MODES.map(flowOf),
	});
	const rows = [];
	try {
		for (const mode of MODES) {
			rows.push(await measure(queue, sim, mode));
			console.error(`[bench:park] ${JSON.stringify(rows.at(-1))}`);
		}
	} finally {
		await queue.stop();
		await sim.close();
	}
	console.log(
		JSON.stringify(
			{ line: lineFromEnv(2), renderSeconds: RENDER_MS / 1000, runs: RUNS, items: ITEMS, rows },
			null,
			2,
		),
	);
}

main().then(
	() => process.exit(0),
	(error) => {
		console.error(error);
		process.exit(1);
	},
);
