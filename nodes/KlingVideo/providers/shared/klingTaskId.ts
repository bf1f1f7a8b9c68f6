// Task ids of Kling AI's legacy design carry their endpoint ("image2video:8672..."), because that design
// answers a query only under the endpoint that created the task. The current design's ids are bare
// (its task query, GET /tasks, serves every model).

import type { VideoRequest } from '../../request/operations';

/** The endpoint under /v1/videos/ of each operation (Kling AI has no voice endpoint). */
const ENDPOINT_OF = {
	textToVideo: 'text2video',
	imageToVideo: 'image2video',
	motionControl: 'motion-control',
	editVideo: 'omni-video',
} as const;
export type Endpoint = (typeof ENDPOINT_OF)[keyof typeof ENDPOINT_OF];
const ENDPOINTS = Object.values(ENDPOINT_OF) as Endpoint[];

export const endpointOf = (request: VideoRequest): Endpoint =>
	request.operation === 'createVoice' ? 'omni-video' : ENDPOINT_OF[request.operation];

/** A legacy task id's endpoint and id; a bare id is looked up as text2video. */
export function splitTaskId(taskId: string): { endpoint: Endpoint; id: string } {
	const legacy = legacyTaskId(taskId);
	return legacy ?? { endpoint: 'text2video', id: taskId };
}

/** The endpoint and id of an id that names its legacy endpoint, else undefined (a bare id). */
export function legacyTaskId(taskId: string): { endpoint: Endpoint; id: string } | undefined {
	const [prefix, ...rest] = taskId.split(':');
	if (rest.length > 0 && ENDPOINTS.includes(prefix as Endpoint))
		return { endpoint: prefix as Endpoint, id: rest.join(':') };
	return undefined;
}
