// At most `max` calls of fn at once; the rest queue in order. A finished call hands its slot straight
// to the next in line, so the cap holds even between microtasks.

export type Limiter = <T>(fn: () => Promise<T>) => Promise<T>;

export function createLimiter(max: number): Limiter {
	let active = 0;
	const queue: Array<() => void> = [];
	const release = () => {
		const next = queue.shift();
		if (next) next();
		else active--;
	};
	return async <T>(fn: () => Promise<T>): Promise<T> => {
		if (active < max) active++;
		else await new Promise<void>((resolve) => queue.push(resolve));
		try {
			return await fn();
		} finally {
			release();
		}
	};
}
