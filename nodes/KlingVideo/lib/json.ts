// Defensive readers for provider responses: gateways differ and several shapes are undocumented, so
// nothing here trusts a field to exist or to have the documented type.

import type { IDataObject } from 'n8n-workflow';

export function asObject(value: unknown): IDataObject | undefined {
	return value !== null && typeof value === 'object' && !Array.isArray(value)
		? (value as IDataObject)
		: undefined;
}

export function asArray(value: unknown): unknown[] {
	return Array.isArray(value) ? value : [];
}

/** Follows a dotted path ("result.data") through nested objects. */
export function pick(value: unknown, path: string): unknown {
	let current: unknown = value;
	for (const key of path.split('.')) {
		const object = asObject(current);
		if (!object) return undefined;
		current = object[key];
	}
	return current;
}

/** A non-empty string or a finite number rendered as a string; anything else is undefined. */
export function asText(value: unknown): string | undefined {
	if (typeof value === 'string') return value.trim() === '' ? undefined : value;
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	return undefined;
}

/** The first of several candidate paths that holds text. */
export function firstText(value: unknown, paths: string[]): string | undefined {
	for (const path of paths) {
		const text = asText(pick(value, path));
		if (text !== undefined) return text;
	}
	return undefined;
}

export function asNumber(value: unknown): number | undefined {
	if (typeof value === 'number' && Number.isFinite(value)) return value;
	if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) {
		return Number(value);
	}
	return undefined;
}

/** An ISO string for a time in ms, or undefined when that is no valid date (NaN, beyond ±8.64e15 ms). */
function isoOfMs(ms: number): string | undefined {
	const date = new Date(ms);
	// toISOString() throws a RangeError on an invalid date: a provider's odd field must not fail the item.
	return Number.isFinite(date.getTime()) ? date.toISOString() : undefined;
}

/**
 * Unix seconds, Unix milliseconds or an ISO string, as an ISO string; undefined for anything that is
 * not a valid date (out-of-range numbers such as 1e20, NaN, Infinity, unparsable or out-of-range text).
 */
export function asIsoTime(value: unknown): string | undefined {
	const number = asNumber(value);
	if (number !== undefined) return isoOfMs(number > 1e12 ? number : number * 1000);
	if (typeof value === 'string') return isoOfMs(Date.parse(value));
	return undefined;
}

/** A short, single-line rendering of an unexpected body, for error messages. */
export function preview(value: unknown, max = 300): string {
	let text: string;
	try {
		text = typeof value === 'string' ? value : JSON.stringify(value);
	} catch {
		text = String(value);
	}
	if (text === undefined) return 'nothing';
	const single = text.replace(/\s+/g, ' ');
	return single.length > max ? `${single.slice(0, max)}…` : single;
}

/** Entries of a list that carry a text `url`, kept whole (width, duration... stay in the output). */
export function urlEntries(list: unknown): Array<IDataObject & { url: string }> {
	const entries: Array<IDataObject & { url: string }> = [];
	for (const entry of asArray(list)) {
		const object = asObject(entry);
		const url = asText(object?.url);
		if (object && url) entries.push({ ...object, url });
	}
	return entries;
}
