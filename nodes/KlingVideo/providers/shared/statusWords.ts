// Status words of the gateways, as one vocabulary. Unknown words count as still running: a new status
// must not end a wait that the provider has not ended.

import type { TaskStatus } from '../types';

const WORDS: Record<string, TaskStatus> = {
	submitted: 'submitted',
	pending: 'submitted',
	queued: 'submitted',
	queuing: 'submitted',
	not_start: 'submitted',
	processing: 'processing',
	in_progress: 'processing',
	running: 'processing',
	generating: 'processing',
	completed: 'completed',
	succeed: 'completed',
	succeeded: 'completed',
	success: 'completed',
	failed: 'failed',
	failure: 'failed',
	fail: 'failed',
	error: 'failed',
	cancelled: 'cancelled',
	canceled: 'cancelled',
};

export function statusFromWord(word: string | undefined): TaskStatus {
	return WORDS[(word ?? '').trim().toLowerCase()] ?? 'processing';
}
