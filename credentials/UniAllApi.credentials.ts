import type { ICredentialTestRequest, ICredentialType, Icon, INodeProperties } from 'n8n-workflow';

import { apiKeyProperty, baseUrlProperty, bearerAuthentication, plainHttpNotice, testRequest } from './common';

export class UniAllApi implements ICredentialType {
	name = 'uniAllApi';

	displayName = 'UniAll API';

	icon: Icon = { light: 'file:klingVideo.svg', dark: 'file:klingVideo.dark.svg' };

	documentationUrl = 'https://docs.uniall.ai/models/video/kling';

	properties: INodeProperties[] = [
		{ ...apiKeyProperty, placeholder: 'e.g. sk-...' },
		{ ...baseUrlProperty('', 'The API address UniAll gave you; its docs publish no default'), placeholder: 'e.g. https://api.example.com' },
		plainHttpNotice(),
	];

	authenticate = bearerAuthentication;

	// UniAll documents no test endpoint; the OpenAI-style model list that gateways of its family serve is
	// the least costly authenticated call (a GUESS, see the README).
	test: ICredentialTestRequest = testRequest('/v1/models');
}
