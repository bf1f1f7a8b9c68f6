// Helpers for the processes the scripts and tests start: a free port, waiting until a server answers,
// stopping a process and waiting for its exit.
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** A free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
	const { createServer } = await import('node:net');
	return await new Promise((resolve, reject) => {
		const server = createServer();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
		});
	});
}

/** Polls `url` until it answers 2xx (and `accept`s the answer); fails when the process exits first. */
export async function waitForHttp(
	child: ChildProcess,
	url: string,
	accept: (response: Response) => boolean = () => true,
	timeoutMs = 180_000,
) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		if (child.exitCode !== null || child.signalCode !== null)
			throw new Error(
				`the process exited (${child.exitCode ?? child.signalCode}) before ${url} answered`,
			);
		try {
			const response = await fetch(url);
			if (response.ok && accept(response)) return;
		} catch {
			// not listening yet
		}
		if (Date.now() > deadline) {
			child.kill();
			throw new Error(`no answer from ${url} within ${timeoutMs / 1000} s`);
		}
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
}

/** Stops a started process (n8n: SIGTERM; PostgreSQL's fast shutdown: SIGINT) and waits for it to exit. */
export async function stopProcess(
	child: ChildProcess,
	signal: NodeJS.Signals = 'SIGTERM',
): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null) return;
	await new Promise<void>((resolve) => {
		child.once('exit', () => resolve());
		child.kill(signal);
		setTimeout(
			() => child.exitCode === null && child.signalCode === null && child.kill('SIGKILL'),
			15_000,
		).unref();
	});
}

export interface PeakRss {
	/** Stops watching; the highest resident memory seen, in bytes (undefined where /proc is missing). */
	stop(): number | undefined;
}

/** Watches a process's kernel high-water mark of resident memory (VmHWM) while it runs. */
export function watchPeakRss(child: ChildProcess, everyMs = 20): PeakRss {
	let peak: number | undefined;
	const read = () => {
		let status = '';
		try {
			status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
		} catch {
			return;
		}
		const kilobytes = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1]);
		if (Number.isFinite(kilobytes)) peak = Math.max(peak ?? 0, kilobytes * 1024);
	};
	const timer = setInterval(read, everyMs);
	return {
		stop() {
			clearInterval(timer);
			return peak;
		},
	};
}
