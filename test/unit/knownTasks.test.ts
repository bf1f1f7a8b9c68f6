// The tasks a process remembers for Retry On Fail: per provider and place, the newest MAX_KNOWN, for a day.
import { describe, expect, it } from 'vitest';

import {
	forgetTask,
	KNOWN_FOR_MS,
	knownTask,
	MAX_KNOWN,
	rememberTask,
} from '../../nodes/KlingVideo/run/admit/knownTasks';

describe('known tasks', () => {
	it('keeps a task per provider and place, and forgets it when told', () => {
		rememberTask('foxApi', 'place-a', { taskId: 't1', at: 0 });
		expect(knownTask('foxApi', 'place-a', 1)?.taskId).toBe('t1');
		expect(knownTask('uniAll', 'place-a', 1)).toBeUndefined();
		expect(knownTask('foxApi', 'place-b', 1)).toBeUndefined();
		forgetTask('foxApi', 'place-a');
		expect(knownTask('foxApi', 'place-a', 1)).toBeUndefined();
	});

	it('forgets a task after a day', () => {
		rememberTask('foxApi', 'old', { taskId: 't2', at: 0 });
		expect(knownTask('foxApi', 'old', KNOWN_FOR_MS)?.taskId).toBe('t2');
		expect(knownTask('foxApi', 'old', KNOWN_FOR_MS + 1)).toBeUndefined();
	});

	it('holds at most MAX_KNOWN tasks, dropping the oldest', () => {
		for (let index = 0; index <= MAX_KNOWN; index++)
			rememberTask('toApis', `p${index}`, { taskId: `t${index}`, at: 0 });
		expect(knownTask('toApis', 'p0', 1)).toBeUndefined();
		expect(knownTask('toApis', 'p1', 1)?.taskId).toBe('t1');
		expect(knownTask('toApis', `p${MAX_KNOWN}`, 1)?.taskId).toBe(`t${MAX_KNOWN}`);
	});
});
