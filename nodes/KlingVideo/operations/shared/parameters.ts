// Turns a zod failure into the error a user can act on: which parameter, which item, what is wrong.
// Raised while reading parameters, before any request is sent, so a bad item never costs money.

import { NodeOperationError, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';
import { z, type ZodTypeAny } from 'zod';

import { binaryRef, isBinaryRef } from '../../request/media';

export const MAX_PROMPT_LENGTH = 2500;

export function isHttpUrl(value: string): boolean {
	if (!/^https?:\/\//i.test(value)) return false;
	try {
		return new URL(value).hostname !== '';
	} catch {
		return false;
	}
}

/** Text, with messages a user understands when an expression resolves to nothing or to a non-string. */
export const text = () =>
	z.string({ required_error: 'is required', invalid_type_error: 'must be text' });

/** The binary fields of an input item, which media fields may name instead of a URL. */
export function binaryFieldsOf(ctx: IExecuteFunctions, itemIndex: number): string[] {
	return Object.keys(ctx.getInputData()[itemIndex]?.binary ?? {});
}

/** A media input: a public http(s) URL, or the name of one of the item's binary fields (marked). */
export function mediaInput(binaryFields: string[]) {
	const hint =
		binaryFields.length > 0
			? `one of this item's binary fields (${binaryFields.join(', ')})`
			: 'the name of a binary field of the item';
	return text()
		.trim()
		.min(1, 'is required')
		.transform((value) => (binaryFields.includes(value) ? binaryRef(value) : value))
		.refine((value) => isBinaryRef(value) || isHttpUrl(value), {
			message: `must be a public http(s) URL, e.g. https://example.com/file.png, or ${hint}`,
		});
}

export function optionalMediaInput(binaryFields: string[]) {
	return z.preprocess(
		(value) => (typeof value === 'string' && value.trim() === '' ? undefined : value),
		mediaInput(binaryFields).optional(),
	);
}

const toNumber = (value: unknown) =>
	typeof value === 'string' && value.trim() !== '' ? Number(value) : value;

/** A number that may arrive as a numeric string from an expression, checked by `refine`. */
export function numeric(refine: (schema: z.ZodNumber) => z.ZodNumber = (schema) => schema) {
	return z.preprocess(
		toNumber,
		refine(z.number({ invalid_type_error: 'must be a number' }).finite()),
	);
}

export const prompt = text().max(
	MAX_PROMPT_LENGTH,
	`must be at most ${MAX_PROMPT_LENGTH} characters`,
);

/** Display names of every parameter in a property list, nested collections included. */
export function labelsOf(properties: INodeProperties[]): Record<string, string> {
	const labels: Record<string, string> = {};
	const visit = (list: unknown[]) => {
		for (const entry of list) {
			const item = entry as {
				name?: string;
				displayName?: string;
				values?: unknown[];
				options?: unknown[];
			};
			if (item.name && item.displayName && !(item.name in labels))
				labels[item.name] = item.displayName;
			if (Array.isArray(item.values)) visit(item.values);
			if (Array.isArray(item.options)) visit(item.options);
		}
	};
	visit(properties);
	return labels;
}

export function parameterError(
	ctx: IExecuteFunctions,
	label: string,
	message: string,
	itemIndex: number,
	where = '',
) {
	return new NodeOperationError(
		ctx.getNode(),
		`Invalid "${label}"${where} [item ${itemIndex}]: ${message}`,
		{
			itemIndex,
			description: 'Fix this parameter; nothing was sent to the provider for this item.',
		},
	);
}

export function parseParameters<T extends ZodTypeAny>(
	ctx: IExecuteFunctions,
	schema: T,
	raw: unknown,
	itemIndex: number,
	labels: Record<string, string>,
): z.infer<T> {
	const result = schema.safeParse(raw);
	if (result.success) return result.data as z.infer<T>;
	const issue = result.error.issues[0];
	const field = issue.path.find((key): key is string => typeof key === 'string');
	const position = issue.path.find((key): key is number => typeof key === 'number');
	const label = field ? (labels[field] ?? field) : 'parameters';
	const where = position !== undefined ? ` (entry ${position + 1})` : '';
	throw parameterError(ctx, label, issue.message, itemIndex, where);
}
