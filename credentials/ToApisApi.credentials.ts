import type { ICredentialType, Icon, INodeProperties } from 'n8n-workflow';

import { apiKeyProperty, baseUrlProperty, bearerAuthentication, plainHttpNotice, unknownTaskTest } from './common';

export class ToApisApi implements ICredentialType {
	name = 'toApisApi';

	displayName = 'ToAPIs API';

	icon: Icon = { light: 'file:klingVideo.svg', dark: 'file:klingVideo.dark.svg' };

	documentationUrl = 'https://docs.toapis.com';

	properties: INodeProperties[] = [
		apiKeyProperty,
		baseUrlProperty('https://toapis.com', 'Change only to use a proxy or the local simulator'),
		plainHttpNotice(),
	];

	authenticate = bearerAuthentication;

	// 404 task_not_found for a valid key; 401 with type authentication_error for a bad one.
	test = unknownTaskTest('/v1/videos/generations/credential-test', [['error.type', 'authentication_error']], 'ToAPIs rejected the API key');
}
