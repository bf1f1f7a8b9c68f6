// Pieces the API-key credentials share: the key, the Base URL, Bearer authentication, and the Test
// request that reads a task which cannot exist (a valid key gets "not found", a bad key an auth error).
import type { IAuthenticateGeneric, ICredentialTestRequest, INodeProperties } from 'n8n-workflow';

export const apiKeyProperty: INodeProperties = {
	displayName: 'API Key',
	name: 'apiKey',
	type: 'string',
	typeOptions: { password: true },
	required: true,
	default: '',
};

export function baseUrlProperty(defaultUrl: string, description: string): INodeProperties {
	return { displayName: 'Base URL', name: 'baseUrl', type: 'string', required: true, default: defaultUrl, description };
}

export const bearerAuthentication: IAuthenticateGeneric = {
	type: 'generic',
	properties: { headers: { Authorization: '=Bearer {{$credentials.apiKey}}' } },
};

/**
 * Status codes are read rather than thrown, so the 404 of the unknown task counts as success and the
 * auth error's body decides. `rejected` lists [body path, value] pairs that mean a bad key.
 */
export function unknownTaskTest(path: string, rejected: Array<[string, string | number]>, message: string): ICredentialTestRequest {
	return {
		request: { baseURL: '={{$credentials.baseUrl}}', url: path, method: 'GET', ignoreHttpStatusErrors: true },
		rules: rejected.map(([key, value]) => ({ type: 'responseSuccessBody' as const, properties: { key, value, message } })),
	};
}
