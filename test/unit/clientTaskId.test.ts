import { describe, expect, it } from 'vitest';

import { clientTaskIdOf, type ItemPlace } from '../../nodes/KlingVideo/run/admit/clientTaskId';

const PLACE: ItemPlace = {
	instanceId: 'inst',
	workflowId: 'wf1',
	executionId: '42',
	nodeId: 'node-a',
	runIndex: 0,
	itemIndex: 3,
};

describe('the client task id of an item', () => {
	it('is the same for the same place, with the length and prefix of the former random ids', () => {
		expect(clientTaskIdOf(PLACE)).toBe(clientTaskIdOf({ ...PLACE }));
		expect(clientTaskIdOf(PLACE)).toMatch(/^n8n-[0-9a-f]{36}$/);
	});

	it('differs when any part of the place differs', () => {
		const changes: Array<Partial<ItemPlace>> = [
			{ instanceId: 'other' },
			{ workflowId: 'wf2' },
			{ executionId: '43' },
			{ nodeId: 'node-b' },
			{ runIndex: 1 },
			{ itemIndex: 4 },
			// No part may run into the next one.
			{ workflowId: 'wf14', executionId: '2' },
		];
		const ids = new Set([
			clientTaskIdOf(PLACE),
			...changes.map((change) => clientTaskIdOf({ ...PLACE, ...change })),
		]);
		expect(ids.size).toBe(changes.length + 1);
	});
});
