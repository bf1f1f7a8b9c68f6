import { describe, expect, it } from 'vitest';

import { ProviderCallError } from '../../nodes/KlingVideo/transport/callError';
import { CancelHub } from '../../nodes/KlingVideo/lib/cancel';
import { DEFAULT_SCHEDULE } from '../../nodes/KlingVideo/run/wait/schedule';
import type { NormalizedTask, TaskStatus } from '../../nodes/KlingVideo/providers/types';
import { waitForTask } from '../../nodes/KlingVideo/run/wait/wait';
import { FakeClock } from './fakeClock';

const task = (status: TaskStatus): NormalizedTask => ({ id: 't1', status, videos: [], raw: {} });
const http = (
	statusCode: number,
	kind: 'server' | 'rateLimited' | 'auth' | 'notFound',
	retryAfterMs?: number,
) =>
	new ProviderCallError(`HTTP ${statusCode}`, {
		delivery: 'answered',
		statusCode,
		providerError: { kind, message: 'x' },
		retryAfterMs,
	});

function scripted(answers: Array<TaskStatus | Error>) {
	let calls = 0;
	return {
		get calls() {
			return calls;
		},
		poll: async () => {
			const answer = answers[Math.min(calls++, answers.length - 1)];
			if (answer instanceof Error) throw answer;
			return task(answer);
		},
	};
}

function wait(
	clock: FakeClock,
	poll: () => Promise<NormalizedTask>,
	extra: Partial<Parameters<typeof waitForTask>[0]> = {},
) {
	return waitForTask({
		poll,
		clock,
		schedule: DEFAULT_SCHEDULE,
		startedAt: clock.now(),
		maxWaitMs: 600_000,
		...extra,
	});
}

describe('waitForTask', () => {
	it('polls on the schedule until the task completes', async () => {
		const clock = new FakeClock();
		const script = scripted(['processing', 'processing', 'completed']);
		const result = await wait(clock, script.poll, { estimatedMs: 45_000 });
		expect(result).toMatchObject({ outcome: 'finished', task: { status: 'completed' } });
		expect(script.calls).toBe(3);
		expect(clock.sleeps).toEqual([38_250, 5_000, 5_000]);
	});

	it('returns a failed task as finished (the caller turns it into an error)', async () => {
		const result = await wait(new FakeClock(), scripted(['processing', 'failed']).poll);
		expect(result).toMatchObject({ outcome: 'finished', task: { status: 'failed' } });
	});

	it('does not poll at all when the submit answer was already terminal', async () => {
		const script = scripted(['completed']);
		const result = await wait(new FakeClock(), script.poll, { initial: task('completed') });
		expect(result.outcome).toBe('finished');
		expect(script.calls).toBe(0);
	});

	it('rides out 5xx, 429, network and malformed answers without giving up', async () => {
		const clock = new FakeClock();
		const script = scripted([
			http(500, 'server'),
			new ProviderCallError('reset', { delivery: 'unknown', networkCode: 'ECONNRESET' }),
			new ProviderCallError('bad json', { delivery: 'answered', statusCode: 200, malformed: true }),
			http(429, 'rateLimited', 40_000),
			'completed',
		]);
		const result = await wait(clock, script.poll);
		expect(result).toMatchObject({ outcome: 'finished' });
		expect(script.calls).toBe(5);
		// The 429's Retry-After (40 s) stretches the gap before the fifth poll.
		expect(clock.sleeps[4]).toBe(40_000);
	});

	it('stops at once on an answer that polling again cannot fix (401, 404)', async () => {
		await expect(wait(new FakeClock(), scripted([http(401, 'auth')]).poll)).rejects.toThrow(
			'HTTP 401',
		);
		await expect(wait(new FakeClock(), scripted([http(404, 'notFound')]).poll)).rejects.toThrow(
			'HTTP 404',
		);
	});

	it('times out at Max Wait; no poll is sent at the deadline, when no time is left to answer', async () => {
		const clock = new FakeClock();
		const start = clock.now();
		const script = scripted(['processing']);
		const result = await wait(clock, script.poll, { maxWaitMs: 60_000 });
		expect(result).toMatchObject({ outcome: 'timeout', task: { status: 'processing' } });
		expect(clock.now() - start).toBe(60_000);
		expect(clock.sleeps.reduce((a, b) => a + b, 0)).toBe(60_000);
		// One poll after every sleep but the last, which ends at the deadline.
		expect(script.calls).toBe(clock.sleeps.length - 1);
	});

	it('reports the last poll error on timeout when polls kept failing', async () => {
		const result = await wait(new FakeClock(), scripted([http(503, 'server')]).poll, {
			maxWaitMs: 30_000,
		});
		expect(result.outcome).toBe('timeout');
		expect(result.outcome === 'timeout' && result.lastError?.message).toBe('HTTP 503');
	});

	it('ends at once on cancel and sends no further poll', async () => {
		const clock = new FakeClock();
		const hub = new CancelHub();
		let calls = 0;
		const poll = async () => {
			calls++;
			if (calls === 2) hub.cancel();
			return task('processing');
		};
		const result = await wait(clock, poll, { cancel: hub });
		expect(result.outcome).toBe('cancelled');
		expect(calls).toBe(2);
	});

	it('ends at once when cancelled before the first poll', async () => {
		const controller = new AbortController();
		const hub = new CancelHub(controller.signal);
		controller.abort();
		const script = scripted(['completed']);
		expect((await wait(new FakeClock(), script.poll, { cancel: hub })).outcome).toBe('cancelled');
		expect(script.calls).toBe(0);
	});
});

describe('the last check before Max Wait', () => {
	// A task done 5:01 after the submit, Max Wait 10 min, the provider's estimate 12 min: the schedule's
	// next check after the one at 5:00 would fall after Max Wait.
	const doneAt = (clock: FakeClock, start: number) => async () =>
		task(clock.now() - start >= 301_000 ? 'completed' : 'processing');

	it('comes shortly before the deadline, so a task that finished meanwhile is found', async () => {
		const clock = new FakeClock();
		const start = clock.now();
		const result = await wait(clock, doneAt(clock, start), {
			maxWaitMs: 600_000,
			estimatedMs: 720_000,
		});
		expect(result.outcome).toBe('finished');
		expect(clock.now() - start).toBeLessThan(600_000);
		expect(clock.now() - start).toBeGreaterThan(600_000 - 11_000);
	});

	it('comes once: a task still running then times out at the deadline, with no burst of checks', async () => {
		const clock = new FakeClock();
		const start = clock.now();
		let calls = 0;
		const result = await wait(
			clock,
			async () => {
				calls++;
				return task('processing');
			},
			{ maxWaitMs: 600_000, estimatedMs: 720_000 },
		);
		expect(result.outcome).toBe('timeout');
		expect(clock.now() - start).toBe(600_000);
		// Every gap between two checks keeps the Min Poll Interval.
		expect(clock.sleeps.slice(1).every((ms) => ms >= DEFAULT_SCHEDULE.minIntervalMs)).toBe(true);
		expect(calls).toBeLessThan(10);
	});
});
