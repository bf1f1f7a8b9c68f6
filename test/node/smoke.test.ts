import { afterAll, beforeAll, expect, it } from 'vitest';

import { FoxApiSimulator } from '../simulator/foxApi';
import { SAMPLE_MP4 } from '../simulator/files';
import { binaryBuffer, runKlingNode } from '../harness/n8n';

let sim: FoxApiSimulator;
beforeAll(async () => {
	sim = await FoxApiSimulator.start({ renderMs: 1200 });
});
afterAll(async () => sim.close());

it('smoke', async () => {
	const result = await runKlingNode({
		parameters: { provider: 'foxApi', operation: 'textToVideo', prompt: 'a fox', duration: 5, options: { pollIntervalSeconds: 1 } },
		credentials: { foxApiApi: { apiKey: 'test-key', baseUrl: sim.baseUrl } },
	});
	console.log(JSON.stringify(result.error ?? result.output[0]?.json, null, 1).slice(0, 1500));
	expect(result.error).toBeUndefined();
	const binary = result.output[0].binary!.data;
	expect(await binaryBuffer(binary)).toEqual(SAMPLE_MP4);
	console.log(sim.api.requests.map((r) => `${r.method} ${r.path} ${r.rawBody}`));
});
