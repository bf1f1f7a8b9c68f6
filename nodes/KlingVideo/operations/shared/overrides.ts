// Room for what the node does not know yet, under every submit operation's Additional Fields: a model name
// of the user's choice and extra body fields as JSON (applied in engine/requestRules.ts).

import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { z } from 'zod';

import { text } from './parameters';

export const customModelField: INodeProperties = {
	displayName: 'Custom Model Name',
	name: 'customModel',
	type: 'string',
	default: '',
	placeholder: 'e.g. kling-v3-5-text-to-video',
	description:
		"Replaces the model name the node picks, e.g. for a Kling version newer than this node; the request is otherwise built the same way. It replaces Motion Control's Model, and on UniAll (whose model name carries tier and sound) what Resolution and Generate Audio pick.",
};

export const extraBodyField: INodeProperties = {
	displayName: 'Extra Body Fields (JSON)',
	name: 'extraBody',
	type: 'json',
	default: '{}',
	placeholder: 'e.g. {"camera_control": {"type": "simple"}}',
	description:
		"A JSON object merged into the provider's request body last, for a provider field this node does not offer yet. Its values win (objects merge key by key). The model key (use Custom Model Name) and the keys the node sets for callbacks and client task IDs are refused; headers are never changed.",
};

/** The overrides as the schema reads them, from an operation's Additional Fields. */
export function readOverrides(additionalFields: IDataObject): IDataObject {
	return { customModel: additionalFields.customModel, extraBody: additionalFields.extraBody };
}

const FORBIDDEN_KEYS = ['__proto__', 'constructor', 'prototype'];

function forbiddenKey(value: unknown): string | undefined {
	if (Array.isArray(value)) return value.map(forbiddenKey).find((key) => key !== undefined);
	if (typeof value !== 'object' || value === null) return undefined;
	for (const [key, entry] of Object.entries(value)) {
		if (FORBIDDEN_KEYS.includes(key)) return key;
		const nested = forbiddenKey(entry);
		if (nested) return nested;
	}
	return undefined;
}

const extraBody = z.unknown().transform((value, context): IDataObject | undefined => {
	const fail = (message: string) => {
		context.addIssue({ code: 'custom', message });
		return z.NEVER;
	};
	let parsed = value;
	if (typeof value === 'string') {
		if (value.trim() === '') return undefined;
		try {
			parsed = JSON.parse(value);
		} catch (error) {
			return fail(`is not valid JSON (${(error as Error).message})`);
		}
	}
	if (parsed === undefined || parsed === null) return undefined;
	if (typeof parsed !== 'object' || Array.isArray(parsed))
		return fail('must be a JSON object, e.g. {"camera_control": {"type": "simple"}}');
	const key = forbiddenKey(parsed);
	if (key) return fail(`must not contain the key "${key}"`);
	return Object.keys(parsed).length > 0 ? (parsed as IDataObject) : undefined;
});

/** Schema entries for both overrides, to spread into an operation's object schema. */
export const overridesSchema = {
	customModel: z.preprocess(
		(value) =>
			value === undefined || (typeof value === 'string' && value.trim() === '') ? undefined : value,
		text()
			.trim()
			.max(200, 'must be at most 200 characters')
			.regex(
				/^[^\s"'<>\\]+$/,
				'must be a model name without spaces or quotes, e.g. kling-v3-5-text-to-video',
			)
			.optional(),
	),
	extraBody,
};
