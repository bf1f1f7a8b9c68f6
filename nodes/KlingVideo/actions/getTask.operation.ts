import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { z } from 'zod';

import { labelsOf, parseParameters, text } from '../engine/validation';
import { showFor } from './display';

const properties: INodeProperties[] = [
	{
		displayName: 'Task ID',
		name: 'taskId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. task-unified-1757165031-uyujaw3d',
		description: 'The taskId output by an earlier run of this node (with Wait for Completion off, or after a timeout)',
	},
];

export const description = showFor({ operation: ['getTask'] }, properties);
const labels = labelsOf(properties);

export function read(ctx: IExecuteFunctions, itemIndex: number): string {
	const schema = z.object({
		// A numeric id mapped from JSON is still an id.
		taskId: z
			.preprocess((value) => (typeof value === 'number' ? String(value) : value), text().trim().min(1, 'is required'))
			.refine((id) => !/[\s/?#]/.test(id), { message: 'must be a task ID, not a URL or text with spaces' }),
	});
	return parseParameters(ctx, schema, { taskId: ctx.getNodeParameter('taskId', itemIndex, '') }, itemIndex, labels).taskId;
}
