// Task slots against a provider with an account limit, on virtual time, driven through the node's own
// admission stage (run/admit/admit.ts): every item finishes, the provider is asked little, N items with
// limit K take about ceil(N/K) renders, bounds hold.
import { describe, expect, it } from 'vitest';

import { CancelHub } from '../../nodes/KlingVideo/lib/cancel';
import { createLimiter } from '../../nodes/KlingVideo/lib/limiter';
import type { ProviderAdapter } from '../../nodes/KlingVideo/providers/types';
import type { CreateVoiceRequest } from '../../nodes/KlingVideo/request/operations';
import { admit } from '../../nodes/KlingVideo/run/admit/admit';
import {
	IDLE_BACKOFF_MS,
	MIN_REFUSAL_PAUSE_MS,
	TaskSlots,
} from '../../nodes/KlingVideo/run/admit/slots';
import type { ItemRun, RunContext } from '../../nodes/KlingVideo/run/context';
import type { ItemSettings } from '../../nodes/KlingVideo/run/plan/settings';
import { ProviderCallError } from '../../nodes/KlingVideo/transport/callError';
import type { HttpCall } from '../../nodes/KlingVideo/transport/http';
import { fakeContext } from './fakeContext';
import { VirtualClock } from './virtualClock';

interface Account {
	limit: number;
	running: number;
	/** Places held by someone else's tasks. */
	foreign: number;
	peak: number;
	/** When each submit arrived. */
	submits: number[];
	refusals: number;
	/** Refuse as a request-rate limit with this Retry-After instead of "too many tasks". */
	retryAfterMs?: number;
}

const account = (limit: number, foreign = 0): Account => ({
	limit,
	running: 0,
	foreign,
	peak: 0,
	submits: [],
	refusals: 0,
});

const adapter = {
	id: 'foxApi',
	displayName: 'Account',
	credentialName: 'test',
	capabilities: {},
	modelField: 'model',
	modelFor: () => 'model',
	buildSubmit: () => ({ method: 'POST', path: '/submit' }),
	parseSubmit: (body: unknown) => ({ taskId: String((body as { id: string }).id) }),
	buildStatus: (id: string) => ({ method: 'GET', path: `/tasks/${id}` }),
	parseTask: () => ({ id: 't', status: 'processing', videos: [], raw: {} }),
	parseError: () => ({ kind: 'unknown', message: 'no' }),
} as unknown as ProviderAdapter;

/** The account's API: a submit is refused while the account is full, else accepted. */
function accountClient(provider: Account, clock: VirtualClock) {
	return {
		egress: async () => undefined,
		call: async (call: HttpCall) => {
			if (call.method !== 'POST') throw new Error(`unexpected ${call.method} ${call.path}`);
			provider.submits.push(clock.now());
			if (provider.running + provider.foreign >= provider.limit) {
				provider.refusals++;
				const rate = provider.retryAfterMs !== undefined;
				throw new ProviderCallError('full', {
					delivery: 'answered',
					statusCode: 429,
					providerError: { kind: rate ? 'rateLimited' : 'busy', message: 'full' },
					retryAfterMs: provider.retryAfterMs,
				});
			}
			provider.running++;
			provider.peak = Math.max(provider.peak, provider.running + provider.foreign);
			return { id: `task-${provider.submits.length}` };
		},
	};
}

const ctx = fakeContext({});

function runOn(provider: Account, clock: VirtualClock, slots: TaskSlots): RunContext {
	return {
		ctx,
		provider: adapter,
		client: accountClient(provider, clock),
		clock,
		cancel: new CancelHub(),
		slots,
		limiters: { submits: createLimiter(1000), downloads: createLimiter(1) },
		onItemFailed: () => {},
	};
}

const request: CreateVoiceRequest = {
	operation: 'createVoice',
	voiceUrl: 'https://example.com/voice.mp3',
};

/** One item as the node drives it: admission (slot, submit, refusals), render, notice, release. */
async function item(
	slots: TaskSlots,
	clock: VirtualClock,
	provider: Account,
	options: { renderMs: number; noticeMs?: number; deadline?: number; cancel?: CancelHub },
) {
	const run = runOn(provider, clock, slots);
	const cancel = options.cancel ?? new CancelHub();
	const maxQueueMinutes = ((options.deadline ?? 1e12) - clock.now()) / 60_000;
	const settings = {
		wait: true,
		clientTaskId: false,
		maxQueueMinutes,
		maxWaitMinutes: 1e6,
	} as ItemSettings;
	const record: ItemRun = {
		job: { itemIndex: 0, operation: 'createVoice', settings, request },
		cancel,
		phase: 'submit',
		resumed: false,
		startedAt: clock.now(),
		timedOut: false,
		timing: { queuedMs: 0, statusChecks: 0, refusedSubmits: 0 },
	};
	try {
		await admit(run, record, request);
	} catch (error) {
		record.slot?.release();
		const outcome =
			error instanceof ProviderCallError && error.isCancelled ? 'cancelled' : 'timeout';
		return { outcome, refused: record.timing.refusedSubmits, at: clock.now(), error };
	}
	await clock.sleep(options.renderMs);
	provider.running--;
	await clock.sleep(options.noticeMs ?? 1_000);
	record.slot?.release();
	return { outcome: 'done' as const, refused: record.timing.refusedSubmits, at: clock.now() };
}

