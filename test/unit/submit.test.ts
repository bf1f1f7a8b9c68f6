import { describe, expect, it } from 'vitest';

import { ProviderCallError } from '../../nodes/KlingVideo/transport/callError';
import { CancelHub } from '../../nodes/KlingVideo/lib/cancel';
import { submitRetryDelay, submitTask } from '../../nodes/KlingVideo/run/submit/submit';
import type { HttpCall } from '../../nodes/KlingVideo/transport/http';
import type { TextToVideoRequest } from '../../nodes/KlingVideo/request/operations';
import { foxApi } from '../../nodes/KlingVideo/providers/foxApi';
import { FakeClock } from './fakeClock';

const request = { operation: 'createVoice', voiceUrl: 'https://example.com/v.mp3' } as const;
const accepted = { id: 'task-1', status: 'pending', task_info: { estimated_time: 30 } };
const rateLimited = (retryAfterMs?: number) =>
	new ProviderCallError('slow down', {
		delivery: 'answered',
		statusCode: 429,
		providerError: { kind: 'rateLimited', message: 'slow down' },
		retryAfterMs,
	});

function client(answers: Array<unknown | Error>) {
	const calls: HttpCall[] = [];
	return {
		calls,
		egress: async () => undefined,
		call: async (call: HttpCall) => {
			const answer = answers[Math.min(calls.length, answers.length - 1)];
			calls.push(call);
			if (answer instanceof Error) throw answer;
			return answer;
		},
	};
}

const submit = (fake: ReturnType<typeof client>, clock = new FakeClock(), extra = {}) =>
	submitTask({
		client: fake,
		provider: foxApi,
		request,
		clock,
		deadline: clock.now() + 600_000,
		...extra,
	});

