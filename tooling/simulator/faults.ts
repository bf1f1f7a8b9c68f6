// The simulators' fault switches (`sim.faults`), and how the answer faults rewrite an answer (base.ts
// `json()`): forged or missing task ids, an echoed Authorization header, and whether a counted fault
// still applies.

export interface Faults {
	/** Probability that a submit is refused with 429 (and Retry-After). */
	submit429Rate?: number;
	/** The next N submits are refused with 429. */
	submit429Count?: number;
	retryAfterSeconds?: number;
	/** Probability that a status query answers 500 / a body that is not JSON. */
	poll5xxRate?: number;
	pollMalformedRate?: number;
	/** Probability that a task ends as failed (a prompt containing "[fail]" always does). */
	failRate?: number;
	/** Delay before every API answer. */
	slowMs?: number;
	/** Every submit is refused for lack of balance. */
	quotaExhausted?: boolean;
	/** The first query of a finished task says completed but carries no results. */
	completedWithoutResultsOnce?: boolean;
	/** The next N submits are cut off before the task is created (the client sees a reset). */
	dropBeforeAcceptCount?: number;
	/** The next N submits create the task, then the connection is cut before the answer. */
	dropAfterAcceptCount?: number;
	/** The account runs at most this many tasks at once; a submit beyond is refused as "busy". */
	accountLimit?: number;
	/** Tasks of someone else that hold places of the account limit. */
	foreignRunning?: number;
	/** Status answers send their headers, then one byte of the body every this many ms. */
	dripStatusMs?: number;
	/**
	 * A careless or hostile gateway: every JSON answer (errors, uploads, task reasons included) echoes
	 * the request's Authorization header, in its messages and in an `echo` field.
	 */
	echoAuth?: boolean;
	/** Submits create the task but answer without its id (an unusable 2xx answer). */
	submitAnswerWithoutId?: boolean;
	/** Submits create the task but answer with this id instead of its own (e.g. ".." to climb a path). */
	submitAnswerId?: string;
	/**
	 * Answers of this kind come gzip-compressed and inflate to `bytes` of JSON (a decompression bomb);
	 * `count`: only the next so many.
	 */
	hugeAnswer?: { to: AnswerKind; bytes: number; count?: number };
	/** Status answers carry an extra `padding` string of this many characters (large, under the cap). */
	paddedStatus?: number;
	/** Answers of this kind nest a value `levels` deep; `count`: only the next so many. */
	deepAnswer?: { to: AnswerKind; levels: number; count?: number };
}

/** Which answers a size or depth fault hits. */
export type AnswerKind = 'submit' | 'status' | 'upload';

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

/** An answer as the answer faults bend it: padded status, a missing or forged task id (2xx), an echo. */
export function rewrittenAnswer(
	faults: Faults,
	kind: AnswerKind | undefined,
	status: number,
	body: unknown,
	authorization: string,
): unknown {
	let answer = body;
	const accepted = kind === 'submit' && status < 300;
	if (faults.paddedStatus && kind === 'status' && answer && typeof answer === 'object')
		answer = { ...answer, padding: 'x'.repeat(faults.paddedStatus) };
	if (faults.submitAnswerWithoutId && accepted) answer = withoutIds(answer);
	if (faults.submitAnswerId !== undefined && accepted)
		answer = withIds(answer, faults.submitAnswerId);
	return faults.echoAuth ? echoed(answer, authorization) : answer;
}
