// Every pause has a floor, whatever the provider answers or an expression gives: a 429 that says
// "Retry-After: 0" on every submit, and a Min Poll Interval of 0.001 s from an expression, never make the
// node send requests in a busy loop.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { FoxApiSimulator } from '../../tooling/simulator/foxApi';
import { foxSimulator, runFox } from './fixtures';

let sim: FoxApiSimulator;
beforeAll(async () => {
	sim = await foxSimulator({ renderMs: 3_000 });
});
afterAll(async () => await sim.close());

describe('pause floors', () => {
	it('429 with Retry-After: 0 on every submit: about one submit a second until Max Queue Time', async () => {
		sim.faults = { submit429Rate: 1, retryAfterSeconds: 0 };
		const before = sim.api.requests.length;
		// Max Queue Time 0.1 min: 6 s of refusals.
		const result = await runFox(sim, {}, { options: { maxQueueMinutes: 0.1 } });
		sim.faults = {};
		expect(result.error?.message).toMatch(
			/^No free slot at FoxAPI within 0\.1 minutes; FoxAPI refused \d+ submit\(s\)/,
		);
		const posts = sim.api.requests.slice(before).filter((request) => request.method === 'POST');
		expect(posts.length).toBeGreaterThanOrEqual(3);
		expect(posts.length).toBeLessThanOrEqual(7);
	});

	it('Min Poll Interval 0.001 s from an expression still checks at most about once a second', async () => {
		// An estimate far below the render keeps the schedule polling at its floor for most of it.
		sim.estimateMs = 300;
		const before = sim.api.requests.length;
		const result = await runFox(sim, {}, { options: { pollIntervalSeconds: '={{ 0.001 }}' } });
		sim.estimateMs = undefined;
		expect(result.error).toBeUndefined();
		expect(result.output[0].json.status).toBe('completed');
		const polls = sim.api.requests.slice(before).filter((request) => request.method === 'GET');
		// A 3 s render: the first check near the estimate, then one a second at most.
		expect(polls.length).toBeLessThanOrEqual(5);
	});
});
