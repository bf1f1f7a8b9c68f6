// The workflows in examples/ are what a user imports: each parses, has a readable English name, and sets
// only parameters the node declares and shows for its operation and provider, with values among their
// choices. The seed examples keep the vendor's prompts (golden fixtures, test/golden.test.ts); the other
// examples read in English. test/node/examples.test.ts runs the starters.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import {
	NodeHelpers,
	type IDataObject,
	type INode,
	type INodeParameters,
	type INodeProperties,
	type INodePropertyOptions,
} from 'n8n-workflow';
import { describe, expect, it } from 'vitest';

import { KlingVideo } from '../../nodes/KlingVideo/KlingVideo.node.js';
import { PROVIDERS } from '../../nodes/KlingVideo/providers';

const DIR = path.join(__dirname, '..', '..', 'examples');
const FILES = readdirSync(DIR).filter((file) => file.endsWith('.json'));
const KLING = 'n8n-nodes-kling-video.klingVideo';
const description = new KlingVideo().description;
const { properties } = description;
const SEED = /^(\d{3})_[0-9a-f]{16}-(\d+)\.json$/;

const read = (file: string) =>
	JSON.parse(readFileSync(path.join(DIR, file), 'utf8')) as {
		name: string;
		nodes: INode[];
		connections: IDataObject;
	};
const klingNodes = (file: string) => read(file).nodes.filter((node) => node.type === KLING);
const isExpression = (value: unknown) => typeof value === 'string' && value.startsWith('=');
const choices = (property: INodeProperties | undefined) =>
	((property?.options ?? []) as INodePropertyOptions[]).map((option) => option.value);

/** What is wrong with a node's parameters: names n8n would drop (unknown, or hidden here), values off the list. */
function problems(node: INode): string[] {
	const given = node.parameters;
	const kept = NodeHelpers.getNodeParameters(
		properties,
		given,
		true,
		false,
		node,
		description,
	) as INodeParameters;
	const found: string[] = [];
	for (const [name, value] of Object.entries(given)) {
		if (!(name in kept)) {
			found.push(`${name}: not shown for ${String(given.operation)} on ${String(given.provider)}`);
			continue;
		}
		const property = properties.find(
			(entry) =>
				entry.name === name && NodeHelpers.displayParameter(kept, entry, node, description),
		);
		if (
			property?.type === 'options' &&
			!isExpression(value) &&
			!choices(property).includes(value as string)
		)
			found.push(`${name}: "${String(value)}" is not a choice`);
		if (property?.type !== 'collection') continue;
		for (const [option, optionValue] of Object.entries(value as IDataObject)) {
			if (!(option in ((kept[name] as IDataObject) ?? {})))
				found.push(`${name}.${option}: not shown here`);
			const definition = (property.options as INodeProperties[]).find(
				(entry) => entry.name === option,
			);
			if (
				definition?.type === 'options' &&
				!isExpression(optionValue) &&
				!choices(definition).includes(optionValue as string)
			) {
				found.push(`${name}.${option}: "${String(optionValue)}" is not a choice`);
			}
		}
	}
	return found;
}

/** Every string anywhere in a value. */
const strings = (value: unknown): string[] =>
	typeof value === 'string'
		? [value]
		: value && typeof value === 'object'
			? Object.values(value).flatMap(strings)
			: [];

describe('examples/', () => {
	it('holds the seed examples and a starter for text, images and motion', () => {
		expect(FILES.filter((file) => SEED.test(file))).toHaveLength(12);
		expect(FILES).toEqual(
			expect.arrayContaining([
				'start-text-to-video-foxapi.json',
				'start-image-to-video.json',
				'start-motion-control.json',
			]),
		);
	});

	it.each(FILES)(
		'%s: parses, named in readable English, and each Kling Video node is set only with what the node declares',
		(file) => {
			const workflow = read(file);
			expect(workflow.name).toMatch(/^Kling Video[ :]/);
			expect(workflow.name).toMatch(/^[\x20-\x7e]+$/);
			expect(workflow.connections).toBeTypeOf('object');
			const nodes = klingNodes(file);
			expect(nodes.length).toBeGreaterThan(0);
			for (const node of nodes) {
				expect(problems(node), node.name).toEqual([]);
				const provider = PROVIDERS.find((entry) => entry.id === node.parameters.provider);
				expect(Object.keys(node.credentials ?? {}), node.name).toEqual([provider?.credentialName]);
			}
		},
	);

	it.each(FILES.filter((file) => SEED.test(file)))(
		'%s: its name says which seed example it is and on which provider',
		(file) => {
			const [, seed, number] = SEED.exec(file)!;
			const provider = PROVIDERS.find(
				(entry) => entry.id === klingNodes(file)[0].parameters.provider,
			)!;
			expect(read(file).name).toMatch(
				new RegExp(`\\(${provider.displayName}, seed ${seed} example ${number}\\)$`),
			);
		},
	);

	it.each(FILES.filter((file) => !SEED.test(file)))(
		'%s: reads in English (prompts, notes)',
		(file) => {
			const texts = read(file).nodes.flatMap((node) => strings(node.parameters));
			expect(texts.length).toBeGreaterThan(0);
			for (const text of texts) expect(text).toMatch(/^[\x20-\x7e\n]*$/);
		},
	);

	it('the check is not vacuous: an unknown name, a field hidden for the provider and a value off the list are found', () => {
		const node = { ...klingNodes('start-image-to-video.json')[0] };
		node.parameters = {
			...node.parameters,
			resolution: '8k',
			aspectRatio: '16:9',
			promt: 'typo',
			additionalFields: { watermark: true },
		};
		expect(problems(node)).toEqual([
			'resolution: "8k" is not a choice',
			'aspectRatio: not shown for imageToVideo on foxApi',
			'promt: not shown for imageToVideo on foxApi',
			'additionalFields.watermark: not shown here',
		]);
	});
});
