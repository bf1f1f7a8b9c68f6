// A minimal IExecuteFunctions for reading one item's parameters outside n8n's engine. Unlike the engine,
// it hands over every parameter as given, hidden or not: what a reader and the field rules make of a value
// that arrives for a provider that does not take it.
import type { IBinaryData, IDataObject, IExecuteFunctions } from 'n8n-workflow';

export function fakeContext(
	parameters: IDataObject,
	binary: Record<string, IBinaryData> = {},
): IExecuteFunctions {
	return {
		getNodeParameter: (name: string, _itemIndex: number, fallback?: unknown) =>
			name in parameters ? parameters[name] : fallback,
		getInputData: () => [{ json: {}, binary }],
		getNode: () => ({
			id: 'kling',
			name: 'Kling Video',
			type: 'CUSTOM.klingVideo',
			typeVersion: 1,
			position: [0, 0],
			parameters,
		}),
	} as unknown as IExecuteFunctions;
}
