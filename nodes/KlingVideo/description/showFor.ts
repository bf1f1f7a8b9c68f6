// Adds display conditions to a list of properties (n8n-workflow's updateDisplayOptions is not in every
// n8n version this package supports, so the few lines live here).

import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

export function showFor(
	show: IDisplayOptions['show'],
	properties: INodeProperties[],
): INodeProperties[] {
	return properties.map((property) => ({
		...property,
		displayOptions: {
			...property.displayOptions,
			show: { ...show, ...property.displayOptions?.show },
		},
	}));
}
