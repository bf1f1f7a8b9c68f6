// What the node does and who does it: the Operation list (first, so that n8n's actions panel offers each
// operation once, in this order), then a Provider list that names only the providers offering the chosen
// operation, then the credential of the chosen provider.
//
// The Provider stays a visible parameter. n8n's editor takes a parameter as the node's "login type" (hides
// it, and sets it from whichever credential it picks or auto-assigns) when every one of its values appears
// in the credentials' display conditions as a plain value. The credentials here are shown with `_cnd`
// conditions instead, which n8n evaluates the same way but does not count as login-type values, so:
//   - the Provider is shown and changed like any other parameter;
//   - the editor only offers (and auto-assigns) credentials of the chosen provider, never changing the
//     provider, so an action picked in the nodes panel keeps its operation on a provider that runs it.

import type { INodeCredentialDescription, INodeProperties, NodeParameterValue } from 'n8n-workflow';

import type { ProviderAdapter, ProviderId } from '../providers/types';
import { operationsOf, PROVIDERS } from '../providers';
import { OPERATION_ORDER, OPERATIONS, type OperationId } from '../request/operations';

export const operationProperty: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	options: OPERATION_ORDER.map((operation) => {
		const { name, action, description } = OPERATIONS[operation];
		return { value: operation, name, action, description };
	}),
	default: 'textToVideo',
};

/** The providers that offer an operation (every provider offers Get Task). */
export function providersOffering(operation: OperationId): ProviderAdapter[] {
	return PROVIDERS.filter((provider) => operationsOf(provider).includes(operation));
}

/** One Provider parameter per set of operations offered by the same providers (n8n picks the one shown). */
export const providerProperties: INodeProperties[] = (() => {
	const groups = new Map<string, { operations: OperationId[]; providers: ProviderAdapter[] }>();
	for (const operation of OPERATION_ORDER) {
		const providers = providersOffering(operation);
		const key = providers.map((provider) => provider.id).join(',');
		const group = groups.get(key) ?? { operations: [], providers };
		group.operations.push(operation);
		groups.set(key, group);
	}
	return [...groups.values()].map(({ operations, providers }) => {
		const options = providers
			.map((provider) => ({
				name: provider.displayName,
				value: provider.id,
				description: provider.note,
			}))
			.sort((a, b) => a.name.localeCompare(b.name));
		const fallback = providers.some((provider) => provider.id === 'foxApi')
			? 'foxApi'
			: options[0].value;
		return {
			displayName: 'Provider',
			name: 'provider',
			type: 'options',
			noDataExpression: true,
			displayOptions: { show: { operation: operations } },
			options,
			default: fallback,
			description:
				options.length > 1
					? 'The API service that runs Kling for you; each has its own credential. Only the providers that offer this operation are listed.'
					: `Only ${options[0].name} offers this operation`,
		} satisfies INodeProperties;
	});
})();

/** Where the editor draws the credential picker: under the Provider, which decides it (as n8n's Notion node does). */
export const credentialsPlacement: INodeProperties = {
	displayName: 'Credentials',
	name: 'credentials',
	type: 'credentials',
	default: '',
};

/** Shown while the Provider is `id`: an `_cnd` condition (see the top of this file for why not a plain value). */
const whileProvider = (id: ProviderId) => [{ _cnd: { eq: id } }] as unknown as NodeParameterValue[];

export const credentials: INodeCredentialDescription[] = PROVIDERS.map((provider) => ({
	name: provider.credentialName,
	required: true,
	displayOptions: { show: { provider: whileProvider(provider.id) } },
}));

const names = (entries: Array<[string, string]>) => JSON.stringify(Object.fromEntries(entries));

/** The canvas subtitle in words: "Text to Video · FoxAPI". */
export const subtitle = `={{ (${names(OPERATION_ORDER.map((id) => [id, OPERATIONS[id].name]))}[$parameter["operation"]] || $parameter["operation"]) + " · " + (${names(
	PROVIDERS.map((provider) => [provider.id, provider.displayName]),
)}[$parameter["provider"]] || $parameter["provider"]) }}`;
