// What reaches the provider, decided in one place for every adapter: a request field a provider does not
// send is refused (never dropped without a word), and the two overrides every submit operation has are
// applied alike: Custom Model Name replaces the model the adapter derives, Extra Body Fields are merged
// into the body last. Neither touches headers, so neither can change the authentication.

import type { IDataObject } from 'n8n-workflow';

import { pick } from '../lib/json';
import type { FieldRule, ProviderAdapter } from './types';
import type { HttpCall } from '../transport/http';
import type { SubmitOverrides, VideoRequest } from '../request/operations';

export interface RequestProblem {
	/** The request field, named like the node parameter. */
	parameter: string;
	message: string;
}

const OVERRIDE_FIELDS: Array<keyof SubmitOverrides> = ['customModel', 'extraBody'];

/** The provider's rule for each field of the request's operation (undefined: the operation is not offered). */
export function fieldRulesFor(
	provider: ProviderAdapter,
	operation: VideoRequest['operation'],
): Record<string, FieldRule> | undefined {
	return provider.capabilities[operation]?.fields as Record<string, FieldRule> | undefined;
}

const isSet = (value: unknown) =>
	value !== undefined && !(Array.isArray(value) && value.length === 0);

/** The first field the user set that the provider does not send, or an Extra Body key it may not set. */
export function requestProblem(
	provider: ProviderAdapter,
	request: VideoRequest,
): RequestProblem | undefined {
	const rules = fieldRulesFor(provider, request.operation) ?? {};
	const name = provider.displayName;
	for (const [field, value] of Object.entries(request)) {
		if (
			field === 'operation' ||
			OVERRIDE_FIELDS.includes(field as keyof SubmitOverrides) ||
			!isSet(value)
		)
			continue;
		const rule = rules[field];
		if (rule === 'sent') continue;
		const reason = rule?.refused ?? 'no rule says how to send it';
		return { parameter: field, message: `${name} does not take it (${reason}); remove it` };
	}
	const extra = request.extraBody ?? {};
	if (!provider.modelInPath && provider.modelField in extra) {
		return {
			parameter: 'extraBody',
			message: `"${provider.modelField}" names the model: use Custom Model Name instead`,
		};
	}
	const reserved = Object.keys(provider.reservedBodyFields ?? {}).find(
		(key) => pick(extra, key) !== undefined,
	);
	if (reserved) {
		const owner = provider.reservedBodyFields?.[reserved];
		return {
			parameter: 'extraBody',
			message: `"${reserved}" is set by the node for ${owner}; ${name} would lose track of the task`,
		};
	}
	return undefined;
}

/** The model the request asks for: the custom one, or the one the adapter derives. */
export function requestedModel(provider: ProviderAdapter, request: VideoRequest): string {
	return request.customModel ?? provider.modelFor(request);
}

const isPlainObject = (value: unknown): value is IDataObject =>
	typeof value === 'object' && value !== null && !Array.isArray(value) && !Buffer.isBuffer(value);

/** A copy of `base` with `extra` merged in: objects key by key, any other value replaces. */
export function mergeBody(base: IDataObject, extra: IDataObject): IDataObject {
	const merged: IDataObject = { ...base };
	for (const [key, value] of Object.entries(extra)) {
		const current = Object.prototype.hasOwnProperty.call(merged, key) ? merged[key] : undefined;
		const next =
			isPlainObject(current) && isPlainObject(value)
				? mergeBody(current, value)
				: (JSON.parse(JSON.stringify(value ?? null)) as unknown);
		// Defined, not assigned: a key such as "__proto__" stays a plain key and never reaches a prototype.
		Object.defineProperty(merged, key, {
			value: next,
			enumerable: true,
			writable: true,
			configurable: true,
		});
	}
	return merged;
}

/** The submit call with the overrides applied to its JSON body (headers and path are never touched). */
export function withOverrides(
	provider: ProviderAdapter,
	request: VideoRequest,
	call: HttpCall,
): HttpCall {
	const { customModel, extraBody } = request;
	if (customModel === undefined && extraBody === undefined) return call;
	if (!isPlainObject(call.body))
		throw new Error(
			`${provider.displayName} sends ${request.operation} without a JSON body to add fields to`,
		);
	let body: IDataObject = call.body;
	// Spread keeps the key where the adapter put it, so the body keeps the documented order.
	if (customModel !== undefined && !provider.modelInPath)
		body = { ...body, [provider.modelField]: customModel };
	if (extraBody !== undefined) body = mergeBody(body, extraBody);
	const path =
		customModel !== undefined && provider.modelInPath
			? call.path.replace(/[^/]*$/, encodeURIComponent(customModel))
			: call.path;
	return { ...call, path, body };
}
