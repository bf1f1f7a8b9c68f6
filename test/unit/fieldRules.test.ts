// Nothing the user sets is dropped without a word: for every provider and operation, each request field
// is either sent (it changes the request body) or refused before sending (a message naming the field and
// the provider), and n8n shows it only for the providers that send it. The walk covers every node
// parameter of every operation, so a new field fails here until each provider has decided on it.
import { NodeHelpers, type IDataObject, type INodeProperties } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';

import { KlingVideo } from '../../nodes/KlingVideo/KlingVideo.node.js';
import { submitOperations as operationReaders } from '../../nodes/KlingVideo/operations/index';
import { readRequest } from '../../nodes/KlingVideo/run/plan/plan';
import {
	fieldRulesFor,
	requestProblem,
	withOverrides,
} from '../../nodes/KlingVideo/providers/requestRules';
import type { SubmitOperationId, VideoRequest } from '../../nodes/KlingVideo/request/operations';
import { PROVIDERS } from '../../nodes/KlingVideo/providers';
import { fakeContext } from './fakeContext';
import { ALT, BASE, FIELD_OF, fullRequest, parameters, SET } from './fieldFixtures';

const OPERATIONS = Object.keys(operationReaders) as SubmitOperationId[];
const OVERRIDES = ['customModel', 'extraBody'];
const properties = new KlingVideo().description.properties;

/** Every (provider, operation, field, rule) the adapters declare. */
const CASES = PROVIDERS.flatMap((provider) =>
	OPERATIONS.flatMap((operation) =>
		Object.entries(fieldRulesFor(provider, operation) ?? {}).map(([field, rule]) => ({
			provider,
			operation,
			field,
			rule,
		})),
	),
);
const name = (entry: (typeof CASES)[number]) =>
	`${entry.provider.displayName} ${entry.operation} ${entry.field}`;

/** The request fields an operation's node parameters set (collections opened, overrides left out). */
function parameterFields(operation: SubmitOperationId): string[] {
	// The Provider lists (one per set of operations) choose who runs the request: no request field.
	const own = properties.filter(
		(property) =>
			property.name !== 'provider' && property.displayOptions?.show?.operation?.includes(operation),
	);
	const names = own.flatMap((property) =>
		property.type === 'collection'
			? (property.options as INodeProperties[]).map((option) => option.name)
			: [property.name],
	);
	return [...new Set(names.map((parameter) => FIELD_OF[parameter] ?? parameter))]
		.filter((field) => !OVERRIDES.includes(field))
		.sort();
}

const body = (request: VideoRequest, provider: (typeof PROVIDERS)[number]) =>
	JSON.stringify(withOverrides(provider, request, provider.buildSubmit(request)).body);

describe('every field of every operation has a rule at every provider offering it', () => {
	it.each(OPERATIONS)('%s', (operation) => {
		const offering = PROVIDERS.filter((provider) => fieldRulesFor(provider, operation));
		expect(offering.length).toBeGreaterThan(0);
		for (const provider of offering) {
			expect(Object.keys(fieldRulesFor(provider, operation)!).sort(), provider.displayName).toEqual(
				parameterFields(operation),
			);
		}
		// The fixtures set every field too (the types ask for them; this keeps them honest).
		expect(Object.keys(SET[operation]).sort()).toEqual(parameterFields(operation));
	});
});

describe('a field the provider sends reaches the request body', () => {
	it.each(
		CASES.filter((entry) => entry.rule === 'sent').map((entry) => [name(entry), entry] as const),
	)('%s', (_, entry) => {
		const { provider, operation, field } = entry;
		const full = fullRequest(operation);
		const other = fullRequest(operation, { [field]: (ALT[operation] as IDataObject)[field] });
		expect(body(other, provider)).not.toBe(body(full, provider));
		// Read from its node parameters, the field arrives and the field rules let it through.
		const request = operationReaders[operation].read(
			fakeContext(parameters(operation, SET[operation][field as never])),
			0,
			provider,
		);
		expect((request as unknown as IDataObject)[field]).toBeDefined();
		expect(requestProblem(provider, request)).toBeUndefined();
	});
});

