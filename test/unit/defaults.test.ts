// The option defaults the reader falls back to are the ones the editor shows (one value, read from the
// description): every option has one, of the type the reader expects.
import { describe, expect, it } from 'vitest';

import { OPTION_DEFAULTS } from '../../nodes/KlingVideo/description/defaults';

describe('option defaults', () => {
	it('come from the parameters, each of its type', () => {
		expect(OPTION_DEFAULTS).toMatchObject({
			waitForCompletion: true,
			onTimeout: 'fail',
			callbackUrl: '',
			clientTaskId: true,
			downloadTimeoutMinutes: 10,
			download: true,
			maxQueueMinutes: 60,
			maxRunningTasks: 0,
			concurrency: 5,
			maxVideoMegabytes: 500,
			maxWaitMinutes: 30,
			pollIntervalSeconds: 5,
			binaryPropertyName: 'data',
		});
	});
});
