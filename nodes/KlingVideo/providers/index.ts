// The providers the node offers. A new provider is one adapter file, one credential file and one
// line here.

import type { OperationId } from '../request/operations';
import type { ProviderAdapter, ProviderId } from './types';
import { foxApi } from './foxApi';
import { klingAi } from './klingAi';
import { toApis } from './toApis';
import { uniAll } from './uniAll';

export const PROVIDERS: ProviderAdapter[] = [foxApi, uniAll, toApis, klingAi];

export function findProvider(id: string): ProviderAdapter | undefined {
	return PROVIDERS.find((provider) => provider.id === (id as ProviderId));
}

/** The operations a provider offers: its generation capabilities, plus Get Task for everyone. */
export function operationsOf(provider: ProviderAdapter): OperationId[] {
	const generated = (Object.keys(provider.capabilities) as OperationId[]).filter(
		(operation) =>
			provider.capabilities[operation as keyof ProviderAdapter['capabilities']] !== undefined,
	);
	return [...generated, 'getTask'];
}
