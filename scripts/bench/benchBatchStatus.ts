// Bench row for Kling AI's current design (used by scripts/bench.ts): status requests per item when the
// run's tasks are read together (GET /tasks?task_ids=a,b,c), 50 items against one, default options.
import { runKlingNode } from '../../tooling/harness/n8n';
import { KlingAiSimulator } from '../../tooling/simulator/klingAi';

const KEY = 'bench-batch-key';
const RENDER_MS = 20_000;

export async function batchStatusRow(log: (message: string) => void) {
	const sim = await KlingAiSimulator.start({ apiKey: KEY, renderMs: RENDER_MS });
	const run = async (items: number) => {
		const from = sim.taskQueries.length;
		const result = await runKlingNode({
			parameters: {
				provider: 'klingAi',
				operation: 'textToVideo',
				prompt: '={{ $json.prompt }}',
				duration: 5,
				options: { download: false },
			},
			credentials: { klingAiApi: { authentication: 'apiKey', apiKey: KEY, baseUrl: sim.baseUrl } },
			items: Array.from({ length: items }, (_, index) => ({ prompt: `clip ${index}` })),
		});
		if (result.error) throw new Error(result.error.message);
		const queries = sim.taskQueries.slice(from).filter((query) => query.by === 'task_ids');
		return {
			items,
			statusRequests: queries.length,
			idsPerRequestMax: Math.max(...queries.map((q) => q.ids.length)),
		};
	};
	try {
		log(`batch status: Kling AI current design, 1 item then 50, T = ${RENDER_MS / 1000} s`);
		const one = await run(1);
		const fifty = await run(50);
		return {
			renderSeconds: RENDER_MS / 1000,
			oneItem: one,
			fiftyItems: fifty,
			statusRequestsPerItem: Number((fifty.statusRequests / 50).toFixed(2)),
			fiftyOverOne: Number((fifty.statusRequests / one.statusRequests).toFixed(2)),
			goal: '50 items cost about as many status requests as one',
		};
	} finally {
		await sim.close();
	}
}
