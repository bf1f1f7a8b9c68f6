// What the parameter panel must show for each operation and provider, for the editor test. The expectation
// is not read from the node's description (that would compare the description with itself): a table
// written here says where each request field sits in the panel, and the provider's field rules (the
// adapters' FieldRules, the same rules that refuse a field at run time) say which fields it sends.
import type { FieldRule } from '../../nodes/KlingVideo/providers/types';
import type { OperationId, SubmitOperationId } from '../../nodes/KlingVideo/request/operations';
import { fieldRulesFor } from '../../nodes/KlingVideo/providers/requestRules';
import { PROVIDERS } from '../../nodes/KlingVideo/providers';

/**
 * Where an operation's request fields sit: top-level parameters by name (a list of values by its label: the
 * panel names it no other way), Additional Fields by label.
 */
interface Layout {
	top: Record<string, string>;
	additional: Record<string, string>;
}

const GENERATION_TOP = {
	model: 'model',
	prompt: 'prompt',
	resolution: 'resolution',
	aspectRatio: 'aspectRatio',
	duration: 'duration',
	generateAudio: 'generateAudio',
};
const GENERATION_ADDITIONAL = {
	negativePrompt: 'Negative Prompt',
	voiceIds: 'Voice IDs',
	multiPrompt: 'Multi-Prompt Shots',
	cfgScale: 'CFG Scale',
	shotType: 'Shot Type',
	watermark: 'Watermark',
};

const LAYOUT: Record<SubmitOperationId, Layout> = {
	textToVideo: { top: GENERATION_TOP, additional: GENERATION_ADDITIONAL },
	imageToVideo: {
		top: {
			...GENERATION_TOP,
			firstFrameUrl: 'firstFrameUrl',
			lastFrameUrl: 'lastFrameUrl',
			referenceImageUrls: 'Reference Images',
		},
		additional: GENERATION_ADDITIONAL,
	},
	motionControl: {
		top: {
			modelVersion: 'motionModel',
			imageUrl: 'imageUrl',
			videoUrl: 'videoUrl',
			mode: 'motionMode',
			prompt: 'prompt',
		},
		additional: {
			characterOrientation: 'Character Orientation',
			keepOriginalSound: 'Keep Original Sound',
		},
	},
	editVideo: {
		top: { model: 'model', prompt: 'prompt', videoUrl: 'videoUrl', resolution: 'resolution' },
		additional: { keepAudio: 'Keep Audio', imageUrls: 'Images', elements: 'Elements' },
	},
	createVoice: { top: { voiceUrl: 'voiceUrl' }, additional: {} },
};

/** Every submit operation's Additional Fields also hold the two overrides, whoever the provider. */
const OVERRIDES = ['Custom Model Name', 'Extra Body Fields (JSON)'];

/** The Options collection: what applies to waiting, to submitting, to callbacks, and to a video. */
const OPTIONS = {
	always: ['At Max Wait', 'Max Wait (Minutes)', 'Min Poll Interval (Seconds)'],
	submits: [
		'Client Task ID',
		'Max Queue Time (Minutes)',
		'Max Running Tasks',
		'Max Submissions at Once',
	],
	/** Where the provider calls back (not UniAll). */
	callsBack: ['Callback URL', 'While Waiting'],
	video: [
		'Download Timeout (Minutes)',
		'Download Video',
		'Max Video Size (MB)',
		'Put Output File in Field',
	],
};

const OPERATION_IDS: Record<string, OperationId> = {
	'Text to Video': 'textToVideo',
	'Image to Video': 'imageToVideo',
	'Motion Control': 'motionControl',
	'Edit Video': 'editVideo',
	'Create Voice': 'createVoice',
	'Get Task': 'getTask',
};

export interface Panel {
	/** Top-level parameter names (a collection counts as one). */
	top: string[];
	/** The labels Additional Fields offers; undefined where the operation has none. */
	additional?: string[];
	/** The labels Options offers. */
	options: string[];
}

const sorted = (names: string[]) => [...names].sort();

/** The panel for an operation and a provider, both by the names the editor shows ("Text to Video", "FoxAPI"). */
export function expectedPanel(operationName: string, providerName: string): Panel {
	const operation = OPERATION_IDS[operationName];
	const provider = PROVIDERS.find((entry) => entry.displayName === providerName);
	if (!operation || !provider)
		throw new Error(`unknown operation "${operationName}" or provider "${providerName}"`);
	if (operation === 'getTask') {
		return {
			top: sorted(['operation', 'provider', 'taskId', 'waitForCompletion', 'options']),
			options: sorted([...OPTIONS.always, ...OPTIONS.video]),
		};
	}
	const rules = fieldRulesFor(provider, operation);
	if (!rules) throw new Error(`${providerName} does not offer ${operationName}`);
	const layout = LAYOUT[operation];
	// A field the table does not place would go unchecked: the table must know every field the rules name.
	const placed = [...Object.keys(layout.top), ...Object.keys(layout.additional)];
	if (sorted(placed).join() !== sorted(Object.keys(rules)).join()) {
		throw new Error(
			`the layout of ${operation} (${sorted(placed).join(', ')}) does not match ${providerName}'s field rules (${sorted(Object.keys(rules)).join(', ')})`,
		);
	}
	const sent = (entries: Record<string, string>) =>
		Object.entries(entries)
			.filter(([field]) => (rules[field] as FieldRule) === 'sent')
			.map(([, shown]) => shown);
	return {
		top: sorted([
			'operation',
			'provider',
			...sent(layout.top),
			'additionalFields',
			'waitForCompletion',
			'options',
		]),
		additional: sorted([...OVERRIDES, ...sent(layout.additional)]),
		options: sorted([
			...OPTIONS.always,
			...OPTIONS.submits,
			...(provider.acceptsCallback ? OPTIONS.callsBack : []),
			...(operation === 'createVoice' ? [] : OPTIONS.video),
		]),
	};
}
