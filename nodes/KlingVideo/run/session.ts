// The provider's client for one run (execute()) or one callback (webhook()): the credential's Base URL
// checked, every credential value known to the redactor, one time limit per call.

import { NodeOperationError, type ICredentialDataDecryptedObject } from 'n8n-workflow';

import { baseUrlProblem } from '../../../credentials/baseUrl';
import type { CancelToken } from '../lib/cancel';
import type { Clock } from '../lib/clock';
import type { ProviderAdapter } from '../providers/types';
import { createProviderClient, type ProviderClient } from '../transport/client';
import type { NodeHost } from '../transport/host';
import { isMetadataHost } from '../transport/publicHost';
import { createRedactor, type Redactor } from '../transport/redact';

const REQUEST_TIMEOUT_MS = 60_000;
/** Credential fields that are settings, not secrets (redacting "apiKey" would maul every answer). */
const NOT_SECRET = new Set(['baseUrl', 'authentication']);

export interface Session {
	client: ProviderClient;
	redactor: Redactor;
	baseUrl: string;
}

export function openSession(
	ctx: NodeHost,
	provider: ProviderAdapter,
	credentials: ICredentialDataDecryptedObject,
	cancel: CancelToken,
	clock: Clock,
): Session {
	const given = String(credentials.baseUrl ?? '').trim();
	const problem =
		baseUrlProblem(given) ??
		(isMetadataHost(given)
			? 'it is a link-local or cloud metadata address, where no provider answers.'
			: undefined);
	if (problem) {
		throw new NodeOperationError(
			ctx.getNode(),
			`The ${provider.displayName} credential's Base URL is refused: ${problem}`,
			{
				description:
					'Fix Base URL in the credential (the provider default works unless you use a proxy); nothing was sent.',
			},
		);
	}
	const baseUrl = String(credentials.baseUrl).trim().replace(/\/+$/, '');
	const redactor = createRedactor(
		Object.entries(credentials)
			.filter(([key, value]) => !NOT_SECRET.has(key) && typeof value === 'string')
			.map(([, value]) => value as string),
	);
	const client = createProviderClient(ctx, provider, {
		baseUrl,
		cancel,
		clock,
		timeoutMs: REQUEST_TIMEOUT_MS,
		redactor,
	});
	return { client, redactor, baseUrl };
}
