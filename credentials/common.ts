// Pieces the credentials share: the key, the Base URL (with its plain-http notice), authentication that
// refuses a bad Base URL before the key is added, and the Test requests, which never follow a redirect.
import type {
	IAuthenticateRuleResponseCode,
	IAuthenticateRuleResponseSuccessBody,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

import { baseUrlProblem } from './baseUrl';

/** The API key field; `source` says where the key comes from and what it looks like. */
export function apiKeyProperty(source: string): INodeProperties {
	return {
		displayName: 'API Key',
		name: 'apiKey',
		type: 'string',
		typeOptions: { password: true },
		required: true,
		default: '',
		description: `${source.replace(/\.$/, '')}. Paste the key alone, without "Bearer ": the node adds it.`,
	};
}

/** An API key credential's fields: the key (`source` says where it comes from), the Base URL, its notice. */
export function apiKeyFields(source: string, defaultUrl: string): INodeProperties[] {
	return [apiKeyProperty(source), baseUrlProperty(defaultUrl), plainHttpNotice()];
}

/** A link for a field description (n8n shows descriptions as HTML). */
export const link = (url: string, text: string) => `<a href="${url}" target="_blank">${text}</a>`;

/** The Base URL field: with a default, it usually stays as it is. */
export function baseUrlProperty(
	defaultUrl: string,
	description = 'Usually stays as it is; change it only for a proxy or the local simulator',
): INodeProperties {
	return {
		displayName: 'Base URL',
		name: 'baseUrl',
		type: 'string',
		required: true,
		default: defaultUrl,
		description: `${description.replace(/\.$/, '')}. The key is sent to this address on every request; plain http:// sends it unencrypted.`,
	};
}

/** "http" -> "[hH][tT][tT][pP]": n8n's display conditions take a bare pattern, without flags. */
const caseless = (text: string) =>
	text.replace(/[a-z]/g, (letter) => `[${letter}${letter.toUpperCase()}]`);

/** Hosts that never leave this machine: localhost, 127.0.0.0/8, [::1] (with an optional port). */
const LOOPBACK = `(?:${caseless('localhost')}|127(?:\\.\\d{1,3}){3}|\\[::1\\])(?::\\d*)?(?:[/?#]|$)`;

/** A Base URL in plain http:// to any host but this machine (private addresses included: they are a network). */
export const PLAIN_HTTP_REMOTE = `^${caseless('http')}://(?!${LOOPBACK})`;

/** The warning shown under the Base URL while it is plain http:// to another machine. */
export function plainHttpNotice(): INodeProperties {
	return {
		displayName:
			'This Base URL uses plain http:// to another machine: the key travels unencrypted and anyone on the way can read it. Use https:// unless this is a proxy on a network you trust.',
		name: 'plainHttpNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { baseUrl: [{ _cnd: { regex: PLAIN_HTTP_REMOTE } }] } },
	};
}

/** Throws the Base URL's problem (see baseUrl.ts), so that no key is ever added to a request for it. */
export function assertBaseUrl(credentials: ICredentialDataDecryptedObject): void {
	const problem = baseUrlProblem(
		typeof credentials.baseUrl === 'string' ? credentials.baseUrl : '',
	);
	if (problem) throw new Error(problem);
}

/** `Authorization: Bearer <API key>`, once the Base URL has passed. */
export async function bearerAuthentication(
	credentials: ICredentialDataDecryptedObject,
	requestOptions: IHttpRequestOptions,
): Promise<IHttpRequestOptions> {
	assertBaseUrl(credentials);
	return {
		...requestOptions,
		headers: {
			...requestOptions.headers,
			Authorization: `Bearer ${String(credentials.apiKey ?? '')}`,
		},
	};
}

const REDIRECTS = [301, 302, 303, 307, 308];

// A redirect is never followed: n8n would send the key along to wherever it points. n8n 2.x then fails
// the Test with these rules' message. n8n 1.x drops an error's cause and so never reads them: there the
// redirect fails UniAll's Test as "Request failed with status code 302" and passes the Tests that
// ignore status codes; either way the key goes nowhere but the Base URL.
const redirectRules: IAuthenticateRuleResponseCode[] = REDIRECTS.map((value) => ({
	type: 'responseCode',
	properties: {
		value,
		message: `The Base URL answered with a redirect (HTTP ${value}), which is not followed so that the key stays with this address: enter the address it redirects to`,
	},
}));

/** The Test request: GET <Base URL><path>, no redirect followed. */
export function testRequest(
	path: string,
	rules: IAuthenticateRuleResponseSuccessBody[] = [],
	options: Pick<IHttpRequestOptions, 'ignoreHttpStatusErrors'> = {},
): ICredentialTestRequest {
	return {
		request: {
			baseURL: '={{$credentials.baseUrl}}',
			url: path,
			method: 'GET',
			...options,
			disableFollowRedirect: true,
		},
		// n8n types the rules as one kind or the other, but its tester reads each rule by its own type.
		rules: [...redirectRules, ...rules] as ICredentialTestRequest['rules'],
	};
}

/**
 * Reads a task that cannot exist: a valid key gets "not found", a bad key an auth error. Status codes
 * are read rather than thrown (except a redirect's), so the 404 counts as success and the auth error's
 * body decides. `rejected` lists [body path, value] pairs that mean a bad key.
 */
export function unknownTaskTest(
	path: string,
	rejected: Array<[string, string | number]>,
	message: string,
): ICredentialTestRequest {
	return testRequest(
		path,
		rejected.map(([key, value]) => ({
			type: 'responseSuccessBody' as const,
			properties: { key, value, message },
		})),
		{ ignoreHttpStatusErrors: { ignore: true, except: REDIRECTS } },
	);
}