describe('submitTask', () => {
	it('returns the task id and the estimate of an accepted submit', async () => {
		const fake = client([accepted]);
		expect(await submit(fake)).toMatchObject({ taskId: 'task-1', estimatedSeconds: 30 });
		expect(fake.calls).toHaveLength(1);
	});

	it("throws a refusal for lack of room at once: waiting for room is the slots' job", async () => {
		const clock = new FakeClock();
		const refusal = rateLimited(9_000);
		const fake = client([refusal, accepted]);
		await expect(submit(fake, clock)).rejects.toBe(refusal);
		expect(fake.calls).toHaveLength(1);
		expect(clock.sleeps).toEqual([]);
	});

	it('submits again when the connection was refused (nothing reached the provider)', async () => {
		const refused = new ProviderCallError('connect ECONNREFUSED', {
			delivery: 'notSent',
			networkCode: 'ECONNREFUSED',
		});
		const fake = client([refused, accepted]);
		expect(await submit(fake)).toMatchObject({ taskId: 'task-1' });
		expect(fake.calls).toHaveLength(2);
	});

	it('gives up sooner on an unreachable provider than on a rate limit', async () => {
		const refused = new ProviderCallError('connect ECONNREFUSED', {
			delivery: 'notSent',
			networkCode: 'ECONNREFUSED',
		});
		const fake = client([refused]);
		await expect(submit(fake)).rejects.toBe(refused);
		expect(fake.calls).toHaveLength(4);
	});

	it('after a lost answer, a provider with client ids is asked for the task instead of a second submit', async () => {
		const { klingAi } = await import('../../nodes/KlingVideo/providers/klingAi');
		const reset = new ProviderCallError('socket hang up', {
			delivery: 'unknown',
			networkCode: 'ECONNRESET',
		});
		// Kling's own "not found" (code 1203), as its adapter reads it.
		const notFound = new ProviderCallError('not found', {
			delivery: 'answered',
			statusCode: 404,
			providerError: klingAi.parseError(404, { code: 1203, message: 'task not found' }),
		});
		const t2v: TextToVideoRequest = {
			operation: 'textToVideo',
			prompt: 'p',
			resolution: '720p',
			duration: 5,
			generateAudio: false,
			voiceIds: [],
			multiPrompt: [],
		};
		const run = (answers: unknown[]) => {
			const fake = client(answers);
			const clock = new FakeClock();
			return {
				fake,
				done: submitTask({
					client: fake,
					provider: klingAi,
					request: t2v,
					clientTaskId: 'n8n-1',
					clock,
					deadline: clock.now() + 600_000,
				}),
			};
		};
		const found = run([reset, { code: 0, data: { task_id: '77', task_status: 'processing' } }]);
		// Found by the lookup: the one POST and then the GET by client task id.
		expect(await found.done).toMatchObject({ taskId: 'text2video:77' });
		expect(found.fake.calls.map((call) => `${call.method} ${call.path}`)).toEqual([
			'POST /v1/videos/text2video',
			'GET /v1/videos/text2video/n8n-1',
		]);

		const absent = run([
			reset,
			notFound,
			{ code: 0, data: { task_id: '78', task_status: 'submitted' } },
		]);
		expect(await absent.done).toMatchObject({ taskId: 'text2video:78' });
		expect(absent.fake.calls.map((call) => call.method)).toEqual(['POST', 'GET', 'POST']);

		const unknown = run([reset, new ProviderCallError('down', { delivery: 'unknown' })]);
		await expect(unknown.done).rejects.toBe(reset);
		expect(unknown.fake.calls.filter((call) => call.method === 'POST')).toHaveLength(1);
	});

	it('after a lost answer, a bare 404 (a proxy, a gateway) does not count as "not created"', async () => {
		const { klingAi } = await import('../../nodes/KlingVideo/providers/klingAi');
		const { toApis } = await import('../../nodes/KlingVideo/providers/toApis');
		const t2v: TextToVideoRequest = {
			operation: 'textToVideo',
			prompt: 'p',
			resolution: '720p',
			duration: 5,
			generateAudio: false,
			voiceIds: [],
			multiPrompt: [],
		};
		const bare404s = [
			[klingAi, '<html><body>404 Not Found</body></html>'],
			[klingAi, { message: 'Not Found' }],
			[toApis, { error: { message: 'Not Found' } }],
			[toApis, '404 page not found'],
		] as const;
		for (const [provider, body] of bare404s) {
			const reset = new ProviderCallError('socket hang up', {
				delivery: 'unknown',
				networkCode: 'ECONNRESET',
			});
			const providerError = provider.parseError(404, body);
			expect(providerError.kind).toBe('notFound');
			const bare = new ProviderCallError('not found', {
				delivery: 'answered',
				statusCode: 404,
				providerError,
			});
			const fake = client([reset, bare, { id: 'second', status: 'queued' }]);
			const clock = new FakeClock();
			const done = submitTask({
				client: fake,
				provider,
				request: t2v,
				clientTaskId: 'n8n-2',
				clock,
				deadline: clock.now() + 600_000,
			});
			await expect(done).rejects.toBe(reset);
			expect(fake.calls.filter((call) => call.method === 'POST')).toHaveLength(1);
		}
		// ToAPIs' own shape does allow the second submit.
		const documented = toApis.parseError(404, {
			error: { type: 'task_not_found', message: 'no such task' },
		});
		expect(documented).toMatchObject({ kind: 'notFound', documented: true });
	});

	it('never submits twice when the request may have reached the provider', async () => {
		const reset = new ProviderCallError('socket hang up', {
			delivery: 'unknown',
			networkCode: 'ECONNRESET',
		});
		const fake = client([reset, accepted]);
		await expect(submit(fake)).rejects.toBe(reset);
		expect(fake.calls).toHaveLength(1);
	});

	it('does not retry a definite refusal (402, 401, 422, 500)', async () => {
		for (const [statusCode, kind] of [
			[402, 'quota'],
			[401, 'auth'],
			[422, 'invalid'],
			[500, 'server'],
		] as const) {
			const error = new ProviderCallError('no', {
				delivery: 'answered',
				statusCode,
				providerError: { kind, message: 'no' },
			});
			const fake = client([error, accepted]);
			await expect(submit(fake)).rejects.toBe(error);
			expect(fake.calls).toHaveLength(1);
		}
	});

	it('never starts a retry that would end past the deadline', async () => {
		const clock = new FakeClock();
		const refused = new ProviderCallError('connect ECONNREFUSED', {
			delivery: 'notSent',
			networkCode: 'ECONNREFUSED',
		});
		const late = client([refused]);
		await expect(submit(late, clock, { deadline: clock.now() + 5_000 })).rejects.toBe(refused);
		// 2 s, then 4 s would end after the deadline.
		expect(late.calls).toHaveLength(2);
	});

	it('stops retrying when cancelled', async () => {
		const hub = new CancelHub();
		hub.cancel();
		const refused = new ProviderCallError('connect ECONNREFUSED', {
			delivery: 'notSent',
			networkCode: 'ECONNREFUSED',
		});
		const fake = client([refused, accepted]);
		await expect(submit(fake, new FakeClock(), { cancel: hub })).rejects.toMatchObject({
			isCancelled: true,
		});
		expect(fake.calls).toHaveLength(1);
	});

	it('treats an accepted answer without a task id as "may exist", not as retryable', async () => {
		const fake = client([{ status: 'pending' }, accepted]);
		const error = await submit(fake).catch((caught: ProviderCallError) => caught);
		expect(error).toBeInstanceOf(ProviderCallError);
		// Not a refusal and not a request that never left: nothing may send it again.
		expect((error as ProviderCallError).details).toMatchObject({
			delivery: 'answered',
			malformed: true,
		});
		expect((error as ProviderCallError).isBackPressure).toBe(false);
		expect((error as ProviderCallError).message).toContain('no task id');
		expect(fake.calls).toHaveLength(1);
	});

	it('backs off 2 s, 4 s, 8 s ... up to 30 s', () => {
		expect([1, 2, 3, 4, 5, 6].map((attempt) => submitRetryDelay(attempt))).toEqual([
			2_000, 4_000, 8_000, 16_000, 30_000, 30_000,
		]);
	});
});
