// Kling AI's signed callbacks (Standard Webhooks): HMAC-SHA256 over "{webhook-id}.{webhook-timestamp}.
// {raw body}", keyed with the Webhook Secret's base64 part, sent base64 as "v1,<signature>" (several,
// space-separated, while a secret is being rotated), with a timestamp within 5 minutes of now.

import { createHmac, timingSafeEqual } from 'node:crypto';

/** Kling's window against replays: ±5 minutes. */
export const SIGNATURE_WINDOW_MS = 5 * 60_000;

export interface SignedRequest {
	headers: Record<string, string | string[] | undefined>;
	/** The body exactly as it arrived. */
	rawBody: Buffer | string | undefined;
}

const header = (request: SignedRequest, name: string): string | undefined => {
	const value = request.headers[name];
	return Array.isArray(value) ? value[0] : value;
};

/** Why the callback's signature does not verify with this secret; undefined when it does. */
export function signatureProblem(
	secret: string,
	request: SignedRequest,
	nowMs: number,
): string | undefined {
	const id = header(request, 'webhook-id');
	const timestamp = header(request, 'webhook-timestamp');
	const signatures = header(request, 'webhook-signature');
	if (!id || !timestamp || !signatures) return 'it carries no webhook signature headers';
	if (!/^\d{1,12}$/.test(timestamp)) return 'its webhook-timestamp is not a Unix time';
	if (Math.abs(nowMs - Number(timestamp) * 1000) > SIGNATURE_WINDOW_MS)
		return 'its webhook-timestamp is more than 5 minutes from this server’s time';
	if (request.rawBody === undefined) return 'n8n did not keep its raw body to check';
	const key = Buffer.from(secret.trim().replace(/^whsec_/, ''), 'base64');
	const expected = createHmac('sha256', key)
		.update(`${id}.${timestamp}.`)
		.update(request.rawBody)
		.digest();
	const matches = signatures.split(' ').some((entry) => {
		const [version, value] = entry.split(',', 2);
		if (version !== 'v1' || !value) return false;
		const given = Buffer.from(value, 'base64');
		return given.length === expected.length && timingSafeEqual(given, expected);
	});
	return matches ? undefined : 'its signature does not match the Webhook Secret';
}
