// What n8n's editor makes of the node's description, checked the way the editor reads it (its rules are
// repeated here from n8n's editor-ui: nodes panel search, actions panel, login-type detection), so that a
// change to the description that would bring back a problem of issue 15 fails here before the browser
// test (test/e2e/editor.e2e.test.ts) runs it in a real editor.
import { readFileSync } from 'node:fs';
import path from 'node:path';

import {
	NodeHelpers,
	type INode,
	type INodeCredentialDescription,
	type INodeParameters,
	type INodeProperties,
	type INodePropertyOptions,
} from 'n8n-workflow';
import { describe, expect, it } from 'vitest';

import { FoxApiApi } from '../../credentials/FoxApiApi.credentials';
import { KlingAiApi } from '../../credentials/KlingAiApi.credentials';
import { ToApisApi } from '../../credentials/ToApisApi.credentials';
import { UniAllApi } from '../../credentials/UniAllApi.credentials';
import { KlingVideo } from '../../nodes/KlingVideo/KlingVideo.node.js';
import type { OperationId } from '../../nodes/KlingVideo/request/operations';
import { operationsOf, PROVIDERS } from '../../nodes/KlingVideo/providers';

const description = new KlingVideo().description;
const { properties } = description;
const codex = JSON.parse(
	readFileSync(path.join(__dirname, '../../nodes/KlingVideo/KlingVideo.node.json'), 'utf8'),
);
const optionsOf = (property: INodeProperties | undefined) =>
	(property?.options ?? []) as INodePropertyOptions[];
const node = (parameters: INodeParameters): INode => ({
	id: '1',
	name: 'Kling Video',
	type: 'klingVideo',
	typeVersion: 1,
	position: [0, 0],
	parameters,
});
/** The parameters n8n keeps (defaults added, hidden ones dropped), as the editor and the engine do. */
const resolved = (parameters: INodeParameters) =>
	NodeHelpers.getNodeParameters(
		properties,
		parameters,
		true,
		false,
		null,
		description,
	) as INodeParameters;
/** The definition of a parameter n8n shows for these values (several share a name). */
const shown = (name: string, parameters: INodeParameters) =>
	properties.find(
		(property) =>
			property.name === name &&
			NodeHelpers.displayParameter(resolved(parameters), property, null, description),
	);

describe('found in the nodes panel', () => {
	it('is a regular node with no AI category or subcategories (reserved for @n8n/ai-node-sdk nodes), found by its aliases, and a tool', () => {
		// n8n's community-node lint: no-ai-codex-category, no-codex-subcategories. The Tool variant gets
		// its AI > Tools codex from n8n itself (packages/cli tool-generation), whatever the node's own says.
		expect(codex.categories).not.toContain('AI');
		expect(codex).not.toHaveProperty('subcategories');
		// One of the categories n8n's docs list for community nodes (lint: valid-node-categories).
		expect(codex.categories).toEqual(['Marketing & Content']);
		expect(description.usableAsTool).toBe(true);
		for (const word of ['Kling', 'video', 'text to video']) expect(codex.alias).toContain(word);
	});
});

describe('hints', () => {
	it('every hint is at most 120 characters (n8n lint: hint-max-length)', () => {
		const hints: string[] = [];
		const walk = (value: unknown): void => {
			if (Array.isArray(value)) value.forEach(walk);
			else if (value && typeof value === 'object') {
				for (const [key, entry] of Object.entries(value)) {
					if (key === 'hint' && typeof entry === 'string') hints.push(entry);
					else walk(entry);
				}
			}
		};
		walk(description);
		expect(hints.length).toBeGreaterThan(5);
		expect(hints.filter((hint) => hint.length > 120)).toEqual([]);
	});
});

describe('the actions panel', () => {
	// n8n lists the options of the first "operation" parameter (no "resource" here), plus, for an AI node,
	// the options of the first "mode" parameter; picking one sets those values and the parameter's display conditions.
	const first = properties.find((property) => property.name.toLowerCase() === 'operation');

	it('offers each operation once, in order, with its action text, and nothing else', () => {
		expect(
			properties.some((property) => ['resource', 'mode'].includes(property.name.toLowerCase())),
		).toBe(false);
		expect(first?.displayOptions).toBeUndefined();
		expect(optionsOf(first).map((option) => option.action)).toEqual([
			'Generate a video from text',
			'Generate a video from images',
			'Animate a character with motion from a video',
			'Edit a video',
			'Create a voice',
			'Get a task',
		]);
		expect(properties.filter((property) => property.name === 'operation')).toHaveLength(1);
	});

	it.each(optionsOf(first).map((option) => option.value as OperationId))(
		'%s: the default provider runs it, and only providers that offer it are listed',
		(operation) => {
			const provider = shown('provider', { operation });
			expect(provider).toBeDefined();
			expect(
				optionsOf(provider)
					.map((option) => option.value)
					.sort(),
			).toEqual(
				PROVIDERS.filter((entry) => operationsOf(entry).includes(operation))
					.map((entry) => entry.id)
					.sort(),
			);
			expect(operationsOf(PROVIDERS.find((entry) => entry.id === provider!.default)!)).toContain(
				operation,
			);
			expect(resolved({ operation }).operation).toBe(operation);
		},
	);
});

