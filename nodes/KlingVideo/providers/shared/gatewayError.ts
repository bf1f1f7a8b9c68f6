// Error answers of OpenAI-style gateways: {"error":{message,type,code}} or {code,message}. The HTTP
// status decides the kind unless the body names one the provider documents.

import { firstText, preview } from '../../lib/json';
import type { ProviderError, ProviderErrorKind } from '../../transport/http';

export function kindFromStatus(statusCode: number): ProviderErrorKind {
	if (statusCode === 401 || statusCode === 403) return 'auth';
	if (statusCode === 402) return 'quota';
	if (statusCode === 429) return 'rateLimited';
	if (statusCode === 404) return 'notFound';
	if (statusCode === 400 || statusCode === 422) return 'invalid';
	if (statusCode >= 500) return 'server';
	return 'unknown';
}

/** `documented` maps an error type or code the provider documents to its kind. */
export function gatewayError(
	statusCode: number,
	body: unknown,
	documented: Record<string, ProviderErrorKind> = {},
): ProviderError {
	const type = firstText(body, ['error.type', 'type']);
	const code = firstText(body, ['error.code', 'code']);
	const message =
		firstText(body, ['error.message', 'message', 'error', 'msg', 'detail']) ??
		`HTTP ${statusCode}: ${preview(body)}`;
	const named = documented[type ?? ''] ?? documented[code ?? ''];
	return {
		kind: named ?? kindFromStatus(statusCode),
		message,
		code: code ?? type,
		documented: named !== undefined,
	};
}
