import type { ICredentialTestRequest, ICredentialType, Icon, INodeProperties } from 'n8n-workflow';

import {
	apiKeyProperty,
	baseUrlProperty,
	bearerAuthentication,
	link,
	plainHttpNotice,
	testRequest,
} from './common';

export class UniAllApi implements ICredentialType {
	name = 'uniAllApi';

	displayName = 'Kling Video: UniAll API';

	icon: Icon = { light: 'file:klingVideo.svg', dark: 'file:klingVideo.dark.svg' };

	documentationUrl = 'https://docs.uniall.ai/models/video/kling';

	properties: INodeProperties[] = [
		{
			...apiKeyProperty(
				`The API key of your UniAll account; it starts with sk- (UniAll's ${link('https://docs.uniall.ai/models/video/kling', 'Kling docs')} do not say on which page keys are made)`,
			),
			placeholder: 'e.g. sk-...',
		},
		{
			...baseUrlProperty(
				'',
				'Required: the API address UniAll gave you with the key (its docs publish no default), without /v1',
			),
			placeholder: 'e.g. https://api.example.com',
		},
		plainHttpNotice(),
	];

	authenticate = bearerAuthentication;

	// UniAll documents no test endpoint; the OpenAI-style model list that gateways of its family serve is
	// the least costly authenticated call (a GUESS, see the README).
	test: ICredentialTestRequest = testRequest('/v1/models');
}
