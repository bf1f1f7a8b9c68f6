// A task in a simulator's store, and the phases its status answers go through over its render time.

export interface SimTask {
	id: string;
	model: string;
	body: Record<string, unknown>;
	createdAt: number;
	renderMs: number;
	willFail: boolean;
	emptyCompletionSent: boolean;
	polls: number;
	/** Protocol-specific extras (e.g. the Kling AI endpoint that created it). */
	kind?: string;
	/** When a status answer first said "completed" (to measure how fast completion is noticed). */
	completedAnsweredAt?: number;
}

export type Phase = 'pending' | 'processing' | 'failed' | 'completed' | 'completedEmpty';
