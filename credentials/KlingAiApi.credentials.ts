import { createHmac } from 'crypto';
import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	Icon,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

import { assertBaseUrl, baseUrlProperty, link, plainHttpNotice, unknownTaskTest } from './common';

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

export class KlingAiApi implements ICredentialType {
	name = 'klingAiApi';

	displayName = 'Kling Video: Kling AI API';

	icon: Icon = { light: 'file:klingVideo.svg', dark: 'file:klingVideo.dark.svg' };

	documentationUrl = 'https://app.klingai.com/global/dev/document-api/quickStart/userManual';

	properties: INodeProperties[] = [
		{
			displayName: 'Access Key',
			name: 'accessKey',
			type: 'string',
			required: true,
			default: '',
			description: `The Access Key of an API key pair made in your Kling AI developer account (Kling's ${link(
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
			description:
				'The Secret Key of the same pair, shown next to the Access Key; it never leaves n8n (it only signs the token)',
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
		const token = signKlingToken(
			String(credentials.accessKey ?? ''),
			String(credentials.secretKey ?? ''),
		);
		return {
			...requestOptions,
			headers: { ...requestOptions.headers, Authorization: `Bearer ${token}` },
		};
	}

	// Reads a task that cannot exist: a valid key pair gets "not found", a bad one codes 1000-1004.
	test = unknownTaskTest(
		'/v1/videos/text2video/credential-test',
		[1000, 1001, 1002, 1003, 1004].map((code): [string, number] => ['code', code]),
		'Kling AI rejected the access key or secret key',
	);
}
