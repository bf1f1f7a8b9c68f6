// Not holding a worker: with Wait for Completion off and a Callback URL, the item comes out at once
// and the provider reports the finished task to the URL (in a workflow: a Wait node's resume URL).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { runKlingNode } from '../../tooling/harness/n8n';
import type { ProviderSimulator } from '../../tooling/simulator/base';
import { listen, type RunningServer } from '../../tooling/simulator/http';
import { SIMULATED, type SimulatedProvider } from '../../tooling/simulator';

const KEY = 'callback-key-01234567';
const sims = {} as Record<SimulatedProvider, ProviderSimulator>;
let receiver: RunningServer;

beforeAll(async () => {
	for (const provider of Object.keys(SIMULATED) as SimulatedProvider[]) {
		sims[provider] = await SIMULATED[provider].start({ apiKey: KEY, renderMs: 300 });
	}
	receiver = await listen((_, response) => {
		response.writeHead(200);
		response.end('ok');
	});
});
afterAll(async () => {
	await Promise.all(Object.values(sims).map((sim) => sim.close()));
	await receiver.close();
});

const run = (provider: SimulatedProvider, callbackUrl: string) =>
	runKlingNode({
		parameters: {
			provider,
			operation: 'textToVideo',
			prompt: 'call me back',
			duration: 5,
			waitForCompletion: false,
			options: { callbackUrl },
		},
		credentials: {
			[SIMULATED[provider].credential]: SIMULATED[provider].credentialData(
				KEY,
				sims[provider].baseUrl,
			),
		},
	});

async function until(check: () => boolean, ms = 5000) {
	const deadline = Date.now() + ms;
	while (!check() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
}

describe('Callback URL', () => {
	for (const provider of ['foxApi', 'toApis', 'klingAi'] as SimulatedProvider[]) {
		it(`${provider}: sent as callback_url; the item comes out at once and the provider calls back when done`, async () => {
			const url = `${receiver.url}/resume/${provider}`;
			const result = await run(provider, url);
			expect(result.error).toBeUndefined();
			expect(['submitted', 'processing']).toContain(result.output[0].json.status);
			expect(sims[provider].acceptedSubmits.at(-1)!.body.callback_url).toBe(url);
			await until(() =>
				receiver.requests.some((request) => request.path === `/resume/${provider}`),
			);
			const call = receiver.requests.find((request) => request.path === `/resume/${provider}`)!;
			expect(call.method).toBe('POST');
			expect(JSON.stringify(call.body)).toMatch(/"(completed|succeed)"/);
		});
	}

	it('UniAll documents no callback: the option is not offered there (n8n drops it), nothing goes out as a callback', async () => {
		const url = `${receiver.url}/resume/uniAll`;
		const result = await run('uniAll', url);
		expect(result.error).toBeUndefined();
		expect(result.output[0].json.status).toBe('submitted');
		expect(JSON.stringify(sims.uniAll.acceptedSubmits.at(-1)!.body)).not.toContain(url);
	});

	it('a callback that is not an http(s) URL is refused', async () => {
		const result = await run('foxApi', 'resume please');
		expect(result.error?.message).toBe(
			'Invalid "Callback URL" [item 0]: must be an http(s) URL, e.g. {{ $execution.resumeUrl }}',
		);
	});
});
