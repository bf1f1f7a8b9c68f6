// A provider's callback: once a task is over, its status is POSTed to the callback URL the submit gave.
// Each one is recorded (where to, when, what the target answered), made or not.
import { toolClock } from '../clock';

export interface CallbackRecord {
	url: string;
	/** The target's HTTP status; 'pending' until it answered; why it was not made, or the network error. */
	status: number | string;
	at: number;
	answeredAt?: number;
}

/**
 * Records the callback to `url` and makes it when `send` (off: a provider that never calls back). Only
 * to this machine: tests talk to 127.0.0.1 only, so a callback elsewhere (a docs example's) is recorded.
 */
export async function deliverCallback(
	log: CallbackRecord[],
	url: string,
	send: boolean,
	body: string,
	headers: Record<string, string> = {},
): Promise<void> {
	const entry: CallbackRecord = { url, status: 'pending', at: toolClock.now() };
	log.push(entry);
	if (!send) {
		entry.status = 'not called (callbacks off)';
		return;
	}
	if (!/^http:\/\/(127\.0\.0\.1|localhost)[:/]/.test(url)) {
		entry.status = 'not called (not on this machine)';
		return;
	}
	try {
		const answer = await fetch(url, {
			method: 'POST',
			headers: { 'content-type': 'application/json', ...headers },
			body,
		});
		entry.status = answer.status;
	} catch (error) {
		entry.status = String(error);
	}
	entry.answeredAt = toolClock.now();
}