/** Whether `count` slots are handed out at once (the window is at least that wide, and nothing is held). */
async function grantsAtOnce(
	slots: TaskSlots,
	clock: VirtualClock,
	count: number,
): Promise<boolean> {
	const cancel = new CancelHub();
	const asked = Array.from({ length: count }, () => slots.acquire(clock.now() + 1, cancel));
	await clock.settle();
	const granted = await Promise.race([
		Promise.all(asked).then((all) => all.every((entry) => entry.ok)),
		clock.settle().then(() => false),
	]);
	cancel.cancel();
	for (const entry of await Promise.all(asked)) if (entry.ok) entry.slot.release();
	return granted;
}

async function fanOut(
	count: number,
	provider: Account,
	slots: TaskSlots,
	clock: VirtualClock,
	renderMs: number,
) {
	const all = Promise.all(
		Array.from({ length: count }, () => item(slots, clock, provider, { renderMs })),
	);
	let finished = false;
	void all.then(() => (finished = true));
	await clock.run(() => finished);
	return await all;
}

describe('TaskSlots with a learned window', () => {
	it('8 items, account limit 1: every item finishes, one after the other, with few refused submits', async () => {
		const clock = new VirtualClock();
		const provider = account(1);
		const results = await fanOut(8, provider, new TaskSlots(clock), clock, 20_000);
		expect(results.map((result) => result.outcome)).toEqual(Array(8).fill('done'));
		const refused = results.reduce((sum, result) => sum + result.refused, 0);
		expect(refused / 8).toBeLessThanOrEqual(2);
		// ceil(8/1) renders, each plus the time to notice the finish.
		expect(clock.now()).toBeLessThanOrEqual(8 * 21_000 * 1.05);
		expect(provider.peak).toBe(1);
	});

	it('50 items, account limit 3: about ceil(50/3) renders, at most about 2 refusals per item', async () => {
		const clock = new VirtualClock();
		const provider = account(3);
		const slots = new TaskSlots(clock);
		const results = await fanOut(50, provider, slots, clock, 60_000);
		expect(results.every((result) => result.outcome === 'done')).toBe(true);
		// 47 of them are the first wave (no submit cap here: all 50 are sent at once); then a probe per window.
		expect(provider.refusals - 47).toBeLessThanOrEqual(50 / 3 / 2);
		expect(clock.now() / (Math.ceil(50 / 3) * 61_000)).toBeLessThanOrEqual(1.15);
		// Nothing is left held: the account's three places are handed out at once again.
		expect(await grantsAtOnce(slots, clock, 3)).toBe(true);
	});

	it('shrinks to what was running when the provider said no, and grows back by one after a window of successes', async () => {
		const clock = new VirtualClock();
		const slots = new TaskSlots(clock);
		const cancel = new CancelHub();
		const first = await slots.acquire(1e9, cancel);
		const second = await slots.acquire(1e9, cancel);
		const third = await slots.acquire(1e9, cancel);
		if (!first.ok || !second.ok || !third.ok) throw new Error('expected slots');
		first.slot.accepted();
		second.slot.accepted();
		third.slot.refused({ concurrency: true });
		// Past the pause every refusal brings (MIN_REFUSAL_PAUSE_MS), so only the window decides.
		clock.time += MIN_REFUSAL_PAUSE_MS;
		// The window is now the two running: a third place is not handed out.
		expect(await grantsAtOnce(slots, clock, 1)).toBe(false);
		first.slot.release();
		const fourth = await slots.acquire(1e9, cancel);
		if (!fourth.ok) throw new Error('expected a slot');
		fourth.slot.accepted();
		expect(await grantsAtOnce(slots, clock, 1)).toBe(false);
		second.slot.release();
		const fifth = await slots.acquire(1e9, cancel);
		if (!fifth.ok) throw new Error('expected a slot');
		fifth.slot.accepted();
		expect(await grantsAtOnce(slots, clock, 1)).toBe(false);
		fourth.slot.release();
		const sixth = await slots.acquire(1e9, cancel);
		if (!sixth.ok) throw new Error('expected a slot');
		sixth.slot.accepted();
		// Three accepted since the shrink, more than the window of 2: one more place is tried.
		expect(await grantsAtOnce(slots, clock, 1)).toBe(true);
	});

	it('when someone else fills the account, waits out a growing backoff and probes with one item at a time', async () => {
		const clock = new VirtualClock();
		const provider = account(2, 2);
		const slots = new TaskSlots(clock);
		const all = Promise.all(
			Array.from({ length: 4 }, () => item(slots, clock, provider, { renderMs: 10_000 })),
		);
		// The other tasks end after 100 s.
		void clock.sleep(100_000).then(() => (provider.foreign = 0));
		let finished = false;
		void all.then(() => (finished = true));
		await clock.run(() => finished);
		const results = await all;
		expect(results.every((result) => result.outcome === 'done')).toBe(true);
		// Backoff 5, 10, 20, 40 s ... while the account is full: a handful of probes, not a storm.
		expect(provider.refusals).toBeLessThanOrEqual(8);
		// After the first wave (all four sent at once), one probe at a time, further and further apart.
		const probes = provider.submits.filter((at) => at > 0 && at < 100_000);
		expect(probes.length).toBeGreaterThan(0);
		for (let index = 1; index < probes.length; index++)
			expect(probes[index] - probes[index - 1]).toBeGreaterThanOrEqual(IDLE_BACKOFF_MS.first);
		expect(clock.now()).toBeLessThanOrEqual(100_000 + IDLE_BACKOFF_MS.max + 2 * 11_000);
	});

	it('a refusal with Retry-After is a rate limit: every item waits that long, the window is not shrunk', async () => {
		const clock = new VirtualClock();
		const slots = new TaskSlots(clock);
		const cancel = new CancelHub();
		const first = await slots.acquire(1e9, cancel);
		if (!first.ok) throw new Error('expected a slot');
		first.slot.accepted();
		const second = await slots.acquire(1e9, cancel);
		if (!second.ok) throw new Error('expected a slot');
		second.slot.refused({ concurrency: false, retryAfterMs: 7_000 });
		let admittedAt: number | undefined;
		void slots.acquire(1e9, cancel, true).then(() => (admittedAt = clock.now()));
		await clock.run(() => admittedAt !== undefined);
		expect(admittedAt).toBe(7_000);
		// Not shrunk: many more places are handed out at once.
		expect(await grantsAtOnce(slots, clock, 10)).toBe(true);
	});
});

