// Kling AI's error codes (docs/providers.md 6.6), the same in both of its API designs: an answer
// {code, message, request_id, data} where code != 0 is an error even in an HTTP 200.

import { asNumber, firstText, pick, preview } from '../../lib/json';
import type { ProviderError, ProviderErrorKind } from '../../transport/http';
import { kindFromStatus } from './gatewayError';

// [from, to, kind, what it means]; `key` names the credential's key in the auth message.
const CODE_KINDS: Array<[number, number, ProviderErrorKind, (key: string) => string]> = [
	[1000, 1004, 'auth', (key) => `authentication failed: check the ${key}`],
	[1100, 1100, 'auth', () => 'the account has a problem'],
	[1101, 1102, 'quota', () => 'the account is out of balance or its resource pack is used up'],
	[1103, 1103, 'auth', () => 'the account has no permission for this resource'],
	[1104, 1199, 'auth', () => 'account problem'],
	[1200, 1201, 'invalid', () => 'invalid parameters'],
	[1202, 1203, 'notFound', () => 'not found'],
	[1300, 1301, 'contentPolicy', () => 'blocked by the content policy'],
	[1302, 1302, 'rateLimited', () => 'too many requests'],
	[1303, 1303, 'busy', () => 'too many tasks running at once for the resource pack'],
	[1304, 1304, 'auth', () => 'the IP address is not on the allow list'],
	[5000, 5999, 'server', () => 'server error'],
];

/** An HTTP error answer of Kling AI; `key` is what the credential holds ("API key"...). */
export function parseKlingError(statusCode: number, body: unknown, key: string): ProviderError {
	const code = asNumber(pick(body, 'code'));
	const message =
		firstText(body, ['message', 'error.message']) ?? `HTTP ${statusCode}: ${preview(body)}`;
	const known =
		code === undefined ? undefined : CODE_KINDS.find(([from, to]) => code >= from && code <= to);
	if (!known) return { kind: kindFromStatus(statusCode), message, code: code?.toString() };
	return {
		kind: known[2],
		message: `${known[3](key)} (code ${code}: ${message})`,
		code: String(code),
		documented: true,
	};
}

/** The error inside an HTTP 200 answer whose code is not 0. */
export function parseKlingBodyError(body: unknown, key: string): ProviderError | undefined {
	const code = asNumber(pick(body, 'code'));
	return code === undefined || code === 0 ? undefined : parseKlingError(200, body, key);
}
