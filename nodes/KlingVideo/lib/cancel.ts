// One listener on the execution's cancel signal, fanned out to every waiting task. Adding a listener
// per sleeping task straight to the AbortSignal would trip Node's listener-leak warning at 11 items.
// Hubs nest: a child (one item, one wait, one HTTP call) is cancelled with its parent or on its own, so
// a wait that ends for another reason can cancel its own timers without touching anything else.

export interface CancelToken {
	readonly aborted: boolean;
	/** Calls listener once on cancel (at once if already cancelled); returns an unsubscribe function. */
	onCancel(listener: () => void): () => void;
}

export class CancelHub implements CancelToken {
	private readonly listeners = new Set<() => void>();
	private cancelled = false;
	private detach = () => {};

	constructor(parent?: AbortSignal | CancelToken) {
		if (!parent) return;
		if (parent.aborted) {
			this.cancelled = true;
		} else if ('onCancel' in parent) {
			this.detach = parent.onCancel(() => this.cancel());
		} else {
			const listener = () => this.cancel();
			parent.addEventListener('abort', listener, { once: true });
			this.detach = () => parent.removeEventListener('abort', listener);
		}
	}

	get aborted(): boolean {
		return this.cancelled;
	}

	cancel(): void {
		if (this.cancelled) return;
		this.cancelled = true;
		this.detach();
		for (const listener of [...this.listeners]) listener();
		this.listeners.clear();
	}

	/** Ends this hub's tie to its parent without cancelling (the work it guarded is over). */
	release(): void {
		this.detach();
		this.detach = () => {};
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

	/** An AbortSignal that aborts with this hub, for HTTP calls. */
	toSignal(): AbortSignal {
		const controller = new AbortController();
		this.onCancel(() => controller.abort());
		return controller.signal;
	}
}
