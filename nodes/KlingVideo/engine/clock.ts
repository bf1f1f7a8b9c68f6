// The real clock for the waiter. `sleep` comes from n8n-workflow (timers are not allowed in community
// nodes, and sleepWithAbort is gone from current n8n-workflow), raced against cancellation.

import { sleep } from 'n8n-workflow';

import type { CancelToken } from './cancel';
import type { WaitClock } from './waiter';

export const realClock: WaitClock = {
	now: () => Date.now(),
	async sleep(ms: number, cancel?: CancelToken): Promise<void> {
		if (ms <= 0 || cancel?.aborted) return;
		if (!cancel) return await sleep(ms);
		await new Promise<void>((resolve) => {
			const unsubscribe = cancel.onCancel(resolve);
			void sleep(ms).then(() => {
				unsubscribe();
				resolve();
			});
		});
	},
};
