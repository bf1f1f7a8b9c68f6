// The credential rules: which Base URLs are refused (and that authentication refuses them before the key
// is added), the Test requests that never follow a redirect (also run through n8n-core 2.x's RoutingNode,
// as n8n 2.x's credential tester runs them; the end-to-end test does the same in a real n8n 1.123), and
// the plain-http notice's display rule as n8n's own display-condition code evaluates it (the package's
// n8n-workflow here; each n8n host's in the end-to-end suite).
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ExecuteContext, RoutingNode } from 'n8n-core';
import {
	createEmptyRunExecutionData,
	NodeHelpers,
	Workflow,
	type ICredentialDataDecryptedObject,
	type ICredentialType,
	type IHttpRequestOptions,
	type INode,
	type INodeType,
	type INodeTypes,
	type IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

import { TestCredentialsHelper } from '../../tooling/harness/credentialsHelper';
import { expectedNoticeDecisions, noticeDecisions } from '../../tooling/harness/plainHttpNotice';

import { baseUrlProblem } from '../../credentials/baseUrl';
import { FoxApiApi } from '../../credentials/FoxApiApi.credentials';
import {
	KlingAiApi,
	klingAuthMode,
	signKlingToken,
} from '../../credentials/KlingAiApi.credentials';
import { ToApisApi } from '../../credentials/ToApisApi.credentials';
import { UniAllApi } from '../../credentials/UniAllApi.credentials';

const CREDENTIALS: ICredentialType[] = [
	new FoxApiApi(),
	new UniAllApi(),
	new ToApisApi(),
	new KlingAiApi(),
];
const KEY = 'sk-unit-key-0001';

function credentialData(type: ICredentialType, baseUrl: string): ICredentialDataDecryptedObject {
	return type.name === 'klingAiApi'
		? { accessKey: 'ak-unit', secretKey: 'sk-unit-secret', baseUrl }
		: { apiKey: KEY, baseUrl };
}

async function authenticate(
	type: ICredentialType,
	data: ICredentialDataDecryptedObject,
	options: IHttpRequestOptions,
) {
	// Called unbound, as a plain function: n8n calls it as a method, the test harness does not.
	const { authenticate } = type;
	if (typeof authenticate !== 'function')
		throw new Error(`${type.name}: authenticate is not a function`);
	return await authenticate(data, options);
}

describe('baseUrlProblem', () => {
	it.each([
		'https://api.foxapi.cc',
		'https://api.foxapi.cc/',
		'https://proxy.example.com/kling',
		'https://proxy.example.com/kling/',
		'https://proxy.example.com:8443/a/b/',
		'http://127.0.0.1:3000',
		'http://localhost:8080/',
		'http://[::1]:9000/v',
		'HTTPS://API.EXAMPLE.COM',
		'https://xn--bcher-kva.example/',
	])('accepts %s', (url) => {
		expect(baseUrlProblem(url)).toBeUndefined();
	});

	it.each([
		['', /empty/],
		['   ', /empty/],
		['https://api.foxapi.cc ', /space/],
		['https://exa mple.com', /space/],
		['https://api.foxapi.cc\n', /space/],
		['api.foxapi.cc', /not a valid URL/],
		['http://', /not a valid URL/],
		['https://', /not a valid URL/],
		['ftp://files.example.com', /must start with https:\/\/.*"ftp:"/],
		['file:///etc/passwd', /must start with https:\/\//],
		['javascript:alert(1)', /must start with https:\/\//],
		['ws://api.example.com', /must start with https:\/\//],
		['https://user:s3cret-pass@api.example.com', /user name or password/],
		['https://token-s3cret@api.example.com/kling', /user name or password/],
		['https://:s3cret@api.example.com', /user name or password/],
		['https://@api.example.com', /user name or password/],
		['https://api.example.com/?key=s3cret', /query string/],
		['https://api.example.com?key=s3cret', /query string/],
		['https://api.example.com/kling?', /query string/],
		['https://api.example.com/#s3cret', /fragment/],
		['https://api.example.com#', /fragment/],
	])('refuses %j with a clear sentence', (url, reason) => {
		const problem = baseUrlProblem(url);
		expect(problem).toMatch(reason);
		expect(problem).toMatch(/^The Base URL .*\.$/);
		// A refused URL may carry a secret: the message never repeats it.
		expect(problem).not.toContain('s3cret');
		expect(problem).not.toContain('example.com/');
	});

	it('refuses a value that is not a string (an unresolved or missing field)', () => {
		expect(baseUrlProblem(undefined as unknown as string)).toMatch(/empty/);
	});
});

describe('authenticate', () => {
	afterEach(() => {
		vi.useRealTimers();
	});

	for (const type of CREDENTIALS) {
		it(`${type.name}: a bad Base URL throws its problem before any header is added`, async () => {
			for (const baseUrl of [
				'',
				'ftp://x.example',
				'https://u:p@x.example',
				'https://x.example/?a=1',
				'https://x.example/#f',
				'nonsense',
			]) {
				const options: IHttpRequestOptions = { url: '/v1/x', headers: {} };
				await expect(authenticate(type, credentialData(type, baseUrl), options)).rejects.toThrow(
					baseUrlProblem(baseUrl)!,
				);
				expect(options.headers).toEqual({});
			}
		});

		it(`${type.name}: a good Base URL gets the same Authorization header as before, other headers kept`, async () => {
			vi.useFakeTimers({ now: new Date('2026-01-02T03:04:05Z') });
			const options: IHttpRequestOptions = {
				url: '/v1/x',
				method: 'GET',
				headers: { Accept: 'application/json' },
			};
			for (const baseUrl of [
				'https://api.example.com',
				'https://proxy.example.com/kling/',
				'http://127.0.0.1:3000',
			]) {
				const result = await authenticate(type, credentialData(type, baseUrl), options);
				const expected =
					type.name === 'klingAiApi'
						? `Bearer ${signKlingToken('ak-unit', 'sk-unit-secret', Math.floor(Date.parse('2026-01-02T03:04:05Z') / 1000))}`
						: `Bearer ${KEY}`;
				expect(result).toEqual({
					url: '/v1/x',
					method: 'GET',
					headers: { Accept: 'application/json', Authorization: expected },
				});
			}
		});
	}
});

describe('credential Test requests', () => {
	for (const type of CREDENTIALS) {
		it(`${type.name}: never follows a redirect, and names one as such`, () => {
			const test = type.test!;
			expect(test.request.disableFollowRedirect).toBe(true);
			expect(test.request.baseURL).toBe('={{$credentials.baseUrl}}');
			const codes = (test.rules ?? [])
				.filter((rule) => rule.type === 'responseCode')
				.map((rule) => rule.properties.value);
			expect(codes).toEqual([301, 302, 303, 307, 308]);
			// Where status codes are read rather than thrown, a redirect still is (n8n 2.x; n8n 1.x reads
			// any truthy value as "ignore all").
			if (test.request.ignoreHttpStatusErrors)
				expect(test.request.ignoreHttpStatusErrors).toEqual({ ignore: true, except: codes });
		});
	}

	it("keeps each provider's bad-key rules after the redirect rules", () => {
		const bodyRules = (type: ICredentialType) =>
			(type.test!.rules ?? [])
				.filter((rule) => rule.type === 'responseSuccessBody')
				.map((rule) => rule.properties);
		expect(bodyRules(new FoxApiApi())).toEqual([
			{ key: 'error.type', value: 'authentication_error', message: 'FoxAPI rejected the API key' },
		]);
		expect(bodyRules(new ToApisApi())).toEqual([
			{ key: 'error.type', value: 'authentication_error', message: 'ToAPIs rejected the API key' },
		]);
		expect(bodyRules(new KlingAiApi()).map((rule) => rule.value)).toEqual([
			1000, 1001, 1002, 1003, 1004,
		]);
		expect(bodyRules(new UniAllApi())).toEqual([]);
	});
});

/**
 * What n8n's credential tester does with a declarative Test (packages/cli credentials-tester.service,
 * read in n8n 1.123.81 and 2.41.3): a throw-away node whose one property routes `test.request`, run by
 * RoutingNode with the credential; a thrown error whose cause carries a response is matched against
 * the `responseCode` rules, else its message is shown; a response is matched against the
 * `responseSuccessBody` rules.
 */
async function runCredentialTest(type: ICredentialType, data: ICredentialDataDecryptedObject) {
	const test = type.test!;
	const nodeType: INodeType = {
		description: {
			displayName: 'Credential Test',
			name: 'test.credentialTest',
			group: ['transform'],
			version: 1,
			description: '',
			defaults: { name: 'Credential Test' },
			inputs: ['main'],
			outputs: ['main'],
			credentials: [{ name: type.name, required: true }],
			properties: [
				{
					displayName: 'Temp',
					name: 'temp',
					type: 'string',
					default: '',
					routing: { request: test.request },
				},
			],
		},
	};
	const nodeTypes: INodeTypes = {
		getByName: () => nodeType,
		getByNameAndVersion: () => nodeType,
		getKnownTypes: () => ({}),
	};
	const node: INode = {
		id: 'temp',
		name: 'Temp-Node',
		type: nodeType.description.name,
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
		credentials: { [type.name]: { id: '1', name: 'tested' } },
	};
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	const additionalData = {
		credentialsHelper: new TestCredentialsHelper({ [type.name]: type }, { [type.name]: data }),
	} as unknown as IWorkflowExecuteAdditionalData;
	const context = new ExecuteContext(
		workflow,
		node,
		additionalData,
		'internal',
		createEmptyRunExecutionData(),
		0,
		[],
		{ main: [[{ json: {} }]] },
		{ node, data: {}, source: null },
		[],
	);
	const credentialsDecrypted = { id: '1', name: 'tested', type: type.name, data };
	let response;
	try {
		response = await new RoutingNode(context, nodeType, credentialsDecrypted).runNode();
	} catch (error) {
		const status = (error as { cause?: { response?: { status?: number } } }).cause?.response
			?.status;
		const rule = (test.rules ?? []).find(
			(candidate) => candidate.type === 'responseCode' && candidate.properties.value === status,
		);
		return {
			status: 'Error',
			message: rule ? rule.properties.message : (error as Error).message,
			httpStatus: status,
		};
	}
	const body = response?.[0]?.[0]?.json as Record<string, unknown>;
	for (const rule of test.rules ?? []) {
		if (rule.type !== 'responseSuccessBody') continue;
		const value = rule.properties.key
			.split('.')
			.reduce<unknown>((at, key) => (at as Record<string, unknown> | undefined)?.[key], body);
		if (value === rule.properties.value)
			return { status: 'Error', message: rule.properties.message };
	}
	return { status: 'OK', message: 'Connection successful!' };
}

describe('the Test request in n8n-core 2.x (RoutingNode, as n8n 2.x tests a credential)', () => {
	const received: Record<
		'redirecting' | 'elsewhere',
		Array<{ url: string; headers: IncomingHttpHeaders }>
	> = { redirecting: [], elsewhere: [] };
	const servers: Record<string, { url: string; close: () => void }> = {};

	beforeAll(async () => {
		for (const name of ['elsewhere', 'redirecting'] as const) {
			const server = createServer((request, response) => {
				received[name].push({ url: request.url ?? '', headers: request.headers });
				if (name === 'redirecting')
					response.writeHead(302, {
						location: `${servers.elsewhere.url}${request.url}`,
						'content-type': 'application/json',
					});
				else response.writeHead(404, { 'content-type': 'application/json' });
				response.end('{}');
			});
			await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
			servers[name] = {
				url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
				close: () => server.close(),
			};
		}
	});

	afterAll(() => Object.values(servers).forEach((server) => server.close()));

	afterEach(() => {
		received.redirecting.length = 0;
		received.elsewhere.length = 0;
	});

	for (const type of CREDENTIALS) {
		it(`${type.name}: a redirect fails the Test with its own message, and the other host gets nothing`, async () => {
			const result = await runCredentialTest(type, credentialData(type, servers.redirecting.url));
			expect(result).toEqual({
				status: 'Error',
				message: expect.stringMatching(
					/^The Base URL answered with a redirect \(HTTP 302\), which is not followed/,
				),
				httpStatus: 302,
			});
			expect(received.redirecting).toHaveLength(1);
			expect(received.redirecting[0].headers.authorization).toMatch(/^Bearer \S+$/);
			expect(received.elsewhere).toEqual([]);
		});

		it(`${type.name}: a refused Base URL fails the Test with its reason, and nothing is sent`, async () => {
			const baseUrl = servers.elsewhere.url.replace('http://', 'http://user:secret@');
			const result = await runCredentialTest(type, credentialData(type, baseUrl));
			expect(result).toEqual({
				status: 'Error',
				message: baseUrlProblem(baseUrl),
				httpStatus: undefined,
			});
			expect(received.elsewhere).toEqual([]);
		});

		it(`${type.name}: the simulator-like 404 of an unknown task still passes`, async () => {
			const result = await runCredentialTest(type, credentialData(type, servers.elsewhere.url));
			// UniAll's Test reads status codes (its model list must answer 200): a 404 fails it.
			if (type.name === 'uniAllApi')
				expect(result).toMatchObject({ status: 'Error', httpStatus: 404 });
			else expect(result).toEqual({ status: 'OK', message: 'Connection successful!' });
			expect(received.elsewhere).toHaveLength(1);
		});
	}
});

describe('plain-http notice', () => {
	for (const type of CREDENTIALS) {
		it(`${type.name}: the notice follows the Base URL, and the Base URL says where the key goes`, () => {
			const names = type.properties.map((property) => property.name);
			expect(names.indexOf('plainHttpNotice')).toBe(names.indexOf('baseUrl') + 1);
			const baseUrl = type.properties.find((property) => property.name === 'baseUrl')!;
			expect(baseUrl.description).toMatch(
				/[^.]\. The key is sent to this address on every request; plain http:\/\/ sends it unencrypted\.$/,
			);
		});
	}

	it('shows for plain http to another machine and hides otherwise (n8n-workflow of the package; the e2e suite checks each n8n host)', () => {
		expect(noticeDecisions(NodeHelpers)).toEqual(expectedNoticeDecisions());
	});
});

describe('Kling AI: API key or access key pair', () => {
	const kling = new KlingAiApi();
	const BASE = 'https://api-singapore.klingai.com';
	/** The data as n8n hands it to authenticate: defaults filled in, hidden fields dropped. */
	const asStored = (data: ICredentialDataDecryptedObject) =>
		NodeHelpers.getNodeParameters(
			kling.properties,
			data as never,
			true,
			false,
			null,
			null,
		) as ICredentialDataDecryptedObject;

	it('a new credential defaults to API Key, sent as it is', async () => {
		const data = asStored({ apiKey: 'kling-api-key-1', baseUrl: BASE });
		expect(data.authentication).toBe('apiKey');
		expect(klingAuthMode(data)).toBe('apiKey');
		const result = await authenticate(kling, data, { url: '/tasks', method: 'GET' });
		expect(result.headers).toEqual({ Authorization: 'Bearer kling-api-key-1' });
	});

	it('Access Key + Secret Key signs the JWT, as before', async () => {
		vi.useFakeTimers({ now: new Date('2026-01-02T03:04:05Z') });
		const data = asStored({
			authentication: 'accessKeys',
			accessKey: 'ak-unit',
			secretKey: 'sk-unit-secret',
			baseUrl: BASE,
		});
		expect(klingAuthMode(data)).toBe('accessKeys');
		const result = await authenticate(kling, data, { url: '/v1/x', method: 'GET' });
		expect(result.headers).toEqual({
			Authorization: `Bearer ${signKlingToken('ak-unit', 'sk-unit-secret', 1767323045)}`,
		});
		vi.useRealTimers();
	});

	it("a credential saved before the choice existed keeps its pair through n8n's defaults, and signs with it", async () => {
		const data = asStored({ accessKey: 'ak-old', secretKey: 'sk-old-secret', baseUrl: BASE });
		expect(data).toMatchObject({
			authentication: 'apiKey',
			accessKey: 'ak-old',
			secretKey: 'sk-old-secret',
		});
		expect(data.apiKey).toBeUndefined();
		expect(klingAuthMode(data)).toBe('accessKeys');
		const display = (name: string) =>
			kling.properties
				.filter((property) => property.name === name)
				.some((property) => NodeHelpers.displayParameter(data as never, property, null, null));
		// The editor shows the notice instead of an empty API Key field.
		expect(display('savedPairNotice')).toBe(true);
		expect(display('apiKey')).toBe(false);
	});

	it('the Test reads the current task query with an API key, the legacy one with a pair', () => {
		const url = String(kling.test!.request.url);
		expect(url).toMatch(/^=\{\{/);
		const resolve = (credentials: ICredentialDataDecryptedObject) =>
			// The same expression n8n resolves, evaluated on plain data.
			new Function('$credentials', `return ${url.slice(3, -2)};`)(credentials) as string;
		expect(resolve({ authentication: 'apiKey', apiKey: 'k' })).toBe(
			'/tasks?task_ids=credential-test',
		);
		expect(resolve({ authentication: 'accessKeys', accessKey: 'a', secretKey: 's' })).toBe(
			'/v1/videos/text2video/credential-test',
		);
		expect(resolve({ authentication: 'apiKey', accessKey: 'a', secretKey: 's' })).toBe(
			'/v1/videos/text2video/credential-test',
		);
	});
});
