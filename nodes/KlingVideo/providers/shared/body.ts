// Small helpers for building request bodies in the exact key order a provider documents.

import type { IDataObject } from 'n8n-workflow';

import type { MotionControlRequest } from '../../request/operations';
import type { FieldRules } from '../types';

/** Drops undefined values (and empty arrays), keeping the insertion order of the rest. */
export function compact(fields: Record<string, unknown>): IDataObject {
	const body: IDataObject = {};
	for (const [key, value] of Object.entries(fields)) {
		if (value === undefined) continue;
		if (Array.isArray(value) && value.length === 0) continue;
		body[key] = value as IDataObject[string];
	}
	return body;
}

/** A list, or undefined when it is empty (so `compact` leaves it out). */
export function nonEmpty<T>(list: T[]): T[] | undefined {
	return list.length > 0 ? list : undefined;
}

/** Every whole number of seconds from `from` to `to`, for a provider's duration list. */
export function seconds(from: number, to: number): number[] {
	return Array.from({ length: to - from + 1 }, (_, index) => from + index);
}

/** Field rules for fields a provider sends, to spread into its FieldRules (which must still name every field). */
export function sent<K extends string>(...fields: K[]): Record<K, 'sent'> {
	return Object.fromEntries(fields.map((field) => [field, 'sent'])) as Record<K, 'sent'>;
}

/** The Model list's rule where a provider derives its model (Custom Model Name still sets another). */
export const NO_MODEL_CHOICE = {
	refused: 'its model follows from the operation and the fields (Custom Model Name sets another)',
} as const;

/** Motion control as every provider that offers it sends it: each field of the request. */
export const MOTION_CONTROL_FIELDS: FieldRules<MotionControlRequest> = sent(
	'modelVersion',
	'imageUrl',
	'videoUrl',
	'mode',
	'prompt',
	'characterOrientation',
	'keepOriginalSound',
);
