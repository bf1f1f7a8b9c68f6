// A task id goes into the status URL's path: neither a Get Task ID nor an id in a provider's answer may be
// a path step ("." or ".."), which would send the credentialed status request somewhere else on the host.
import { describe, expect, it } from 'vitest';

import { runOn, simulatorsForAll } from './fixtures';

const KEY = 'path-steps-key-0123456789';
const sims = simulatorsForAll(KEY);

describe('dot segments in task ids', () => {
	it.each(['image2video:..', 'text2video:.', '..'])(
		'Get Task ID %j on Kling AI is refused before any request',
		async (taskId) => {
			const before = sims.klingAi.api.requests.length;
			const result = await runOn(sims, KEY, 'klingAi', { operation: 'getTask', taskId });
			expect(result.error?.message).toBe(
				'Invalid "Task ID" [item 0]: must be a task ID, not "." or ".."',
			);
			expect(sims.klingAi.api.requests.length).toBe(before);
		},
	);

	it('a submit answer whose task id is ".." fails the item; no status request climbs the path', async () => {
		const sim = sims.foxApi;
		sim.faults = { submitAnswerId: '..' };
		const before = sim.api.requests.length;
		const result = await runOn(sims, KEY, 'foxApi', {
			operation: 'textToVideo',
			prompt: 'climb',
			options: { pollIntervalSeconds: 1 },
		});
		sim.faults = {};
		expect(result.error?.message).toMatch(/gave a task id that is a path step/);
		const paths = sim.api.requests
			.slice(before)
			.map((request) => `${request.method} ${request.path}`);
		expect(paths).toEqual(['POST /v1/videos/generations']);
	});
});
