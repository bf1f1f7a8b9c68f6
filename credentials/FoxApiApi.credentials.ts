import type { IAuthenticateGeneric, ICredentialTestRequest, ICredentialType, Icon, INodeProperties } from 'n8n-workflow';

export class FoxApiApi implements ICredentialType {
	name = 'foxApiApi';

	displayName = 'FoxAPI API';

	icon: Icon = { light: 'file:klingVideo.svg', dark: 'file:klingVideo.dark.svg' };

	documentationUrl = 'https://docs.foxapi.cc';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			required: true,
			default: 'https://api.foxapi.cc',
			description: 'Change only to use a proxy or the local simulator',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: { headers: { Authorization: '=Bearer {{$credentials.apiKey}}' } },
	};

	// FoxAPI documents no "who am I" endpoint, so the test reads a task that cannot exist: a valid key
	// gets 404 not_found, a bad key 401 authentication_error. Status codes are read, not thrown, so
	// that the 404 counts as success and the 401 body decides.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl}}',
			url: '/v1/tasks/credential-test',
			method: 'GET',
			ignoreHttpStatusErrors: true,
		},
		rules: [
			{
				type: 'responseSuccessBody',
				properties: { key: 'error.type', value: 'authentication_error', message: 'FoxAPI rejected the API key' },
			},
		],
	};
}
