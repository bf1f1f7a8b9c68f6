import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { z } from 'zod';

import { labelsOf, parseParameters, text } from './shared/parameters';
import { showFor } from '../description/showFor';

const properties: INodeProperties[] = [
	{
		displayName: 'Task ID',
		name: 'taskId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. {{ $json.taskId }}',
		hint: 'The taskId as an earlier run output it (Kling AI task IDs start with their endpoint, e.g. "image2video:")',
		description:
			'The taskId output by an earlier run of this node (with Wait for Completion off, or after a timeout), on the same provider',
	},
];

export const description = showFor({ operation: ['getTask'] }, properties);
const labels = labelsOf(properties);

/** C0 control characters and DEL. */
function hasControlCharacter(id: string): boolean {
	return Array.from(id).some((character) => {
		const code = character.codePointAt(0) ?? 0;
		return code <= 0x1f || code === 0x7f;
	});
}

/**
 * A task id as the providers give them ("task-unified-...", "tsk_vid_...", Kling's "image2video:8672...",
 * numbers mapped from JSON). It goes into the status URL's path, so "." and "..", slashes and
 * backslashes, query and fragment marks, spaces, commas and control characters are refused, before any
 * request.
 */
const taskIdSchema = z
	// A numeric id mapped from JSON is still an id.
	.preprocess(
		(value) => (typeof value === 'number' && Number.isFinite(value) ? String(value) : value),
		text().trim().min(1, 'is required'),
	)
	.refine((id) => !hasControlCharacter(id), {
		message: 'must be a task ID, without control characters',
	})
	// Kling AI's ids carry their endpoint ("image2video:8672..."): no part may be a path step either.
	.refine((id) => id.split(':').every((part) => part !== '.' && part !== '..'), {
		message: 'must be a task ID, not "." or ".."',
	})
	.refine((id) => !/[/\\]/.test(id), {
		message: 'must be a task ID, not a URL or a path (no / or \\)',
	})
	.refine((id) => !/[\s?#]/.test(id), {
		message: 'must be a task ID, not a URL or text with spaces',
	})
	// Kling AI's task query takes a list of ids separated by commas: one id must not read as two.
	.refine((id) => !id.includes(','), {
		message: 'must be one task ID (no commas)',
	});

export function read(ctx: IExecuteFunctions, itemIndex: number): string {
	const schema = z.object({ taskId: taskIdSchema });
	return parseParameters(
		ctx,
		schema,
		{ taskId: ctx.getNodeParameter('taskId', itemIndex, '') },
		itemIndex,
		labels,
	).taskId;
}
