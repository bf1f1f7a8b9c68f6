// Task slots against a provider with an account limit, on virtual time: every item finishes, the
// provider is asked little, N items with limit K take about ceil(N/K) renders, bounds hold.
import { describe, expect, it } from 'vitest';

import { CancelHub } from '../../nodes/KlingVideo/lib/cancel';
import { IDLE_BACKOFF_MS, TaskSlots, type Refusal } from '../../nodes/KlingVideo/run/admit/slots';
import { VirtualClock } from '../../tooling/harness/virtualClock';

interface Account {
	limit: number;
	running: number;
	/** Places held by someone else's tasks. */
	foreign: number;
	peak: number;
	submits: number[];
}

const account = (limit: number, foreign = 0): Account => ({ limit, running: 0, foreign, peak: 0, submits: [] });

/** One item as runJob drives it: slot, submit (refused when the account is full), render, notice, release. */
async function item(
	slots: TaskSlots,
	clock: VirtualClock,
	provider: Account,
	options: { renderMs: number; noticeMs?: number; deadline?: number; cancel?: CancelHub; refusal?: Partial<Refusal> },
) {
	const cancel = options.cancel ?? new CancelHub();
	let refused = 0;
	for (;;) {
		const admission = await slots.acquire(options.deadline ?? Number.MAX_SAFE_INTEGER, cancel, refused > 0);
		if (!admission.ok) return { outcome: admission.reason, refused, at: clock.now() };
		provider.submits.push(clock.now());
		if (provider.running + provider.foreign >= provider.limit) {
			refused++;
			admission.slot.refused({ concurrency: true, ...options.refusal });
			continue;
		}
		provider.running++;
		provider.peak = Math.max(provider.peak, provider.running + provider.foreign);
		admission.slot.accepted();
		await clock.sleep(options.renderMs);
		provider.running--;
		await clock.sleep(options.noticeMs ?? 1_000);
		admission.slot.release();
		return { outcome: 'done' as const, refused, at: clock.now() };
	}
}

async function fanOut(count: number, provider: Account, slots: TaskSlots, clock: VirtualClock, renderMs: number) {
	const all = Promise.all(Array.from({ length: count }, () => item(slots, clock, provider, { renderMs })));
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
		expect(slots.refusals - 47).toBeLessThanOrEqual(50 / 3 / 2);
		expect(clock.now() / (Math.ceil(50 / 3) * 61_000)).toBeLessThanOrEqual(1.15);
		expect(slots.snapshot).toMatchObject({ held: 0, running: 0, waiting: 0 });
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
		expect(slots.snapshot).toMatchObject({ limit: 2, held: 2, running: 2 });
		first.slot.release();
		const fourth = await slots.acquire(1e9, cancel);
		if (!fourth.ok) throw new Error('expected a slot');
		fourth.slot.accepted();
		expect(slots.snapshot.limit).toBe(2);
		second.slot.release();
		const fifth = await slots.acquire(1e9, cancel);
		if (!fifth.ok) throw new Error('expected a slot');
		fifth.slot.accepted();
		expect(slots.snapshot.limit).toBe(2);
		fourth.slot.release();
		const sixth = await slots.acquire(1e9, cancel);
		if (!sixth.ok) throw new Error('expected a slot');
		sixth.slot.accepted();
		// Three accepted since the shrink, more than the window of 2: one more place is tried.
		expect(slots.snapshot.limit).toBe(3);
	});

	it('when someone else fills the account, waits out a growing backoff and probes with one item at a time', async () => {
		const clock = new VirtualClock();
		const provider = account(2, 2);
		const slots = new TaskSlots(clock);
		const all = Promise.all(Array.from({ length: 4 }, () => item(slots, clock, provider, { renderMs: 10_000 })));
		// The other tasks end after 100 s.
		void clock.sleep(100_000).then(() => (provider.foreign = 0));
		let finished = false;
		void all.then(() => (finished = true));
		await clock.run(() => finished);
		const results = await all;
		expect(results.every((result) => result.outcome === 'done')).toBe(true);
		// Backoff 5, 10, 20, 40 s ... while the account is full: a handful of probes, not a storm.
		expect(slots.refusals).toBeLessThanOrEqual(8);
		// After the first wave (all four sent at once), one probe at a time, further and further apart.
		const probes = provider.submits.filter((at) => at > 0 && at < 100_000);
		expect(probes.length).toBeGreaterThan(0);
		for (let index = 1; index < probes.length; index++) expect(probes[index] - probes[index - 1]).toBeGreaterThanOrEqual(IDLE_BACKOFF_MS.first);
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
		expect(slots.snapshot.limit).toBe(Infinity);
		let admittedAt: number | undefined;
		void slots.acquire(1e9, cancel, true).then(() => (admittedAt = clock.now()));
		await clock.run(() => admittedAt !== undefined);
		expect(admittedAt).toBe(7_000);
	});
});

describe('TaskSlots bounds', () => {
	it('a fixed cap is never exceeded and, below the account limit, no submit is refused', async () => {
		const clock = new VirtualClock();
		const provider = account(5);
		const slots = new TaskSlots(clock, 2);
		const results = await fanOut(9, provider, slots, clock, 30_000);
		expect(results.every((result) => result.outcome === 'done')).toBe(true);
		expect(provider.peak).toBe(2);
		expect(slots.refusals).toBe(0);
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
		expect((await Promise.all(waiting)).map((result) => result.ok || result.reason)).toEqual(Array(5).fill('cancelled'));
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
