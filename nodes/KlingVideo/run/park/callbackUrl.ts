// Where a parked run's tasks call back: n8n's resume URL for the execution, plus this node's id as the
// path (n8n matches a waiting node's webhook by it, so a late callback can never resume another waiting
// node), plus a token made for this run. n8n 2.x's own `signature` parameter stays as it is. Only the
// token's hash is kept, in the execution data; a callback without the token does not count.

import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** The query parameter that carries the run's token. */
export const TOKEN_PARAMETER = 'kling_token';

export interface ParkCallback {
	url: string;
	tokenHash: string;
}

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

export function parkCallback(resumeUrl: string, nodeId: string): ParkCallback {
	const token = randomBytes(24).toString('base64url');
	const url = new URL(resumeUrl);
	url.pathname = `${url.pathname.replace(/\/+$/, '')}/${encodeURIComponent(nodeId)}`;
	url.searchParams.set(TOKEN_PARAMETER, token);
	return { url: url.toString(), tokenHash: hashOf(token) };
}

/** Whether a callback's token is this run's (compared in constant time). */
export function tokenMatches(given: unknown, tokenHash: string): boolean {
	const token = Array.isArray(given) ? given[0] : given;
	if (typeof token !== 'string' || token.length === 0 || token.length > 200) return false;
	const expected = Buffer.from(tokenHash, 'hex');
	const actual = Buffer.from(hashOf(token), 'hex');
	return expected.length === actual.length && timingSafeEqual(expected, actual);
}
