// Kling AI's current design with an API-key credential, in a real n8n on each line: the FoxAPI
// text-to-video seed example (examples/000, its negative prompt removed, which the current design
// does not take) switched to Kling AI, over 6 items.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { IDataObject } from 'n8n-workflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { N8n, ROOT } from '../../tooling/n8n/n8nRunner';
import { KlingAiSimulator } from '../../tooling/simulator/klingAi';
import { itemsWorkflow } from '../../tooling/workflows';

const KEY = 'kling-current-e2e-key-0123456789';
const ITEMS = 6;

let sim: KlingAiSimulator;
let n8n: N8n;
let parameters: IDataObject;
beforeAll(async () => {
	sim = await KlingAiSimulator.start({ apiKey: KEY, renderMs: 2500 });
	n8n = new N8n({ load: 'extension' });
	const example = JSON.parse(
		readFileSync(path.join(ROOT, 'examples', '000_bbaf951555d62f40-1.json'), 'utf8'),
	) as { nodes: Array<{ type: string; parameters: IDataObject }> };
	const node = example.nodes.find((candidate) => candidate.type.endsWith('.klingVideo'))!;
	const { additionalFields, ...rest } = node.parameters as IDataObject & {
		additionalFields: IDataObject;
	};
	const { negativePrompt, ...others } = additionalFields;
	expect(negativePrompt).toBeDefined();
	parameters = {
		...rest,
		additionalFields: others,
		provider: 'klingAi',
		prompt: `={{ ${JSON.stringify(String(rest.prompt))} + ' #' + $json.n }}`,
		options: { pollIntervalSeconds: 1 },
	};
	await n8n.importCredentials([
		{
			id: 'credklingapikey1',
			name: 'Kling AI (API key)',
			type: 'klingAiApi',
			data: { authentication: 'apiKey', apiKey: KEY, baseUrl: sim.baseUrl },
		},
	]);
	const rows = Array.from({ length: ITEMS }, (_, n) => ({ n }));
	await n8n.importWorkflow(
		itemsWorkflow('wfklingcurrent01', n8n.nodeType, 'credklingapikey1', rows, parameters),
	);
}, 600_000);
afterAll(async () => {
	n8n?.dispose();
	await sim?.close();
});

describe("Kling AI's current design in a real n8n", () => {
	it('6 items: each submitted once at /text-to-video/kling-3.0 with the current body, completed with its video and cost, status read together', async () => {
		const before = sim.api.requests.length;
		const queries = sim.taskQueries.length;
		const run = await n8n.execute('wfklingcurrent01');
		const items = run.runData['Kling Video']?.[0]?.data?.main[0] ?? [];
		expect(run.runData['Kling Video']?.[0]?.error).toBeUndefined();
		expect(items).toHaveLength(ITEMS);
		const submits = sim.api.requests.slice(before).filter((request) => request.method === 'POST');
		expect(submits).toHaveLength(ITEMS);
		for (const [index, submit] of submits.entries()) {
			expect(submit.path).toBe('/text-to-video/kling-3.0');
			expect(submit.headers.authorization).toBe(`Bearer ${KEY}`);
			expect(Object.keys(submit.body as object)).toEqual(['prompt', 'settings', 'options']);
			expect((submit.body as { settings: unknown }).settings).toEqual({
				resolution: '1080p',
				aspect_ratio: '16:9',
				duration: 10,
				audio: 'native',
			});
			void index;
		}
		for (const item of items) {
			expect(item.json).toMatchObject({
				provider: 'klingAi',
				model: 'kling-3.0',
				status: 'completed',
				cost: { amount: 5, unit: 'units', packageType: 'video' },
			});
			expect(item.binary?.data).toMatchObject({ mimeType: 'video/mp4' });
		}
		const statusQueries = sim.taskQueries.slice(queries).filter((query) => query.by === 'task_ids');
		expect(Math.max(...statusQueries.map((query) => query.ids.length))).toBeGreaterThan(1);
		expect(statusQueries.length).toBeLessThan(ITEMS * 2);
	});
});
