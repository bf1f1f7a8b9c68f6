// Room for models and fields the node does not know yet, on every provider inside n8n's engine: Custom
// Model Name replaces the model the node picks, Extra Body Fields are merged into the body last, neither
// changes how the request is authenticated, and the output's `model` is the one the provider says it used.
import type { INodeParameters } from 'n8n-workflow';
import { beforeEach, describe, expect, it } from 'vitest';

import type { SimulatedProvider } from '../../tooling/simulator';
import { runOn, simulatorsForAll } from './fixtures';

const KEY = 'override-key-0123456789';
const CUSTOM = 'kling-v9-next';
const sims = simulatorsForAll(KEY);
beforeEach(() => {
	for (const sim of Object.values(sims))
		Object.assign(sim, { extraModels: [CUSTOM], usedModel: undefined });
});

async function run(
	provider: SimulatedProvider,
	additionalFields: INodeParameters,
	parameters: INodeParameters = {},
) {
	const sim = sims[provider];
	const before = sim.api.requests.length;
	const result = await runOn(sims, KEY, provider, {
		operation: 'textToVideo',
		prompt: 'a kite over the dunes',
		duration: 5,
		additionalFields,
		options: { pollIntervalSeconds: 1, download: false, clientTaskId: false },
		...parameters,
	});
	const posts = sim.api.requests.slice(before).filter((request) => request.method === 'POST');
	return { result, posts, body: posts.at(-1)?.body as Record<string, unknown> | undefined };
}

/** Per provider: the model key, and an extra object that lands inside one the node already sends. */
const CASES: Array<[SimulatedProvider, string, Record<string, unknown>, Record<string, unknown>]> =
	[
		[
			'foxApi',
			'model',
			{ camera_control: { type: 'simple' } },
			{ camera_control: { type: 'simple' } },
		],
		[
			'uniAll',
			'model',
			{ extra_body: { element_list: [{ element_id: 'e1' }] } },
			{ extra_body: { negative_prompt: 'fog', element_list: [{ element_id: 'e1' }] } },
		],
		[
			'toApis',
			'model',
			{ metadata: { seed: 7 } },
			{ metadata: { negative_prompt: 'fog', seed: 7 } },
		],
		[
			'klingAi',
			'model_name',
			{ camera_control: { type: 'simple' } },
			{ camera_control: { type: 'simple' } },
		],
	];

describe.each(CASES)('%s', (provider, modelKey, extra, merged) => {
	it('sends the custom model in place of the derived one and merges the extra body last', async () => {
		const extraBody = JSON.stringify({ ...extra, Authorization: 'Bearer not-the-credential' });
		const { result, posts, body } = await run(provider, {
			negativePrompt: 'fog',
			customModel: CUSTOM,
			extraBody,
		});
		expect(result.error).toBeUndefined();
		expect(posts).toHaveLength(1);
		expect(body).toMatchObject({
			[modelKey]: CUSTOM,
			...merged,
			Authorization: 'Bearer not-the-credential',
		});
		// The model key stays first, where the provider documents it.
		expect(Object.keys(body!)[0]).toBe(modelKey);
		// Headers are the credential's, whatever the body says.
		const authorization = String(posts[0].headers.authorization);
		expect(authorization).not.toContain('not-the-credential');
		if (provider !== 'klingAi') expect(authorization).toBe(`Bearer ${KEY}`);
		expect(result.output[0].json.model).toBe(CUSTOM);
	});

	it('outputs the model the provider says it used, else the one asked for', async () => {
		sims[provider].usedModel = 'kling-v9-next-2026-01';
		const { result } = await run(provider, { customModel: CUSTOM });
		expect(result.error).toBeUndefined();
		// Kling AI's answers name no model (docs/providers.md 6.4): the requested one is reported.
		expect(result.output[0].json.model).toBe(
			provider === 'klingAi' ? CUSTOM : 'kling-v9-next-2026-01',
		);
	});

	it('refuses, before sending, extra body that is no object or that would take over the model', async () => {
		const before = sims[provider].acceptedSubmits.length;
		const message = async (extraBody: string) =>
			(await run(provider, { extraBody })).result.error?.message;
		expect(await message('["a"]')).toBe(
			'Invalid "Extra Body Fields (JSON)" [item 0]: must be a JSON object, e.g. {"camera_control": {"type": "simple"}}',
		);
		expect(await message('{"x": ')).toMatch(
			/^Invalid "Extra Body Fields \(JSON\)" \[item 0\]: is not valid JSON \(/,
		);
		expect(await message(`{"${modelKey}": "kling-v1"}`)).toBe(
			`Invalid "Extra Body Fields (JSON)" [item 0]: "${modelKey}" names the model: use Custom Model Name instead`,
		);
		expect(await message('{"a": 1}\n')).toBeUndefined();
		expect(sims[provider].acceptedSubmits.length - before).toBe(1);
	});
});

describe('the keys the node sets itself stay the node’s', () => {
	it.each([
		['foxApi', 'callback_url', 'the Callback URL option'],
		['toApis', 'callback_url', 'the Callback URL option'],
		['toApis', 'client_business_id', 'the Client Task ID option'],
		['klingAi', 'callback_url', 'the Callback URL option'],
		['klingAi', 'external_task_id', 'the Client Task ID option'],
	] as const)('%s: %s', async (provider, key, owner) => {
		const { result, posts } = await run(provider, {
			extraBody: { [key]: 'https://attacker.example/hook' },
		});
		expect(result.error?.message).toContain(
			`Invalid "Extra Body Fields (JSON)" [item 0]: "${key}" is set by the node for ${owner};`,
		);
		expect(posts).toHaveLength(0);
	});

	it('a custom model on another operation (FoxAPI motion control) replaces the Model choice', async () => {
		const { result, body } = await run(
			'foxApi',
			{ customModel: CUSTOM },
			{
				operation: 'motionControl',
				imageUrl: 'https://example.com/p.jpg',
				videoUrl: 'https://example.com/d.mp4',
				prompt: '',
			},
		);
		expect(result.error).toBeUndefined();
		expect(body).toEqual({
			model: CUSTOM,
			image_url: 'https://example.com/p.jpg',
			video_url: 'https://example.com/d.mp4',
			mode: 'std',
		});
	});
});
