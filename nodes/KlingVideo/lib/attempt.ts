// Runs an async step and returns its error as a value, so that retry loops decide what to do with a
// failure in plain code instead of inside catch blocks.

export type Attempt<T> = { ok: true; value: T } | { ok: false; error: unknown };

export async function attempt<T>(step: () => Promise<T>): Promise<Attempt<T>> {
	try {
		return { ok: true, value: await step() };
	} catch (error) {
		return { ok: false, error };
	}
}

/** A value that may not be there in every context (n8n versions, tests), or undefined. */
export function safely<T>(read: () => T): T | undefined {
	try {
		return read();
	} catch {
		return undefined;
	}
}
