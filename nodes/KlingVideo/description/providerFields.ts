// Shows each field of an operation only for the providers that send it, as their adapters' field rules
// say (engine/types.ts FieldRules): a field is never shown where it would be dropped. The run-time side
// of the same rules is engine/requestRules.ts, which refuses a value that still arrives.

import type { INodeProperties } from 'n8n-workflow';

import { fieldRulesFor } from '../providers/requestRules';
import type { ProviderAdapter, ProviderId } from '../providers/types';
import type { SubmitOperationId } from '../request/operations';
import { PROVIDERS } from '../providers';

/**
 * The providers that send a node parameter in this operation, or undefined when every provider offering
 * the operation does (or the parameter is no request field, e.g. a collection). `fieldOf` maps parameter
 * names that differ from their request field (Motion Control's "motionModel" is "modelVersion").
 */
export function sendersOf(
	operation: SubmitOperationId,
	parameter: string,
	fieldOf: Record<string, string> = {},
): ProviderId[] | undefined {
	const field = fieldOf[parameter] ?? parameter;
	const offering = PROVIDERS.map((provider) => ({
		id: provider.id,
		rules: fieldRulesFor(provider, operation),
	})).filter((entry) => entry.rules !== undefined);
	if (!offering.some((entry) => entry.rules?.[field] !== undefined)) return undefined;
	const senders = offering
		.filter((entry) => entry.rules?.[field] === 'sent')
		.map((entry) => entry.id);
	return senders.length === offering.length ? undefined : senders;
}

/** Shows the property only for these providers (and only for those it was already shown for). */
function restrict(
	property: INodeProperties,
	providers: ProviderId[] | undefined,
	key: string,
): INodeProperties {
	if (!providers) return property;
	const before = property.displayOptions?.show?.[key] as ProviderId[] | undefined;
	const shown = before ? before.filter((id) => providers.includes(id)) : providers;
	return {
		...property,
		displayOptions: {
			...property.displayOptions,
			show: { ...property.displayOptions?.show, [key]: shown },
		},
	};
}

const shownSomewhere = (property: INodeProperties, key: string) =>
	(property.displayOptions?.show?.[key] as unknown[] | undefined)?.length !== 0;

/** The properties, each top-level field and each option of a collection shown only where it is sent. */
export function showWhereSent(
	operation: SubmitOperationId,
	properties: INodeProperties[],
	fieldOf: Record<string, string> = {},
): INodeProperties[] {
	return properties
		.map((property) => {
			const shown = restrict(property, sendersOf(operation, property.name, fieldOf), 'provider');
			if (property.type !== 'collection' || !property.options) return shown;
			// Inside a collection, "/provider" names the node's top-level parameter.
			const options = (property.options as INodeProperties[])
				.map((option) => restrict(option, sendersOf(operation, option.name, fieldOf), '/provider'))
				.filter((option) => shownSomewhere(option, '/provider'));
			return { ...shown, options };
		})
		.filter((property) => shownSomewhere(property, 'provider'));
}

/**
 * One copy of a property per distinct variant among the providers offering the operation, each shown for
 * its own providers: Duration with each provider's choices, Prompt marked required where the provider needs
 * it. When every provider has the same variant, one property shown for all.
 */
export function perProvider(
	operation: SubmitOperationId,
	property: INodeProperties,
	variant: (provider: ProviderAdapter) => Partial<INodeProperties>,
): INodeProperties[] {
	const groups = new Map<string, { change: Partial<INodeProperties>; providers: ProviderId[] }>();
	for (const provider of PROVIDERS.filter((entry) => entry.capabilities[operation] !== undefined)) {
		const change = variant(provider);
		const key = JSON.stringify(change);
		const group = groups.get(key) ?? { change, providers: [] };
		group.providers.push(provider.id);
		groups.set(key, group);
	}
	const variants = [...groups.values()];
	if (variants.length <= 1) return [{ ...property, ...variants[0]?.change }];
	return variants.map(({ change, providers }) =>
		restrict({ ...property, ...change }, providers, 'provider'),
	);
}
