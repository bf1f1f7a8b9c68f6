import type { ICredentialType, Icon, INodeProperties } from 'n8n-workflow';

import { apiKeyFields, bearerAuthentication, link, unknownTaskTest } from './common';

export class ToApisApi implements ICredentialType {
	name = 'toApisApi';

	displayName = 'Kling Video: ToAPIs API';

	icon: Icon = { light: 'file:klingVideo.svg', dark: 'file:klingVideo.dark.svg' };

	documentationUrl = 'https://docs.toapis.com';

	properties: INodeProperties[] = apiKeyFields(
		// The key page's address is from ToAPIs' own quick start (docs/en/quickstart.mdx in toapis/docs).
		`Create one on ToAPIs' ${link('https://toapis.com/console/token', 'API Key Management page')} (sign in, create a key; it is shown only once, so save it)`,
		'https://toapis.com',
	);

	authenticate = bearerAuthentication;

	// 404 task_not_found for a valid key; 401 with type authentication_error for a bad one.
	test = unknownTaskTest(
		'/v1/videos/generations/credential-test',
		[['error.type', 'authentication_error']],
		'ToAPIs rejected the API key',
	);
}
