// The parameters every run has: waiting and output options (each shown for the operations it applies to).

import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

import { PROVIDERS } from '../providers';
import { operationsWhere } from '../request/operations';

// Inside the Options collection, "/operation" names the node's top-level parameter.
/** Options about submitting: hidden where nothing is submitted (Get Task). */
const SUBMITS: IDisplayOptions = { hide: { '/operation': operationsWhere((row) => !row.submits) } };
/** Options about the provider calling back: hidden also for a provider that never does (UniAll). */
const CALLS_BACK: IDisplayOptions = {
	hide: {
		...SUBMITS.hide,
		'/provider': PROVIDERS.filter((provider) => !provider.acceptsCallback).map(
			(provider) => provider.id,
		),
	},
};
/** Options about the video file: hidden where no video is made (Create Voice). */
const MAKES_VIDEO: IDisplayOptions = {
	hide: { '/operation': operationsWhere((row) => !row.makesVideo) },
};

export const waitingProperties: INodeProperties[] = [
	{
		displayName: 'Wait for Completion',
		name: 'waitForCompletion',
		type: 'boolean',
		default: true,
		description:
			'Whether to wait until the video is ready. Off: output the task ID at once and pick the result up later with Get Task.',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'At Max Wait',
				name: 'onTimeout',
				type: 'options',
				options: [
					{
						name: 'Fail the Item',
						value: 'fail',
						description: 'The item fails with the task ID in the error',
					},
					{
						name: 'Output the Task to Pick Up Later',
						value: 'output',
						description:
							'The item comes out with its task ID, last status and timedOut: true, for a later Get Task',
					},
				],
				default: 'fail',
				description: 'What happens to an item whose task is still running when Max Wait is reached',
			},
			{
				displayName: 'Callback URL',
				name: 'callbackUrl',
				displayOptions: CALLS_BACK,
				type: 'string',
				default: '',
				placeholder: 'e.g. {{ $execution.resumeUrl }}',
				description:
					'Where the provider reports the finished task (sent as callback_url; FoxAPI, ToAPIs, Kling AI). With Wait for Completion off, {{ $execution.resumeUrl }} and a Wait node set to On Webhook Call, no worker waits while the video renders.',
			},
			{
				displayName: 'Client Task ID',
				name: 'clientTaskId',
				displayOptions: SUBMITS,
				type: 'boolean',
				default: true,
				description:
					'Whether to send a client task ID (Kling AI external_task_id, ToAPIs client_business_id) made from the execution and item, so that a submit whose answer is lost, or an item n8n runs again (a queue worker died), finds its task instead of paying twice',
			},
			{
				displayName: 'Download Timeout (Minutes)',
				name: 'downloadTimeoutMinutes',
				displayOptions: MAKES_VIDEO,
				type: 'number',
				typeOptions: { minValue: 0.1, maxValue: 1440, numberPrecision: 1 },
				default: 10,
				description:
					'Longest time one video download may take, start to end (it also ends at Max Wait). A few downloads run at once.',
			},
			{
				displayName: 'Download Video',
				name: 'download',
				displayOptions: MAKES_VIDEO,
				type: 'boolean',
				default: true,
				description:
					'Whether to download the finished video into binary data. Off: output its URL only (provider URLs expire, often after 24 hours).',
			},
			{
				displayName: 'Max Queue Time (Minutes)',
				name: 'maxQueueMinutes',
				displayOptions: SUBMITS,
				type: 'number',
				typeOptions: { minValue: 0.1, maxValue: 1440, numberPrecision: 1 },
				default: 60,
				description:
					'How long an item may wait for a free slot at the provider before it fails. Nothing is submitted or billed for an item that waits; Max Wait starts when the provider accepts the task.',
			},
			{
				displayName: 'Max Running Tasks',
				name: 'maxRunningTasks',
				displayOptions: SUBMITS,
				type: 'number',
				typeOptions: { minValue: 0, maxValue: 500 },
				default: 0,
				description:
					"How many of this node's tasks may run at the provider at once, from accepted to finished. 0: learned from the provider's \"too many tasks\" answers. Set your plan's limit to avoid refused submits.",
			},
			{
				displayName: 'Max Submissions at Once',
				name: 'concurrency',
				displayOptions: SUBMITS,
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 50 },
				default: 5,
				description:
					'How many submit requests (and file uploads) are sent at the same time. Accepted tasks are then waited on together; Max Running Tasks limits those.',
			},
			{
				displayName: 'Max Video Size (MB)',
				name: 'maxVideoMegabytes',
				displayOptions: MAKES_VIDEO,
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 102400 },
				default: 500,
				description:
					'A download larger than this fails (with the video URL in the error, so nothing is lost)',
			},
			{
				displayName: 'Max Wait (Minutes)',
				name: 'maxWaitMinutes',
				type: 'number',
				typeOptions: { minValue: 0.1, maxValue: 1440, numberPrecision: 1 },
				default: 30,
				description:
					'How long to wait for a task, counted from when the provider accepts it; status checks and the download end by then. The task keeps running at the provider; Get Task picks it up.',
			},
			{
				displayName: 'Min Poll Interval (Seconds)',
				name: 'pollIntervalSeconds',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 300 },
				default: 5,
				description:
					'Shortest gap between two status checks of a task. The first check waits for the provider estimate, later gaps grow up to 30 s.',
			},
			{
				displayName: 'Put Output File in Field',
				name: 'binaryPropertyName',
				displayOptions: MAKES_VIDEO,
				type: 'string',
				default: 'data',
				hint: 'The name of the output binary field to put the video in',
			},
			{
				displayName: 'While Waiting',
				name: 'waitMode',
				displayOptions: CALLS_BACK,
				type: 'options',
				options: [
					{
						name: 'Keep the Execution Running',
						value: 'poll',
						description:
							'The node checks the tasks until they are done; the execution holds its place meanwhile',
					},
					{
						name: 'Pause the Execution Until the Provider Calls Back',
						value: 'park',
						description:
							"No worker is held while the videos render; needs n8n's WEBHOOK_URL to be reachable by the provider",
					},
				],
				default: 'poll',
				description:
					'With Wait for Completion on. Pause: every item is submitted, the execution waits (status "waiting") and resumes when the provider reports all tasks done, or at Max Wait with timedOut items; failed tasks then come out as error items.',
			},
		],
	},
];
