// The real clock: a cancelled wait ends at once and leaves no timer running; no delay can overflow a
// timer into a busy loop.
import { describe, expect, it } from 'vitest';

import { CancelHub } from '../../nodes/KlingVideo/lib/cancel';
import {
	clampDelay,
	MAX_DELAY_MS,
	realClock,
	TIMER_STEP_MS,
} from '../../nodes/KlingVideo/lib/clock';
import { startDeadline } from '../../nodes/KlingVideo/lib/deadline';

const timers = () => process.getActiveResourcesInfo().filter((name) => name === 'Timeout').length;

describe('realClock', () => {
	it('a cancelled sleep resolves at once and its timer is cleared', async () => {
		const before = timers();
		const hub = new CancelHub();
		const sleeping = realClock.sleep(10 * 60_000, hub);
		expect(timers()).toBe(before + 1);
		const started = Date.now();
		hub.cancel();
		await sleeping;
		expect(Date.now() - started).toBeLessThan(1_000);
		expect(timers()).toBe(before);
	});

	it('a huge or endless delay is clamped and still cancellable; no timer is longer than one step', async () => {
		expect(clampDelay(Number.POSITIVE_INFINITY)).toBe(MAX_DELAY_MS);
		expect(clampDelay(1e15)).toBe(MAX_DELAY_MS);
		expect(clampDelay(-5)).toBe(0);
		expect(clampDelay(Number.NaN)).toBe(0);
		expect(MAX_DELAY_MS).toBeLessThan(2 ** 31 - 1);
		expect(TIMER_STEP_MS).toBeLessThanOrEqual(60_000);
		const hub = new CancelHub();
		let done = false;
		const sleeping = realClock.sleep(1e15, hub).then(() => (done = true));
		// An overflowing timer would fire at once (Node clamps it to 1 ms) and end the sleep.
		await new Promise((resolve) => setTimeout(resolve, 50));
		expect(done).toBe(false);
		hub.cancel();
		await sleeping;
	});

	it('sleeps about as long as asked', async () => {
		const started = Date.now();
		await realClock.sleep(120);
		expect(Date.now() - started).toBeGreaterThanOrEqual(110);
	});
});

describe('startDeadline', () => {
	it('aborts its signal when the time is up, and says so', async () => {
		const deadline = startDeadline(realClock, 50);
		await new Promise<void>((resolve) =>
			deadline.signal.addEventListener('abort', () => resolve()),
		);
		expect(deadline.expired).toBe(true);
		deadline.end();
	});

	it('aborts with the parent, not as expired; end() clears its timer', async () => {
		const before = timers();
		const parent = new CancelHub();
		const deadline = startDeadline(realClock, 60_000, parent);
		parent.cancel();
		expect(deadline.signal.aborted).toBe(true);
		expect(deadline.expired).toBe(false);
		deadline.end();
		const other = startDeadline(realClock, 60_000, new CancelHub());
		other.end();
		await new Promise((resolve) => setImmediate(resolve));
		expect(timers()).toBe(before);
		expect(other.signal.aborted).toBe(false);
	});
});