describe('a field the provider does not send is refused before sending, naming field and provider', () => {
	it.each(
		CASES.filter((entry) => entry.rule !== 'sent').map((entry) => [name(entry), entry] as const),
	)('%s', (_, entry) => {
		const { provider, operation, field } = entry;
		const ctx = fakeContext(parameters(operation, SET[operation][field as never]));
		const label = operationReaders[operation].labels[field];
		expect(label).toBeDefined();
		expect(() => readRequest(ctx, provider, operation, 0)).toThrow(
			`Invalid "${label}" [item 0]: ${provider.displayName} does not take it (`,
		);
		// The same parameters without the field are fine: the refusal is about the field alone.
		expect(() => readRequest(fakeContext(BASE[operation]), provider, operation, 0)).not.toThrow();
	});
});

describe('n8n shows a field only for the providers that send it', () => {
	it.each(CASES.map((entry) => [name(entry), entry] as const))('%s', (_, entry) => {
		const { provider, operation, field, rule } = entry;
		const given = {
			provider: provider.id,
			operation,
			...parameters(operation, ...Object.values(SET[operation])),
		};
		// What n8n's engine does to a workflow's parameters before the node runs: hidden ones are dropped.
		const kept = NodeHelpers.getNodeParameters(
			properties,
			given,
			true,
			false,
			null,
			null,
		) as IDataObject;
		const parameter = Object.keys(FIELD_OF).find((key) => FIELD_OF[key] === field) ?? field;
		const shown = parameter in kept || parameter in ((kept.additionalFields as IDataObject) ?? {});
		expect(shown).toBe(rule === 'sent');
	});
});

describe('Custom Model Name and Extra Body Fields on every operation of every provider', () => {
	const offered = PROVIDERS.flatMap((provider) =>
		OPERATIONS.filter((operation) => fieldRulesFor(provider, operation)).map(
			(operation) => [provider, operation] as const,
		),
	);

	it.each(
		offered.map(
			([provider, operation]) =>
				[`${provider.displayName} ${operation}`, provider, operation] as const,
		),
	)('%s', (_, provider, operation) => {
		const extraBody = JSON.stringify({ new_vendor_field: { a: 1 }, prompt_extend: false });
		const ctx = fakeContext(
			parameters(operation, { additionalFields: { customModel: ' kling-v9-next ', extraBody } }),
		);
		const request = readRequest(ctx, provider, operation, 0);
		expect(request).toMatchObject({
			customModel: 'kling-v9-next',
			extraBody: { new_vendor_field: { a: 1 }, prompt_extend: false },
		});
		const plain = provider.buildSubmit(
			readRequest(fakeContext(BASE[operation]), provider, operation, 0),
		);
		const call = withOverrides(provider, request, provider.buildSubmit(request));
		const sent = call.body as IDataObject;
		// The model key keeps its place; everything else is built as without the overrides, then the extras follow.
		expect(Object.keys(sent)).toEqual([
			...Object.keys(plain.body as IDataObject),
			'new_vendor_field',
			'prompt_extend',
		]);
		expect(sent).toEqual({
			...(plain.body as IDataObject),
			[provider.modelField]: 'kling-v9-next',
			new_vendor_field: { a: 1 },
			prompt_extend: false,
		});
		expect([call.method, call.path, call.headers]).toEqual([
			plain.method,
			plain.path,
			plain.headers,
		]);

		const refused = (extra: unknown) => () =>
			readRequest(
				fakeContext(parameters(operation, { additionalFields: { extraBody: extra } })),
				provider,
				operation,
				0,
			);
		expect(refused('[1, 2]')).toThrow(
			'Invalid "Extra Body Fields (JSON)" [item 0]: must be a JSON object',
		);
		expect(refused('42')).toThrow('must be a JSON object');
		expect(refused('{"a": ')).toThrow('is not valid JSON');
		expect(refused('{"a": {"__proto__": {"polluted": true}}}')).toThrow(
			'must not contain the key "__proto__"',
		);
		expect(refused(`{"${provider.modelField}": "x"}`)).toThrow(
			`"${provider.modelField}" names the model: use Custom Model Name instead`,
		);
		for (const key of Object.keys(provider.reservedBodyFields ?? {})) {
			expect(refused(`{"${key}": "https://attacker.example/hook"}`)).toThrow(
				`"${key}" is set by the node for the`,
			);
		}
		expect(({} as IDataObject).polluted).toBeUndefined();
	});
});
