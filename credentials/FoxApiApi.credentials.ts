import type { ICredentialType, Icon, INodeProperties } from 'n8n-workflow';

import { apiKeyFields, bearerAuthentication, link, unknownTaskTest } from './common';

export class FoxApiApi implements ICredentialType {
	name = 'foxApiApi';

	displayName = 'Kling Video: FoxAPI API';

	icon: Icon = { light: 'file:klingVideo.svg', dark: 'file:klingVideo.dark.svg' };

	documentationUrl = 'https://docs.foxapi.cc';

	properties: INodeProperties[] = apiKeyFields(
		`The API key of your FoxAPI account, as FoxAPI shows it (FoxAPI's docs: ${link('https://docs.foxapi.cc', 'docs.foxapi.cc')}; they do not give the address of the key page)`,
		'https://api.foxapi.cc',
	);

	authenticate = bearerAuthentication;

	// FoxAPI documents no account endpoint to test against (404 not_found vs 401 authentication_error).
	test = unknownTaskTest(
		'/v1/tasks/credential-test',
		[['error.type', 'authentication_error']],
		'FoxAPI rejected the API key',
	);
}
