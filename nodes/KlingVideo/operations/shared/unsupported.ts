import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';

import type { OperationId } from '../../request/operations';
import type { ProviderAdapter } from '../../providers/types';

/** Raised when a workflow asks a provider for an operation it does not offer (e.g. after a switch). */
export function unsupported(
	ctx: IExecuteFunctions,
	provider: ProviderAdapter,
	operation: OperationId,
): never {
	throw new NodeOperationError(
		ctx.getNode(),
		`${provider.displayName} does not offer the "${operation}" operation`,
		{
			description: 'Choose another operation, or a provider that offers it (see the README table).',
		},
	);
}
