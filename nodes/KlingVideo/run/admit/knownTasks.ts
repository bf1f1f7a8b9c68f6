// Tasks this n8n process has had accepted, by where their item runs (instance, workflow, execution, node,
// run, item). n8n runs a node again in the same process for Retry On Fail (also after a Continue On Fail
// error item), with the same run index: an item whose task was accepted before then waits for that task
// instead of paying for a second one, on every provider, those without a lookup by client task id
// included. A new execution, a loop's next run or another process (a queue worker that took over) is
// another place, with nothing remembered. Bounded: the newest MAX_KNOWN tasks, each for KNOWN_FOR_MS.

export const MAX_KNOWN = 10_000;
export const KNOWN_FOR_MS = 24 * 3600_000;

export interface KnownTask {
	taskId: string;
	/** The client task id it was created with, if one was sent. */
	clientTaskId?: string;
	at: number;
}

const known = new Map<string, KnownTask>();

const keyOf = (providerId: string, place: string) => `${providerId}\n${place}`;

export function rememberTask(providerId: string, place: string, task: KnownTask): void {
	const key = keyOf(providerId, place);
	known.delete(key);
	known.set(key, task);
	for (const oldest of known.keys()) {
		if (known.size <= MAX_KNOWN) break;
		known.delete(oldest);
	}
}

export function knownTask(providerId: string, place: string, now: number): KnownTask | undefined {
	const key = keyOf(providerId, place);
	const task = known.get(key);
	if (task && now - task.at > KNOWN_FOR_MS) known.delete(key);
	return known.get(key);
}

export function forgetTask(providerId: string, place: string): void {
	known.delete(keyOf(providerId, place));
}
