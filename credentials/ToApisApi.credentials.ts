import type { ICredentialType, Icon, INodeProperties } from 'n8n-workflow';

import {
	apiKeyProperty,
	baseUrlProperty,
	bearerAuthentication,
	link,
	plainHttpNotice,
	unknownTaskTest,
} from './common';

export class ToApisApi implements ICredentialType {
	name = 'toApisApi';

	displayName = 'Kling Video: ToAPIs API';

	icon: Icon = { light: 'file:klingVideo.svg', dark: 'file:klingVideo.dark.svg' };

	documentationUrl = 'https://docs.toapis.com';

	properties: INodeProperties[] = [
		// The key page's address is from ToAPIs' own quick start (docs/en/quickstart.mdx in toapis/docs).
		apiKeyProperty(
			`Create one on ToAPIs' ${link('https://toapis.com/console/token', 'API Key Management page')} (sign in, create a key; it is shown only once, so save it)`,
		),
		baseUrlProperty('https://toapis.com'),
		plainHttpNotice(),
	];

	authenticate = bearerAuthentication;

	// 404 task_not_found for a valid key; 401 with type authentication_error for a bad one.
	test = unknownTaskTest(
		'/v1/videos/generations/credential-test',
		[['error.type', 'authentication_error']],
		'ToAPIs rejected the API key',
	);
}
