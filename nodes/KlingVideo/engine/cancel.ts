// One listener on the execution's cancel signal, fanned out to every waiting task. Adding a listener
// per sleeping task straight to the AbortSignal would trip Node's listener-leak warning at 11 items.

export interface CancelToken {
	readonly aborted: boolean;
	/** Calls listener once on cancel (at once if already cancelled); returns an unsubscribe function. */
	onCancel(listener: () => void): () => void;
}

export class CancelHub implements CancelToken {
	private readonly listeners = new Set<() => void>();
	private cancelled = false;

	constructor(signal?: AbortSignal) {
		if (!signal) return;
		if (signal.aborted) this.cancelled = true;
		else signal.addEventListener('abort', () => this.cancel(), { once: true });
	}

	get aborted(): boolean {
		return this.cancelled;
	}

	cancel(): void {
		if (this.cancelled) return;
		this.cancelled = true;
		for (const listener of [...this.listeners]) listener();
		this.listeners.clear();
	}

	onCancel(listener: () => void): () => void {
		if (this.cancelled) {
			listener();
			return () => {};
		}
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}
}
