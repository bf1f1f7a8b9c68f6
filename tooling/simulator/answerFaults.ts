// How the simulators' answer faults rewrite an answer (base.ts `json()`): forged or missing task ids,
// an echoed Authorization header, and whether a counted fault still applies.
import type { AnswerKind } from './base';

/** Whether an answer fault applies to this answer (and counts it down when it has a count). */
export function hits(
	fault: { to: AnswerKind; count?: number } | undefined,
	kind?: AnswerKind,
): boolean {
	if (!fault || fault.to !== kind) return false;
	if (fault.count === undefined) return true;
	if (fault.count <= 0) return false;
	fault.count--;
	return true;
}

const ID_KEYS = new Set(['id', 'task_id', 'taskId']);
const MESSAGE_KEYS = /message|msg|reason|detail/i;

export function withIds(value: unknown, id: string): unknown {
	if (Array.isArray(value)) return value.map((entry) => withIds(entry, id));
	if (value === null || typeof value !== 'object') return value;
	return Object.fromEntries(
		Object.entries(value).map(([key, entry]) => [key, ID_KEYS.has(key) ? id : withIds(entry, id)]),
	);
}

export function withoutIds(value: unknown): unknown {
	if (Array.isArray(value)) return value.map(withoutIds);
	if (value === null || typeof value !== 'object') return value;
	return Object.fromEntries(
		Object.entries(value)
			.filter(([key]) => !ID_KEYS.has(key))
			.map(([key, entry]) => [key, withoutIds(entry)]),
	);
}

/** The answer with the Authorization header in every message-like string and in an `echo` field. */
export function echoed(value: unknown, authorization: string, key = ''): unknown {
	if (typeof value === 'string')
		return MESSAGE_KEYS.test(key) ? `${value} (sent with ${authorization})` : value;
	if (Array.isArray(value)) return value.map((entry) => echoed(entry, authorization, key));
	if (value === null || typeof value !== 'object') return value;
	const copy = Object.fromEntries(
		Object.entries(value).map(([name, entry]) => [name, echoed(entry, authorization, name)]),
	);
	return key === '' ? { ...copy, echo: { authorization } } : copy;
}
