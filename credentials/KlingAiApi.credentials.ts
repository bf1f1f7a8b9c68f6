import { createHmac } from 'crypto';
import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	Icon,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

import {
	apiKeyProperty,
	assertBaseUrl,
	baseUrlProperty,
	link,
	plainHttpNotice,
	unknownTaskTest,
} from './common';

const TOKEN_LIFETIME_SECONDS = 1800;

/**
 * The JWT Kling's API wants on every request: HS256 over {iss: access key, exp: now + 30 min,
 * nbf: now - 5 s}, signed with the secret key. A fresh one is signed for each request, so a token
 * never expires in the middle of a long wait.
 */
export function signKlingToken(
	accessKey: string,
	secretKey: string,
	nowSeconds = Math.floor(Date.now() / 1000),
): string {
	const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
	const header = encode({ alg: 'HS256', typ: 'JWT' });
	const payload = encode({
		iss: accessKey,
		exp: nowSeconds + TOKEN_LIFETIME_SECONDS,
		nbf: nowSeconds - 5,
	});
	const signature = createHmac('sha256', secretKey)
		.update(`${header}.${payload}`)
		.digest('base64url');
	return `${header}.${payload}.${signature}`;
}

/** The key pair's fields, in the order the form shows them. */
const KEY_PAIR = ['accessKey', 'secretKey'];

export type KlingAuthMode = 'apiKey' | 'accessKeys';

/**
 * How a Kling AI credential signs: as chosen; and a credential saved before the choice existed (it reads
 * as "API Key", its default, with no API key but a key pair) with its pair, exactly as before.
 */
export function klingAuthMode(credentials: ICredentialDataDecryptedObject): KlingAuthMode {
	if (credentials.authentication === 'accessKeys') return 'accessKeys';
	if (String(credentials.apiKey ?? '') !== '') return 'apiKey';
	return credentials.accessKey && credentials.secretKey ? 'accessKeys' : 'apiKey';
}

/** klingAuthMode(...) === 'apiKey', as an expression of the Test request. */
const TEST_USES_API_KEY =
	"$credentials.authentication !== 'accessKeys' && ($credentials.apiKey || !$credentials.accessKey)";

export class KlingAiApi implements ICredentialType {
	name = 'klingAiApi';

	displayName = 'Kling Video: Kling AI API';

	icon: Icon = { light: 'file:klingVideo.svg', dark: 'file:klingVideo.dark.svg' };

	documentationUrl = 'https://app.klingai.com/global/dev/document-api/quickStart/userManual';

	properties: INodeProperties[] = [
		{
			displayName: 'Authentication',
			name: 'authentication',
			type: 'options',
			options: [
				{
					name: 'API Key',
					value: 'apiKey',
					description:
						"What Kling's console makes today; the current API design (model in the path)",
				},
				{
					name: 'Access Key + Secret Key',
					value: 'accessKeys',
					description: "An older key pair; Kling's legacy API design (model_name in the body)",
				},
			],
			default: 'apiKey',
			description:
				'Which key Kling gave you: an API key (what its console makes today) or an older access key and secret key pair',
		},
		{
			...apiKeyProperty(
				`An API key made in the Kling AI console ("+ Create a new API Key"; ${link(
					'https://kling.ai/document-api/api/get-started/authentication',
					'how',
				)}); it is shown only once`,
			),
			displayOptions: {
				show: { authentication: ['apiKey'] },
				// A pair saved before this choice existed is used instead (see the notice below).
				hide: { accessKey: [{ _cnd: { exists: true } }] },
			},
		},
		// A credential saved before the Authentication choice existed reads as "API Key" (its default); these
		// keep its access key pair, which is then used as before (klingAuthMode).
		...KEY_PAIR.map(
			(name): INodeProperties => ({
				displayName: name,
				name,
				type: 'hidden',
				default: '',
				description: 'Kept from a credential saved before the Authentication choice existed',
				displayOptions: { show: { authentication: ['apiKey'] } },
			}),
		),
		{
			displayName:
				'This credential was saved with an Access Key and Secret Key, and keeps using them (the legacy API design). To see or change them, choose Access Key + Secret Key; to move to an API key, empty both there, then choose API Key.',
			name: 'savedPairNotice',
			type: 'notice',
			default: '',
			displayOptions: {
				show: { authentication: ['apiKey'], accessKey: [{ _cnd: { exists: true } }] },
			},
		},
		{
			displayName: 'Access Key',
			name: 'accessKey',
			type: 'string',
			required: true,
			default: '',
			displayOptions: { show: { authentication: ['accessKeys'] } },
			description: `The Access Key of a key pair made in your Kling AI developer account (Kling's ${link(
				'https://app.klingai.com/global/dev/document-api/quickStart/userManual',
				'API guide',
			)} tells where); a plain string, pasted as shown. The node signs a fresh token from the pair for every request.`,
		},
		{
			displayName: 'Secret Key',
			name: 'secretKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			displayOptions: { show: { authentication: ['accessKeys'] } },
			description:
				'The Secret Key of the same pair, shown next to the Access Key; it never leaves n8n (it only signs the token)',
		},
		{
			displayName: 'Webhook Secret',
			name: 'webhookSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			placeholder: 'whsec_...',
			description: `Optional. The Webhook Secret from Kling's console (${link(
				'https://kling.ai/document-api/api/get-started/webhook-signature',
				'Webhook Signature',
			)}). When set, a callback that resumes a paused execution must carry a valid signature made with it (from the last 5 minutes), or it is ignored.`,
		},
		baseUrlProperty(
			'https://api-singapore.klingai.com',
			'Usually stays as it is (api-singapore replaced api.klingai.com outside China); change it only for a proxy or the local simulator',
		),
		plainHttpNotice(),
	];

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		assertBaseUrl(credentials);
		const token =
			klingAuthMode(credentials) === 'apiKey'
				? String(credentials.apiKey ?? '')
				: signKlingToken(String(credentials.accessKey ?? ''), String(credentials.secretKey ?? ''));
		return {
			...requestOptions,
			headers: { ...requestOptions.headers, Authorization: `Bearer ${token}` },
		};
	}

	// Reads a task that cannot exist: a valid key gets "not found" (or no task), a bad one codes 1000-1004.
	// An API key reads it through the current design's task query, a key pair through the legacy one.
	test = unknownTaskTest(
		`={{ ${TEST_USES_API_KEY} ? "/tasks?task_ids=credential-test" : "/v1/videos/text2video/credential-test" }}`,
		[1000, 1001, 1002, 1003, 1004].map((code): [string, number] => ['code', code]),
		'Kling AI rejected the key',
	);
}
