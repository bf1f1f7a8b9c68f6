// Shows each field of an operation only for the providers that send it, as their adapters' field rules
// say (engine/types.ts FieldRules): a field is never shown where it would be dropped. The run-time side
// of the same rules is engine/requestRules.ts, which refuses a value that still arrives.

import type { INodeProperties } from 'n8n-workflow';

import { fieldRulesFor } from '../engine/requestRules';
import type { ProviderId, SubmitOperationId } from '../engine/types';
import { PROVIDERS } from '../providers';

/**
 * The providers that send a node parameter in this operation, or undefined when every provider offering
 * the operation does (or the parameter is no request field, e.g. a collection). `fieldOf` maps parameter
 * names that differ from their request field (Motion Control's "motionModel" is "modelVersion").
 */
export function sendersOf(operation: SubmitOperationId, parameter: string, fieldOf: Record<string, string> = {}): ProviderId[] | undefined {
	const field = fieldOf[parameter] ?? parameter;
	const offering = PROVIDERS.map((provider) => ({ id: provider.id, rules: fieldRulesFor(provider, operation) })).filter(
		(entry) => entry.rules !== undefined,
	);
	if (!offering.some((entry) => entry.rules?.[field] !== undefined)) return undefined;
	const senders = offering.filter((entry) => entry.rules?.[field] === 'sent').map((entry) => entry.id);
	return senders.length === offering.length ? undefined : senders;
}

function restrict(property: INodeProperties, providers: ProviderId[] | undefined, key: string): INodeProperties {
	if (!providers) return property;
	return { ...property, displayOptions: { ...property.displayOptions, show: { ...property.displayOptions?.show, [key]: providers } } };
}

/** The properties, each top-level field and each option of a collection shown only where it is sent. */
export function showWhereSent(operation: SubmitOperationId, properties: INodeProperties[], fieldOf: Record<string, string> = {}): INodeProperties[] {
	return properties.map((property) => {
		const shown = restrict(property, sendersOf(operation, property.name, fieldOf), 'provider');
		if (property.type !== 'collection' || !property.options) return shown;
		// Inside a collection, "/provider" names the node's top-level parameter.
		const options = (property.options as INodeProperties[]).map((option) => restrict(option, sendersOf(operation, option.name, fieldOf), '/provider'));
		return { ...shown, options };
	});
}
