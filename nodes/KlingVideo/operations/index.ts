// Each operation's module: its parameters (`description`) and the reader that turns them into one
// item's request. Which operations exist, in what order and with which media fields is the table in
// request/operations.ts; this file only says which module serves each row.

import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { ProviderAdapter } from '../providers/types';
import {
	OPERATION_ORDER,
	type OperationId,
	type RequestOf,
	type SubmitOperationId,
} from '../request/operations';
import * as createVoice from './createVoice';
import * as editVideo from './editVideo';
import * as getTask from './getTask';
import * as imageToVideo from './imageToVideo';
import * as motionControl from './motionControl';
import { labelsOf } from './shared/parameters';
import * as textToVideo from './textToVideo';

export interface SubmitOperation<K extends SubmitOperationId> {
	description: INodeProperties[];
	/** Display names by request field, for messages. */
	labels: Record<string, string>;
	read(ctx: IExecuteFunctions, itemIndex: number, provider: ProviderAdapter): RequestOf<K>;
}

export const submitOperations: { [K in SubmitOperationId]: SubmitOperation<K> } = {
	textToVideo,
	imageToVideo,
	motionControl,
	editVideo,
	createVoice,
};

export { getTask };

const descriptionOf = (id: OperationId) =>
	id === 'getTask' ? getTask.description : submitOperations[id].description;

/** Every operation's parameters, in the table's order. */
export const operationProperties: INodeProperties[] = OPERATION_ORDER.flatMap(descriptionOf);

const ALL_LABELS = labelsOf(operationProperties);

/** The display name of a request field (e.g. "elements.0.frontalImageUrl" -> "Frontal Image"), for messages. */
export function labelOf(operation: OperationId, field: string): string {
	const name =
		field
			.split('.')
			.filter((part) => !/^\d+$/.test(part))
			.pop() ?? field;
	const own = operation === 'getTask' ? undefined : submitOperations[operation].labels[name];
	return own ?? ALL_LABELS[name] ?? name;
}
