// Every process the scripts start (n8n's CLI runs, `n8n start`) is tracked, so that the demo and the
// dev editor stop all of them whatever ends the script: Ctrl-C at any moment (also during start-up),
// SIGTERM, SIGHUP, an error. n8n may ignore SIGTERM while it starts, so a child still alive after a
// grace period gets SIGKILL; and anything left when the script exits is killed at once.
import type { ChildProcess } from 'node:child_process';

const running = new Set<ChildProcess>();
const GRACE_MS = 5_000;

/** Tracks a child until it exits. */
export function track<T extends ChildProcess>(child: T): T {
	running.add(child);
	child.once('exit', () => running.delete(child));
	return child;
}

/** Stops every tracked child: SIGTERM, then SIGKILL for those still alive after the grace period. */
export async function stopChildren(): Promise<void> {
	const alive = [...running].filter(
		(child) => child.exitCode === null && child.signalCode === null,
	);
	for (const child of alive) child.kill('SIGTERM');
	const deadline = Date.now() + GRACE_MS;
	while (
		alive.some((child) => child.exitCode === null && child.signalCode === null) &&
		Date.now() < deadline
	) {
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
	for (const child of alive)
		if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

/**
 * On SIGINT, SIGTERM or SIGHUP: runs `cleanup` (e.g. closing simulators), stops every child and exits
 * (130 for Ctrl-C). On any exit, children still running are killed.
 */
export function stopChildrenOnExit(
	say: (message: string) => void,
	cleanup: () => Promise<void> = async () => {},
): void {
	let stopping = false;
	const stop = (signal: NodeJS.Signals) => {
		if (stopping) return;
		stopping = true;
		say(`${signal}: stopping everything this script started...`);
		void Promise.allSettled([cleanup(), stopChildren()]).then(() =>
			process.exit(signal === 'SIGINT' ? 130 : 143),
		);
	};
	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const)
		process.on(signal, () => stop(signal));
	killChildrenAtExit();
}

let killAtExit = false;
/**
 * When this process exits, kills every tracked child still running (SIGKILL: no waiting is possible
 * then). For a test process, where signals are the runner's business.
 */
export function killChildrenAtExit(): void {
	if (killAtExit) return;
	killAtExit = true;
	process.on('exit', () => {
		for (const child of running)
			if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
	});
}
