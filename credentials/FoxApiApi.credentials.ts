import type { ICredentialType, Icon, INodeProperties } from 'n8n-workflow';

import { apiKeyProperty, baseUrlProperty, bearerAuthentication, plainHttpNotice, unknownTaskTest } from './common';

export class FoxApiApi implements ICredentialType {
	name = 'foxApiApi';

	displayName = 'FoxAPI API';

	icon: Icon = { light: 'file:klingVideo.svg', dark: 'file:klingVideo.dark.svg' };

	documentationUrl = 'https://docs.foxapi.cc';

	properties: INodeProperties[] = [
		apiKeyProperty,
		baseUrlProperty('https://api.foxapi.cc', 'Change only to use a proxy or the local simulator'),
		plainHttpNotice(),
	];

	authenticate = bearerAuthentication;

	// FoxAPI documents no account endpoint to test against (404 not_found vs 401 authentication_error).
	test = unknownTaskTest('/v1/tasks/credential-test', [['error.type', 'authentication_error']], 'FoxAPI rejected the API key');
}
