// The operations of the node: how each is shown in the operation list, and its own module
// (parameter description + reader).

import type { INodeProperties } from 'n8n-workflow';

import type { OperationId } from '../providers/types';
import * as createVoice from './createVoice';
import * as editVideo from './editVideo';
import * as getTask from './getTask';
import * as imageToVideo from './imageToVideo';
import * as motionControl from './motionControl';
import * as textToVideo from './textToVideo';

/**
 * The operations in the order the Operation list and n8n's actions panel show them (the actions panel
 * lists the options of the node's first "operation" parameter, with each option's `action` as its text).
 */
export const OPERATION_ORDER: OperationId[] = ['textToVideo', 'imageToVideo', 'motionControl', 'editVideo', 'createVoice', 'getTask'];

export const OPERATION_LABELS: Record<OperationId, { name: string; action: string; description: string }> = {
	textToVideo: { name: 'Text to Video', action: 'Generate a video from text', description: 'Generate a video from a prompt' },
	imageToVideo: {
		name: 'Image to Video',
		action: 'Generate a video from images',
		description: 'Generate a video from a first frame, an optional last frame or reference images',
	},
	motionControl: {
		name: 'Motion Control',
		action: 'Animate a character with motion from a video',
		description: 'Make the person in an image move like the person in a video',
	},
	editVideo: { name: 'Edit Video', action: 'Edit a video', description: 'Edit a video with a prompt, images and elements (O3)' },
	createVoice: { name: 'Create Voice', action: 'Create a voice', description: 'Create a voice ID from a voice sample' },
	getTask: { name: 'Get Task', action: 'Get a task', description: 'Read a task by ID, or wait for it to finish' },
};

export const operationReaders = { textToVideo, imageToVideo, motionControl, editVideo, createVoice };

export const operationProperties: INodeProperties[] = [
	...textToVideo.description,
	...imageToVideo.description,
	...motionControl.description,
	...editVideo.description,
	...createVoice.description,
	...getTask.description,
];

export { getTask };