describe('TaskSlots bounds', () => {
	it('a Retry-After of 0 never makes a busy loop: at most about one submit a second', async () => {
		const clock = new VirtualClock();
		const provider = account(1, 1);
		provider.retryAfterMs = 0;
		const slots = new TaskSlots(clock);
		const result = await Promise.all([
			item(slots, clock, provider, { renderMs: 1_000, deadline: 10_000 }),
			clock.run(() => clock.now() >= 10_000, 10_000),
		]);
		expect(result[0].outcome).toBe('timeout');
		// Refused for 10 s with "retry at once": one submit at 0 s, then one a second at most.
		expect(provider.submits.length).toBeLessThanOrEqual(11);
		for (let index = 1; index < provider.submits.length; index++) {
			expect(provider.submits[index] - provider.submits[index - 1]).toBeGreaterThanOrEqual(
				MIN_REFUSAL_PAUSE_MS,
			);
		}
	});

	it('a fixed cap is never exceeded and, below the account limit, no submit is refused', async () => {
		const clock = new VirtualClock();
		const provider = account(5);
		const slots = new TaskSlots(clock, 2);
		const results = await fanOut(9, provider, slots, clock, 30_000);
		expect(results.every((result) => result.outcome === 'done')).toBe(true);
		expect(provider.peak).toBe(2);
		expect(provider.refusals).toBe(0);
		expect(clock.now()).toBe(Math.ceil(9 / 2) * 31_000);
	});

	it('an item that cannot get a slot before its queue deadline times out at that deadline and is never submitted', async () => {
		const clock = new VirtualClock();
		const provider = account(1);
		const slots = new TaskSlots(clock, 1);
		const long = item(slots, clock, provider, { renderMs: 600_000 });
		const queued = item(slots, clock, provider, { renderMs: 1_000, deadline: 120_000 });
		let done = false;
		void Promise.all([long, queued]).then(() => (done = true));
		await clock.run(() => done);
		expect(await queued).toMatchObject({ outcome: 'timeout', at: 120_000 });
		expect(provider.submits).toEqual([0]);
	});

	it('cancel ends every wait at once and leaves no timer behind', async () => {
		const clock = new VirtualClock();
		const slots = new TaskSlots(clock, 1);
		const cancel = new CancelHub();
		const first = await slots.acquire(1e9, cancel);
		if (!first.ok) throw new Error('expected a slot');
		first.slot.accepted();
		const waiting = Array.from({ length: 5 }, () => slots.acquire(3_600_000, cancel));
		await clock.settle();
		expect(clock.pendingTimers).toBe(5);
		cancel.cancel();
		expect((await Promise.all(waiting)).map((result) => result.ok || result.reason)).toEqual(
			Array(5).fill('cancelled'),
		);
		await clock.settle();
		expect(clock.pendingTimers).toBe(0);
		expect(clock.now()).toBe(0);
	});

	it('a granted wait clears its deadline timer', async () => {
		const clock = new VirtualClock();
		const slots = new TaskSlots(clock, 1);
		const cancel = new CancelHub();
		const first = await slots.acquire(1e9, cancel);
		if (!first.ok) throw new Error('expected a slot');
		const second = slots.acquire(3_600_000, cancel);
		await clock.settle();
		expect(clock.pendingTimers).toBe(1);
		first.slot.release();
		expect((await second).ok).toBe(true);
		await clock.settle();
		expect(clock.pendingTimers).toBe(0);
	});
});