describe('the provider in sight', () => {
	it('is no login type: n8n would hide it and set it from the credential picked', () => {
		// editor-ui nodeTypesUtils: a field is the main auth field when every option value of it appears as a
		// plain value in the credentials' `show` conditions (a field named "authentication" always is).
		const plainValues = new Set(
			(description.credentials ?? []).flatMap((credential) =>
				Object.values(credential.displayOptions?.show ?? {}).flatMap((values) =>
					(values ?? []).map((value) => (value ? value.toString() : '')),
				),
			),
		);
		const dependencies = properties.filter((property) =>
			(description.credentials ?? []).some(
				(credential) => property.name in (credential.displayOptions?.show ?? {}),
			),
		);
		expect(dependencies.length).toBeGreaterThan(0);
		for (const field of dependencies) {
			expect(field.name).not.toBe('authentication');
			expect(optionsOf(field).every((option) => plainValues.has(String(option.value)))).toBe(false);
		}
	});

	it.each(PROVIDERS.map((provider) => [provider.id, provider] as const))(
		'%s: only its credential is offered',
		(_, provider) => {
			const parameters = resolved({ operation: 'getTask', provider: provider.id });
			const offered = (description.credentials ?? []).filter(
				(credential: INodeCredentialDescription) =>
					NodeHelpers.displayParameter(parameters, credential, null, description),
			);
			expect(offered.map((credential) => credential.name)).toEqual([provider.credentialName]);
		},
	);

	it('the canvas subtitle names operation and provider in words', () => {
		const expression = String(description.subtitle)
			.replace(/^=\{\{/, '')
			.replace(/\}\}$/, '');
		const evaluate = new Function('$parameter', `return ${expression};`) as (
			parameters: INodeParameters,
		) => string;
		expect(evaluate({ operation: 'textToVideo', provider: 'foxApi' })).toBe(
			'Text to Video · FoxAPI',
		);
		expect(evaluate({ operation: 'createVoice', provider: 'foxApi' })).toBe(
			'Create Voice · FoxAPI',
		);
		expect(evaluate({ operation: 'getTask', provider: 'klingAi' })).toBe('Get Task · Kling AI');
	});
});

describe('credentials', () => {
	const types = [new FoxApiApi(), new UniAllApi(), new ToApisApi(), new KlingAiApi()];

	it.each(types.map((type) => [type.name, type] as const))(
		'%s: found by "Kling", names its provider, every field says what goes in',
		(_, type) => {
			const provider = PROVIDERS.find((entry) => entry.credentialName === type.name)!;
			expect(type.displayName).toMatch(/Kling/);
			expect(type.displayName).toContain(provider.displayName);
			for (const field of type.properties.filter((property) => property.type !== 'notice')) {
				expect(field.description, field.name).toBeTruthy();
			}
			const baseUrl = type.properties.find((property) => property.name === 'baseUrl')!;
			if (baseUrl.default) expect(baseUrl.description).toMatch(/^Usually stays as it is/);
		},
	);
});

describe('only the fields that count', () => {
	const issues = (parameters: INodeParameters) =>
		Object.keys(
			NodeHelpers.getNodeParametersIssues(properties, node(resolved(parameters)), description)
				?.parameters ?? {},
		);

	it('flags an empty required field where the provider needs it', () => {
		expect(issues({ operation: 'textToVideo', provider: 'foxApi' })).toEqual(['prompt']);
		expect(issues({ operation: 'textToVideo', provider: 'uniAll' })).toEqual([]);
		expect(issues({ operation: 'imageToVideo', provider: 'klingAi' }).sort()).toEqual([
			'firstFrameUrl',
		]);
		expect(issues({ operation: 'imageToVideo', provider: 'toApis' })).toEqual([]);
		expect(issues({ operation: 'motionControl', provider: 'klingAi' }).sort()).toEqual([
			'imageUrl',
			'videoUrl',
		]);
		expect(issues({ operation: 'editVideo', provider: 'foxApi' }).sort()).toEqual([
			'prompt',
			'videoUrl',
		]);
		expect(issues({ operation: 'createVoice', provider: 'foxApi' })).toEqual(['voiceUrl']);
		expect(issues({ operation: 'getTask', provider: 'toApis' })).toEqual(['taskId']);
	});

	it.each(
		PROVIDERS.flatMap((provider) =>
			(['textToVideo', 'imageToVideo'] as const)
				.filter((operation) => provider.capabilities[operation])
				.map((operation) => [provider.id, operation, provider] as const),
		),
	)('%s %s: Duration and Resolution offer what the provider offers', (_, operation, provider) => {
		const caps = provider.capabilities[operation]!;
		const values = (name: string) =>
			optionsOf(shown(name, { operation, provider: provider.id })).map((option) => option.value);
		expect(values('duration')).toEqual([...caps.durations].sort((a, b) => a - b));
		expect([...values('resolution')].sort()).toEqual([...caps.resolutions].sort());
	});

	it('Get Task shows the Task ID and the options it uses; Create Voice no video options', () => {
		const everything = {
			waitForCompletion: true,
			options: Object.fromEntries(
				optionsOf(properties.find((property) => property.name === 'options')).map((option) => [
					option.name,
					(option as unknown as INodeProperties).default,
				]),
			),
		};
		const getTask = resolved({
			operation: 'getTask',
			provider: 'foxApi',
			taskId: 'x',
			...everything,
		});
		expect(Object.keys(getTask).sort()).toEqual([
			'credentials',
			'operation',
			'options',
			'provider',
			'taskId',
			'waitForCompletion',
		]);
		expect(Object.keys(getTask.options as object).sort()).toEqual(
			[
				'binaryPropertyName',
				'download',
				'downloadTimeoutMinutes',
				'maxVideoMegabytes',
				'maxWaitMinutes',
				'onTimeout',
				'pollIntervalSeconds',
			].sort(),
		);
		const voice = resolved({ operation: 'createVoice', provider: 'foxApi', ...everything });
		expect(Object.keys(voice.options as object)).not.toEqual(expect.arrayContaining(['download']));
		expect(voice.options).not.toHaveProperty('binaryPropertyName');
		expect(shown('taskId', { operation: 'getTask' })?.placeholder).not.toMatch(/task-unified/);
	});
});
